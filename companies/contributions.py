"""What the company register contributes to the core: permissions, navigation, panels, audit."""

from django.utils.translation import gettext_lazy as _

from rse_platform.files import documents
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role

from . import exports, selectors, timeline
from .selectors import led_companies, own_companies

# The register page: managers see every company, consultants the companies they follow.
permissions.register("companies.list", roles={Role.MANAGER, Role.CONSULTANT})
permissions.register(
    "companies.view",
    roles={Role.MANAGER},
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
    rows=own_companies,
    row_roles={Role.MEMBER},
)
permissions.register(
    "companies.follow",
    roles=set(),
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
)
permissions.register("companies.manage", roles={Role.MANAGER})

# The register workbook is about the membership of the manager who asks for it.
documents.register(
    exports.REGISTER_XLSX,
    render=exports.render_register_xlsx,
    permission="companies.manage",
    label=exports.REGISTER_XLSX_LABEL,
)
permissions.register("companies.exclude", roles={Role.MANAGER})
permissions.register("companies.own", roles=set(), rows=own_companies, row_roles={Role.MEMBER})
# A company's leader updates its figures and contacts; managers edit everything (companies.manage).
permissions.register("companies.edit_own", roles=set(), rows=led_companies, row_roles={Role.MEMBER})

registry.add_nav(
    registry.NavItem("companies", _("Companies"), "company_list", "companies.list", order=10)
)
registry.add_nav(
    registry.NavItem("my_company", _("My company"), "my_company", "companies.own", order=11)
)


def _companies_panel(request):
    return {"summary": selectors.register_summary(companies=selectors.visible_companies(request))}


registry.add_home_panel(
    registry.HomePanel(
        "companies",
        "companies/panels/companies.html",
        "companies.list",
        _companies_panel,
        order=10,
        unless="programmes.view",  # the programme's panel counts the register too
    )
)
registry.add_timeline_source("companies", timeline.company_entries)

for code, message in {
    "company.created": _("%(actor)s registered the company %(company)s"),
    "company.updated": _("%(actor)s updated the company %(company)s"),
    "company.imported": _("%(actor)s imported %(count)s companies"),
    "company.consultant_assigned": _("%(actor)s assigned %(email)s to follow %(company)s"),
    "company.consultant_unassigned": _("%(actor)s ended the follow-up of %(company)s by %(email)s"),
    "company.person_linked": _("%(actor)s linked %(email)s to the company %(company)s"),
    "company.excluded": _("%(actor)s excluded %(company)s for breaking the charter"),
    "company.exclusion_lifted": _("%(actor)s lifted the exclusion of %(company)s"),
}.items():
    audit.register_action(code, message)
