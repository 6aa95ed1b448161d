"""What action plans and missions plug into the platform core: permissions, navigation, the
target of "add to the action plan", the journey timeline, the funder report, what ends with a
role. Each area below keeps its own block."""

from datetime import timedelta

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from companies.selectors import own_companies
from rse_platform.files import documents
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role
from rse_platform.tenants.shortcuts import tenant_reverse
from rse_platform.web.tables import head_and_count

from . import digest, reports, selectors, services
from .models import Action, Meeting, Mission, Plan, Review

# --- Permissions --------------------------------------------------------------------------------
# Plans and missions are seen by whoever may open the company (managers every company,
# consultants the companies they follow, members their own). Members and the consultants who
# follow the company edit the plan; reviews are the consultants' and the managers'; missions are
# set up by the programme team and their meetings recorded by the consultants who follow.
permissions.register("plans.view", roles={Role.MANAGER}, through=("company", "companies.view"))
permissions.register(
    "plans.edit",
    roles={Role.MANAGER},
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
    rows=own_companies,
    row_roles={Role.MEMBER},
)
permissions.register(
    "plans.review",
    roles={Role.MANAGER},
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
)
permissions.register("plans.manage", roles={Role.MANAGER})
permissions.register("missions.view", roles={Role.MANAGER}, through=("company", "companies.view"))
permissions.register(
    "missions.meet",
    roles={Role.MANAGER},
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
)
permissions.register("missions.manage", roles={Role.MANAGER})

# --- Audit trail --------------------------------------------------------------------------------
for code, message in {
    "action_plan.created": _("%(actor)s created the action plan “%(plan)s” of %(company)s"),
    "action_plan.updated": _("%(actor)s updated the action plan “%(plan)s” of %(company)s"),
    "action_plan.started": _("%(actor)s started the action plan “%(plan)s” of %(company)s"),
    "action_plan.reviewed": _("%(actor)s reviewed the action plan “%(plan)s” of %(company)s"),
    "action_plan.closed": _(
        "%(actor)s wrote the final review of the action plan “%(plan)s” of %(company)s"
    ),
    "action_plan.action_created": _("%(actor)s added the action “%(title)s” for %(company)s"),
    "action_plan.action_updated": _("%(actor)s updated the action “%(title)s” of %(company)s"),
    "action_plan.action_moved": _(
        "%(actor)s moved the action “%(title)s” of %(company)s to “%(status)s”"
    ),
    "action_plan.measured": _("%(actor)s recorded %(value)s for “%(indicator)s” of %(company)s"),
    "mission.started": _(
        "%(actor)s started a mission of %(days)s days for %(email)s with %(company)s"
    ),
    "mission.ended": _("%(actor)s ended the mission of %(email)s with %(company)s"),
    "mission.meeting": _("%(actor)s recorded a meeting of %(days)s days with %(company)s"),
}.items():
    audit.register_action(code, message)

# --- Between self-assessments and plans ---------------------------------------------------------
registry.set_action_target(services.action_from_criterion)
registry.set_plan_builder(services.draft_plan_from_weakest_themes)

# --- A role that ends ---------------------------------------------------------------------------
registry.add_role_end_handler("action_plans", services.end_missions_of)


# --- The company's journey ----------------------------------------------------------------------
def _timeline(*, company):
    """Plans created, started and closed, reviews and meetings, in three queries."""
    entries = []
    for plan in Plan.objects.filter(company=company).order_by("created_at"):
        url = reverse("plan_detail", kwargs={"tenant_slug": company.tenant.slug, "pk": plan.pk})
        entries.append(
            registry.TimelineEntry(
                when=plan.created_at,
                kind="action_plan",
                title=gettext("Action plan created: %(plan)s") % {"plan": plan.title},
                detail=plan.source_label,
                url=url,
            )
        )
        if plan.activated_at:
            entries.append(
                registry.TimelineEntry(
                    when=plan.activated_at,
                    kind="action_plan",
                    title=gettext("Action plan started: %(plan)s") % {"plan": plan.title},
                    url=url,
                )
            )
    for review in Review.objects.filter(plan__company=company).select_related("plan"):
        entries.append(
            registry.TimelineEntry(
                when=review.held_on,
                kind="action_plan",
                title=(
                    gettext("Final review of %(plan)s")
                    if review.kind == Review.Kind.FINAL
                    else gettext("Milestone review of %(plan)s")
                )
                % {"plan": review.plan.title},
                detail=review.get_outcome_display(),
                url=reverse(
                    "plan_detail",
                    kwargs={"tenant_slug": company.tenant.slug, "pk": review.plan_id},
                ),
            )
        )
    for meeting in Meeting.objects.filter(mission__company=company).select_related(
        "mission__consultant"
    ):
        consultant = meeting.mission.consultant
        entries.append(
            registry.TimelineEntry(
                when=meeting.held_on,
                kind="mission",
                title=gettext("Follow-up meeting with %(consultant)s")
                % {"consultant": consultant.get_full_name() or consultant.email},
                detail=gettext("%(days)s days") % {"days": floatformat(meeting.days, -1)},
            )
        )
    return entries


registry.add_timeline_source("action_plans", _timeline)


# --- The funder report --------------------------------------------------------------------------
def _activity(*, tenant, start, end):
    figures = selectors.activity_figures(
        # ``end`` is the first moment after the period: its day is not part of it.
        tenant=tenant,
        start=timezone.localdate(start),
        end=timezone.localdate(end - timedelta(microseconds=1)),
    )
    return [
        registry.ActivityFigure(
            "companies_supported",
            _("Companies supported by a consultant"),
            figures["supported_companies"],
            detail=_("a mission ran during the period"),
            order=60,
        ),
        registry.ActivityFigure(
            "consultant_days",
            _("Consultant days"),
            figures["days_spent"],
            detail=_("spent in follow-up meetings"),
            order=61,
        ),
        registry.ActivityFigure(
            "actions_done",
            _("Actions completed"),
            figures["actions_done"],
            detail=_("in the companies' action plans"),
            order=62,
        ),
        registry.ActivityFigure(
            "plans_closed",
            _("Action plans closed"),
            figures["plans_closed"],
            detail=_("%(positive)s with objectives reached")
            % {"positive": figures["plans_closed_positive"]},
            order=63,
        ),
    ]


registry.add_activity_source("action_plans", _activity)

# --- Plans and actions (pages, to-dos, panels) --------------------------------------------------
registry.add_nav(
    registry.NavItem(
        key="action_plans",
        label=_("Action plans"),
        url_name="plan_list",
        permission="plans.view",
        order=30,
    )
)
for code, message in {
    "action_plan.settings": _("%(actor)s limited action plans to %(limit)s priority themes"),
    "action_plan.type_added": _("%(actor)s added the type of action “%(name)s”"),
    "action_plan.type_renamed": _(
        "%(actor)s renamed the type of action “%(previous)s” to “%(name)s”"
    ),
    "action_plan.type_archived": _("%(actor)s archived the type of action “%(name)s”"),
    "action_plan.type_restored": _("%(actor)s offered the type of action “%(name)s” again"),
}.items():
    audit.register_action(code, message)

NEXT_DEADLINES = 3


def _plan_section(request, company):
    """The company page's block: its current plan and its progress, or how one starts."""
    plan = (
        selectors.plans_with_progress(
            Plan.objects.filter(company=company, status__in=[Plan.Status.DRAFT, Plan.Status.ACTIVE])
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if plan is not None:
        plan.progress = selectors.progress_percent(plan)
    return {
        "company": company,
        "plan": plan,
        "closed": Plan.objects.filter(company=company, status=Plan.Status.CLOSED).count(),
        "may_start": permissions.can(request, "plans.edit", company),
    }


registry.add_company_section(
    registry.CompanySection(
        key="action_plans",
        template="action_plans/plans/sections/company.html",
        # plans.view goes through the company (companies.view): the same people.
        permission="companies.view",
        context=_plan_section,
        order=32,
    )
)


def _member_panel(request):
    """The panel "Your action plan" of a company member's home: progress and the next
    deadlines of their companies' current plans, in three queries."""
    companies = permissions.visible(request, "companies.own", Company.objects.all())
    plans = list(
        selectors.plans_with_progress(
            Plan.objects.filter(
                company__in=companies.values("pk"),
                status__in=[Plan.Status.DRAFT, Plan.Status.ACTIVE],
            ).select_related("company")
        ).order_by("company__name", "-created_at")
    )
    for plan in plans:
        plan.progress = selectors.progress_percent(plan)
    deadlines = list(
        Action.objects.filter(
            plan__in=[plan.pk for plan in plans],
            status__in=Action.OPEN,
            due_on__isnull=False,
        )
        .select_related("owner__user")
        .order_by("due_on", "pk")[:NEXT_DEADLINES]
    )
    company = None if plans else companies.order_by("name", "pk").first()
    return {
        "plans": plans,
        "deadlines": deadlines,
        "company": company,
        "today": timezone.localdate(),
    }


registry.add_home_panel(
    registry.HomePanel(
        key="member_action_plan",
        template="action_plans/plans/panels/member.html",
        permission="companies.own",
        context=_member_panel,
        order=22,
    )
)


# --- Missions and meetings (pages, to-dos, panels) ----------------------------------------------
registry.add_nav(
    registry.NavItem("missions", _("Missions"), "mission_list", "missions.view", order=32)
)

MISSION_TODO_LIMIT = 3  # rows per kind of to-do; a last item links to all of them
MISSION_PANEL_LIMIT = 5  # rows per block of the consultant's home panel


def _consultant_panel(request):
    """The consultant's four blocks for this organisation (``my_missions`` has them all)."""
    return {
        "tenant": request.tenant,
        "work": selectors.consultant_work(request, limit=MISSION_PANEL_LIMIT),
    }


registry.add_home_panel(
    registry.HomePanel(
        key="consultant_missions",
        template="action_plans/missions/panels/consultant.html",
        permission="missions.meet",
        context=_consultant_panel,
        order=5,
        unless="missions.manage",  # a manager meets too, but follows the missions from the list
    )
)


def _my_missions_url():
    return reverse("my_missions")


def _overdue_actions_todo(request):
    """Open actions past their deadline in the plans of the companies the consultant follows."""
    plans = permissions.visible(request, "plans.view", Plan.objects.all())
    count, actions = head_and_count(selectors.overdue_actions(plans=plans), MISSION_TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Overdue action: %(action)s") % {"action": action.title},
            detail=action.plan.company.name,
            url=reverse(
                "plan_detail", kwargs={"tenant_slug": request.tenant.slug, "pk": action.plan_id}
            ),
            urgency=registry.Urgency.NOW,
            due=action.due_on,
            due_label=gettext("deadline"),
        )
        for action in actions
    ]
    return items + registry.see_all(
        count=count,
        shown=len(actions),
        url=_my_missions_url(),
        message=ngettext_lazy(
            "%(count)s overdue action in all", "%(count)s overdue actions in all", "count"
        ),
    )


def _not_met_todo(request):
    """The consultant's running missions whose company was not met for 90 days."""
    missions = permissions.visible(request, "missions.view", Mission.objects.all()).filter(
        consultant=request.user
    )
    count, rows = head_and_count(selectors.missions_not_met(missions=missions), MISSION_TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Meet %(company)s") % {"company": mission.company.name},
            detail=(
                gettext("Not met for more than 90 days")
                if mission.last_met_on
                else gettext("Never met since the mission started")
            ),
            url=reverse(
                "meeting_create", kwargs={"tenant_slug": request.tenant.slug, "pk": mission.pk}
            ),
            urgency=registry.Urgency.SOON,
            due=mission.last_met_on or mission.starts_on,
            due_label=gettext("last met") if mission.last_met_on else gettext("started"),
        )
        for mission in rows
    ]
    return items + registry.see_all(
        count=count,
        shown=len(rows),
        url=_my_missions_url(),
        message=ngettext_lazy(
            "%(count)s company not met for 90 days",
            "%(count)s companies not met for 90 days",
            "count",
        ),
    )


def _over_budget_todo(request):
    """For the programme team: running missions whose meetings went past the allocated days."""
    missions = permissions.visible(request, "missions.manage", Mission.objects.all())
    count, rows = head_and_count(
        selectors.missions_over_budget(missions=missions), MISSION_TODO_LIMIT
    )
    items = [
        registry.TodoItem(
            label=gettext("Mission over budget: %(company)s") % {"company": mission.company.name},
            detail=gettext("%(spent)s days spent of %(allocated)s · %(consultant)s")
            % {
                "spent": floatformat(mission.days_spent, -1),
                "allocated": floatformat(mission.allocated_days, -1),
                "consultant": mission.consultant.display_name,
            },
            url=reverse(
                "mission_detail", kwargs={"tenant_slug": request.tenant.slug, "pk": mission.pk}
            ),
            urgency=registry.Urgency.SOON,
            due=mission.last_met_on,
            due_label=gettext("last met") if mission.last_met_on else "",
        )
        for mission in rows
    ]
    return items + registry.see_all(
        count=count,
        shown=len(rows),
        url=reverse("mission_list", kwargs={"tenant_slug": request.tenant.slug})
        + "?status=active&sort=left",
        message=ngettext_lazy(
            "%(count)s mission over budget", "%(count)s missions over budget", "count"
        ),
    )


# The consultant's to-dos go to whoever follows companies (the consultant role only).
registry.add_todo("mission_overdue_actions", _overdue_actions_todo, permission="companies.follow")
registry.add_todo("mission_not_met", _not_met_todo, permission="companies.follow")
registry.add_todo("mission_over_budget", _over_budget_todo, permission="missions.manage")


def _missions_section(request, company):
    """The company's running missions with their days left and budget; for managers, the way
    to assign a consultant. Hidden from others when no mission runs."""
    missions = selectors.with_budgets(
        selectors.missions_with_figures(
            Mission.objects.filter(company=company, status=Mission.Status.ACTIVE)
        ).order_by("starts_on", "pk")
    )
    may_assign = permissions.can(request, "missions.manage")
    if not missions and not may_assign:
        return None
    return {"company": company, "missions": missions, "may_assign": may_assign}


registry.add_company_section(
    registry.CompanySection(
        key="missions",
        template="action_plans/missions/sections/company.html",
        # missions.view goes through the company (companies.view): the same people.
        permission="companies.view",
        context=_missions_section,
        order=35,
    )
)


# --- The programme's overview, export, digest and review report ---------------------------------


# The funders' workbook is about the membership of the manager who asks for it; a review's PDF
# is seen by whoever may open the review's plan (the company's visibility, through the plan).
permissions.register("reviews.view", roles={Role.MANAGER}, through=("plan", "plans.view"))
documents.register(
    services.REVIEW_REPORT,
    render=reports.render_review_report,
    permission="reviews.view",
    label=reports.REVIEW_REPORT_LABEL,
)
documents.register(
    reports.SUPPORT_XLSX,
    render=reports.render_support_xlsx,
    permission="plans.manage",
    label=reports.SUPPORT_XLSX_LABEL,
)
registry.add_nav(
    registry.NavItem("support", _("Support"), "support_overview", "plans.manage", order=32)
)
registry.add_reminder("action_plans_digest", digest.send_weekly_digest)


def _overdue_todo(request):
    """The programme team's line to the overview: actions overdue in the running plans."""
    overdue = selectors.overdue_summary(tenant=request.tenant)
    if not overdue["actions"]:
        return []
    return [
        registry.TodoItem(
            label=ngettext(
                "%(count)s action is overdue in the companies' action plans.",
                "%(count)s actions are overdue in the companies' action plans.",
                overdue["actions"],
            )
            % {"count": overdue["actions"]},
            detail=ngettext("%(count)s company", "%(count)s companies", overdue["companies"])
            % {"count": overdue["companies"]},
            url=tenant_reverse(request, "support_overview") + "?sort=-overdue",
            urgency=registry.Urgency.NOW,
            due=overdue["oldest"],
            due_label=gettext("oldest deadline"),
        )
    ]


registry.add_todo("action_plans_overdue", _overdue_todo, permission="plans.manage", order=60)


# --- What a label may require: a closed plan with a positive final review -----------------------
registry.add_eligibility_condition(
    registry.EligibilityCondition(
        key="positive_final_review",
        label=_("Closed an action plan with a positive final review"),
        companies=lambda *, tenant, company_ids: selectors.companies_with_positive_final_review(
            company_ids=company_ids
        ),
    )
)


# --- A mission from the directory's support request ---------------------------------------------
# The programme team turns a company's support request into a mission: the page that opens one.
registry.set_mission_starter(
    lambda *, request, company: tenant_reverse(request, "mission_create", company_pk=company.pk)
)
