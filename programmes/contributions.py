from django.utils.translation import gettext_lazy as _

from companies import selectors as company_selectors
from rse_platform.files import documents
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import ALL_ROLES, Role

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
    """A company person's companies; an excluded company says so, with the reason."""
    tenant, user = request.tenant, request.user
    companies = list(company_selectors.companies_of_person(tenant=tenant, user=user))
    exclusions = company_selectors.active_exclusions(companies=companies)
    version = selectors.current_charter(tenant=tenant)
    signable = list(selectors.signing_companies(tenant=tenant, user=user)) if version else []
    signed = selectors.signatures_of(companies=signable, version=version) if version else set()
    return {
        "companies": [(company, exclusions.get(company.pk)) for company in companies],
        "charter": version,
        "to_sign": [
            company
            for company in signable
            if company.pk not in signed and company.pk not in exclusions
        ],
    }


def _dashboard_panel(request):
    programme = selectors.programmes(tenant=request.tenant).first()
    return {"figures": selectors.dashboard(programme=programme) if programme else None}


registry.add_home_panel(
    registry.HomePanel(
        "dashboard",
        "programmes/panels/dashboard.html",
        "programmes.view",
        _dashboard_panel,
        order=5,
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
    context = {"company": company, "enrolments": selectors.company_enrolments(company=company)}
    if permissions.can(request, "companies.manage"):
        # A refused enrolment comes back here with its errors (views.company_enrol).
        context["enrolment_form"] = getattr(request, "enrolment_form", None) or EnrolmentForm(
            programmes=selectors.programmes(tenant=request.tenant)
        )
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
