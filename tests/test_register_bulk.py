"""Bulk actions of the company register: each app's action, all or nothing, every refusal said."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import ClubMember
from clubs.tests.factories import ClubFactory
from companies import services as company_services
from diagnostics.models import Campaign, CampaignInvitation
from diagnostics.tests.factories import grid
from programmes.models import Enrolment
from programmes.tests.factories import ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name="company_bulk"):
    return reverse(name, kwargs={"tenant_slug": tenant.slug})


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def test_it_enrols_the_ticked_companies(manager, tenant, in_scope):
    programme = ProgrammeFactory(tenant=tenant)
    first, second, untouched = CompanyFactory.create_batch(3, tenant=tenant)
    response = manager.post(
        _url(tenant) + "?band=small",
        {"operation": f"enrol:{programme.pk}-prospect", "companies": [first.pk, second.pk]},
    )
    assert response.status_code == 302 and response.url.endswith("?band=small")
    with in_scope(tenant):
        enrolled = set(Enrolment.objects.values_list("company_id", "status"))
    assert enrolled == {(first.pk, "prospect"), (second.pk, "prospect")}


def test_one_refusal_writes_nothing_and_names_the_company(manager, tenant, in_scope):
    programme = ProgrammeFactory(tenant=tenant)
    fine = CompanyFactory(tenant=tenant, name="Bonne Tenue")
    excluded = CompanyFactory(tenant=tenant, name="Exclue SARL")
    with in_scope(tenant):
        company_services.exclude_company(
            company=excluded, reason="Charte non respectée", actor=None
        )
    response = manager.post(
        _url(tenant),
        {"operation": f"enrol:{programme.pk}-engaged", "companies": [fine.pk, excluded.pk]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Exclue SARL" in body
    assert f'form="bulk-form" id="tick-{fine.pk}" checked' in body  # the ticks are kept
    with in_scope(tenant):
        assert not Enrolment.objects.exists()


def test_it_adds_the_companies_people_to_a_club(manager, tenant, in_scope):
    club = ClubFactory(tenant=tenant, positions=["leader"])
    leader = CompanyMemberFactory(company=CompanyFactory(tenant=tenant))
    response = manager.post(
        _url(tenant), {"operation": f"club:{club.pk}", "companies": [leader.company_id]}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert ClubMember.objects.filter(club=club, user=leader.user).exists()


def test_a_company_without_people_is_refused_for_a_club(manager, tenant, in_scope):
    club = ClubFactory(tenant=tenant)
    nobody = CompanyFactory(tenant=tenant, name="Sans Compte")
    response = manager.post(
        _url(tenant), {"operation": f"club:{club.pk}", "companies": [nobody.pk]}
    )
    assert response.status_code == 400 and "Sans Compte" in response.content.decode()
    with in_scope(tenant):
        assert not ClubMember.objects.exists()


def test_it_adds_companies_to_an_open_campaign_once(manager, tenant, in_scope, make_person):
    with in_scope(tenant):
        version = grid(tenant)
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="Campagne 2026",
            deadline=timezone.localdate() + timedelta(days=30),
            created_by=make_person(tenant, Role.MANAGER),
        )
    company = CompanyFactory(tenant=tenant)
    for _ in range(2):
        manager.post(
            _url(tenant), {"operation": f"campaign:{campaign.pk}", "companies": [company.pk]}
        )
    with in_scope(tenant):
        assert CampaignInvitation.objects.filter(campaign=campaign, company=company).count() == 1


def test_another_tenants_company_cannot_be_ticked(manager, tenant, other_tenant, in_scope):
    programme = ProgrammeFactory(tenant=tenant)
    foreign = CompanyFactory(tenant=other_tenant)
    response = manager.post(
        _url(tenant), {"operation": f"enrol:{programme.pk}-prospect", "companies": [foreign.pk]}
    )
    assert response.status_code == 400
    with in_scope(other_tenant):
        assert not Enrolment.objects.exists()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MEMBER, Role.JURY])
def test_only_managers_use_bulk_actions(client, tenant, make_person, role):
    programme = ProgrammeFactory(tenant=tenant)
    company = CompanyFactory(tenant=tenant)
    client.force_login(make_person(tenant, role))
    response = client.post(
        _url(tenant), {"operation": f"enrol:{programme.pk}-prospect", "companies": [company.pk]}
    )
    assert response.status_code == 403


def test_a_forged_operation_is_refused(manager, tenant):
    company = CompanyFactory(tenant=tenant)
    response = manager.post(
        _url(tenant), {"operation": "enrol:999-engaged", "companies": [company.pk]}
    )
    assert response.status_code == 400
    response = manager.post(_url(tenant), {"operation": "drop:all", "companies": ["x"]})
    assert response.status_code == 400
