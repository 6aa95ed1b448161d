"""A generated document rendered by a real Celery worker process, through Redis, on PostgreSQL.

The worker (``tests/worker.py``) also loads the test kinds, so that its process knows them.
"""

import time

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from rse_platform.files import services
from rse_platform.files.models import GeneratedDocument
from rse_platform.files.tests import kinds
from rse_platform.files.tests.factories import SubjectFactory
from rse_platform.tenants.roles import Role
from tests.worker import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    with running_worker(settings, name="files", include=["rse_platform.files.tests.kinds"]) as p:
        yield p


def _requested(tenant, kind, user):
    subject = SubjectFactory(tenant=tenant)
    with scopes_disabled():
        return services.request_document(kind=kind, subject=subject, user=user, language="fr")


def _finished(document, timeout=60):
    deadline = time.monotonic() + timeout
    with scopes_disabled():
        document.refresh_from_db()
        while document.is_active and time.monotonic() < deadline:
            time.sleep(0.3)
            document.refresh_from_db()
    return document


def test_the_worker_renders_a_document_a_colleague_then_downloads(
    client, tenant, make_person, worker
):
    document = _finished(_requested(tenant, kinds.SAMPLE, make_person(tenant, Role.MANAGER)))
    assert document.status == GeneratedDocument.Status.READY
    assert document.progress == 100
    client.force_login(make_person(tenant, Role.MANAGER))
    args = {"tenant_slug": tenant.slug, "pk": document.pk}
    status = client.get(reverse("document_status", kwargs=args), headers={"HX-Request": "true"})
    assert "data-hx-trigger" not in status.content.decode()
    download = client.get(reverse("document_download", kwargs=args))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4\n% T\xc3\xa9l\xc3\xa9charger")


def test_a_renderer_crashing_on_the_worker_leaves_the_document_failed(tenant, make_person, worker):
    document = _finished(_requested(tenant, kinds.BROKEN, make_person(tenant, Role.MANAGER)))
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error.startswith("Le document n'a pas pu être généré.")
    assert document.finished_at is not None
