from datetime import timedelta

import pytest
from django.utils import timezone

from clubs import selectors, services
from clubs.models import Event, Registration, SurveyAnswer
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import ClubFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _today_event(tenant, **fields):
    starts = timezone.now() - timedelta(minutes=30)
    return EventFactory(
        tenant=tenant, starts_at=starts, ends_at=starts + timedelta(hours=3), **fields
    )


def test_a_manager_checks_someone_in_with_htmx(client, tenant, make_person, in_scope, url):
    event = _today_event(tenant)
    registration = RegistrationFactory(event=event)
    client.force_login(make_person(tenant, Role.MANAGER))
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 200
    response = client.post(
        url("registration_attendance", pk=registration.pk),
        {"attended": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "is-present" in response.content.decode()
    assert "<html" not in response.content.decode()
    with in_scope(tenant):
        registration.refresh_from_db()
    assert registration.attended is True and registration.checked_in_at is not None


def test_attendance_waits_for_the_day_of_the_event(client, tenant, make_person, in_scope, url):
    event = EventFactory(tenant=tenant)  # in ten days
    registration = RegistrationFactory(event=event)
    client.force_login(make_person(tenant, Role.MANAGER))
    client.post(url("registration_attendance", pk=registration.pk), {"attended": "1"})
    with in_scope(tenant):
        registration.refresh_from_db()
    assert registration.attended is None


def test_no_shows_are_recorded(client, tenant, make_person, in_scope, url):
    event = _today_event(tenant)
    present = RegistrationFactory(event=event, attended=True)
    missing = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    client.force_login(make_person(tenant, Role.MANAGER))
    assert client.post(url("event_no_shows", pk=event.pk)).status_code == 302
    with in_scope(tenant):
        attended = dict(Registration.objects.values_list("pk", "attended"))
    assert attended == {present.pk: True, missing.pk: False, waiting.pk: None}


def test_a_company_member_cannot_open_the_check_in_list(client, tenant, make_person, in_scope, url):
    event = _today_event(tenant)
    registration = RegistrationFactory(event=event)
    client.force_login(make_person(tenant, Role.MEMBER))
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 403
    response = client.post(url("registration_attendance", pk=registration.pk), {"attended": "1"})
    assert response.status_code == 403
    with in_scope(tenant):
        registration.refresh_from_db()
    assert registration.attended is None


def test_the_clubs_facilitator_checks_people_in(client, tenant, make_person, in_scope, url):
    consultant = make_person(tenant, Role.CONSULTANT)
    other_consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        club = services.create_club(
            tenant=tenant, actor=None, name="Club des Pionniers", facilitator=consultant
        )
    event = _today_event(tenant, club=club, audience="club")
    open_event = _today_event(tenant, club=club, audience="open")
    client.force_login(other_consultant)
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 404  # members only
    assert client.get(url("event_check_in", pk=open_event.pk)).status_code == 403
    client.force_login(consultant)
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 200
    assert client.get(url("event_check_in", pk=open_event.pk)).status_code == 200


def test_a_participant_answers_the_survey(client, tenant, make_company_person, in_scope, url):
    event = _today_event(tenant)
    person = make_company_person(tenant)
    RegistrationFactory(event=event, user=person, attended=True)
    client.force_login(person)
    response = client.post(url("event_survey", pk=event.pk), {"rating": "4", "comment": "Utile"})
    assert response.status_code == 302
    client.post(url("event_survey", pk=event.pk), {"rating": "5", "comment": "Très utile"})
    with in_scope(tenant):
        answer = SurveyAnswer.objects.get()
    assert (answer.rating, answer.comment) == (5, "Très utile")


@pytest.mark.parametrize("rating", ["0", "6", "x"])
def test_a_rating_outside_1_to_5_is_refused(
    client, tenant, make_company_person, in_scope, url, rating
):
    event = _today_event(tenant)
    person = make_company_person(tenant)
    RegistrationFactory(event=event, user=person, attended=True)
    client.force_login(person)
    client.post(url("event_survey", pk=event.pk), {"rating": rating})
    with in_scope(tenant):
        assert not SurveyAnswer.objects.exists()


def test_only_participants_answer_the_survey(tenant, make_company_person, in_scope):
    event = _today_event(tenant)
    absent = make_company_person(tenant)
    RegistrationFactory(event=event, user=absent, attended=False)
    with in_scope(tenant), pytest.raises(services.ValidationError):
        services.answer_survey(event=event, user=absent, rating=5)


def test_topics_treated_are_listed_for_the_directory(client, tenant, make_person, in_scope, url):
    event = _today_event(tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    client.post(url("event_topics", pk=event.pk), {"topics": "Économie circulaire\n\nMobilité\n"})
    with in_scope(tenant):
        topics = list(selectors.topics_treated(events=Event.objects.all()))
    assert sorted(topic["label"] for topic in topics) == ["Mobilité", "Économie circulaire"]
    assert all(topic["events"] == 1 for topic in topics)


def test_attendance_feeds_the_company_timeline(tenant, in_scope):
    company = CompanyFactory(tenant=tenant, name="Salti Location")
    event = _today_event(tenant, title="Visite de Néo-Éco", kind="visit", host_company=company)
    RegistrationFactory(event=event, company=company, attended=True)
    RegistrationFactory(event=event, company=company, attended=True)
    RegistrationFactory(event=event, company=company, attended=False)
    with in_scope(tenant):
        entries = registry.timeline_for(company=company)
    titles = [(entry.title, entry.detail) for entry in entries if entry.kind == "event"]
    assert any(title == "Visite de Néo-Éco" and "2" in detail for title, detail in titles)
    assert len(titles) == 2  # attended, and hosted


def test_the_figures_give_rates_participation_and_satisfaction(
    client, tenant, make_person, in_scope, url
):
    club = ClubFactory(tenant=tenant, name="Club des Pionniers")
    company = CompanyFactory(tenant=tenant, name="Électricité Vanhove")
    event = _today_event(tenant, club=club, audience="club")
    seats = [RegistrationFactory(event=event, company=company, attended=True) for _ in range(3)]
    RegistrationFactory(event=event, attended=False)
    for seat, rating in zip(seats, (3, 4, 5), strict=True):
        SurveyAnswer.objects.create(tenant=tenant, event=event, user=seat.user, rating=rating)
    with in_scope(tenant):
        (row,) = selectors.club_figures(tenant=tenant)
        (event_row,) = selectors.event_figures(tenant=tenant)
        (company_row,) = selectors.company_participation(tenant=tenant)
    assert (row["present"], row["absent"], row["rate"]) == (3, 1, 75)
    assert row["satisfaction"] == 4
    assert (event_row.rate, event_row.satisfaction) == (75, 4)
    assert (company_row["company__name"], company_row["attendances"]) == ("Électricité Vanhove", 3)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(url("club_figures")).content.decode()
    assert "75 %" in body and "Électricité Vanhove" in body
    client.force_login(make_person(tenant, Role.MEMBER))
    assert client.get(url("club_figures")).status_code == 403


def test_a_new_facilitator_takes_the_check_in_over(client, tenant, make_person, in_scope, url):
    former, new = make_person(tenant, Role.CONSULTANT), make_person(tenant, Role.CONSULTANT)
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        club = services.create_club(tenant=tenant, actor=manager, name="Club", facilitator=former)
    event = _today_event(tenant, club=club, audience="open")
    client.force_login(manager)
    assert (
        client.get(url("club_edit", pk=club.pk)).context["form"]["facilitator"].value() == former.pk
    )
    data = {"name": "Club", "kind": "regular", "facilitator": new.pk}
    assert client.post(url("club_edit", pk=club.pk), data).status_code == 302
    client.force_login(former)
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 403
    client.force_login(new)
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 200
