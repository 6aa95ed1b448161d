"""What the directory plugs into the platform core: permissions, audit messages, what ends with a
role, the funder report and the weekly watch. No page, navigation or panel yet (a later increment
adds them). Each area below keeps its own block."""

from django.utils.translation import gettext_lazy as _

from companies.selectors import own_companies
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import ALL_ROLES, Role

from . import digest, selectors, services

# --- Permissions --------------------------------------------------------------------------------
# Everyone with a role in the tenant reads the directory (what each person and company chose to
# show). The programme team maintains the taxonomy, the library and the watch, features
# practices and answers support requests. A company's people act for their company (its listing,
# practices, offers, answers, thanks, support requests): its rows, like labels.apply.
permissions.register("directory.view", roles=ALL_ROLES)
permissions.register("directory.manage", roles={Role.MANAGER})
permissions.register(
    "directory.publish", roles={Role.MANAGER}, rows=own_companies, row_roles={Role.MEMBER}
)

# --- Audit trail --------------------------------------------------------------------------------
for code, message in {
    "directory.competence_created": _("%(actor)s added the competence “%(name)s”"),
    "directory.competence_updated": _("%(actor)s updated the competence “%(name)s”"),
    "directory.competence_archived": _("%(actor)s archived the competence “%(name)s”"),
    "directory.competence_restored": _("%(actor)s offered the competence “%(name)s” again"),
    "directory.profile_updated": _("%(actor)s updated their directory entry"),
    "directory.consultant_profile_updated": _(
        "%(actor)s updated their entry in the consultant directory"
    ),
    "directory.listing_updated": _("%(actor)s updated the directory entry of %(company)s"),
    "directory.practice_created": _("%(actor)s wrote the good practice “%(title)s” of %(company)s"),
    "directory.practice_updated": _(
        "%(actor)s updated the good practice “%(title)s” of %(company)s"
    ),
    "directory.practice_published": _(
        "%(actor)s published the good practice “%(title)s” of %(company)s"
    ),
    "directory.practice_unpublished": _(
        "%(actor)s unpublished the good practice “%(title)s” of %(company)s"
    ),
    "directory.practice_featured": _(
        "%(actor)s featured the good practice “%(title)s” of %(company)s"
    ),
    "directory.practice_unfeatured": _(
        "%(actor)s stopped featuring the good practice “%(title)s” of %(company)s"
    ),
    "directory.practice_document_added": _(
        "%(actor)s added “%(name)s” to the practice “%(title)s”"
    ),
    "directory.practice_document_removed": _(
        "%(actor)s removed “%(name)s” from the practice “%(title)s”"
    ),
    "directory.support_requested": _(
        "%(actor)s asked for support for %(company)s (consultant: %(consultant)s)"
    ),
    "directory.support_converted": _(
        "%(actor)s turned the support request of %(company)s into a mission"
    ),
    "directory.support_declined": _("%(actor)s declined the support request of %(company)s"),
    "directory.offer_created": _("%(actor)s posted “%(title)s” for %(company)s on the exchange"),
    "directory.offer_answered": _("%(actor)s answered “%(title)s” for %(company)s"),
    "directory.offer_accepted": _("%(actor)s accepted the answer of %(company)s to “%(title)s”"),
    "directory.offer_done": _("%(actor)s marked the exchange “%(title)s” of %(company)s done"),
    "directory.offer_withdrawn": _("%(actor)s withdrew “%(title)s” of %(company)s"),
    "directory.offer_thanked": _(
        "%(actor)s thanked %(other)s on behalf of %(company)s for “%(title)s”"
    ),
    "directory.resource_created": _("%(actor)s added the resource “%(title)s”"),
    "directory.resource_updated": _("%(actor)s updated the resource “%(title)s”"),
    "directory.resource_published": _("%(actor)s published the resource “%(title)s”"),
    "directory.resource_unpublished": _("%(actor)s took the resource “%(title)s” off the library"),
    "directory.news_posted": _("%(actor)s posted the news item “%(title)s”"),
    "directory.news_deleted": _("%(actor)s deleted the news item “%(title)s”"),
}.items():
    audit.register_action(code, message)

# --- A role that ends ---------------------------------------------------------------------------
registry.add_role_end_handler("directory", services.leave_directory)


# --- The funder report --------------------------------------------------------------------------
def _activity(*, tenant, start, end):
    figures = selectors.activity_figures(tenant=tenant, start=start, end=end)
    return [
        registry.ActivityFigure(
            "service_exchanges",
            _("Service exchanges between companies"),
            figures["exchanges"],
            detail=_("done on the non-market exchange"),
            order=80,
        ),
        registry.ActivityFigure(
            "practices_published",
            _("Good practices shared"),
            figures["practices_published"],
            detail=_("published in the directory"),
            order=81,
        ),
    ]


registry.add_activity_source("directory", _activity)

# --- The weekly watch ---------------------------------------------------------------------------
registry.add_reminder("directory_watch", digest.send_weekly_digest)


# --- people pages: navigation, home, to-dos ---
# One "Network" entry for every role: the hub leads to the people, companies, consultants,
# practices, exchange, resources, news and search. Consultants write their entry of the consultant
# directory (directory.advise). The programme team's to-do: the support requests waiting for it,
# the oldest first; each may become a consultant's mission.
permissions.register("directory.advise", roles={Role.CONSULTANT})
registry.add_nav(
    registry.NavItem("directory", _("Network"), "directory_home", "directory.view", order=70)
)

SUPPORT_TODO_LIMIT = 3  # requests listed as to-dos; a last item links to all of them


def _support_todos(request):
    from django.urls import reverse
    from django.utils.translation import gettext, ngettext_lazy

    from rse_platform.web.tables import head_and_count

    def url(name, **kwargs):
        return reverse(name, kwargs={"tenant_slug": request.tenant.slug, **kwargs})

    waiting = permissions.visible(
        request, "directory.manage", selectors.open_support_requests(tenant=request.tenant)
    )
    count, waiting = head_and_count(waiting, SUPPORT_TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=gettext("Answer the support request of %(company)s")
            % {"company": support.company.name},
            detail=(
                gettext("asks for %(consultant)s") % {"consultant": support.consultant.display_name}
                if support.consultant
                else gettext("no consultant named")
            ),
            url=url("support_detail", pk=support.pk),
            urgency=registry.Urgency.SOON,
            due=support.created_at,
            due_label=gettext("asked on"),
        )
        for support in waiting
    ]
    return items + registry.see_all(
        count=count,
        shown=len(waiting),
        url=url("support_list"),
        message=ngettext_lazy(
            "%(count)s support request waiting in all",
            "%(count)s support requests waiting in all",
            "count",
        ),
    )


registry.add_todo("directory_support", _support_todos, permission="directory.manage", order=70)


# --- exchange pages: navigation, home, to-dos ---------------------------------------------------
# No navigation entry of its own (the "Network" hub leads to the practices, the exchange, the
# resources, the watch and, for the programme team, the improvement report); on the home, the
# latest news of the watch for everyone with a role.
audit.register_action(
    "directory.watch_subscribed", _("%(actor)s asked to receive the weekly CSR watch")
)
audit.register_action(
    "directory.watch_unsubscribed", _("%(actor)s stopped receiving the weekly CSR watch")
)

NEWS_ON_HOME = 3


def _news_panel(request):
    return {"news": selectors.latest_news(tenant=request.tenant, n=NEWS_ON_HOME)}


registry.add_home_panel(
    registry.HomePanel(
        key="directory_news",
        template="directory/library/panels/news.html",
        permission="directory.view",
        context=_news_panel,
        order=40,
        shared=True,
    )
)
