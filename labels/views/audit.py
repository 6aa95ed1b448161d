"""The auditor's pages: the applications assigned to them here, and the audit of one.

An auditor reaches an application only through the grant ``assign_auditor`` gave them
(``labels.audit``); the application page itself is ``company.application_detail``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.tables import Column, Natural, Table, head_and_count

from .. import services
from ..forms.audit import AuditForm
from ..models import Application, ScoredPart

PANEL_LIMIT = 5  # audits listed on the auditor's home panel
TODO_LIMIT = 3  # audits listed as to-dos; a last item links to all of them


def assigned_audits(request):
    """The applications this person audits in this organisation."""
    return permissions.visible(request, "labels.audit", Application.objects.all()).filter(
        auditor=request.user
    )


def waiting_audits(request, *, limit):
    """``(count, first ones)``: the applications at the audit stage whose audit this person has
    not recorded yet, the earliest jury first, in one query."""
    waiting = (
        assigned_audits(request)
        .filter(status=Application.Status.AUDIT, audit_report__isnull=True)
        .select_related("wave__label", "company")
        .order_by(F("wave__jury_on").asc(nulls_last=True), "company__name", "pk")
    )
    return head_and_count(waiting, limit)


def home_panel(request):
    """The auditor's home panel: the audits waiting for them here."""
    count, waiting = waiting_audits(request, limit=PANEL_LIMIT)
    return {"waiting": waiting, "count": count}


def todo_items(request):
    """One to-do per audit waiting, before the wave's jury day."""
    count, waiting = waiting_audits(request, limit=TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=_("Audit %(company)s") % {"company": application.company.name},
            detail=application.wave.label.name,
            url=_url(request, "audit_record", pk=application.pk),
            urgency=registry.Urgency.SOON,
            due=application.wave.jury_on,
            due_label=_("jury") if application.wave.jury_on else "",
        )
        for application in waiting
    ]
    return items + registry.see_all(
        count=count,
        shown=len(waiting),
        url=_url(request, "audit_list"),
        message=ngettext_lazy(
            "%(count)s audit waiting in all", "%(count)s audits waiting in all", "count"
        ),
    )


@permission_required("labels.audit")
def audit_list(request, tenant_slug):
    status = request.GET.get("status", "")
    applications = assigned_audits(request).select_related("wave__label", "company", "audit_report")
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    else:
        status = ""
    table = Table(
        request=request,
        queryset=applications.annotate(audited_at=F("audit_report__recorded_at")),
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("label", _("Label"), (Natural("wave__label__name"),)),
            Column("wave", _("Wave"), (Natural("wave__name"),)),
            Column("status", _("Status"), ("status",)),
            Column("audited", _("Audit recorded"), ("audited_at",)),
        ],
        default="company",
        label=_("audits"),
        target="audit-table",
    )
    context = {"table": table, "status": status, "statuses": Application.Status.choices}
    if table.is_swap():
        return render(request, "labels/audit/partials/audit_table.html", context)
    return render(request, "labels/audit/audit_list.html", context)


@permission_required("labels.audit")
def audit_record(request, tenant_slug, pk):
    """The assigned auditor records the score (0 to the audit part's maximum) and the report,
    once, while the application is at the audit stage; otherwise the page says where it is."""
    application = get_visible_or_404(
        request,
        "labels.audit",
        assigned_audits(request).select_related("wave__label", "company", "audit_report"),
        pk=pk,
    )
    part = ScoredPart.objects.filter(
        label_id=application.wave.label_id, source=ScoredPart.Source.AUDIT
    ).first()
    report = getattr(application, "audit_report", None)
    open_ = part is not None and report is None and application.status == Application.Status.AUDIT
    form = AuditForm(request.POST or None, maximum=part.maximum) if open_ else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.record_audit(
                application=application,
                auditor=request.user,
                score=form.cleaned_data["score"],
                report=form.cleaned_data["report"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The audit is recorded."))
            return redirect(_url(request, "application_detail", pk=application.pk))
    return render(
        request,
        "labels/audit/audit_record.html",
        {"application": application, "part": part, "report": report, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
