"""Reminders through Redis and a real Celery worker process, on PostgreSQL.

Beat firing twice and a retried task must not send a reminder twice: the claim in the database
(one row of the mail ledger per key and address) is what guarantees it, not the worker's memory.
"""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rse_platform.tenants.tasks import dispatch_reminders, send_tenant_reminders
from tests.test_celery_worker import worker  # noqa: F401 — the shared fixture

from .factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SEPARATOR = "-" * 79  # the file backend may append several messages to one file


def _messages(mail_dir):
    texts = (path.read_text() for path in sorted(mail_dir.glob("*.log")))
    return [part for text in texts for part in text.split(SEPARATOR) if "Subject:" in part]


def _wait_for_messages(mail_dir, count, timeout=30):
    deadline = time.monotonic() + timeout
    while len(_messages(mail_dir)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return _messages(mail_dir)


def test_each_reminder_leaves_once_even_when_beat_fires_twice(tenant, worker):  # noqa: F811
    starts = (timezone.now() + timedelta(days=6)).replace(microsecond=0)
    event = EventFactory(
        tenant=tenant,
        title="Visite de Salti",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    people = [
        RegistrationFactory(event=event, registered_at=starts - timedelta(days=20)).user
        for _ in range(3)
    ]
    dispatch_reminders.delay()
    dispatch_reminders.delay()
    send_tenant_reminders.delay(tenant.pk)  # a retry of the tenant's reminders task
    send_tenant_reminders.delay(tenant.pk)
    _wait_for_messages(worker, 3)
    time.sleep(3)  # give a duplicate the time to show up
    messages = _messages(worker)
    assert len(messages) == 3
    for person in people:
        assert sum(person.email in message for message in messages) == 1
    assert all("Visite de Salti" in message for message in messages)


def test_the_worker_sends_the_confirmation_with_its_ics(
    client,
    tenant,
    make_person,
    worker,  # noqa: F811
):
    from companies.models import CompanyMember
    from rse_platform.tenants.roles import Role
    from tests.factories import CompanyMemberFactory

    event = EventFactory(tenant=tenant, title="Atelier énergie")
    person = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(
        company__tenant=tenant, user=person, position=CompanyMember.Position.LEADER
    )
    client.force_login(person)
    url = reverse("event_register", kwargs={"tenant_slug": tenant.slug, "pk": event.pk})
    assert client.post(url).status_code == 302
    (message,) = _wait_for_messages(worker, 1)
    assert person.email in message
    assert "text/calendar" in message
    assert "BEGIN:VCALENDAR" in message or "QkVHSU46VkNBTEVOREFS" in message
