"""A generated document rendered by a real Celery worker process, through Redis, on PostgreSQL.

The worker is started as in ``tests/test_celery_worker.py``, plus ``--include`` of the test
kinds so that the worker process knows them too.
"""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scopes_disabled

from rse_platform.celery import app as celery_app
from rse_platform.files import services
from rse_platform.files.models import GeneratedDocument
from rse_platform.files.tests import kinds
from rse_platform.files.tests.factories import SubjectFactory
from rse_platform.tenants.roles import Role
from tests.test_celery_worker import ROOT, _database_url

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("the worker tests need PostgreSQL and Redis (run them through `make test`)")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    celery_app.control.purge()
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "rse_platform", "worker", "--pool=solo"]
        + ["--loglevel=WARNING", f"--hostname=files-{os.getpid()}@%h"]
        + ["--include", "rse_platform.files.tests.kinds"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    process.stdout.read().decode() if process.poll() is not None else "silent"
                )
        yield process
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        process.terminate()
        process.wait(timeout=30)


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
    assert "hx-trigger" not in status.content.decode()
    download = client.get(reverse("document_download", kwargs=args))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4\n% T\xc3\xa9l\xc3\xa9charger")


def test_a_renderer_crashing_on_the_worker_leaves_the_document_failed(tenant, make_person, worker):
    document = _finished(_requested(tenant, kinds.BROKEN, make_person(tenant, Role.MANAGER)))
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error.startswith("Le document n'a pas pu être généré.")
    assert document.finished_at is not None
