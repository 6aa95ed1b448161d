from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clubs import notifications
from clubs.models import Event
from rse_platform.mail.selectors import mails
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import ClubFactory, ClubMemberFactory, EventFactory

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
        assert mails(tenant=tenant, key_prefix="clubs.invitation:").count() == 3
        assert notifications.invitations(event=event) == 0
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
        assert notifications.cancellation_notices(event=event) == 0  # a retry sends nothing
        assert mails(tenant=tenant, key_prefix="clubs.cancellation:").count() == 2
    assert len(mail.outbox) == 2


def test_a_manager_edits_an_event(client, tenant, make_person, in_scope, url):
    starts = timezone.make_aware(timezone.datetime(2031, 5, 12, 9, 0))
    event = EventFactory(
        tenant=tenant,
        title="Atelier mobilité",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        registration_deadline=starts - timedelta(days=2),
    )
    client.force_login(make_person(tenant, Role.MANAGER))
    form = client.get(url("event_edit", pk=event.pk)).context["form"]
    assert (form["day"].value(), form["start_time"].value()) == (starts.date(), starts.time())
    assert form["closes_on"].value() == (starts - timedelta(days=2)).date()
    data = _data(title="Atelier mobilité douce", day="2031-05-13", audience="open")
    response = client.post(url("event_edit", pk=event.pk), data)
    assert response.status_code == 302
    with in_scope(tenant):
        event.refresh_from_db()
    assert event.title == "Atelier mobilité douce"
    assert timezone.localtime(event.starts_at).date().isoformat() == "2031-05-13"


def test_a_bad_edit_changes_nothing(client, tenant, make_person, in_scope, url):
    event = EventFactory(tenant=tenant, title="Atelier mobilité")
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(url("event_edit", pk=event.pk), _data(title="", end_time="08:00"))
    assert response.status_code == 200
    with in_scope(tenant):
        event.refresh_from_db()
    assert event.title == "Atelier mobilité"
