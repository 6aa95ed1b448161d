"""A programme may make signing the current charter a condition of engagement ("refus
d'adhésion")."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from programmes import services
from programmes.models import Enrolment, Programme
from programmes.tests.factories import ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _enrol(client, tenant, company, programme, status="engaged"):
    return client.post(
        reverse("company_enrol", kwargs={"tenant_slug": tenant.slug, "pk": company.pk}),
        {"programme": programme.pk, "status": status, "on": "2026-03-02"},
    )


@pytest.fixture
def setting(tenant, make_person, in_scope):
    """A programme that requires the charter, version 2 published, a company and its leader."""
    manager = make_person(tenant, Role.MANAGER)
    programme = ProgrammeFactory(tenant=tenant, name="Parcours DD", charter_required=True)
    company = CompanyFactory(tenant=tenant, name="Menuiseries Delcourt")
    leader = CompanyMemberFactory(company=company).user
    with in_scope(tenant):
        services.publish_charter_version(tenant=tenant, title="Charte", text="v1", actor=manager)
        services.sign_charter(company=company, user=leader)  # v1 only
        services.publish_charter_version(tenant=tenant, title="Charte", text="v2", actor=manager)
    return manager, programme, company, leader


def test_it_refuses_to_engage_a_company_that_has_not_signed_the_current_charter(
    client, tenant, setting
):
    manager, programme, company, _leader = setting
    client.force_login(manager)
    response = _enrol(client, tenant, company, programme)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'data-testid="enrolment-errors"' in page
    assert "Menuiseries Delcourt n'a pas signé la version 2 de la charte" in page
    with scope(tenant=tenant):
        assert not Enrolment.objects.exists()


def test_it_engages_the_company_once_its_leader_has_signed(client, tenant, setting, in_scope):
    manager, programme, company, leader = setting
    with in_scope(tenant):
        services.sign_charter(company=company, user=leader)
    client.force_login(manager)
    response = _enrol(client, tenant, company, programme)
    assert response.status_code == 302
    with scope(tenant=tenant):
        assert Enrolment.objects.get().status == Enrolment.Status.ENGAGED


def test_a_prospect_needs_no_signature(client, tenant, setting):
    manager, programme, company, _leader = setting
    client.force_login(manager)
    assert _enrol(client, tenant, company, programme, status="prospect").status_code == 302
    with scope(tenant=tenant):
        assert Enrolment.objects.get().status == Enrolment.Status.PROSPECT


def test_without_the_setting_the_charter_is_no_condition(client, tenant, setting):
    manager, programme, company, _leader = setting
    with scope(tenant=tenant):
        Programme.objects.filter(pk=programme.pk).update(charter_required=False)
    client.force_login(manager)
    assert _enrol(client, tenant, company, programme).status_code == 302
    with scope(tenant=tenant):
        assert Enrolment.objects.get().status == Enrolment.Status.ENGAGED


def test_with_no_charter_published_the_refusal_says_so(tenant, make_person, in_scope):
    programme = ProgrammeFactory(tenant=tenant, charter_required=True)
    company = CompanyFactory(tenant=tenant)
    with in_scope(tenant), pytest.raises(ValidationError, match="aucune charte"):
        services.set_enrolment(
            programme=programme, company=company, status=Enrolment.Status.ENGAGED, actor=None
        )


def test_a_manager_makes_the_charter_a_condition_in_the_programme_form(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("programme_create", kwargs={"tenant_slug": tenant.slug}),
        {
            "name": "Parcours DD",
            "start_year": "2012",
            "charter_required": "on",
            "funders-TOTAL_FORMS": "0",
            "funders-INITIAL_FORMS": "0",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        assert Programme.objects.get().charter_required is True
