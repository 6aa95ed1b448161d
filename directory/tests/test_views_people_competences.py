"""The competence taxonomy the programme team maintains: add, rename, reorder, archive, restore."""

import pytest
from django_scopes import scope

from directory.models import Competence
from directory.tests.factories import CompetenceFactory, ProfileFactory
from directory.tests.test_views_people import url
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _competences(tenant):
    with scope(tenant=tenant):
        return list(Competence.objects.filter(tenant=tenant).order_by("order", "name"))


def test_a_manager_adds_a_competence(client, tenant, manager):
    client.force_login(manager)
    address = url(tenant, "competence_list")
    assert client.get(address).status_code == 200
    response = client.post(address, {"name": "Plan de mobilité", "theme": "Mobilité", "order": "3"})
    assert response.status_code == 302 and response.url == address
    (competence,) = _competences(tenant)
    assert (competence.name, competence.theme, competence.order) == (
        "Plan de mobilité",
        "Mobilité",
        3,
    )
    with scope(tenant=tenant):
        assert AuditEntry.objects.filter(action="directory.competence_created").exists()


def test_two_competences_never_share_a_name(client, tenant, manager):
    CompetenceFactory(tenant=tenant, name="GPEC")
    client.force_login(manager)
    response = client.post(url(tenant, "competence_list"), {"name": "gpec"})
    assert response.status_code == 400
    assert "already in the list" in response.content.decode()
    assert len(_competences(tenant)) == 1


def test_a_competence_needs_a_name(client, tenant, manager):
    client.force_login(manager)
    response = client.post(url(tenant, "competence_list"), {"name": "", "theme": "Énergie"})
    assert response.status_code == 400
    assert _competences(tenant) == []


def test_the_list_counts_who_declared_each_competence(client, tenant, manager, leader):
    gpec = CompetenceFactory(tenant=tenant, name="GPEC")
    ProfileFactory(tenant=tenant, user=leader, competences=[gpec])
    client.force_login(manager)
    response = client.get(url(tenant, "competence_list"))
    (row,) = response.context["table"].rows
    assert (row.name, row.people, row.listed_companies, row.consultant_count) == ("GPEC", 1, 0, 0)


def test_a_manager_renames_and_reorders_a_competence(client, tenant, manager):
    competence = CompetenceFactory(tenant=tenant, name="Efficacite energetique", order=5)
    client.force_login(manager)
    address = url(tenant, "competence_edit", pk=competence.pk)
    assert client.get(address).status_code == 200
    response = client.post(
        address, {"name": "Efficacité énergétique", "theme": "Énergie", "order": "1"}
    )
    assert response.status_code == 302
    (competence,) = _competences(tenant)
    assert (competence.name, competence.order) == ("Efficacité énergétique", 1)


def test_a_rename_to_an_existing_name_is_refused(client, tenant, manager):
    CompetenceFactory(tenant=tenant, name="ISO 14001")
    competence = CompetenceFactory(tenant=tenant, name="ISO 50001")
    client.force_login(manager)
    response = client.post(url(tenant, "competence_edit", pk=competence.pk), {"name": "iso 14001"})
    assert response.status_code == 400
    assert sorted(c.name for c in _competences(tenant)) == ["ISO 14001", "ISO 50001"]


def test_a_manager_archives_and_restores_a_competence(client, tenant, manager, leader):
    competence = CompetenceFactory(tenant=tenant, name="RSE dans les appels d'offres")
    profile = ProfileFactory(tenant=tenant, user=leader, competences=[competence])
    client.force_login(manager)
    address = url(tenant, "competence_edit", pk=competence.pk)
    assert client.post(address, {"op": "archive"}).status_code == 302
    assert _competences(tenant)[0].archived
    with scope(tenant=tenant):
        assert list(profile.competences.all()) == [competence]  # who declared it keeps it
    client.get(url(tenant, "competence_list"))  # reads the flash message
    assert list(client.get(url(tenant, "competence_list")).context["table"].rows) == []
    archived = client.get(url(tenant, "competence_list"), {"archived": "1"}).context["table"]
    assert [row.pk for row in archived.rows] == [competence.pk]
    assert client.post(address, {"op": "restore"}).status_code == 302
    assert not _competences(tenant)[0].archived


def test_only_managers_maintain_the_taxonomy(client, tenant, leader, make_person):
    competence = CompetenceFactory(tenant=tenant, name="GPEC")
    for person in (leader, make_person(tenant, Role.CONSULTANT)):
        client.force_login(person)
        assert client.get(url(tenant, "competence_list")).status_code == 403
        assert client.post(url(tenant, "competence_list"), {"name": "Intrus"}).status_code == 403
        address = url(tenant, "competence_edit", pk=competence.pk)
        assert client.post(address, {"op": "archive"}).status_code == 403
    assert [(c.name, c.archived) for c in _competences(tenant)] == [("GPEC", False)]


def test_a_competence_of_another_tenant_is_not_found(client, tenant, other_tenant, manager):
    foreign = CompetenceFactory(tenant=other_tenant, name="Étrangère")
    client.force_login(manager)
    address = url(tenant, "competence_edit", pk=foreign.pk)
    assert client.get(address).status_code == 404
    assert client.post(address, {"op": "archive"}).status_code == 404
    assert not _competences(other_tenant)[0].archived


def test_the_competence_list_costs_the_same_with_more_competences(
    client, tenant, manager, leader, page_queries
):
    client.force_login(manager)
    address = url(tenant, "competence_list")
    CompetenceFactory(tenant=tenant)
    page_queries(address)
    small = page_queries(address)
    competences = [CompetenceFactory(tenant=tenant) for _index in range(8)]
    ProfileFactory(tenant=tenant, user=leader, competences=competences)
    assert page_queries(address) == small
