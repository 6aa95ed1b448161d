"""The PDF report, rendered by the Celery task (eager in tests) with WeasyPrint."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Report
from rse_platform.tenants.roles import Role

from .factories import CompanyFactory, answered, grid

pytestmark = pytest.mark.django_db


def test_it_renders_the_report_and_the_page_offers_it(
    client, tenant, make_person, in_scope, django_capture_on_commit_callbacks, tmp_path
):
    version = grid(tenant, themes=[(1, 2), (1, 2)], levels=[("Bronze", 50)], name="Grille 6PL")
    company = CompanyFactory(tenant=tenant, name="Transports Verhaeghe")
    diagnostic = answered(company, version, [5, 5, 4, 1], submitted_at=timezone.now())
    client.force_login(make_person(tenant, Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("diagnostic_report", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk}),
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    with in_scope(tenant):
        report = Report.objects.get()
    assert report.status == Report.Status.READY
    status = client.get(
        reverse(
            "diagnostic_report_status", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk}
        )
    ).content.decode()
    download = reverse(
        "diagnostic_report_download",
        kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk, "report_pk": report.pk},
    )
    assert download in status and "every 2s" not in status
    pdf = b"".join(client.get(download).streaming_content)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        text = " ".join(text.split())
        assert "Transports Verhaeghe" in text
        assert "75,0 %" in text  # (10/10 + 5/10) / 2
        assert "Bronze" in text


def test_a_draft_has_no_report_yet(client, tenant, make_person, in_scope):
    version = grid(tenant)
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [1])
    client.force_login(make_person(tenant, Role.MANAGER))
    client.post(
        reverse("diagnostic_report", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})
    )
    with in_scope(tenant):
        assert not Report.objects.exists()


def test_the_page_polls_while_the_report_is_prepared(client, tenant, make_person, in_scope):
    version = grid(tenant)
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [1], submitted_at=timezone.now())
    with in_scope(tenant):
        Report.objects.create(tenant=tenant, diagnostic=diagnostic)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(
        reverse("diagnostic_results", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})
    ).content.decode()
    assert 'hx-trigger="every 2s"' in body
