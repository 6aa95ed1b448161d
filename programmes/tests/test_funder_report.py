"""The funder report of a reporting year: a PDF through the core's generated documents (its
subject the year's ``FunderReport``), an XLSX built in the request, funders' logos uploaded with
the programme, dated file names. The year's activity figures are tested across apps in
tests/test_funder_report_figures.py."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope
from openpyxl import load_workbook
from PIL import Image

from programmes import reports, selectors
from programmes.models import BudgetLine, Funder, FunderReport
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 111, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


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


@pytest.fixture
def english_manager(client, tenant, make_person, settings):
    client.force_login(make_person(tenant, Role.MANAGER, language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _request_pdf(client, tenant, programme, capture, data=None, **headers):
    with capture(execute=True):
        return client.post(
            _url(tenant, "funder_report_request", pk=programme.pk), data or {}, headers=headers
        )


def test_it_renders_the_chosen_years_pdf_on_the_worker_and_the_dashboard_follows_it(
    manager, tenant, programme, django_capture_on_commit_callbacks
):
    response = _request_pdf(
        manager, tenant, programme, django_capture_on_commit_callbacks, {"year": LAST_YEAR}
    )
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get()
        report = FunderReport.objects.get()
    assert (report.programme, report.year) == (programme, LAST_YEAR)
    assert (document.kind, document.status, document.subject_id) == (
        "programmes.funder_report",
        GeneratedDocument.Status.READY,
        report.pk,
    )
    filename = f"rapport-financeurs-{LAST_YEAR}-pevele-test-{TODAY.isoformat()}.pdf"
    assert document.filename == filename
    assert "rapport" not in document.file.name
    dashboard_url = f"{_url(tenant, 'dashboard')}?programme={programme.pk}&year={LAST_YEAR}"
    assert response.url == f"{dashboard_url}#funder-report"
    dashboard = manager.get(dashboard_url).content.decode()
    assert f'href="{_url(tenant, "document_download", pk=document.pk)}"' in dashboard
    assert f'<option value="{LAST_YEAR}" selected>' in dashboard
    # Another year has no document yet.
    other_year = manager.get(f"{_url(tenant, 'dashboard')}?programme={programme.pk}")
    assert 'data-testid="document-download"' not in other_year.content.decode()
    download = manager.get(_url(tenant, "document_download", pk=document.pk))
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]
    assert filename in download["Content-Disposition"]


def test_without_a_year_it_reports_the_default_year(
    manager, tenant, programme, django_capture_on_commit_callbacks
):
    _request_pdf(manager, tenant, programme, django_capture_on_commit_callbacks)
    with scope(tenant=tenant):
        report = FunderReport.objects.get()
    assert report.year == selectors.default_report_year(programme=programme)


@pytest.mark.parametrize("year", ["2019", str(TODAY.year + 1), "deux-mille"])
def test_a_year_the_programme_did_not_run_is_refused_and_nothing_is_written(
    manager, tenant, programme, django_capture_on_commit_callbacks, year
):
    response = _request_pdf(
        manager, tenant, programme, django_capture_on_commit_callbacks, {"year": year}
    )
    assert response.status_code == 302
    page = manager.get(response.url).content.decode()
    assert "Sélectionnez un choix valide" in page
    with scope(tenant=tenant):
        assert not FunderReport.objects.exists() and not GeneratedDocument.objects.exists()


def test_an_htmx_request_answers_with_the_status_partial(
    manager, tenant, programme, django_capture_on_commit_callbacks
):
    response = _request_pdf(
        manager, tenant, programme, django_capture_on_commit_callbacks, HX_Request="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'data-testid="document-status"' in body


def test_a_refused_htmx_request_answers_with_the_message(
    manager, tenant, programme, django_capture_on_commit_callbacks
):
    response = _request_pdf(
        manager,
        tenant,
        programme,
        django_capture_on_commit_callbacks,
        {"year": "1999"},
        HX_Request="true",
    )
    assert 'data-testid="report-refused"' in response.content.decode()
    with scope(tenant=tenant):
        assert not GeneratedDocument.objects.exists()


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
    assert client.get(_url(tenant, "funder_report_xlsx", pk=programme.pk)).status_code == 403
    assert client.get(_url(tenant, "document_download", pk=document.pk)).status_code == 404
    assert client.get(_url(tenant, "document_status", pk=document.pk)).status_code == 404
    with scope(tenant=tenant):
        assert GeneratedDocument.objects.count() == 1
        assert FunderReport.objects.count() == 1


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
    with scope(tenant=tenant):
        assert FunderReport.objects.count() == 1


def test_the_xlsx_holds_the_years_figures_as_numbers(english_manager, tenant, programme):
    with scope(tenant=tenant):
        BudgetLine.objects.create(
            tenant=tenant, programme=programme, year=LAST_YEAR, label="Animation", amount=1000
        )
        BudgetLine.objects.create(
            tenant=tenant, programme=programme, year=TODAY.year, label="Autre année", amount=7
        )
    url = _url(tenant, "funder_report_xlsx", pk=programme.pk)
    response = english_manager.get(f"{url}?year={LAST_YEAR}")
    filename = f"rapport-financeurs-{LAST_YEAR}-pevele-test-{TODAY.isoformat()}.xlsx"
    assert filename in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
    assert rows["Reporting year"] == LAST_YEAR
    assert rows["Engaged companies"] == 1
    assert rows["Cumulated headcount"] == 420
    assert rows["Cumulated revenue (€)"] == 95000000
    activity = workbook[f"Activity {LAST_YEAR}"].iter_rows(min_row=2, values_only=True)
    assert {row[0]: row[1] for row in activity}["Companies supported"] == 1
    budget = list(workbook[f"Budget {LAST_YEAR}"].iter_rows(min_row=2, values_only=True))
    assert budget == [("Animation", 1000), ("Total", 1000)]


def test_an_unknown_year_in_the_xlsx_address_falls_back_to_the_default(manager, tenant, programme):
    response = manager.get(f"{_url(tenant, 'funder_report_xlsx', pk=programme.pk)}?year=abc")
    default = selectors.default_report_year(programme=programme)
    assert f"rapport-financeurs-{default}-pevele-test-" in response["Content-Disposition"]


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


def _edit_data(programme, **extra):
    data = {
        "name": programme.name,
        "start_year": str(programme.start_year),
        "target_companies": "100",
        "territory_private_employees": "18000",
        "description": "",
        "objectives": "",
        "funders-TOTAL_FORMS": "1",
        "funders-INITIAL_FORMS": "0",
        "funders-0-name": "Région Hauts-de-France",
        "funders-0-share": "50",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_a_funders_logo_is_uploaded_with_the_programme_and_printed_on_the_report(
    english_manager, tenant, programme
):
    logo = SimpleUploadedFile("logo région.png", _png(), "image/png")
    response = english_manager.post(
        _url(tenant, "programme_edit", pk=programme.pk),
        _edit_data(programme, **{"funders-0-logo": logo}),
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        stored = Funder.objects.get().logo.name
        html = _html(programme, LAST_YEAR)
    assert stored.startswith("programmes/funders/") and "région" not in stored
    assert '<img src="data:image/png;base64,' in html and 'alt="Région Hauts-de-France"' in html
    # The form names the stored logo without linking to /media/ (nothing serves it).
    page = english_manager.get(_url(tenant, "programme_edit", pk=programme.pk)).content.decode()
    assert "A logo is stored" in page and "/media/" not in page


def test_a_logo_that_is_not_an_image_is_refused_and_nothing_is_written(manager, tenant, programme):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", "image/png")
    response = manager.post(
        _url(tenant, "programme_edit", pk=programme.pk),
        _edit_data(programme, **{"funders-0-logo": fake}),
    )
    assert response.status_code == 200
    assert response.context["funders"].forms[0].errors["logo"]
    with scope(tenant=tenant):
        assert not Funder.objects.exists()


def _html(programme, year, language="en"):
    with translation.override(language):
        context = reports.funder_report_context(programme=programme, year=year)
        return render_to_string("programmes/reports/funder_report.html", context)


def test_the_pdf_keeps_headings_with_their_content_and_leaves_empty_sections_out(tenant, programme):
    with scope(tenant=tenant):
        bare = _html(programme, LAST_YEAR)
        Funder.objects.create(tenant=tenant, programme=programme, name="Région", share=50)
        BudgetLine.objects.create(
            tenant=tenant, programme=programme, year=LAST_YEAR, label="Visites", amount=1200
        )
        full = _html(programme, LAST_YEAR)
        french = _html(programme, LAST_YEAR, "fr")
    assert "break-after: avoid" in bare
    assert f"Funding in {LAST_YEAR}" not in bare and f"Budget {LAST_YEAR}" not in bare
    assert f"Funding in {LAST_YEAR}" in full and f"Budget {LAST_YEAR}" in full
    assert full.count("1,200.00 €") == 2  # the line and its total
    assert f"Funder report {LAST_YEAR}" in full
    assert f"From 1 January {LAST_YEAR} to 31 December {LAST_YEAR}" in full  # en-GB dates
    assert f"1 janvier {LAST_YEAR}" in french and "1\xa0200,00 €" in french  # fr-FR


def test_the_default_year_is_the_last_one_until_march_then_the_current_one(programme):
    assert selectors.default_report_year(programme=programme, today=date(2027, 3, 31)) == 2026
    assert selectors.default_report_year(programme=programme, today=date(2027, 4, 1)) == 2027
    young = ProgrammeFactory.build(start_year=2027)
    assert selectors.default_report_year(programme=young, today=date(2027, 2, 1)) == 2027
    assert selectors.report_years(programme=programme, today=date(2022, 6, 1)) == [
        2022,
        2021,
        2020,
    ]
