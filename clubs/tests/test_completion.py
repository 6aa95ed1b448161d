"""A cohort's completion: each participant's days attended out of the module's planned days."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from clubs import selectors, services
from clubs.models import Club
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _at(days_ago, hour):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _cohort(tenant, **fields):
    today = timezone.localdate()
    return ClubFactory(
        tenant=tenant,
        name="Club des Créateurs Durables",
        kind=Club.Kind.COHORT,
        positions=["founder"],
        meetings_per_year=None,
        planned_sessions=9,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=30),
        **fields,
    )


def _module(tenant, club):
    """A 3-hour workshop (half a day), a 9:00–17:00 day (one) and a three-day seminar."""
    return [
        EventFactory(
            tenant=tenant,
            club=club,
            audience="club",
            kind="module_day",
            starts_at=starts,
            ends_at=ends,
        )
        for starts, ends in [
            (_at(40, 14), _at(40, 17)),
            (_at(30, 9), _at(30, 17)),
            (_at(22, 9), _at(20, 17)),
        ]
    ]


def test_it_counts_half_days_full_days_and_calendar_days(tenant, in_scope):
    club = _cohort(tenant)
    _module(tenant, club)
    EventFactory(tenant=tenant, club=club, audience="club")  # to come: not held yet
    with in_scope(tenant):
        assert selectors.days_held(club=club) == 1 + 2 + 6  # half days: 4.5 days


def test_a_manager_sees_each_participants_days_out_of_the_planned_total(
    client, tenant, make_person, in_scope, url
):
    club = _cohort(tenant)
    half, day, seminar = _module(tenant, club)
    company = CompanyFactory(tenant=tenant, name="Brasserie de la Pévèle")
    assidu = ClubMemberFactory(club=club, company=company).user
    absent = ClubMemberFactory(club=club).user
    RegistrationFactory(event=half, user=assidu, attended=True)
    RegistrationFactory(event=day, user=assidu, attended=True)
    RegistrationFactory(event=seminar, user=assidu, status="excused", excuse="Salon")
    RegistrationFactory(event=day, user=absent, attended=False)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("club_completion", pk=club.pk))
    assert response.status_code == 200
    rows = {row.user_id: row for row in response.context["table"].rows}
    assert (rows[assidu.pk].half_days, rows[assidu.pk].excused, rows[assidu.pk].no_shows) == (
        3,
        1,
        0,
    )
    assert round(rows[assidu.pk].completion) == 17  # 1.5 days out of 9
    assert (rows[absent.pk].half_days, rows[absent.pk].no_shows) == (0, 1)
    body = response.content.decode()
    assert "1,5 / 9" in body and "Brasserie de la Pévèle" in body
    assert response.context["days_held"] == 9


def test_the_table_sorts_by_days_and_pages(client, tenant, make_person, url):
    club = _cohort(tenant)
    half, day, _seminar = _module(tenant, club)
    people = [ClubMemberFactory(club=club).user for _ in range(55)]
    best = people[30]
    RegistrationFactory(event=half, user=best, attended=True)
    RegistrationFactory(event=day, user=best, attended=True)
    client.force_login(make_person(tenant, Role.MANAGER))
    first = client.get(url("club_completion", pk=club.pk), {"sort": "-days"})
    assert first.context["table"].rows[0].user_id == best.pk
    assert first.context["table"].count == 55 and len(first.context["table"].rows) == 50
    second = client.get(url("club_completion", pk=club.pk), {"sort": "-days", "page": 2})
    assert len(second.context["table"].rows) == 5
    swap = client.get(
        url("club_completion", pk=club.pk),
        {"page": 2},
        headers={"HX-Request": "true", "HX-Target": "completion-table"},
    )
    assert "<html" not in swap.content.decode()


def test_the_facilitator_follows_the_completion_but_not_the_participants(
    client, tenant, other_tenant, make_person, make_company_person, in_scope, url
):
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        club = services.create_club(
            tenant=tenant,
            actor=None,
            name="Club des Créateurs Durables",
            kind=Club.Kind.COHORT,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=90),
            planned_sessions=9,
            facilitator=consultant,
        )
    member = ClubMemberFactory(club=club, user=make_company_person(tenant, "founder")).user
    for person, status in [
        (consultant, 200),
        (make_person(tenant, Role.CONSULTANT), 403),
        (member, 403),
        (make_person(tenant, Role.JURY), 403),
        (make_person(other_tenant, Role.MANAGER), 404),
    ]:
        client.force_login(person)
        assert client.get(url("club_completion", pk=club.pk)).status_code == status
    client.force_login(consultant)
    assert client.get(url("club_completion", pk=999999)).status_code == 404


def test_a_participant_sees_their_own_days_on_the_club_page(
    client, tenant, make_company_person, url
):
    club = _cohort(tenant)
    half, day, seminar = _module(tenant, club)
    member = ClubMemberFactory(club=club, user=make_company_person(tenant, "founder")).user
    RegistrationFactory(event=day, user=member, attended=True)
    RegistrationFactory(event=seminar, user=member, attended=True)
    RegistrationFactory(event=half, user=member, status="excused", excuse="Malade")
    client.force_login(member)
    response = client.get(url("club_detail", pk=club.pk))
    assert response.context["my_completion"] == {"half_days": 8, "excused": 1}
    body = response.content.decode()
    assert 'data-testid="my-completion"' in body and "/completion/" not in body


def test_the_completion_page_costs_the_same_at_two_sizes(
    client, tenant, make_person, page_queries, url
):
    club = _cohort(tenant)
    events = _module(tenant, club)
    client.force_login(make_person(tenant, Role.MANAGER))

    def grow(count):
        for _ in range(count):
            person = ClubMemberFactory(club=club).user
            for event in events:
                RegistrationFactory(event=event, user=person, attended=True)

    grow(2)
    pages = [url("club_completion", pk=club.pk), url("club_completion", pk=club.pk) + "?sort=-days"]
    small = [page_queries(page) for page in pages]
    grow(60)
    pages[1] += "&page=2"
    assert [page_queries(page) for page in pages] == small
