from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clubs.models import Event, Notice
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, ClubMemberFactory, CompanyFactory, EventFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    data = {
        "kind": "workshop",
        "title": "Économies d'énergie : les gestes qui paient",
        "theme": "Énergie",
        "day": day,
        "start_time": "14:00",
        "end_time": "17:00",
        "place": "Maison de l'entreprise",
        "capacity": "12",
        "audience": "programme",
    }
    data.update(overrides)
    return data


def test_a_manager_creates_a_draft_event(client, tenant, make_person, in_scope, url):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(url("event_create"), _data())
    assert response.status_code == 302
    with in_scope(tenant):
        event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    assert timezone.localtime(event.starts_at).hour == 14
    assert str(timezone.localtime(event.starts_at).tzinfo) == "Europe/Paris"


@pytest.mark.parametrize(
    "overrides",
    [
        {"end_time": "13:00"},
        {"kind": "visit"},  # no host company
        {"audience": "club"},  # no club
        {"capacity": "0"},
        {"day": "pas une date"},
    ],
)
def test_bad_input_redisplays_the_form_and_writes_nothing(
    client, tenant, make_person, in_scope, url, overrides
):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(url("event_create"), _data(**overrides))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    with in_scope(tenant):
        assert not Event.objects.exists()


def test_a_company_visit_has_a_host(client, tenant, make_person, in_scope, url):
    host = CompanyFactory(tenant=tenant, name="Néo-Éco Recyclage")
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(url("event_create"), _data(kind="visit", host_company=host.pk))
    assert response.status_code == 302
    with in_scope(tenant):
        assert Event.objects.get().host_company == host


def test_another_tenants_company_cannot_host(client, tenant, other_tenant, make_person, url):
    foreign = CompanyFactory(tenant=other_tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(url("event_create"), _data(kind="visit", host_company=foreign.pk))
    assert response.status_code == 200


def test_a_member_cannot_create_events(client, tenant, make_person, url):
    client.force_login(make_person(tenant, Role.MEMBER))
    assert client.post(url("event_create"), _data()).status_code == 403


def test_publishing_invites_the_club_members_once(
    client, tenant, make_person, in_scope, url, django_capture_on_commit_callbacks
):
    club = ClubFactory(tenant=tenant)
    members = [ClubMemberFactory(club=club).user for _ in range(3)]
    ClubMemberFactory(club=club, status="requested")
    event = EventFactory(
        tenant=tenant, club=club, audience=Event.Audience.CLUB, status=Event.Status.DRAFT
    )
    client.force_login(make_person(tenant, Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("event_publish", pk=event.pk))
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)
    assert "Invitation" in mail.outbox[0].subject
    with in_scope(tenant):
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED
        assert Notice.objects.filter(kind="invitation").count() == 3
        from clubs import services

        assert services.send_invitations(event=event) == 0
    assert len(mail.outbox) == 3


def test_the_event_page_lists_registrations_for_managers_only(
    client, tenant, make_person, make_company_person, url
):
    from .factories import RegistrationFactory

    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant, first_name="Anne", last_name="Delattre-Test")
    RegistrationFactory(event=event, user=person)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(url("event_detail", pk=event.pk)).content.decode()
    assert "Delattre-Test" in body
    assert "/registrations/add/" in body
    client.force_login(make_company_person(tenant))
    body = client.get(url("event_detail", pk=event.pk)).content.decode()
    assert "Delattre-Test" not in body
    assert "/registrations/add/" not in body


def test_cancelling_an_event_tells_the_registered_once(
    client, tenant, make_person, in_scope, django_capture_on_commit_callbacks
):
    from clubs import services
    from clubs.tests.factories import RegistrationFactory

    event = EventFactory(tenant=tenant, title="Visite annulée")
    seated = RegistrationFactory(event=event, status="confirmed")
    waiting = RegistrationFactory(event=event, status="waitlisted")
    RegistrationFactory(event=event, status="cancelled")
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=event, actor=manager)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [seated.user.email, waiting.user.email]
    )
    assert all(message.subject.startswith("Annulé") for message in mail.outbox)
    with in_scope(tenant):
        event.refresh_from_db()
        assert services.send_cancellation_notices(event=event) == 0  # a retry sends nothing
        assert Notice.objects.filter(kind=Notice.Kind.CANCELLATION).count() == 2
    assert len(mail.outbox) == 2
