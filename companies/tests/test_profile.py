"""A company's leader keeps its figures and contacts up to date from "My company"."""

import pytest
from django.urls import reverse

from companies.models import Company
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _profile(**extra):
    return {
        "headcount": 42,
        "annual_revenue": "3200000",
        "website": "https://delcourt.example.org",
        "address": "12 rue des Tilleuls",
        "postcode": "59310",
        "commune": "Orchies",
        "contact_email": "contact@delcourt.example.org",
        "contact_phone": "03 20 00 00 00",
        "description": "Menuiserie",
        **extra,
    }


@pytest.fixture
def leader(client, tenant):
    person = CompanyMemberFactory(company=CompanyFactory(tenant=tenant, name="Delcourt"))
    client.force_login(person.user)
    return person


def test_it_takes_a_leader_to_their_company(client, tenant, leader):
    response = client.get(_url(tenant, "my_company"))
    assert response.status_code == 302
    assert response.url == _url(tenant, "company_detail", pk=leader.company_id)


def test_a_leader_updates_the_figures_but_not_the_identity(client, tenant, leader, in_scope):
    siret = leader.company.siret
    response = client.post(
        _url(tenant, "company_profile", pk=leader.company_id),
        _profile(name="Renamed", siret="73282932000074"),
    )
    assert response.status_code == 302
    with in_scope(tenant):
        company = Company.objects.get(pk=leader.company_id)
    assert (company.headcount, company.postcode, company.name) == (42, "59310", "Delcourt")
    assert company.siret == siret


def test_a_bad_postcode_is_refused_and_nothing_changes(client, tenant, leader, in_scope):
    response = client.post(
        _url(tenant, "company_profile", pk=leader.company_id), _profile(postcode="5931")
    )
    assert response.status_code == 400 and "cinq chiffres" in response.content.decode()
    with in_scope(tenant):
        assert Company.objects.get(pk=leader.company_id).headcount != 42


def test_an_employee_cannot_update_the_company(client, tenant):
    employee = CompanyMemberFactory(company=CompanyFactory(tenant=tenant), position="employee")
    client.force_login(employee.user)
    response = client.post(_url(tenant, "company_profile", pk=employee.company_id), _profile())
    assert response.status_code == 404


def test_a_leader_cannot_update_another_company(client, tenant, leader, in_scope):
    other = CompanyFactory(tenant=tenant, headcount=7)
    response = client.post(_url(tenant, "company_profile", pk=other.pk), _profile())
    assert response.status_code == 404
    with in_scope(tenant):
        assert Company.objects.get(pk=other.pk).headcount == 7


def test_a_leader_of_another_tenant_gets_nothing(client, tenant, other_tenant, make_person):
    company = CompanyFactory(tenant=tenant)
    outsider = CompanyMemberFactory(company=CompanyFactory(tenant=other_tenant))
    client.force_login(outsider.user)
    assert client.get(_url(tenant, "company_profile", pk=company.pk)).status_code == 404


def test_a_member_without_a_company_sees_an_honest_page(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    response = client.get(_url(tenant, "my_company"))
    assert response.status_code == 200 and "lié à aucune entreprise" in response.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CONSULTANT, Role.JURY])
def test_my_company_is_for_company_members(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.get(_url(tenant, "my_company")).status_code == 403
