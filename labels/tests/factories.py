"""Labels as the seeds describe them, built through the services, and shortcuts that put an
application straight in a status (the moves are what test_workflow exercises)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from labels import services
from labels.models import Application, AuditReport, ScoredPart
from rse_platform.tenants import registry

GRID = 501  # a framework version id: the label's grid, as the fake reader reports it
OTHER_GRID = 502


def enr(tenant, actor, **fields):
    """ENR: dossier and audit /100 by an external body, customer survey /100, granted above 120."""
    return services.create_label(
        tenant=tenant,
        actor=actor,
        name="ENR",
        slug=fields.pop("slug", "enr"),
        body="external",
        framework_version_id=GRID,
        decision="threshold",
        threshold=Decimal("120"),
        validity_months=24,
        parts=[
            {"name": "Dossier et audit", "maximum": "100", "source": "audit"},
            {"name": "Enquête client", "maximum": "100", "source": "customer_survey"},
        ],
        **fields,
    )


def ecoride(tenant, actor, **fields):
    """ECORIDE: a jury scores three themes (50/40/10); Gold ≥ 80, Silver ≥ 60, Bronze ≥ 40."""
    return services.create_label(
        tenant=tenant,
        actor=actor,
        name="ECORIDE",
        slug=fields.pop("slug", "ecoride"),
        body="jury",
        framework_version_id=GRID,
        decision="levels",
        levels=[
            {"name": "Gold", "min": "80"},
            {"name": "Silver", "min": "60"},
            {"name": "Bronze", "min": "40"},
        ],
        parts=[
            {"name": "Management environnemental", "maximum": "50", "source": "jury"},
            {"name": "Éco-conception", "maximum": "40", "source": "jury"},
            {"name": "Engagement", "maximum": "10", "source": "jury"},
        ],
        **fields,
    )


def open_wave(label, actor, name="Vague 1"):
    today = timezone.localdate()
    return services.open_wave(
        label=label,
        name=name,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=25),
        jury_on=today + timedelta(days=40),
        actor=actor,
    )


def put(application, status, **fields):
    """The application straight in ``status``."""
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(status=status, **fields)
        application.refresh_from_db()
    return application


def jury_parts(label):
    return list(ScoredPart.objects.filter(label=label, source="jury"))


def audit_score(application, auditor, score):
    return AuditReport.objects.create(
        tenant=application.tenant,
        application=application,
        auditor=auditor,
        score=Decimal(score),
        report="Entretien d'audit",
    )


class FakeReader:
    """The self-assessments as diagnostics would report them: ``{pk: (company_id, grid)}``."""

    def __init__(self, assessments):
        self.assessments = assessments

    def detail(self, *, company, pk):
        found = self.assessments.get(pk)
        if found is None or found[0] != company.pk:
            return None
        return registry.Assessment(
            pk=pk,
            company_id=company.pk,
            label=f"Grille 6PL — {pk}",
            submitted_at=timezone.now(),
            overall_percent=Decimal("50"),
            version_id=found[1],
        )

    def reader(self):
        return registry.AssessmentReader(
            submitted=lambda *, company: [], detail=self.detail, theme_names=lambda **kw: []
        )
