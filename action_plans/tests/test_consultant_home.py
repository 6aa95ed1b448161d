"""The consultant's work: their tenant home's panel and to-dos, and /my-missions/ across every
organisation where they hold the consultant role; the managers' to-do of missions over budget."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from action_plans import services
from rse_platform.tenants.roles import ROLE_NOT_YET, Role
from tests.factories import CompanyFactory, MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _home(client, tenant):
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    return response


def _todos(response, source):
    items = [*response.context["todos"], *response.context["more_todos"]]
    return [item for item in items if item.source == source]


def _mission(tenant, consultant, manager, *, name, started=120, days="5", met=None):
    """A running mission on a new company with an active plan: one action overdue, one due in
    ten days; ``met`` days ago the last meeting (None: never)."""
    company = CompanyFactory(tenant=tenant, name=name)
    with scope(tenant=tenant):
        mission = services.start_mission(
            company=company,
            consultant=consultant,
            title=f"Accompagnement {name}",
            allocated_days=Decimal(days),
            daily_rate=Decimal("800"),
            starts_on=TODAY - timedelta(days=started),
            fundings=[("Région", Decimal("50"))],
            actor=manager,
        )
        plan = services.create_plan(company=company, title=f"Plan {name}", actor=manager)
        services.create_action(
            plan=plan,
            title=f"Bilan carbone {name}",
            due_on=TODAY - timedelta(days=5),
            actor=manager,
        )
        services.create_action(
            plan=plan,
            title=f"Plan de mobilité {name}",
            due_on=TODAY + timedelta(days=10),
            actor=manager,
        )
        services.start_plan(plan=plan, actor=manager)
        if met is not None:
            services.record_meeting(
                mission=mission,
                held_on=TODAY - timedelta(days=met),
                days=Decimal("1.5"),
                actor=consultant,
            )
    return mission


@pytest.fixture
def people(tenant, make_person):
    return {
        "manager": make_person(tenant, Role.MANAGER),
        "consultant": make_person(tenant, Role.CONSULTANT),
    }


# --- The tenant home ----------------------------------------------------------------------------


def test_the_consultant_s_home_shows_their_four_blocks_and_the_link_to_all(client, tenant, people):
    consultant, manager = people["consultant"], people["manager"]
    _mission(tenant, consultant, manager, name="Vegepolys")
    _mission(tenant, consultant, manager, name="CAPENERGIES", met=10)
    client.force_login(consultant)
    response = _home(client, tenant)
    body = response.content.decode()
    assert response.context["not_yet"] is None  # everything the role needs now exists
    assert "not in the platform yet" not in body and 'data-testid="not-yet"' not in body
    [panel] = [p for p in response.context["panels"] if "work" in p]
    work = panel["work"]
    assert work["overdue"].count == 2 and work["due_soon"].count == 2
    assert [m.company.name for m in work["not_met"].rows] == ["Vegepolys"]
    assert {m.company.name: m.days_left for m in work["missions"].rows} == {
        "Vegepolys": Decimal("5"),
        "CAPENERGIES": Decimal("3.5"),
    }
    assert 'data-testid="panel-consultant-missions"' in body
    assert reverse("my_missions") in body


def test_the_consultant_s_to_dos_name_overdue_actions_and_companies_not_met(client, tenant, people):
    consultant, manager = people["consultant"], people["manager"]
    mission = _mission(tenant, consultant, manager, name="Vegepolys")
    client.force_login(consultant)
    response = _home(client, tenant)
    [overdue] = _todos(response, "mission_overdue_actions")
    assert "Bilan carbone Vegepolys" in overdue.label
    assert overdue.due == TODAY - timedelta(days=5)
    [not_met] = _todos(response, "mission_not_met")
    assert "Vegepolys" in not_met.label
    assert not_met.url == reverse(
        "meeting_create", kwargs={"tenant_slug": tenant.slug, "pk": mission.pk}
    )
    # A meeting today: the company leaves the list.
    with scope(tenant=tenant):
        services.record_meeting(mission=mission, held_on=TODAY, days=Decimal("1"), actor=consultant)
    assert _todos(_home(client, tenant), "mission_not_met") == []


def test_the_manager_gets_no_consultant_panel_but_the_missions_over_budget(client, tenant, people):
    consultant, manager = people["consultant"], people["manager"]
    mission = _mission(tenant, consultant, manager, name="6PL", days="1")
    _mission(tenant, consultant, manager, name="Within budget")
    with scope(tenant=tenant):
        services.record_meeting(
            mission=mission,
            held_on=TODAY,
            days=Decimal("1.5"),
            actor=consultant,
            confirm_over_budget=True,
        )
    client.force_login(manager)
    response = _home(client, tenant)
    assert not [p for p in response.context["panels"] if "work" in p]
    assert _todos(response, "mission_overdue_actions") == []
    [item] = _todos(response, "mission_over_budget")
    assert "6PL" in item.label
    assert item.url == reverse(
        "mission_detail", kwargs={"tenant_slug": tenant.slug, "pk": mission.pk}
    )
    client.force_login(consultant)
    assert _todos(_home(client, tenant), "mission_over_budget") == []


def test_a_company_member_gets_neither_panel_nor_to_dos(client, tenant, people, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    response = _home(client, tenant)
    assert not [p for p in response.context["panels"] if "work" in p]
    assert _todos(response, "mission_overdue_actions") == []
    assert ROLE_NOT_YET.get(Role.CONSULTANT) is None


def test_the_consultant_s_home_costs_the_same_with_more_missions(
    client, tenant, people, page_queries
):
    consultant, manager = people["consultant"], people["manager"]
    client.force_login(consultant)
    url = reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    _mission(tenant, consultant, manager, name="Première")
    page_queries(url)
    small = page_queries(url)
    for index in range(6):
        _mission(tenant, consultant, manager, name=f"Entreprise {index}", met=index * 15)
    assert page_queries(url) == small


# --- /my-missions/ ------------------------------------------------------------------------------


@pytest.fixture
def across(tenant, other_tenant, people, make_person):
    """The consultant works for two organisations, and manages a third."""
    consultant = people["consultant"]
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    managed = TenantFactory(slug="cluster-gere", name="Cluster géré")
    MembershipFactory(tenant=managed, user=consultant, role=Role.MANAGER)
    other_manager = make_person(other_tenant, Role.MANAGER)
    _mission(tenant, consultant, people["manager"], name="Vegepolys")
    _mission(other_tenant, consultant, other_manager, name="6PL Rouen", met=5)
    # Someone else's mission in the other organisation: not theirs to see.
    colleague = make_person(other_tenant, Role.CONSULTANT)
    _mission(other_tenant, colleague, other_manager, name="Confidentiel")
    return consultant


def test_my_missions_gathers_every_organisation_where_they_consult(
    client, tenant, other_tenant, across
):
    client.force_login(across)
    response = client.get(reverse("my_missions"))
    assert response.status_code == 200
    by_tenant = {o["tenant"].slug: o["work"] for o in response.context["organisations"]}
    assert set(by_tenant) == {tenant.slug, other_tenant.slug}  # not where they manage
    here, there = by_tenant[tenant.slug], by_tenant[other_tenant.slug]
    assert [a.title for a in here["overdue"].rows] == ["Bilan carbone Vegepolys"]
    assert [a.title for a in here["due_soon"].rows] == ["Plan de mobilité Vegepolys"]
    assert [m.company.name for m in here["not_met"].rows] == ["Vegepolys"]
    assert [a.title for a in there["overdue"].rows] == ["Bilan carbone 6PL Rouen"]
    assert there["not_met"].count == 0
    assert [(m.company.name, m.days_left) for m in there["missions"].rows] == [
        ("6PL Rouen", Decimal("3.5"))
    ]
    body = response.content.decode()
    assert "Confidentiel" not in body
    assert (
        reverse(
            "mission_detail",
            kwargs={"tenant_slug": other_tenant.slug, "pk": there["missions"].rows[0].pk},
        )
        in body
    )


def test_my_missions_explains_itself_to_someone_who_consults_nowhere(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(reverse("my_missions"))
    assert response.status_code == 200
    assert response.context["organisations"] == []
    assert 'data-testid="no-consultant-role"' in response.content.decode()
    client.force_login(UserFactory())  # no role anywhere
    assert client.get(reverse("my_missions")).status_code == 200


def test_a_withdrawn_consultant_no_longer_sees_that_organisation(client, tenant, people):
    from rse_platform.tenants import services as tenant_services
    from rse_platform.tenants.models import Membership

    consultant = people["consultant"]
    _mission(tenant, consultant, people["manager"], name="Vegepolys")
    with scope(tenant=tenant):
        tenant_services.remove_member(
            membership=Membership.objects.get(user=consultant), actor=people["manager"]
        )
    client.force_login(consultant)
    assert client.get(reverse("my_missions")).context["organisations"] == []


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("my_missions"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_missions_costs_the_same_with_more_rows(
    client, tenant, other_tenant, across, people, page_queries, make_person
):
    client.force_login(across)
    url = reverse("my_missions")
    other_manager = make_person(other_tenant, Role.MANAGER)
    _mission(other_tenant, across, other_manager, name="Jamais vue")  # every block has rows
    page_queries(url)
    small = page_queries(url)
    for index in range(6):
        _mission(tenant, across, people["manager"], name=f"Ici {index}", met=index * 20)
        _mission(other_tenant, across, other_manager, name=f"Là-bas {index}")
    assert page_queries(url) == small
