"""Scoring rules on hand-computed examples."""

from decimal import Decimal as D

import pytest

from diagnostics import scoring
from diagnostics.models import Scale


@pytest.mark.parametrize(
    ("scale", "maximum", "choice", "points"),
    [
        (Scale.POINTS, 5, "0", D("0.00")),
        (Scale.POINTS, 5, "4", D("4.00")),
        (Scale.LETTER, 3, "A", D("3.00")),
        (Scale.LETTER, 3, "B", D("2.00")),
        (Scale.LETTER, 3, "C", D("1.00")),
        (Scale.LETTER, 3, "D", D("0.00")),
        (Scale.LETTER, 10, "B", D("6.67")),
        (Scale.AGREEMENT, 4, "strongly_agree", D("4.00")),
        (Scale.AGREEMENT, 4, "agree", D("3.00")),
        (Scale.AGREEMENT, 4, "neutral", D("2.00")),
        (Scale.AGREEMENT, 4, "disagree", D("1.00")),
        (Scale.AGREEMENT, 4, "strongly_disagree", D("0.00")),
        (Scale.YES_NO, 2, "yes", D("2.00")),
        (Scale.YES_NO, 2, "no", D("0.00")),
    ],
)
def test_it_turns_each_scale_into_points(scale, maximum, choice, points):
    assert scoring.points_for(scale=scale, max_points=maximum, choice=choice) == points


def test_it_does_not_score_numeric_indicators():
    assert scoring.points_for(scale=Scale.NUMBER, max_points=0, choice="12") is None


@pytest.mark.parametrize(
    ("scale", "choice"),
    [
        (Scale.POINTS, "6"),
        (Scale.POINTS, "-1"),
        (Scale.POINTS, "2.5"),
        (Scale.POINTS, "x"),
        (Scale.LETTER, "E"),
        (Scale.AGREEMENT, "maybe"),
        (Scale.YES_NO, "oui"),
    ],
)
def test_it_refuses_answers_outside_the_scale(scale, choice):
    with pytest.raises(ValueError):
        scoring.points_for(scale=scale, max_points=5, choice=choice)


def test_it_weights_the_themes_like_ecoride():
    # 50 / 40 / 10: 80 %, 50 %, 0 % → (0.5 × 80 + 0.4 × 50 + 0.1 × 0) = 60 %.
    themes = [
        scoring.ThemeScore(1, "Management", D("50"), D("16"), D("20")),
        scoring.ThemeScore(2, "Produits", D("40"), D("5"), D("10")),
        scoring.ThemeScore(3, "Engagement", D("10"), D("0"), D("10")),
    ]
    assert [theme.percent for theme in themes] == [D("80.00"), D("50.00"), D("0.00")]
    assert scoring.overall(themes) == D("60.00")


def test_it_scores_equal_themes_out_of_fifty_like_6pl():
    # Five themes of 50 points: 40, 35, 30, 25, 20 → 150 / 250 = 60 %.
    themes = [
        scoring.ThemeScore(i, f"T{i}", D("1"), D(score), D("50"))
        for i, score in enumerate([40, 35, 30, 25, 20])
    ]
    assert scoring.overall(themes) == D("60.00")


def test_it_leaves_themes_without_scored_criteria_out_of_the_mean():
    themes = [
        scoring.ThemeScore(1, "Scored", D("1"), D("3"), D("4")),
        scoring.ThemeScore(2, "Indicators only", D("1"), D("0"), D("0")),
    ]
    assert scoring.overall(themes) == D("75.00")


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (D("0"), "Débutant"),
        (D("39.99"), "Débutant"),
        (D("40"), "Intermédiaire"),
        (D("59.99"), "Intermédiaire"),
        (D("60"), "Confirmé"),
        (D("80"), "Expert"),
        (D("100"), "Expert"),
    ],
)
def test_it_reaches_the_afaq_like_levels_at_their_thresholds(score, level):
    levels = [
        ("Expert", D("80")),
        ("Débutant", D("0")),
        ("Confirmé", D("60")),
        ("Intermédiaire", D("40")),
    ]
    assert scoring.level_for(score, levels) == level


def test_it_reaches_no_level_below_the_lowest_threshold():
    levels = [("Bronze", D("50")), ("Argent", D("65")), ("Or", D("80"))]
    assert scoring.level_for(D("49.99"), levels) == ""
    assert scoring.level_for(D("65"), levels) == "Argent"


def test_it_says_pass_or_fail():
    levels = [("Échec", D("0")), ("Réussite", D("60"))]
    assert scoring.compute([scoring.ThemeScore(1, "T", D("1"), D("3"), D("5"))], levels).level == (
        "Réussite"
    )
    assert scoring.compute([scoring.ThemeScore(1, "T", D("1"), D("2"), D("5"))], levels).level == (
        "Échec"
    )


def test_it_computes_quartiles_like_percentile_cont():
    assert scoring.quartiles([D("10"), D("20"), D("30"), D("40"), D("50")]) == (
        D("20.00"),
        D("30.00"),
        D("40.00"),
    )
    assert scoring.quartiles([D("10"), D("20"), D("30"), D("40")]) == (
        D("17.50"),
        D("25.00"),
        D("32.50"),
    )


def test_it_draws_the_radar_polygon_from_the_percentages():
    # Four axes on a 300 px square, radius 100: up, right, down, left.
    points = scoring.radar_points([D("100"), D("50"), D("0"), D("100")], size=300, radius=100)
    assert points == [(150.0, 50.0), (200.0, 150.0), (150.0, 150.0), (50.0, 150.0)]


def test_it_wraps_labels_at_spaces_without_losing_a_word():
    assert scoring.wrap("Empreinte carbone et performance énergétique", 14) == [
        "Empreinte",
        "carbone et",
        "performance",
        "énergétique",
    ]
    assert scoring.wrap("Gouvernance", 4) == ["Gouvernance"]  # a long word stays whole
    assert scoring.wrap("", 14) == [""]


def test_the_radar_holds_every_label_inside_its_view_box():
    labels = [
        "Questions relatives aux consommateurs",
        "Gouvernance de l'organisation",
        "Communautés et développement local",
    ]
    radar = scoring.radar(labels, [D("50")] * 3, size=360, radius=120)
    left, top, width, height = (float(n) for n in radar["view_box"].split())
    for axis, label in zip(radar["axes"], labels, strict=True):
        assert " ".join(line["text"] for line in axis["lines"]) == label
        longest = max(len(line["text"]) for line in axis["lines"]) * scoring.LABEL_FONT * 0.6
        start = {
            "start": axis["lx"],
            "end": axis["lx"] - longest,
            "middle": axis["lx"] - longest / 2,
        }[axis["anchor"]]
        assert left <= start and start + longest <= left + width
        assert top <= axis["ly"] - scoring.LABEL_FONT
    assert radar["axes"][0]["anchor"] == "middle"  # the first axis points up


def test_the_quartile_strip_places_the_box_the_median_and_the_company():
    strip = scoring.quartile_strip(
        {"q1": D("25"), "median": D("40"), "q3": D("62.5")}, D("80"), width=400
    )
    assert (strip["q1"], strip["median"], strip["q3"], strip["box"], strip["marker"]) == (
        100.0,
        160.0,
        250.0,
        150.0,
        320.0,
    )
    assert [tick["x"] for tick in strip["ticks"]] == [0, 100, 200, 300, 400]


def test_a_theme_without_an_answered_scored_criterion_has_no_score():
    assert not scoring.ThemeScore(1, "T", D("1"), D("0"), D("0")).is_scored
    assert scoring.ThemeScore(1, "T", D("1"), D("0"), D("5")).is_scored  # 0 of 5 is a score


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (D("33.33"), "+33,3\xa0pts", "+33.3\xa0pts"),
        (D("-4"), "\u22124,0\xa0pts", "\u22124.0\xa0pts"),
        (D("55.56"), "+55,6\xa0pts", "+55.6\xa0pts"),  # rounded, not cut
        (D("0"), "0,0\xa0pts", "0.0\xa0pts"),
        (None, "", ""),
    ],
)
def test_a_change_reads_in_points_with_its_sign(value, french, english):
    from django.utils import translation

    from diagnostics.templatetags.diagnostic_tags import points_delta

    with translation.override("fr"):
        assert points_delta(value) == french
    with translation.override("en"):
        assert points_delta(value) == english
