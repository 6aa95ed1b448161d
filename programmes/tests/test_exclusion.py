"""An excluded company leaves the engaged figures and reports, its people see why; lifting the
exclusion brings it all back."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from companies import services as company_services
from companies.models import Company, Exclusion
from programmes import reports, selectors
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def programme(tenant):
    return ProgrammeFactory(tenant=tenant, start_year=2020, territory_private_employees=1000)


def _engage(programme, **fields):
    company = CompanyFactory(tenant=programme.tenant, **fields)
    EnrolmentFactory(programme=programme, company=company, engaged_on=date(2021, 5, 1))
    return company


@pytest.fixture
def two_engaged(programme):
    kept = _engage(
        programme, headcount=30, annual_revenue=Decimal("3000000"), naf_code="25.62B",
        commune="Orchies",
    )  # fmt: skip
    excluded = _engage(
        programme, headcount=60, annual_revenue=Decimal("9000000"), naf_code="49.41A",
        commune="Cysoing",
    )  # fmt: skip
    return kept, excluded


def _figures(tenant, programme, in_scope):
    with in_scope(tenant):
        figures = selectors.dashboard(programme=programme)
    return {
        "engaged": figures["engaged"],
        "revenue": figures["revenue"],
        "headcount": figures["headcount"],
        "bands": [(band["companies"], band["employees"]) for band in figures["bands"]],
        "sectors": dict(figures["sectors"]),
        "communes": [(row["commune"], row["companies"]) for row in figures["communes"]],
        "engaged_this_year": figures["evolution"][-1]["engaged"],
        "statuses": {str(row["label"]): row["count"] for row in figures["status_counts"]},
    }


def test_it_leaves_every_engaged_figure_and_lifting_restores_them(
    tenant, programme, two_engaged, make_person, in_scope
):
    kept, excluded = two_engaged
    manager = make_person(tenant, Role.MANAGER)
    before = _figures(tenant, programme, in_scope)
    assert (before["engaged"], before["revenue"], before["headcount"]) == (
        2,
        Decimal("12000000"),
        90,
    )
    with in_scope(tenant):
        exclusion = company_services.exclude_company(
            company=excluded, reason="Charte non respectée", actor=manager
        )
    during = _figures(tenant, programme, in_scope)
    assert during == {
        "engaged": 1,
        "revenue": Decimal("3000000"),
        "headcount": 30,
        "bands": [(0, 0), (1, 30), (0, 0), (0, 0)],
        "sectors": {"Industrie manufacturière": 1},
        "communes": [("Orchies", 1)],
        "engaged_this_year": 1,
        "statuses": {"Prospect": 0, "Engagée": 1, "Ancienne": 0, "Exclue": 1},
    }
    with in_scope(tenant):
        company_services.lift_exclusion(exclusion=exclusion, actor=manager)
    assert _figures(tenant, programme, in_scope) == before


def test_the_funder_reports_leave_the_excluded_company_out(
    client, tenant, programme, two_engaged, make_person, in_scope
):
    kept, excluded = two_engaged
    excluded.commune = "Commune de l'exclue"
    with scope(tenant=tenant):
        excluded.save()
        Exclusion.objects.create(tenant=tenant, company=excluded, reason="Charte non respectée")
    client.force_login(make_person(tenant, Role.MANAGER))
    workbook = load_workbook(
        io.BytesIO(client.get(_url(tenant, "funder_report_xlsx", pk=programme.pk)).content)
    )
    summary = {row[0]: row[1] for row in workbook["Synthèse"].iter_rows(values_only=True) if row}
    assert summary["Entreprises engagées"] == 1
    assert summary["Chiffre d'affaires cumulé (€)"] == 3000000
    communes = [row[0] for row in workbook["Communes"].iter_rows(min_row=2, values_only=True)]
    assert communes == ["Orchies"]
    with in_scope(tenant):
        html = render_to_string(
            "programmes/reports/funder_report.html",
            reports.funder_report_context(programme=programme),
        )
    assert "Orchies" in html and "Commune de l&#x27;exclue" not in html


def test_its_people_see_the_exclusion_and_its_reason_on_their_home(
    client, tenant, programme, two_engaged, make_person, in_scope
):
    _kept, excluded = two_engaged
    leader = CompanyMemberFactory(company=excluded).user
    with in_scope(tenant):
        exclusion = company_services.exclude_company(
            company=excluded,
            reason="Démarchage agressif des autres membres",
            actor=make_person(tenant, Role.MANAGER),
        )
    client.force_login(leader)
    home = client.get(_url(tenant, "tenant_home")).content.decode()
    assert f'data-testid="exclusion-{excluded.pk}"' in home
    assert "Démarchage agressif des autres membres" in home
    assert "a été exclue du programme" in home
    with in_scope(tenant):
        company_services.lift_exclusion(exclusion=exclusion, actor=None)
    home = client.get(_url(tenant, "tenant_home")).content.decode()
    assert "Démarchage agressif" not in home


def test_an_excluded_company_cannot_be_engaged_again(
    client, tenant, programme, make_person, in_scope
):
    company = CompanyFactory(tenant=tenant, name="Exclue SARL")
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        company_services.exclude_company(company=company, reason="Charte bafouée", actor=manager)
    client.force_login(manager)
    response = client.post(
        _url(tenant, "company_enrol", pk=company.pk),
        {"programme": programme.pk, "status": "engaged", "on": "2024-03-01"},
    )
    assert response.status_code == 200
    (form,) = [s["enrolment_form"] for s in response.context["sections"] if "enrolment_form" in s]
    assert "Charte bafouée" in str(form.non_field_errors())
    with scope(tenant=tenant):
        assert not company.enrolments.exists()


def test_the_demo_moves_from_50_companies_and_430_millions_and_back(client, demo):
    with scope(tenant=demo.tenant):
        salti = Company.objects.get(name="Salti Location")
    client.force_login(demo.person(Role.MANAGER))

    def kpis():
        response = client.get(reverse("dashboard", kwargs={"tenant_slug": demo.tenant.slug}))
        figures = response.context["figures"]
        return figures["engaged"], figures["revenue"], response.content.decode()

    engaged, revenue, page = kpis()
    assert (engaged, revenue) == (50, Decimal("430000000"))
    assert "430\u00a0M€" in page
    client.post(
        _url(demo.tenant, "company_exclude", pk=salti.pk), {"reason": "Charte non respectée"}
    )
    engaged, revenue, page = kpis()
    assert (engaged, revenue) == (49, Decimal("430000000") - salti.annual_revenue)
    assert "430\u00a0M€" not in page
    with scope(tenant=demo.tenant):
        exclusion = Exclusion.objects.get(company=salti)
    client.post(_url(demo.tenant, "exclusion_lift", pk=exclusion.pk))
    assert kpis()[:2] == (50, Decimal("430000000"))
