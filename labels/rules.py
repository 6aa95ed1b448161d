"""The arithmetic of a label's decision, on Decimals and plain values only (no database).

``decide`` takes anything with ``decision``, ``threshold`` and ``levels`` attributes (a ``Label``
or a stand-in), so the rules are tested on hand-computed cases without a row.
"""

from decimal import Decimal

CENT = Decimal("0.01")
THRESHOLD = "threshold"
LEVELS = "levels"


def total(parts_scores):
    """The sum of the parts' scores (an iterable of Decimals, or of ``(part, score)`` pairs)."""
    result = Decimal("0")
    for item in parts_scores:
        value = item[1] if isinstance(item, tuple) else item
        result += Decimal(value)
    return result


def decide(label_like, total):
    """``(granted, level)`` for a total.

    Threshold rule: granted when the total is strictly above the threshold (ENR: "supérieur à 120
    points": 125 is granted, 120 is not), with no level. Levels rule: the highest level whose
    minimum the total reaches (``min ≤ total``); below the lowest one, refused.
    """
    total = Decimal(total)
    if label_like.decision == THRESHOLD:
        return total > Decimal(label_like.threshold), ""
    reached = [level for level in label_like.levels if Decimal(str(level["min"])) <= total]
    if not reached:
        return False, ""
    best = max(reached, key=lambda level: Decimal(str(level["min"])))
    return True, best["name"]


def mean_and_spread(values):
    """``(mean, spread, std_dev)`` of the values, each quantized to 0.01: the spread is
    max − min, the standard deviation the population one. ``(None, None, None)`` when empty."""
    values = [Decimal(value) for value in values]
    if not values:
        return None, None, None
    mean = sum(values) / len(values)
    variance = sum((value - mean) ** 2 for value in values) / len(values)
    return (
        mean.quantize(CENT),
        (max(values) - min(values)).quantize(CENT),
        variance.sqrt().quantize(CENT),
    )


OUTLIER_FACTOR = Decimal("1.3")


def outliers(values, factor=OUTLIER_FACTOR):
    """The indexes of the values further from the mean than ``factor`` standard deviations
    (population); none when every value is the same.

    With three jurors no value can be more than 1.41 deviations away, and evenly spread ones
    (10, 20, 30) are 1.22 away: the default 1.3 flags the one juror apart (10, 10, 40)."""
    values = [Decimal(value) for value in values]
    if len(values) < 2:
        return []
    mean = sum(values) / len(values)
    std = (sum((value - mean) ** 2 for value in values) / len(values)).sqrt()
    if std == 0:
        return []
    limit = Decimal(factor) * std
    return [index for index, value in enumerate(values) if abs(value - mean) > limit]
