"""Reads of clubs and events, each in a fixed number of queries whatever the amount of data."""

import calendar as pycalendar
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from companies import selectors as company_selectors
from companies.models import CompanyMember

from .models import (
    CalendarFeed,
    Club,
    ClubMember,
    Event,
    EventTopic,
    Registration,
    SurveyAnswer,
)

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED


def with_counts(events):
    """``events`` with their seats taken and people waiting, their club and host."""
    return events.select_related("club", "host_company").annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=WAITLISTED)),
    )


def month_bounds(year, month):
    start = timezone.make_aware(datetime.combine(date(year, month, 1), time.min))
    last = pycalendar.monthrange(year, month)[1]
    end = timezone.make_aware(datetime.combine(date(year, month, last), time.min)) + timedelta(
        days=1
    )
    return start, end


def events_for_month(*, events, year, month):
    """The month's events among ``events`` (the ones the person may see)."""
    start, end = month_bounds(year, month)
    events = events.filter(starts_at__gte=start, starts_at__lt=end)
    return list(with_counts(events).order_by("starts_at", "pk"))


def month_grid(*, year, month, events):
    """Weeks (Monday first) of days, each day with its events: the month view's cells."""
    by_day = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    today = timezone.localdate()
    return [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "today": day == today,
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]


def events_list(*, events, past, now=None, club=None, limit=None):
    """Coming (or past) events among ``events`` (the ones the person may see)."""
    now = now or timezone.now()
    if club is not None:
        events = events.filter(club=club)
    if past:
        events = events.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(starts_at__gte=now).order_by("starts_at", "pk")
    events = with_counts(events)
    return list(events[:limit] if limit else events)


def my_registrations(*, user, events):
    """The person's registration to each of ``events``, by event id (one query)."""
    ids = [event.pk for event in events]
    return {
        registration.event_id: registration
        for registration in Registration.objects.filter(user=user, event__in=ids)
    }


def registrations_of(*, event):
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user", "company", "registered_by")
        .order_by("status", "waitlisted_at", "user__last_name", "user__first_name", "pk")
    )


def check_in_list(*, event):
    return (
        Registration.objects.filter(event=event, status=CONFIRMED)
        .select_related("user", "company")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def waiting_position(*, registration):
    """1 for the first person on the waiting list, and so on."""
    if registration.status != WAITLISTED:
        return None
    ahead = Registration.objects.filter(event=registration.event_id, status=WAITLISTED).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def documents_of(*, event):
    return event.documents.select_related("uploaded_by").order_by("phase", "uploaded_at", "pk")


def holding_a_place(*, event):
    """The registrations with a seat or a place on the waiting list, with their people."""
    return (
        Registration.objects.filter(event=event, status__in=[CONFIRMED, WAITLISTED])
        .select_related("user")
        .order_by("pk")
    )


def invitees(*, event):
    """Who is invited when an event is published: the club's members for a members-only event,
    else the people of the programme's companies; only people who hold a role in the tenant."""
    people = get_user_model().objects.filter(is_active=True, memberships__tenant=event.tenant_id)
    if event.audience == Event.Audience.CLUB:
        people = people.filter(
            club_memberships__club=event.club_id,
            club_memberships__status=ClubMember.Status.ACTIVE,
        )
    else:
        people = people.filter(pk__in=company_selectors.people_of_companies(tenant=event.tenant))
    return people.distinct().order_by("pk")


def survey_summary(*, event):
    return SurveyAnswer.objects.filter(event=event).aggregate(
        average=Avg("rating"), count=Count("id")
    )


def survey_answers(*, event):
    return SurveyAnswer.objects.filter(event=event).order_by("-created_at")


# --- Clubs ---------------------------------------------------------------------------------


def clubs_for_list(*, tenant, events, now=None):
    """The tenant's clubs with their member count and next meeting among ``events`` (the ones
    the person may see: a members-only meeting's date stays within the club)."""
    now = now or timezone.now()
    next_event = (
        events.filter(club=OuterRef("pk"), status=Event.Status.PUBLISHED, starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    members = (
        ClubMember.objects.filter(club=OuterRef("pk"), status=ClubMember.Status.ACTIVE)
        .order_by()
        .values("club")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Club.objects.filter(tenant=tenant)
        .select_related("facilitator")
        .annotate(
            member_count=Subquery(members, output_field=IntegerField()),
            next_event_at=Subquery(next_event),
        )
        .order_by("name")
    )


def club_members(*, club):
    return (
        ClubMember.objects.filter(club=club)
        .select_related("user", "company")
        .order_by("status", "user__last_name", "user__first_name")
    )


def my_club_statuses(*, tenant, user):
    return dict(
        ClubMember.objects.filter(tenant=tenant, user=user).values_list("club_id", "status")
    )


def positions_of(*, tenant, user):
    return list(CompanyMember.objects.filter(tenant=tenant, user=user).select_related("company"))


def people_to_add(*, club):
    """The programme's company people who are not in the club yet (for the manager's picker)."""
    return (
        CompanyMember.objects.filter(tenant=club.tenant_id)
        .exclude(Exists(ClubMember.objects.filter(club=club, user=OuterRef("user"))))
        .select_related("user", "company")
        .order_by("user__last_name", "user__first_name", "company__name")
    )


# --- Feeds ---------------------------------------------------------------------------------


def feed_by_token(*, tenant, token):
    """The feed of a token, while its owner's account is open and they hold a role here."""
    return (
        CalendarFeed.objects.filter(
            tenant=tenant,
            token=token,
            user__is_active=True,
            user__memberships__tenant=tenant,
        )
        .select_related("user", "club")
        .first()
    )


def personal_feed_events(*, events, user):
    """The events among ``events`` the person holds a seat or a waiting-list place at, from a
    year ago on."""
    since = timezone.now() - timedelta(days=365)
    held = Registration.objects.filter(user=user, status__in=[CONFIRMED, WAITLISTED])
    return (
        events.filter(starts_at__gte=since, pk__in=held.values("event"))
        .exclude(status=Event.Status.DRAFT)
        .order_by("starts_at", "pk")
    )


def club_feed_events(*, events, club):
    since = timezone.now() - timedelta(days=365)
    return (
        events.filter(club=club, starts_at__gte=since)
        .exclude(status=Event.Status.DRAFT)
        .order_by("starts_at", "pk")
    )


# --- Figures -------------------------------------------------------------------------------


def _past_seats(tenant, now):
    return Registration.objects.filter(
        tenant=tenant,
        status=CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__lt=now,
    )


def _rate(present, absent):
    checked = (present or 0) + (absent or 0)
    return round(100 * present / checked) if checked else None


def club_figures(*, tenant, now=None):
    """Per club: past events, seats, attendance rate and satisfaction.

    The attendance rate is present / (present + no-shows) over the seats whose attendance was
    taken; seats nobody checked are left out rather than counted as absences.
    """
    now = now or timezone.now()
    seats = {
        row["event__club"]: row
        for row in _past_seats(tenant, now)
        .values("event__club")
        .annotate(
            seats=Count("id"),
            present=Count("id", filter=Q(attended=True)),
            absent=Count("id", filter=Q(attended=False)),
            events=Count("event", distinct=True),
        )
    }
    satisfaction = {
        row["event__club"]: row
        for row in SurveyAnswer.objects.filter(tenant=tenant)
        .values("event__club")
        .annotate(average=Avg("rating"), answers=Count("id"))
    }
    rows = []
    for club in Club.objects.filter(tenant=tenant).order_by("name"):
        row = seats.get(club.pk, {})
        answers = satisfaction.get(club.pk, {})
        rows.append(
            {
                "club": club,
                "events": row.get("events", 0),
                "seats": row.get("seats", 0),
                "present": row.get("present", 0),
                "absent": row.get("absent", 0),
                "rate": _rate(row.get("present", 0), row.get("absent", 0)),
                "satisfaction": answers.get("average"),
                "answers": answers.get("answers", 0),
            }
        )
    return rows


def event_figures(*, tenant, now=None, limit=None):
    now = now or timezone.now()
    average = (
        SurveyAnswer.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(value=Avg("rating"))
        .values("value")
    )
    events = (
        Event.objects.filter(tenant=tenant, status=Event.Status.PUBLISHED, starts_at__lt=now)
        .select_related("club")
        .annotate(
            seats=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
            present=Count("registrations", filter=Q(registrations__attended=True)),
            absent=Count("registrations", filter=Q(registrations__attended=False)),
            satisfaction=Subquery(average),
        )
        .order_by("-starts_at")
    )
    events = list(events[:limit] if limit else events)
    for event in events:
        event.rate = _rate(event.present, event.absent)
    return events


def company_participation(*, tenant, now=None):
    now = now or timezone.now()
    return (
        _past_seats(tenant, now)
        .filter(company__isnull=False)
        .values("company", "company__name")
        .annotate(
            people=Count("user", distinct=True),
            seats=Count("id"),
            attendances=Count("id", filter=Q(attended=True)),
            no_shows=Count("id", filter=Q(attended=False)),
        )
        .order_by("-attendances", "company__name")
    )


def programme_summary(*, tenant, now=None):
    now = now or timezone.now()
    seats = _past_seats(tenant, now).aggregate(
        present=Count("id", filter=Q(attended=True)),
        absent=Count("id", filter=Q(attended=False)),
        companies=Count("company", distinct=True, filter=Q(attended=True)),
    )
    survey = SurveyAnswer.objects.filter(tenant=tenant).aggregate(average=Avg("rating"))
    upcoming = Event.objects.filter(
        tenant=tenant, status=Event.Status.PUBLISHED, starts_at__gte=now
    ).count()
    return {
        "upcoming": upcoming,
        "participants": seats["present"],
        "companies": seats["companies"],
        "rate": _rate(seats["present"], seats["absent"]),
        "satisfaction": survey["average"],
    }


def my_upcoming(*, events, user, now=None, limit=3):
    """The person's next seats or waiting-list places at ``events`` (the ones they may see)."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            user=user,
            status__in=[CONFIRMED, WAITLISTED],
            event__in=events.filter(starts_at__gte=now),
        )
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "event__club")
        .order_by("event__starts_at")[:limit]
    )


def topics_treated(*, events):
    """Topics treated at ``events`` (the ones the person may see: a members-only meeting's
    topics stay within the club), with how many events treated each (directory)."""
    return (
        EventTopic.objects.filter(event__in=events.filter(status=Event.Status.PUBLISHED))
        .values("label")
        .annotate(events=Count("event", distinct=True))
        .order_by("label")
    )


def company_events(*, company):
    """Events people of the company attended, and visits it hosted: the company's timeline."""
    attended = (
        Registration.objects.filter(company=company, attended=True)
        .values(
            "event_id",
            "event__title",
            "event__kind",
            "event__starts_at",
            "event__audience",
            "event__club__name",
        )
        .annotate(people=Count("id"))
        .order_by("-event__starts_at")
    )
    hosted = Event.objects.filter(
        host_company=company, status=Event.Status.PUBLISHED, starts_at__lt=timezone.now()
    ).select_related("club")
    return list(attended), list(hosted)
