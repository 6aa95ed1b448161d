from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role

from . import selectors

permissions.register("companies.list", roles={Role.MANAGER, Role.CONSULTANT})
permissions.register("companies.view_all", roles={Role.MANAGER})
# A consultant sees the companies assigned to them; company people see their own company.
permissions.register(
    "companies.view", roles={Role.MANAGER}, object_permission="programmes.view_company"
)
permissions.register(
    "companies.follow", roles={Role.MANAGER}, object_permission="programmes.follow_company"
)
permissions.register("companies.own", roles={Role.MEMBER})

registry.add_nav(
    registry.NavItem(
        key="companies",
        label=_("Companies"),
        url_name="company_list",
        permission="companies.list",
        order=10,
    )
)


def _companies_panel(request):
    companies = selectors.visible_companies(
        tenant=request.tenant,
        user=request.user,
        see_all=permissions.can(request, "companies.view_all"),
    )
    return {"summary": selectors.register_summary(companies=companies)}


def _my_company_panel(request):
    return {
        "companies": list(selectors.companies_of_person(tenant=request.tenant, user=request.user))
    }


registry.add_home_panel(
    registry.HomePanel(
        key="companies",
        template="programmes/panels/companies.html",
        permission="companies.list",
        context=_companies_panel,
        order=10,
    )
)
registry.add_home_panel(
    registry.HomePanel(
        key="my_company",
        template="programmes/panels/my_company.html",
        permission="companies.own",
        context=_my_company_panel,
        order=10,
    )
)

audit.register_action("company.created", _("%(actor)s registered the company %(company)s"))
audit.register_action(
    "company.consultant_assigned", _("%(actor)s assigned %(email)s to follow %(company)s")
)
audit.register_action(
    "company.person_linked", _("%(actor)s linked %(email)s to the company %(company)s")
)
