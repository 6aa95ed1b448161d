"""The funder report: a PDF through the core's generated documents, an XLSX built in the
request, both with the dashboard's figures."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def programme(tenant):
    programme = ProgrammeFactory(tenant=tenant, name="Parcours DD", start_year=2020)
    company = CompanyFactory(
        tenant=tenant, name="Salti Location", headcount=420, annual_revenue=Decimal("95000000")
    )
    EnrolmentFactory(programme=programme, company=company, engaged_on=date(2021, 5, 1))
    return programme


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def _request_pdf(client, tenant, programme, capture, **headers):
    with capture(execute=True):
        return client.post(_url(tenant, "funder_report_request", pk=programme.pk), headers=headers)


def test_it_renders_the_pdf_on_the_worker_and_the_dashboard_follows_it(
    manager, tenant, programme, django_capture_on_commit_callbacks
):
    response = _request_pdf(manager, tenant, programme, django_capture_on_commit_callbacks)
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get()
    assert (document.kind, document.status, document.subject_id) == (
        "programmes.funder_report",
        GeneratedDocument.Status.READY,
        programme.pk,
    )
    stamp = timezone.localdate().isoformat()
    assert document.filename == f"rapport-financeurs-parcours-dd-{stamp}.pdf"
    assert "parcours" not in document.file.name and "rapport" not in document.file.name
    assert response.url == f"{_url(tenant, 'dashboard')}?programme={programme.pk}#funder-report"
    dashboard = manager.get(response.url).content.decode()
    assert f'href="{_url(tenant, "document_download", pk=document.pk)}"' in dashboard
    download = manager.get(_url(tenant, "document_download", pk=document.pk))
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]
    assert f"rapport-financeurs-parcours-dd-{stamp}.pdf" in download["Content-Disposition"]


def test_an_htmx_request_answers_with_the_status_partial(
    manager, tenant, programme, django_capture_on_commit_callbacks
):
    response = _request_pdf(
        manager, tenant, programme, django_capture_on_commit_callbacks, HX_Request="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'data-testid="document-status"' in body


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_other_roles_neither_ask_for_nor_follow_the_report(
    client, tenant, programme, make_person, role, django_capture_on_commit_callbacks
):
    manager = Client()
    manager.force_login(make_person(tenant, Role.MANAGER))
    _request_pdf(manager, tenant, programme, django_capture_on_commit_callbacks)
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get()
    client.force_login(make_person(tenant, role))
    assert client.post(_url(tenant, "funder_report_request", pk=programme.pk)).status_code == 403
    assert client.get(_url(tenant, "document_download", pk=document.pk)).status_code == 404
    assert client.get(_url(tenant, "document_status", pk=document.pk)).status_code == 404
    with scope(tenant=tenant):
        assert GeneratedDocument.objects.count() == 1


def test_another_tenant_gets_nothing_of_the_reports(
    client, tenant, other_tenant, programme, make_person, django_capture_on_commit_callbacks
):
    owner = Client()
    owner.force_login(make_person(tenant, Role.MANAGER))
    _request_pdf(owner, tenant, programme, django_capture_on_commit_callbacks)
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get()
    client.force_login(make_person(other_tenant, Role.MANAGER))
    for name, pk in (
        ("funder_report_xlsx", programme.pk),
        ("document_download", document.pk),
        ("document_status", document.pk),
    ):
        assert client.get(_url(other_tenant, name, pk=pk)).status_code == 404
    assert (
        client.post(_url(other_tenant, "funder_report_request", pk=programme.pk)).status_code == 404
    )


def test_the_xlsx_holds_the_figures_as_numbers(manager, tenant, programme):
    response = manager.get(_url(tenant, "funder_report_xlsx", pk=programme.pk))
    stamp = timezone.localdate().isoformat()
    assert f"rapport-financeurs-parcours-dd-{stamp}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
    assert rows["Entreprises engagées"] == 1
    assert rows["Effectif cumulé"] == 420
    assert rows["Chiffre d'affaires cumulé (€)"] == 95000000


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_the_xlsx_neutralises_formulas_typed_in_the_register(manager, tenant, programme, prefix):
    with scope(tenant=tenant):
        company = programme.enrolments.get().company
        company.commune = f'{prefix}HYPERLINK("https://evil.example","x")'
        company.save()
    response = manager.get(_url(tenant, "funder_report_xlsx", pk=programme.pk))
    sheet = load_workbook(io.BytesIO(response.content))["Communes"]
    cell = sheet.cell(row=2, column=1)
    assert cell.value == f"'{company.commune}".replace("\r", "\n")  # XML reads CR as LF
    assert cell.data_type == "s"
    assert sheet.cell(row=2, column=2).value == 1
