from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clubs import services
from clubs.models import Event

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    return calendar.walk("VEVENT")


def test_the_personal_feed_lists_my_events_without_login(
    client, tenant, make_company_person, in_scope
):
    person = make_company_person(tenant)
    mine = EventFactory(tenant=tenant, title="Visite de Salti", place="Templeuve-en-Pévèle")
    RegistrationFactory(event=mine, user=person)
    EventFactory(tenant=tenant, title="Pas pour moi")
    cancelled_seat = EventFactory(tenant=tenant, title="Annulé par moi")
    RegistrationFactory(event=cancelled_seat, user=person, status="cancelled")
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=person)
    url = reverse("my_calendar_feed", kwargs={"tenant_slug": tenant.slug, "token": feed.token})
    (vevent,) = _parse(client.get(url))
    assert str(vevent["SUMMARY"]) == "Visite de Salti"
    assert str(vevent["LOCATION"]) == "Templeuve-en-Pévèle"
    assert vevent.decoded("DTSTART") == mine.starts_at
    assert vevent.decoded("DTEND") == mine.ends_at
    assert str(vevent["UID"]).startswith(f"event-{mine.pk}@")
    assert f"/events/{mine.pk}/" in str(vevent["URL"])


def test_a_token_is_long_and_unguessable(tenant, make_company_person, in_scope):
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=make_company_person(tenant))
    assert len(feed.token) >= 40


def test_a_wrong_token_is_not_found(client, tenant):
    url = reverse("my_calendar_feed", kwargs={"tenant_slug": tenant.slug, "token": "devine"})
    assert client.get(url).status_code == 404


def test_another_tenants_token_shows_nothing(
    client, tenant, other_tenant, make_company_person, in_scope
):
    person = make_company_person(tenant)
    RegistrationFactory(event=EventFactory(tenant=tenant), user=person)
    club = ClubFactory(tenant=tenant)
    ClubMemberFactory(club=club, user=person)
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=person)
        club_feed = services.feed_for(tenant=tenant, user=person, club=club)
    for name, token in (("my_calendar_feed", feed.token), ("club_feed", club_feed.token)):
        url = reverse(name, kwargs={"tenant_slug": other_tenant.slug, "token": token})
        assert client.get(url).status_code == 404


def test_a_withdrawn_role_closes_the_feed(client, tenant, make_company_person, in_scope):
    from rse_platform.tenants.models import Membership

    person = make_company_person(tenant)
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=person)
        url = reverse("my_calendar_feed", kwargs={"tenant_slug": tenant.slug, "token": feed.token})
        assert client.get(url).status_code == 200
        Membership.objects.filter(user=person).delete()
    assert client.get(url).status_code == 404


def test_the_club_feed_lists_its_published_events(client, tenant, make_company_person, in_scope):
    club = ClubFactory(tenant=tenant, name="Club des Pionniers")
    member = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    EventFactory(tenant=tenant, club=club, audience="club", title="Atelier énergie")
    EventFactory(
        tenant=tenant, club=club, audience="club", title="Brouillon", status=Event.Status.DRAFT
    )
    EventFactory(
        tenant=tenant,
        club=club,
        audience="club",
        title="Annulé",
        status=Event.Status.CANCELLED,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    EventFactory(tenant=tenant, title="Autre club")
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=member, club=club)
    url = reverse("club_feed", kwargs={"tenant_slug": tenant.slug, "token": feed.token})
    events = {str(vevent["SUMMARY"]): str(vevent["STATUS"]) for vevent in _parse(client.get(url))}
    assert events == {"Atelier énergie": "CONFIRMED", "Annulé": "CANCELLED"}


def test_one_event_downloads_as_ics(client, tenant, make_company_person):
    event = EventFactory(tenant=tenant, title="Journée thématique")
    client.force_login(make_company_person(tenant))
    url = reverse("event_ics", kwargs={"tenant_slug": tenant.slug, "pk": event.pk})
    (vevent,) = _parse(client.get(url))
    assert str(vevent["SUMMARY"]) == "Journée thématique"
