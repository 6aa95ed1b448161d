from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope

from companies.models import Company
from programmes import selectors
from programmes.models import Enrolment
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def programme(tenant):
    return ProgrammeFactory(
        tenant=tenant, start_year=2020, target_companies=10, territory_private_employees=1000
    )


def _engage(programme, **company_fields):
    company = CompanyFactory(tenant=programme.tenant, **company_fields)
    engaged_on = company_fields.pop("engaged_on", date(2021, 5, 1))
    return EnrolmentFactory(programme=programme, company=company, engaged_on=engaged_on)


def test_it_computes_the_figures_on_known_data(tenant, programme, in_scope):
    _engage(
        programme,
        headcount=5,
        annual_revenue=Decimal("500000"),
        naf_code="49.41A",
        commune="Orchies",
    )
    _engage(
        programme,
        headcount=25,
        annual_revenue=Decimal("3000000"),
        naf_code="25.62B",
        commune="Orchies",
    )
    _engage(
        programme,
        headcount=70,
        annual_revenue=Decimal("12000000"),
        naf_code="25.11Z",
        commune="Cysoing",
    )
    alumni = EnrolmentFactory(
        programme=programme, status=Enrolment.Status.ALUMNI, engaged_on=date(2020, 1, 1)
    )
    with scope(tenant=tenant):
        Enrolment.objects.filter(pk=alumni.pk).update(left_on=date(2022, 6, 1))
    EnrolmentFactory(programme=programme, status=Enrolment.Status.PROSPECT, engaged_on=None)
    CompanyFactory(tenant=tenant, headcount=999)  # in the register, not in the programme
    with in_scope(tenant):
        figures = selectors.dashboard(programme=programme, today=date(2023, 3, 1))
    assert figures["engaged"] == 3
    assert figures["target_percent"] == Decimal("30.0")
    assert figures["headcount"] == 100
    assert figures["revenue"] == Decimal("15500000")
    assert figures["territory_share"] == Decimal("10.0")
    assert [(b["companies"], b["employees"]) for b in figures["bands"]] == [
        (1, 5),
        (1, 25),
        (1, 70),
        (0, 0),
    ]
    assert dict(figures["sectors"]) == {
        "Industrie manufacturière": 2,
        "Transports et entreposage": 1,
    }
    assert [(c["commune"], c["companies"]) for c in figures["communes"]] == [
        ("Orchies", 2),
        ("Cysoing", 1),
    ]
    assert [(e["year"], e["engaged"], e["joined"]) for e in figures["evolution"]] == [
        (2020, 1, 1),
        (2021, 4, 3),
        (2022, 3, 0),
        (2023, 3, 0),
    ]
    assert {row["label"]: row["count"] for row in figures["status_counts"]} == {
        "Prospect": 1,
        "Engagée": 3,
        "Ancienne": 1,
        "Exclue": 0,
    }


def test_the_dashboard_cost_does_not_grow_with_companies(
    client, tenant, programme, make_person, page_queries
):
    client.force_login(make_person(tenant, Role.MANAGER))
    url = _url(tenant, "dashboard")

    def add(number, offset):
        with scope(tenant=tenant):
            companies = Company.objects.bulk_create(
                Company(
                    tenant=tenant,
                    name=f"E{offset + i}",
                    headcount=i % 60,
                    naf_code="25.62B",
                    commune=f"Commune {i % 7}",
                    annual_revenue=Decimal(i * 1000),
                )
                for i in range(number)
            )
            Enrolment.objects.bulk_create(
                Enrolment(
                    tenant=tenant,
                    programme=programme,
                    company=company,
                    status="engaged",
                    engaged_on=date(2020 + i % 5, 1, 1),
                )
                for i, company in enumerate(companies)
            )

    add(10, 0)
    page_queries(url)  # the first request fills process-wide caches (content types)
    small = page_queries(url)
    add(490, 10)
    assert page_queries(url) == small
    assert client.get(url).context["figures"]["engaged"] == 500


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_only_managers_see_the_dashboard(client, tenant, programme, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.get(_url(tenant, "dashboard")).status_code == 403
    assert client.get(_url(tenant, "funder_report_xlsx", pk=programme.pk)).status_code == 403
