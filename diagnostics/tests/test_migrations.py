"""The migration to random evidence names and to the core's generated documents keeps every
evidence file (under a random name, with the name it was uploaded with) and removes the old
reports, whose names could be enumerated; submitted scores are recomputed without blanks."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_scopes import scopes_disabled

from diagnostics.models import Answer
from tests.factories import CompanyFactory, TenantFactory

from .factories import DiagnosticFactory, answered, grid

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("diagnostics", "0002_company_moved_to_companies")]
PDF = b"%PDF-1.4\n% preuve\n%%EOF\n"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_it_moves_evidence_to_random_names_and_drops_old_reports():
    tenant = TenantFactory(slug="migration-test")
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with scopes_disabled():
        criterion = version.criteria.get()
    old_apps = _migrate(BEFORE)
    try:
        old_evidence = f"diagnostics/{tenant.pk}/{diagnostic.pk}/Politique achats 2024.pdf"
        old_report = f"diagnostics/{tenant.pk}/reports/diagnostic-{diagnostic.pk}-1.pdf"
        default_storage.save(old_evidence, ContentFile(PDF))
        default_storage.save(old_report, ContentFile(PDF))
        old_apps.get_model("diagnostics", "Answer").objects.create(
            tenant_id=tenant.pk,
            diagnostic_id=diagnostic.pk,
            criterion_id=criterion.pk,
            choice="3",
            evidence=old_evidence,
        )
        old_apps.get_model("diagnostics", "Report").objects.create(
            tenant_id=tenant.pk, diagnostic_id=diagnostic.pk, status="ready", file=old_report
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    with scopes_disabled():
        answer = Answer.objects.get(diagnostic=diagnostic)
    assert answer.evidence_name == "Politique achats 2024.pdf"
    assert answer.evidence.name.startswith("diagnostics/evidence/")
    assert "Politique" not in answer.evidence.name
    assert answer.evidence.read() == PDF
    assert not default_storage.exists(old_evidence)
    assert not default_storage.exists(old_report)
    assert "diagnostics_report" not in connection.introspection.table_names()


def test_it_rescores_submitted_diagnostics_without_their_blanks():
    # Submitted with 1 of 2 criteria answered (5 of 5): 50 % and no level by the old rule,
    # 100 % and "Or" by today's; a complete one keeps its score.
    tenant = TenantFactory(slug="rescore-test")
    version = grid(tenant, themes=[(1, 2)], levels=[("Bronze", 60), ("Or", 80)])
    now = timezone.now()
    partial = answered(
        CompanyFactory(tenant=tenant), version, [5], submitted_at=now, overall_percent=50
    )
    complete = answered(
        CompanyFactory(tenant=tenant),
        version,
        [5, 2],
        submitted_at=now,
        overall_percent=Decimal("70"),
        level="Bronze",
    )
    draft = answered(CompanyFactory(tenant=tenant), version, [1])
    _migrate([("diagnostics", "0006_answer_not_applicable")])
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    with scopes_disabled():
        for diagnostic in (partial, complete, draft):
            diagnostic.refresh_from_db()
    assert (partial.overall_percent, partial.level) == (Decimal("100.00"), "Or")
    assert (complete.overall_percent, complete.level) == (Decimal("70.00"), "Bronze")
    assert draft.overall_percent is None
