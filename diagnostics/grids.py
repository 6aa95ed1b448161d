"""The tenant's grids as other apps read them (``registry.GridReader``): the labels app puts a
grid's criteria in front of a customer who has no account and scores the answers with the same
rules as a self-assessment. The other app never imports this one."""

from decimal import Decimal

from rse_platform.tenants import registry

from . import scoring
from .models import Criterion, FrameworkVersion, Scale


def _published(tenant):
    return FrameworkVersion.objects.filter(
        tenant=tenant, status=FrameworkVersion.Status.PUBLISHED
    ).select_related("framework")


def _name(version):
    return f"{version.framework.name} (v{version.number})"


def versions(*, tenant):
    """Published grid versions, by grid name then newest version first: one query."""
    rows = _published(tenant).order_by("framework__name", "-number")
    return [(version.pk, _name(version)) for version in rows]


def name(*, tenant, version_id):
    version = (
        FrameworkVersion.objects.filter(tenant=tenant, pk=version_id)
        .select_related("framework")
        .first()
    )
    return _name(version) if version else ""


def _criteria(tenant, version_id):
    return (
        Criterion.objects.filter(tenant=tenant, version_id=version_id)
        .exclude(scale=Scale.NUMBER)
        .select_related("theme")
    )


def questions(*, tenant, version_id):
    """The scored criteria of a version in the grid's order: one query."""
    return tuple(
        registry.GridQuestion(
            pk=criterion.pk,
            theme=criterion.theme.title,
            title=criterion.title,
            guidance=criterion.guidance,
            choices=tuple(
                (value, str(label))
                for value, label in scoring.choices_for(criterion.scale, criterion.max_points)
            ),
        )
        for criterion in _criteria(tenant, version_id)
    )


def score(*, tenant, version_id, answers):
    """Points obtained over the points of the criteria, as a percent: every scored criterion
    must be answered with a value its scale offers (``ValueError`` names the first that is not)."""
    answers = {str(key): value for key, value in answers.items()}
    obtained = maximum = Decimal("0")
    for criterion in _criteria(tenant, version_id):
        choice = answers.get(str(criterion.pk), "")
        try:
            points = scoring.points_for(
                scale=criterion.scale, max_points=criterion.max_points, choice=choice
            )
        except ValueError:
            raise ValueError(criterion.title) from None
        obtained += points
        maximum += Decimal(criterion.max_points)
    return scoring.percent(obtained, maximum)


READER = registry.GridReader(versions=versions, name=name, questions=questions, score=score)
