from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_scopes import scope

from clubs.models import Event, EventDocument, EventTopic
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _this_month_day(day):
    today = timezone.localtime()
    return today.replace(day=day, hour=14, minute=0, second=0, microsecond=0)


def test_the_month_view_places_events_on_their_day(client, tenant, make_company_person, url):
    starts = _this_month_day(15)
    EventFactory(tenant=tenant, title="Visite de Salti", starts_at=starts, ends_at=starts)
    client.force_login(make_company_person(tenant))
    response = client.get(url("event_calendar"))
    assert response.status_code == 200
    cells = [day for week in response.context["weeks"] for day in week if day["events"]]
    assert [(cell["date"].day, cell["events"][0].title) for cell in cells] == [
        (15, "Visite de Salti")
    ]
    assert "Visite de Salti" in response.content.decode()


def test_the_month_view_moves_between_months(client, tenant, make_company_person, url):
    client.force_login(make_company_person(tenant))
    response = client.get(url("event_calendar"), {"month": "2026-02"})
    assert response.context["previous"] == "2026-01"
    assert response.context["following"] == "2026-03"
    assert "février 2026" in response.content.decode()
    assert client.get(url("event_calendar"), {"month": "n'importe"}).status_code == 200


def test_the_list_view_splits_coming_and_past_events(client, tenant, make_company_person, url):
    EventFactory(tenant=tenant, title="À venir")
    past = timezone.now() - timedelta(days=30)
    EventFactory(tenant=tenant, title="Passé", starts_at=past, ends_at=past + timedelta(hours=2))
    EventFactory(tenant=tenant, title="Brouillon", status=Event.Status.DRAFT)
    client.force_login(make_company_person(tenant))
    coming = client.get(url("event_list")).content.decode()
    assert "À venir" in coming and "Passé" not in coming and "Brouillon" not in coming
    assert "Passé" in client.get(url("event_list"), {"when": "past"}).content.decode()


def test_dates_are_rendered_in_french(client, tenant, make_company_person, url):
    starts = timezone.make_aware(timezone.datetime(2030, 3, 14, 9, 30))
    EventFactory(tenant=tenant, starts_at=starts, ends_at=starts + timedelta(hours=3))
    client.force_login(make_company_person(tenant))
    body = client.get(url("event_list")).content.decode()
    assert "jeudi 14 mars 2030, 09:30" in body


def _more_events(tenant, club, count, people):
    for index in range(count):
        starts = _this_month_day(1 + index % 27) + timedelta(days=1)
        event = EventFactory(
            tenant=tenant,
            club=club if index % 2 else None,
            audience="club" if index % 2 else "open",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        for person in people:
            RegistrationFactory(event=event, user=person)
        ClubMemberFactory(club=club)


def _share_things(tenant, event, start, count):
    for index in range(start, start + count):
        EventDocument.objects.create(
            tenant=tenant, event=event, phase="before", title=f"Doc {index}", file=f"x/{index}.pdf"
        )
        EventTopic.objects.create(tenant=tenant, event=event, label=f"Sujet {index}")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CONSULTANT, Role.MEMBER])
def test_page_costs_do_not_grow_with_events(
    client, tenant, make_company_person, make_person, url, role, page_queries
):
    person = make_company_person(tenant) if role == Role.MEMBER else make_person(tenant, role)
    club = ClubFactory(tenant=tenant, facilitator=person if role == Role.CONSULTANT else None)
    if role == Role.MEMBER:
        ClubMemberFactory(club=club, user=person)
    ClubFactory(tenant=tenant)
    _more_events(tenant, club, 2, [person])
    members_only = EventFactory(tenant=tenant, club=club, audience="club")
    _share_things(tenant, members_only, 0, 1)
    client.force_login(person)
    pages = [
        url("event_calendar"),
        url("event_list"),
        url("event_list") + "?when=past",
        url("club_list"),
        url("club_detail", pk=club.pk),
        url("event_detail", pk=members_only.pk),
        url("club_figures") if role == Role.MANAGER else url("tenant_home"),
    ]
    others = [make_company_person(tenant) for _ in range(3)]
    for page in pages:  # the first visit creates the person's private feed address
        client.get(page)
    small = [page_queries(page) for page in pages]
    _more_events(tenant, club, 12, others + [person])
    _share_things(tenant, members_only, 1, 5)
    others += [make_company_person(tenant) for _ in range(3)]
    ClubFactory(tenant=tenant)
    assert [page_queries(page) for page in pages] == small


def test_the_month_holds_both_views_and_a_phone_gets_the_list(
    client, tenant, make_company_person, url
):
    starts = _this_month_day(15)
    EventFactory(tenant=tenant, title="Visite de Salti", starts_at=starts, ends_at=starts)
    client.force_login(make_company_person(tenant))
    body = client.get(url("event_calendar")).content.decode()
    assert 'class="calendar-views view-auto"' in body
    assert body.count("Visite de Salti") >= 2  # in the grid and in the list
    assert "view=list" in body and "view=grid" in body
    css = (settings.BASE_DIR / "clubs/static/clubs/clubs.css").read_text()
    phone = css[css.index("@media (max-width: 767.98px)") :]
    assert ".view-auto .calendar-grid { display: none; }" in phone


@pytest.mark.parametrize(("view", "kept"), [("list", "view-list"), ("grid", "view-grid")])
def test_a_chosen_view_is_kept_across_months(client, tenant, make_company_person, url, view, kept):
    client.force_login(make_company_person(tenant))
    body = client.get(url("event_calendar"), {"month": "2026-02", "view": view}).content.decode()
    assert f'class="calendar-views {kept}"' in body
    assert f"?month=2026-03&amp;view={view}" in body and f"?month=2026-01&amp;view={view}" in body


def test_an_unknown_view_falls_back_to_the_default(client, tenant, make_company_person, url):
    client.force_login(make_company_person(tenant))
    body = client.get(url("event_calendar"), {"view": "<script>"}).content.decode()
    assert 'class="calendar-views view-auto"' in body and "<script>" not in body.split("<main")[-1]


def test_a_finished_event_says_finished_not_started(client, tenant, make_company_person, url):
    from django.utils import translation

    from clubs import services

    person = make_company_person(tenant)
    past = timezone.now() - timedelta(days=2)
    finished = EventFactory(tenant=tenant, starts_at=past, ends_at=past + timedelta(hours=3))
    running = timezone.now() - timedelta(minutes=30)
    ongoing = EventFactory(tenant=tenant, starts_at=running, ends_at=running + timedelta(hours=3))
    with translation.override("en"), scope(tenant=tenant):
        assert services.registration_refusal(event=finished, user=person) == (
            "This event is finished."
        )
        assert services.registration_refusal(event=ongoing, user=person) == (
            "This event has already started."
        )
    client.force_login(person)
    response = client.get(url("event_detail", pk=finished.pk))
    assert response.context["refusal"] == services.registration_refusal(event=finished, user=person)
    assert 'data-testid="finished"' in response.content.decode()
