"""Submitted self-assessments were scored with their unanswered criteria counting as 0, and their
snapshot (overall score and level) feeds the benchmarks. They are scored again by today's rule:
only answered criteria score, each theme out of the maximum of its answered criteria."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations
from django.db.models import Sum

CENT = Decimal("0.01")


def _overall(themes):
    """``scoring.overall`` as it stands when this migration is written: a weighted mean of the
    theme percentages, themes without an answered scored criterion left out."""
    scored = [(weight, score, maximum) for weight, score, maximum in themes if maximum]
    total_weight = sum((weight for weight, _score, _maximum in scored), Decimal("0"))
    if not total_weight:
        return Decimal("0.00")
    weighted = sum(
        (weight * score * Decimal("100") / maximum for weight, score, maximum in scored),
        Decimal("0"),
    )
    return (weighted / total_weight).quantize(CENT, rounding=ROUND_HALF_UP)


def rescore(apps, schema_editor):
    Diagnostic = apps.get_model("diagnostics", "Diagnostic")
    Answer = apps.get_model("diagnostics", "Answer")
    Theme = apps.get_model("diagnostics", "Theme")
    Level = apps.get_model("diagnostics", "Level")
    weights, levels = {}, {}
    for diagnostic in Diagnostic.objects.filter(status="submitted").iterator():
        version = diagnostic.version_id
        if version not in weights:
            weights[version] = dict(
                Theme.objects.filter(version_id=version).values_list("pk", "weight")
            )
            levels[version] = list(
                Level.objects.filter(version_id=version)
                .order_by("min_percent")
                .values_list("name", "min_percent")
            )
        sums = {
            row["criterion__theme_id"]: (row["score"], row["maximum"])
            for row in Answer.objects.filter(diagnostic=diagnostic, points__isnull=False)
            .values("criterion__theme_id")
            .annotate(score=Sum("points"), maximum=Sum("criterion__max_points"))
        }
        overall = _overall(
            (weight, *sums.get(theme, (Decimal("0"), Decimal("0"))))
            for theme, weight in weights[version].items()
        )
        level = ""
        for name, threshold in levels[version]:
            if overall >= threshold:
                level = name
        if (diagnostic.overall_percent, diagnostic.level) != (overall, level):
            Diagnostic.objects.filter(pk=diagnostic.pk).update(
                overall_percent=overall, level=level
            )


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0006_answer_not_applicable")]

    operations = [migrations.RunPython(rescore, migrations.RunPython.noop)]
