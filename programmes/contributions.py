from django.utils.translation import gettext_lazy as _

from companies import selectors as company_selectors
from companies.models import Company
from rse_platform.files import documents
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import ALL_ROLES, Role
from rse_platform.tenants.shortcuts import tenant_reverse

from . import reports, selectors, timeline
from .forms import EnrolmentForm
from .models import Enrolment

permissions.register("programmes.view", roles={Role.MANAGER})
permissions.register("programmes.manage", roles={Role.MANAGER})
permissions.register("charter.view", roles=ALL_ROLES)
permissions.register("charter.manage", roles={Role.MANAGER})
permissions.register("charter.sign", roles={Role.MEMBER})

documents.register(
    reports.FUNDER_REPORT,
    render=reports.render_funder_report,
    permission="programmes.view",
    label=_("Funder report"),
)

for item in [
    registry.NavItem("dashboard", _("Dashboard"), "dashboard", "programmes.view", order=5),
    registry.NavItem(
        "programmes", _("Programmes"), "programme_list", "programmes.manage", order=15
    ),
    registry.NavItem("charter", _("Charter"), "charter", "charter.view", order=80),
]:
    registry.add_nav(item)


def _my_company_panel(request):
    """A company person's companies; an excluded company says so, with the reason. (The charter
    to sign is a to-do: ``_charter_todo``.)"""
    tenant, user = request.tenant, request.user
    companies = list(company_selectors.companies_of_person(tenant=tenant, user=user))
    exclusions = company_selectors.active_exclusions(companies=companies)
    return {"companies": [(company, exclusions.get(company.pk)) for company in companies]}


def _charter_todo(request):
    """The current charter, for each company the person signs for that has not signed it."""
    version, companies = selectors.charter_to_sign(tenant=request.tenant, user=request.user)
    url = tenant_reverse(request, "charter")
    return [
        registry.TodoItem(
            label=_("Version %(number)s of the charter awaits your signature.")
            % {"number": version.number},
            detail=company.name,
            url=url,
            due=version.published_at,
            due_label=_("published"),
        )
        for company in companies
    ]


def _dashboard_panel(request):
    programme = selectors.programmes(tenant=request.tenant).first()
    if programme is None:
        return {"figures": None, "registered": Company.objects.count()}
    return {"figures": selectors.dashboard_summary(programme=programme)}


registry.add_home_panel(
    registry.HomePanel(
        "dashboard",
        "programmes/panels/dashboard.html",
        "programmes.view",
        _dashboard_panel,
        order=5,
        shared=True,
    )
)
registry.add_home_panel(
    registry.HomePanel(
        "my_company",
        "programmes/panels/my_company.html",
        "companies.own",
        _my_company_panel,
        order=10,
    )
)
registry.add_todo("charter", _charter_todo, permission="charter.sign")
registry.add_timeline_source("programmes", timeline.company_entries)


def _filter_by_status(companies, status):
    return companies.filter(enrolments__status=status).distinct()


registry.add_company_filter(
    registry.CompanyFilter(
        key="status",
        label=_("Programme status"),
        choices=lambda: Enrolment.Status.choices,
        apply=_filter_by_status,
    )
)


def _enrolments_section(request, company):
    """Each enrolment with a form preset to its current status (saving it unchanged changes
    nothing), and a form to enrol in the programmes the company is not in yet."""
    enrolments = list(selectors.company_enrolments(company=company))
    context = {"company": company, "enrolments": enrolments}
    if permissions.can(request, "companies.manage"):
        programmes = selectors.programmes(tenant=request.tenant)
        refused = getattr(request, "enrolment_form", None)  # views.company_enrol
        refused_programme = refused.data.get("programme") if refused is not None else None

        def form_for(enrolment):
            if refused is not None and refused_programme == str(enrolment.programme_id):
                return refused
            return EnrolmentForm(
                programmes=programmes,
                initial={"programme": enrolment.programme_id, "status": enrolment.status},
                fixed_programme=True,
            )

        context["rows"] = [(enrolment, form_for(enrolment)) for enrolment in enrolments]
        taken = {str(e.programme_id) for e in enrolments}
        others = programmes.exclude(pk__in=[e.programme_id for e in enrolments])
        if refused is not None and refused_programme not in taken:
            context["enrolment_form"] = refused
        elif others.exists():
            context["enrolment_form"] = EnrolmentForm(programmes=others)
    return context


registry.add_company_section(
    registry.CompanySection(
        key="enrolments",
        template="programmes/sections/enrolments.html",
        permission="companies.view",
        context=_enrolments_section,
        order=10,
    )
)

for code, message in {
    "enrolment.status": _("%(actor)s set %(company)s to “%(status)s” in %(programme)s"),
    "charter.published": _("%(actor)s published version %(number)s of the charter"),
    "charter.signed": _("%(actor)s signed the charter (version %(number)s) for %(company)s"),
    "programme.saved": _("%(actor)s saved the programme %(programme)s"),
}.items():
    audit.register_action(code, message)


def _enrolment_targets(tenant):
    return [
        (f"{programme.pk}-{status}", f"{programme.name} — {label}")
        for programme in selectors.programmes(tenant=tenant)
        for status, label in Enrolment.Status.choices
    ]


def _enrol(*, company, value, actor):
    from . import services

    programme_pk, status = value.split("-", 1)
    programme = selectors.programmes(tenant=company.tenant).get(pk=programme_pk)
    services.set_enrolment(programme=programme, company=company, status=status, actor=actor)


registry.add_company_bulk_action(
    registry.CompanyBulkAction(
        key="enrol",
        label=_("Set the programme status"),
        permission="companies.manage",
        target_label=_("Status"),
        choices=_enrolment_targets,
        apply=_enrol,
        order=10,
    )
)


_STATUS_BADGES = {
    Enrolment.Status.ENGAGED: "text-bg-success",
    Enrolment.Status.PROSPECT: "text-bg-light border",
    Enrolment.Status.ALUMNI: "text-bg-secondary",
}


def _programme_status_badge(company):
    status = getattr(company, "programme_status", None)
    if not status:
        return None
    return Enrolment.Status(status).label, _STATUS_BADGES[status]


registry.add_company_badge(
    registry.CompanyBadge(
        key="programme_status",
        annotate=lambda companies: companies.annotate(
            programme_status=selectors.company_status_subquery()
        ),
        badge=_programme_status_badge,
        order=10,
    )
)


# --- What a label may require: the company signed the current charter ---------------------------
registry.add_eligibility_condition(
    registry.EligibilityCondition(
        key="charter_signed",
        label=_("Signed the current version of the charter"),
        companies=lambda *, tenant, company_ids: selectors.signatures_of(
            companies=company_ids, version=selectors.current_charter(tenant=tenant)
        ),
    )
)
