from decimal import Decimal

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from diagnostics import scoring
from diagnostics.models import (
    Answer,
    Criterion,
    Diagnostic,
    Framework,
    FrameworkVersion,
    Level,
    Scale,
    Theme,
)
from tests.factories import CompanyFactory, ScopedFactory, TenantFactory


class FrameworkFactory(ScopedFactory):
    class Meta:
        model = Framework

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Référentiel {n}")


class VersionFactory(ScopedFactory):
    class Meta:
        model = FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    tenant = factory.SelfAttribute("framework.tenant")
    number = 1
    status = FrameworkVersion.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ThemeFactory(ScopedFactory):
    class Meta:
        model = Theme

    version = factory.SubFactory(VersionFactory)
    tenant = factory.SelfAttribute("version.tenant")
    title = factory.Sequence(lambda n: f"Thème {n}")
    order = factory.Sequence(lambda n: n)


class CriterionFactory(ScopedFactory):
    class Meta:
        model = Criterion

    theme = factory.SubFactory(ThemeFactory)
    version = factory.SelfAttribute("theme.version")
    tenant = factory.SelfAttribute("theme.tenant")
    title = factory.Sequence(lambda n: f"Critère {n}")
    order = factory.Sequence(lambda n: n)
    scale = Scale.POINTS
    max_points = Decimal("5")


class LevelFactory(ScopedFactory):
    class Meta:
        model = Level

    version = factory.SubFactory(VersionFactory)
    tenant = factory.SelfAttribute("version.tenant")
    name = "Bronze"
    min_percent = Decimal("50")


class DiagnosticFactory(ScopedFactory):
    class Meta:
        model = Diagnostic

    company = factory.SubFactory(CompanyFactory)
    tenant = factory.SelfAttribute("company.tenant")
    version = factory.SubFactory(
        VersionFactory, framework__tenant=factory.SelfAttribute("...tenant")
    )


def grid(tenant, *, themes=((1, 3),), scale=Scale.POINTS, max_points=5, levels=(), name=None):
    """A published version: ``themes`` is a list of (weight, number of criteria)."""
    version = VersionFactory(
        framework=FrameworkFactory(tenant=tenant, **({"name": name} if name else {}))
    )
    for weight, count in themes:
        theme = ThemeFactory(version=version, weight=Decimal(weight))
        for _ in range(count):
            CriterionFactory(theme=theme, scale=scale, max_points=Decimal(max_points))
    for level_name, threshold in levels:
        LevelFactory(version=version, name=level_name, min_percent=Decimal(threshold))
    return version


def answered(company, version, choices, *, submitted_at=None, **fields):
    """A diagnostic of ``company`` with one choice per criterion, in criterion order."""
    with scopes_disabled():
        criteria = list(
            Criterion.objects.filter(version=version).order_by("theme__order", "order", "id")
        )
        diagnostic = DiagnosticFactory(
            company=company,
            version=version,
            status=Diagnostic.Status.SUBMITTED if submitted_at else Diagnostic.Status.DRAFT,
            submitted_at=submitted_at,
            **fields,
        )
        Answer.objects.bulk_create(
            Answer(
                tenant=company.tenant,
                diagnostic=diagnostic,
                criterion=criterion,
                choice=str(choice),
                points=scoring.points_for(
                    scale=criterion.scale, max_points=criterion.max_points, choice=str(choice)
                ),
            )
            for criterion, choice in zip(criteria, choices, strict=False)
        )
    return diagnostic


BEST_CHOICE = {
    Scale.LETTER: "A",
    Scale.AGREEMENT: "strongly_agree",
    Scale.YES_NO: "yes",
}


def answer_all(diagnostic, *, not_applicable=()):
    """Complete ``diagnostic``: every criterion still open gets the scale's best answer (a
    number for an indicator), except those of ``not_applicable``, marked so. Returns it."""
    with scopes_disabled():
        done = set(
            Answer.objects.filter(diagnostic=diagnostic)
            .exclude(choice="", number__isnull=True, not_applicable=False)
            .values_list("criterion_id", flat=True)
        )
        skipped = {criterion.pk for criterion in not_applicable}
        for criterion in Criterion.objects.filter(version_id=diagnostic.version_id):
            if criterion.pk in done:
                continue
            if criterion.pk in skipped:
                fields = {"not_applicable": True, "choice": "", "points": None, "number": None}
            elif criterion.scale == Scale.NUMBER:
                fields = {"number": Decimal("1"), "not_applicable": False}
            else:
                choice = BEST_CHOICE.get(criterion.scale, str(int(criterion.max_points)))
                fields = {
                    "choice": choice,
                    "not_applicable": False,
                    "points": scoring.points_for(
                        scale=criterion.scale, max_points=criterion.max_points, choice=choice
                    ),
                }
            Answer.objects.update_or_create(
                diagnostic=diagnostic,
                criterion=criterion,
                defaults={"tenant": diagnostic.tenant, **fields},
            )
    return diagnostic
