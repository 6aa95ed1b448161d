"""A mission's budget on hand-computed cases: days, money and each funder's share, in Decimal
rounded to the cent (never a float)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from action_plans import selectors, services
from action_plans.models import Meeting, Mission, MissionFunding
from rse_platform.tenants import permissions
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

REGION, DEPARTEMENT = "Région Hauts-de-France", "Département du Nord"


def _budget(
    consumed, *, allocated="5", rate="1150", fundings=((REGION, "50"), (DEPARTEMENT, "20"))
):
    return selectors.make_budget(
        allocated_days=Decimal(allocated),
        consumed_days=Decimal(consumed),
        daily_rate=Decimal(rate),
        fundings=[(funder, Decimal(share)) for funder, share in fundings],
    )


def _cents(value):
    """A Decimal with exactly two decimal places (no float crept in)."""
    assert type(value) is Decimal
    assert value.as_tuple().exponent == -2
    return value


def test_it_computes_five_days_at_1150_euros_half_cofunded():
    budget = _budget("3.5")
    assert budget.remaining_days == Decimal("1.5")
    assert budget.consumed_percent == Decimal("70.0")
    assert _cents(budget.cost) == Decimal("5750.00")
    assert _cents(budget.consumed_cost) == Decimal("4025.00")
    assert _cents(budget.remaining_cost) == Decimal("1725.00")
    assert budget.funded_share == Decimal("70") and budget.company_share == Decimal("30")
    assert _cents(budget.company_amount) == Decimal("1725.00")
    region, departement = budget.fundings
    assert (region.funder, region.share) == (REGION, Decimal("50"))
    assert [_cents(v) for v in (region.amount, region.consumed, region.remaining)] == [
        Decimal("2875.00"),
        Decimal("2012.50"),
        Decimal("862.50"),
    ]
    assert [
        _cents(v) for v in (departement.amount, departement.consumed, departement.remaining)
    ] == [
        Decimal("1150.00"),
        Decimal("805.00"),
        Decimal("345.00"),
    ]
    assert budget.remaining_funded == Decimal("1207.50")
    assert not budget.over_budget


def test_it_rounds_to_the_cent_half_up():
    # 0.5 day at 1 033.33 € is 516.665 €; a third of 3 days at 1 000 € is 999.90 €.
    assert _budget("0.5", rate="1033.33", fundings=()).consumed_cost == Decimal("516.67")
    [third] = _budget("1", allocated="3", rate="1000", fundings=[("ADEME", "33.33")]).fundings
    assert (third.amount, third.consumed, third.remaining) == (
        Decimal("999.90"),
        Decimal("333.30"),
        Decimal("666.60"),
    )
    assert _budget("1", allocated="3", fundings=()).consumed_percent == Decimal("33.3")


def test_it_detects_a_mission_over_budget():
    budget = _budget("5.5")
    assert budget.over_budget
    assert budget.remaining_days == Decimal("-0.5")
    assert budget.consumed_percent == Decimal("110.0")
    assert _cents(budget.consumed_cost) == Decimal("6325.00")
    assert budget.remaining_cost == Decimal("0.00")  # nothing left, never negative money
    assert [funding.remaining for funding in budget.fundings] == [Decimal("0.00")] * 2
    # Funders co-fund the allocated days only: their share stops at its amount, the half-day
    # beyond is the overrun nobody co-funds.
    assert [funding.consumed for funding in budget.fundings] == [
        funding.amount for funding in budget.fundings
    ]
    assert budget.overrun_days == Decimal("0.5") and budget.overrun_cost == Decimal("575.00")
    assert not _budget("5").over_budget and _budget("5").remaining_days == 0


def test_without_funders_the_company_pays_everything():
    budget = _budget("2", fundings=())
    assert budget.funded_share == 0 and budget.company_share == 100
    assert budget.company_amount == budget.cost == Decimal("5750.00")
    assert budget.remaining_funded == 0


@pytest.fixture
def mission(tenant, make_person, in_scope):
    manager = make_person(tenant, Role.MANAGER)
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        return services.start_mission(
            company=CompanyFactory(tenant=tenant),
            consultant=consultant,
            title="Accompagnement sur 5 journées espacées",
            allocated_days=Decimal("5"),
            daily_rate=Decimal("1150"),
            starts_on=timezone.localdate() - timedelta(days=100),
            fundings=[(REGION, Decimal("50")), (DEPARTEMENT, Decimal("20"))],
            actor=manager,
        )


def test_a_missions_budget_sums_its_meetings(tenant, mission, in_scope):
    today = timezone.localdate()
    with in_scope(tenant):
        assert selectors.budget(mission=mission).consumed_days == 0
        for days_ago, days in ((90, "1"), (60, "1.5"), (10, "1")):
            services.record_meeting(
                mission=mission,
                held_on=today - timedelta(days=days_ago),
                days=days,
                actor=mission.consultant,
            )
        budget = selectors.budget(mission=mission)
        assert budget.consumed_days == Decimal("3.5")
        assert budget.consumed_cost == Decimal("4025.00")
        assert budget.remaining_cost == Decimal("1725.00")
        assert [f.remaining for f in budget.fundings] == [Decimal("862.50"), Decimal("345.00")]
        [row] = selectors.missions_with_figures(Mission.objects.filter(pk=mission.pk))
        assert (row.days_spent, row.days_left) == (Decimal("3.5"), Decimal("1.5"))


@pytest.mark.parametrize("days", ["0", "0.4", "0.75", "1.2", "-1"])
def test_meetings_take_whole_or_half_days(tenant, mission, days, in_scope):
    with in_scope(tenant):
        with pytest.raises(ValidationError) as error:
            services.record_meeting(
                mission=mission, held_on=timezone.localdate(), days=days, actor=mission.consultant
            )
        assert error.value.code == "half_days"
        assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "fundings",
    [
        [(REGION, "50"), (DEPARTEMENT, "50.01")],
        [(REGION, "100.5")],
        [(REGION, "60"), ("ADEME", "30"), (DEPARTEMENT, "15")],
    ],
)
def test_shares_above_100_percent_are_refused_and_nothing_is_written(
    tenant, make_person, fundings, in_scope
):
    manager, consultant = make_person(tenant, Role.MANAGER), make_person(tenant, Role.CONSULTANT)
    company = CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        with pytest.raises(ValidationError) as error:
            services.start_mission(
                company=company,
                consultant=consultant,
                title="Accompagnement",
                allocated_days=Decimal("5"),
                daily_rate=Decimal("1150"),
                fundings=[(funder, Decimal(share)) for funder, share in fundings],
                actor=manager,
            )
        assert error.value.code == "over_100"
        assert not Mission.objects.exists() and not MissionFunding.objects.exists()
        assert not permissions.has_grant(consultant, "companies.follow", company)


def test_exactly_100_percent_is_allowed(tenant, make_person, in_scope):
    with in_scope(tenant):
        mission = services.start_mission(
            company=CompanyFactory(tenant=tenant),
            consultant=make_person(tenant, Role.CONSULTANT),
            title="Accompagnement",
            allocated_days=Decimal("5"),
            daily_rate=Decimal("1150"),
            fundings=[(REGION, Decimal("80")), (DEPARTEMENT, Decimal("20"))],
            actor=make_person(tenant, Role.MANAGER),
        )
        budget = selectors.budget(mission=mission)
        assert budget.company_share == 0 and budget.company_amount == Decimal("0.00")
