"""The demo's action plans and missions: plans in every state, actions in every status, two
years of measurements, a mission over budget, a closed plan with its positive final review; and
seeding again changes nothing (tests/test_seed_demo.py checks the whole command too)."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import F, Max, Min
from django_scopes import scope, scopes_disabled
from guardian.models import UserObjectPermission

from action_plans import demo as plans_demo
from action_plans import selectors
from action_plans.models import Action, Indicator, Measurement, Mission, Plan, Review
from companies.models import Company
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import permissions
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

BOTH = pytest.mark.parametrize("which", ["tenant", "other_tenant"])


@BOTH
def test_it_has_plans_in_every_state_and_actions_in_every_status(demo, which):
    with scope(tenant=getattr(demo, which)):
        assert set(Plan.objects.values_list("status", flat=True)) == set(Plan.Status.values)
        assert set(Action.objects.values_list("status", flat=True)) == set(Action.Status.values)
        assert not Action.objects.filter(status=Action.Status.ABANDONED, abandon_reason="")
        assert not Action.objects.filter(status=Action.Status.DONE, completed_on__isnull=True)
        followed = Action.objects.filter(plan__status=Plan.Status.ACTIVE)
        assert followed.filter(owner__isnull=False, action_type__isnull=False).count() >= 5
        # Owners are people of the action's company.
        assert not followed.exclude(owner__isnull=True).exclude(owner__company=F("plan__company"))
        plans = Plan.objects.all()
        assert selectors.overdue_actions(plans=plans).exists()
        assert selectors.actions_due_soon(plans=plans).exists()


def test_indicators_are_measured_over_two_years(demo):
    with scope(tenant=demo.tenant):
        spans = (
            Indicator.objects.filter(baseline__isnull=False, target__isnull=False)
            .annotate(first=Min("measurements__measured_on"), last=Max("measurements__measured_on"))
            .exclude(first__isnull=True)
        )
        longest = max(spans, key=lambda indicator: indicator.last - indicator.first)
        assert (longest.last - longest.first).days >= 700
        assert Measurement.objects.filter(indicator=longest).count() >= 24  # monthly
        assert Indicator.objects.filter(source_criterion_id__isnull=False).exists()  # seeded


def test_a_mission_is_over_budget_and_one_was_not_met_for_months(demo):
    with scope(tenant=demo.tenant):
        missions = Mission.objects.all()
        [over] = selectors.missions_over_budget(missions=missions)
        budget = selectors.budget(mission=over)
        assert budget.over_budget and budget.consumed_days > budget.allocated_days
        assert over.meetings.filter(over_budget=True).exists()
        assert selectors.missions_not_met(missions=missions).exists()
        # "about 50 % co-funded by the Région", at a realistic daily rate.
        for mission in missions:
            shares = [funding.share for funding in mission.fundings.all()]
            assert Decimal("50") in shares and sum(shares) <= 100
            assert Decimal("900") <= mission.daily_rate <= Decimal("1200")


@BOTH
def test_consultants_follow_the_companies_of_their_running_missions_only(demo, which):
    with scope(tenant=getattr(demo, which)):
        for mission in Mission.objects.select_related("company", "consultant"):
            follows = permissions.has_grant(mission.consultant, "companies.follow", mission.company)
            others = Mission.objects.filter(
                company=mission.company, consultant=mission.consultant, status="active"
            )
            if mission.status == Mission.Status.ACTIVE:
                assert follows
            elif not others.exists():
                assert not follows, mission.company
        assert Mission.objects.filter(status=Mission.Status.ENDED).exists()


@BOTH
def test_a_closed_plan_has_its_positive_final_review(demo, which):
    with scope(tenant=getattr(demo, which)):
        closed = Plan.objects.filter(status=Plan.Status.CLOSED).select_related("company")
        assert closed
        for plan in closed:
            final = plan.reviews.get(kind=Review.Kind.FINAL)
            assert final.outcome == Review.Outcome.POSITIVE
            assert plan.closed_at is not None
            assert selectors.has_positive_final_review(company=plan.company)
            assert final.snapshot["actions"]["done"] >= 3
        assert Review.objects.filter(kind=Review.Kind.MILESTONE).exists()


def test_the_shared_consultant_has_missions_in_both_tenants(demo):
    with scopes_disabled():
        tenants = set(
            Mission.objects.filter(
                consultant=demo.shared_consultant, status=Mission.Status.ACTIVE
            ).values_list("tenant__slug", flat=True)
        )
    assert tenants == {demo.tenant.slug, demo.other_tenant.slug}


def _counts():
    with scopes_disabled():
        counts = {
            model._meta.label: model._default_manager.count()
            for model in apps.get_app_config("action_plans").get_models()
        }
        counts["audit"] = AuditEntry.objects.count()
        counts["grants"] = UserObjectPermission.objects.count()
    return counts


def test_seeding_again_changes_nothing(demo):
    before = _counts()
    assert before["action_plans.Plan"] >= 8
    for tenant in (demo.tenant, demo.other_tenant):
        roles = (Role.MANAGER, Role.CONSULTANT, Role.JURY, Role.MEMBER)
        people = {role: demo.person(role, tenant) for role in roles}
        people["shared_consultant"] = demo.shared_consultant
        with scope(tenant=tenant):
            plans_demo.seed_tenant(tenant=tenant, people=people)
    assert _counts() == before
    with scope(tenant=demo.tenant):
        assert Company.objects.filter(action_plans__isnull=False).distinct().count() >= 5


def test_seeding_tells_nobody_about_a_past_mission(demo):
    """The demo writes history: no "new mission" nor "over budget" e-mail leaves at seeding."""
    with scopes_disabled():
        keys = list(OutgoingMail.objects.values_list("key", flat=True))
    assert not [key for key in keys if key.startswith("action_plans.")]
