"""Clubs' permissions, navigation, home panels, audit messages, reminders and timeline."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role

from . import selectors, services
from .models import Event

TAKING_PART = {Role.MANAGER, Role.CONSULTANT, Role.MEMBER}

permissions.register("clubs.view", roles=TAKING_PART)
permissions.register("clubs.take_part", roles=TAKING_PART)
permissions.register("clubs.manage", roles={Role.MANAGER})
permissions.register("clubs.figures", roles={Role.MANAGER})
# A club's facilitator (a consultant) checks people in at the club's events.
permissions.register(
    "clubs.check_in", roles={Role.MANAGER}, object_permission="clubs.facilitate_club"
)

registry.add_nav(
    registry.NavItem(
        key="calendar",
        label=_("Calendar"),
        url_name="event_calendar",
        permission="clubs.view",
        order=20,
    )
)
registry.add_nav(
    registry.NavItem(
        key="clubs", label=_("Clubs"), url_name="club_list", permission="clubs.view", order=21
    )
)


def _figures_panel(request):
    return {"summary": selectors.programme_summary(tenant=request.tenant)}


def _my_events_panel(request):
    return {"registrations": selectors.my_upcoming(tenant=request.tenant, user=request.user)}


registry.add_home_panel(
    registry.HomePanel(
        key="club_figures",
        template="clubs/panels/figures.html",
        permission="clubs.figures",
        context=_figures_panel,
        order=20,
    )
)
registry.add_home_panel(
    registry.HomePanel(
        key="my_events",
        template="clubs/panels/my_events.html",
        permission="clubs.take_part",
        context=_my_events_panel,
        order=15,
    )
)

audit.register_action("club.created", _("%(actor)s created the club %(club)s"))
audit.register_action("club.updated", _("%(actor)s changed the club %(club)s"))
audit.register_action("club.member_added", _("%(actor)s added %(email)s to the club %(club)s"))
audit.register_action(
    "club.member_removed", _("%(actor)s removed %(email)s from the club %(club)s")
)
audit.register_action("club.join_requested", _("%(email)s asked to join the club %(club)s"))
audit.register_action("event.created", _("%(actor)s created the event %(event)s"))
audit.register_action("event.updated", _("%(actor)s changed the event %(event)s"))
audit.register_action("event.published", _("%(actor)s published the event %(event)s"))
audit.register_action("event.cancelled", _("%(actor)s cancelled the event %(event)s"))
audit.register_action("event.registered", _("%(actor)s registered %(email)s to %(event)s"))
audit.register_action(
    "event.waitlisted", _("%(actor)s put %(email)s on the waiting list of %(event)s")
)
audit.register_action(
    "event.unregistered", _("%(actor)s cancelled the registration of %(email)s to %(event)s")
)
audit.register_action(
    "event.promoted", _("%(email)s got a seat at %(event)s from the waiting list")
)
audit.register_action("event.checked_in", _("%(actor)s checked %(email)s in at %(event)s"))
audit.register_action("event.no_show", _("%(actor)s recorded %(email)s absent from %(event)s"))
audit.register_action("event.no_shows", _("%(actor)s recorded %(count)s no-show(s) at %(event)s"))
audit.register_action("event.topics", _("%(actor)s recorded the topics of %(event)s: %(topics)s"))
audit.register_action("event.document", _("%(actor)s shared “%(title)s” for %(event)s"))

registry.add_reminder("club_events", services.remind_upcoming_events)


def _timeline(*, company):
    attended, hosted = selectors.company_events(company=company)
    slug = company.tenant.slug
    kinds = dict(Event.Kind.choices)

    def url(pk):
        return reverse("event_detail", kwargs={"tenant_slug": slug, "pk": pk})

    entries = [
        registry.TimelineEntry(
            when=row["event__starts_at"],
            kind="event",
            title=row["event__title"],
            detail=_("%(kind)s · %(people)s participant(s)")
            % {"kind": kinds.get(row["event__kind"], ""), "people": row["people"]},
            url=url(row["event_id"]),
        )
        for row in attended
    ]
    entries += [
        registry.TimelineEntry(
            when=event.starts_at,
            kind="event",
            title=event.title,
            detail=_("Company visit hosted by the company"),
            url=url(event.pk),
        )
        for event in hosted
    ]
    return entries


registry.add_timeline_source("clubs", _timeline)
