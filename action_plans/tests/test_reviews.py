"""Reviews of a plan: the milestone and final review forms, the review page with its charts and
before/after comparison, its PDF on the worker, and what the labels read of a closed plan."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scope

from action_plans import reports, selectors, services
from action_plans.models import Plan, Review
from companies import services as company_services
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = timezone.now()


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT, first_name="Paul", last_name="Lefebvre")


@pytest.fixture
def company(tenant, consultant):
    company = CompanyFactory(tenant=tenant, name="Salti Location")
    with scope(tenant=tenant):
        company_services.assign_consultant(company=company, consultant=consultant)
    return company


@pytest.fixture
def member(tenant, company, make_person):
    person = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=company, user=person)
    return person


THEMES = ("Gouvernance", "Environnement")


def _assessment(company, pk, days_ago, overall, percents):
    return registry.Assessment(
        pk=pk,
        company_id=company.pk,
        label=f"Grille RSE — il y a {days_ago} jours, {overall} %",
        submitted_at=NOW - timedelta(days=days_ago),
        overall_percent=Decimal(overall),
        themes=tuple(
            registry.AssessmentTheme(name=name, percent=Decimal(percent))
            for name, percent in zip(THEMES, percents, strict=True)
        ),
    )


@pytest.fixture
def assessments(company):
    """The company's submitted self-assessments as the core's reader describes them (the
    self-assessments app's own reader is tested across apps in ``tests/``): two years ago, a
    year ago (20 % and 40 %) and five days ago (80 % and 60 %)."""
    older = _assessment(company, 901, 730, "20", ["20", "20"])
    before = _assessment(company, 902, 365, "30", ["20", "40"])
    after = _assessment(company, 903, 5, "70", ["80", "60"])
    found = {assessment.pk: assessment for assessment in (older, before, after)}
    reader = registry.AssessmentReader(
        submitted=lambda *, company: [
            a for a in (after, before, older) if a.company_id == company.pk
        ],
        detail=lambda *, company, pk: (
            found[pk] if pk in found and found[pk].company_id == company.pk else None
        ),
        theme_names=lambda *, tenant: list(THEMES),
    )
    previous = registry.assessment_reader()
    registry.set_assessment_reader(reader)
    yield older, before, after
    registry.set_assessment_reader(previous)


@pytest.fixture
def plan(tenant, company, manager, assessments):
    """A running plan from last year's self-assessment: one action done of two, an energy
    indicator from 120 to a target of 90 MWh, measured twice."""
    _older, before, _after = assessments
    with scope(tenant=tenant):
        plan = services.create_plan(
            company=company,
            title="Plan 2025-2028",
            actor=manager,
            assessment_pk=before.pk,
            starts_on=TODAY - timedelta(days=300),
        )
        done = services.create_action(plan=plan, title="Plan de mobilité", actor=manager)
        services.create_action(plan=plan, title="Bilan carbone", actor=manager)
        services.move_action(action=done, status="done", actor=manager)
        indicator = services.add_indicator(
            plan=plan,
            label="Consommation d'énergie",
            unit="MWh",
            baseline=Decimal("120"),
            target=Decimal("90"),
            actor=manager,
        )
        for days, value in [(200, "110"), (20, "98.5")]:
            services.record_measurement(
                indicator=indicator,
                measured_on=TODAY - timedelta(days=days),
                value=Decimal(value),
                actor=manager,
            )
        services.start_plan(plan=plan, actor=manager)
    return plan


def _data(**extra):
    return {
        "kind": "milestone",
        "held_on": TODAY.isoformat(),
        "summary": "Plan de mobilité déployé, bilan carbone lancé.",
        "conclusion": "Recentrer sur l'énergie.",
        "outcome": "",
        "comparison": "",
        **extra,
    }


# --- Recording a review -------------------------------------------------------------------------


def test_a_following_consultant_records_a_milestone_review_with_a_comparison(
    client, tenant, consultant, plan, assessments
):
    _older, before, after = assessments
    client.force_login(consultant)
    response = client.post(
        _url(tenant, "review_create", pk=plan.pk), _data(comparison=str(after.pk))
    )
    with scope(tenant=tenant):
        review = Review.objects.get(plan=plan)
        plan.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _url(tenant, "review_detail", pk=review.pk)
    assert review.kind == Review.Kind.MILESTONE and review.outcome == ""
    assert review.written_by == consultant and review.comparison_assessment_id == after.pk
    assert plan.status == Plan.Status.ACTIVE
    snapshot = review.snapshot
    assert snapshot["progress"] == "50.0"
    assert snapshot["actions"]["done"] == 1
    (indicator,) = snapshot["indicators"]
    assert indicator["target"] == "90.00" and indicator["latest"] == "98.50"
    themes = snapshot["comparison"]["themes"]
    assert [(Decimal(b), Decimal(a)) for _name, b, a in themes] == [
        (Decimal("20"), Decimal("80")),
        (Decimal("40"), Decimal("60")),
    ]


def test_the_final_review_closes_the_plan_and_makes_the_company_eligible(
    client, tenant, manager, company, plan
):
    client.force_login(manager)
    response = client.post(
        _url(tenant, "review_create", pk=plan.pk), _data(kind="final", outcome="positive")
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        plan.refresh_from_db()
        assert plan.status == Plan.Status.CLOSED and plan.closed_at is not None
        assert selectors.has_positive_final_review(company=company)


def test_only_newer_self_assessments_are_offered(client, tenant, consultant, plan, assessments):
    older, before, after = assessments
    client.force_login(consultant)
    response = client.get(_url(tenant, "review_create", pk=plan.pk))
    assert response.status_code == 200
    offered = [value for value, _label in response.context["form"].fields["comparison"].choices]
    assert offered == ["", after.pk]
    response = client.post(
        _url(tenant, "review_create", pk=plan.pk), _data(comparison=str(older.pk))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["comparison"]
    with scope(tenant=tenant):
        assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "final"}, "outcome"),  # a final review says whether objectives were reached
        ({"held_on": (TODAY + timedelta(days=1)).isoformat()}, "held_on"),
        ({"summary": ""}, "summary"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_bad_input_is_shown_again_and_nothing_is_written(
    client, tenant, manager, plan, data, field
):
    client.force_login(manager)
    response = client.post(_url(tenant, "review_create", pk=plan.pk), _data(**data))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in (
        response.content.decode()
    )
    with scope(tenant=tenant):
        assert not Review.objects.exists()
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE


def test_a_draft_plan_gets_no_final_review(client, tenant, manager, company):
    with scope(tenant=tenant):
        draft = services.create_plan(company=company, title="Brouillon", actor=manager)
    client.force_login(manager)
    response = client.post(
        _url(tenant, "review_create", pk=draft.pk), _data(kind="final", outcome="positive")
    )
    assert response.status_code == 200
    with translation.override("fr"):
        refusal = gettext("Only a plan in progress gets its final review.")
    assert refusal in response.content.decode()
    with scope(tenant=tenant):
        assert not Review.objects.exists()


def test_a_closed_plan_gets_no_more_review(client, tenant, manager, plan):
    with scope(tenant=tenant):
        services.record_review(plan=plan, kind="final", outcome="partial", actor=manager)
    client.force_login(manager)
    response = client.post(_url(tenant, "review_create", pk=plan.pk), _data())
    assert response.status_code == 200
    with scope(tenant=tenant):
        assert Review.objects.count() == 1


def test_the_companys_people_do_not_review_their_plan(client, tenant, member, plan):
    client.force_login(member)
    assert client.get(_url(tenant, "review_create", pk=plan.pk)).status_code == 403
    assert client.post(_url(tenant, "review_create", pk=plan.pk), _data()).status_code == 403
    with scope(tenant=tenant):
        assert not Review.objects.exists()


def test_a_consultant_who_does_not_follow_the_company_gets_404(client, tenant, make_person, plan):
    client.force_login(make_person(tenant, Role.CONSULTANT))
    assert client.get(_url(tenant, "review_create", pk=plan.pk)).status_code == 404
    assert client.post(_url(tenant, "review_create", pk=plan.pk), _data()).status_code == 404
    with scope(tenant=tenant):
        assert not Review.objects.exists()


def test_another_tenant_gets_404(client, tenant, other_tenant, make_person, plan):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.post(_url(tenant, "review_create", pk=plan.pk), _data()).status_code == 404
    with scope(tenant=tenant):
        assert not Review.objects.exists()


# --- The review page and its PDF ----------------------------------------------------------------


@pytest.fixture
def review(tenant, consultant, plan, assessments):
    with scope(tenant=tenant):
        return services.record_review(
            plan=plan,
            kind="final",
            outcome="positive",
            summary="Plan de mobilité déployé.",
            conclusion="Objectifs atteints sur l'énergie.",
            comparison_assessment_pk=assessments[2].pk,
            actor=consultant,
        )


def test_the_review_page_shows_progress_charts_comparison_and_conclusion(
    client, tenant, member, review
):
    client.force_login(member)  # the company's own people read their review
    response = client.get(_url(tenant, "review_detail", pk=review.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="progress"' in body and "50\xa0%" in body
    assert 'data-testid="indicator-chart"' in body and "<polyline" in body
    assert '<td class="text-end">98,50</td>' in body  # the table beside the chart
    assert 'data-testid="comparison"' in body and "+60,0" in body
    assert "Objectifs atteints sur l&#x27;énergie." in body
    assert 'data-testid="request-review-report"' in body


def test_a_review_without_comparison_or_indicator_says_so(client, tenant, manager, company):
    with scope(tenant=tenant):
        plan = services.create_plan(company=company, title="Plan", actor=manager)
        review = services.record_review(plan=plan, kind="milestone", actor=manager)
    client.force_login(manager)
    response = client.get(_url(tenant, "review_detail", pk=review.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="indicator-chart"' not in body and 'data-testid="comparison"' not in body


def test_people_who_may_not_see_the_company_get_404(
    client, tenant, other_tenant, make_person, review
):
    other = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=CompanyFactory(tenant=tenant), user=other)
    strangers = [make_person(tenant, Role.CONSULTANT), make_person(other_tenant, Role.MANAGER)]
    for person in [other, *strangers]:
        client.force_login(person)
        for name in ("review_detail", "review_report"):
            assert client.get(_url(tenant, name, pk=review.pk)).status_code == 404
        assert client.post(_url(tenant, "review_report", pk=review.pk)).status_code == 404
    client.force_login(make_person(tenant, Role.JURY))
    assert client.get(_url(tenant, "review_detail", pk=review.pk)).status_code == 403
    with scope(tenant=tenant):
        assert not GeneratedDocument.objects.exists()


def test_the_pdf_is_rendered_on_the_worker_and_followed_on_the_page(
    client, tenant, member, review, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = _url(tenant, "review_report", pk=review.pk)
    assert "No PDF was generated yet" in client.get(url).content.decode() or (
        "Aucun PDF" in client.get(url).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get(kind=services.REVIEW_REPORT)
    assert document.status == GeneratedDocument.Status.READY, document.error
    assert document.filename == f"bilan-plan-salti-location-{review.held_on:%Y-%m-%d}.pdf"
    assert document.file.read().startswith(b"%PDF")
    assert 'data-testid="document-status"' in response.content.decode()
    page = client.get(_url(tenant, "review_detail", pk=review.pk)).content.decode()
    assert _url(tenant, "document_download", pk=document.pk) in page
    assert client.get(_url(tenant, "document_download", pk=document.pk)).status_code == 200
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'data-testid="document-status"' in partial.content.decode()


def test_the_pdf_holds_the_figures_of_the_review(tenant, review):
    from django.template.loader import render_to_string
    from django.utils import translation

    with scope(tenant=tenant), translation.override("en"):
        html = render_to_string(
            "action_plans/reports/review.html",
            {**reports.review_context(review=review), "language": "en", "generated_at": NOW},
        )
    assert "Final review — Salti Location" in html
    assert "Positive: objectives reached" in html
    assert "Consommation d&#x27;énergie" in html and "<svg" in html
    assert "Themes before and after" in html


def test_the_chart_draws_the_measures_against_the_target():
    chart = reports.indicator_chart(
        {
            "label": "Énergie",
            "unit": "MWh",
            "baseline": "120",
            "target": "90",
            "latest": "98.5",
            "series": [["2025-01-10", "110"], ["2025-07-10", "98.5"]],
        }
    )
    first, last = chart["points"]
    assert first["x"] == chart["left"] and last["x"] == chart["plot_right"]
    # From 0 to 120: the higher the value, the nearer the top.
    assert chart["baseline_y"] == chart["top"] < first["y"] < last["y"] < chart["target_y"]
    assert chart["plot_bottom"] == chart["ticks"][1]["y"]
    empty = reports.indicator_chart({"label": "Rien", "series": []})
    assert not empty["plotted"] and empty["points"] == []


# --- What the labels read -----------------------------------------------------------------------


def test_only_a_positive_final_review_makes_a_company_eligible(tenant, manager, plan, company):
    other = CompanyFactory(tenant=tenant)
    with scope(tenant=tenant):
        assert not selectors.has_positive_final_review(company=company)
        services.record_review(plan=plan, kind="milestone", actor=manager)
        Review.objects.filter(plan=plan).update(outcome="positive")  # whatever a milestone says
        assert not selectors.has_positive_final_review(company=company)
        services.record_review(plan=plan, kind="final", outcome="partial", actor=manager)
        assert not selectors.has_positive_final_review(company=company)
        second = services.create_plan(company=company, title="Plan 2", actor=manager)
        services.create_action(plan=second, title="Action", actor=manager)
        services.start_plan(plan=second, actor=manager)
        services.record_review(plan=second, kind="final", outcome="positive", actor=manager)
        assert selectors.has_positive_final_review(company=company)
        assert not selectors.has_positive_final_review(company=other)
        # The labels ask for many companies at once: the same answer, in one query.
        with CaptureQueriesContext(connection) as queries:
            eligible = selectors.companies_with_positive_final_review(
                company_ids=[company.pk, other.pk]
            )
        assert eligible == {company.pk} and len(queries) == 1


def test_another_tenants_final_review_counts_for_nobody_here(
    tenant, other_tenant, make_person, company
):
    foreign_manager = make_person(other_tenant, Role.MANAGER)
    foreign = CompanyFactory(tenant=other_tenant, name=company.name)
    with scope(tenant=other_tenant):
        plan = services.create_plan(company=foreign, title="Plan", actor=foreign_manager)
        services.create_action(plan=plan, title="Action", actor=foreign_manager)
        services.start_plan(plan=plan, actor=foreign_manager)
        services.record_review(plan=plan, kind="final", outcome="positive", actor=foreign_manager)
        assert selectors.has_positive_final_review(company=foreign)
    with scope(tenant=tenant):
        assert not selectors.has_positive_final_review(company=company)


def test_the_reviews_report_kind_is_registered_with_the_reviews_visibility():
    from rse_platform.files import documents

    spec = documents.get(services.REVIEW_REPORT)
    assert spec.render is reports.render_review_report
    assert spec.permission == "reviews.view"
    assert date  # the module's dates are the test's
