from django.db.models import F
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

from . import assessments, exports, grids, notifications, reports, selectors

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
audit.register_action("framework.published", _("%(actor)s published %(framework)s (v%(version)s)"))
audit.register_action(
    "framework.versioned", _("%(actor)s started a new version: %(framework)s (v%(version)s)")
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
audit.register_action(
    "campaign.company_added", _("%(actor)s added %(company)s to the campaign %(campaign)s")
)

# The funder report's activity: self-assessments submitted (programmes reads it).
registry.add_activity_source("diagnostics", selectors.activity_figures)


def _campaign_targets(tenant):
    return [
        (str(campaign.pk), campaign.title) for campaign in selectors.open_campaigns(tenant=tenant)
    ]


def _add_to_campaign(*, company, value, actor):
    from . import services

    campaign = selectors.open_campaigns(tenant=company.tenant).get(pk=value)
    services.invite_to_campaign(campaign=campaign, company=company, actor=actor)


registry.add_company_bulk_action(
    registry.CompanyBulkAction(
        key="campaign",
        label=_("Add to a campaign"),
        permission="campaigns.manage",
        target_label=_("Campaign"),
        choices=_campaign_targets,
        apply=_add_to_campaign,
        order=30,
    )
)


# --- Home to-dos -----------------------------------------------------------------------------

TODO_LIMIT = 3  # rows listed per kind of to-do; a last item links to all of them
SOON_DAYS = 7  # a campaign deadline within this many days is urgent


def _deadline_urgency(deadline):
    if deadline is None:
        return registry.Urgency.SOON
    if (deadline - timezone.localdate()).days <= SOON_DAYS:
        return registry.Urgency.NOW
    return registry.Urgency.SOON


def _drafts_todo(request):
    """The company person's self-assessments in progress, with how far each is."""
    companies = permissions.visible(request, "diagnostics.fill", Company.objects.all())
    count, drafts = selectors.drafts_to_continue(companies=companies, limit=TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Continue the self-assessment %(grid)s") % {"grid": _grid(draft.version)},
            detail=gettext("%(answered)s/%(total)s criteria done · %(company)s")
            % {"answered": draft.answered, "total": draft.total, "company": draft.company.name},
            url=tenant_reverse(request, "diagnostic_fill", pk=draft.pk),
            urgency=_deadline_urgency(draft.campaign.deadline if draft.campaign else None),
            due=draft.campaign.deadline if draft.campaign else None,
            due_label=gettext("deadline") if draft.campaign else "",
        )
        for draft in drafts
    ]
    items += registry.see_all(
        count=count,
        shown=len(drafts),
        url=tenant_reverse(request, "diagnostic_list"),
        message=_IN_PROGRESS,
    )
    return items


def _campaigns_to_answer_todo(request):
    """The campaigns the company person's company was sent and has not started yet."""
    companies = permissions.visible(request, "diagnostics.fill", Company.objects.all())
    count, invitations = selectors.campaigns_not_started(companies=companies, limit=TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Answer the campaign “%(campaign)s”")
            % {"campaign": invitation.campaign.title},
            detail=f"{invitation.campaign.version.framework.name} · {invitation.company.name}",
            url=tenant_reverse(request, "diagnostic_list"),
            urgency=_deadline_urgency(invitation.campaign.deadline),
            due=invitation.campaign.deadline,
            due_label=gettext("deadline"),
        )
        for invitation in invitations
    ]
    items += registry.see_all(
        count=count,
        shown=len(invitations),
        url=tenant_reverse(request, "diagnostic_list"),
        message=_CAMPAIGNS_TO_ANSWER,
    )
    return items


def _reviews_todo(request):
    """Submitted self-assessments of the companies the person reviews, not reviewed yet."""
    companies = permissions.visible(request, "diagnostics.review", Company.objects.all())
    count, waiting = selectors.awaiting_review(companies=companies, limit=TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Review the self-assessment of %(company)s")
            % {"company": diagnostic.company.name},
            detail=f"{_grid(diagnostic.version)} · {floatformat(diagnostic.overall_percent, 1)} %"
            + (f" · {diagnostic.level}" if diagnostic.level else ""),
            url=tenant_reverse(request, "diagnostic_results", pk=diagnostic.pk),
            due=diagnostic.submitted_at,
            due_label=gettext("submitted"),
        )
        for diagnostic in waiting
    ]
    items += registry.see_all(
        count=count,
        shown=len(waiting),
        url=tenant_reverse(request, "diagnostic_list"),
        message=_TO_REVIEW,
    )
    return items


def _versions_todo(request):
    """Framework versions still in draft: nobody can answer them until they are published."""
    count, versions = selectors.versions_to_publish(tenant=request.tenant, limit=TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Publish %(grid)s") % {"grid": _grid(version)},
            detail=_DRAFT_SIZE % {"count": version.criteria_count},
            url=tenant_reverse(request, "framework_version", pk=version.pk),
            urgency=registry.Urgency.LATER,
            due=version.created_at,
            due_label=gettext("started"),
        )
        for version in versions
    ]
    items += registry.see_all(
        count=count,
        shown=len(versions),
        url=tenant_reverse(request, "framework_list"),
        message=_DRAFTS,
    )
    return items


def _campaigns_todo(request):
    """Per open campaign, how many invited companies have not answered yet."""
    count, open_ = selectors.campaigns_awaiting_answers(tenant=request.tenant, limit=TODO_LIMIT)
    items = []
    for campaign in open_:
        missing = campaign.invited - campaign.responded
        items.append(
            registry.TodoItem(
                label=ngettext(
                    "“%(campaign)s”: %(count)s company has not answered",
                    "“%(campaign)s”: %(count)s companies have not answered",
                    missing,
                )
                % {"campaign": campaign.title, "count": missing},
                detail=gettext("%(responded)s of %(invited)s answered")
                % {"responded": campaign.responded, "invited": campaign.invited},
                url=tenant_reverse(request, "campaign_detail", pk=campaign.pk),
                urgency=_deadline_urgency(campaign.deadline),
                due=campaign.deadline,
                due_label=gettext("deadline"),
            )
        )
    items += registry.see_all(
        count=count,
        shown=len(open_),
        url=tenant_reverse(request, "campaign_list"),
        message=_OPEN_CAMPAIGNS,
    )
    return items


def _followed_todo(request):
    """The consultant's companies with their last submitted score, the longest without news
    first."""
    companies = permissions.visible(request, "companies.follow", Company.objects.all())
    followed = selectors.with_latest_score(companies=companies)
    rows = list(
        followed.order_by(F("last_submitted_at").asc(nulls_first=True), "name", "pk")[:TODO_LIMIT]
    )
    count = companies.count()
    items = [
        registry.TodoItem(
            label=company.name,
            detail=(
                gettext("Last self-assessment: %(score)s %% · %(grid)s")
                % {
                    "score": floatformat(company.last_percent, 1),
                    "grid": company.last_framework,
                }
                + (f" · {company.last_level}" if company.last_level else "")
                if company.last_submitted_at
                else gettext("No self-assessment submitted yet")
            ),
            url=tenant_reverse(request, "company_detail", pk=company.pk),
            urgency=registry.Urgency.LATER,
            due=company.last_submitted_at,
            due_label=gettext("submitted") if company.last_submitted_at else "",
        )
        for company in rows
    ]
    items += registry.see_all(
        count=count, shown=len(rows), url=tenant_reverse(request, "company_list"), message=_FOLLOWED
    )
    return items


def _grid(version):
    """A framework version as people name it: "Enquête partenaires (v2)"."""
    return gettext("%(framework)s (v%(number)s)") % {
        "framework": version.framework.name,
        "number": version.number,
    }


_DRAFT_SIZE = ngettext_lazy(
    "Draft with %(count)s criterion", "Draft with %(count)s criteria", "count"
)
# The last item of a list cut short, formatted with the total.
_IN_PROGRESS = ngettext_lazy(
    "%(count)s self-assessment in progress", "%(count)s self-assessments in progress", "count"
)
_CAMPAIGNS_TO_ANSWER = ngettext_lazy(
    "%(count)s campaign to answer", "%(count)s campaigns to answer", "count"
)
_TO_REVIEW = ngettext_lazy(
    "See the %(count)s self-assessment to review",
    "See all %(count)s self-assessments to review",
    "count",
)
_DRAFTS = ngettext_lazy(
    "%(count)s framework draft to publish", "%(count)s framework drafts to publish", "count"
)
_OPEN_CAMPAIGNS = ngettext_lazy(
    "%(count)s open campaign awaits answers", "%(count)s open campaigns await answers", "count"
)
_FOLLOWED = ngettext_lazy(
    "See the %(count)s company you follow", "See all %(count)s companies you follow", "count"
)


registry.add_todo("diagnostic_drafts", _drafts_todo, permission="companies.own")
registry.add_todo("diagnostic_campaigns", _campaigns_to_answer_todo, permission="companies.own")
registry.add_todo("diagnostic_reviews", _reviews_todo, permission="diagnostics.review")
registry.add_todo("framework_drafts", _versions_todo, permission="frameworks.manage")
registry.add_todo("campaign_answers", _campaigns_todo, permission="campaigns.manage")
registry.add_todo("followed_companies", _followed_todo, permission="companies.follow")


def _diagnostics_section(request, company):
    context = {"diagnostics": selectors.company_diagnostics(company=company)}
    if permissions.can(request, "diagnostics.fill", company):
        from .forms import StartForm

        versions = selectors.published_versions(tenant=request.tenant)
        one = Company.objects.filter(pk=company.pk)
        context["start_form"] = StartForm(
            initial={"company": company.pk},
            companies=one,
            versions=versions,
            campaigns=selectors.campaigns_to_answer(companies=one),
        )
        context["may_start"] = versions.exists()
    return context


registry.add_company_section(
    registry.CompanySection(
        key="diagnostics",
        template="diagnostics/sections/company.html",
        # diagnostics.view goes through the company (companies.view): the same people.
        permission="companies.view",
        context=_diagnostics_section,
        order=30,
    )
)
registry.set_assessment_reader(assessments.READER)
registry.set_grid_reader(grids.READER)
