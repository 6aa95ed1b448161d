"""The company page as a 360° view: identity, people, programme status, clubs, self-assessments."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.tests.factories import ClubFactory, ClubMemberFactory
from diagnostics.tests.factories import answered, grid
from programmes.models import Enrolment
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _page(client, tenant, company):
    return client.get(
        reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": company.pk})
    )


def test_it_shows_the_company_from_every_app(client, tenant, make_person, in_scope):
    company = CompanyFactory(tenant=tenant, address="3 rue Nationale", postcode="59310")
    leader = CompanyMemberFactory(company=company)
    club = ClubFactory(tenant=tenant, name="Club Énergie")
    ClubMemberFactory(club=club, user=leader.user, company=company)
    with in_scope(tenant):
        version = grid(tenant, name="Grille ECORIDE")
    answered(company, version, ["5", "3", "1"], submitted_at=timezone.now())
    client.force_login(make_person(tenant, Role.MANAGER))
    body = _page(client, tenant, company).content.decode()
    assert "3 rue Nationale" in body and "59310" in body
    assert "Club Énergie" in body
    assert "Grille ECORIDE" in body


def test_the_status_form_starts_from_the_current_status(client, tenant, make_person):
    programme = ProgrammeFactory(tenant=tenant)
    enrolment = EnrolmentFactory(programme=programme, status=Enrolment.Status.ENGAGED)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = _page(client, tenant, enrolment.company).content.decode()
    assert '<option value="engaged" selected>' in body
    assert '<option value="prospect" selected>' not in body


def test_the_clubs_filter_of_the_register_keeps_the_members_companies(client, tenant, make_person):
    club = ClubFactory(tenant=tenant)
    inside = CompanyFactory(tenant=tenant, name="Dedans")
    CompanyFactory(tenant=tenant, name="Dehors")
    ClubMemberFactory(club=club, company=inside)
    client.force_login(make_person(tenant, Role.MANAGER))
    table = client.get(
        reverse("company_list", kwargs={"tenant_slug": tenant.slug}), {"club": club.pk}
    ).context["table"]
    assert [company.name for company in table.rows] == ["Dedans"]


def test_a_manager_of_a_big_register_starts_a_self_assessment_from_the_company_page(
    client, tenant, make_person, in_scope
):
    from diagnostics.models import Diagnostic

    CompanyFactory.create_batch(51, tenant=tenant)
    company = CompanyFactory(tenant=tenant, name="Choisie SA")
    with in_scope(tenant):
        version = grid(tenant, name="Grille ECORIDE")
    client.force_login(make_person(tenant, Role.MANAGER))
    listing = client.get(reverse("diagnostic_list", kwargs={"tenant_slug": tenant.slug}))
    assert "Choisie SA" not in listing.content.decode()  # no select of every company
    page = _page(client, tenant, company).content.decode()
    assert f'<input type="hidden" name="company" value="{company.pk}">' in page
    response = client.post(
        reverse("diagnostic_list", kwargs={"tenant_slug": tenant.slug}),
        {"company": company.pk, "version": version.pk},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert Diagnostic.objects.filter(company=company, version=version).exists()
