"""The rules of action plans and missions, service by service: a plan from a self-assessment,
the moves of an action, closed plans, indicator series, missions and the grants they give."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from action_plans import selectors, services
from action_plans.models import (
    Action,
    Measurement,
    Meeting,
    Mission,
    MissionFunding,
    Plan,
    Review,
)
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import permissions, registry
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import AuditEntry, Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

S = Action.Status


@pytest.fixture
def company(tenant):
    return CompanyFactory(tenant=tenant, name="Plasturgie du Carembault")


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT)


@pytest.fixture
def plan(tenant, company, manager, in_scope):
    with in_scope(tenant):
        return services.create_plan(company=company, title="Plan RSE", actor=manager)


def _action(plan, title="Plan de mobilité", status=S.PLANNED, **fields):
    """An action put straight in ``status`` (the moves are what the tests exercise)."""
    action = services.create_action(plan=plan, title=title, actor=plan.created_by, **fields)
    if status != S.PLANNED:
        reason = "Hors budget" if status == S.ABANDONED else ""
        Action.objects.filter(pk=action.pk).update(status=status, abandon_reason=reason)
        action.refresh_from_db()
    return action


def _active(plan):
    if not plan.actions.exists():
        _action(plan, title="Première action")
    return services.start_plan(plan=plan, actor=plan.created_by)


def _request(user, tenant):
    """What the permission layer reads of a request: the person and their role here."""
    return SimpleNamespace(user=user, membership=Membership.objects.get(user=user, tenant=tenant))


# --- A plan from a self-assessment (the reader faked: see tests/test_plans_from_assessments.py) --


def _reader(assessment):
    def detail(*, company, pk):
        return assessment if (company.pk, pk) == (assessment.company_id, assessment.pk) else None

    return registry.AssessmentReader(
        submitted=lambda *, company: [assessment], detail=detail, theme_names=lambda **k: []
    )


@pytest.fixture
def read_assessment(company):
    """A submitted self-assessment as the registry describes it, read by a fake reader."""
    criteria = [
        registry.AssessmentCriterion(pk, theme, f"Critère {pk}", f"Conseil {pk}", Decimal(share))
        for pk, theme, share in [
            (11, "Social", "0"),
            (12, "Environnement", "10"),
            (13, "Social", "20"),
            (14, "Social", "25"),
            (15, "Gouvernance", "30"),
            (16, "Social", "40"),
        ]
    ]
    assessment = registry.Assessment(
        pk=7,
        company_id=company.pk,
        label="Grille RSE — 12/03/2026, 48,5 %",
        submitted_at=timezone.now() - timedelta(days=2),
        overall_percent=Decimal("48.5"),
        themes=(
            registry.AssessmentTheme("Gouvernance", Decimal("70")),
            registry.AssessmentTheme("Environnement", Decimal("20")),
            registry.AssessmentTheme("Achats", None),  # nothing scored: never a priority
            registry.AssessmentTheme("Social", Decimal("35")),
            registry.AssessmentTheme("Clients", Decimal("90")),
        ),
        weak_criteria=tuple(criteria),
        indicators=(
            registry.AssessmentIndicator(21, "Environnement", "Eau", "m³", Decimal("950")),
        ),
    )
    previous = registry.assessment_reader()
    registry.set_assessment_reader(_reader(assessment))
    yield assessment
    registry.set_assessment_reader(previous)


def test_a_draft_takes_the_weakest_scored_themes_and_their_weakest_criteria(
    tenant, company, manager, read_assessment, in_scope
):
    with in_scope(tenant):
        plan = services.draft_plan_from_weakest_themes(
            company=company, assessment_pk=7, actor=manager, actions_per_theme=2
        )
        assert plan.priority_themes == ["Environnement", "Social", "Gouvernance"]
        assert plan.title.endswith(" — Environnement, Social, Gouvernance")
        assert list(
            plan.actions.order_by("theme", "position").values_list(
                "theme", "source_criterion_id", "position"
            )
        ) == [
            ("Environnement", 12, 0),
            ("Gouvernance", 15, 0),
            ("Social", 11, 0),  # the two weakest of Social, not its third
            ("Social", 13, 1),
        ]
        assert plan.actions.get(source_criterion_id=12).description == "Conseil 12"
        indicator = plan.indicators.get()
        assert (indicator.label, indicator.unit, indicator.baseline) == ("Eau", "m³", 950)
        assert indicator.baseline_on == timezone.localdate(read_assessment.submitted_at)
        assert (plan.source_assessment_id, plan.source_label) == (7, read_assessment.label)


def test_without_a_reader_no_plan_starts_from_a_self_assessment(tenant, company, manager, in_scope):
    previous = registry.assessment_reader()
    registry.set_assessment_reader(None)
    try:
        with in_scope(tenant), pytest.raises(ValidationError) as error:
            services.create_plan(company=company, title="Plan", actor=manager, assessment_pk=7)
        assert error.value.code == "no_assessment"
    finally:
        registry.set_assessment_reader(previous)


def test_a_weak_criterion_lands_once_in_the_current_plan(tenant, company, manager, in_scope):
    arguments = {
        "company": company,
        "title": "Bilan carbone",
        "description": "Mesurer les émissions",
        "theme": "Environnement",
        "criterion": "Bilan carbone réalisé",
        "criterion_id": 42,
        "actor": manager,
    }
    with in_scope(tenant):
        action = services.action_from_criterion(**arguments)
        assert action.plan.status == Plan.Status.DRAFT  # a new draft plan, as it had none
        assert services.action_from_criterion(**arguments) == action
        assert Plan.objects.count() == 1 and Action.objects.count() == 1


# --- Actions: their moves -------------------------------------------------------------------------

PAIRS = [(a, b) for a in S for b in S if a != b]


@pytest.mark.parametrize(("start", "target"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_an_action_moves_only_as_the_transitions_allow(
    tenant, plan, start, target, in_scope, manager
):
    with in_scope(tenant):
        action = _action(plan, status=start)
        if target in services.TRANSITIONS[start]:
            moved = services.move_action(action=action, status=target, actor=manager, reason="Non")
            assert moved.status == target
            assert AuditEntry.objects.filter(action="action_plan.action_moved").count() == 1
        else:
            with pytest.raises(ValidationError) as error:
                services.move_action(action=action, status=target, actor=manager, reason="Non")
            assert error.value.code == "transition"
            action.refresh_from_db()
            assert action.status == start
            assert not AuditEntry.objects.filter(action="action_plan.action_moved").exists()


def test_abandoning_takes_a_reason_and_reopening_clears_it(tenant, plan, in_scope, manager):
    with in_scope(tenant):
        action = _action(plan)
        with pytest.raises(ValidationError) as error:
            services.move_action(action=action, status=S.ABANDONED, actor=manager, reason="  ")
        assert error.value.code == "reason_required"
        action.refresh_from_db()
        assert action.status == S.PLANNED and action.abandon_reason == ""
        action = services.move_action(
            action=action, status=S.ABANDONED, actor=manager, reason=" Toiture trop fragile "
        )
        assert Action.objects.get(pk=action.pk).abandon_reason == "Toiture trop fragile"
        action = services.move_action(action=action, status=S.PLANNED, actor=manager)
        assert Action.objects.get(pk=action.pk).abandon_reason == ""


def test_done_sets_the_progress_and_the_date_and_reopening_clears_the_date(
    tenant, plan, in_scope, manager
):
    with in_scope(tenant):
        action = _action(plan, status=S.IN_PROGRESS, progress=40)
        action = services.move_action(action=action, status=S.DONE, actor=manager)
        stored = Action.objects.get(pk=action.pk)
        assert (stored.progress, stored.completed_on) == (100, timezone.localdate())
        services.move_action(action=action, status=S.IN_PROGRESS, actor=manager)
        assert Action.objects.get(pk=action.pk).completed_on is None


def _column(plan, status):
    return list(
        plan.actions.filter(status=status).order_by("position").values_list("title", "position")
    )


def test_moves_keep_the_positions_of_each_column_in_order(tenant, plan, in_scope, manager):
    with in_scope(tenant):
        first, second, third = (_action(plan, title=title) for title in ("A", "B", "C"))
        assert _column(plan, S.PLANNED) == [("A", 0), ("B", 1), ("C", 2)]
        services.move_action(action=third, status=S.PLANNED, position=0, actor=manager)
        assert _column(plan, S.PLANNED) == [("C", 0), ("A", 1), ("B", 2)]
        services.move_action(action=first, status=S.IN_PROGRESS, actor=manager)
        services.move_action(action=second, status=S.IN_PROGRESS, position=0, actor=manager)
        assert _column(plan, S.IN_PROGRESS) == [("B", 0), ("A", 1)]
        assert _column(plan, S.PLANNED) == [("C", 0)]
        services.move_action(action=third, status=S.IN_PROGRESS, position=99, actor=manager)
        assert _column(plan, S.IN_PROGRESS) == [("B", 0), ("A", 1), ("C", 2)]
        # A new action goes at the end of the planned column.
        assert _action(plan, title="D").position == 0
        assert _action(plan, title="E").position == 1
        # Reordering within a column writes no audit entry (nothing changed status).
        assert AuditEntry.objects.filter(action="action_plan.action_moved").count() == 3


def test_a_plan_starts_from_draft_with_an_action(tenant, plan, in_scope, manager):
    with in_scope(tenant):
        with pytest.raises(ValidationError):
            services.start_plan(plan=plan, actor=manager)
        _action(plan)
        plan = services.start_plan(plan=plan, actor=manager)
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE
        assert plan.activated_at is not None
        with pytest.raises(ValidationError) as error:
            services.start_plan(plan=plan, actor=manager)
        assert error.value.code == "not_draft"


def test_an_action_is_owned_by_a_person_of_the_company(tenant, plan, in_scope, manager):
    stranger = CompanyMemberFactory(company=CompanyFactory(tenant=tenant))
    own = CompanyMemberFactory(company=plan.company)
    with in_scope(tenant):
        with pytest.raises(ValidationError) as error:
            _action(plan, owner=stranger)
        assert error.value.code == "owner"
        action = _action(plan, owner=own)
        with pytest.raises(ValidationError):
            services.update_action(action=action, owner=stranger, actor=manager)
        assert Action.objects.get(pk=action.pk).owner == own
        with pytest.raises(TypeError):
            services.update_action(action=action, status=S.DONE, actor=manager)


def test_a_closed_plan_refuses_every_write(tenant, plan, in_scope, manager):
    with in_scope(tenant):
        action = _action(plan)
        indicator = services.add_indicator(plan=plan, label="CO₂", unit="t", actor=manager)
        _active(plan)
        services.record_review(plan=plan, kind="final", outcome="positive", actor=manager)
        plan.refresh_from_db()
        assert plan.status == Plan.Status.CLOSED and plan.closed_at is not None
        today = timezone.localdate()
        writes = [
            lambda: services.create_action(plan=plan, title="Encore", actor=manager),
            lambda: services.update_action(action=action, title="Autre", actor=manager),
            lambda: services.move_action(action=action, status=S.IN_PROGRESS, actor=manager),
            lambda: services.comment_action(action=action, body="Bravo", actor=manager),
            lambda: services.add_indicator(plan=plan, label="Eau", actor=manager),
            lambda: services.update_indicator(indicator=indicator, target=1, actor=manager),
            lambda: services.record_measurement(
                indicator=indicator, measured_on=today, value=Decimal("3"), actor=manager
            ),
            lambda: services.update_plan(
                plan=plan,
                title="Autre",
                horizon_months=6,
                starts_on=today,
                priority_themes=[],
                actor=manager,
            ),
            lambda: services.record_review(plan=plan, kind="milestone", actor=manager),
        ]
        for write in writes:
            with pytest.raises(ValidationError) as error:
                write()
            assert error.value.code == "closed"
        assert Action.objects.get(pk=action.pk).status == S.PLANNED
        assert plan.actions.count() == 1 and plan.indicators.count() == 1
        assert not Measurement.objects.exists() and plan.reviews.count() == 1


def test_only_a_running_plan_gets_its_final_review_with_an_outcome(tenant, plan, in_scope, manager):
    with in_scope(tenant):
        with pytest.raises(ValidationError):
            services.record_review(plan=plan, kind="final", outcome="positive", actor=manager)
        _active(plan)
        with pytest.raises(ValidationError) as error:
            services.record_review(plan=plan, kind="final", actor=manager)
        assert error.value.code == "outcome"
        assert not Review.objects.exists()
        services.record_review(plan=plan, kind="milestone", summary="Point", actor=manager)
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE


# --- Indicators -----------------------------------------------------------------------------------


def test_an_indicator_keeps_one_value_a_day_in_date_order(tenant, plan, in_scope, manager):
    today = timezone.localdate()
    with in_scope(tenant):
        indicator = services.add_indicator(
            plan=plan,
            label="Consommation de gazole",
            unit="L/100 km",
            baseline=Decimal("33.8"),
            target=Decimal("29.5"),
            actor=manager,
        )
        for days_ago, value in ((10, "31.9"), (70, "33.1"), (40, "32.4"), (10, "31.7")):
            services.record_measurement(
                indicator=indicator,
                measured_on=today - timedelta(days=days_ago),
                value=Decimal(value),
                actor=manager,
            )
        with pytest.raises(ValidationError) as error:
            services.record_measurement(
                indicator=indicator,
                measured_on=today + timedelta(days=1),
                value=Decimal("1"),
                actor=manager,
            )
        assert error.value.code == "future"
        [read] = selectors.indicators_with_series(plan=plan)
        assert [(m.measured_on, m.value) for m in read.series] == [
            (today - timedelta(days=70), Decimal("33.1")),
            (today - timedelta(days=40), Decimal("32.4")),
            (today - timedelta(days=10), Decimal("31.7")),  # the correction replaced 31.9
        ]
        assert read.latest.value == Decimal("31.7")
        assert (read.baseline, read.target) == (Decimal("33.8"), Decimal("29.5"))
        # The trail keeps both values of the corrected day.
        assert AuditEntry.objects.filter(action="action_plan.measured").count() == 4


def test_a_review_keeps_the_figures_of_its_day(tenant, plan, in_scope, manager):
    with in_scope(tenant):
        done = _action(plan, title="Fait")
        _action(plan, title="Abandonné", status=S.ABANDONED)
        _action(plan, title="Prévu")
        services.move_action(action=done, status=S.DONE, actor=manager)
        indicator = services.add_indicator(
            plan=plan, label="Déchets", unit="t", baseline=Decimal("12"), actor=manager
        )
        services.record_measurement(
            indicator=indicator, measured_on=timezone.localdate(), value=Decimal("9"), actor=manager
        )
        _active(plan)
        review = services.record_review(plan=plan, kind="milestone", actor=manager)
        assert review.snapshot["actions"] == {
            "planned": 1,
            "in_progress": 0,
            "done": 1,
            "abandoned": 1,
        }
        assert review.snapshot["progress"] == "50.0"  # abandoned actions left out
        [figure] = review.snapshot["indicators"]
        assert (figure["baseline"], figure["latest"]) == ("12.00", "9.00")


# --- Missions -------------------------------------------------------------------------------------


def _mission(company, consultant, manager, **fields):
    fields.setdefault("fundings", [("Région Hauts-de-France", Decimal("50"))])
    return services.start_mission(
        company=company,
        consultant=consultant,
        title="Accompagnement individuel",
        allocated_days=fields.pop("allocated_days", Decimal("5")),
        daily_rate=fields.pop("daily_rate", Decimal("1150")),
        actor=manager,
        **fields,
    )


def test_a_mission_lets_its_consultant_see_the_company_and_its_plan(
    tenant, company, plan, consultant, manager, in_scope
):
    with in_scope(tenant):
        request = _request(consultant, tenant)
        assert not permissions.can(request, "companies.view", company)
        assert not permissions.can(request, "plans.edit", plan.company)
        mission = _mission(company, consultant, manager, plan=plan)
        assert permissions.can(request, "companies.view", company)
        assert permissions.can(request, "plans.view", plan)
        assert permissions.can(request, "plans.edit", company)
        assert permissions.can(request, "missions.meet", company)
        assert list(permissions.visible(request, "plans.view", Plan.objects.all())) == [plan]
        assert list(permissions.visible(request, "missions.view", Mission.objects.all())) == [
            mission
        ]
        other = CompanyFactory(tenant=tenant)
        assert not permissions.can(request, "companies.view", other)
        assert list(mission.fundings.values_list("funder", "share")) == [
            ("Région Hauts-de-France", Decimal("50.00"))
        ]
        assert AuditEntry.objects.filter(action="mission.started").count() == 1


def test_ending_a_mission_takes_the_company_back_unless_another_runs(
    tenant, company, consultant, manager, in_scope
):
    with in_scope(tenant):
        request = _request(consultant, tenant)
        first = _mission(company, consultant, manager)
        second = _mission(company, consultant, manager)
        services.end_mission(mission=first, actor=manager)
        assert permissions.can(request, "companies.view", company)  # the second one runs
        ended = services.end_mission(mission=second, actor=manager)
        assert not permissions.can(request, "companies.view", company)
        assert ended.status == Mission.Status.ENDED and ended.ends_on == timezone.localdate()
        with pytest.raises(ValidationError) as error:
            services.end_mission(mission=second, actor=manager)
        assert error.value.code == "ended"
        assert AuditEntry.objects.filter(action="mission.ended").count() == 2


def test_withdrawing_the_consultant_role_ends_their_missions(
    tenant, company, consultant, manager, in_scope
):
    with in_scope(tenant):
        mission = _mission(company, consultant, manager)
        membership = Membership.objects.get(user=consultant, tenant=tenant)
        tenant_services.change_role(membership=membership, role=Role.MEMBER, actor=manager)
        assert Mission.objects.get(pk=mission.pk).status == Mission.Status.ENDED
        assert not permissions.has_grant(consultant, "companies.follow", company)
        tenant_services.change_role(membership=membership, role=Role.CONSULTANT, actor=manager)
        assert not permissions.can(_request(consultant, tenant), "companies.view", company)


def test_removing_the_consultant_ends_their_missions_in_that_tenant_only(
    tenant, other_tenant, company, consultant, manager, make_person, in_scope
):
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    elsewhere = CompanyFactory(tenant=other_tenant)
    with in_scope(other_tenant):
        kept = _mission(elsewhere, consultant, make_person(other_tenant, Role.MANAGER))
    with in_scope(tenant):
        mission = _mission(company, consultant, manager)
        tenant_services.remove_member(
            membership=Membership.objects.get(user=consultant, tenant=tenant), actor=manager
        )
        assert Mission.objects.get(pk=mission.pk).status == Mission.Status.ENDED
        assert not permissions.has_grant(consultant, "companies.follow", company)
    with in_scope(other_tenant):
        assert Mission.objects.get(pk=kept.pk).status == Mission.Status.ACTIVE
        assert permissions.has_grant(consultant, "companies.follow", elsewhere)


def test_a_mission_is_refused_without_writing_anything(
    tenant, company, consultant, manager, make_person, in_scope
):
    jury = make_person(tenant, Role.JURY)
    other_plan_company = CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        foreign_plan = services.create_plan(company=other_plan_company, title="P", actor=manager)
        attempts = [
            ({"fundings": [("Région", Decimal("60")), ("Département", Decimal("40.01"))]}, None),
            ({"fundings": [("Région", Decimal("50")), (" région ", Decimal("10"))]}, None),
            ({"fundings": [("Région", Decimal("0"))]}, None),
            ({"plan": foreign_plan}, None),
            ({"allocated_days": Decimal("0")}, None),
            ({}, jury),  # only a consultant follows a company
        ]
        for fields, person in attempts:
            with pytest.raises(ValidationError):
                _mission(company, person or consultant, manager, **fields)
        assert not Mission.objects.exists() and not MissionFunding.objects.exists()
        assert not permissions.has_grant(consultant, "companies.follow", company)
        assert not AuditEntry.objects.filter(action__startswith="mission.").exists()


def test_meetings_count_in_half_days_within_the_mission(
    tenant, company, consultant, manager, in_scope
):
    today = timezone.localdate()
    with in_scope(tenant):
        mission = _mission(company, consultant, manager, starts_on=today - timedelta(days=60))
        for days, code in (("0", "half_days"), ("0.25", "half_days"), ("1.25", "half_days")):
            with pytest.raises(ValidationError) as error:
                services.record_meeting(mission=mission, held_on=today, days=days, actor=manager)
            assert error.value.code == code
        too_early, too_late = today - timedelta(days=61), today + timedelta(days=1)
        for held_on, code in ((too_early, "before"), (too_late, "future")):
            with pytest.raises(ValidationError) as error:
                services.record_meeting(mission=mission, held_on=held_on, days="1", actor=manager)
            assert error.value.code == code
        assert not Meeting.objects.exists()
        meeting = services.record_meeting(
            mission=mission, held_on=today - timedelta(days=60), days="1.5", actor=consultant
        )
        assert meeting.days == Decimal("1.5") and not meeting.over_budget
        services.end_mission(mission=mission, actor=manager)
        with pytest.raises(ValidationError) as error:
            services.record_meeting(mission=mission, held_on=today, days="1", actor=manager)
        assert error.value.code == "ended"


def test_going_over_budget_asks_for_confirmation_then_tells_the_managers(
    tenant, company, consultant, manager, in_scope, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with in_scope(tenant):
        mission = _mission(company, consultant, manager)
        services.record_meeting(mission=mission, held_on=today, days="4.5", actor=consultant)
        with pytest.raises(ValidationError) as error:
            services.record_meeting(mission=mission, held_on=today, days="1", actor=consultant)
        assert error.value.code == "over_budget"
        assert Meeting.objects.count() == 1
        with django_capture_on_commit_callbacks(execute=True):
            meeting = services.record_meeting(
                mission=mission,
                held_on=today,
                days="1",
                actor=consultant,
                confirm_over_budget=True,
            )
        assert meeting.over_budget
        assert selectors.budget(mission=mission).consumed_days == Decimal("5.5")
        [notice] = OutgoingMail.objects.filter(key__startswith="action_plans.over_budget")
        assert notice.email == manager.email


def test_an_action_stays_editable_once_its_authors_account_is_gone(
    tenant, plan, make_person, manager, in_scope
):
    author = make_person(tenant, Role.MEMBER)
    with in_scope(tenant):
        action = services.create_action(plan=plan, title="Plan de mobilité", actor=author)
    with scopes_disabled():
        author.delete()  # an account erased by the operator: the action keeps no author
    with in_scope(tenant):
        action.refresh_from_db()
        assert action.created_by is None
        services.update_action(action=action, title="Plan de mobilité employeur", actor=manager)
        assert Action.objects.get(pk=action.pk).title == "Plan de mobilité employeur"


def test_a_review_rounds_the_progress_like_the_plan_page(tenant, plan, manager, in_scope):
    with in_scope(tenant):
        actions = [_action(plan, title=f"Action {number}") for number in range(16)]
        services.move_action(action=actions[0], status=S.DONE, actor=manager)
        _active(plan)
        review = services.record_review(plan=plan, kind="milestone", actor=manager)
        [row] = selectors.plans_of(companies=type(plan.company).objects.all())
        # 1 of 16 is 6.25 %: half up, 6.3 % on the plan's page and in its review alike.
        assert review.snapshot["progress"] == str(selectors.progress_percent(row)) == "6.3"


def test_a_company_follows_one_plan_at_a_time(tenant, plan, manager, in_scope):
    """A draft or a running plan refuses a second one; its final review frees the company."""
    with in_scope(tenant):
        with pytest.raises(ValidationError) as draft_open:
            services.create_plan(company=plan.company, title="Deuxième plan", actor=manager)
        _action(plan)
        services.start_plan(plan=plan, actor=manager)
        with pytest.raises(ValidationError) as running:
            services.create_plan(company=plan.company, title="Deuxième plan", actor=manager)
        assert Plan.objects.filter(company=plan.company).count() == 1
        services.record_review(plan=plan, kind="final", outcome="positive", actor=manager)
        second = services.create_plan(company=plan.company, title="Deuxième plan", actor=manager)
        assert selectors.current_plan(company=plan.company) == second
    assert draft_open.value.code == running.value.code == "open_plan"
