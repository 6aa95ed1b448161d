"""The seeded labels demo: the three labels, their past waves and the current wave a person
walking the demo meets in every role."""

from collections import Counter

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from labels import demo as labels_demo
from labels import selectors
from labels.models import (
    Application,
    AuditReport,
    Certificate,
    ConflictDeclaration,
    CustomerAnswer,
    Decision,
    Evidence,
    JurorAssignment,
    JuryScore,
    Label,
    Transition,
)
from rse_platform.files.validators import check_upload
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db
S = Application.Status


def _current(tenant, slug):
    """The label's wave open today."""
    label = Label.objects.get(tenant=tenant, slug=slug)
    return next(w for w in label.waves.all() if selectors.wave_status(w) == "open")


def test_it_defines_the_three_labels_on_the_tenants_grids(demo):
    for tenant in (demo.tenant, demo.other_tenant):
        with scope(tenant=tenant):
            grids = {pk for pk, _name in registry.grid_reader().versions(tenant=tenant)}
            labels = {label.slug: label for label in Label.objects.filter(tenant=tenant)}
            assert set(labels) == {"6pl", "enr", "ecoride"}
            assert {label.framework_version_id for label in labels.values()} <= grids
            enr, sixpl, ecoride = labels["enr"], labels["6pl"], labels["ecoride"]
            assert enr.customer_framework_version_id in grids
            assert (enr.threshold, enr.validity_months) == (120, 24)
            assert enr.eligibility_conditions == ["charter_signed"]
            assert sum(part.maximum for part in enr.parts.all()) == 200
            assert sixpl.validity_months == 36 and "52" in sixpl.eligible_naf_prefixes
            assert sixpl.eligible_communes
            assert [level["name"] for level in ecoride.levels] == ["Or", "Argent", "Bronze"]


def test_it_puts_an_application_in_every_status_in_the_current_wave(demo):
    with scope(tenant=demo.tenant):
        wave = _current(demo.tenant, "enr")
        applications = list(wave.applications.select_related("decision"))
        statuses = {application.status for application in applications}
        outcomes = {a.decision.outcome for a in applications if a.status == S.DECIDED}
        evidence = Evidence.objects.filter(application__wave=wave).exclude(file="")
        stored = evidence.first()
        with stored.file.open("rb") as handle:
            kind = check_upload(handle, kinds=["pdf"])
    assert statuses == {
        S.DRAFT,
        S.SUBMITTED,
        S.ELIGIBILITY_CHECKED,
        S.AUDIT,
        S.JURY,
        S.DECIDED,
        S.CERTIFIED,
    }
    assert outcomes == {
        Decision.Outcome.GRANTED,
        Decision.Outcome.REFUSED,
        Decision.Outcome.DEFERRED,
    }
    assert evidence.count() >= len(applications) and kind == "pdf"


def test_it_gives_the_demo_juror_applications_to_score_one_submitted_and_a_conflict(demo):
    juror = demo.person(Role.JURY)
    with scope(tenant=demo.tenant):
        wave = _current(demo.tenant, "enr")
        mine = JurorAssignment.objects.filter(
            juror=juror, application__wave=wave, application__status=S.JURY
        )
        to_score = [a for a in mine if a.submitted_at is None]
        submitted = [a for a in mine if a.submitted_at is not None]
        conflict = ConflictDeclaration.objects.get(wave=wave, juror=juror)
        conflicted = Application.objects.get(wave=wave, company=conflict.company)
        side_by_side = selectors.side_by_side(application=submitted[0].application)
        assert not conflicted.assignments.filter(juror=juror).exists()
        assert not permissions.has_grant(juror, "labels.score", conflicted)
        assert conflicted.assignments.filter(submitted_at__isnull=False).exists()
        assert all(permissions.has_grant(juror, "labels.score", a.application) for a in mine)
    assert len(to_score) >= 2 and len(submitted) == 1
    assert conflicted.status == S.JURY
    assert len(side_by_side[0].scores) == 3 and len(side_by_side[0].outliers) == 1


def test_it_records_the_demo_auditors_audits_and_leaves_one_to_do(demo):
    auditor = demo.person(Role.AUDITOR)
    with scope(tenant=demo.tenant):
        wave = _current(demo.tenant, "enr")
        done = AuditReport.objects.filter(application__wave=wave, auditor=auditor)
        waiting = Application.objects.get(wave=wave, status=S.AUDIT)
        assert done.count() >= 5
        assert waiting.auditor == auditor and not hasattr(waiting, "audit_report")
        assert permissions.has_grant(auditor, "labels.audit", waiting)


def test_it_shows_customer_surveys_partly_answered_and_scored_on_the_grid(demo):
    with scope(tenant=demo.tenant):
        wave = _current(demo.tenant, "enr")
        summaries = [
            selectors.survey_summary(application=application)
            for application in wave.applications.all()
        ]
        answer = CustomerAnswer.objects.filter(invitation__application__wave=wave).first()
        rescored = registry.grid_reader().score(
            tenant=demo.tenant,
            version_id=wave.label.customer_framework_version_id,
            answers=answer.answers,
        )
    partial = [s for s in summaries if s["invited"] and 0 < s["rate"] < 100]
    assert len(partial) >= len(summaries) - 1
    assert answer.score == rescored


def test_it_leaves_valid_expired_and_withdrawn_certificates(demo):
    for tenant in (demo.tenant, demo.other_tenant):
        with scope(tenant=tenant):
            states = Counter(
                selectors.certificate_state(certificate)
                for certificate in Certificate.objects.filter(tenant=tenant)
            )
            counts = selectors.labelled_counts(tenant=tenant)
            renewed = Application.objects.filter(tenant=tenant, status=S.RENEWED).count()
        assert states["valid"] > states["expired"] >= 1 and states["withdrawn"] == 1
        assert renewed >= 1
        assert {level for label, level, _n in counts if label == "ECORIDE"} == {
            "Or",
            "Argent",
            "Bronze",
        }
    with scope(tenant=demo.tenant):
        counts = selectors.labelled_counts(tenant=demo.tenant)
    assert ("ENR", "", 12) in counts  # "12 entreprises labellisées ENR"


def test_it_writes_its_history_in_the_past_without_sending_anything(demo):
    tenants = [demo.tenant, demo.other_tenant]
    with scopes_disabled():
        transitions = Transition.objects.filter(tenant__in=tenants)
        latest = max(transitions.values_list("at", flat=True))
        on_paper = set(
            transitions.filter(reason=labels_demo.PAPER).values_list(
                "application__wave__closes_on", flat=True
            )
        )
        mails = OutgoingMail.objects.filter(template__startswith="labels/").count()
    assert transitions.count() > 100 and latest < timezone.now()
    assert on_paper and max(on_paper) < timezone.localdate()  # only past waves were on paper
    assert mails == 0


def test_it_keeps_every_row_in_its_tenant(demo):
    tenants = [demo.tenant, demo.other_tenant]
    with scopes_disabled():
        for application in Application.objects.filter(tenant__in=tenants).select_related(
            "wave__label", "company"
        ):
            assert (
                application.wave.tenant_id
                == application.wave.label.tenant_id
                == application.company.tenant_id
                == application.tenant_id
            )
        for model in (Transition, Evidence, AuditReport, Decision, Certificate, JurorAssignment):
            rows = model.objects.filter(tenant__in=tenants).select_related("application")
            assert all(row.tenant_id == row.application.tenant_id for row in rows), model
        for assignment in JurorAssignment.objects.filter(tenant__in=tenants):
            assert assignment.juror.memberships.filter(
                tenant_id=assignment.tenant_id, role=Role.JURY
            ).exists()
        for score in JuryScore.objects.filter(tenant__in=tenants).select_related(
            "assignment", "part"
        ):
            assert score.tenant_id == score.assignment.tenant_id == score.part.tenant_id
        for answer in CustomerAnswer.objects.filter(tenant__in=tenants).select_related(
            "invitation"
        ):
            assert answer.tenant_id == answer.invitation.tenant_id


def test_it_changes_nothing_when_seeded_again(demo):
    people = {role: demo.person(role) for role in Role}  # the five demo accounts
    with scope(tenant=demo.tenant):
        before = Application.objects.filter(tenant=demo.tenant).count()
        labels_demo.seed_tenant(tenant=demo.tenant, people=people)
        assert Application.objects.filter(tenant=demo.tenant).count() == before
