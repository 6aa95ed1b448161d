"""Consultant missions: assigning one grants the company, ending it takes it back, meetings
count against the allocation and going past it is confirmed then flagged to the managers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from action_plans import services
from action_plans.models import Meeting, Mission, MissionFunding
from companies.models import Exclusion
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT, first_name="Claire", last_name="Dubois")


@pytest.fixture
def company(tenant):
    return CompanyFactory(tenant=tenant, name="Vegepolys Valley")


def _start(tenant, company, consultant, manager, *, days="5", fundings=(("Région", "50"),), **kw):
    from django_scopes import scope

    with scope(tenant=tenant):
        return services.start_mission(
            company=company,
            consultant=consultant,
            title="Accompagnement RSE",
            allocated_days=Decimal(days),
            daily_rate=Decimal("900"),
            starts_on=kw.pop("starts_on", TODAY - timedelta(days=30)),
            fundings=[(funder, Decimal(share)) for funder, share in fundings],
            actor=manager,
            **kw,
        )


def _meet(tenant, mission, person, days, held_on=None, **kw):
    from django_scopes import scope

    with scope(tenant=tenant):
        return services.record_meeting(
            mission=mission, held_on=held_on or TODAY, days=Decimal(days), actor=person, **kw
        )


def _mission_data(consultant, fundings=(("Région Hauts-de-France", "50"),), **overrides):
    data = {
        "consultant": consultant.pk,
        "title": "Accompagnement RSE — 5 journées",
        "allocated_days": "5",
        "daily_rate": "900",
        "starts_on": (TODAY - timedelta(days=1)).isoformat(),
        "ends_on": (TODAY + timedelta(days=180)).isoformat(),
        "plan": "",
        "funding-TOTAL_FORMS": "3",
        "funding-INITIAL_FORMS": "0",
        "funding-MIN_NUM_FORMS": "0",
        "funding-MAX_NUM_FORMS": "10",
    }
    for index in range(3):
        funder, share = fundings[index] if index < len(fundings) else ("", "")
        data[f"funding-{index}-funder"] = funder
        data[f"funding-{index}-share"] = share
    data.update(overrides)
    return data


# --- Assigning a consultant ---------------------------------------------------------------------


def test_it_starts_a_mission_that_grants_the_consultant_the_company_and_its_plan(
    client, tenant, manager, consultant, company, in_scope
):
    with in_scope(tenant):
        plan = services.create_plan(company=company, title="Plan 2026", actor=manager)
    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 404

    client.force_login(manager)
    response = client.post(
        _url(tenant, "mission_create", company_pk=company.pk),
        _mission_data(consultant, plan=plan.pk),
    )
    assert response.status_code == 302
    with in_scope(tenant):
        mission = Mission.objects.get()
        assert (mission.consultant, mission.plan, mission.allocated_days) == (
            consultant,
            plan,
            Decimal("5"),
        )
        assert list(MissionFunding.objects.values_list("funder", "share")) == [
            ("Région Hauts-de-France", Decimal("50.00"))
        ]
    assert response.url == _url(tenant, "mission_detail", pk=mission.pk)

    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 200
    assert client.get(_url(tenant, "plan_detail", pk=plan.pk)).status_code == 200
    response = client.get(_url(tenant, "mission_detail", pk=mission.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Région Hauts-de-France" in body and "2\xa0250,00 €" in body  # 5 × 900 × 50 %


def test_the_form_offers_only_the_tenant_s_consultants(
    client, tenant, other_tenant, manager, consultant, company, make_person
):
    jury = make_person(tenant, Role.JURY)
    elsewhere = make_person(other_tenant, Role.CONSULTANT)
    client.force_login(manager)
    response = client.get(_url(tenant, "mission_create", company_pk=company.pk))
    assert response.status_code == 200
    offered = list(response.context["form"].fields["consultant"].queryset)
    assert offered == [consultant]
    for person in (jury, elsewhere):
        response = client.post(
            _url(tenant, "mission_create", company_pk=company.pk), _mission_data(person)
        )
        assert response.status_code == 400


def test_it_refuses_funders_over_100_percent_and_writes_nothing(
    client, tenant, manager, consultant, company, in_scope
):
    client.force_login(manager)
    response = client.post(
        _url(tenant, "mission_create", company_pk=company.pk),
        _mission_data(consultant, fundings=[("Région", "60"), ("Département", "50")]),
    )
    assert response.status_code == 400
    assert "100" in " ".join(response.context["fundings"].non_form_errors())
    with in_scope(tenant):
        assert not Mission.objects.exists()
        assert not MissionFunding.objects.exists()
    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [
        {"allocated_days": "1.3"},  # not in half-days
        {"allocated_days": "0"},
        {"daily_rate": "-5"},
        {"ends_on": (TODAY - timedelta(days=10)).isoformat()},  # ends before it starts
        {"starts_on": "pas une date"},
        {"title": ""},
        {"funding-0-share": ""},  # a funder without a share
        {"funding-0-share": "101"},
    ],
)
def test_bad_input_redisplays_the_form_and_writes_nothing(
    client, tenant, manager, consultant, company, in_scope, overrides
):
    client.force_login(manager)
    response = client.post(
        _url(tenant, "mission_create", company_pk=company.pk),
        _mission_data(consultant, **overrides),
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in (
        response.content.decode()
    )
    with in_scope(tenant):
        assert not Mission.objects.exists()


def test_an_excluded_company_gets_no_mission(
    client, tenant, manager, consultant, company, in_scope
):
    with in_scope(tenant):
        Exclusion.objects.create(
            tenant=tenant, company=company, reason="Manquement", decided_by=manager
        )
    client.force_login(manager)
    response = client.post(
        _url(tenant, "mission_create", company_pk=company.pk), _mission_data(consultant)
    )
    assert response.status_code == 400
    assert "Manquement" in response.content.decode()
    with in_scope(tenant):
        assert not Mission.objects.exists()


def test_only_a_manager_assigns_and_only_in_their_tenant(
    client, tenant, other_tenant, manager, consultant, company, make_person, in_scope
):
    client.force_login(consultant)
    assert client.get(_url(tenant, "mission_create", company_pk=company.pk)).status_code == 403
    assert client.get(_url(tenant, "companies_unassigned")).status_code == 403
    # A manager elsewhere, asking for this company through their own tenant's address.
    foreign_manager = make_person(other_tenant, Role.MANAGER)
    client.force_login(foreign_manager)
    response = client.post(
        _url(other_tenant, "mission_create", company_pk=company.pk), _mission_data(consultant)
    )
    assert response.status_code == 404
    with in_scope(tenant):
        assert not Mission.objects.exists()


# --- Ending a mission ---------------------------------------------------------------------------


def test_ending_the_mission_takes_the_company_back(
    client, tenant, manager, consultant, company, in_scope
):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(manager)
    response = client.post(_url(tenant, "mission_end", pk=mission.pk), {"confirm": "on"})
    assert response.status_code == 302
    with in_scope(tenant):
        mission.refresh_from_db()
    assert mission.status == Mission.Status.ENDED and mission.ended_at is not None
    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 404
    assert client.get(_url(tenant, "mission_detail", pk=mission.pk)).status_code == 404


def test_ending_asks_for_the_confirmation(client, tenant, manager, consultant, company, in_scope):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(manager)
    response = client.post(_url(tenant, "mission_end", pk=mission.pk), {}, follow=True)
    assert "Cochez" in response.content.decode() or "Tick" in response.content.decode()
    with in_scope(tenant):
        assert Mission.objects.get().status == Mission.Status.ACTIVE
    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 200


def test_another_running_mission_keeps_the_company(
    client, tenant, manager, consultant, company, in_scope
):
    first = _start(tenant, company, consultant, manager)
    _start(tenant, company, consultant, manager, days="3")
    client.force_login(manager)
    client.post(_url(tenant, "mission_end", pk=first.pk), {"confirm": "on"})
    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 200
    # The ended mission stays readable while the company is followed.
    assert client.get(_url(tenant, "mission_detail", pk=first.pk)).status_code == 200


def test_only_a_manager_ends_a_mission(client, tenant, manager, consultant, company, in_scope):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(consultant)
    assert client.get(_url(tenant, "mission_end", pk=mission.pk)).status_code == 405
    response = client.post(_url(tenant, "mission_end", pk=mission.pk), {"confirm": "on"})
    assert response.status_code == 403
    with in_scope(tenant):
        assert Mission.objects.get().status == Mission.Status.ACTIVE


# --- Meetings -----------------------------------------------------------------------------------


def _meeting_data(**overrides):
    data = {
        "held_on": TODAY.isoformat(),
        "days": "1.5",
        "attendees": "Marie Leroy (dirigeante), Paul Martin (RH)",
        "notes": "Point sur le plan de mobilité.",
        "decisions": "Lancer l'enquête mobilité.",
        "next_steps": "Restitution en juin.",
    }
    data.update(overrides)
    return data


def test_the_consultant_records_a_meeting(client, tenant, manager, consultant, company, in_scope):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(consultant)
    assert client.get(_url(tenant, "meeting_create", pk=mission.pk)).status_code == 200
    response = client.post(_url(tenant, "meeting_create", pk=mission.pk), _meeting_data())
    assert response.status_code == 302
    with in_scope(tenant):
        meeting = Meeting.objects.get()
    assert (meeting.days, meeting.over_budget, meeting.recorded_by) == (
        Decimal("1.5"),
        False,
        consultant,
    )
    body = client.get(_url(tenant, "mission_detail", pk=mission.pk)).content.decode()
    assert "Lancer l'enquête mobilité." in body or "Lancer l&#x27;enquête mobilité." in body
    assert "3,5" in body  # days left


@pytest.mark.parametrize(
    "overrides",
    [
        {"days": "0.3"},
        {"days": "0"},
        {"held_on": (TODAY + timedelta(days=3)).isoformat()},  # not held yet
        {"held_on": (TODAY - timedelta(days=400)).isoformat()},  # before the mission
        {"held_on": ""},
    ],
)
def test_bad_meeting_input_redisplays_the_form_and_writes_nothing(
    client, tenant, manager, consultant, company, in_scope, overrides
):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(consultant)
    response = client.post(
        _url(tenant, "meeting_create", pk=mission.pk), _meeting_data(**overrides)
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not Meeting.objects.exists()


def test_going_over_budget_asks_to_confirm_then_tells_this_tenant_s_managers(
    client,
    tenant,
    other_tenant,
    manager,
    consultant,
    company,
    make_person,
    in_scope,
    django_capture_on_commit_callbacks,
):
    colleague = make_person(tenant, Role.MANAGER)
    elsewhere = make_person(other_tenant, Role.MANAGER)
    # A manager elsewhere who is a company member here: not of this programme's team.
    MembershipFactory(tenant=tenant, user=make_person(other_tenant, Role.MANAGER))
    mission = _start(tenant, company, consultant, manager, days="2")
    _meet(tenant, mission, consultant, "1.5")
    client.force_login(consultant)
    url = _url(tenant, "meeting_create", pk=mission.pk)

    response = client.post(url, _meeting_data(days="1"))
    assert response.status_code == 400
    assert response.context["ask_confirmation"] is True
    assert 'data-testid="confirm-over-budget"' in response.content.decode()
    with in_scope(tenant):
        assert Meeting.objects.count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _meeting_data(days="1", confirm_over_budget="on"))
    assert response.status_code == 302
    with in_scope(tenant):
        meeting = Meeting.objects.get(days=Decimal("1"))
    assert meeting.over_budget is True
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [manager.email, colleague.email]
    )
    assert elsewhere.email not in {message.to[0] for message in mail.outbox}
    assert company.name in mail.outbox[0].body
    # The e-mail leaves once: the same task again sends nothing.
    from action_plans import tasks

    mail.outbox.clear()
    tasks.send_over_budget.delay(tenant.pk, meeting.pk)
    assert mail.outbox == []


def test_a_meeting_within_budget_tells_nobody(
    client, tenant, manager, consultant, company, django_capture_on_commit_callbacks
):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant, "meeting_create", pk=mission.pk), _meeting_data())
    assert mail.outbox == []


def test_an_ended_mission_takes_no_meeting(client, tenant, manager, consultant, company, in_scope):
    mission = _start(tenant, company, consultant, manager)
    client.force_login(manager)
    client.post(_url(tenant, "mission_end", pk=mission.pk), {"confirm": "on"})
    response = client.post(_url(tenant, "meeting_create", pk=mission.pk), _meeting_data())
    assert response.status_code == 302
    with in_scope(tenant):
        assert not Meeting.objects.exists()


# --- Who sees what ------------------------------------------------------------------------------


def test_a_consultant_reaches_only_the_missions_of_the_companies_they_follow(
    client, tenant, manager, consultant, company, make_person, in_scope
):
    other = make_person(tenant, Role.CONSULTANT)
    theirs = _start(tenant, CompanyFactory(tenant=tenant), other, manager)
    mine = _start(tenant, company, consultant, manager)
    client.force_login(consultant)
    assert client.get(_url(tenant, "mission_detail", pk=theirs.pk)).status_code == 404
    assert client.get(_url(tenant, "meeting_create", pk=theirs.pk)).status_code == 404
    response = client.post(_url(tenant, "meeting_create", pk=theirs.pk), _meeting_data())
    assert response.status_code == 404
    rows = client.get(_url(tenant, "mission_list")).context["table"].rows
    assert [mission.pk for mission in rows] == [mine.pk]
    with in_scope(tenant):
        assert not Meeting.objects.exists()


def test_a_company_s_people_read_their_mission_and_record_nothing(
    client, tenant, manager, consultant, company, in_scope
):
    leader = CompanyMemberFactory(company=company).user
    mine = _start(tenant, company, consultant, manager)
    theirs = _start(tenant, CompanyFactory(tenant=tenant), consultant, manager)
    client.force_login(leader)
    assert client.get(_url(tenant, "mission_detail", pk=mine.pk)).status_code == 200
    assert client.get(_url(tenant, "mission_detail", pk=theirs.pk)).status_code == 404
    assert client.get(_url(tenant, "meeting_create", pk=mine.pk)).status_code == 403
    assert (
        client.post(_url(tenant, "meeting_create", pk=mine.pk), _meeting_data()).status_code == 403
    )
    rows = client.get(_url(tenant, "mission_list")).context["table"].rows
    assert [mission.pk for mission in rows] == [mine.pk]
    with in_scope(tenant):
        assert not Meeting.objects.exists()


def test_a_jury_member_has_no_missions(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.JURY))
    assert client.get(_url(tenant, "mission_list")).status_code == 403


def test_another_tenant_s_mission_is_not_found_through_this_tenant(
    client, tenant, other_tenant, make_person, in_scope
):
    foreign_manager = make_person(other_tenant, Role.MANAGER)
    foreign = _start(
        other_tenant,
        CompanyFactory(tenant=other_tenant),
        make_person(other_tenant, Role.CONSULTANT),
        foreign_manager,
    )
    client.force_login(make_person(tenant, Role.MANAGER))
    for name in ("mission_detail", "meeting_create"):
        assert client.get(_url(tenant, name, pk=foreign.pk)).status_code == 404
    response = client.post(_url(tenant, "mission_end", pk=foreign.pk), {"confirm": "on"})
    assert response.status_code == 404
    with in_scope(other_tenant):
        assert Mission.objects.get().status == Mission.Status.ACTIVE
    assert client.get(_url(tenant, "mission_list")).context["table"].count == 0


# --- Lists --------------------------------------------------------------------------------------


def test_the_list_filters_by_status_and_shows_the_figures(
    client, tenant, manager, consultant, company, in_scope
):
    running = _start(tenant, company, consultant, manager, days="2")
    _meet(tenant, running, consultant, "2.5", confirm_over_budget=True)
    ended = _start(
        tenant, CompanyFactory(tenant=tenant, name="6PL Logistique"), consultant, manager
    )
    with in_scope(tenant):
        services.end_mission(mission=ended, actor=manager)
    client.force_login(manager)
    table = client.get(_url(tenant, "mission_list"), {"status": "active"}).context["table"]
    [row] = table.rows
    assert (row.pk, row.days_spent, row.days_left) == (running.pk, Decimal("2.5"), Decimal("-0.5"))
    assert row.budget.remaining_funded == Decimal("0.00")
    assert [
        m.pk
        for m in client.get(_url(tenant, "mission_list"), {"status": "ended"}).context["table"].rows
    ] == [ended.pk]
    response = client.get(_url(tenant, "mission_list"), {"status": "zz", "sort": "-left"})
    assert response.status_code == 200 and response.context["table"].count == 2


def test_the_list_of_companies_without_a_consultant(
    client, tenant, manager, consultant, company, in_scope
):
    waiting = CompanyFactory(tenant=tenant, name="Ateliers du Pévèle")
    excluded = CompanyFactory(tenant=tenant, name="Exclue SA")
    ended = CompanyFactory(tenant=tenant, name="Fin de mission SARL")
    with in_scope(tenant):
        Exclusion.objects.create(tenant=tenant, company=excluded, reason="x", decided_by=manager)
    _start(tenant, company, consultant, manager)
    mission = _start(tenant, ended, consultant, manager)
    with in_scope(tenant):
        services.end_mission(mission=mission, actor=manager)
    client.force_login(manager)
    response = client.get(_url(tenant, "companies_unassigned"))
    assert [c.name for c in response.context["table"].rows] == [waiting.name, ended.name]
    assert _url(tenant, "mission_create", company_pk=waiting.pk) in response.content.decode()
    response = client.get(_url(tenant, "companies_unassigned"), {"query": "pévèle"})
    assert [c.name for c in response.context["table"].rows] == [waiting.name]


def _populate(tenant, manager, size):
    from tests.factories import UserFactory

    for index in range(size):
        person = UserFactory()
        MembershipFactory(tenant=tenant, user=person, role=Role.CONSULTANT)
        company = CompanyFactory(tenant=tenant, name=f"Entreprise {size}-{index}")
        mission = _start(
            tenant, company, person, manager, fundings=[("Région", "50"), ("Département", "20")]
        )
        _meet(tenant, mission, person, "1")
        CompanyFactory(tenant=tenant)  # and one without a consultant


@pytest.mark.parametrize("name", ["mission_list", "companies_unassigned"])
def test_the_lists_cost_the_same_with_more_rows(client, tenant, manager, page_queries, name):
    client.force_login(manager)
    url = _url(tenant, name)
    _populate(tenant, manager, 1)
    page_queries(url)  # process-wide caches (content types)
    small = page_queries(url)
    _populate(tenant, manager, 6)
    assert page_queries(url) == small


# --- The company page ---------------------------------------------------------------------------


def test_the_company_page_shows_the_running_mission_and_offers_to_assign(
    client, tenant, manager, consultant, company
):
    _start(tenant, company, consultant, manager, days="5")
    client.force_login(manager)
    body = client.get(_url(tenant, "company_detail", pk=company.pk)).content.decode()
    assert 'id="missions"' in body
    assert _url(tenant, "mission_create", company_pk=company.pk) in body
    client.force_login(consultant)
    body = client.get(_url(tenant, "company_detail", pk=company.pk)).content.decode()
    assert 'id="missions"' in body and "Claire Dubois" in body
    assert _url(tenant, "mission_create", company_pk=company.pk) not in body


def test_the_company_page_hides_the_block_from_its_people_without_a_mission(
    client, tenant, company
):
    leader = CompanyMemberFactory(company=company).user
    client.force_login(leader)
    body = client.get(_url(tenant, "company_detail", pk=company.pk)).content.decode()
    assert 'id="missions"' not in body
