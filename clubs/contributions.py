"""Clubs' permissions, navigation, home panels, audit messages, reminders, timeline and what
ends with a person's role."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role

from . import notifications, selectors, services
from .models import Club, ClubMember, Event

TAKING_PART = {Role.MANAGER, Role.CONSULTANT, Role.MEMBER}


def _clubs_from_inside(user, clubs):
    """The clubs whose private life the person shares: active member, or facilitator."""
    membership = ClubMember.objects.filter(
        club=OuterRef("pk"), user=user, status=ClubMember.Status.ACTIVE
    )
    return clubs.filter(Q(Exists(membership)) | Q(facilitator=user))


def _events_seen(user, events):
    """Published and cancelled events open to the tenant, and the members-only events of the
    clubs seen from inside; drafts stay with the programme team."""
    return events.exclude(status=Event.Status.DRAFT).filter(
        ~Q(audience=Event.Audience.CLUB) | Q(club__in=_clubs_from_inside(user, Club.objects.all()))
    )


# The pages of clubs and events (each then shows only what the person may see).
permissions.register("clubs.view", roles=TAKING_PART)
permissions.register("clubs.take_part", roles=TAKING_PART)
# An event, its documents, topics and satisfaction: members-only events stay within their club
# (its active members, its facilitator, the programme team); open and programme events are the
# whole tenant's.
permissions.register(
    "clubs.view_event",
    roles={Role.MANAGER},
    rows=_events_seen,
    row_roles={Role.CONSULTANT, Role.MEMBER},
)
# A club's private life: who its members are, its calendar address.
permissions.register(
    "clubs.view_private",
    roles={Role.MANAGER},
    rows=_clubs_from_inside,
    row_roles={Role.CONSULTANT, Role.MEMBER},
)
permissions.register("clubs.manage", roles={Role.MANAGER})
permissions.register("clubs.figures", roles={Role.MANAGER})
# Checking people in at a club's events: the programme team, and the club's facilitator (a
# consultant) through the grant given with the facilitation. An event without a club: the
# programme team only (``can(request, "clubs.check_in", event.club)`` with no club).
permissions.register(
    "clubs.check_in",
    roles={Role.MANAGER},
    object_permission="clubs.facilitate_club",
    object_roles={Role.CONSULTANT},
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
    events = permissions.visible(request, "clubs.view_event", Event.objects.all())
    return {"registrations": selectors.my_upcoming(events=events, user=request.user)}


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
audit.register_action(
    "club.facilitation_ended", _("%(email)s no longer facilitates the club %(club)s")
)
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

registry.add_reminder("club_events", notifications.remind_upcoming_events)
registry.add_role_end_handler("clubs", services.end_role)


def _timeline(*, company):
    """The company's events. A members-only meeting shows as the club's, without its title nor
    a link: not everyone who reads the company page is in the club."""
    attended, hosted = selectors.company_events(company=company)
    slug = company.tenant.slug
    kinds = dict(Event.Kind.choices)

    def entry(*, when, title, audience, club, pk, detail):
        if audience == Event.Audience.CLUB:
            return registry.TimelineEntry(
                when=when,
                kind="event",
                title=_("Meeting of %(club)s") % {"club": club},
                detail=detail,
            )
        path = reverse("event_detail", kwargs={"tenant_slug": slug, "pk": pk})
        return registry.TimelineEntry(when=when, kind="event", title=title, detail=detail, url=path)

    entries = [
        entry(
            when=row["event__starts_at"],
            title=row["event__title"],
            audience=row["event__audience"],
            club=row["event__club__name"],
            pk=row["event_id"],
            detail=_("%(kind)s · %(people)s participant(s)")
            % {"kind": kinds.get(row["event__kind"], ""), "people": row["people"]},
        )
        for row in attended
    ]
    entries += [
        entry(
            when=event.starts_at,
            title=event.title,
            audience=event.audience,
            club=event.club.name if event.club else "",
            pk=event.pk,
            detail=_("Company visit hosted by the company"),
        )
        for event in hosted
    ]
    return entries


registry.add_timeline_source("clubs", _timeline)
