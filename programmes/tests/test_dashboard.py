import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django_scopes import scope, scopes_disabled

from companies.models import Company
from programmes import selectors
from programmes.models import Enrolment
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants import audit
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, TenantFactory

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


def test_the_activity_bars_are_relative_to_the_busiest_week():
    monday = date(2026, 10, 5)
    weeks = [(monday + timedelta(weeks=n), count) for n, count in enumerate([0, 5, 20, 10])]
    assert [week["percent"] for week in selectors.activity_bars(weeks)] == [0, 25, 100, 50]
    assert [week["percent"] for week in selectors.activity_bars(weeks[:1])] == [0]


def test_it_counts_the_activity_of_each_week_in_the_database(tenant, programme, in_scope):
    today = date(2026, 10, 28)  # a Wednesday
    at = lambda day, hour=10: timezone.make_aware(datetime.combine(day, time(hour)))  # noqa: E731
    with scopes_disabled():
        for day, count in [(date(2026, 10, 26), 4), (date(2026, 10, 19), 2), (today, 4)]:
            for _ in range(count):
                AuditEntry.objects.create(tenant=tenant, action="x", created_at=at(day))
        # Before the eight weeks shown, and another tenant's: not counted.
        AuditEntry.objects.create(tenant=tenant, action="x", created_at=at(date(2026, 8, 30)))
        AuditEntry.objects.create(
            tenant=TenantFactory(slug="ailleurs"), action="x", created_at=at(today)
        )
    with in_scope(tenant):
        weeks = selectors.dashboard(programme=programme, today=today)["activity_weeks"]
    assert [week["week"] for week in weeks][-2:] == [date(2026, 10, 19), date(2026, 10, 26)]
    assert [(week["count"], week["percent"]) for week in weeks] == [(0, 0)] * 6 + [
        (2, 25),
        (8, 100),
    ]


def test_the_dashboard_draws_the_activity_with_short_week_labels(
    client, tenant, programme, make_person
):
    manager = make_person(tenant, Role.MANAGER)
    with scopes_disabled():
        audit.record(tenant=tenant, actor=manager, action="programme.saved", programme="P")
    client.force_login(manager)
    body = client.get(_url(tenant, "dashboard")).content.decode()
    chart = body[
        body.index('data-testid="activity-chart"') : body.index(
            "</svg>", body.index('data-testid="activity-chart"')
        )
    ]
    assert 'data-percent="100"' in chart
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    with translation.override("fr"):
        label = formats.date_format(monday, "j N")
    assert f">{label}</text>" in chart
    assert not re.search(r">[^<]*\b20\d\d</text>", chart)  # no four-digit year on the axis


def test_the_home_says_which_companies_each_figure_counts(client, tenant, programme, make_person):
    _engage(programme, headcount=70)
    CompanyFactory(tenant=tenant, headcount=30)  # registered, not engaged
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(_url(tenant, "tenant_home")).content.decode()
    with translation.override("fr"):
        engaged = gettext("employees in the engaged companies")
        in_them = gettext("employees in these companies")
        registered = ngettext(
            "%(counter)s company in the register, whatever its status.",
            "%(counter)s companies in the register, whatever their status.",
            2,
        ) % {"counter": 2}
    # One employee figure, the engaged companies'; the register is counted, not summed again.
    assert engaged in body and ">70<" in body
    assert registered in body
    assert in_them not in body and ">100<" not in body


def test_amounts_show_in_full_euros_beside_the_millions_tile(
    client, tenant, programme, make_person
):
    _engage(programme, annual_revenue=Decimal("2345678"))
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(_url(tenant, "dashboard")).content.decode()
    with translation.override("fr"):
        full = floatformat(Decimal("2345678"), "0g")
    assert "2,3\u00a0M€" in body and f"{full} €" in body
