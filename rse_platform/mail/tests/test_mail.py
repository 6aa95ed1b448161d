"""The one mailer: once, only to people who hold a role, in their language, retried on failure."""

import threading
from datetime import datetime, timedelta
from pathlib import Path
from smtplib import SMTPException

import pytest
from django.core import mail as outbox
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, connections
from django.utils import timezone

from rse_platform.mail import services
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent / "templates"
LINK = "https://rse.example.org/pevele-carembault/events/12/"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that answers "try again later"."""

    def send_messages(self, messages):
        raise SMTPException("451 4.3.0 try again later")


class SilentBackend(BaseEmailBackend):
    """A backend that swallows its errors and reports that nothing left."""

    def send_messages(self, messages):
        return 0


REFUSING = f"{__name__}.RefusingBackend"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES]}]


def _send(tenant, **overrides):
    arguments = {
        "tenant": tenant,
        "key": "tests.notice:event=12",
        "template": "mailtest/notice",
        "context": {
            "title": "Visite & atelier",
            "when": timezone.make_aware(datetime(2026, 3, 5, 9, 30)),
            "link": LINK,
        },
    }
    return services.send(**{**arguments, **overrides})


def _ledger(tenant, in_scope):
    with in_scope(tenant):
        return list(OutgoingMail.objects.order_by("pk"))


def test_it_sends_once_when_called_twice(tenant, make_person, in_scope):
    person = make_person(tenant, Role.MEMBER)
    first = _send(tenant, user=person)
    second = _send(tenant, user=person)
    assert first.is_sent and second is None
    assert [message.to for message in outbox.outbox] == [[person.email]]
    [row] = _ledger(tenant, in_scope)
    assert (row.status, row.attempts, row.recipient) == ("sent", 1, person)
    assert row.sent_at is not None


def test_it_sends_again_for_another_key(tenant, make_person):
    person = make_person(tenant, Role.MEMBER)
    _send(tenant, user=person, key="tests.notice:event=12:round=1")
    _send(tenant, user=person, key="tests.notice:event=12:round=2")
    assert len(outbox.outbox) == 2


def test_a_failed_send_is_kept_and_retried_later(tenant, make_person, in_scope, settings):
    person = make_person(tenant, Role.MEMBER)
    settings.EMAIL_BACKEND = REFUSING
    row = _send(tenant, user=person)
    assert row.status == "failed"
    [stored] = _ledger(tenant, in_scope)
    assert (stored.status, stored.attempts) == ("failed", 1)
    assert "451 4.3.0 try again later" in stored.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.retry_failed(tenant=tenant, now=timezone.now()) == 0  # not due yet
    later = timezone.now() + services.RETRY_DELAY
    assert services.retry_failed(tenant=tenant, now=later) == 1
    [stored] = _ledger(tenant, in_scope)
    assert (stored.status, stored.attempts, stored.last_error) == ("sent", 2, "")
    assert [message.to for message in outbox.outbox] == [[person.email]]


def test_nothing_accepted_by_the_backend_is_not_sent(tenant, make_person, in_scope, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SilentBackend"
    assert _send(tenant, user=make_person(tenant, Role.MEMBER)).status == "failed"
    assert _ledger(tenant, in_scope)[0].sent_at is None


def test_a_second_call_retries_a_failed_send_once_due(tenant, make_person, in_scope, settings):
    person = make_person(tenant, Role.MEMBER)
    settings.EMAIL_BACKEND = REFUSING
    _send(tenant, user=person)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert _send(tenant, user=person) is None  # too early: the delay has not passed
    with in_scope(tenant):
        OutgoingMail.objects.update(attempted_at=timezone.now() - services.RETRY_DELAY)
    assert _send(tenant, user=person).is_sent
    assert len(outbox.outbox) == 1


def test_it_gives_up_after_the_maximum_attempts(tenant, make_person, in_scope, settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = REFUSING
    _send(tenant, user=make_person(tenant, Role.MEMBER))
    now = timezone.now()
    for day in range(1, 6):
        services.retry_failed(tenant=tenant, now=now + timedelta(days=day))
    [row] = _ledger(tenant, in_scope)
    assert (row.status, row.attempts) == ("failed", 3)


def test_beat_retries_failed_mails(tenant, make_person, in_scope, settings):
    from rse_platform.tenants.tasks import send_tenant_reminders

    settings.EMAIL_BACKEND = REFUSING
    _send(tenant, user=make_person(tenant, Role.MEMBER))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with in_scope(tenant):
        OutgoingMail.objects.update(attempted_at=timezone.now() - timedelta(hours=1))
    assert send_tenant_reminders(tenant.pk)["mail_retry"] == 1
    assert len(outbox.outbox) == 1


def test_an_abandoned_claim_is_sent_by_the_retry(tenant, make_person, in_scope):
    person = make_person(tenant, Role.MEMBER)
    _send(tenant, user=person)
    outbox.outbox.clear()
    # As if the worker had died between the claim and the backend's answer.
    with in_scope(tenant):
        OutgoingMail.objects.update(status="claimed", sent_at=None)
    assert services.retry_failed(tenant=tenant, now=timezone.now()) == 0
    later = timezone.now() + services.STALE_CLAIM
    assert services.retry_failed(tenant=tenant, now=later) == 1
    assert len(outbox.outbox) == 1


def test_someone_whose_role_ended_gets_nothing(tenant, make_person, in_scope):
    person = make_person(tenant, Role.MEMBER)
    with in_scope(tenant):
        Membership.objects.filter(user=person).delete()
    assert _send(tenant, user=person) is None
    assert outbox.outbox == []
    assert _ledger(tenant, in_scope) == []


def test_a_role_in_another_tenant_is_not_enough(tenant, other_tenant, make_person, in_scope):
    person = make_person(other_tenant, Role.MANAGER)
    assert _send(tenant, user=person) is None
    assert outbox.outbox == []
    assert _ledger(tenant, in_scope) == []


def test_an_inactive_account_gets_nothing(tenant, make_person, in_scope):
    person = make_person(tenant, Role.MEMBER, is_active=False)
    assert _send(tenant, user=person) is None
    assert outbox.outbox == []
    assert _ledger(tenant, in_scope) == []


def test_a_retry_does_not_reach_someone_whose_role_ended(tenant, make_person, in_scope, settings):
    person = make_person(tenant, Role.MEMBER)
    settings.EMAIL_BACKEND = REFUSING
    _send(tenant, user=person)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with in_scope(tenant):
        Membership.objects.filter(user=person).delete()
    assert services.retry_failed(tenant=tenant, now=timezone.now() + timedelta(days=1)) == 0
    assert outbox.outbox == []
    assert _ledger(tenant, in_scope)[0].status == "cancelled"


def test_cancel_pending_stops_the_unsent_mails_of_a_person(
    tenant, other_tenant, make_person, in_scope, settings
):
    person = make_person(tenant, Role.MEMBER)
    make_person(other_tenant, Role.MEMBER, email="same-person-elsewhere@example.org")
    colleague = make_person(tenant, Role.MEMBER)
    settings.EMAIL_BACKEND = REFUSING
    _send(tenant, user=person, key="tests.notice:1")
    _send(tenant, user=colleague, key="tests.notice:1")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _send(tenant, user=person, key="tests.notice:2")  # sent: stays sent
    assert services.cancel_pending(tenant=tenant, user=person) == 1
    with in_scope(tenant):
        statuses = dict(OutgoingMail.objects.filter(recipient=person).values_list("key", "status"))
    assert statuses == {"tests.notice:1": "cancelled", "tests.notice:2": "sent"}
    assert services.retry_failed(tenant=tenant, now=timezone.now() + timedelta(days=1)) == 1
    assert [message.to for message in outbox.outbox] == [[person.email], [colleague.email]]


def test_ending_a_role_cancels_through_the_core_hook(tenant, make_person, in_scope, settings):
    from rse_platform.tenants import registry

    person = make_person(tenant, Role.MEMBER)
    settings.EMAIL_BACKEND = REFUSING
    _send(tenant, user=person)
    registry.role_end_handlers()["mail"](tenant=tenant, user=person)
    assert _ledger(tenant, in_scope)[0].status == "cancelled"


def test_it_writes_in_the_persons_language(tenant, make_person):
    person = make_person(tenant, Role.MEMBER, language="en")
    _send(tenant, user=person)
    [message] = outbox.outbox
    assert message.subject == "Hello, Visite & atelier"
    assert "5 March 2026" in message.body  # en-GB
    assert "because you hold a role in Pévèle Carembault" in message.body
    assert "5 March 2026" in message.alternatives[0].content
    assert '<html lang="en"' in message.alternatives[0].content


def test_it_writes_in_french_by_default(tenant, make_person, in_scope):
    _send(tenant, user=make_person(tenant, Role.MEMBER), language="en")
    [message] = outbox.outbox
    assert message.subject == "Bonjour, Visite & atelier"  # plain text: "&" is not escaped
    assert "5 mars 2026" in message.body
    assert "parce que vous avez un rôle dans Pévèle Carembault" in message.body
    assert _ledger(tenant, in_scope)[0].language == "fr"


def test_an_address_without_account_gets_the_language_given(tenant, in_scope):
    invitation = InvitationFactory(tenant=tenant, email="new@example.org", language="en")
    from rse_platform.tenants.notifications import send_invitation_email

    send_invitation_email(invitation=invitation, base_url="https://rse.example.org")
    [message] = outbox.outbox
    assert message.subject == "Your invitation to Pévèle Carembault"
    assert "You are invited to join Pévèle Carembault" in message.body
    [row] = _ledger(tenant, in_scope)
    assert (row.recipient, row.email, row.language) == (None, "new@example.org", "en")


def test_it_sends_an_html_alternative_with_the_button(tenant, make_person):
    _send(tenant, user=make_person(tenant, Role.MEMBER))
    [message] = outbox.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    # One button, table-based so that every client draws it, then the address in full.
    assert html.count('class="button"') == 1
    assert f'<a class="button" href="{LINK}"' in html and ">Visite &amp; atelier</a>" in html
    assert 'role="presentation"' in html and 'bgcolor="#146c43"' in html
    assert f'<a href="{LINK}"' in html
    assert ">Pévèle Carembault</td>" in html
    assert LINK in message.body


def test_it_keeps_the_attachments_for_a_retry(tenant, make_person, settings):
    settings.EMAIL_BACKEND = REFUSING
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    _send(
        tenant,
        user=make_person(tenant, Role.MEMBER),
        attachments=[("evenement.ics", ics, "text/calendar")],
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.retry_failed(tenant=tenant, now=timezone.now() + timedelta(days=1))
    [message] = outbox.outbox
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("evenement.ics", "text/calendar")
    assert content == ics.decode()


def test_it_refuses_large_attachments(tenant, make_person, in_scope):
    big = b"x" * (services.MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(ValueError):
        _send(
            tenant,
            user=make_person(tenant, Role.MEMBER),
            attachments=[("report.pdf", big, "application/pdf")],
        )
    assert _ledger(tenant, in_scope) == []


def test_it_replies_to_the_tenants_contact(tenant, make_person):
    tenant.contact_email = "rse@pevelecarembault.fr"
    tenant.save()
    _send(tenant, user=make_person(tenant, Role.MEMBER))
    assert outbox.outbox[0].reply_to == ["rse@pevelecarembault.fr"]


def test_queue_takes_ids_not_rows(tenant):
    from rse_platform.tenants.tasks import send_invitation

    with pytest.raises(TypeError):
        services.queue(send_invitation, tenant)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_sends_produce_one_email(tenant, make_person, in_scope):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (run it through `make test`)")
    person = make_person(tenant, Role.MEMBER)
    count = 6
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(_send(tenant, user=person))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(outbox.outbox) == 1
    assert sum(result is not None for result in results) == 1
    assert [row.status for row in _ledger(tenant, in_scope)] == ["sent"]
