import pytest
from django.urls import reverse

from companies import services as company_services
from rse_platform.tenants.roles import Role
from tests.factories import MembershipFactory, TenantFactory

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
