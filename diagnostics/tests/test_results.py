"""Results: scores, level, comparison, benchmark, and the page's fixed cost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diagnostics import selectors
from diagnostics.models import Scale
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def results_url(tenant, diagnostic):
    return reverse("diagnostic_results", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})


def test_it_scores_each_theme_and_the_weighted_total(tenant, in_scope):
    # Theme A (weight 3): 5 + 3 of 10 = 80 %; theme B (weight 1): 0 + 0 of 10 = 0 %.
    # Overall: (3 × 80 + 1 × 0) / 4 = 60 %.
    version = grid(tenant, themes=[(3, 2), (1, 2)], levels=[("Bronze", 50), ("Or", 80)])
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [5, 3, 0, 0])
    with in_scope(tenant):
        result = selectors.diagnostic_result(diagnostic=diagnostic)
    assert [(t.score, t.maximum, t.percent) for t in result.themes] == [
        (Decimal("8.00"), Decimal("10.00"), Decimal("80.00")),
        (Decimal("0.00"), Decimal("10.00"), Decimal("0.00")),
    ]
    assert result.overall_percent == Decimal("60.00")
    assert result.level == "Bronze"


def test_unanswered_criteria_count_as_zero(tenant, in_scope):
    version = grid(tenant, themes=[(1, 4)], scale=Scale.YES_NO, max_points=1)
    diagnostic = answered(CompanyFactory(tenant=tenant), version, ["yes"])
    with in_scope(tenant):
        assert selectors.diagnostic_result(diagnostic=diagnostic).overall_percent == Decimal(
            "25.00"
        )


def test_the_page_shows_scores_level_and_progress_since_last_time(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 2)], levels=[("Bronze", 40), ("Or", 80)])
    company = CompanyFactory(tenant=tenant)
    answered(company, version, [2, 2], submitted_at=NOW - timedelta(days=365))
    latest = answered(company, version, [5, 4], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, latest))
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["result"].overall_percent == Decimal("90.00")
    assert response.context["progress_points"] == Decimal("50.00")
    assert "90,0 %" in body and "Or" in body
    assert "+50,0" in body
    assert 'data-testid="radar"' in body and "<polygon" in body


def test_the_benchmark_hides_below_five_companies(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 1)])
    mine = None
    for index, score in enumerate([10, 20, 30, 40]):
        mine = answered(
            CompanyFactory(tenant=tenant),
            version,
            [1],
            submitted_at=NOW,
            overall_percent=Decimal(score),
        )
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, mine))
    assert response.context["benchmark"] is None
    assert "Médiane" not in response.content.decode() and "Median" not in response.content.decode()
    answered(CompanyFactory(tenant=tenant), version, [1], submitted_at=NOW, overall_percent=50)
    response = client.get(results_url(tenant, mine))
    assert response.context["benchmark"] == {
        "count": 5,
        "q1": Decimal("20.00"),
        "median": Decimal("30.00"),
        "q3": Decimal("40.00"),
    }


def test_the_benchmark_counts_each_company_once_and_only_in_this_tenant(
    tenant, other_tenant, in_scope
):
    version = grid(tenant, themes=[(1, 1)])
    company = CompanyFactory(tenant=tenant)
    for days in range(5):  # five diagnostics of one company are still one company
        answered(company, version, [1], submitted_at=NOW - timedelta(days=days), overall_percent=10)
    foreign = grid(other_tenant, themes=[(1, 1)])
    for _ in range(5):
        answered(
            CompanyFactory(tenant=other_tenant), foreign, [1], submitted_at=NOW, overall_percent=90
        )
    with in_scope(tenant):
        assert selectors.benchmark(framework_id=version.framework_id, tenant=tenant) is None


def test_the_results_page_costs_the_same_whatever_its_size(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))

    def cost(themes, companies):
        version = grid(tenant, themes=themes, levels=[("Bronze", 50)])
        total = sum(count for _weight, count in themes)
        for index in range(companies):
            answered(
                CompanyFactory(tenant=tenant),
                version,
                [index % 6] * total,
                submitted_at=NOW - timedelta(days=400),
                overall_percent=index,
            )
        company = CompanyFactory(tenant=tenant)
        answered(company, version, [2] * total, submitted_at=NOW - timedelta(days=365))
        latest = answered(company, version, [4] * total, submitted_at=NOW)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(results_url(tenant, latest))
        assert response.status_code == 200
        assert len(response.context["answers"]) == total
        return len(queries)

    small = cost([(1, 2), (1, 3)], companies=5)
    large = cost([(1, 10)] * 5, companies=30)  # 50 criteria, like the 6PL grid
    assert small == large
