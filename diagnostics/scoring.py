"""Pure scoring rules: from an answer to points, from points to theme and overall scores.

Nothing here touches the database, so the rules are tested on hand-computed examples.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .models import Scale

HUNDRED = Decimal("100")
CENT = Decimal("0.01")

# Share of the criterion's maximum earned by each answer. A is the best grade; "no opinion" sits
# in the middle of the agreement scale, as in the Hydreos partner survey.
LETTER_SHARES = {
    "A": Decimal("1"),
    "B": Decimal("2") / 3,
    "C": Decimal("1") / 3,
    "D": Decimal("0"),
}
AGREEMENT_SHARES = {
    "strongly_agree": Decimal("1"),
    "agree": Decimal("0.75"),
    "neutral": Decimal("0.5"),
    "disagree": Decimal("0.25"),
    "strongly_disagree": Decimal("0"),
}
YES_NO_SHARES = {"yes": Decimal("1"), "no": Decimal("0")}

LETTER_CHOICES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
AGREEMENT_CHOICES = [
    ("strongly_agree", _("Strongly agree")),
    ("agree", _("Rather agree")),
    ("neutral", _("No opinion")),
    ("disagree", _("Rather disagree")),
    ("strongly_disagree", _("Strongly disagree")),
]
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def quantize(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def choices_for(scale, max_points):
    """The answers a criterion offers, as (value, label) pairs."""
    if scale == Scale.POINTS:
        return [(str(n), str(n)) for n in range(int(max_points) + 1)]
    if scale == Scale.LETTER:
        return LETTER_CHOICES
    if scale == Scale.AGREEMENT:
        return AGREEMENT_CHOICES
    if scale == Scale.YES_NO:
        return YES_NO_CHOICES
    return []


def choice_label(scale, max_points, choice):
    """How an answer reads on screen (``strongly_agree`` → “Strongly agree”)."""
    return dict(choices_for(scale, max_points)).get(choice, choice)


def points_for(*, scale, max_points, choice):
    """Points earned by one answer; ``None`` when the criterion does not score.

    Raises ``ValueError`` when the answer is not one the scale offers.
    """
    max_points = Decimal(max_points)
    if scale == Scale.NUMBER:
        return None
    if scale == Scale.POINTS:
        try:
            points = Decimal(choice)
        except ArithmeticError as error:
            raise ValueError(choice) from error
        if points != points.to_integral_value() or not 0 <= points <= max_points:
            raise ValueError(choice)
        return quantize(points)
    shares = {Scale.LETTER: LETTER_SHARES, Scale.AGREEMENT: AGREEMENT_SHARES}.get(
        scale, YES_NO_SHARES
    )
    if choice not in shares:
        raise ValueError(choice)
    return quantize(max_points * shares[choice])


def percent(score, maximum):
    if not maximum:
        return Decimal("0.00")
    return quantize(Decimal(score) * HUNDRED / Decimal(maximum))


@dataclass
class ThemeScore:
    theme_id: int
    title: str
    weight: Decimal
    score: Decimal
    maximum: Decimal

    @property
    def percent(self):
        return percent(self.score, self.maximum)

    @property
    def is_scored(self):
        """False while no scored criterion of the theme is answered (or all are not applicable):
        the theme has no score, which is not a score of 0."""
        return self.maximum > 0


@dataclass
class Result:
    themes: list = field(default_factory=list)
    overall_percent: Decimal = Decimal("0.00")
    level: str = ""


def overall(themes):
    """Weighted mean of the theme percentages; themes that cannot score (maximum 0) are left out."""
    scored = [theme for theme in themes if theme.maximum > 0]
    total_weight = sum((theme.weight for theme in scored), Decimal("0"))
    if not total_weight:
        return Decimal("0.00")
    weighted = sum((theme.weight * theme.score * HUNDRED / theme.maximum for theme in scored), 0)
    return quantize(weighted / total_weight)


def level_for(overall_percent, levels):
    """The highest level whose threshold the score reaches; ``levels`` are (name, min_percent)."""
    reached = ""
    for name, threshold in sorted(levels, key=lambda level: level[1]):
        if overall_percent >= threshold:
            reached = name
    return reached


def compute(themes, levels):
    result = Result(themes=list(themes))
    result.overall_percent = overall(result.themes)
    result.level = level_for(result.overall_percent, levels)
    return result


def quartiles(values):
    """(Q1, median, Q3) by linear interpolation, like PostgreSQL's percentile_cont."""
    ordered = sorted(Decimal(value) for value in values)
    if not ordered:
        return None

    def at(fraction):
        position = (len(ordered) - 1) * fraction
        low, high = math.floor(position), math.ceil(position)
        share = Decimal(str(position - low))
        return quantize(ordered[low] + (ordered[high] - ordered[low]) * share)

    return at(0.25), at(0.5), at(0.75)


def radar_points(values, *, size=300, radius=110, maximum=HUNDRED):
    """SVG polygon points for ``values`` (percentages) on a radar of ``len(values)`` axes."""
    centre = size / 2
    count = len(values)
    coordinates = []
    for index, value in enumerate(values):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        length = radius * float(value) / float(maximum)
        coordinates.append(
            (
                round(centre + length * math.cos(angle), 1),
                round(centre + length * math.sin(angle), 1),
            )
        )
    return coordinates


LABEL_LINE = 14  # characters per line of a radar label (wrapped at spaces, never cut)
LABEL_FONT = 16  # px in the SVG's own units
LABEL_GAP = 14  # between the outer ring and the label


def wrap(text, width=LABEL_LINE):
    """``text`` in lines of at most ``width`` characters, broken at spaces; a longer word keeps
    its own line whole. Every word is kept: a label is never truncated."""
    lines = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def radar(labels, values, *, size=360, radius=120):
    """Everything a template needs to draw a radar chart as inline SVG, with each theme's full
    title wrapped on several lines beside its axis, and a view box that holds them all."""
    centre = size / 2
    count = len(values)
    rings = [
        " ".join(f"{x},{y}" for x, y in radar_points([p] * count, size=size, radius=radius))
        for p in (25, 50, 75, 100)
    ]
    axes = radar_points([100] * count, size=size, radius=radius)
    label_points = radar_points([100] * count, size=size, radius=radius + LABEL_GAP)
    line_height = round(LABEL_FONT * 1.2, 1)
    char_width = LABEL_FONT * 0.62  # a sans-serif's wide advance, for the view box only
    left = top = centre - radius
    right = bottom = centre + radius
    drawn = []
    for (x, y), (lx, ly), label in zip(axes, label_points, labels, strict=True):
        lines = wrap(str(label))
        anchor = "middle" if abs(lx - centre) < 5 else ("start" if lx > centre else "end")
        height = line_height * len(lines)
        if abs(ly - centre) < 5 or anchor != "middle":
            first = ly - height / 2 + line_height / 2  # beside the axis: centred on it
        elif ly < centre:
            first = ly - height + line_height / 2  # above the top: grows upwards
        else:
            first = ly + line_height / 2  # below the bottom: grows downwards
        width = max(len(line) for line in lines) * char_width
        start = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
        left, right = min(left, start), max(right, start + width)
        top = min(top, first - line_height / 2)
        bottom = max(bottom, first + height - line_height / 2)
        drawn.append(
            {
                "x": x,
                "y": y,
                "label": label,
                "lx": lx,
                # A baseline a third of the font below the line's middle: no dominant-baseline,
                # which the PDF renderer does not follow.
                "ly": round(first + LABEL_FONT * 0.35, 1),
                "lines": [
                    {"text": line, "dy": 0 if index == 0 else line_height}
                    for index, line in enumerate(lines)
                ],
                "anchor": anchor,
            }
        )
    margin = 6
    left, top = math.floor(left - margin), math.floor(top - margin)
    width, height = math.ceil(right + margin) - left, math.ceil(bottom + margin) - top
    return {
        "size": size,
        "centre": centre,
        "font": LABEL_FONT,
        "view_box": f"{left} {top} {width} {height}",
        "rings": rings if count >= 3 else [],
        "axes": drawn,
        "polygon": " ".join(f"{x},{y}" for x, y in radar_points(values, size=size, radius=radius)),
    }


def quartile_strip(figures, value, *, width=400):
    """An SVG strip from 0 to 100 %: the box from the first to the third quartile, the median,
    and a marker at ``value``. Coordinates in the strip's own units (``width`` wide)."""

    def at(percent_value):
        return round(
            float(min(HUNDRED, max(Decimal("0"), Decimal(percent_value)))) * width / 100, 1
        )

    return {
        "width": width,
        "q1": at(figures["q1"]),
        "median": at(figures["median"]),
        "q3": at(figures["q3"]),
        "box": round(at(figures["q3"]) - at(figures["q1"]), 1),
        "marker": at(value),
        "ticks": [{"x": at(tick), "label": tick} for tick in (0, 25, 50, 75, 100)],
    }
