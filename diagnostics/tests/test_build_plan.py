"""From the results of a submitted self-assessment to a draft action plan on its weakest themes,
through the core's plan builder."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from companies import services as company_services
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db


class FakePlan:
    def __init__(self, pk):
        self.pk = pk

    def get_absolute_url(self):
        return f"/plans/{self.pk}/"


@pytest.fixture
def fake_builder():
    built = []

    def builder(*, company, assessment_pk, actor):
        if company.name == "Refusée":
            raise ValidationError("Cette autoévaluation n'a aucun thème noté.")
        built.append({"company": company, "assessment_pk": assessment_pk, "actor": actor})
        return FakePlan(len(built))

    previous = registry.plan_builder()
    registry.set_plan_builder(builder)
    yield built
    registry.set_plan_builder(previous)


@pytest.fixture
def no_builder():
    previous = registry.plan_builder()
    registry.set_plan_builder(None)
    yield
    registry.set_plan_builder(previous)


@pytest.fixture
def submitted(tenant):
    version = grid(tenant, themes=[(1, 2), (1, 2)])
    company = CompanyFactory(tenant=tenant, name="Salti")
    return answered(company, version, [1, 2, 5, 4], submitted_at=timezone.now())


def _url(tenant, name, diagnostic):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})


def test_it_builds_a_plan_and_goes_to_it(client, tenant, make_person, submitted, fake_builder):
    leader = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=submitted.company, user=leader)
    client.force_login(leader)
    results = client.get(_url(tenant, "diagnostic_results", submitted)).content.decode()
    assert _url(tenant, "diagnostic_build_plan", submitted) in results
    response = client.post(_url(tenant, "diagnostic_build_plan", submitted))
    assert response.status_code == 302
    assert response["Location"] == "/plans/1/"
    assert fake_builder == [
        {"company": submitted.company, "assessment_pk": submitted.pk, "actor": leader}
    ]


def test_a_refusal_is_shown_on_the_results(client, tenant, make_person, fake_builder):
    version = grid(tenant, themes=[(1, 2)])
    refused = answered(
        CompanyFactory(tenant=tenant, name="Refusée"), version, [1, 2], submitted_at=timezone.now()
    )
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_url(tenant, "diagnostic_build_plan", refused), follow=True)
    assert "aucun thème noté" in response.content.decode()
    assert fake_builder == []


def test_without_action_plans_there_is_no_button(
    client, tenant, make_person, submitted, no_builder
):
    client.force_login(make_person(tenant, Role.MANAGER))
    results = client.get(_url(tenant, "diagnostic_results", submitted)).content.decode()
    assert 'data-testid="build-plan"' not in results
    response = client.post(_url(tenant, "diagnostic_build_plan", submitted))
    assert response.status_code == 404


def test_a_draft_self_assessment_has_no_button(client, tenant, make_person, fake_builder):
    draft = answered(CompanyFactory(tenant=tenant), grid(tenant), [1, 2])
    client.force_login(make_person(tenant, Role.MANAGER))
    results = client.get(_url(tenant, "diagnostic_results", draft)).content.decode()
    assert 'data-testid="build-plan"' not in results


def test_a_consultant_not_following_may_not_build(
    client, tenant, make_person, submitted, fake_builder
):
    consultant = make_person(tenant, Role.CONSULTANT)
    client.force_login(consultant)
    assert client.post(_url(tenant, "diagnostic_build_plan", submitted)).status_code == 404
    with scope(tenant=tenant):
        company_services.assign_consultant(company=submitted.company, consultant=consultant)
    assert client.post(_url(tenant, "diagnostic_build_plan", submitted)).status_code == 302
    assert len(fake_builder) == 1


def test_a_jury_member_and_another_company_may_not_build(
    client, tenant, make_person, submitted, fake_builder
):
    client.force_login(make_person(tenant, Role.JURY))
    assert client.post(_url(tenant, "diagnostic_build_plan", submitted)).status_code == 403
    other = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=CompanyFactory(tenant=tenant), user=other)
    client.force_login(other)
    assert client.post(_url(tenant, "diagnostic_build_plan", submitted)).status_code == 404
    assert fake_builder == []


def test_another_tenant_gets_404(
    client, tenant, other_tenant, make_person, submitted, fake_builder
):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    url = reverse(
        "diagnostic_build_plan", kwargs={"tenant_slug": other_tenant.slug, "pk": submitted.pk}
    )
    assert client.post(url).status_code == 404
    assert fake_builder == []


def test_the_real_builder_drafts_a_plan_on_the_weakest_theme(
    client, tenant, make_person, submitted
):
    assert registry.plan_builder() is not None  # the action plans app is installed
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_url(tenant, "diagnostic_build_plan", submitted), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(f"/{tenant.slug}/plans/")
    with scope(tenant=tenant):
        weakest = submitted.version.themes.order_by("order").first().title
    assert weakest in response.content.decode()
