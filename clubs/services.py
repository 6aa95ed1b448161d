"""Every state change of clubs and events: membership, registrations, attendance, e-mails."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programmes.models import CompanyMember
from rse_platform.tenants import audit, permissions
from rse_platform.tenants.models import Membership

from . import ical
from .models import (
    CalendarFeed,
    Club,
    ClubMember,
    Event,
    EventDocument,
    EventTopic,
    Notice,
    Registration,
    SurveyAnswer,
)

# --- Eligibility ---------------------------------------------------------------------------


@dataclass
class Eligibility:
    eligible: bool
    company: object = None
    reasons: list = field(default_factory=list)


def headcount_rule(club):
    low, high = club.min_headcount, club.max_headcount
    if low is not None and high is not None:
        return _("companies of %(low)s to %(high)s employees") % {"low": low, "high": high}
    if low is not None:
        return _("companies of %(low)s employees or more") % {"low": low}
    if high is not None:
        return _("companies of up to %(high)s employees") % {"high": high}
    return ""


def _why_not(club, position):
    company = position.company
    reasons = []
    if club.positions and position.position not in club.positions:
        reasons.append(
            _("This club is meant for %(audience)s; you are %(position)s of %(company)s.")
            % {
                "audience": ", ".join(str(label).lower() for label in club.position_labels()),
                "position": position.get_position_display().lower(),
                "company": company.name,
            }
        )
    low, high = club.min_headcount, club.max_headcount
    if (low is not None and company.headcount < low) or (
        high is not None and company.headcount > high
    ):
        reasons.append(
            _("This club is meant for %(rule)s; %(company)s has %(count)s.")
            % {"rule": headcount_rule(club), "company": company.name, "count": company.headcount}
        )
    if club.sector and company.sector.strip().lower() != club.sector.strip().lower():
        reasons.append(
            _("This club is meant for the sector “%(sector)s”; %(company)s is in “%(own)s”.")
            % {"sector": club.sector, "company": company.name, "own": company.sector or "—"}
        )
    return reasons


def eligibility(*, club, user, positions=None):
    """Whether a person may ask to join a club, and if not, why.

    The rule: at least one of the person's positions in a company of the programme matches the
    club's audience (position), the company's headcount range and sector. ``positions`` may be
    given (already fetched with their companies) to avoid a query per club on a list page.
    """
    if positions is None:
        positions = list(
            CompanyMember.objects.filter(tenant=club.tenant_id, user=user).select_related("company")
        )
    if not positions:
        return Eligibility(
            False,
            reasons=[_("Your account is not linked to a company of the programme yet.")],
        )
    reasons = []
    for position in positions:
        why = _why_not(club, position)
        if not why:
            return Eligibility(True, company=position.company)
        reasons.extend(why)
    return Eligibility(False, reasons=list(dict.fromkeys(reasons)))


def _company_of(*, tenant, user):
    position = (
        CompanyMember.objects.filter(tenant=tenant, user=user)
        .select_related("company")
        .order_by("pk")
        .first()
    )
    return position.company if position else None


# --- Clubs ---------------------------------------------------------------------------------


@transaction.atomic
def create_club(*, tenant, actor, **fields):
    """A club is created by the programme team; its facilitator may then run its check-in."""
    club = Club(tenant=tenant, **fields)
    club.full_clean()
    club.save()
    _grant_facilitator(club, None)
    audit.record(tenant=tenant, actor=actor, action="club.created", club=club.name)
    return club


@transaction.atomic
def update_club(*, club, actor, **fields):
    previous_facilitator = club.facilitator
    for name, value in fields.items():
        setattr(club, name, value)
    club.full_clean()
    club.save()
    _grant_facilitator(club, previous_facilitator)
    audit.record(tenant=club.tenant, actor=actor, action="club.updated", club=club.name)
    return club


def _grant_facilitator(club, previous):
    if previous is not None and previous != club.facilitator:
        permissions.revoke(previous, "clubs.check_in", club)
    if club.facilitator is not None:
        permissions.grant(club.facilitator, "clubs.check_in", club)


@transaction.atomic
def add_club_member(*, club, user, actor):
    """A manager adds a person to a club (accepting a request too); eligibility is advisory."""
    if not Membership.objects.filter(tenant=club.tenant, user=user).exists():
        raise ValidationError(_("This person has no role in the programme."))
    company = eligibility(club=club, user=user).company or _company_of(
        tenant=club.tenant, user=user
    )
    member, _created = ClubMember.objects.update_or_create(
        club=club,
        user=user,
        defaults={"tenant": club.tenant, "status": ClubMember.Status.ACTIVE, "company": company},
    )
    audit.record(
        tenant=club.tenant,
        actor=actor,
        action="club.member_added",
        club=club.name,
        email=user.email,
    )
    return member


@transaction.atomic
def request_to_join(*, club, user):
    """An eligible person asks to join; an ineligible one is told why (ValidationError)."""
    existing = ClubMember.objects.filter(club=club, user=user).first()
    if existing is not None:
        return existing
    verdict = eligibility(club=club, user=user)
    if not verdict.eligible:
        raise ValidationError(verdict.reasons)
    member = ClubMember.objects.create(
        tenant=club.tenant,
        club=club,
        user=user,
        company=verdict.company,
        status=ClubMember.Status.REQUESTED,
    )
    audit.record(
        tenant=club.tenant,
        actor=user,
        action="club.join_requested",
        club=club.name,
        email=user.email,
    )
    return member


@transaction.atomic
def accept_join_request(*, member, actor):
    if member.status != ClubMember.Status.REQUESTED:
        raise ValidationError(_("This person is already a member."))
    member.status = ClubMember.Status.ACTIVE
    member.save(update_fields=["status"])
    audit.record(
        tenant=member.tenant,
        actor=actor,
        action="club.member_added",
        club=member.club.name,
        email=member.user.email,
    )
    return member


@transaction.atomic
def remove_club_member(*, member, actor):
    """Withdraw a member (or decline a request); their event registrations stay as they are."""
    audit.record(
        tenant=member.tenant,
        actor=actor,
        action="club.member_removed",
        club=member.club.name,
        email=member.user.email,
    )
    member.delete()


# --- Events --------------------------------------------------------------------------------


@transaction.atomic
def create_event(*, tenant, actor, **fields):
    """Events start as drafts: nobody is invited until a manager publishes them."""
    event = Event(tenant=tenant, **fields)
    event.full_clean()
    event.save()
    audit.record(tenant=tenant, actor=actor, action="event.created", event=event.title)
    return event


@transaction.atomic
def update_event(*, event, actor, **fields):
    """Raising the capacity gives the freed seats to the waiting list, first come first served."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    _fill_free_seats(event)
    audit.record(tenant=event.tenant, actor=actor, action="event.updated", event=event.title)
    return event


@transaction.atomic
def publish_event(*, event, actor):
    """Publishing opens registrations and invites the event's audience, once each."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at"])
    audit.record(tenant=event.tenant, actor=actor, action="event.published", event=event.title)
    from .tasks import send_event_invitations

    transaction.on_commit(lambda: send_event_invitations.delay(event.tenant_id, event.pk))
    return event


@transaction.atomic
def cancel_event(*, event, actor):
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        return event
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    audit.record(tenant=event.tenant, actor=actor, action="event.cancelled", event=event.title)
    from .tasks import send_cancellation_notices

    tenant_id, pk = event.tenant_id, event.pk
    transaction.on_commit(lambda: send_cancellation_notices.delay(tenant_id, pk))
    return event


def send_cancellation_notices(*, event):
    """Tell everyone holding a seat or a waiting-list place that the event is cancelled, once."""
    if not event.is_cancelled or event.has_started():
        return 0
    registrations = Registration.objects.filter(
        event=event,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    ).select_related("user")
    return sum(
        _send(event=event, user=registration.user, kind=Notice.Kind.CANCELLATION)
        for registration in registrations
    )


def registration_refusal(*, event, user, on_behalf=False, now=None):
    """Why a person may not register (None when they may).

    Self-registration needs a published event, before its deadline, and the person in its
    audience: the club's members, the programme's company people, or anyone in the tenant.
    A manager registering someone on their behalf bypasses the audience and the deadline, not
    the capacity (a full event puts them on the waiting list).
    """
    now = now or timezone.now()
    if not event.is_published:
        return _("This event is not open for registration.")
    if event.has_started(now):
        return _("This event has already started.")
    if not Membership.objects.filter(tenant=event.tenant_id, user=user).exists():
        return _("This person has no role in the programme.")
    if on_behalf:
        return None
    if event.registration_deadline and now > event.registration_deadline:
        return _("Registrations closed on %(date)s.") % {
            "date": timezone.localtime(event.registration_deadline).strftime("%d/%m/%Y %H:%M")
        }
    if (
        event.audience == Event.Audience.CLUB
        and not ClubMember.objects.filter(
            club=event.club_id, user=user, status=ClubMember.Status.ACTIVE
        ).exists()
    ):
        return _("This event is for the members of %(club)s.") % {"club": event.club}
    if (
        event.audience == Event.Audience.PROGRAMME
        and not CompanyMember.objects.filter(tenant=event.tenant_id, user=user).exists()
    ):
        return _("This event is for the people of the programme's companies.")
    return None


@transaction.atomic
def register(*, event, user, actor=None):
    """Register a person: a seat while there is one, else the waiting list.

    The event row is locked first, so two people clicking at once cannot both take the last seat
    (PostgreSQL); a second click by the same person returns the registration they already have.
    ``actor`` other than ``user`` is a manager registering someone on their behalf.
    """
    actor = actor or user
    on_behalf = actor.pk != user.pk
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("tenant", "club")
        .get(pk=event.pk)
    )
    refusal = registration_refusal(event=event, user=user, on_behalf=on_behalf)
    if refusal:
        raise ValidationError(refusal)
    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    now = timezone.now()
    seat_free = event.capacity is None or _seats_taken(event) < event.capacity
    status = Registration.Status.CONFIRMED if seat_free else Registration.Status.WAITLISTED
    values = {
        "status": status,
        "registered_at": now,
        "waitlisted_at": None if seat_free else now,
        "cancelled_at": None,
        "registered_by": actor if on_behalf else None,
        "company": _company_of(tenant=event.tenant, user=user),
        "attended": None,
        "checked_in_at": None,
    }
    if existing is None:
        registration = Registration.objects.create(
            tenant=event.tenant, event=event, user=user, **values
        )
    else:
        registration = existing
        for name, value in values.items():
            setattr(registration, name, value)
        registration.round += 1
        registration.save()
    audit.record(
        tenant=event.tenant,
        actor=actor,
        action="event.registered" if seat_free else "event.waitlisted",
        event=event.title,
        email=user.email,
    )
    kind = Notice.Kind.CONFIRMATION if seat_free else Notice.Kind.WAITLISTED
    _queue_notice(registration, kind)
    return registration


def _seats_taken(event):
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def cancel_registration(*, registration, actor):
    """Give a seat back; the next person on the waiting list takes it, in the same transaction."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    if event.has_started():
        raise ValidationError(_("The event has started: the registration can no longer change."))
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.waitlisted_at = None
    registration.save(update_fields=["status", "cancelled_at", "waitlisted_at"])
    audit.record(
        tenant=event.tenant,
        actor=actor,
        action="event.unregistered",
        event=event.title,
        email=registration.user.email,
    )
    _fill_free_seats(event)
    return registration


def _fill_free_seats(event):
    """Promote the longest-waiting people into the free seats (the event row is locked)."""
    if not event.is_published or event.has_started():
        return []
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).order_by("waitlisted_at", "pk")
    if event.capacity is not None:
        free = event.capacity - _seats_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlisted_at = None
        registration.save(update_fields=["status", "waitlisted_at"])
        audit.record(
            tenant=event.tenant,
            actor=None,
            action="event.promoted",
            event=event.title,
            email=registration.user.email,
        )
        _queue_notice(registration, Notice.Kind.PROMOTION)
    return promoted


# --- Attendance, survey, topics, documents ---------------------------------------------------


@transaction.atomic
def record_attendance(*, registration, attended, actor):
    """Check a person in (or record them absent) from the day of the event on."""
    event = registration.event
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day of the event."))
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only registered people can be checked in."))
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at"])
    audit.record(
        tenant=registration.tenant,
        actor=actor,
        action="event.checked_in" if attended else "event.no_show",
        event=event.title,
        email=registration.user.email,
    )
    return registration


@transaction.atomic
def record_no_shows(*, event, actor):
    """After the check-in, everyone registered but not checked in is recorded as a no-show."""
    if not event.has_started():
        raise ValidationError(_("No-shows are recorded once the event has started."))
    count = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, attended__isnull=True
    ).update(attended=False)
    audit.record(
        tenant=event.tenant, actor=actor, action="event.no_shows", event=event.title, count=count
    )
    return count


@transaction.atomic
def answer_survey(*, event, user, rating, comment=""):
    """After the event, a person who had a seat rates it once (they may change their answer)."""
    if not event.has_started():
        raise ValidationError(_("The survey opens once the event has taken place."))
    if (
        not Registration.objects.filter(
            event=event, user=user, status=Registration.Status.CONFIRMED
        )
        .exclude(attended=False)
        .exists()
    ):
        raise ValidationError(_("Only the participants can answer the survey."))
    answer, _created = SurveyAnswer.objects.update_or_create(
        event=event,
        user=user,
        defaults={"tenant": event.tenant, "rating": rating, "comment": comment.strip()},
    )
    answer.full_clean()
    return answer


@transaction.atomic
def set_topics(*, event, labels, actor):
    """The topics treated at the event, one per label; the competence directory lists them."""
    clean = list(dict.fromkeys(label.strip()[:200] for label in labels if label.strip()))
    EventTopic.objects.filter(event=event).exclude(label__in=clean).delete()
    existing = set(EventTopic.objects.filter(event=event).values_list("label", flat=True))
    EventTopic.objects.bulk_create(
        EventTopic(tenant=event.tenant, event=event, label=label)
        for label in clean
        if label not in existing
    )
    audit.record(
        tenant=event.tenant,
        actor=actor,
        action="event.topics",
        event=event.title,
        topics=", ".join(clean),
    )
    return clean


@transaction.atomic
def add_document(*, event, phase, title, file, actor):
    document = EventDocument(
        tenant=event.tenant, event=event, phase=phase, title=title, file=file, uploaded_by=actor
    )
    document.full_clean()
    document.save()
    audit.record(
        tenant=event.tenant, actor=actor, action="event.document", event=event.title, title=title
    )
    return document


def feed_for(*, tenant, user):
    """The person's private calendar address in this tenant (created on first use)."""
    feed, _created = CalendarFeed.objects.get_or_create(tenant=tenant, user=user)
    return feed


# --- E-mails -------------------------------------------------------------------------------


def _queue_notice(registration, kind):
    from .tasks import send_registration_notice

    tenant_id, pk, round_ = registration.tenant_id, registration.pk, registration.round
    transaction.on_commit(lambda: send_registration_notice.delay(tenant_id, pk, kind, round_))


def _event_url(event):
    path = reverse("event_detail", kwargs={"tenant_slug": event.tenant.slug, "pk": event.pk})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def _send(*, event, user, kind, round_=0, attach_ics=False):
    """Claim the (event, person, kind, round) row, then send; a second claim sends nothing.

    The claim and the sending share one transaction: if the e-mail cannot leave, the claim is
    rolled back and a retry may send it; if two workers race, the second waits on the unique
    index and then fails on it.
    """
    try:
        with transaction.atomic():
            Notice.objects.create(
                tenant=event.tenant, event=event, user=user, kind=kind, round=round_
            )
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "event": event,
                    "person": user,
                    "kind": kind,
                    "link": _event_url(event),
                    "tenant": event.tenant,
                }
                subject = render_to_string("clubs/emails/notice_subject.txt", context).strip()
                body = render_to_string("clubs/emails/notice_body.txt", context)
            message = EmailMessage(subject, body, None, [user.email])
            if attach_ics:
                content = ical.calendar_for([event], name=event.title, base_url=_event_url(event))
                message.attach("evenement.ics", content, "text/calendar")
            message.send()
    except IntegrityError:
        return False
    return True


def send_registration_notice(*, registration, kind, round_):
    """The e-mail of one registration step; the confirmation carries the event's .ics."""
    if registration.round != round_:
        return False  # the person cancelled and registered again since: a newer notice follows
    expected = {
        Notice.Kind.CONFIRMATION: Registration.Status.CONFIRMED,
        Notice.Kind.PROMOTION: Registration.Status.CONFIRMED,
        Notice.Kind.WAITLISTED: Registration.Status.WAITLISTED,
    }[kind]
    if registration.status != expected:
        return False
    return _send(
        event=registration.event,
        user=registration.user,
        kind=kind,
        round_=round_,
        attach_ics=kind in (Notice.Kind.CONFIRMATION, Notice.Kind.PROMOTION),
    )


def invitees(*, event):
    """Who is invited when an event is published: the club's members, or the programme's people."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.all()
    if event.audience == Event.Audience.CLUB:
        people = people.filter(
            club_memberships__club=event.club_id,
            club_memberships__status=ClubMember.Status.ACTIVE,
        )
    else:
        people = people.filter(company_positions__tenant=event.tenant_id)
    return people.distinct().order_by("pk")


def send_invitations(*, event):
    if not event.is_published or event.has_started():
        return 0
    return sum(
        _send(event=event, user=user, kind=Notice.Kind.INVITATION) for user in invitees(event=event)
    )


REMINDERS = (
    # kind, how long before the event it leaves
    (Notice.Kind.REMINDER_7_DAYS, timedelta(days=7)),
    (Notice.Kind.REMINDER_1_DAY, timedelta(days=1)),
)


def remind_upcoming_events(*, tenant, now):
    """Remind each registered person 7 days and 1 day before the event, once each.

    A reminder is due once its moment has come, as long as the next one has not; people who
    registered after that moment already had the confirmation and get no such reminder.
    Safe to run twice: every e-mail is claimed in the ``Notice`` ledger first.
    """
    sent = 0
    for index, (kind, before) in enumerate(REMINDERS):
        later = REMINDERS[index + 1][1] if index + 1 < len(REMINDERS) else timedelta(0)
        due = (
            Registration.objects.filter(
                tenant=tenant,
                status=Registration.Status.CONFIRMED,
                event__status=Event.Status.PUBLISHED,
                event__starts_at__gt=now + later,
                event__starts_at__lte=now + before,
                registered_at__lte=F("event__starts_at") - before,
            )
            .exclude(
                Exists(
                    Notice.objects.filter(event=OuterRef("event"), user=OuterRef("user"), kind=kind)
                )
            )
            .select_related("event__tenant", "event__club", "user")
        )
        for registration in due:
            sent += _send(event=registration.event, user=registration.user, kind=kind)
    return sent
