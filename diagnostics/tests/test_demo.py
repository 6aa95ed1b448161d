"""The demo ships the four example frameworks and a history of self-assessments."""

from django.db.models import Count
from django_scopes import scope

from diagnostics import selectors
from diagnostics.models import Criterion, Diagnostic, Theme


def test_it_seeds_frameworks_and_diagnostics(demo):
    # Seeding twice changes nothing: tests/test_seed_demo.py checks it for every model.
    tenant = demo.tenant
    with scope(tenant=tenant):
        versions = {
            version.framework.name: version
            for version in selectors.published_versions(tenant=tenant)
        }
        assert len(versions) == 4
        sixpl = versions["Référentiel 6PL (logistique)"]
        assert (
            list(
                Theme.objects.filter(version=sixpl)
                .annotate(n=Count("criteria"))
                .values_list("n", flat=True)
            )
            == [10] * 5
        )
        ecoride = versions["Référentiel ECORIDE"]
        assert Criterion.objects.filter(version=ecoride).count() == 45
        assert list(Theme.objects.filter(version=ecoride).values_list("weight", flat=True)) == [
            50,
            40,
            10,
        ]
        survey = versions["Enquête partenaires — 26 indicateurs"]
        assert Criterion.objects.filter(version=survey, scale="agreement").count() == 26
        iso = versions["Grille ISO 26000 (A à D)"]
        assert Theme.objects.filter(version=iso).count() == 7
        submitted = Diagnostic.objects.filter(status=Diagnostic.Status.SUBMITTED)
        twice = submitted.values("company").annotate(n=Count("id")).filter(n__gte=2)
        assert twice.count() >= 3
        assert selectors.benchmark(framework_id=iso.framework_id, tenant=tenant)["count"] >= 5
        recent = submitted.filter(version=iso, campaign__isnull=False)
        assert any(selectors.previous_diagnostic(diagnostic=d) for d in recent)


def test_every_submitted_demo_self_assessment_is_complete(demo):
    # Submitted ones answer every criterion (or mark it not applicable); drafts may be partial.
    with scope(tenant=demo.tenant):
        submitted = list(Diagnostic.objects.filter(status=Diagnostic.Status.SUBMITTED))
        assert submitted
        assert not [d for d in submitted if selectors.missing_criteria(diagnostic=d)]
        drafts = Diagnostic.objects.filter(status=Diagnostic.Status.DRAFT)
        assert any(selectors.missing_criteria(diagnostic=d) for d in drafts)
