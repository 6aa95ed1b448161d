"""Every state change of clubs and events: membership, registrations, attendance, documents,
feeds, and what ends with a person's role. E-mails leave from ``notifications`` through the
tasks queued here once the transaction commits (services import tasks, never the reverse)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import CompanyMember
from companies.services import ensure_in_good_standing
from rse_platform.files.storage import display_name
from rse_platform.mail import services as mail
from rse_platform.tenants import audit, permissions
from rse_platform.tenants.models import Membership

from . import notifications, tasks
from .models import (
    CalendarFeed,
    Club,
    ClubMember,
    Event,
    EventDocument,
    EventTopic,
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
            _("This club is meant for: %(audience)s; you are %(position)s of %(company)s.")
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


def exclusion_reason(company):
    """Why an excluded company's people may not join a club nor register (None otherwise)."""
    if company is None:
        return None
    try:
        ensure_in_good_standing(company=company)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def standing_of(positions):
    """``exclusion_reason`` of each company of ``positions``, by company id (one check each)."""
    return {
        position.company_id: exclusion_reason(position.company)
        for position in {position.company_id: position for position in positions}.values()
    }


def eligibility(*, club, user, positions=None, standing=None):
    """Whether a person may ask to join a club, and if not, why.

    The rule: at least one of the person's positions in a company of the programme matches the
    club's audience (position), the company's headcount range and sector, and that company is
    not excluded. ``positions`` (fetched with their companies) and ``standing`` (from
    ``standing_of``) may be given to check many clubs at a fixed cost on a list page.
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
    if standing is None:
        standing = standing_of(positions)
    reasons = []
    for position in positions:
        why = _why_not(club, position)
        if not why and standing.get(position.company_id):
            why = [standing[position.company_id]]
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
    """A new facilitator takes over the check-in grant from the former one."""
    club = (
        Club.objects.select_for_update(of=("self",)).select_related("facilitator").get(pk=club.pk)
    )
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
    """A manager adds a person to a club (accepting a request too); eligibility is advisory,
    but an excluded company's people are refused, with the reason."""
    if not Membership.objects.filter(tenant=club.tenant, user=user).exists():
        raise ValidationError(_("This person has no role in the programme."))
    company = eligibility(club=club, user=user).company or _company_of(
        tenant=club.tenant, user=user
    )
    if company is not None:
        ensure_in_good_standing(company=company)
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
    """An eligible person asks to join; an ineligible one (or one whose company is excluded) is
    told why (ValidationError)."""
    existing = ClubMember.objects.filter(club=club, user=user).first()
    if existing is not None:
        return existing
    verdict = eligibility(club=club, user=user)
    if not verdict.eligible:
        raise ValidationError(verdict.reasons)
    ensure_in_good_standing(company=verdict.company)
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
    """Accepting a request checks the company's standing again: it may have been excluded since."""
    if member.status != ClubMember.Status.REQUESTED:
        raise ValidationError(_("This person is already a member."))
    if member.company is not None:
        ensure_in_good_standing(company=member.company)
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
    """Withdraw a member (or decline a request). Their event registrations stay as they are;
    their address of the club's calendar stops answering."""
    audit.record(
        tenant=member.tenant,
        actor=actor,
        action="club.member_removed",
        club=member.club.name,
        email=member.user.email,
    )
    CalendarFeed.objects.filter(club=member.club_id, user=member.user_id).delete()
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
    mail.queue(tasks.send_event_invitations, event.tenant_id, event.pk)
    return event


@transaction.atomic
def cancel_event(*, event, actor):
    """Cancelling tells everyone holding a seat or a waiting-list place, once."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        return event
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    audit.record(tenant=event.tenant, actor=actor, action="event.cancelled", event=event.title)
    mail.queue(tasks.send_cancellation_notices, event.tenant_id, event.pk)
    return event


def registration_refusal(*, event, user, on_behalf=False, now=None):
    """Why a person may not register (None when they may).

    Self-registration needs a published event, before its deadline, and the person in its
    audience: the club's members, the programme's company people, or anyone in the tenant.
    A manager registering someone on their behalf bypasses the audience and the deadline, not
    the capacity (a full event puts them on the waiting list) nor an exclusion of their company.
    """
    now = now or timezone.now()
    if not event.is_published:
        return _("This event is not open for registration.")
    if event.has_ended(now):
        return _("This event is finished.")
    if event.has_started(now):
        return _("This event has already started.")
    if not Membership.objects.filter(tenant=event.tenant_id, user=user).exists():
        return _("This person has no role in the programme.")
    excluded = exclusion_reason(_company_of(tenant=event.tenant_id, user=user))
    if excluded:
        return excluded
    if on_behalf:
        return None
    if event.registration_deadline and now > event.registration_deadline:
        return _("Registrations closed on %(date)s.") % {
            "date": timezone.localtime(event.registration_deadline).strftime("%d/%m/%Y %H:%M")
        }
    return audience_refusal(event=event, user=user)


def audience_refusal(*, event, user):
    """Why a person is not in the event's audience (None when they are): the club's active
    members for a members-only event, the programme's company people for a programme event."""
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
    ``actor`` other than ``user`` is a manager registering someone on their behalf. The people
    of an excluded company are refused, with the reason (``registration_refusal``).
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
    if existing is not None and existing.status not in TAKEN_UP_AGAIN:
        return existing
    company = _company_of(tenant=event.tenant, user=user)
    now = timezone.now()
    seat_free = event.capacity is None or _seats_taken(event) < event.capacity
    status = Registration.Status.CONFIRMED if seat_free else Registration.Status.WAITLISTED
    values = {
        "status": status,
        "registered_at": now,
        "waitlisted_at": None if seat_free else now,
        "cancelled_at": None,
        "registered_by": actor if on_behalf else None,
        "company": company,
        "attended": None,
        "checked_in_at": None,
        "excuse": "",
        "excused_at": None,
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
    _queue_notice(
        registration, notifications.CONFIRMATION if seat_free else notifications.WAITLISTED
    )
    return registration


# A cancelled or excused registration is taken up again (a new round) when the person registers.
TAKEN_UP_AGAIN = (Registration.Status.CANCELLED, Registration.Status.EXCUSED)


def _seats_taken(event):
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def cancel_registration(*, registration, actor):
    """Give a seat back; the next person on the waiting list takes it, in the same transaction."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
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
        _queue_notice(registration, notifications.PROMOTION)
    return promoted


def _queue_notice(registration, kind):
    mail.queue(
        tasks.send_registration_notice,
        registration.tenant_id,
        registration.pk,
        kind,
        registration.round,
    )


# --- Attendance, survey, topics, documents ---------------------------------------------------


def _clean_excuse(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"excuse": _("Say why the person cannot come.")})
    if len(reason) > EXCUSE_MAX_LENGTH:
        message = _("Keep the reason under %(count)s characters.")
        raise ValidationError({"excuse": message % {"count": EXCUSE_MAX_LENGTH}})
    return reason


EXCUSE_MAX_LENGTH = 500


@transaction.atomic
def excuse(*, event, user, reason):
    """A person says, with a reason, that they will not come ("excusé·e"), until the event
    starts: their seat (or waiting-list place) goes back, the waiting list moves on, and they are
    counted apart from the no-shows. Someone without a registration may do so too, if the event
    is for them (a club member answering the invitation). They may register again later."""
    reason = _clean_excuse(reason)
    event = Event.objects.select_for_update(of=("self",)).select_related("club").get(pk=event.pk)
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."))
    if event.has_started():
        raise ValidationError(_("The event has started: the registration can no longer change."))
    registration = Registration.objects.filter(event=event, user=user).first()
    holding = registration is not None and registration.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    )
    if not holding:
        refusal = audience_refusal(event=event, user=user)
        if refusal:
            raise ValidationError(refusal)
    if registration is None:
        registration = Registration(
            tenant=event.tenant,
            event=event,
            user=user,
            company=_company_of(tenant=event.tenant, user=user),
        )
    registration.status = Registration.Status.EXCUSED
    registration.excuse = reason
    registration.excused_at = timezone.now()
    registration.waitlisted_at = None
    registration.attended = None
    registration.checked_in_at = None
    registration.save()
    audit.record(
        tenant=event.tenant, actor=user, action="event.excused", event=event.title, email=user.email
    )
    _fill_free_seats(event)
    return registration


@transaction.atomic
def excuse_at_check_in(*, registration, reason, actor):
    """At the check-in (from the day of the event on), the programme team or the facilitator
    records that a registered person warned they could not come, with the reason: excused, not
    a no-show. Checking them in (or absent) afterwards undoes it."""
    reason = _clean_excuse(reason)
    event = registration.event
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day of the event."))
    if registration.status not in (Registration.Status.CONFIRMED, Registration.Status.EXCUSED):
        raise ValidationError(_("Only registered people can be checked in."))
    registration.status = Registration.Status.EXCUSED
    registration.excuse = reason
    registration.excused_at = timezone.now()
    registration.attended = None
    registration.checked_in_at = None
    registration.save(update_fields=["status", "excuse", "excused_at", "attended", "checked_in_at"])
    audit.record(
        tenant=registration.tenant,
        actor=actor,
        action="event.excused",
        event=event.title,
        email=registration.user.email,
    )
    return registration


@transaction.atomic
def record_attendance(*, registration, attended, actor):
    """Check a person in (or record them absent) from the day of the event on. A person recorded
    as excused at the check-in who comes after all (or is recorded absent) is no longer excused."""
    event = registration.event
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance is taken on the day of the event."))
    if registration.status not in (Registration.Status.CONFIRMED, Registration.Status.EXCUSED):
        raise ValidationError(_("Only registered people can be checked in."))
    registration.status = Registration.Status.CONFIRMED
    registration.excuse = ""
    registration.excused_at = None
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["status", "excuse", "excused_at", "attended", "checked_in_at"])
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
    """Share a document with the people who may see the event. Its type is checked by its
    content (the field's ``UploadValidator``, run by ``full_clean``); it is stored under a
    random name and keeps the name it was uploaded with for the download."""
    document = EventDocument(
        tenant=event.tenant,
        event=event,
        phase=phase,
        title=title,
        file=file,
        original_name=display_name(file.name),
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    audit.record(
        tenant=event.tenant, actor=actor, action="event.document", event=event.title, title=title
    )
    return document


# --- Calendar feeds ------------------------------------------------------------------------


def feed_for(*, tenant, user, club=None):
    """The person's private calendar address in this tenant, or of one club (created on first
    use). Who may hold a club's address is the view's check (``clubs.view_private``)."""
    feed, _created = CalendarFeed.objects.get_or_create(tenant=tenant, user=user, club=club)
    return feed


@transaction.atomic
def regenerate_feed(*, tenant, user, club=None):
    """Give the person a new address: the former one stops answering at once."""
    CalendarFeed.objects.filter(tenant=tenant, user=user, club=club).delete()
    return CalendarFeed.objects.create(tenant=tenant, user=user, club=club)


# --- When a role ends ----------------------------------------------------------------------


@transaction.atomic
def end_role(*, tenant, user):
    """Undo what a person held in the clubs of ``tenant`` when their role there ends or changes
    (``tenants.services.end_role``, which has already revoked the check-in grants).

    They stop facilitating; their calendar addresses stop answering; their requests to join and
    their club memberships end (a person without this role must not stay listed in a club); their
    seats and waiting-list places at events to come are given back, so the waiting lists move
    on and e-mail the people promoted. Past registrations stay: they are history (attendance).
    """
    for club in Club.objects.filter(tenant=tenant, facilitator=user):
        club.facilitator = None
        club.save(update_fields=["facilitator"])
        audit.record(
            tenant=tenant,
            actor=None,
            action="club.facilitation_ended",
            club=club.name,
            email=user.email,
        )
    CalendarFeed.objects.filter(tenant=tenant, user=user).delete()
    for member in ClubMember.objects.filter(tenant=tenant, user=user).select_related("club"):
        remove_club_member(member=member, actor=None)
    coming = Registration.objects.filter(
        tenant=tenant,
        user=user,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        event__starts_at__gt=timezone.now(),
    )
    for registration in coming:
        cancel_registration(registration=registration, actor=None)


def add_company_to_club(*, club, company, actor):
    """Add the people of a company the club is meant for (its positions, or all of them) as
    members (from the register's bulk action). Refused when nobody of the company has an
    account in that position, or when the company is excluded."""
    ensure_in_good_standing(company=company)
    people = CompanyMember.objects.filter(company=company).select_related("user")
    if club.positions:
        people = people.filter(position__in=club.positions)
    people = list(people)
    if not people:
        raise ValidationError(
            _("Nobody of %(company)s has an account in a position this club is meant for.")
            % {"company": company.name}
        )
    return [add_club_member(club=club, user=person.user, actor=actor) for person in people]
