"""Consultant missions and their meetings: thin views over the services and selectors.

A manager assigns a consultant to a company within a mission (days, rate, funders' shares);
the consultant then follows the company until the mission ends. The consultant records the
meetings, whose days count against the allocation. ``my_missions`` is the consultant's page
across every organisation where they follow companies.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from companies import selectors as company_selectors
from companies.models import Company, Exclusion
from rse_platform.tenants import permissions
from rse_platform.tenants import selectors as tenant_selectors
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.roles import Role
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table

from .. import selectors, services
from ..forms.missions import EndMissionForm, FundingFormSet, MeetingForm, MissionForm
from ..models import Mission, Plan

MY_MISSIONS_LIMIT = 10  # rows of each block per organisation on the consultant's page


def _mission(request, pk):
    """A mission of a company the person may not open answers 404, like a missing one."""
    return get_visible_or_404(
        request,
        "missions.view",
        Mission.objects.select_related("company", "consultant", "plan"),
        pk=pk,
    )


def _consultants(request):
    """The people holding the consultant role in this organisation (who may be assigned)."""
    return (
        tenant_selectors.people_with_role(tenant=request.tenant, role=Role.CONSULTANT)
        .filter(is_active=True)
        .order_by("last_name", "first_name", "email")
    )


# --- Lists --------------------------------------------------------------------------------------


@permission_required("missions.view")
def mission_list(request, tenant_slug):
    """Managers see every mission; consultants those of the companies they follow; a company's
    people their own company's."""
    status = request.GET.get("status", "")
    missions = permissions.visible(request, "missions.view", Mission.objects.all())
    if status in Mission.Status.values:
        missions = missions.filter(status=status)
    else:
        status = ""
    table = Table(
        request=request,
        queryset=selectors.missions_with_figures(missions),
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column(
                "consultant",
                _("Consultant"),
                (Natural("consultant__last_name"), Natural("consultant__first_name")),
            ),
            Column("title", _("Mission"), (Natural("title"),)),
            Column("allocated", _("Allocated days"), ("allocated_days",), align="end"),
            Column("spent", _("Days spent"), ("days_spent",), align="end"),
            Column("left", _("Days left"), ("days_left",), align="end"),
            Column("last_met", _("Last meeting"), ("last_met_on",)),
            Column("status", _("Status"), ("status",)),
        ],
        default="company",
        label=_("missions"),
        target="mission-table",
    )
    table.page.object_list = selectors.with_budgets(table.rows)
    context = {"table": table, "status": status, "statuses": Mission.Status.choices}
    if table.is_swap():
        return render(request, "action_plans/missions/partials/mission_table.html", context)
    return render(request, "action_plans/missions/mission_list.html", context)


@permission_required("missions.manage")
def companies_unassigned(request, tenant_slug):
    """The companies no running mission follows, for the manager to assign a consultant. An
    excluded company cannot start a mission, so it is left out."""
    query = request.GET.get("query", "").replace("\x00", "").strip()
    excluded = Exclusion.objects.filter(company=OuterRef("pk"), lifted_at__isnull=True)
    companies = company_selectors.visible_companies(request).exclude(Exists(excluded))
    if query:
        companies = companies.filter(name__icontains=query)
    table = Table(
        request=request,
        queryset=selectors.companies_without_consultant(companies=companies),
        columns=[
            Column("name", _("Company"), (Natural("name"),)),
            Column("commune", _("Commune"), (Natural("commune"),)),
            Column("headcount", _("Headcount"), ("headcount",), align="end"),
        ],
        default="name",
        label=_("companies without a consultant"),
        target="unassigned-table",
    )
    context = {"table": table, "query": query}
    if table.is_swap():
        return render(request, "action_plans/missions/partials/unassigned_table.html", context)
    return render(request, "action_plans/missions/companies_unassigned.html", context)


# --- A mission ----------------------------------------------------------------------------------


@permission_required("missions.manage")
def mission_create(request, tenant_slug, company_pk):
    company = get_visible_or_404(request, "missions.manage", Company.objects.all(), pk=company_pk)
    plans = Plan.objects.filter(company=company).exclude(status=Plan.Status.CLOSED)
    current = selectors.current_plan(company=company)
    form = MissionForm(
        request.POST or None,
        consultants=_consultants(request),
        plans=plans,
        initial={
            "title": _("CSR support — %(company)s") % {"company": company.name},
            "plan": current.pk if current else None,
        },
    )
    fundings = FundingFormSet(request.POST or None, prefix="funding")
    if request.method == "POST" and all([form.is_valid(), fundings.is_valid()]):
        try:
            mission = services.start_mission(
                company=company, actor=request.user, fundings=fundings.fundings, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(consultant)s now follows %(company)s within this mission.")
                % {"consultant": mission.consultant.display_name, "company": company.name},
            )
            return redirect(_url(request, "mission_detail", pk=mission.pk))
    return render(
        request,
        "action_plans/missions/mission_form.html",
        {"form": form, "fundings": fundings, "company": company},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("missions.view")
def mission_detail(request, tenant_slug, pk):
    mission = _mission(request, pk)
    running = mission.status == Mission.Status.ACTIVE
    return render(
        request,
        "action_plans/missions/mission_detail.html",
        {
            "mission": mission,
            "budget": selectors.budget(mission=mission),
            "meetings": selectors.meetings_of(mission=mission),
            "may_meet": running and permissions.can(request, "missions.meet", mission.company),
            "end_form": (
                EndMissionForm()
                if running and permissions.can(request, "missions.manage")
                else None
            ),
        },
    )


@require_POST
@permission_required("missions.manage")
def mission_end(request, tenant_slug, pk):
    """Ends the mission once the manager ticked the confirmation; the consultant stops
    following the company unless another of their missions there still runs."""
    mission = get_visible_or_404(request, "missions.manage", Mission.objects.all(), pk=pk)
    form = EndMissionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            services.end_mission(mission=mission, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("The mission has ended."))
    return redirect(_url(request, "mission_detail", pk=mission.pk))


@permission_required("missions.meet")
def meeting_create(request, tenant_slug, pk):
    """A follow-up meeting. Going past the allocated days shows the form again with the
    service's message and a box to confirm; once confirmed the programme team is told."""
    mission = _mission(request, pk)
    permissions.check(request, "missions.meet", mission.company)
    if mission.status != Mission.Status.ACTIVE:
        messages.error(request, _("This mission has ended: no meeting can be added."))
        return redirect(_url(request, "mission_detail", pk=mission.pk))
    form = MeetingForm(request.POST or None)
    ask_confirmation = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirm = data.pop("confirm_over_budget")
        try:
            meeting = services.record_meeting(
                mission=mission, actor=request.user, confirm_over_budget=confirm, **data
            )
        except ValidationError as error:
            form.add_service_error(error)
            ask_confirmation = getattr(error, "code", None) == "over_budget"
        else:
            if meeting.over_budget:
                messages.warning(
                    request,
                    _(
                        "The meeting is recorded beyond the allocated days; the programme team "
                        "was told."
                    ),
                )
            else:
                messages.success(request, _("The meeting is recorded."))
            return redirect(_url(request, "mission_detail", pk=mission.pk))
    return render(
        request,
        "action_plans/missions/meeting_form.html",
        {
            "form": form,
            "mission": mission,
            "budget": selectors.budget(mission=mission),
            "ask_confirmation": ask_confirmation,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- The consultant's page across organisations -------------------------------------------------


def as_member_of(request, membership):
    """What the permission layer reads of a request (the person, their role and organisation),
    for one of the person's memberships: the consultant's page reads each organisation's rows
    as that organisation's pages would."""
    return SimpleNamespace(user=request.user, membership=membership, tenant=membership.tenant)


@login_required
def my_missions(request):
    """Per organisation where the person follows companies (the consultant role), what needs
    doing: overdue actions, deadlines in the next 30 days, companies not met for 90 days, days
    left per mission. Each organisation is read in its own scope. Someone who follows companies
    nowhere gets a page saying so (there is nothing to hide: it is about themselves)."""
    organisations = []
    for membership in tenant_selectors.memberships_of(user=request.user):
        member = as_member_of(request, membership)
        if not permissions.may_reach(member, "companies.follow"):
            continue
        with scope(tenant=membership.tenant):
            work = selectors.consultant_work(member, limit=MY_MISSIONS_LIMIT)
        organisations.append({"tenant": membership.tenant, "work": work})
    return render(
        request, "action_plans/missions/my_missions.html", {"organisations": organisations}
    )
