"""The charter's signature register: filtered by state, paged and sorted in the database."""

import pytest
from django.urls import reverse

from programmes import services
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def _publish(tenant, in_scope, actor, title="Charte"):
    with in_scope(tenant):
        return services.publish_charter_version(
            tenant=tenant, actor=actor, title=title, text="Nous nous engageons."
        )


def _sign(tenant, in_scope, company, make_person):
    from companies import services as company_services

    person = make_person(tenant, Role.MEMBER)
    with in_scope(tenant):
        company_services.link_person(company=company, user=person, position="leader")
        services.sign_charter(company=company, user=person)


def test_it_filters_companies_by_signature_state(manager, tenant, in_scope, make_person):
    actor = make_person(tenant, Role.MANAGER)
    signed_old, signed_new = CompanyFactory(tenant=tenant), CompanyFactory(tenant=tenant)
    never = CompanyFactory(tenant=tenant, name="Jamais SA")
    _publish(tenant, in_scope, actor, "v1")
    _sign(tenant, in_scope, signed_old, make_person)
    _publish(tenant, in_scope, actor, "v2")
    _sign(tenant, in_scope, signed_new, make_person)
    url = reverse("charter", kwargs={"tenant_slug": tenant.slug})

    def states(state):
        return {c.pk for c in manager.get(url, {"state": state}).context["table"].rows}

    assert states("signed") == {signed_new.pk}
    assert states("again") == {signed_old.pk}
    assert states("never") == {never.pk}
    assert states("") == {signed_old.pk, signed_new.pk, never.pk}
    summary = manager.get(url).context["summary"]
    assert (summary["total"], summary["signed"], summary["never"]) == (3, 1, 1)


def test_it_pages_the_register_at_a_constant_cost(
    manager, tenant, in_scope, make_person, page_queries
):
    _publish(tenant, in_scope, make_person(tenant, Role.MANAGER))
    url = reverse("charter", kwargs={"tenant_slug": tenant.slug})
    CompanyFactory.create_batch(3, tenant=tenant)
    small = page_queries(url), page_queries(url + "?page=2&sort=-signed")
    CompanyFactory.create_batch(120, tenant=tenant)
    assert (page_queries(url), page_queries(url + "?page=2&sort=-signed")) == small
    page = manager.get(url, {"page": 3}).context["table"]
    assert page.count == 123 and len(page.rows) == 23


def test_the_register_swap_is_only_the_table(manager, tenant, in_scope, make_person):
    _publish(tenant, in_scope, make_person(tenant, Role.MANAGER))
    CompanyFactory(tenant=tenant, name="Écoles Réunies")
    response = manager.get(
        reverse("charter", kwargs={"tenant_slug": tenant.slug}),
        {"query": "Écoles"},
        headers={"HX-Request": "true", "HX-Target": "charter-register"},
    )
    body = response.content.decode()
    assert "<html" not in body and "Écoles Réunies" in body
