"""Malformed ids in paths, query strings and forms give a 404 or a form error, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Criterion, Diagnostic, Theme
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import DiagnosticFactory, grid

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "", "1.5", "-1", "99999999999999999999999", "١٢", "0x10", "1 OR 1=1"]


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def manager(tenant, make_person):
    client = Client(raise_request_exception=False)
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def _draft_version(tenant, in_scope):
    with in_scope(tenant):
        version = services.create_framework(tenant=tenant, name="Grille en cours")
        theme = services.add_theme(version=version, title="Gouvernance")
        services.add_criterion(theme=theme, title="Charte signée", scale="yes_no", max_points=1)
        services.add_level(version=version, name="Bronze", min_percent=50)
    return version


@pytest.mark.parametrize("part", ["remove-theme", "remove-criterion", "remove-level"])
@pytest.mark.parametrize("value", BAD_IDS)
def test_removing_a_framework_item_with_a_bad_id_removes_nothing(
    manager, tenant, in_scope, part, value
):
    version = _draft_version(tenant, in_scope)
    response = manager.post(
        url("framework_edit", tenant, pk=version.pk, part=part), {"id": value}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sélectionnez un choix valide" in body or "Ce champ est obligatoire" in body
    with in_scope(tenant):
        assert (version.themes.count(), version.criteria.count(), version.levels.count()) == (
            1,
            1,
            1,
        )


def test_removing_another_versions_item_removes_nothing(manager, tenant, in_scope):
    version = _draft_version(tenant, in_scope)
    published = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        foreign = published.themes.get()
    response = manager.post(
        url("framework_edit", tenant, pk=version.pk, part="remove-theme"), {"id": foreign.pk}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert Theme.objects.filter(pk=foreign.pk).exists()


def test_a_draft_item_is_removed_with_a_good_id(manager, tenant, in_scope):
    version = _draft_version(tenant, in_scope)
    with in_scope(tenant):
        criterion = version.criteria.get()
    response = manager.post(
        url("framework_edit", tenant, pk=version.pk, part="remove-criterion"), {"id": criterion.pk}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert not Criterion.objects.filter(pk=criterion.pk).exists()


@pytest.mark.parametrize("value", BAD_IDS)
def test_adding_a_criterion_to_a_bad_theme_id_is_a_form_error(manager, tenant, in_scope, value):
    version = _draft_version(tenant, in_scope)
    response = manager.post(
        url("framework_edit", tenant, pk=version.pk, part="criterion"),
        {"theme": value, "title": "Nouveau", "scale": "yes_no", "max_points": "1"},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert version.criteria.count() == 1


@pytest.mark.parametrize("value", BAD_IDS)
def test_starting_with_a_bad_company_or_framework_id_is_a_form_error(
    manager, tenant, in_scope, value
):
    version = grid(tenant)
    company = CompanyFactory(tenant=tenant)
    for data in (
        {"company": value, "version": version.pk},
        {"company": company.pk, "version": value},
    ):
        response = manager.post(url("diagnostic_list", tenant), data)
        assert response.status_code == 400
    with in_scope(tenant):
        assert not Diagnostic.objects.exists()


@pytest.mark.parametrize("value", [*BAD_IDS, "<script>", "1" * 400])
def test_a_bad_theme_in_the_query_string_opens_the_first_theme(manager, tenant, value):
    version = grid(tenant, themes=[(1, 1), (1, 1)])
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    response = manager.get(url("diagnostic_fill", tenant, pk=diagnostic.pk), {"theme": value})
    assert response.status_code == 200
    assert response.context["theme"] == response.context["themes"][0]


@pytest.mark.parametrize("pk", [0, 10**30])
def test_huge_or_unknown_ids_in_paths_are_not_found(manager, tenant, pk):
    version = grid(tenant)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    paths = [
        url("diagnostic_results", tenant, pk=pk),
        url("diagnostic_fill", tenant, pk=pk),
        url("framework_version", tenant, pk=pk),
        url("campaign_detail", tenant, pk=pk),
        url("evidence_download", tenant, pk=diagnostic.pk, criterion_pk=pk),
    ]
    for path in paths:
        assert manager.get(path).status_code == 404, path
    assert manager.post(url("campaign_export", tenant, pk=pk)).status_code == 404
    answer = url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=pk)
    assert manager.post(answer, {"choice": "1"}).status_code == 404


def test_an_overlong_answer_is_refused(manager, tenant, in_scope):
    version = grid(tenant)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant):
        criterion = version.criteria.first()
    response = manager.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "9" * 500},
    )
    assert response.status_code == 400
