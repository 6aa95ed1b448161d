"""The clubs' lists (events, registrations, clubs, members, figures) filter, sort and page in the
database, and cost the same number of queries at two sizes, page 2 included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

SWAP = {"HX-Request": "true"}


@pytest.fixture
def manager(client, tenant, make_person):
    user = make_person(tenant, Role.MANAGER)
    client.force_login(user)
    return user


def _titles(response):
    return [event.title for event in response.context["table"].rows]


def _past(tenant, days, **fields):
    starts = timezone.now() - timedelta(days=days)
    return EventFactory(
        tenant=tenant, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )


# --- Events --------------------------------------------------------------------------------


def test_the_event_list_filters_by_period_club_and_status(client, tenant, manager, url):
    club = ClubFactory(tenant=tenant)
    EventFactory(tenant=tenant, title="Atelier ouvert")
    EventFactory(tenant=tenant, title="Visite du club", club=club, audience="club")
    EventFactory(tenant=tenant, title="Atelier annulé", status="cancelled")
    EventFactory(tenant=tenant, title="Brouillon", status="draft")
    _past(tenant, 20, title="Atelier passé")
    listed = _titles(client.get(url("event_list")))
    assert sorted(listed) == ["Atelier annulé", "Atelier ouvert", "Brouillon", "Visite du club"]
    assert _titles(client.get(url("event_list"), {"when": "past"})) == ["Atelier passé"]
    assert _titles(client.get(url("event_list"), {"club": club.pk})) == ["Visite du club"]
    assert _titles(client.get(url("event_list"), {"status": "cancelled"})) == ["Atelier annulé"]


@pytest.mark.parametrize("query", [{"club": "abc"}, {"club": "999999"}, {"status": "nope"}])
def test_a_bad_filter_is_left_out(client, tenant, manager, url, query):
    EventFactory(tenant=tenant, title="Atelier ouvert")
    response = client.get(url("event_list"), query)
    assert response.status_code == 200 and _titles(response) == ["Atelier ouvert"]


def test_another_tenants_club_is_no_filter(client, tenant, other_tenant, manager, url):
    EventFactory(tenant=tenant, title="Atelier ouvert")
    foreign = ClubFactory(tenant=other_tenant)
    assert _titles(client.get(url("event_list"), {"club": foreign.pk})) == ["Atelier ouvert"]


def test_members_cannot_filter_drafts_into_view(client, tenant, make_company_person, url):
    EventFactory(tenant=tenant, title="Brouillon", status="draft")
    client.force_login(make_company_person(tenant))
    assert _titles(client.get(url("event_list"), {"status": "draft"})) == []


def test_the_event_list_sorts_by_date_title_and_fill_rate(client, tenant, manager, url):
    soon = timezone.now() + timedelta(days=2)
    full = EventFactory(tenant=tenant, title="Complet", capacity=2, starts_at=soon + timedelta(1))
    half = EventFactory(tenant=tenant, title="À moitié", capacity=4, starts_at=soon)
    EventFactory(tenant=tenant, title="Sans limite", capacity=None, starts_at=soon + timedelta(2))
    for event, seats in ((full, 2), (half, 2)):
        for _ in range(seats):
            RegistrationFactory(event=event)
    assert _titles(client.get(url("event_list"))) == ["À moitié", "Complet", "Sans limite"]
    by_fill = _titles(client.get(url("event_list"), {"sort": "-fill"}))
    assert by_fill == ["Complet", "À moitié", "Sans limite"]  # no capacity: last
    by_title = _titles(client.get(url("event_list"), {"sort": "title"}))
    assert by_title == ["À moitié", "Complet", "Sans limite"]  # accents ignored
    past = [_past(tenant, days, title=f"Passé {days}") for days in (30, 10)]
    assert _titles(client.get(url("event_list"), {"when": "past"})) == [
        event.title for event in reversed(past)
    ]  # the latest first


def test_the_event_list_pages_and_swaps_with_htmx(client, tenant, manager, url):
    for index in range(55):
        EventFactory(
            tenant=tenant,
            title=f"Atelier {index:02d}",
            starts_at=timezone.now() + timedelta(days=1 + index),
        )
    first = client.get(url("event_list"))
    assert first.context["table"].count == 55 and 'rel="next"' in first.content.decode()
    swap = client.get(url("event_list"), {"page": 2}, headers={**SWAP, "HX-Target": "event-table"})
    body = swap.content.decode()
    assert "<html" not in body and "Atelier 54" in body and "Atelier 00" not in body


def test_the_event_list_costs_the_same_at_two_sizes(
    client, tenant, make_company_person, page_queries, url
):
    person = make_company_person(tenant)
    client.force_login(person)
    club = ClubFactory(tenant=tenant)

    def grow(count):
        for index in range(count):
            event = EventFactory(
                tenant=tenant,
                club=club if index % 2 else None,
                starts_at=timezone.now() + timedelta(days=1 + index),
            )
            RegistrationFactory(event=event, user=person)
            RegistrationFactory(event=event, status="excused", excuse="Absent")
            _past(tenant, 1 + index)

    grow(2)
    client.get(url("event_list"))  # the first visit creates the person's calendar address
    pages = [
        url("event_list"),
        url("event_list") + f"?sort=-fill&club={club.pk}",
        url("event_list") + "?when=past&sort=title",
    ]
    small = [page_queries(page) for page in pages]
    grow(70)
    pages = [page + ("&" if "?" in page else "?") + "page=2" for page in pages]
    assert [page_queries(page) for page in pages] == small


# --- An event's registrations ----------------------------------------------------------------


def _names(response):
    return [registration.user.last_name for registration in response.context["table"].rows]


def test_registrations_sort_by_name_company_and_status(
    client, tenant, manager, make_company_person, url
):
    event = EventFactory(tenant=tenant, capacity=2)
    people = {}
    for name, company, status in [
        ("Zola", "Atelier Blondeau", "confirmed"),
        ("Écuyer", "Vélos du Nord", "confirmed"),
        ("Martin", "Brasserie", "waitlisted"),
        ("Dupont", "Épicerie", "excused"),
        ("Annulé", "Garage", "cancelled"),
    ]:
        people[name] = RegistrationFactory(
            event=event,
            user=make_company_person(tenant, last_name=name),
            company=CompanyFactory(tenant=tenant, name=company),
            status=status,
            excuse="Malade" if status == "excused" else "",
            waitlisted_at=timezone.now() if status == "waitlisted" else None,
        )
    page = url("event_detail", pk=event.pk)
    assert _names(client.get(page)) == ["Écuyer", "Zola", "Martin", "Dupont"]
    assert _names(client.get(page, {"sort": "name"})) == ["Dupont", "Écuyer", "Martin", "Zola"]
    assert _names(client.get(page, {"sort": "-company"})) == ["Écuyer", "Dupont", "Martin", "Zola"]
    assert _names(client.get(page, {"status": "excused"})) == ["Dupont"]
    assert _names(client.get(page, {"status": "waitlisted"})) == ["Martin"]
    assert _names(client.get(page, {"status": "cancelled"})) == ["Annulé"]
    assert _names(client.get(page, {"status": "n'importe"})) == [
        "Écuyer",
        "Zola",
        "Martin",
        "Dupont",
    ]
    swap = client.get(
        page, {"status": "excused"}, headers={**SWAP, "HX-Target": "registration-table"}
    )
    assert "<html" not in swap.content.decode() and "Malade" in swap.content.decode()


def test_only_managers_get_the_registrations_table(client, tenant, make_company_person, url):
    event = EventFactory(tenant=tenant)
    RegistrationFactory(event=event, user=make_company_person(tenant, last_name="Inscrite-Test"))
    client.force_login(make_company_person(tenant))
    response = client.get(
        url("event_detail", pk=event.pk), headers={**SWAP, "HX-Target": "registration-table"}
    )
    assert "table" not in response.context and "Inscrite-Test" not in response.content.decode()


def test_the_event_page_costs_the_same_at_two_sizes(client, tenant, manager, page_queries, url):
    event = EventFactory(tenant=tenant, capacity=200)

    def grow(count):
        for index in range(count):
            RegistrationFactory(
                event=event,
                status="excused" if index % 3 == 0 else "confirmed",
                excuse="Malade" if index % 3 == 0 else "",
                company=CompanyFactory(tenant=tenant),
            )

    grow(3)
    page = url("event_detail", pk=event.pk)
    pages = [page, page + "?sort=company&status=confirmed"]
    small = [page_queries(page) for page in pages]
    grow(120)
    pages = [pages[0] + "?page=2", pages[1] + "&page=2"]
    assert [page_queries(page) for page in pages] == small


# --- Clubs and their members ---------------------------------------------------------------


def test_the_clubs_list_sorts_by_name_members_and_meetings_held(client, tenant, manager, url):
    big = ClubFactory(tenant=tenant, name="Ateliers du Middle Management")
    active = ClubFactory(tenant=tenant, name="Club des Pionniers")
    ClubFactory(tenant=tenant, name="Écoles du Nord")
    for _ in range(3):
        ClubMemberFactory(club=big)
    ClubMemberFactory(club=big, status="requested")  # not counted
    held = max(timezone.now() - timedelta(hours=1), timezone.now().replace(month=1, day=1))
    for _ in range(2):
        EventFactory(tenant=tenant, club=active, starts_at=held, ends_at=held)

    def names(query):
        response = client.get(url("club_list"), query)
        return [row["club"].name for row in response.context["rows"]]

    assert names({}) == ["Ateliers du Middle Management", "Club des Pionniers", "Écoles du Nord"]
    assert names({"sort": "-members"})[0] == "Ateliers du Middle Management"
    assert names({"sort": "-held"})[0] == "Club des Pionniers"
    rows = client.get(url("club_list")).context["table"].rows
    assert [(club.member_count, club.held) for club in rows] == [(3, 0), (0, 2), (0, 0)]


def test_the_clubs_list_pages_and_costs_the_same_at_two_sizes(
    client, tenant, make_company_person, page_queries, url
):
    client.force_login(make_company_person(tenant))

    def grow(count):
        for _ in range(count):
            club = ClubFactory(tenant=tenant)
            ClubMemberFactory(club=club)
            EventFactory(tenant=tenant, club=club)

    grow(2)
    pages = [url("club_list"), url("club_list") + "?sort=-held"]
    small = [page_queries(page) for page in pages]
    grow(55)
    pages = [pages[0] + "?page=2", pages[1] + "&page=2"]
    assert [page_queries(page) for page in pages] == small
    swap = client.get(url("club_list"), {"page": 2}, headers={**SWAP, "HX-Target": "club-table"})
    assert "<html" not in swap.content.decode()


def test_the_members_table_sorts_filters_and_stays_in_the_club(
    client, tenant, manager, make_company_person, url
):
    club = ClubFactory(tenant=tenant)
    people = {}
    for name, status in [("Zola", "active"), ("Écuyer", "active"), ("Dupont", "requested")]:
        people[name] = make_company_person(tenant, last_name=name)
        ClubMemberFactory(club=club, user=people[name], status=status)
    page = url("club_detail", pk=club.pk)

    def names(response):
        return [member.user.last_name for member in response.context["table"].rows]

    assert names(client.get(page)) == ["Dupont", "Écuyer", "Zola"]
    assert names(client.get(page, {"members-sort": "-name"})) == ["Zola", "Écuyer", "Dupont"]
    assert names(client.get(page, {"members-status": "requested"})) == ["Dupont"]
    swap = client.get(
        page, {"members-status": "active"}, headers={**SWAP, "HX-Target": "member-table"}
    )
    assert "<html" not in swap.content.decode() and "Dupont" not in swap.content.decode()
    client.force_login(people["Zola"])
    # A member sees the members, never the requests, whatever the address says.
    assert names(client.get(page, {"members-status": "requested"})) == ["Écuyer", "Zola"]
    client.force_login(make_company_person(tenant))
    response = client.get(page, headers={**SWAP, "HX-Target": "member-table"})
    assert "table" not in response.context and "<html" in response.content.decode()


def test_the_club_page_costs_the_same_at_two_sizes(client, tenant, manager, page_queries, url):
    club = ClubFactory(tenant=tenant)

    def grow(count):
        for index in range(count):
            ClubMemberFactory(club=club, status="requested" if index % 5 == 0 else "active")
            EventFactory(tenant=tenant, club=club, audience="club")
            _past(tenant, 1 + index, club=club)

    grow(2)
    page = url("club_detail", pk=club.pk)
    client.get(page)  # the first visit creates the club's calendar address
    pages = [page, page + "?members-sort=-since&members-status=active"]
    small = [page_queries(page) for page in pages]
    grow(60)
    pages = [pages[0] + "?members-page=2", pages[1] + "&members-page=2"]
    assert [page_queries(page) for page in pages] == small


def test_the_club_page_lists_a_few_events_and_links_to_the_rest(client, tenant, manager, url):
    club = ClubFactory(tenant=tenant)
    for index in range(7):
        EventFactory(tenant=tenant, club=club, starts_at=timezone.now() + timedelta(days=1 + index))
    response = client.get(url("club_detail", pk=club.pk))
    assert len(response.context["upcoming"]) == 5
    assert f"?club={club.pk}" in response.content.decode()


# --- Figures -------------------------------------------------------------------------------


def test_the_figures_tables_page_apart(client, tenant, manager, url):
    for index in range(55):
        event = _past(tenant, 1 + index, title=f"Passé {index:02d}")
        RegistrationFactory(event=event, attended=True, company=CompanyFactory(tenant=tenant))
    first = client.get(url("club_figures"))
    assert first.context["events"].count == 55 and first.context["companies"].count == 55
    second = client.get(url("club_figures"), {"events-page": 2})
    assert [e.title for e in second.context["events"].rows] == [f"Passé {i}" for i in range(50, 55)]
    assert second.context["companies"].page.number == 1
    swap = client.get(
        url("club_figures"), {"companies-page": 2}, headers={**SWAP, "HX-Target": "company-figures"}
    )
    assert "<html" not in swap.content.decode()


def test_the_figures_cost_the_same_at_two_sizes(client, tenant, manager, page_queries, url):
    club = ClubFactory(tenant=tenant)

    def grow(count):
        for index in range(count):
            event = _past(tenant, 1 + index, club=club if index % 2 else None)
            company = CompanyFactory(tenant=tenant)
            RegistrationFactory(event=event, attended=True, company=company)
            RegistrationFactory(event=event, attended=False, company=company)
            RegistrationFactory(event=event, status="excused", excuse="Malade", company=company)

    grow(2)
    pages = [url("club_figures"), url("club_figures") + "?events-sort=-rate&companies-sort=excused"]
    small = [page_queries(page) for page in pages]
    grow(60)
    pages = [pages[0] + "?events-page=2&companies-page=2", pages[1] + "&events-page=2"]
    assert [page_queries(page) for page in pages] == small


def test_the_figures_stay_with_the_programme_team(
    client, tenant, other_tenant, make_person, make_company_person, url
):
    for person, status in [
        (make_person(tenant, Role.CONSULTANT), 403),
        (make_company_person(tenant), 403),
        (make_person(other_tenant, Role.MANAGER), 404),
    ]:
        client.force_login(person)
        assert client.get(url("club_figures"), {"events-page": 2}).status_code == status
