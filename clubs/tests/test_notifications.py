"""The clubs' e-mails go through the platform's mailer: once per key, in the person's language,
as text and HTML, only to people who hold a role."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from clubs import notifications, services
from rse_platform.mail.selectors import mails

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_it_writes_to_each_person_in_their_language(
    tenant, make_company_person, in_scope, django_capture_on_commit_callbacks
):
    event = EventFactory(tenant=tenant, title="Atelier énergie")
    french, english = make_company_person(tenant), make_company_person(tenant, language="en")
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, user=french)
        services.register(event=event, user=english)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        french.email: "Inscription confirmée : Atelier énergie",
        english.email: "Registration confirmed: Atelier énergie",
    }
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert f"/events/{event.pk}/" in html and "Atelier énergie" in html


def test_a_new_round_gets_a_new_confirmation(
    tenant, make_company_person, in_scope, django_capture_on_commit_callbacks
):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    with in_scope(tenant):
        with django_capture_on_commit_callbacks(execute=True):
            registration = services.register(event=event, user=person)
        services.cancel_registration(registration=registration, actor=person)
        with django_capture_on_commit_callbacks(execute=True):
            services.register(event=event, user=person)
        keys = sorted(mails(tenant=tenant, key_prefix="clubs.").values_list("key", flat=True))
    assert keys == [
        f"clubs.confirmation:event={event.pk}:round=1",
        f"clubs.confirmation:event={event.pk}:round=2",
    ]
    assert len(mail.outbox) == 2


def test_a_step_overtaken_by_a_newer_one_sends_nothing(tenant, make_company_person, in_scope):
    event = EventFactory(tenant=tenant)
    registration = RegistrationFactory(event=event, user=make_company_person(tenant), round=2)
    with in_scope(tenant):
        assert not notifications.registration_notice(
            registration=registration, kind=notifications.CONFIRMATION, round_=1
        )
        assert not notifications.registration_notice(
            registration=registration, kind=notifications.WAITLISTED, round_=2
        )
    assert mail.outbox == []


def test_a_person_without_a_role_is_not_reminded(tenant, in_scope):
    from rse_platform.tenants.models import Membership

    starts = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    event = EventFactory(tenant=tenant, starts_at=starts, ends_at=starts + timedelta(hours=2))
    seat = RegistrationFactory(event=event, registered_at=starts - timedelta(days=20))
    with in_scope(tenant):
        Membership.objects.filter(user=seat.user).delete()
        assert notifications.remind_upcoming_events(tenant=tenant, now=timezone.now()) == 0
    assert mail.outbox == []


def _imports(module):
    tree = ast.parse((Path(__file__).parents[1] / f"{module}.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names.update(alias.name for alias in node.names)
            names.add(node.module or "")
    return names


def test_tasks_and_notifications_never_import_the_services():
    assert "services" not in _imports("tasks")
    assert "services" not in _imports("notifications")
    assert "tasks" not in _imports("notifications")
