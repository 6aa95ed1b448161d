"""Who sees and who writes which self-assessments: a company its own, a consultant the companies
they follow, a manager all; writing is checked on the diagnostic's company."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from companies import services as company_services
from diagnostics.models import Answer
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import DiagnosticFactory, answered, grid

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def two_companies(tenant):
    version = grid(tenant, themes=[(1, 1)])
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
        {"consultant_note": "Formaliser la politique achats"},
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
    CompanyMemberFactory(company=mine.company, user=person)
    with in_scope(tenant):
        criterion = mine.version.criteria.get()
    client.force_login(person)
    response = client.post(
        url("diagnostic_annotate", tenant, pk=mine.pk, criterion_pk=criterion.pk),
        {"consultant_note": "x"},
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


# --- A consultant whose role ended (issue "Trust") ---------------------------------------------


@pytest.fixture
def former_consultant(tenant, make_person, in_scope):
    """A consultant who followed ``followed``, was withdrawn, then re-invited as the leader of
    ``own``; ``other`` is a third company with a draft."""
    version = grid(tenant, themes=[(1, 2)])
    manager = make_person(tenant, Role.MANAGER)
    person = make_person(tenant, Role.CONSULTANT, email="ancien.consultant@example.org")
    followed = CompanyFactory(tenant=tenant, name="Suivie Autrefois")
    own, other = CompanyFactory(tenant=tenant), CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        company_services.assign_consultant(company=followed, consultant=person)
        tenant_services.remove_member(
            membership=Membership.objects.get(tenant=tenant, user=person), actor=manager
        )
        invitation = tenant_services.invite_person(
            tenant=tenant, email=person.email, role=Role.MEMBER, invited_by=manager
        )
        tenant_services.accept_invitation(invitation=invitation, user=person)
        company_services.link_person(company=own, user=person, position="leader")
    return {
        "person": person,
        "version": version,
        "followed": DiagnosticFactory(company=followed, version=version),
        "other": DiagnosticFactory(company=other, version=version),
    }


def _cannot_touch(client, tenant, in_scope, diagnostic):
    with in_scope(tenant):
        criterion = diagnostic.version.criteria.first()
    for response in (
        client.get(url("diagnostic_fill", tenant, pk=diagnostic.pk)),
        client.get(url("diagnostic_results", tenant, pk=diagnostic.pk)),
        client.post(
            url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
            {"choice": "5", "comment": "écrit par un ancien consultant"},
        ),
        client.post(url("diagnostic_submit", tenant, pk=diagnostic.pk)),
    ):
        assert response.status_code in (403, 404)
    with in_scope(tenant):
        assert not Answer.objects.filter(diagnostic=diagnostic).exists()
        diagnostic.refresh_from_db()
    assert not diagnostic.is_submitted


def test_a_withdrawn_consultant_reinvited_as_member_loses_their_former_companies(
    client, tenant, in_scope, former_consultant
):
    client.force_login(former_consultant["person"])
    listing = client.get(url("diagnostic_list", tenant)).content.decode()
    assert "Suivie Autrefois" not in listing
    _cannot_touch(client, tenant, in_scope, former_consultant["followed"])
    _cannot_touch(client, tenant, in_scope, former_consultant["other"])


def test_a_grant_left_behind_opens_nothing_to_a_company_member(
    client, tenant, in_scope, former_consultant
):
    # Even if a grant outlived the role (written before roles ended completely), it is trusted
    # only for a consultant: a company member sees and writes their own company only.
    person = former_consultant["person"]
    assign_perm("companies.follow_company", person, former_consultant["followed"].company)
    assign_perm("companies.follow_company", person, former_consultant["other"].company)
    client.force_login(person)
    _cannot_touch(client, tenant, in_scope, former_consultant["followed"])
    _cannot_touch(client, tenant, in_scope, former_consultant["other"])


def test_the_former_consultant_fills_in_their_own_company(
    client, tenant, in_scope, former_consultant
):
    person, version = former_consultant["person"], former_consultant["version"]
    with in_scope(tenant):
        own = person.company_positions.get().company
    client.force_login(person)
    response = client.post(
        url("diagnostic_list", tenant), {"company": own.pk, "version": version.pk}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        diagnostic = own.diagnostics.get()
        criterion = version.criteria.first()
    client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "4"},
    )
    with in_scope(tenant):
        assert Answer.objects.get(diagnostic=diagnostic).points == Decimal("4")


def test_writing_is_checked_on_the_company_not_only_on_seeing_it(
    rf, tenant, make_person, in_scope, two_companies
):
    from rse_platform.tenants import permissions

    mine, theirs = two_companies
    member = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=mine.company, user=member)
    assign_perm("companies.follow_company", member, theirs.company)  # not trusted for a member
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        company_services.assign_consultant(company=theirs.company, consultant=consultant)
        request = rf.get("/")
        may = {}
        for who, person in {"member": member, "consultant": consultant}.items():
            request.user = person
            request.membership = Membership.objects.get(user=person)
            may[who] = [
                permissions.can(request, "diagnostics.fill", diagnostic.company)
                for diagnostic in (mine, theirs)
            ]
    assert may == {"member": [True, False], "consultant": [False, True]}
