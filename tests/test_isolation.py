"""Tenant isolation over every tenant URL the project declares, present and future.

The URLconf is walked, so a view added by a later feature is covered without editing this file.
"""

import pytest
from django.urls import reverse

from companies import services as company_services
from rse_platform.tenants.roles import Role
from tests.routes import tenant_routes

pytestmark = pytest.mark.django_db

SAMPLE_VALUES = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


ROUTES = {route.pattern: route for route in tenant_routes().values()}
TENANT_ROUTES = sorted(ROUTES)


def _sample_path(route, tenant_slug):
    route = ROUTES[route]
    values = {name: SAMPLE_VALUES[converter] for name, converter in route.parameters.items()}
    return route.path(tenant_slug, values)


def test_the_tenant_urlconf_is_not_empty():
    assert {"", "people/", "companies/<int:pk>/"} <= set(TENANT_ROUTES)


@pytest.mark.parametrize("route", TENANT_ROUTES)
def test_every_tenant_view_carries_a_permission(route):
    callback = ROUTES[route].callback
    assert getattr(callback, "tenant_permission", None) or getattr(
        callback, "tenant_public", False
    ), f"{route} has no permission_required()"


@pytest.mark.parametrize("route", TENANT_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_tenants_manager_gets_404_everywhere(
    client, tenant, other_tenant, make_person, route, method
):
    if getattr(ROUTES[route].callback, "tenant_public", False):
        pytest.skip("public by design (a feed, the labelled companies): tests of their own")
    client.force_login(make_person(other_tenant, Role.MANAGER))
    response = getattr(client, method)(_sample_path(route, tenant.slug))
    assert response.status_code == 404


@pytest.mark.parametrize("route", TENANT_ROUTES)
def test_an_unknown_tenant_gets_404(client, make_person, tenant, route):
    client.force_login(make_person(tenant, Role.MANAGER))
    assert client.get(_sample_path(route, "no-such-tenant")).status_code == 404


def test_object_ids_of_another_tenant_are_not_found_from_ones_own(
    client, tenant, other_tenant, make_person, in_scope
):
    with in_scope(tenant):
        company = company_services.create_company(tenant=tenant, name="Chez A")
    client.force_login(make_person(other_tenant, Role.MANAGER))
    url = reverse("company_detail", kwargs={"tenant_slug": other_tenant.slug, "pk": company.pk})
    assert client.get(url).status_code == 404
    listing = client.get(reverse("company_list", kwargs={"tenant_slug": other_tenant.slug}))
    assert "Chez A" not in listing.content.decode()


def test_another_tenants_activity_and_people_never_show(client, tenant, other_tenant, make_person):
    make_person(tenant, Role.JURY, email="secret.jury@example.org")
    client.force_login(make_person(other_tenant, Role.MANAGER))
    for name in ("tenant_home", "members"):
        body = client.get(reverse(name, kwargs={"tenant_slug": other_tenant.slug})).content.decode()
        assert "secret.jury@example.org" not in body
