from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from clubs import notifications, services
from rse_platform.mail.selectors import mails
from rse_platform.tenants.tasks import send_tenant_reminders

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _event_in(tenant, delta):
    starts = (timezone.now() + delta).replace(microsecond=0)
    return EventFactory(tenant=tenant, starts_at=starts, ends_at=starts + timedelta(hours=2))


def _registered_long_ago(event, **fields):
    return RegistrationFactory(
        event=event, registered_at=event.starts_at - timedelta(days=20), **fields
    )


def test_the_week_reminder_leaves_once_per_person(tenant):
    event = _event_in(tenant, timedelta(days=6))
    people = [_registered_long_ago(event).user for _ in range(2)]
    send_tenant_reminders.delay(tenant.pk)
    send_tenant_reminders.delay(tenant.pk)  # beat fired twice, or the task was retried
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    assert all("Rappel" in message.subject for message in mail.outbox)


def test_the_day_before_reminder_follows_the_week_one(tenant, in_scope):
    event = _event_in(tenant, timedelta(days=6))
    registration = _registered_long_ago(event)
    now = timezone.now()
    with in_scope(tenant):
        assert notifications.remind_upcoming_events(tenant=tenant, now=now) == 1
        later = event.starts_at - timedelta(hours=20)
        assert notifications.remind_upcoming_events(tenant=tenant, now=later) == 1
        assert notifications.remind_upcoming_events(tenant=tenant, now=later) == 0
        keys = sorted(
            mails(tenant=tenant, key_prefix="clubs.reminder_")
            .filter(recipient=registration.user)
            .values_list("key", flat=True)
        )
    assert keys == [f"clubs.reminder_1d:event={event.pk}", f"clubs.reminder_7d:event={event.pk}"]
    assert len(mail.outbox) == 2


def test_nobody_is_reminded_of_a_cancelled_seat_or_a_far_event(tenant, in_scope):
    soon = _event_in(tenant, timedelta(days=3))
    _registered_long_ago(soon, status="cancelled")
    _registered_long_ago(soon, status="waitlisted")
    _registered_long_ago(_event_in(tenant, timedelta(days=30)))
    with in_scope(tenant):
        assert notifications.remind_upcoming_events(tenant=tenant, now=timezone.now()) == 0
    assert mail.outbox == []


def test_a_late_registration_gets_no_week_reminder(tenant, in_scope):
    event = _event_in(tenant, timedelta(days=3))
    RegistrationFactory(event=event, registered_at=timezone.now())
    with in_scope(tenant):
        assert notifications.remind_upcoming_events(tenant=tenant, now=timezone.now()) == 0


def test_the_confirmation_carries_a_valid_ics(
    tenant, make_company_person, in_scope, django_capture_on_commit_callbacks
):
    event = _event_in(tenant, timedelta(days=10))
    person = make_company_person(tenant)
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, user=person)
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "Inscription confirmée" in message.subject
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at


def test_a_confirmation_is_not_sent_twice_for_the_same_round(tenant, make_company_person, in_scope):
    event = _event_in(tenant, timedelta(days=10))
    registration = RegistrationFactory(event=event, user=make_company_person(tenant))
    with in_scope(tenant):
        assert notifications.registration_notice(
            registration=registration, kind=notifications.CONFIRMATION, round_=1
        )
        assert not notifications.registration_notice(
            registration=registration, kind=notifications.CONFIRMATION, round_=1
        )
    assert len(mail.outbox) == 1


def test_the_waiting_list_is_announced(
    tenant, make_company_person, in_scope, django_capture_on_commit_callbacks
):
    event = _event_in(tenant, timedelta(days=10))
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    person = make_company_person(tenant)
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, user=person)
    (message,) = mail.outbox
    assert "attente" in message.subject.lower()
    assert message.attachments == []
