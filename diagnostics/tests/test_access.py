"""Who sees which self-assessments: a company its own, a consultant the companies assigned."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from programmes import services as company_services
from rse_platform.tenants.roles import Role

from .factories import CompanyFactory, CompanyMemberFactory, answered, grid

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def two_companies(tenant):
    version = grid(tenant, themes=[(1, 1)])
    from django.utils import timezone

    mine = CompanyFactory(tenant=tenant, name="Ma Société")
    theirs = CompanyFactory(tenant=tenant, name="Leur Société")
    return (
        answered(mine, version, [3], submitted_at=timezone.now(), overall_percent=60),
        answered(theirs, version, [1], submitted_at=timezone.now(), overall_percent=20),
    )


def test_a_company_member_sees_only_their_companys_diagnostics(
    client, tenant, make_person, two_companies
):
    mine, theirs = two_companies
    person = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=mine.company, user=person)
    assign_perm("programmes.view_company", person, mine.company)
    client.force_login(person)
    listing = client.get(url("diagnostic_list", tenant)).content.decode()
    assert "Ma Société" in listing and "Leur Société" not in listing
    assert client.get(url("diagnostic_results", tenant, pk=mine.pk)).status_code == 200
    assert client.get(url("diagnostic_results", tenant, pk=theirs.pk)).status_code == 404
    assert client.post(url("diagnostic_submit", tenant, pk=theirs.pk)).status_code == 404


def test_a_consultant_sees_only_the_companies_assigned(
    client, tenant, make_person, in_scope, two_companies
):
    mine, theirs = two_companies
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        company_services.assign_consultant(company=mine.company, consultant=consultant)
    client.force_login(consultant)
    listing = client.get(url("diagnostic_list", tenant)).content.decode()
    assert "Ma Société" in listing and "Leur Société" not in listing
    assert client.get(url("diagnostic_results", tenant, pk=mine.pk)).status_code == 200
    assert client.get(url("diagnostic_results", tenant, pk=theirs.pk)).status_code == 404


def test_a_consultant_annotates_a_followed_company(
    client, tenant, make_person, in_scope, two_companies
):
    mine, _theirs = two_companies
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        company_services.assign_consultant(company=mine.company, consultant=consultant)
        criterion = mine.version.criteria.get()
    client.force_login(consultant)
    response = client.post(
        url("diagnostic_annotate", tenant, pk=mine.pk, criterion_pk=criterion.pk),
        {"note": "Formaliser la politique achats"},
    )
    assert response.status_code == 302
    client.post(url("diagnostic_review", tenant, pk=mine.pk), {"review_note": "Belle progression"})
    with in_scope(tenant):
        answer = mine.answers.get(criterion=criterion)
        mine.refresh_from_db()
    assert answer.consultant_note == "Formaliser la politique achats"
    assert mine.review_note == "Belle progression"


def test_a_company_member_cannot_annotate(client, tenant, make_person, two_companies, in_scope):
    mine, _theirs = two_companies
    person = make_person(tenant, Role.MEMBER)
    assign_perm("programmes.view_company", person, mine.company)
    with in_scope(tenant):
        criterion = mine.version.criteria.get()
    client.force_login(person)
    response = client.post(
        url("diagnostic_annotate", tenant, pk=mine.pk, criterion_pk=criterion.pk), {"note": "x"}
    )
    assert response.status_code == 403
    with in_scope(tenant):
        assert mine.answers.get().consultant_note == ""


def test_a_jury_member_has_no_diagnostics(client, tenant, make_person, two_companies):
    mine, _theirs = two_companies
    client.force_login(make_person(tenant, Role.JURY))
    assert client.get(url("diagnostic_list", tenant)).status_code == 403
    assert client.get(url("diagnostic_results", tenant, pk=mine.pk)).status_code == 403


def test_another_tenants_diagnostic_is_not_found(
    client, tenant, other_tenant, make_person, two_companies
):
    mine, _theirs = two_companies
    client.force_login(make_person(other_tenant, Role.MANAGER))
    response = client.get(url("diagnostic_results", other_tenant, pk=mine.pk))
    assert response.status_code == 404
    listing = client.get(url("diagnostic_list", other_tenant)).content.decode()
    assert "Ma Société" not in listing


def test_submitted_diagnostics_appear_in_the_company_timeline(tenant, in_scope, two_companies):
    from rse_platform.tenants import registry

    mine, _theirs = two_companies
    with in_scope(tenant):
        entries = [
            entry
            for entry in registry.timeline_for(company=mine.company)
            if entry.kind == "diagnostic"
        ]
    assert len(entries) == 1
    assert mine.version.framework.name in str(entries[0].title)
    assert entries[0].url.endswith(f"/diagnostics/{mine.pk}/results/")
    assert entries[0].detail == "60,0 %"  # fr-FR
