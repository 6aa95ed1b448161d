from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.selectors import own_companies
from rse_platform.files import documents
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role

from . import exports, notifications, reports, selectors

# Frameworks and campaigns are the programme team's. Diagnostics are seen by anyone who may open
# the company (managers all, consultants the companies they follow, members their own); filling
# and reviewing are checked on the diagnostic's company with the same split.
permissions.register("frameworks.manage", roles={Role.MANAGER})
permissions.register("campaigns.manage", roles={Role.MANAGER})
permissions.register(
    "diagnostics.view", roles={Role.MANAGER}, through=("company", "companies.view")
)
permissions.register(
    "diagnostics.fill",
    roles={Role.MANAGER},
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
    rows=own_companies,
    row_roles={Role.MEMBER},
)
permissions.register(
    "diagnostics.review",
    roles={Role.MANAGER},
    object_permission="companies.follow_company",
    object_roles={Role.CONSULTANT},
)

documents.register(
    reports.REPORT,
    render=reports.render_report,
    permission="diagnostics.view",
    label=reports.LABEL,
)
documents.register(
    exports.CAMPAIGN_EXPORT,
    render=exports.render_campaign_export,
    permission="campaigns.manage",
    label=exports.CAMPAIGN_EXPORT_LABEL,
)

registry.add_nav(
    registry.NavItem(
        key="diagnostics",
        label=_("Self-assessments"),
        url_name="diagnostic_list",
        permission="diagnostics.view",
        order=25,
    )
)
registry.add_nav(
    registry.NavItem(
        key="frameworks",
        label=_("Frameworks"),
        url_name="framework_list",
        permission="frameworks.manage",
        order=26,
    )
)
registry.add_nav(
    registry.NavItem(
        key="campaigns",
        label=_("Campaigns"),
        url_name="campaign_list",
        permission="campaigns.manage",
        order=27,
    )
)


def _diagnostics_panel(request):
    diagnostics = selectors.visible_diagnostics(request)
    return {"diagnostics": list(diagnostics[:5])}


registry.add_home_panel(
    registry.HomePanel(
        key="diagnostics",
        template="diagnostics/panels/diagnostics.html",
        permission="diagnostics.view",
        context=_diagnostics_panel,
        order=20,
    )
)


def _timeline(*, company):
    return [
        registry.TimelineEntry(
            when=diagnostic.submitted_at,
            kind="diagnostic",
            title=_("Self-assessment submitted: %(framework)s")
            % {"framework": diagnostic.version.framework.name},
            detail=(
                f"{floatformat(diagnostic.overall_percent, 1)} %"
                + (f" · {diagnostic.level}" if diagnostic.level else "")
            ),
            url=reverse(
                "diagnostic_results",
                kwargs={"tenant_slug": company.tenant.slug, "pk": diagnostic.pk},
            ),
        )
        for diagnostic in selectors.timeline(company=company)
    ]


registry.add_timeline_source("diagnostics", _timeline)
registry.add_reminder("diagnostic_campaigns", notifications.remind_campaign_respondents)

audit.register_action("framework.created", _("%(actor)s created the framework %(framework)s"))
audit.register_action("framework.imported", _("%(actor)s imported the framework %(framework)s"))
audit.register_action(
    "framework.published", _("%(actor)s published version %(version)s of %(framework)s")
)
audit.register_action(
    "framework.versioned", _("%(actor)s started version %(version)s of %(framework)s")
)
audit.register_action(
    "diagnostic.started", _("%(actor)s started a self-assessment of %(company)s (%(framework)s)")
)
audit.register_action(
    "diagnostic.submitted",
    _("%(actor)s submitted the self-assessment of %(company)s (%(framework)s): %(score)s %%"),
)
audit.register_action(
    "diagnostic.evidence_added",
    _("%(actor)s added evidence for “%(criterion)s” (%(company)s)"),
)
audit.register_action(
    "diagnostic.annotated", _("%(actor)s annotated “%(criterion)s” for %(company)s")
)
audit.register_action(
    "diagnostic.reviewed", _("%(actor)s reviewed the self-assessment of %(company)s")
)
audit.register_action(
    "diagnostic.action_created",
    _("%(actor)s added “%(criterion)s” to the action plan of %(company)s"),
)
audit.register_action(
    "campaign.created", _("%(actor)s sent the campaign %(campaign)s to %(count)s companies")
)
