from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import ALL_ROLES, Role

from . import selectors, timeline

permissions.register("companies.list", roles={Role.MANAGER, Role.CONSULTANT})
permissions.register("companies.view_all", roles={Role.MANAGER})
permissions.register("companies.manage", roles={Role.MANAGER})
# A consultant sees the companies assigned to them; company people see their own company.
permissions.register(
    "companies.view", roles={Role.MANAGER}, object_permission="programmes.view_company"
)
permissions.register(
    "companies.follow", roles={Role.MANAGER}, object_permission="programmes.follow_company"
)
permissions.register("companies.own", roles={Role.MEMBER})
permissions.register("programmes.view", roles={Role.MANAGER})
permissions.register("programmes.manage", roles={Role.MANAGER})
permissions.register("charter.view", roles=ALL_ROLES)
permissions.register("charter.manage", roles={Role.MANAGER})
permissions.register("charter.sign", roles={Role.MEMBER})

for item in [
    registry.NavItem("dashboard", _("Dashboard"), "dashboard", "programmes.view", order=5),
    registry.NavItem("companies", _("Companies"), "company_list", "companies.list", order=10),
    registry.NavItem(
        "programmes", _("Programmes"), "programme_list", "programmes.manage", order=15
    ),
    registry.NavItem("charter", _("Charter"), "charter", "charter.view", order=80),
]:
    registry.add_nav(item)


def _companies_panel(request):
    companies = selectors.visible_companies(
        tenant=request.tenant,
        user=request.user,
        see_all=permissions.can(request, "companies.view_all"),
    )
    return {"summary": selectors.register_summary(companies=companies)}


def _my_company_panel(request):
    tenant, user = request.tenant, request.user
    companies = list(selectors.companies_of_person(tenant=tenant, user=user))
    version = selectors.current_charter(tenant=tenant)
    signable = list(selectors.signing_companies(tenant=tenant, user=user)) if version else []
    signed = selectors.signatures_of(companies=signable, version=version) if version else set()
    return {
        "companies": companies,
        "charter": version,
        "to_sign": [company for company in signable if company.pk not in signed],
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
        "companies",
        "programmes/panels/companies.html",
        "companies.list",
        _companies_panel,
        order=10,
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

for code, message in {
    "company.created": _("%(actor)s registered the company %(company)s"),
    "company.updated": _("%(actor)s updated the company %(company)s"),
    "company.imported": _("%(actor)s imported %(count)s companies"),
    "company.consultant_assigned": _("%(actor)s assigned %(email)s to follow %(company)s"),
    "company.person_linked": _("%(actor)s linked %(email)s to the company %(company)s"),
    "company.excluded": _("%(actor)s excluded %(company)s for breaking the charter"),
    "company.exclusion_lifted": _("%(actor)s lifted the exclusion of %(company)s"),
    "enrolment.status": _("%(actor)s set %(company)s to “%(status)s” in %(programme)s"),
    "charter.published": _("%(actor)s published version %(number)s of the charter"),
    "charter.signed": _("%(actor)s signed the charter (version %(number)s) for %(company)s"),
    "programme.saved": _("%(actor)s saved the programme %(programme)s"),
}.items():
    audit.register_action(code, message)
