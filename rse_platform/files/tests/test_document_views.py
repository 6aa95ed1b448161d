"""Following and downloading a generated document: allowed on the subject, or 404."""

import pytest
from django.urls import reverse

from rse_platform.files import services
from rse_platform.files.models import GeneratedDocument
from rse_platform.files.tests import kinds
from rse_platform.files.tests.factories import SubjectFactory
from rse_platform.tenants import permissions
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db

Status = GeneratedDocument.Status
HTMX = {"HX-Request": "true"}


@pytest.fixture
def subject(tenant):
    return SubjectFactory(tenant=tenant)


@pytest.fixture
def requester(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def render(tenant, subject, requester, in_scope, django_capture_on_commit_callbacks):
    """``render(kind)``: a document of ``kind`` about ``subject``, asked for and rendered."""

    def make(kind=kinds.SAMPLE, **fields):
        with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
            document = services.request_document(
                kind=kind, subject=subject, user=requester, language="fr"
            )
        with in_scope(tenant):
            GeneratedDocument.objects.filter(pk=document.pk).update(**fields)
            document.refresh_from_db()
        return document

    return make


def url(name, document, tenant_slug=None):
    slug = tenant_slug or document.tenant.slug
    return reverse(name, kwargs={"tenant_slug": slug, "pk": document.pk})


def test_a_colleague_allowed_on_the_subject_downloads_the_document(
    client, tenant, make_person, render
):
    document = render()
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("document_download", document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Content-Disposition"].endswith(
        f"filename*=utf-8''Rapport%20%C3%A9t%C3%A9%20{document.subject_id}.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"


def test_a_consultant_granted_the_subject_downloads_it(
    client, tenant, subject, make_person, render
):
    document = render()
    consultant = make_person(tenant, Role.CONSULTANT)
    permissions.grant(consultant, kinds.PERMISSION, subject)
    client.force_login(consultant)
    assert client.get(url("document_download", document)).status_code == 200
    assert client.get(url("document_status", document)).status_code == 200


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MEMBER, Role.JURY])
def test_a_person_not_allowed_on_the_subject_gets_404(client, tenant, make_person, render, role):
    document = render()
    client.force_login(make_person(tenant, role))
    assert client.get(url("document_download", document)).status_code == 404
    assert client.get(url("document_status", document)).status_code == 404
    assert client.post(url("document_retry", document)).status_code == 404


def test_the_requester_loses_the_document_with_the_subject(
    client, tenant, subject, make_person, in_scope, django_capture_on_commit_callbacks
):
    consultant = make_person(tenant, Role.CONSULTANT)
    permissions.grant(consultant, kinds.PERMISSION, subject)
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        document = services.request_document(
            kind=kinds.SAMPLE, subject=subject, user=consultant, language="fr"
        )
    permissions.revoke(consultant, kinds.PERMISSION, subject)
    client.force_login(consultant)
    assert client.get(url("document_download", document)).status_code == 404


def test_another_tenants_manager_gets_404_from_their_own_tenant(
    client, other_tenant, make_person, render
):
    document = render()
    client.force_login(make_person(other_tenant, Role.MANAGER))
    for name in ("document_download", "document_status"):
        response = client.get(url(name, document, tenant_slug=other_tenant.slug))
        assert response.status_code == 404


def test_a_document_not_ready_cannot_be_downloaded(client, requester, render):
    document = render(status=Status.RUNNING, file="")
    client.force_login(requester)
    assert client.get(url("document_download", document)).status_code == 404


def test_a_huge_or_unknown_id_answers_404(client, tenant, requester):
    client.force_login(requester)
    for pk in (999999, 10**30):
        path = reverse("document_status", kwargs={"tenant_slug": tenant.slug, "pk": pk})
        assert client.get(path).status_code == 404


def test_the_status_partial_polls_while_the_document_renders(client, requester, render):
    document = render(status=Status.RUNNING, progress=40, file="")
    client.force_login(requester)
    body = client.get(url("document_status", document), headers=HTMX).content.decode()
    assert "<html" not in body
    assert 'data-hx-trigger="every 1s"' in body
    assert f'data-hx-get="{url("document_status", document)}"' in body
    assert 'role="progressbar"' in body and 'aria-valuenow="40"' in body
    assert "40\u00a0%" in body
    assert "Rapport d&#x27;essai : génération en cours…" in body


def test_the_status_partial_stops_polling_once_ready(client, requester, render):
    document = render()
    client.force_login(requester)
    body = client.get(url("document_status", document), headers=HTMX).content.decode()
    assert "data-hx-trigger" not in body
    assert 'role="progressbar"' not in body
    assert f'href="{url("document_download", document)}"' in body
    assert "Télécharger" in body


def test_a_failed_document_shows_why_and_can_be_tried_again(client, tenant, requester, render):
    document = render(kind=kinds.BROKEN)
    client.force_login(requester)
    body = client.get(url("document_status", document), headers=HTMX).content.decode()
    assert "data-hx-trigger" not in body
    assert "Le document n&#x27;a pas pu être généré" in body
    assert f'data-hx-post="{url("document_retry", document)}"' in body
    assert "Réessayer" in body


def test_trying_again_queues_a_new_document(
    client, tenant, requester, render, django_capture_on_commit_callbacks, in_scope
):
    failed = render(kind=kinds.SAMPLE, status=Status.FAILED, error="Panne", file="")
    client.force_login(requester)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("document_retry", failed), headers=HTMX)
    assert response.status_code == 200
    with in_scope(tenant):
        again = GeneratedDocument.objects.exclude(pk=failed.pk).get(kind=kinds.SAMPLE)
    assert again.status == Status.READY
    assert f'id="document-{again.pk}"' in response.content.decode()


def test_the_status_page_without_htmx_is_a_whole_page(client, requester, render):
    document = render(status=Status.PENDING, progress=0, file="")
    client.force_login(requester)
    body = client.get(url("document_status", document)).content.decode()
    assert '<html lang="fr">' in body
    assert "Rapport d&#x27;essai : en attente de son tour…" in body
    assert 'aria-valuenow="0"' in body
