"""The anonymous benchmark: at least five companies besides the one it is shown beside, only
their latest submitted self-assessment, and no figure that gives one company's score away."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from diagnostics import selectors
from diagnostics.models import Diagnostic
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def results_url(tenant, diagnostic):
    return reverse("diagnostic_results", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})


def _others(tenant, version, scores, **fields):
    """One submitted self-assessment per score, each of its own company."""
    return [
        answered(
            CompanyFactory(tenant=tenant),
            version,
            [1],
            submitted_at=NOW - timedelta(days=2),
            overall_percent=Decimal(score),
            **fields,
        )
        for score in scores
    ]


@pytest.fixture
def leader(tenant, make_person):
    person = make_person(tenant, Role.MEMBER)
    person.company = CompanyFactory(tenant=tenant, name="Brasserie du Pévèle")
    CompanyMemberFactory(company=person.company, user=person)
    return person


def test_four_other_companies_give_no_benchmark(client, tenant, leader):
    version = grid(tenant, themes=[(1, 1)])
    mine = answered(leader.company, version, [5], submitted_at=NOW, overall_percent=Decimal("100"))
    _others(tenant, version, [10, 20, 30, 40])  # with mine, five companies: still not enough
    client.force_login(leader)
    response = client.get(results_url(tenant, mine))
    assert response.context["benchmark"] is None
    body = response.content.decode()
    assert 'data-testid="quartile-strip"' not in body
    assert "30,0 %" not in body  # not even the median of the others


def test_five_other_companies_give_a_benchmark_without_the_viewers_own(client, tenant, leader):
    version = grid(tenant, themes=[(1, 1)])
    mine = answered(leader.company, version, [5], submitted_at=NOW, overall_percent=Decimal("100"))
    _others(tenant, version, [10, 20, 30, 40, 50])
    client.force_login(leader)
    response = client.get(results_url(tenant, mine))
    figures = response.context["benchmark"]
    # The others' quartiles: with the viewer's 100 counted they would be 20, 35 and 50.
    assert (figures["count"], figures["q1"], figures["median"], figures["q3"]) == (
        5,
        Decimal("20.00"),
        Decimal("30.00"),
        Decimal("40.00"),
    )
    body = response.content.decode()
    assert 'data-testid="quartile-strip"' in body
    with translation.override("en"):
        assert str(response.context["placement"]) == "in the top quarter of the other companies"
    # Marker at 100 %, box from 20 to 40 % on a strip 400 wide.
    strip = response.context["strip"]
    assert (strip["marker"], strip["q1"], strip["box"], strip["median"]) == (400, 80, 80, 120)


def test_a_manager_sees_the_benchmark_of_the_companies_other_than_the_one_opened(
    client, tenant, make_person
):
    version = grid(tenant, themes=[(1, 1)])
    others = _others(tenant, version, [10, 20, 30, 40, 50])
    client.force_login(make_person(tenant, Role.MANAGER))
    # Seen from one of the five, four others remain: no benchmark, even for the manager.
    response = client.get(results_url(tenant, others[0]))
    assert response.context["benchmark"] is None
    _others(tenant, version, [60])
    response = client.get(results_url(tenant, others[0]))
    assert response.context["benchmark"]["median"] == Decimal("40.00")  # 20 … 60


def test_drafts_and_older_self_assessments_do_not_count(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    others = _others(tenant, version, [10, 20, 30, 40])
    answered(CompanyFactory(tenant=tenant), version, [5])  # a draft
    # An older submission of a company already counted is still one company.
    answered(
        others[0].company,
        version,
        [1],
        submitted_at=NOW - timedelta(days=400),
        overall_percent=Decimal("90"),
    )
    with in_scope(tenant):
        assert selectors.benchmark(framework_id=version.framework_id, tenant=tenant) is None
        assert Diagnostic.objects.filter(version=version).count() == 6


def test_it_never_shows_a_lowest_or_highest_score(client, tenant, leader):
    version = grid(tenant, themes=[(1, 1)])
    mine = answered(leader.company, version, [3], submitted_at=NOW, overall_percent=60)
    _others(tenant, version, [11, 22, 33, 44, 55])
    client.force_login(leader)
    response = client.get(results_url(tenant, mine))
    assert set(response.context["benchmark"]) == {"count", "q1", "median", "q3", "themes"}
    body = response.content.decode()
    section = body[body.index('data-testid="benchmark"') : body.index('id="report"')]
    assert "11,0" not in section and "55,0" not in section


def test_theme_figures_follow_the_same_rule(client, tenant, leader):
    # Theme 1 is scored by five others, theme 2 by four (the fifth marked it not applicable
    # everywhere: its theme has no score): only theme 1 gets a median.
    version = grid(tenant, themes=[(1, 1), (1, 1)])
    mine = answered(leader.company, version, [5, 5], submitted_at=NOW, overall_percent=100)
    for index, score in enumerate([1, 2, 3, 4, 5]):
        answered(
            CompanyFactory(tenant=tenant),
            version,
            [score] if index == 0 else [score, score],
            submitted_at=NOW,
            overall_percent=Decimal(score * 20),
        )
    client.force_login(leader)
    response = client.get(results_url(tenant, mine))
    themes = response.context["result"].themes
    assert themes[0].benchmark == {
        "q1": Decimal("40.00"),
        "median": Decimal("60.00"),
        "q3": Decimal("80.00"),
        "count": 5,
    }
    assert themes[1].benchmark is None


def test_the_benchmark_reads_the_same_number_of_queries_at_two_sizes(client, tenant, leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = grid(tenant, themes=[(1, 1)])
    mine = answered(leader.company, version, [3], submitted_at=NOW, overall_percent=60)
    client.force_login(leader)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results_url(tenant, mine)).status_code == 200
        return len(queries)

    _others(tenant, version, [10, 20, 30, 40, 50])
    small = cost()
    _others(tenant, version, range(0, 100, 4))
    assert cost() == small


def test_a_new_submission_shows_in_the_cached_benchmark(tenant, in_scope):
    with in_scope(tenant):
        version = grid(tenant, themes=[(1, 1)])
    _others(tenant, version, [10, 20, 30, 40, 50])
    framework = version.framework_id
    with in_scope(tenant):
        before = selectors.benchmark(framework_id=framework, tenant=tenant)
        assert selectors.benchmark(framework_id=framework, tenant=tenant) == before  # cached
    _others(tenant, version, [90])
    with in_scope(tenant):
        after = selectors.benchmark(framework_id=framework, tenant=tenant)
    assert (before["count"], after["count"]) == (5, 6)
    assert after["q3"] > before["q3"]


def test_the_cached_benchmark_is_never_another_tenants(tenant, other_tenant, in_scope):
    for each in (tenant, other_tenant):
        with in_scope(each):
            version = grid(each, themes=[(1, 1)])
        _others(each, version, [10, 20, 30, 40, 50] if each == tenant else [70, 80, 90, 95, 99])
        with in_scope(each):
            figures = selectors.benchmark(framework_id=version.framework_id, tenant=each)
        assert figures["median"] == (Decimal("30") if each == tenant else Decimal("90"))
