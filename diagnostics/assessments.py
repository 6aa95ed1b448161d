"""The company's submitted self-assessments as the action plans read them (``registry.Assessment``).

The action plans app may not import this one: it asks the core registry, which holds the reader
set here. Callers pass a company they already checked the person may see.
"""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from rse_platform.tenants import registry

from . import scoring, selectors
from .models import Answer, Diagnostic, FrameworkVersion, Theme

WEAK_CRITERIA = 10  # the weakest criteria offered as actions on a plan built from an assessment


def _label(diagnostic):
    return _("%(grid)s — %(date)s, %(percent)s %%") % {
        "grid": f"{diagnostic.version.framework.name} (v{diagnostic.version.number})",
        "date": formats.date_format(diagnostic.submitted_at, "SHORT_DATE_FORMAT"),
        "percent": formats.number_format(diagnostic.overall_percent, 1),
    }


def _summary(diagnostic, **parts):
    return registry.Assessment(
        pk=diagnostic.pk,
        company_id=diagnostic.company_id,
        label=_label(diagnostic),
        submitted_at=diagnostic.submitted_at,
        overall_percent=diagnostic.overall_percent,
        url_name="diagnostic_results",
        version_id=diagnostic.version_id,
        **parts,
    )


def _submitted(company):
    return Diagnostic.objects.filter(
        company=company, status=Diagnostic.Status.SUBMITTED
    ).select_related("version__framework")


def submitted(*, company):
    """The company's submitted self-assessments, newest first, in one query."""
    return [_summary(diagnostic) for diagnostic in _submitted(company).order_by("-submitted_at")]


def detail(*, company, pk):
    """One submitted self-assessment of the company with its theme scores, its weakest
    criteria and the figures it gave, in five queries; None when it is not the company's."""
    diagnostic = _submitted(company).filter(pk=pk).first()
    if diagnostic is None:
        return None
    result = selectors.diagnostic_result(diagnostic=diagnostic)
    weakest, _strengths = selectors.weakest_criteria(diagnostic=diagnostic, limit=WEAK_CRITERIA)
    return _summary(
        diagnostic,
        themes=tuple(
            registry.AssessmentTheme(
                name=theme.title, percent=theme.percent if theme.maximum > 0 else None
            )
            for theme in result.themes
        ),
        weak_criteria=tuple(
            registry.AssessmentCriterion(
                pk=row["criterion"].pk,
                theme=row["criterion"].theme.title,
                title=row["criterion"].title,
                guidance=row["criterion"].guidance,
                percent=scoring.percent(row["points"], row["criterion"].max_points),
            )
            for row in weakest
        ),
        indicators=tuple(
            registry.AssessmentIndicator(
                pk=answer.criterion.pk,
                theme=answer.criterion.theme.title,
                title=answer.criterion.title,
                unit=answer.criterion.unit,
                value=answer.number,
            )
            for answer in selectors.indicators(diagnostic=diagnostic)
            if answer.number is not None
        ),
    )


def theme_names(*, tenant):
    """The themes of the tenant's published grids, each name once, in the grids' order."""
    names = (
        Theme.objects.filter(tenant=tenant, version__status=FrameworkVersion.Status.PUBLISHED)
        .order_by("version__framework__name", "order", "id")
        .values_list("title", flat=True)
    )
    return list(dict.fromkeys(names))


def room_to_improve(*, tenant):
    """Where the tenant's companies have the most room to improve, from each company's latest
    submitted self-assessment on each grid: ``(themes, criteria)`` as ``registry.ImprovementArea``
    tuples, the most room first, in two aggregate queries.

    A company's room on a criterion is the share of its points it missed; on a theme, the share
    of the theme's points (over the criteria it answered) it missed. The rooms of the companies
    add up, so a gap many companies share ranks first. Unanswered, not applicable and unscored
    criteria count for nothing; criteria of two versions of a grid with the same theme and title
    are one."""
    later = Diagnostic.objects.filter(
        company=OuterRef("company"),
        version__framework=OuterRef("version__framework"),
        status=Diagnostic.Status.SUBMITTED,
    ).filter(
        Q(submitted_at__gt=OuterRef("submitted_at"))
        | Q(submitted_at=OuterRef("submitted_at"), pk__gt=OuterRef("pk"))
    )
    latest = Diagnostic.objects.filter(tenant=tenant, status=Diagnostic.Status.SUBMITTED).exclude(
        Exists(later)
    )
    answers = Answer.objects.filter(
        tenant=tenant, diagnostic__in=latest, points__isnull=False, criterion__max_points__gt=0
    )
    criteria = {}
    for row in answers.values(
        "criterion_id", "criterion__theme__title", "criterion__title", "criterion__max_points"
    ).annotate(answers=Count("id"), points=Sum("points")):
        maximum = row["criterion__max_points"]
        key = (row["criterion__theme__title"], row["criterion__title"])
        area = criteria.setdefault(key, [0, Decimal("0"), row["criterion_id"]])
        area[0] += row["answers"]
        area[1] += (row["answers"] * maximum - row["points"]) / maximum
    themes = {}
    for row in answers.values("criterion__theme__title", "diagnostic_id").annotate(
        points=Sum("points"), maximum=Sum("criterion__max_points")
    ):
        area = themes.setdefault(row["criterion__theme__title"], [0, Decimal("0")])
        area[0] += 1
        area[1] += (row["maximum"] - row["points"]) / row["maximum"]

    def improvement(theme, title, companies, room, criterion_pk=None):
        return registry.ImprovementArea(
            theme=theme,
            title=title,
            companies=companies,
            room=scoring.quantize(room),
            percent=scoring.quantize(scoring.HUNDRED * (1 - room / companies)),
            criterion_pk=criterion_pk,
        )

    def most_room(area):
        return (-area.room, area.theme, area.title)

    return (
        tuple(
            sorted(
                (improvement(name, name, count, room) for name, (count, room) in themes.items()),
                key=most_room,
            )
        ),
        tuple(
            sorted(
                (
                    improvement(theme, title, count, room, pk)
                    for (theme, title), (count, room, pk) in criteria.items()
                ),
                key=most_room,
            )
        ),
    )


READER = registry.AssessmentReader(
    submitted=submitted,
    detail=detail,
    theme_names=theme_names,
    room_to_improve=room_to_improve,
)
