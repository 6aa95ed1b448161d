"""Malformed ids and values in addresses, query strings and forms: a 404 or a form error, never
a server error, and nothing written."""

import re

import pytest
from django.urls import URLPattern

from clubs.models import ClubMember, Event, Registration
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
NOT_IDS = ["abc", HUGE, "-1", "1.5", "①", "1 OR 1=1"]


@pytest.fixture
def manager(client, tenant, make_person):
    user = make_person(tenant, Role.MANAGER)
    client.force_login(user)
    return user


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_malformed_club_in_the_new_event_address_is_not_found(client, manager, url, value):
    assert client.get(url("event_create"), {"club": value}).status_code == 404


def test_another_tenants_club_in_the_new_event_address_is_not_found(
    client, manager, other_tenant, url
):
    foreign = ClubFactory(tenant=other_tenant)
    assert client.get(url("event_create"), {"club": foreign.pk}).status_code == 404


def test_a_club_in_the_new_event_address_is_preselected(client, tenant, manager, url):
    club = ClubFactory(tenant=tenant)
    response = client.get(url("event_create"), {"club": club.pk})
    assert response.status_code == 200
    assert response.context["form"].initial == {"club": club.pk, "audience": "club"}


@pytest.mark.parametrize("value", NOT_IDS)
def test_malformed_ids_in_forms_are_form_errors(client, tenant, manager, in_scope, url, value):
    club = ClubFactory(tenant=tenant)
    event = EventFactory(tenant=tenant)
    data = {
        "club": value,
        "host_company": value,
        "kind": "workshop",
        "title": "Atelier",
        "day": "2031-05-12",
        "start_time": "09:00",
        "end_time": "12:00",
        "audience": "club",
    }
    response = client.post(url("event_create"), data)
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert client.post(url("club_member_add", pk=club.pk), {"person": value}).status_code == 302
    response = client.post(url("event_register_someone", pk=event.pk), {"person": value})
    assert response.status_code == 302
    data = {"name": "Club", "kind": "regular", "facilitator": value, "positions": [value]}
    assert client.post(url("club_create"), data).status_code == 200
    with in_scope(tenant):
        assert Event.objects.count() == 1
        assert not ClubMember.objects.exists() and not Registration.objects.exists()


def test_unknown_choices_and_values_are_form_errors(client, tenant, manager, in_scope, url):
    event = EventFactory(tenant=tenant)
    data = {"kind": "rave", "title": "x" * 500, "day": "2031-02-30", "start_time": "25:00"}
    response = client.post(url("event_create"), {**data, "audience": "galaxy", "capacity": HUGE})
    assert response.status_code == 200
    response = client.post(url("event_survey", pk=event.pk), {"rating": HUGE})
    assert response.status_code == 302
    RegistrationFactory(event=event)
    response = client.post(url("registration_attendance", pk=HUGE), {"attended": "①"})
    assert response.status_code == 404
    with in_scope(tenant):
        assert Event.objects.count() == 1


def _clubs_get_routes():
    from clubs import urls

    return [entry for entry in urls.urlpatterns if isinstance(entry, URLPattern)]


@pytest.mark.parametrize("value", [HUGE, "0"])
def test_every_clubs_page_answers_huge_and_unknown_ids_without_error(
    client, tenant, manager, value
):
    for entry in _clubs_get_routes():
        route = re.sub(r"<int:\w+>", value, str(entry.pattern))
        route = re.sub(r"<str:\w+>", "x", route)
        for method in ("get", "post"):
            response = getattr(client, method)(f"/{tenant.slug}/{route}")
            assert response.status_code < 500, (method, route)


@pytest.mark.parametrize("month", ["99999-01", "2026-13", "0-0", "①-②", "2026-02-30", HUGE])
def test_the_calendar_shows_this_month_for_a_malformed_month(client, manager, url, month):
    assert client.get(url("event_calendar"), {"month": month}).status_code == 200


@pytest.mark.parametrize("when", ["past", "future", "①", HUGE])
def test_the_list_answers_any_when(client, manager, url, when):
    assert client.get(url("event_list"), {"when": when}).status_code == 200
