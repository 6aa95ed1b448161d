"""Where the network should improve: the programme team's report on the companies' submitted
self-assessments beside the topics the clubs already treated, and a theme turned into a draft
workshop of a club (through the core's workshop drafter, which the clubs app sets)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.tenants import registry
from rse_platform.tenants.permissions import permission_required

from .. import selectors
from ..forms.report import WorkshopForm

MANAGE = "directory.manage"


def _report_page(request, *, posted=None, status=200):
    """The report; ``posted`` (a bound ``WorkshopForm``) takes the place of its theme's form."""
    report = selectors.improvement_report(tenant=request.tenant, viewer=request)
    drafter = registry.workshop_drafter()
    clubs = drafter.clubs(tenant=request.tenant) if drafter else []
    themes = []
    for index, gap in enumerate(report.themes if report else ()):
        form = None
        if drafter is not None:
            if posted is not None and posted.data.get("theme") == gap.area.theme:
                form, posted = posted, None
                form.auto_id = f"id_w{index}_%s"
            else:
                form = WorkshopForm.for_theme(gap.area.theme, clubs=clubs, index=index)
        themes.append({"gap": gap, "form": form})
    return render(
        request,
        "directory/report/improvement_report.html",
        {
            "report": report,
            "themes": themes,
            "may_draft": drafter is not None,
            "unplaced": posted,  # a form sent for a theme the report no longer lists
        },
        status=status,
    )


@permission_required(MANAGE)
def improvement_report(request, tenant_slug):
    """The themes and criteria where the companies' latest submitted self-assessments leave the
    most room to improve (weighted by how many companies), each theme beside the club events
    that treated it, with a form to draft a workshop on it."""
    return _report_page(request)


@require_POST
@permission_required(MANAGE)
def workshop_draft(request, tenant_slug):
    """A theme of the report becomes a draft workshop of a club: the programme team then sets
    its date and place and publishes it."""
    drafter = registry.workshop_drafter()
    if drafter is None:
        raise Http404
    clubs = drafter.clubs(tenant=request.tenant)
    form = WorkshopForm(request.POST, clubs=clubs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            event = drafter.draft(
                tenant=request.tenant,
                club_id=data["club"],
                theme=data["theme"],
                title=data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The workshop is drafted: set its date and place, then publish it."),
            )
            return redirect(event.get_absolute_url())
    return _report_page(request, posted=form, status=400)
