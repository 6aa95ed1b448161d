"""Clubs' permissions, navigation, home panels, audit messages, reminders, timeline and what
ends with a person's role."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role
from rse_platform.tenants.shortcuts import tenant_reverse
from rse_platform.web.tables import head_and_count

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
        shared=True,
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
audit.register_action("event.excused", _("%(actor)s recorded %(email)s as excused from %(event)s"))
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

# The funder report's activity: events held, attendances, satisfaction (programmes reads it).
registry.add_activity_source("clubs", selectors.activity_figures)


def _club_targets(tenant):
    return [
        (str(club.pk), club.name) for club in Club.objects.filter(tenant=tenant).order_by("name")
    ]


def _add_to_club(*, company, value, actor):
    club = Club.objects.get(tenant=company.tenant, pk=value)
    services.add_company_to_club(club=club, company=company, actor=actor)


registry.add_company_bulk_action(
    registry.CompanyBulkAction(
        key="club",
        label=_("Add their people to a club"),
        permission="clubs.manage",
        target_label=_("Club"),
        choices=_club_targets,
        apply=_add_to_club,
        order=20,
    )
)


# --- Home to-dos -----------------------------------------------------------------------------

TODO_LIMIT = 3  # events listed per kind of to-do; a last item links to the calendar
SOON = timedelta(days=7)


def _seats(event):
    """ "4 seats left", "Full", "12 registered" (from the ``with_counts`` annotations)."""
    if event.capacity is None:
        return ngettext("%(count)s registered", "%(count)s registered", event.seats_taken) % {
            "count": event.seats_taken
        }
    if not event.seats_left:
        return gettext("Full: waiting list")
    return ngettext("%(count)s seat left", "%(count)s seats left", event.seats_left) % {
        "count": event.seats_left
    }


def _at(event):
    return formats.time_format(timezone.localtime(event.starts_at), "TIME_FORMAT")


def _event_url(request, event):
    return tenant_reverse(request, "event_detail", pk=event.pk)


def _open_events_todo(request):
    """The events a company's person may still register to and has not answered."""
    now = timezone.now()
    events = permissions.visible(request, "clubs.view_event", Event.objects.all())
    open_ = selectors.open_to_register(events=events, user=request.user, now=now)
    count, rows = head_and_count(selectors.with_counts(open_), TODO_LIMIT)
    items = []
    for event in rows:
        closes = event.registration_deadline
        items.append(
            registry.TodoItem(
                label=gettext("Register to “%(event)s”") % {"event": event.title},
                detail=" · ".join(
                    part for part in (event.get_kind_display(), _at(event), _seats(event)) if part
                ),
                url=_event_url(request, event),
                urgency=(
                    registry.Urgency.NOW
                    if closes and closes - now <= timedelta(days=3)
                    else registry.Urgency.SOON
                    if event.starts_at - now <= SOON * 2
                    else registry.Urgency.LATER
                ),
                due=closes or event.starts_at,
                due_label=gettext("registration closes") if closes else gettext("starts"),
            )
        )
    items += registry.see_all(
        count=count,
        shown=len(rows),
        url=tenant_reverse(request, "event_list"),
        message=_OPEN_TO_YOU,
    )
    return items


def _waiting_lists_todo(request):
    """The events to come with people on their waiting list: a seat to add, or to free."""
    events = permissions.visible(request, "clubs.view_event", Event.objects.all())
    waiting = selectors.upcoming_with_waiting_list(events=events)
    count, rows = head_and_count(waiting, TODO_LIMIT)
    items = [
        registry.TodoItem(
            label=ngettext(
                "%(count)s person waits for a seat at “%(event)s”",
                "%(count)s people wait for a seat at “%(event)s”",
                event.waiting,
            )
            % {"count": event.waiting, "event": event.title},
            detail=_fill(event),
            url=_event_url(request, event),
            due=event.starts_at,
            due_label=gettext("starts"),
        )
        for event in rows
    ]
    items += registry.see_all(
        count=count,
        shown=len(rows),
        url=tenant_reverse(request, "event_list"),
        message=_WITH_WAITING_LIST,
    )
    return items


def _next_events_todo(request):
    """The programme's next published events and how full they are."""
    now = timezone.now()
    events = permissions.visible(request, "clubs.view_event", Event.objects.all()).filter(
        status=Event.Status.PUBLISHED, starts_at__gte=now
    )
    rows = selectors.events_list(events=events, past=False, now=now, limit=TODO_LIMIT)
    count = events.count()
    items = [
        registry.TodoItem(
            label=gettext("Coming up: “%(event)s”") % {"event": event.title},
            detail=_fill(event),
            url=_event_url(request, event),
            urgency=registry.Urgency.SOON
            if event.starts_at - now <= SOON
            else registry.Urgency.LATER,
            due=event.starts_at,
            due_label=gettext("starts"),
        )
        for event in rows
    ]
    items += registry.see_all(
        count=count, shown=len(rows), url=tenant_reverse(request, "event_list"), message=_UPCOMING
    )
    return items


def _fill(event):
    """ "12/20 seats taken (60 %)", or "12 registered" without a capacity."""
    if not event.capacity:
        return ngettext(
            "%(count)s registered, no seat limit",
            "%(count)s registered, no seat limit",
            event.seats_taken,
        ) % {"count": event.seats_taken}
    return gettext("%(taken)s/%(capacity)s seats taken (%(rate)s %%)") % {
        "taken": event.seats_taken,
        "capacity": event.capacity,
        "rate": round(100 * event.seats_taken / event.capacity),
    }


_OPEN_TO_YOU = ngettext_lazy(
    "See the %(count)s event open to you", "See all %(count)s events open to you", "count"
)
_WITH_WAITING_LIST = ngettext_lazy(
    "%(count)s event to come has a waiting list",
    "%(count)s events to come have a waiting list",
    "count",
)
_UPCOMING = ngettext_lazy(
    "See the %(count)s event to come", "See all %(count)s events to come", "count"
)

registry.add_todo("club_open_events", _open_events_todo, permission="companies.own")
registry.add_todo("club_waiting_lists", _waiting_lists_todo, permission="clubs.manage")
registry.add_todo("club_next_events", _next_events_todo, permission="clubs.manage")


def _filter_by_club(companies, value):
    active = ClubMember.objects.filter(
        company=OuterRef("pk"), club_id=value, status=ClubMember.Status.ACTIVE
    )
    return companies.filter(Exists(active))


registry.add_company_filter(
    registry.CompanyFilter(
        key="club",
        label=_("Club"),
        # Evaluated inside the request's tenant scope: the current tenant's clubs.
        choices=lambda: [(str(pk), name) for pk, name in Club.objects.values_list("pk", "name")],
        apply=_filter_by_club,
        order=20,
    )
)


def _clubs_section(request, company):
    return selectors.company_clubs_and_events(company=company)


registry.add_company_section(
    registry.CompanySection(
        key="clubs",
        template="clubs/sections/company.html",
        permission="companies.view",
        context=_clubs_section,
        order=20,
    )
)


# --- The topics treated, for the directory ------------------------------------------------------
def _topics(*, tenant, theme, viewer):
    """Topics of the events the person may see (members-only meetings stay within their club);
    without a person, those of the events open to the whole tenant."""
    events = Event.objects.filter(tenant=tenant)
    if viewer is None:
        events = events.exclude(audience=Event.Audience.CLUB)
    else:
        events = permissions.visible(viewer, "clubs.view_event", events)
    return [
        registry.TopicTreated(
            topic=topic.label,
            event_title=topic.event.title,
            date=topic.event.starts_at,
            url_name="event_detail",
            pk=topic.event_id,
            theme=topic.event.theme,
        )
        for topic in selectors.topics_with_events(events=events, theme=theme)
    ]


registry.add_topic_source("clubs", _topics)


# --- A workshop drafted from the directory's improvement report ---------------------------------
WORKSHOP_LEAD_DAYS = 28  # the draft's placeholder date, which the programme team then sets


def _draft_workshop(*, tenant, club_id, theme, title, actor):
    """A draft workshop of the club (of the whole programme without one) on ``theme``, four
    weeks ahead from 9:00 to 12:00 until the programme team sets its date; nobody is invited
    until it is published."""
    club = None
    if club_id:
        club = Club.objects.filter(tenant=tenant, pk=club_id).first()
        if club is None:
            raise ValidationError(gettext("Choose one of the programme's clubs."), code="club")
    day = timezone.localdate() + timedelta(days=WORKSHOP_LEAD_DAYS)
    starts_at = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return services.create_event(
        tenant=tenant,
        actor=actor,
        club=club,
        kind=Event.Kind.WORKSHOP,
        title=title,
        theme=theme,
        description=gettext(
            "Drafted from the improvement report: the companies' self-assessments leave room "
            "to improve on this theme. Set the date and place, then publish it."
        ),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        audience=Event.Audience.CLUB if club else Event.Audience.PROGRAMME,
    )


def _workshop_clubs(*, tenant):
    """The clubs still running, by name."""
    today = timezone.localdate()
    clubs = Club.objects.filter(tenant=tenant).exclude(ends_on__lt=today).order_by("name", "pk")
    return list(clubs.values_list("pk", "name"))


registry.set_workshop_drafter(_draft_workshop, clubs=_workshop_clubs)


# --- The directory: the clubs a person belongs to, when they choose to show them ------------------

registry.set_person_clubs(selectors.club_names_of)
