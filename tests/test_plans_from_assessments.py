"""A plan from a company's submitted self-assessment, end to end: the diagnostics app's reader
(set in the core registry) gives the themes, the weakest criteria and the figures; the action
plans app turns them into priority themes, actions and indicators' baselines."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from action_plans import services
from action_plans.models import Plan, PlanSettings
from diagnostics.models import Answer, Criterion, Diagnostic, Scale
from diagnostics.tests.factories import CriterionFactory, answered, grid
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(tenant):
    return CompanyFactory(tenant=tenant, name="Plasturgie du Carembault")


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def assessment(tenant, company):
    """Four themes of three criteria scored 100 %, 20 %, 60 % and 13.3 %, and a figure."""
    version = grid(tenant, themes=[(1, 3), (1, 3), (1, 3), (1, 3)])
    with scopes_disabled():
        return _assessment(tenant, company, version)


def _assessment(tenant, company, version):
    diagnostic = answered(
        company,
        version,
        [5, 5, 5, 0, 1, 2, 3, 3, 3, 1, 1, 0],
        submitted_at=timezone.now() - timedelta(days=3),
    )
    first_theme = Criterion.objects.filter(version=version).order_by("theme__order").first().theme
    figure = CriterionFactory(
        theme=first_theme,
        scale=Scale.NUMBER,
        max_points=Decimal("0"),
        unit="kWh",
        title="Électricité consommée",
    )
    Answer.objects.create(
        tenant=tenant, diagnostic=diagnostic, criterion=figure, number=Decimal("48200")
    )
    Diagnostic.objects.filter(pk=diagnostic.pk).update(overall_percent=Decimal("48.3"))
    return diagnostic


def _themes(diagnostic):
    return list(diagnostic.version.themes.order_by("order").values_list("title", flat=True))


def test_it_seeds_the_baselines_from_the_self_assessment(
    tenant, company, manager, assessment, in_scope
):
    with in_scope(tenant):
        plan = services.create_plan(
            company=company, title="Plan", actor=manager, assessment_pk=assessment.pk
        )
        [indicator] = plan.indicators.all()
        assert indicator.label == "Électricité consommée"
        assert indicator.unit == "kWh"
        assert indicator.baseline == Decimal("48200")
        assert indicator.baseline_on == timezone.localdate(assessment.submitted_at)
        assert indicator.theme == _themes(assessment)[0]
        assert plan.source_assessment_id == assessment.pk
        assert "48,3" in plan.source_label
        assert AuditEntry.objects.filter(action="action_plan.created").count() == 1


def test_it_drafts_a_plan_on_the_weakest_themes_and_criteria(
    tenant, company, manager, assessment, in_scope
):
    with in_scope(tenant):
        strong, second, third, weakest = _themes(assessment)
        plan = services.draft_plan_from_weakest_themes(
            company=company, assessment_pk=assessment.pk, actor=manager, actions_per_theme=2
        )
        assert plan.status == Plan.Status.DRAFT
        assert plan.priority_themes == [weakest, second, third]  # 13.3 %, 20 %, 60 %
        actions = list(plan.actions.order_by("theme", "position"))
        assert {action.theme for action in actions} == {weakest, second, third}
        assert all(
            len([a for a in actions if a.theme == theme]) == 2 for theme in (weakest, second, third)
        )
        # Within a theme, the weakest criteria: in the last theme the one scored 0 comes first.
        zero = Answer.objects.get(diagnostic=assessment, criterion__theme__title=weakest, points=0)
        first = plan.actions.get(theme=weakest, position=0)
        assert first.source_criterion_id == zero.criterion_id
        assert first.title == zero.criterion.title
        assert not plan.actions.filter(theme=strong).exists()
        assert plan.indicators.get().baseline == Decimal("48200")


def test_the_plan_settings_limit_the_priority_themes(
    tenant, company, manager, assessment, in_scope
):
    with in_scope(tenant):
        PlanSettings.objects.create(tenant=tenant, max_priority_themes=2)
        plan = services.draft_plan_from_weakest_themes(
            company=company, assessment_pk=assessment.pk, actor=manager
        )
        assert len(plan.priority_themes) == 2
        # One plan at a time: another company's plan tries the limit.
        other = CompanyFactory(tenant=tenant)
        with pytest.raises(ValidationError) as error:
            services.create_plan(
                company=other, title="Plan", actor=manager, priority_themes=["A", "B", "C"]
            )
        assert error.value.code == "too_many_themes"
        # Blank and repeated themes do not count.
        plan = services.create_plan(
            company=other, title="Plan", actor=manager, priority_themes=["A", " A ", "", "B"]
        )
        assert plan.priority_themes == ["A", "B"]


def test_only_a_submitted_self_assessment_of_the_company_starts_a_plan(
    tenant, company, manager, assessment, in_scope
):
    other = CompanyFactory(tenant=tenant)
    draft = answered(company, assessment.version, [1, 1])
    with in_scope(tenant):
        for pk, target in ((assessment.pk, other), (draft.pk, company)):
            with pytest.raises(ValidationError) as error:
                services.create_plan(company=target, title="Plan", actor=manager, assessment_pk=pk)
            assert error.value.code == "no_assessment"
        assert not Plan.objects.exists()
