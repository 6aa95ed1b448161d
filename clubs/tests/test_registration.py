from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clubs import services
from clubs.models import Event, Registration
from rse_platform.mail.selectors import mails
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _status(in_scope, tenant, event, user):
    with in_scope(tenant):
        return Registration.objects.get(event=event, user=user).status


def test_it_registers_in_one_click_with_htmx(client, tenant, make_company_person, in_scope, url):
    event = EventFactory(tenant=tenant, capacity=5)
    person = make_company_person(tenant)
    client.force_login(person)
    response = client.post(url("event_register", pk=event.pk), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="registration-box"' in body
    assert "event_unregister" not in body and "/unregister/" in body
    assert _status(in_scope, tenant, event, person) == Registration.Status.CONFIRMED
    with in_scope(tenant):
        assert AuditEntry.objects.filter(action="event.registered").count() == 1


def test_a_second_click_does_not_register_twice(tenant, make_company_person, in_scope):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    with in_scope(tenant):
        first = services.register(event=event, user=person)
        second = services.register(event=event, user=person)
        assert first.pk == second.pk
        assert Registration.objects.filter(event=event).count() == 1


def test_a_full_event_puts_people_on_the_waiting_list(tenant, make_company_person, in_scope):
    event = EventFactory(tenant=tenant, capacity=2)
    people = [make_company_person(tenant) for _ in range(4)]
    with in_scope(tenant):
        statuses = [services.register(event=event, user=person).status for person in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_cancelling_promotes_the_first_person_waiting(
    tenant, make_company_person, in_scope, django_capture_on_commit_callbacks
):
    event = EventFactory(tenant=tenant, capacity=1)
    seated, first, second = (make_company_person(tenant) for _ in range(3))
    with in_scope(tenant):
        seat = services.register(event=event, user=seated)
        services.register(event=event, user=first)
        services.register(event=event, user=second)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_registration(registration=seat, actor=seated)
    assert _status(in_scope, tenant, event, seated) == "cancelled"
    assert _status(in_scope, tenant, event, first) == "confirmed"
    assert _status(in_scope, tenant, event, second) == "waitlisted"
    assert [message.to for message in mail.outbox] == [[first.email]]
    assert "place" in mail.outbox[0].subject.lower()
    with in_scope(tenant):
        (promotion,) = mails(tenant=tenant, key_prefix="clubs.promotion:")
    assert (
        promotion.recipient == first
        and promotion.key == f"clubs.promotion:event={event.pk}:round=1"
    )


def test_the_waiting_list_shows_the_position(client, tenant, make_company_person, url):
    event = EventFactory(tenant=tenant, capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(
        event=event, status="waitlisted", waitlisted_at=timezone.now() - timedelta(hours=1)
    )
    person = make_company_person(tenant)
    client.force_login(person)
    response = client.post(url("event_register", pk=event.pk), headers={"HX-Request": "true"})
    assert "(position 2)" in response.content.decode()


def test_cancelling_through_the_page(client, tenant, make_company_person, in_scope, url):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    RegistrationFactory(event=event, user=person)
    client.force_login(person)
    response = client.post(url("event_unregister", pk=event.pk))
    assert response.status_code == 302
    assert _status(in_scope, tenant, event, person) == "cancelled"


def test_registering_again_after_cancelling_takes_a_new_round(
    tenant, make_company_person, in_scope
):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    with in_scope(tenant):
        registration = services.register(event=event, user=person)
        services.cancel_registration(registration=registration, actor=person)
        again = services.register(event=event, user=person)
    assert again.pk == registration.pk
    assert again.round == 2 and again.status == "confirmed"


def test_the_deadline_closes_registrations(client, tenant, make_company_person, in_scope, url):
    event = EventFactory(tenant=tenant, registration_deadline=timezone.now() - timedelta(hours=1))
    person = make_company_person(tenant)
    client.force_login(person)
    response = client.post(url("event_register", pk=event.pk), headers={"HX-Request": "true"})
    assert "alert-danger" in response.content.decode()
    with in_scope(tenant):
        assert not Registration.objects.exists()


def test_a_club_event_is_for_the_club_members(tenant, make_company_person, in_scope):
    club = ClubFactory(tenant=tenant)
    event = EventFactory(tenant=tenant, club=club, audience=Event.Audience.CLUB)
    outsider, member = make_company_person(tenant), make_company_person(tenant)
    ClubMemberFactory(club=club, user=member)
    with in_scope(tenant):
        assert services.registration_refusal(event=event, user=outsider)
        assert services.registration_refusal(event=event, user=member) is None
        with pytest.raises(services.ValidationError):
            services.register(event=event, user=outsider)


def test_a_programme_event_needs_a_company(tenant, make_person, in_scope):
    event = EventFactory(tenant=tenant, audience=Event.Audience.PROGRAMME)
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        assert services.registration_refusal(event=event, user=consultant)


def test_drafts_and_past_events_refuse_registrations(tenant, make_company_person, in_scope):
    draft = EventFactory(tenant=tenant, status=Event.Status.DRAFT)
    past = EventFactory(tenant=tenant, starts_at=timezone.now() - timedelta(days=1))
    person = make_company_person(tenant)
    with in_scope(tenant):
        assert services.registration_refusal(event=draft, user=person)
        assert services.registration_refusal(event=past, user=person)


def test_a_manager_registers_someone_on_their_behalf(
    client, tenant, make_person, make_company_person, in_scope, url
):
    club = ClubFactory(tenant=tenant)
    event = EventFactory(
        tenant=tenant,
        club=club,
        audience=Event.Audience.CLUB,
        registration_deadline=timezone.now() - timedelta(hours=1),
    )
    manager = make_person(tenant, Role.MANAGER)
    person = make_company_person(tenant)
    client.force_login(manager)
    response = client.post(url("event_register_someone", pk=event.pk), {"person": person.email})
    assert response.status_code == 302
    with in_scope(tenant):
        registration = Registration.objects.get(event=event, user=person)
    assert registration.registered_by == manager
    assert registration.status == "confirmed"


def test_a_company_member_cannot_register_someone_else(
    client, tenant, make_company_person, in_scope, url
):
    event = EventFactory(tenant=tenant)
    person, other = make_company_person(tenant), make_company_person(tenant)
    client.force_login(person)
    response = client.post(url("event_register_someone", pk=event.pk), {"person": other.email})
    assert response.status_code == 403
    with in_scope(tenant):
        assert not Registration.objects.exists()


def test_a_jury_member_cannot_register(client, tenant, make_person, in_scope, url):
    event = EventFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.JURY))
    assert client.post(url("event_register", pk=event.pk)).status_code == 403
    assert client.get(url("event_detail", pk=event.pk)).status_code == 403


def test_members_do_not_see_drafts(client, tenant, make_company_person, url):
    draft = EventFactory(tenant=tenant, status=Event.Status.DRAFT)
    client.force_login(make_company_person(tenant))
    assert client.get(url("event_detail", pk=draft.pk)).status_code == 404


def test_raising_the_capacity_seats_the_waiting_list(tenant, make_person, in_scope):
    event = EventFactory(tenant=tenant, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted", waitlisted_at=timezone.now())
    with in_scope(tenant):
        services.update_event(event=event, actor=make_person(tenant, Role.MANAGER), capacity=2)
        waiting.refresh_from_db()
    assert waiting.status == "confirmed"
