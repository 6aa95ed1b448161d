from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from clubs.tests.factories import EventFactory, RegistrationFactory
from companies import services as company_services
from diagnostics import services as diagnostic_services
from diagnostics.tests.factories import answered, grid
from programmes import services as programme_services
from rse_platform.tenants import registry
from rse_platform.tenants.roles import ROLE_NOT_YET, Role
from rse_platform.tenants.views import HOME_TODOS
from tests.factories import CompanyFactory, CompanyMemberFactory, MembershipFactory, TenantFactory

pytestmark = pytest.mark.django_db


def test_a_person_with_one_tenant_lands_on_its_home(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.JURY))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})


def test_a_person_with_several_tenants_picks_one(client, tenant, other_tenant, make_person):
    consultant = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.MANAGER)
    client.force_login(consultant)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert tenant.name in body and other_tenant.name in body
    # The header switcher offers both tenants from inside either one.
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": other_tenant.slug}))
    assert response.context["current_membership"].role == Role.MANAGER
    assert {m.tenant.slug for m in response.context["my_memberships"]} == {
        tenant.slug,
        other_tenant.slug,
    }


def test_a_person_without_a_role_is_told_how_to_get_one(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "invitation" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, tenant):
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_inactive_tenant_is_gone(client, make_person):
    closed = TenantFactory(slug="ferme", is_active=False)
    client.force_login(make_person(closed, Role.MANAGER))
    assert client.get(reverse("tenant_home", kwargs={"tenant_slug": "ferme"})).status_code == 404


def test_the_home_page_cost_does_not_grow_with_data(
    client, tenant, make_person, in_scope, page_queries
):
    client.force_login(make_person(tenant, Role.MANAGER))
    url = reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    small = page_queries(url)
    for index in range(30):
        make_person(tenant, Role.MEMBER)
        with in_scope(tenant):
            company_services.create_company(tenant=tenant, name=f"Entreprise {index}")
    assert page_queries(url) == small


# --- "To do" first, then the panels -------------------------------------------------------------


def _home(client, tenant):
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    return response


def test_it_lists_the_to_dos_by_urgency_then_date_and_keeps_the_rest_for_show_more(
    client, tenant, make_person, monkeypatch
):
    today = timezone.localdate()

    def contributed(request):
        later = [
            registry.TodoItem(f"Plus tard {n}", urgency=registry.Urgency.LATER) for n in range(8)
        ]
        return [
            *later,
            registry.TodoItem("Bientôt, dans dix jours", due=today + timedelta(days=10)),
            registry.TodoItem("Bientôt, demain", due=today + timedelta(days=1)),
            registry.TodoItem("Urgent", urgency=registry.Urgency.NOW),
        ]

    monkeypatch.setattr(registry, "_TODOS", {})
    registry.add_todo("test", contributed, permission="tenant.view")
    client.force_login(make_person(tenant, Role.JURY))
    response = _home(client, tenant)
    shown = [item.label for item in response.context["todos"]]
    assert len(shown) == HOME_TODOS
    assert shown[:3] == ["Urgent", "Bientôt, demain", "Bientôt, dans dix jours"]
    assert [item.label for item in response.context["more_todos"]] == [
        "Plus tard 5",
        "Plus tard 6",
        "Plus tard 7",
    ]
    body = response.content.decode()
    assert body.index('data-testid="todo"') < body.index('id="guide-title"')
    assert "<details" in body and 'data-testid="todo-test"' in body


def test_a_role_without_to_dos_gets_an_honest_empty_state(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    response = _home(client, tenant)
    body = response.content.decode()
    assert response.context["todos"] == []
    assert 'data-testid="todo-empty"' in body
    # The directory exists now: nothing is presented as missing, the network is in the menu.
    assert ROLE_NOT_YET.get(Role.MEMBER) is None
    assert response.context["not_yet"] is None and 'data-testid="not-yet"' not in body
    assert reverse("directory_home", kwargs={"tenant_slug": tenant.slug}) in body


def test_a_jury_member_s_home_leads_to_the_jury_pages(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.JURY))
    response = _home(client, tenant)
    body = response.content.decode()
    assert ROLE_NOT_YET.get(Role.JURY) is None
    assert response.context["not_yet"] is None and 'data-testid="not-yet"' not in body
    assert 'data-testid="panel-jury"' in body
    assert reverse("jury_home", kwargs={"tenant_slug": tenant.slug}) in body


def _busy(tenant, *, leader, company, consultant, manager, size):
    """``size`` rows of every kind a home's to-dos read, for the query-count test."""
    now = timezone.now()
    with scope(tenant=tenant):
        programme_services.publish_charter_version(
            tenant=tenant, title="Charte", text=f"v{size}", actor=manager
        )
    for index in range(size):
        other = CompanyFactory(tenant=tenant)
        CompanyMemberFactory(company=other, user=leader)  # more companies to sign for
        version = grid(tenant, themes=[(1, 2)])
        answered(company, version, [3])  # a draft in progress
        with scope(tenant=tenant):
            company_services.assign_consultant(company=other, consultant=consultant)
            diagnostic_services.new_version(version=version, actor=manager)
            diagnostic_services.create_campaign(
                tenant=tenant,
                version=version,
                title=f"Campagne {size}-{index}",
                deadline=timezone.localdate() + timedelta(days=5 + index),
                companies=[company, other],
                actor=manager,
            )
        answered(other, version, [2, 1], submitted_at=now, overall_percent=30)
        event = EventFactory(tenant=tenant, capacity=1)
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, status="waitlisted", waitlisted_at=now)


@pytest.mark.parametrize("role", ["manager", "consultant", "member", "jury"])
def test_each_role_s_home_costs_the_same_with_more_to_do(
    client, tenant, make_person, page_queries, role
):
    manager = make_person(tenant, Role.MANAGER)
    consultant = make_person(tenant, Role.CONSULTANT)
    leader = CompanyMemberFactory(company=CompanyFactory(tenant=tenant))
    people = {
        "manager": manager,
        "consultant": consultant,
        "member": leader.user,
        "jury": make_person(tenant, Role.JURY),
    }
    busy = {
        "leader": leader.user,
        "company": leader.company,
        "consultant": consultant,
        "manager": manager,
    }
    client.force_login(people[role])
    url = reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    _busy(tenant, size=1, **busy)
    page_queries(url)  # the first request fills process-wide caches (content types)
    small = page_queries(url)
    _busy(tenant, size=5, **busy)
    assert page_queries(url) == small
    if role != "jury":  # the to-dos did read the rows: lists cut short, "see all" items
        assert len(_home(client, tenant).context["todos"]) == HOME_TODOS
