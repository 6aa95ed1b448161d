"""A club's planned cadence (meetings a year) against the meetings held this year."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from clubs import selectors
from clubs.models import Club, Event
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, ClubMemberFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 1, 1), 0),
        (date(2025, 3, 13), 0),  # 72 days: not yet a full fifth of the year
        (date(2025, 3, 14), 1),
        (date(2025, 7, 1), 2),
        (date(2024, 3, 14), 1),  # leap year: 74 days out of 366
        (date(2025, 12, 31), 5),
    ],
)
def test_a_club_of_five_meetings_a_year_owes_them_pro_rata(today, expected):
    cadence = selectors.cadence_of(planned=5, held=1, today=today)
    assert cadence.expected == expected
    assert cadence.behind == (expected > 1)


def test_a_club_without_a_plan_has_no_cadence():
    assert selectors.cadence_of(planned=None, held=3) is None


def _year_start():
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(date(today.year, 1, 1), time.min))


def test_only_this_years_published_meetings_held_count(tenant, in_scope):
    club = ClubFactory(tenant=tenant)
    now = timezone.now()
    held = max(now - timedelta(hours=2), _year_start() + timedelta(seconds=1))
    EventFactory(tenant=tenant, club=club, starts_at=held, ends_at=held)
    last_year = _year_start() - timedelta(days=3)
    EventFactory(tenant=tenant, club=club, starts_at=last_year, ends_at=last_year)
    EventFactory(tenant=tenant, club=club, starts_at=held, ends_at=held, status="cancelled")
    EventFactory(tenant=tenant, club=club, starts_at=held, ends_at=held, status="draft")
    EventFactory(tenant=tenant, club=club)  # to come
    EventFactory(tenant=tenant, club=ClubFactory(tenant=tenant), starts_at=held, ends_at=held)
    with in_scope(tenant):
        assert selectors.meetings_held(club=club) == 1
        row = selectors.clubs_for_list(tenant=tenant, events=Event.objects.all()).get(pk=club.pk)
    assert row.held == 1


def test_the_club_page_warns_the_team_when_behind_schedule(
    client, tenant, make_person, make_company_person, url
):
    club = ClubFactory(tenant=tenant, meetings_per_year=52)
    expected = selectors.cadence_of(planned=52, held=0).expected
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("club_detail", pk=club.pk))
    assert response.context["cadence"].held == 0
    body = response.content.decode()
    assert 'data-testid="cadence"' in body
    assert ("alert-warning" in body) == (expected > 0)
    client.force_login(make_company_person(tenant))  # not in the club: no warning shown
    assert (
        'data-testid="cadence"' not in client.get(url("club_detail", pk=club.pk)).content.decode()
    )


def test_the_clubs_list_shows_meetings_held_and_who_is_behind(
    client, tenant, make_person, make_company_person, url
):
    behind = ClubFactory(tenant=tenant, name="Club en retard", meetings_per_year=52)
    ClubFactory(tenant=tenant, name="Club sans rythme", meetings_per_year=None)
    late = selectors.cadence_of(planned=52, held=0).behind
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("club_list"))
    rows = {row["club"].pk: row for row in response.context["rows"]}
    assert rows[behind.pk]["cadence"].planned == 52
    body = response.content.decode()
    assert ('data-testid="behind-schedule"' in body) == late
    client.force_login(make_company_person(tenant))
    assert 'data-testid="behind-schedule"' not in client.get(url("club_list")).content.decode()


def test_a_member_sees_their_clubs_cadence(client, tenant, make_company_person, url):
    club = ClubFactory(tenant=tenant, meetings_per_year=5)
    member = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    client.force_login(member)
    assert 'data-testid="cadence"' in client.get(url("club_detail", pk=club.pk)).content.decode()


def test_a_manager_sets_the_cadence_in_the_club_form(client, tenant, make_person, in_scope, url):
    club = ClubFactory(tenant=tenant, name="Club des Pionniers", meetings_per_year=5)
    client.force_login(make_person(tenant, Role.MANAGER))
    form = client.get(url("club_edit", pk=club.pk)).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="Club des Pionniers", kind="regular", positions=["leader"])
    data.pop("facilitator", None)
    response = client.post(url("club_edit", pk=club.pk), {**data, "meetings_per_year": "6"})
    assert response.status_code == 302
    for bad in ("0", "60", "cinq"):
        response = client.post(url("club_edit", pk=club.pk), {**data, "meetings_per_year": bad})
        assert response.status_code == 200 and response.context["form"].errors
    with in_scope(tenant):
        assert Club.objects.get(pk=club.pk).meetings_per_year == 6
