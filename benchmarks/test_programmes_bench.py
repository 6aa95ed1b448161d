"""Benchmarks of the programmes app at realistic and large sizes: `make bench`.

Not part of `make test`: timings are measured and reported, never asserted. What is asserted in
the test suite is the number of queries, which must not grow with the data.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from companies import exports
from companies import services as company_services
from companies.models import Company
from companies.siret import demo_siret
from programmes import selectors
from programmes.models import Enrolment
from programmes.tests.factories import ProgrammeFactory
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def _programme_with(companies):
    tenant = TenantFactory()
    programme = ProgrammeFactory(tenant=tenant, start_year=2012)
    with scopes_disabled():
        rows = Company.objects.bulk_create(
            Company(
                tenant=tenant,
                name=f"Entreprise {i}",
                siret=demo_siret(i),
                naf_code="25.62B",
                commune=f"Commune {i % 40}",
                headcount=i % 300,
                annual_revenue=Decimal(i * 1000),
            )
            for i in range(companies)
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                tenant=tenant,
                programme=programme,
                company=company,
                status="engaged",
                engaged_on=date(2012 + i % 14, 1 + i % 12, 1),
            )
            for i, company in enumerate(rows)
        )
    return programme


@pytest.mark.parametrize("companies", [50, 500, 5000])
def test_dashboard_figures(benchmark, companies):
    programme = _programme_with(companies)
    with scope(tenant=programme.tenant):
        figures = benchmark(selectors.dashboard, programme=programme)
    assert figures["engaged"] == companies


@pytest.mark.parametrize("companies", [500, 5000])
def test_register_xlsx_export(benchmark, companies):
    programme = _programme_with(companies)
    with scope(tenant=programme.tenant):
        content = benchmark(exports.register_xlsx, Company.objects.filter(tenant=programme.tenant))
    assert content[:2] == b"PK"


@pytest.mark.parametrize("rows", [200, 2000])
def test_import_check(benchmark, rows):
    tenant = TenantFactory()
    text = "raison_sociale;siret;code_naf;commune;effectif\n" + "".join(
        f"Entreprise {i};{demo_siret(i)};25.62B;Orchies;{i % 90}\n" for i in range(rows)
    )

    def check():
        upload = SimpleUploadedFile("registre.csv", text.encode())
        with scope(tenant=tenant):
            return company_services.check_company_file(tenant=tenant, upload=upload, actor=None)

    checked = benchmark.pedantic(check, rounds=3, iterations=1)
    assert len(checked.rows) == rows and checked.errors == []
