"""The decision rules on hand-computed cases (no database)."""

from decimal import Decimal as D
from types import SimpleNamespace

from labels import rules

ENR = SimpleNamespace(decision="threshold", threshold=D("120"), levels=[])
ECORIDE = SimpleNamespace(
    decision="levels",
    threshold=None,
    levels=[
        {"name": "Gold", "min": "80"},
        {"name": "Silver", "min": "60"},
        {"name": "Bronze", "min": "40"},
    ],
)


def test_it_adds_the_parts():
    assert rules.total([D("65"), D("60")]) == D("125")
    assert rules.total([("audit", D("60.5")), ("survey", D("59.5"))]) == D("120.0")


def test_it_grants_enr_strictly_above_120():
    assert rules.decide(ENR, rules.total([D("65"), D("60")])) == (True, "")
    assert rules.decide(ENR, rules.total([D("60"), D("60")])) == (False, "")
    assert rules.decide(ENR, D("120.01")) == (True, "")


def test_it_gives_ecoride_the_highest_level_reached_at_the_boundaries():
    assert rules.decide(ECORIDE, D("80")) == (True, "Gold")
    assert rules.decide(ECORIDE, D("79.99")) == (True, "Silver")
    assert rules.decide(ECORIDE, D("60")) == (True, "Silver")
    assert rules.decide(ECORIDE, D("40")) == (True, "Bronze")
    assert rules.decide(ECORIDE, D("39.99")) == (False, "")
    assert rules.decide(ECORIDE, D("100")) == (True, "Gold")


def test_it_computes_mean_spread_and_population_deviation():
    # 10, 20, 30: mean 20, spread 20, variance (100 + 0 + 100) / 3 = 66.67, deviation 8.16
    assert rules.mean_and_spread([D("10"), D("20"), D("30")]) == (D("20.00"), D("20.00"), D("8.16"))
    assert rules.mean_and_spread([D("7")]) == (D("7.00"), D("0.00"), D("0.00"))
    assert rules.mean_and_spread([]) == (None, None, None)


def test_it_flags_the_juror_apart_only():
    # 10, 10, 40: mean 20, deviation 14.14; 40 is 20 away (> 1.3 × 14.14 = 18.38)
    assert rules.outliers([D("10"), D("10"), D("40")]) == [2]
    assert rules.outliers([D("10"), D("20"), D("30")]) == []
    assert rules.outliers([D("5"), D("5"), D("5")]) == []
    assert rules.outliers([D("10"), D("30")], factor=D("0.5")) == [0, 1]
