"""RSVP "excusé·e": a person who cannot come says why, before the event or at the check-in, and
is counted apart from the no-shows in every figure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clubs import selectors, services
from clubs.models import Registration
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _today_event(tenant, **fields):
    starts = timezone.now() - timedelta(minutes=30)
    return EventFactory(
        tenant=tenant, starts_at=starts, ends_at=starts + timedelta(hours=3), **fields
    )


def _registration(in_scope, tenant, event, user):
    with in_scope(tenant):
        return Registration.objects.filter(event=event, user=user).first()


def test_a_registered_person_excuses_themselves_and_the_waiting_list_moves_on(
    client, tenant, make_company_person, in_scope, url
):
    event = EventFactory(tenant=tenant, capacity=1)
    person, waiting = make_company_person(tenant), make_company_person(tenant)
    with in_scope(tenant):
        services.register(event=event, user=person)
        services.register(event=event, user=waiting)
    client.force_login(person)
    response = client.post(
        url("event_excuse", pk=event.pk),
        {"excuse": "Salon professionnel ce jour-là"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Salon professionnel ce jour-là" in body and 'data-testid="registration-status"' in body
    seat = _registration(in_scope, tenant, event, person)
    assert (seat.status, seat.excuse) == ("excused", "Salon professionnel ce jour-là")
    assert seat.excused_at is not None
    assert _registration(in_scope, tenant, event, waiting).status == "confirmed"
    with in_scope(tenant):
        assert AuditEntry.objects.filter(action="event.excused").count() == 1


def test_a_club_member_without_a_seat_answers_the_invitation_no(
    client, tenant, make_company_person, in_scope, url
):
    club = ClubFactory(tenant=tenant)
    event = EventFactory(tenant=tenant, club=club, audience="club")
    member = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    client.force_login(member)
    response = client.post(url("event_excuse", pk=event.pk), {"excuse": "En congés"})
    assert response.status_code == 302
    assert _registration(in_scope, tenant, event, member).status == "excused"
    assert "En congés" in client.get(url("event_detail", pk=event.pk)).content.decode()


def test_an_excused_person_registers_again_in_a_new_round(tenant, make_company_person, in_scope):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    with in_scope(tenant):
        services.excuse(event=event, user=person, reason="Rendez-vous client")
        registration = services.register(event=event, user=person)
    assert (registration.status, registration.excuse, registration.round) == ("confirmed", "", 2)


def test_an_empty_reason_is_refused_and_nothing_is_written(
    client, tenant, make_company_person, in_scope, url
):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    RegistrationFactory(event=event, user=person)
    client.force_login(person)
    response = client.post(
        url("event_excuse", pk=event.pk), {"excuse": "   "}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert _registration(in_scope, tenant, event, person).status == "confirmed"


def test_a_too_long_reason_is_refused(client, tenant, make_company_person, in_scope, url):
    event = EventFactory(tenant=tenant)
    person = make_company_person(tenant)
    RegistrationFactory(event=event, user=person)
    client.force_login(person)
    client.post(url("event_excuse", pk=event.pk), {"excuse": "x" * 501})
    assert _registration(in_scope, tenant, event, person).status == "confirmed"


def test_nobody_excuses_themselves_once_the_event_has_started(
    client, tenant, make_company_person, in_scope, url
):
    event = _today_event(tenant)
    person = make_company_person(tenant)
    RegistrationFactory(event=event, user=person)
    client.force_login(person)
    client.post(url("event_excuse", pk=event.pk), {"excuse": "Trop tard"})
    assert _registration(in_scope, tenant, event, person).status == "confirmed"


def test_a_person_outside_a_members_only_event_cannot_excuse_themselves(
    client, tenant, make_company_person, in_scope, url
):
    club = ClubFactory(tenant=tenant)
    event = EventFactory(tenant=tenant, club=club, audience="club")
    ClubMemberFactory(club=club, status="requested", user=make_company_person(tenant))
    outsider = make_company_person(tenant)
    client.force_login(outsider)
    assert client.post(url("event_excuse", pk=event.pk), {"excuse": "x"}).status_code == 404
    with in_scope(tenant):
        assert not Registration.objects.filter(event=event).exists()


def test_a_jury_member_and_another_tenant_cannot_excuse(
    client, tenant, other_tenant, make_person, in_scope, url
):
    event = EventFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.JURY))
    assert client.post(url("event_excuse", pk=event.pk), {"excuse": "x"}).status_code == 403
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.post(url("event_excuse", pk=event.pk), {"excuse": "x"}).status_code == 404
    with in_scope(tenant):
        assert not Registration.objects.filter(event=event).exists()


def test_a_manager_records_an_excuse_at_the_check_in(client, tenant, make_person, in_scope, url):
    event = _today_event(tenant)
    seat = RegistrationFactory(event=event)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        url("registration_excuse", pk=seat.pk),
        {"excuse": "A prévenu : enfant malade"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "is-excused" in body and "<html" not in body
    with in_scope(tenant):
        seat.refresh_from_db()
    assert (seat.status, seat.excuse, seat.attended) == (
        "excused",
        "A prévenu : enfant malade",
        None,
    )
    page = client.get(url("event_check_in", pk=event.pk)).content.decode()
    assert "enfant malade" in page and "is-excused" in page


def test_checking_in_an_excused_person_who_came_after_all(
    client, tenant, make_person, in_scope, url
):
    event = _today_event(tenant)
    seat = RegistrationFactory(event=event, status="excused", excuse="Pensait être absent")
    client.force_login(make_person(tenant, Role.MANAGER))
    client.post(url("registration_attendance", pk=seat.pk), {"attended": "1"})
    with in_scope(tenant):
        seat.refresh_from_db()
    assert (seat.status, seat.attended, seat.excuse) == ("confirmed", True, "")


def test_the_check_in_excuse_needs_a_reason_and_the_day(client, tenant, make_person, in_scope, url):
    today, later = _today_event(tenant), EventFactory(tenant=tenant)
    seat, future_seat = RegistrationFactory(event=today), RegistrationFactory(event=later)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        url("registration_excuse", pk=seat.pk), {"excuse": ""}, headers={"HX-Request": "true"}
    )
    assert 'role="alert"' in response.content.decode()
    client.post(url("registration_excuse", pk=future_seat.pk), {"excuse": "Malade"})
    with in_scope(tenant):
        assert Registration.objects.get(pk=seat.pk).status == "confirmed"
        assert Registration.objects.get(pk=future_seat.pk).status == "confirmed"


def test_only_the_team_and_the_facilitator_record_excuses(
    client, tenant, other_tenant, make_person, in_scope, url
):
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        club = services.create_club(
            tenant=tenant, actor=None, name="Club des Pionniers", facilitator=consultant
        )
    event = _today_event(tenant, club=club, audience="open")
    seats = [RegistrationFactory(event=event) for _ in range(4)]
    for person, seat, status in [
        (make_person(tenant, Role.MEMBER), seats[0], 403),
        (make_person(tenant, Role.CONSULTANT), seats[1], 403),
        (make_person(other_tenant, Role.MANAGER), seats[2], 404),
        (consultant, seats[3], 302),
    ]:
        client.force_login(person)
        response = client.post(url("registration_excuse", pk=seat.pk), {"excuse": "Malade"})
        assert response.status_code == status
    with in_scope(tenant):
        statuses = [Registration.objects.get(pk=seat.pk).status for seat in seats]
    assert statuses == ["confirmed", "confirmed", "confirmed", "excused"]


def test_excused_people_are_counted_apart_from_no_shows(client, tenant, make_person, in_scope, url):
    club = ClubFactory(tenant=tenant, name="Club des Pionniers")
    company = CompanyFactory(tenant=tenant, name="Menuiseries Delcourt")
    event = _today_event(tenant, club=club, audience="club")
    for _ in range(3):
        RegistrationFactory(event=event, company=company, attended=True)
    RegistrationFactory(event=event, company=company, attended=False)
    for reason in ("Malade", "Salon"):
        RegistrationFactory(event=event, company=company, status="excused", excuse=reason)
    with in_scope(tenant):
        (row,) = selectors.club_figures(tenant=tenant)
        event_row = selectors.event_figures(tenant=tenant).get()
        company_row = selectors.company_participation(tenant=tenant).get()
        summary = selectors.programme_summary(tenant=tenant)
    # 3 present out of 3 + 1 no-show: the two excused are left out of the rate.
    assert (row["present"], row["absent"], row["excused"], row["rate"]) == (3, 1, 2, 75)
    assert (event_row.absent, event_row.excused, round(event_row.rate)) == (1, 2, 75)
    assert (company_row["no_shows"], company_row["excused"], company_row["seats"]) == (1, 2, 4)
    assert (summary["rate"], summary["no_shows"], summary["excused"]) == (75, 1, 2)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(url("club_figures")).content.decode()
    assert 'data-testid="excused-apart"' in body and "75 %" in body


def test_the_event_page_counts_excused_people(client, tenant, make_person, url):
    event = EventFactory(tenant=tenant)
    RegistrationFactory(event=event, status="excused", excuse="Déplacement à Lyon")
    RegistrationFactory(event=event)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("event_detail", pk=event.pk))
    assert response.context["counts"]["excused"] == 1
    assert "Déplacement à Lyon" in response.content.decode()
