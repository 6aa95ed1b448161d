"""What needs doing and the programme's figures, on hand-built data: only the tenant's own rows
count, whatever another tenant holds."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from action_plans import selectors, services
from action_plans.models import Action, Mission, Plan
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

S = Action.Status
TODAY = timezone.localdate


class Builder:
    """Plans, actions, missions and meetings of one tenant, through the services."""

    def __init__(self, tenant, make_person):
        self.tenant = tenant
        self.manager = make_person(tenant, Role.MANAGER)
        self.consultant = make_person(tenant, Role.CONSULTANT)

    def plan(self, *, company=None, status=Plan.Status.ACTIVE, actions=()):
        """A plan with ``actions``: (title, status, days from today to the deadline or None)."""
        plan = services.create_plan(
            company=company or CompanyFactory(tenant=self.tenant),
            title="Plan RSE",
            actor=self.manager,
        )
        for title, moved_to, due in actions or [("Première action", S.PLANNED, None)]:
            action = services.create_action(
                plan=plan,
                title=title,
                actor=self.manager,
                due_on=None if due is None else TODAY() + timedelta(days=due),
            )
            if moved_to != S.PLANNED:
                services.move_action(
                    action=action, status=moved_to, actor=self.manager, reason="Non"
                )
        if status != Plan.Status.DRAFT:
            services.start_plan(plan=plan, actor=self.manager)
        if status == Plan.Status.CLOSED:
            services.record_review(plan=plan, kind="final", outcome="positive", actor=self.manager)
        return plan

    def mission(self, *, company=None, starts_on, ends_on=None, days="5", rate="1150", met=()):
        """A mission and its meetings ``met``: (date, days); ended when ``ends_on`` is past."""
        mission = services.start_mission(
            company=company or CompanyFactory(tenant=self.tenant),
            consultant=self.consultant,
            title="Accompagnement",
            allocated_days=Decimal(days),
            daily_rate=Decimal(rate),
            starts_on=starts_on,
            ends_on=ends_on,
            fundings=[("Région", Decimal("50"))],
            actor=self.manager,
        )
        for held_on, spent in met:
            services.record_meeting(
                mission=mission,
                held_on=held_on,
                days=spent,
                actor=self.consultant,
                confirm_over_budget=True,
            )
        if ends_on is not None and ends_on < TODAY():
            services.end_mission(mission=mission, actor=self.manager)
            Mission.objects.filter(pk=mission.pk).update(ends_on=ends_on)
        return mission


@pytest.fixture
def build(tenant, make_person):
    return Builder(tenant, make_person)


@pytest.fixture
def elsewhere(other_tenant, make_person, in_scope):
    """Another tenant with rows of every kind, which must never count here."""
    build = Builder(other_tenant, make_person)
    year = TODAY().year - 1
    with in_scope(other_tenant):
        build.plan(actions=[("Ailleurs en retard", S.IN_PROGRESS, -5), ("Ailleurs", S.DONE, 3)])
        build.plan(status=Plan.Status.CLOSED)
        build.mission(
            starts_on=date(year, 1, 10),
            days="1",
            met=[(date(year, 2, 1), "2"), (TODAY() - timedelta(days=5), "1")],
        )
    return build


def _titles(actions):
    return [action.title for action in actions]


def test_overdue_actions_are_open_ones_of_running_plans(tenant, build, elsewhere, in_scope):
    with in_scope(tenant):
        build.plan(
            actions=[
                ("Hier", S.PLANNED, -1),
                ("Il y a un mois", S.IN_PROGRESS, -30),
                ("Fait en retard", S.DONE, -10),
                ("Abandonné", S.ABANDONED, -10),
                ("Aujourd'hui", S.PLANNED, 0),
                ("Sans échéance", S.PLANNED, None),
            ]
        )
        build.plan(status=Plan.Status.DRAFT, actions=[("Brouillon", S.PLANNED, -3)])
        build.plan(status=Plan.Status.CLOSED, actions=[("Clos", S.PLANNED, -3)])
        overdue = selectors.overdue_actions(plans=Plan.objects.all())
        assert _titles(overdue) == ["Il y a un mois", "Hier"]  # the oldest deadline first


def test_actions_due_soon_are_due_today_or_within_30_days(tenant, build, elsewhere, in_scope):
    with in_scope(tenant):
        build.plan(
            actions=[
                ("Dans 31 jours", S.PLANNED, 31),
                ("Dans 30 jours", S.IN_PROGRESS, 30),
                ("Aujourd'hui", S.PLANNED, 0),
                ("Hier", S.PLANNED, -1),
                ("Fait", S.DONE, 5),
            ]
        )
        build.plan(status=Plan.Status.DRAFT, actions=[("Brouillon", S.PLANNED, 3)])
        soon = selectors.actions_due_soon(plans=Plan.objects.all())
        assert _titles(soon) == ["Aujourd'hui", "Dans 30 jours"]


def test_missions_not_met_for_90_days(tenant, build, elsewhere, in_scope):
    today = TODAY()
    long_ago = today - timedelta(days=400)
    with in_scope(tenant):
        build.mission(starts_on=long_ago, met=[(today - timedelta(days=91), "1")])
        build.mission(starts_on=long_ago, met=[(today - timedelta(days=89), "1")])
        build.mission(starts_on=today - timedelta(days=91))  # never met
        build.mission(starts_on=today - timedelta(days=30))  # never met, but just started
        build.mission(
            starts_on=long_ago,
            ends_on=today - timedelta(days=200),
            met=[(long_ago, "1")],
        )
        rows = selectors.missions_not_met(missions=Mission.objects.all())
        assert [(row.last_met_on, row.starts_on) for row in rows] == [
            (None, today - timedelta(days=91)),  # never met first
            (today - timedelta(days=91), long_ago),
        ]


def test_missions_over_budget_are_running_ones_past_their_days(tenant, build, elsewhere, in_scope):
    start = TODAY() - timedelta(days=100)
    with in_scope(tenant):
        over = build.mission(starts_on=start, days="2", met=[(start, "1.5"), (TODAY(), "1")])
        build.mission(starts_on=start, days="2", met=[(start, "2")])  # exactly used up
        build.mission(
            starts_on=start, days="1", ends_on=TODAY() - timedelta(days=1), met=[(start, "2")]
        )
        [row] = selectors.missions_over_budget(missions=Mission.objects.all())
        assert row == over
        assert (row.days_spent, row.days_left) == (Decimal("2.5"), Decimal("-0.5"))


def test_programme_figures_count_the_year_of_this_tenant_only(tenant, build, elsewhere, in_scope):
    year = TODAY().year - 1  # a whole year in the past
    with in_scope(tenant):
        running = CompanyFactory(tenant=tenant)
        build.mission(
            company=running,
            starts_on=date(year, 3, 1),
            rate="1150",
            met=[
                (date(year, 3, 2), "1.5"),
                (date(year, 11, 20), "1"),
                (date(year + 1, 1, 1), "0.5"),  # the next year
            ],
        )
        build.mission(company=running, starts_on=date(year, 5, 1))  # the same company twice
        build.mission(
            starts_on=date(year, 1, 15),
            ends_on=date(year, 6, 30),
            rate="900",
            met=[(date(year, 2, 1), "0.5")],
        )
        build.mission(  # ended the year before
            starts_on=date(year - 1, 1, 10),
            ends_on=date(year - 1, 12, 31),
            met=[(date(year - 1, 6, 1), "2")],
        )
        build.mission(starts_on=date(year + 1, 1, 1))  # started after
        build.plan(status=Plan.Status.DRAFT)
        build.plan()
        build.plan()
        build.plan(status=Plan.Status.CLOSED)
        figures = selectors.programme_figures(tenant=tenant, year=year)
    assert figures == {
        "supported_companies": 2,
        "plans": {"draft": 1, "active": 2, "closed": 1},
        "days_spent": Decimal("3.0"),
        # 1.5 × 1 150 + 1 × 1 150 + 0.5 × 900
        "cost_spent": Decimal("3325.00"),
    }
    assert isinstance(figures["days_spent"], Decimal)


def test_activity_figures_count_the_period_of_this_tenant_only(tenant, build, elsewhere, in_scope):
    today = TODAY()
    start, end = today - timedelta(days=60), today
    with in_scope(tenant):
        build.mission(starts_on=today - timedelta(days=30), met=[(today, "1.5")])
        build.mission(
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=90),
            met=[(today - timedelta(days=300), "2")],
        )
        build.plan(status=Plan.Status.CLOSED)
        closed = build.plan(actions=[("Fait", S.DONE, None), ("En cours", S.IN_PROGRESS, None)])
        services.record_review(plan=closed, kind="final", outcome="partial", actor=build.manager)
        old = build.plan()
        services.record_review(
            plan=old,
            kind="final",
            outcome="positive",
            held_on=today - timedelta(days=61),
            actor=build.manager,
        )
        figures = selectors.activity_figures(tenant=tenant, start=start, end=end)
    assert figures == {
        "supported_companies": 1,
        "days_spent": Decimal("1.5"),
        "plans_closed": 2,
        "plans_closed_positive": 1,
        "actions_done": 1,
    }


def test_progress_leaves_abandoned_actions_out(tenant, build, in_scope):
    with in_scope(tenant):
        plan = build.plan(
            actions=[
                ("Fait", S.DONE, None),
                ("En cours", S.IN_PROGRESS, -2),
                ("Abandonné", S.ABANDONED, -2),
            ]
        )
        [row] = selectors.plans_of(companies=type(plan.company).objects.all())
        assert (row.actions_total, row.actions_done, row.actions_overdue) == (2, 1, 1)
        assert selectors.progress_percent(row) == Decimal("50.0")


def test_companies_without_a_running_mission(tenant, build, in_scope):
    today = TODAY()
    with in_scope(tenant):
        followed, left, never = (CompanyFactory(tenant=tenant) for _ in range(3))
        build.mission(company=followed, starts_on=today)
        build.mission(
            company=left, starts_on=today - timedelta(days=10), ends_on=today - timedelta(days=1)
        )
        companies = type(followed).objects.all()
        assert set(selectors.companies_without_consultant(companies=companies)) == {left, never}


def test_the_funder_report_leaves_the_first_day_after_its_year_out(tenant, build, in_scope):
    year = TODAY().year - 1
    start, end = (
        timezone.make_aware(datetime.combine(date(y, 1, 1), time.min)) for y in (year, year + 1)
    )
    with in_scope(tenant):
        build.mission(
            starts_on=date(year, 12, 1),
            met=[(date(year, 12, 31), "1"), (date(year + 1, 1, 1), "0.5")],
        )
        build.mission(starts_on=date(year + 1, 1, 1))
        figures = {
            figure.key: figure.value
            for figure in registry.activity_for(tenant=tenant, start=start, end=end)
        }
    assert figures["consultant_days"] == Decimal("1.0")
    assert figures["companies_supported"] == 1
