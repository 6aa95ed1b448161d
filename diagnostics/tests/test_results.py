"""Results: scores, level, comparison, benchmark, and the page's fixed cost."""

import re
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


def test_it_never_scores_an_unanswered_criterion(tenant, in_scope):
    # One "yes" of four: the provisional score is 1 of 1 answered, not 1 of 4.
    version = grid(tenant, themes=[(1, 4)], scale=Scale.YES_NO, max_points=1)
    diagnostic = answered(CompanyFactory(tenant=tenant), version, ["yes"])
    with in_scope(tenant):
        result = selectors.diagnostic_result(diagnostic=diagnostic)
    assert (result.themes[0].score, result.themes[0].maximum) == (Decimal("1.00"), Decimal("1.00"))
    assert result.overall_percent == Decimal("100.00")


def test_a_theme_with_nothing_answered_is_left_out_not_zero(tenant, in_scope):
    version = grid(tenant, themes=[(1, 2), (3, 2)])
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [5, 0])
    with in_scope(tenant):
        result = selectors.diagnostic_result(diagnostic=diagnostic)
    assert [theme.is_scored for theme in result.themes] == [True, False]
    assert result.overall_percent == Decimal("50.00")  # theme 1 alone, its weight 1 of 1


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
    assert "+50,0\xa0pts" in body  # a delta in points, with its unit
    assert 'data-testid="radar"' in body and "<polygon" in body


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


def test_the_provisional_results_say_so_and_list_what_is_missing(
    client, tenant, make_person, in_scope
):
    version = grid(tenant, themes=[(1, 2), (1, 2)], levels=[("Bronze", 40)])
    company = CompanyFactory(tenant=tenant)
    draft = answered(company, version, [5])
    with in_scope(tenant):
        criteria = list(version.criteria.order_by("theme__order", "order", "id"))
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, draft))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="provisional"' in body
    assert response.context["progress"]["answered"] == 1
    assert response.context["missing"] == criteria[1:]
    fill = reverse("diagnostic_fill", kwargs={"tenant_slug": tenant.slug, "pk": draft.pk})
    for criterion in criteria[1:]:
        assert f"{fill}?theme={criterion.theme_id}#criterion-{criterion.pk}" in body
    assert 'data-testid="request-report"' not in body  # no report of a draft


def test_a_submitted_diagnostic_is_not_called_provisional(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 1)])
    submitted = answered(CompanyFactory(tenant=tenant), version, [3], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, submitted))
    assert 'data-testid="provisional"' not in response.content.decode()
    assert response.context["missing"] == []


LEVELS = [("Débutant", 0), ("Intermédiaire", 40), ("Confirmé", 60), ("Expert", 80)]


@pytest.mark.parametrize(
    ("points", "level", "step"),
    [(0, "Débutant", 1), (2, "Intermédiaire", 2), (3, "Confirmé", 4), (5, "Expert", 5)],
)
def test_levels_take_their_colour_on_a_sequential_scale(
    client, tenant, make_person, points, level, step
):
    version = grid(tenant, themes=[(1, 1)], levels=LEVELS)
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [points], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, diagnostic))
    body = response.content.decode()
    assert f'<span class="level-badge level-{step}" data-testid="level">{level}</span>' in body
    assert "text-bg-success" not in body  # the lowest level is never painted green
    assert [lvl.step for lvl in response.context["levels"]] == [1, 2, 4, 5]


def test_a_score_below_the_first_level_is_unranked(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 1)], levels=[("Bronze", 50), ("Or", 80)])
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [1], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, diagnostic))
    assert response.context["unranked"] is True
    body = response.content.decode()
    assert 'class="level-badge level-none" data-testid="level"' in body
    assert 'class="level-step level-none is-reached" aria-current="true"' in body


def test_a_grid_without_levels_shows_no_level_at_all(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [1], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(results_url(tenant, diagnostic))
    assert response.context["unranked"] is False
    assert 'data-testid="level"' not in response.content.decode()


def test_the_radar_shows_full_theme_titles(client, tenant, make_person, in_scope):
    version = grid(tenant, themes=[(1, 1)] * 3)
    long_title = "Empreinte carbone et performance énergétique des sites"
    with in_scope(tenant):
        theme = version.themes.order_by("order").first()
        theme.title = long_title
        theme.save(update_fields=["title"])
    diagnostic = answered(CompanyFactory(tenant=tenant), version, [4, 3, 2], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(results_url(tenant, diagnostic)).content.decode()
    start = body.index('data-testid="radar"')
    radar = body[start : body.index("</svg>", start)]
    words = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", radar)
    assert " ".join(words).startswith(long_title)  # every word, on several lines
    assert len(words) > 3
    assert "…" not in radar


def test_the_deltas_carry_their_unit_and_sign(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 1), (1, 1)])
    company = CompanyFactory(tenant=tenant)
    answered(company, version, [5, 1], submitted_at=NOW - timedelta(days=300))
    latest = answered(company, version, [3, 4], submitted_at=NOW)
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(results_url(tenant, latest)).content.decode()
    assert "\u221240,0\xa0pts" in body  # 100 % → 60 %
    assert "+60,0\xa0pts" in body  # 20 % → 80 %
    assert "+10,0\xa0pts" in body  # overall: 60 % → 70 %
