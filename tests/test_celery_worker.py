"""End to end through Redis and a real Celery worker process, on PostgreSQL.

The web side queues the task; a separate worker process picks it up, opens the tenant's scope
from the tenant id and sends the e-mail (to files, so this test can read what left).
"""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from rse_platform.tenants.roles import Role
from tests.factories import InvitationFactory
from tests.worker import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path, settings):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    with running_worker(settings, name="test", env=env):
        yield mail_dir


def _wait_for_mail(mail_dir, count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = [path.read_text() for path in sorted(mail_dir.glob("*.log"))]
        if len(messages) >= count:
            return messages
        time.sleep(0.2)
    return [path.read_text() for path in sorted(mail_dir.glob("*.log"))]


def test_an_invitation_is_sent_by_the_worker(client, tenant, make_person, worker):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("invite", kwargs={"tenant_slug": tenant.slug}),
        {"email": "worker-test@example.org", "role": Role.JURY},
    )
    assert response.status_code == 302
    messages = _wait_for_mail(worker, 1)
    assert len(messages) == 1
    assert "worker-test@example.org" in messages[0]
    assert "/invitations/" in messages[0]


def test_healthz_sees_the_worker(client, worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["redis"] == "ok"
    assert body["celery"]["workers"] >= 1


def test_a_reminder_leaves_once_even_when_beat_fires_twice(tenant, worker):
    from rse_platform.tenants.tasks import dispatch_reminders

    InvitationFactory(
        tenant=tenant, email="late@example.org", created_at=timezone.now() - timedelta(days=5)
    )
    dispatch_reminders.delay()
    dispatch_reminders.delay()
    messages = _wait_for_mail(worker, 1)
    time.sleep(2)  # give a duplicate the time to show up
    messages = [path.read_text() for path in sorted(worker.glob("*.log"))]
    assert len(messages) == 1
    assert "late@example.org" in messages[0]


def test_the_funder_report_pdf_is_rendered_by_the_worker(client, tenant, make_person, worker):
    from django_scopes import scope

    from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
    from rse_platform.files.models import GeneratedDocument

    programme = ProgrammeFactory(tenant=tenant)
    EnrolmentFactory(programme=programme)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("funder_report_request", kwargs={"tenant_slug": tenant.slug, "pk": programme.pk})
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 60
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get(kind="programmes.funder_report")
        while document.is_active and time.monotonic() < deadline:
            time.sleep(0.5)
            document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.READY
    assert Path(document.file.path).read_bytes().startswith(b"%PDF")
    dashboard = client.get(response.url)
    assert 'data-testid="document-download"' in dashboard.content.decode()
