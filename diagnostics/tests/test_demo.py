"""The demo ships the four example frameworks and a history of self-assessments."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django_scopes import scope, scopes_disabled

from diagnostics import selectors
from diagnostics.models import Criterion, Diagnostic, FrameworkVersion, Theme
from rse_platform.tenants.models import Tenant

pytestmark = pytest.mark.django_db


def test_it_seeds_frameworks_and_diagnostics_idempotently():
    call_command("seed_demo", password="Demo-password-2026")
    with scopes_disabled():
        first = (FrameworkVersion.objects.count(), Diagnostic.objects.count())
    call_command("seed_demo", password="Demo-password-2026")
    with scopes_disabled():
        assert (FrameworkVersion.objects.count(), Diagnostic.objects.count()) == first
    tenant = Tenant.objects.get(slug="pevele-carembault")
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
