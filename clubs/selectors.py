"""Reads of clubs and events, each in a fixed number of queries whatever the amount of data."""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from companies import selectors as company_selectors
from companies.models import CompanyMember
from rse_platform.tenants.registry import ActivityFigure
from rse_platform.web.tables import Natural

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
EXCUSED = Registration.Status.EXCUSED
CANCELLED = Registration.Status.CANCELLED


def with_counts(events):
    """``events`` with their seats taken and people waiting, their club and host."""
    return events.select_related("club", "host_company").annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=WAITLISTED)),
        excused=Count("registrations", filter=Q(registrations__status=EXCUSED)),
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


# --- Tables (``rse_platform.web.tables.Table`` sorts and pages them in SQL) -------------------


def events_table(*, events, period="upcoming", club=None, status="", now=None):
    """``events`` (the ones the person may see) to come, or past (started), of one club and one
    status if given, with their counts and fill rate: seats taken / capacity in %, none for an
    event without a capacity (it sorts last)."""
    now = now or timezone.now()
    if period == "past":
        events = events.filter(starts_at__lt=now)
    else:
        events = events.filter(starts_at__gte=now)
    if club is not None:
        events = events.filter(club=club)
    if status in Event.Status.values:
        events = events.filter(status=status)
    return with_counts(events).annotate(
        fill_rate=ExpressionWrapper(
            Cast(F("seats_taken"), FloatField()) * 100 / F("capacity"), output_field=FloatField()
        )
    )


# Seats first, then the waiting list, the excused and the cancelled.
STATUS_RANK = Case(
    When(status=CONFIRMED, then=Value(0)),
    When(status=WAITLISTED, then=Value(1)),
    When(status=EXCUSED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def registrations_table(*, event, status=""):
    """The event's registrations of one status, or all but the cancelled ones."""
    registrations = Registration.objects.filter(event=event)
    if status in Registration.Status.values:
        registrations = registrations.filter(status=status)
    else:
        registrations = registrations.exclude(status=CANCELLED)
    return registrations.select_related("user", "company", "registered_by").annotate(
        status_rank=STATUS_RANK
    )


def registration_counts(*, event):
    """How many registrations of each status, and present and no-shows, in one query."""
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("id", filter=Q(status=CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=WAITLISTED)),
        excused=Count("id", filter=Q(status=EXCUSED)),
        cancelled=Count("id", filter=Q(status=CANCELLED)),
        present=Count("id", filter=Q(attended=True)),
        absent=Count("id", filter=Q(attended=False)),
    )


def check_in_list(*, event):
    """The seats to check in, and the people excused (so that one who comes after all is
    checked in from the same list)."""
    return (
        Registration.objects.filter(event=event, status__in=[CONFIRMED, EXCUSED])
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


def _year_start(now):
    today = timezone.localtime(now).date()
    return timezone.make_aware(datetime.combine(date(today.year, 1, 1), time.min))


def _held_this_year(club, now):
    """The club's meetings held this year: published, started between 1 January and now."""
    return Event.objects.filter(
        club=club,
        status=Event.Status.PUBLISHED,
        starts_at__gte=_year_start(now),
        starts_at__lt=now,
    )


def _count(queryset, group_by):
    """``queryset``'s row count as a subquery of the outer row (0 when there is none)."""
    counted = queryset.order_by().values(group_by).annotate(count=Count("pk")).values("count")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def clubs_for_list(*, tenant, events, now=None):
    """The tenant's clubs with their member count, meetings held this year and next meeting
    among ``events`` (the ones the person may see: a members-only meeting's date stays within
    the club; the number held, a count of every published meeting, says nothing of which)."""
    now = now or timezone.now()
    next_event = (
        events.filter(club=OuterRef("pk"), status=Event.Status.PUBLISHED, starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    members = ClubMember.objects.filter(club=OuterRef("pk"), status=ClubMember.Status.ACTIVE)
    return (
        Club.objects.filter(tenant=tenant)
        .select_related("facilitator")
        .annotate(
            member_count=_count(members, "club"),
            held=_count(_held_this_year(OuterRef("pk"), now), "club"),
            next_event_at=Subquery(next_event),
        )
        .order_by("name")
    )


def meetings_held(*, club, now=None):
    """How many of the club's meetings were held this year (one query)."""
    return _held_this_year(club, now or timezone.now()).count()


@dataclass(frozen=True)
class Cadence:
    planned: int  # meetings a year
    held: int  # meetings held this year
    expected: int  # meetings due by today, pro rata of the year elapsed

    @property
    def behind(self):
        return self.held < self.expected


def cadence_of(*, planned, held, today=None):
    """A club's planned cadence against the meetings it held this year (None without a plan).

    The rule: by a given day, a club planning N meetings a year is due N × (days of the year
    elapsed, today included) / (days in the year) meetings, rounded down; it is behind schedule
    when it held fewer. So a club of 5 meetings a year owes its first on 14 March and is never
    flagged for a meeting whose fifth of the year has not fully passed.
    """
    if not planned:
        return None
    today = today or timezone.localdate()
    elapsed = (today - date(today.year, 1, 1)).days + 1
    days = 366 if pycalendar.isleap(today.year) else 365
    return Cadence(planned=planned, held=held or 0, expected=planned * elapsed // days)


def club_members_table(*, club, status=""):
    """The club's members (and requests to join), of one status if given."""
    members = ClubMember.objects.filter(club=club).select_related("user", "company")
    if status in ClubMember.Status.values:
        members = members.filter(status=status)
    return members


# --- A cohort's completion -------------------------------------------------------------------

HALF_DAY = timedelta(hours=4)


class _DaysBetween(Func):
    """Whole calendar days from the second date to the first (two date expressions)."""

    output_field = IntegerField()

    def _operands(self, compiler):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return end, start, (*end_params, *start_params)

    def as_sql(self, compiler, connection, **extra_context):
        end, start, params = self._operands(compiler)
        return f"({end} - {start})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start, params = self._operands(compiler)
        return f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)", params


def half_days(prefix=""):
    """What an event counts for in a module, in half days: 1 (half a day) when it lasts 4 hours
    or less, else 2 for each calendar day it spans (a 9:00–17:00 day counts 1 day, a
    Monday-to-Wednesday seminar 3 days). Counted in whole half days so that sums stay exact."""
    starts, ends = F(f"{prefix}starts_at"), F(f"{prefix}ends_at")
    duration = ExpressionWrapper(ends - starts, output_field=DurationField())
    return Case(
        When(LessThanOrEqual(duration, HALF_DAY), then=Value(1)),
        default=(_DaysBetween(TruncDate(ends), TruncDate(starts)) + 1) * 2,
        output_field=IntegerField(),
    )


def _attended_at(club):
    return Registration.objects.filter(
        event__club=club, event__status=Event.Status.PUBLISHED, user=OuterRef("user")
    )


def completion(*, club):
    """The club's active members with the half days they attended at its published events, the
    sessions attended and the ones they were excused from: one query whatever the page, each
    figure a correlated aggregate. ``completion`` is the share of the planned days attended."""
    attended = _attended_at(club).filter(attended=True)
    half = (
        attended.order_by()
        .values("user")
        .annotate(total=Sum(half_days("event__")))
        .values("total")[:1]
    )
    members = (
        ClubMember.objects.filter(club=club, status=ClubMember.Status.ACTIVE)
        .select_related("user", "company")
        .annotate(
            half_days=Coalesce(Subquery(half, output_field=IntegerField()), Value(0)),
            sessions=_count(attended, "user"),
            excused=_count(_attended_at(club).filter(status=EXCUSED), "user"),
            no_shows=_count(_attended_at(club).filter(attended=False), "user"),
        )
    )
    if club.planned_sessions:
        members = members.annotate(
            completion=ExpressionWrapper(
                Cast(F("half_days"), FloatField()) * 50 / club.planned_sessions,
                output_field=FloatField(),
            )
        )
    return members


def days_held(*, club, now=None):
    """The half days of the club's published events held so far (one query)."""
    now = now or timezone.now()
    total = Event.objects.filter(
        club=club, status=Event.Status.PUBLISHED, starts_at__lt=now
    ).aggregate(total=Sum(half_days()))["total"]
    return total or 0


def my_completion(*, club, user):
    """The person's half days attended at the club's events, and the sessions they were excused
    from (one query)."""
    registrations = Registration.objects.filter(
        event__club=club, event__status=Event.Status.PUBLISHED, user=user
    )
    return registrations.aggregate(
        half_days=Coalesce(Sum(half_days("event__"), filter=Q(attended=True)), Value(0)),
        excused=Count("id", filter=Q(status=EXCUSED)),
    )


def club_names_of(*, tenant, user_id, today=None):
    """The clubs the person is an active member of in ``tenant``, those ended left out, by name
    (the directory shows them when the person chooses to)."""
    today = today or timezone.localdate()
    return list(
        ClubMember.objects.filter(tenant=tenant, user_id=user_id, status=ClubMember.Status.ACTIVE)
        .exclude(club__ends_on__lt=today)
        .order_by(Natural("club__name"), "club_id")
        .values_list("club__name", flat=True)
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


def _past_answers(tenant, now):
    """The seats and the excused people of the past published events."""
    return Registration.objects.filter(
        tenant=tenant,
        status__in=[CONFIRMED, EXCUSED],
        event__status=Event.Status.PUBLISHED,
        event__starts_at__lt=now,
    )


def _rate(present, absent):
    checked = (present or 0) + (absent or 0)
    return round(100 * present / checked) if checked else None


def _rate_in_sql(present, absent):
    """present / (present + no-shows) in %, none before any attendance was taken."""
    checked = NullIf(F(present) + F(absent), Value(0))
    return ExpressionWrapper(
        Cast(F(present), FloatField()) * 100 / checked, output_field=FloatField()
    )


def club_figures(*, tenant, now=None):
    """Per club: past events, seats, attendance rate, excused people and satisfaction.

    The attendance rate is present / (present + no-shows) over the seats whose attendance was
    taken; seats nobody checked are left out rather than counted as absences, and so are the
    excused people (who said, with a reason, that they could not come): counted apart.
    """
    now = now or timezone.now()
    seats = {
        row["event__club"]: row
        for row in _past_answers(tenant, now)
        .values("event__club")
        .annotate(
            seats=Count("id", filter=Q(status=CONFIRMED)),
            present=Count("id", filter=Q(attended=True)),
            absent=Count("id", filter=Q(attended=False)),
            excused=Count("id", filter=Q(status=EXCUSED)),
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
                "excused": row.get("excused", 0),
                "rate": _rate(row.get("present", 0), row.get("absent", 0)),
                "satisfaction": answers.get("average"),
                "answers": answers.get("answers", 0),
            }
        )
    return rows


def event_figures(*, tenant, now=None):
    """The past published events with their seats, attendances, no-shows, excused people,
    attendance rate (as ``club_figures``) and satisfaction, for a table to sort and page."""
    now = now or timezone.now()
    average = (
        SurveyAnswer.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(value=Avg("rating"))
        .values("value")
    )
    return (
        Event.objects.filter(tenant=tenant, status=Event.Status.PUBLISHED, starts_at__lt=now)
        .select_related("club")
        .annotate(
            seats=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
            present=Count("registrations", filter=Q(registrations__attended=True)),
            absent=Count("registrations", filter=Q(registrations__attended=False)),
            excused=Count("registrations", filter=Q(registrations__status=EXCUSED)),
            satisfaction=Subquery(average),
        )
        .annotate(rate=_rate_in_sql("present", "absent"))
        .order_by("-starts_at")
    )


def company_participation(*, tenant, now=None):
    """Per company: its people at past events, seats, attendances, no-shows and excused."""
    now = now or timezone.now()
    return (
        _past_answers(tenant, now)
        .filter(company__isnull=False)
        .values("company", "company__name")
        .annotate(
            people=Count("user", distinct=True, filter=Q(status=CONFIRMED)),
            seats=Count("id", filter=Q(status=CONFIRMED)),
            attendances=Count("id", filter=Q(attended=True)),
            no_shows=Count("id", filter=Q(attended=False)),
            excused=Count("id", filter=Q(status=EXCUSED)),
        )
        .order_by("-attendances", "company__name")
    )


def programme_summary(*, tenant, now=None):
    """The programme's clubs at a glance; ``excused`` people are counted apart from the
    no-shows and left out of the attendance rate (see ``club_figures``)."""
    now = now or timezone.now()
    seats = _past_answers(tenant, now).aggregate(
        present=Count("id", filter=Q(attended=True)),
        absent=Count("id", filter=Q(attended=False)),
        excused=Count("id", filter=Q(status=EXCUSED)),
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
        "no_shows": seats["absent"],
        "excused": seats["excused"],
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


def topics_with_events(*, events, theme=None):
    """Each topic treated at the published ``events`` with its event, the most recent first, in
    one query; ``theme`` keeps those whose topic or event theme names it (directory)."""
    topics = EventTopic.objects.filter(event__in=events.filter(status=Event.Status.PUBLISHED))
    if theme:
        topics = topics.filter(Q(label__icontains=theme) | Q(event__theme__icontains=theme))
    return topics.select_related("event").order_by("-event__starts_at", "label")


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


def activity_figures(*, tenant, start, end, now=None):
    """The clubs' share of a reporting period (``start`` to ``end``, aware datetimes), for the
    funder report (``registry.add_activity_source``), in three aggregate queries.

    An event counts as held when it is published and started within the period, before now;
    attendance is taken as on the figures page: present / (present + no-shows) over the seats
    whose attendance was recorded; satisfaction is the average answer to those events' surveys.
    """
    now = now or timezone.now()
    held = Event.objects.filter(
        tenant=tenant,
        status=Event.Status.PUBLISHED,
        starts_at__gte=start,
        starts_at__lt=min(end, now),
    )
    events = held.aggregate(count=Count("id"))["count"]
    seats = Registration.objects.filter(tenant=tenant, status=CONFIRMED, event__in=held).aggregate(
        present=Count("id", filter=Q(attended=True)),
        absent=Count("id", filter=Q(attended=False)),
        companies=Count("company", distinct=True, filter=Q(attended=True)),
    )
    survey = SurveyAnswer.objects.filter(tenant=tenant, event__in=held).aggregate(
        average=Avg("rating"), answers=Count("id")
    )
    average = survey["average"]
    return [
        ActivityFigure("events_held", _("Events held"), events, order=10),
        ActivityFigure(
            "attendances",
            _("Attendances"),
            seats["present"],
            detail=_("people checked in at the events"),
            order=20,
        ),
        ActivityFigure(
            "attendance_rate",
            _("Attendance rate"),
            _rate(seats["present"], seats["absent"]),
            unit="%",
            detail=_("present among the registered people whose attendance was taken"),
            order=30,
        ),
        ActivityFigure(
            "companies_attending", _("Companies at the events"), seats["companies"], order=40
        ),
        ActivityFigure(
            "satisfaction",
            _("Satisfaction"),
            None if average is None else round(Decimal(str(average)), 1),
            unit="/5",
            detail=ngettext_lazy("%(count)s survey answer", "%(count)s survey answers", "count")
            % {"count": survey["answers"]},
            order=50,
        ),
    ]


# --- Home to-dos (``contributions``) -----------------------------------------------------------


def open_to_register(*, events, user, now=None):
    """Among ``events`` (the ones the person may see), the published events to come whose
    registration is still open and that the person may register to and has not answered (a
    registration of any status, even cancelled or excused, is an answer): the members-only events
    of their clubs, programme events for a company's people, open events. The people of an
    excluded company get none (they may not register). A queryset, by date."""
    now = now or timezone.now()
    answered = Registration.objects.filter(event=OuterRef("pk"), user=user)
    in_club = ClubMember.objects.filter(
        club=OuterRef("club_id"), user=user, status=ClubMember.Status.ACTIVE
    )
    in_a_company = CompanyMember.objects.filter(tenant=OuterRef("tenant_id"), user=user)
    excluded = company_selectors.active_exclusions_of_person(user=user)
    return (
        events.filter(status=Event.Status.PUBLISHED, starts_at__gt=now)
        .filter(Q(registration_deadline__isnull=True) | Q(registration_deadline__gte=now))
        .exclude(Exists(answered))
        .filter(
            Q(audience=Event.Audience.OPEN)
            | (Q(audience=Event.Audience.PROGRAMME) & Exists(in_a_company))
            | (Q(audience=Event.Audience.CLUB) & Exists(in_club))
        )
        .exclude(Exists(excluded))
        .order_by("starts_at", "pk")
    )


def upcoming_with_waiting_list(*, events, now=None):
    """The published events to come among ``events`` with people on their waiting list, by
    date, with their counts (``with_counts``)."""
    now = now or timezone.now()
    return (
        with_counts(events.filter(status=Event.Status.PUBLISHED, starts_at__gte=now))
        .filter(waiting__gt=0)
        .order_by("starts_at", "pk")
    )


def company_clubs_and_events(*, company, now=None):
    """The company page's clubs block: the clubs its people are active members of, and its
    participation in events (sessions attended, excused, no-shows, coming registrations)."""
    now = now or timezone.now()
    clubs = (
        Club.objects.filter(members__company=company, members__status=ClubMember.Status.ACTIVE)
        .distinct()
        .order_by("name")
    )
    registrations = Registration.objects.filter(company=company)
    figures = registrations.aggregate(
        sessions=Count("id", filter=Q(attended=True)),
        excused=Count("id", filter=Q(status=Registration.Status.EXCUSED)),
        no_shows=Count("id", filter=Q(attended=False)),
        coming=Count(
            "id",
            filter=Q(status=Registration.Status.CONFIRMED, event__starts_at__gte=now),
        ),
    )
    return {"clubs": list(clubs), **figures}
