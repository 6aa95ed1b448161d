"""Through Redis and a real Celery worker process: the PDF report (the core's generated-document
task) and campaign invitations (the mailer)."""

import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from diagnostics import services, tasks
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory, UserFactory
from tests.test_celery_worker import _wait_for_mail, worker  # noqa: F401 - the fixture

from .factories import answered, grid

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def shared_media(settings, monkeypatch):
    # The worker process writes the report where this process reads it.
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def test_the_worker_renders_the_pdf_report(client, tenant, make_person, shared_media, worker):  # noqa: F811
    version = grid(tenant, themes=[(1, 2)], levels=[("Bronze", 50)])
    company = CompanyFactory(tenant=tenant, name="Entrepôts Seine Aval")
    diagnostic = answered(company, version, [5, 3], submitted_at=timezone.now())
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("diagnostic_report", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})
    )
    assert response.status_code == 302
    deadline = time.monotonic() + 60
    with scopes_disabled():
        report = GeneratedDocument.objects.get(kind="diagnostics.report")
        while report.is_active and time.monotonic() < deadline:
            time.sleep(0.5)
            report.refresh_from_db()
    assert report.status == GeneratedDocument.Status.READY
    assert Path(report.file.path).read_bytes().startswith(b"%PDF")


def test_campaign_invitations_leave_once_even_when_queued_twice(tenant, worker):  # noqa: F811
    version = grid(tenant, themes=[(1, 1)])
    companies = [CompanyFactory(tenant=tenant) for _ in range(2)]
    for index, company in enumerate(companies):
        CompanyMemberFactory(company=company, user=UserFactory(email=f"worker{index}@example.org"))
    with scope(tenant=tenant):
        campaign = services.create_campaign(
            tenant=tenant,
            version=version,
            title="Campagne d'automne",
            deadline=timezone.localdate(),
            companies=companies,
            actor=None,
        )
    tasks.send_campaign_invitations.delay(tenant.pk, campaign.pk)
    messages = _wait_for_mail(worker, 2)
    time.sleep(2)  # give a duplicate the time to show up
    messages = [path.read_text() for path in sorted(worker.glob("*.log"))]
    assert len(messages) == 2
    assert any("worker0@example.org" in message for message in messages)
