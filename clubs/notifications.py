"""Clubs' e-mails, sent through the platform's mailer.

Each e-mail leaves once per person, event and kind; the registration steps (confirmation,
waiting list, promotion) once per round, so a person who cancels and registers again hears of it
again. The key says so: ``clubs.confirmation:event=12:round=2``, ``clubs.reminder_7d:event=12``.
Everything here runs in a Celery task (``tasks.py``), after the service's transaction committed.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Exists, F, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from rse_platform.mail import selectors as mail_selectors
from rse_platform.mail import services as mail

from . import ical, selectors
from .models import Event, Registration

CONFIRMATION = "confirmation"
WAITLISTED = "waitlisted"
PROMOTION = "promotion"
INVITATION = "invitation"
REMINDER_7_DAYS = "reminder_7d"
REMINDER_1_DAY = "reminder_1d"
CANCELLATION = "cancellation"

# The status a registration must still have for its step's e-mail to leave.
REGISTRATION_STEPS = {
    CONFIRMATION: Registration.Status.CONFIRMED,
    PROMOTION: Registration.Status.CONFIRMED,
    WAITLISTED: Registration.Status.WAITLISTED,
}

REMINDERS = (
    # kind, how long before the event it leaves
    (REMINDER_7_DAYS, timedelta(days=7)),
    (REMINDER_1_DAY, timedelta(days=1)),
)

TEMPLATE = "clubs/emails/event_notice"


def key(kind, event_id, round_=None):
    """The ledger key of one kind of e-mail about one event (and one registration round)."""
    suffix = f":round={round_}" if round_ is not None else ""
    return f"clubs.{kind}:event={event_id}{suffix}"


def event_url(event):
    path = reverse("event_detail", kwargs={"tenant_slug": event.tenant.slug, "pk": event.pk})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def _send(*, event, user, kind, round_=None, attach_ics=False):
    link = event_url(event)
    attachments = ()
    if attach_ics:
        content = ical.calendar_for([event], name=event.title, base_url=link)
        attachments = [("evenement.ics", content, "text/calendar")]
    row = mail.send(
        tenant=event.tenant,
        key=key(kind, event.pk, round_),
        template=TEMPLATE,
        user=user,
        context={"event": event, "kind": kind, "link": link},
        attachments=attachments,
    )
    return bool(row and row.is_sent)


def registration_notice(*, registration, kind, round_):
    """The e-mail of one registration step; the confirmation and the promotion carry the .ics.

    Nothing leaves when the registration moved on since the step was queued: another round
    (the person cancelled and registered again: that round's e-mail follows) or another status.
    """
    if registration.round != round_ or registration.status != REGISTRATION_STEPS[kind]:
        return False
    return _send(
        event=registration.event,
        user=registration.user,
        kind=kind,
        round_=round_,
        attach_ics=kind in (CONFIRMATION, PROMOTION),
    )


def invitations(*, event):
    """Invite the event's audience once each, while it is published and to come."""
    if not event.is_published or event.has_started():
        return 0
    return sum(
        _send(event=event, user=user, kind=INVITATION) for user in selectors.invitees(event=event)
    )


def cancellation_notices(*, event):
    """Tell everyone holding a seat or a waiting-list place that the event is cancelled, once."""
    if not event.is_cancelled or event.has_started():
        return 0
    return sum(
        _send(event=event, user=registration.user, kind=CANCELLATION)
        for registration in selectors.holding_a_place(event=event)
    )


def remind_upcoming_events(*, tenant, now):
    """Remind each registered person 7 days and 1 day before the event, once each.

    A reminder is due once its moment has come, as long as the next one has not; people who
    registered after that moment already had the confirmation and get no such reminder. Safe to
    run twice: the mailer's ledger sends each key once, and the rows it already holds are left
    out of the query so that beat's every run does not walk them again.
    """
    sent = 0
    for index, (kind, before) in enumerate(REMINDERS):
        later = REMINDERS[index + 1][1] if index + 1 < len(REMINDERS) else timedelta(0)
        already = mail_selectors.mails(tenant=tenant, key_prefix=f"clubs.{kind}:").filter(
            recipient=OuterRef("user"),
            key=Concat(
                Value(f"clubs.{kind}:event="),
                Cast(OuterRef("event_id"), CharField()),
                output_field=CharField(),
            ),
        )
        due = (
            Registration.objects.filter(
                tenant=tenant,
                status=Registration.Status.CONFIRMED,
                event__status=Event.Status.PUBLISHED,
                event__starts_at__gt=now + later,
                event__starts_at__lte=now + before,
                registered_at__lte=F("event__starts_at") - before,
            )
            .exclude(Exists(already))
            .select_related("event__tenant", "event__club", "user")
        )
        for registration in due:
            sent += _send(event=registration.event, user=registration.user, kind=kind)
    return sent
