"""The independent jury: suggested spread, conflicts, blind scoring, stale saves, amendments,
decisions that are never edited, and the customer survey's anonymity."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from labels import selectors, services
from labels.models import Application, Decision, JurorAssignment, JuryScore, ScoreAmendment
from labels.tests import factories
from rse_platform.tenants import permissions
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def wave(tenant, manager, ecoride, in_scope):
    with in_scope(tenant):
        return factories.open_wave(ecoride, manager)


@pytest.fixture
def application(tenant, manager, company, wave, in_scope):
    with in_scope(tenant):
        application = services.start_application(wave=wave, company=company, actor=manager)
    return factories.put(application, S.JURY)


def _score_all(assignment, values, juror, submit=True):
    parts = factories.jury_parts(assignment.application.wave.label)
    for part, value in zip(parts, values, strict=True):
        services.save_score(assignment=assignment, part=part, value=Decimal(value), actor=juror)
    if submit:
        services.submit_scores(assignment=assignment, actor=juror)


def test_it_suggests_a_balanced_deterministic_spread_avoiding_conflicts(
    tenant, manager, wave, jurors, in_scope
):
    with in_scope(tenant):
        companies = [CompanyFactory(tenant=tenant) for _ in range(5)]
        applications = [
            factories.put(
                services.start_application(wave=wave, company=company, actor=manager), S.JURY
            )
            for company in companies
        ]
        services.declare_conflict(wave=wave, juror=jurors[0], company=companies[0], actor=jurors[0])
        first = services.suggest_assignment(wave=wave, jurors=jurors, per_application=2)
        again = services.suggest_assignment(
            wave=wave, jurors=list(reversed(jurors)), per_application=2
        )
    assert first == again
    assert all(len(chosen) == 2 for chosen in first.values())
    assert jurors[0].pk not in first[applications[0].pk]
    loads = [sum(juror.pk in chosen for chosen in first.values()) for juror in jurors]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 10


def test_assigning_grants_scoring_and_a_conflict_removes_it(
    tenant, manager, company, wave, application, jurors, in_scope
):
    juror = jurors[0]
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=[juror], actor=manager
        )
        assert permissions.has_grant(juror, "labels.score", application)
        services.save_score(
            assignment=assignment,
            part=factories.jury_parts(application.wave.label)[0],
            value=Decimal("30"),
            actor=juror,
        )
        services.declare_conflict(
            wave=wave, juror=juror, company=company, actor=juror, note="Client"
        )
        assert not JurorAssignment.objects.filter(pk=assignment.pk).exists()
        assert not JuryScore.objects.filter(assignment_id=assignment.pk).exists()
        assert not permissions.has_grant(juror, "labels.score", application)
        with pytest.raises(ValidationError) as refused:
            services.assign_jurors(application=application, jurors=[juror], actor=manager)
    assert refused.value.code == "conflict"


def test_a_confirmation_of_conflicts_covers_the_assignments_made_until_then(
    tenant, manager, wave, application, jurors, in_scope
):
    juror = jurors[0]
    with in_scope(tenant):
        services.assign_jurors(application=application, jurors=[juror], actor=manager)
        assert selectors.conflict_checks(tenant=tenant, juror=juror) == {wave.pk: False}
        services.confirm_conflicts(wave=wave, juror=juror, actor=juror)
        assert selectors.conflict_checks(tenant=tenant, juror=juror) == {wave.pk: True}
        later = Application.objects.create(
            tenant=tenant, wave=wave, company=CompanyFactory(tenant=tenant), status="jury"
        )
        services.assign_jurors(application=later, jurors=[juror], actor=manager)
        assert selectors.conflict_checks(tenant=tenant, juror=juror) == {wave.pk: False}
        assert selectors.conflict_checks(tenant=tenant, juror=jurors[1]) == {}


def test_a_conflict_after_submission_keeps_the_history_but_hides_and_discounts(
    tenant, manager, company, wave, application, jurors, in_scope
):
    with in_scope(tenant):
        first, second = services.assign_jurors(
            application=application, jurors=jurors[:2], actor=manager
        )
        _score_all(first, ["40", "30", "10"], jurors[0])
        _score_all(second, ["20", "20", "5"], jurors[1])
        services.declare_conflict(wave=wave, juror=jurors[0], company=company, actor=jurors[0])
        assert selectors.scores_visible_to(juror=jurors[0], application=application) == []
        side = selectors.side_by_side(application=application)
        assert JurorAssignment.objects.get(pk=first.pk).conflict_at is not None
    assert [[score.assignment.juror for score in row.scores] for row in side] == [[jurors[1]]] * 3


def test_a_juror_sees_the_others_scores_only_after_submitting_their_own(
    tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        mine, theirs = services.assign_jurors(
            application=application, jurors=jurors[:2], actor=manager
        )
        _score_all(theirs, ["45", "35", "8"], jurors[1])
        _score_all(mine, ["40", "30", "10"], jurors[0], submit=False)
        before = selectors.scores_visible_to(juror=jurors[0], application=application)
        services.submit_scores(assignment=mine, actor=jurors[0])
        after = selectors.scores_visible_to(juror=jurors[0], application=application)
    assert before == []
    assert {score.assignment.juror for score in after} == {jurors[0], jurors[1]}
    assert len(after) == 6


def test_submitting_needs_every_part(tenant, manager, application, jurors, in_scope):
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=jurors[:1], actor=manager
        )
        services.save_score(
            assignment=assignment,
            part=factories.jury_parts(application.wave.label)[0],
            value=Decimal("30"),
            actor=jurors[0],
        )
        with pytest.raises(ValidationError) as refused:
            services.submit_scores(assignment=assignment, actor=jurors[0])
    assert refused.value.code == "incomplete"


def test_a_stale_save_is_refused_and_overwrites_nothing(
    tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=jurors[:1], actor=manager
        )
        part = factories.jury_parts(application.wave.label)[0]
        score = services.save_score(
            assignment=assignment, part=part, value=Decimal("30"), actor=jurors[0]
        )
        # Tab A saves over version 1; tab B, opened on version 1 too, is refused.
        services.save_score(
            assignment=assignment,
            part=part,
            value=Decimal("35"),
            actor=jurors[0],
            expected_version=score.version,
        )
        with pytest.raises(ValidationError) as stale:
            services.save_score(
                assignment=assignment,
                part=part,
                value=Decimal("10"),
                actor=jurors[0],
                expected_version=score.version,
            )
        with pytest.raises(ValidationError) as first_again:
            services.save_score(
                assignment=assignment, part=part, value=Decimal("5"), actor=jurors[0]
            )
        score.refresh_from_db()
    assert stale.value.code == first_again.value.code == "stale"
    assert (score.value, score.version) == (Decimal("35"), 2)


def test_a_score_stays_within_its_part(tenant, manager, application, jurors, in_scope):
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=jurors[:1], actor=manager
        )
        part = factories.jury_parts(application.wave.label)[2]  # /10
        with pytest.raises(ValidationError) as refused:
            services.save_score(
                assignment=assignment, part=part, value=Decimal("11"), actor=jurors[0]
            )
    assert refused.value.code == "range"


def test_an_amendment_needs_a_reason_and_keeps_the_history(
    tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=jurors[:1], actor=manager
        )
        _score_all(assignment, ["40", "30", "10"], jurors[0])
        score = JuryScore.objects.get(assignment=assignment, value=Decimal("40"))
        with pytest.raises(ValidationError) as refused:
            services.amend_score(score=score, value=Decimal("45"), reason=" ", actor=jurors[0])
        services.amend_score(score=score, value=Decimal("45"), reason="Relu", actor=jurors[0])
        history = list(
            ScoreAmendment.objects.filter(score=score).values_list(
                "previous_value", "new_value", "reason"
            )
        )
        score.refresh_from_db()
    assert refused.value.code == "reason"
    assert history == [(Decimal("40"), Decimal("45"), "Relu")]
    assert score.value == Decimal("45")


def test_the_decision_is_computed_and_a_correction_is_a_new_row(
    tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        one, two = services.assign_jurors(application=application, jurors=jurors[:2], actor=manager)
        _score_all(one, ["40", "30", "10"], jurors[0])  # 80
        _score_all(two, ["38", "30", "8"], jurors[1])  # 76
        first = services.decide(application=application, actor=manager, rationale="Délibéré")
        # means 39 + 30 + 9 = 78: Silver (Gold from 80)
        assert (first.outcome, first.level, first.total) == ("granted", "Silver", Decimal("78"))
        with pytest.raises(ValidationError) as no_reason:
            services.decide(application=application, actor=manager, rationale="Revu")
        second = services.decide(
            application=application,
            actor=manager,
            rationale="Revu",
            defer=True,
            reason="Pièce manquante",
        )
        first.refresh_from_db()
        application.refresh_from_db()
        transitions = list(application.transitions.values_list("from_status", "to_status"))
        decisions = Decision.objects.filter(application=application).count()
    assert no_reason.value.code == "reason"
    assert (first.outcome, first.level, first.rationale) == ("granted", "Silver", "Délibéré")
    assert second.supersedes == first and application.decision == second
    assert transitions == [("jury", "decided"), ("decided", "decided")]
    assert decisions == 2


def test_enr_is_decided_from_the_audit_and_the_survey(
    tenant, manager, company, enr, jurors, in_scope
):
    """ENR: audit 65 + survey mean 60 = 125 > 120, granted; 60 + 60 = 120, refused."""
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
        application = factories.put(
            services.start_application(wave=wave, company=company, actor=manager), S.DRAFT
        )
        invitations = services.invite_customers(
            application=application, emails=["a@client.fr", "b@client.fr"], actor=manager
        )
        for invitation, score in zip(invitations, ["50", "70"], strict=True):
            services.record_customer_answer(
                tenant=tenant, token=invitation.token, answers={"q1": 4}, score=score
            )
        factories.put(application, S.JURY)
        report = factories.audit_score(application, jurors[0], "65")
        granted = services.decide(application=application, actor=manager, rationale="Audit")
        report.score = Decimal("60")
        report.save()
        refused = services.decide(
            application=application, actor=manager, rationale="Audit", reason="Erreur de saisie"
        )
    assert (granted.outcome, granted.total) == ("granted", Decimal("125"))
    assert (refused.outcome, refused.total) == ("refused", Decimal("120"))


def test_the_customer_survey_is_anonymous(tenant, manager, application, in_scope):
    with in_scope(tenant):
        with pytest.raises(ValidationError) as bad:
            services.invite_customers(
                application=application, emails=["ok@client.fr", "pas une adresse"], actor=manager
            )
        assert not application.customer_invitations.exists()
        invitations = services.invite_customers(
            application=application,
            emails=["A@client.fr", "a@client.fr ", "b@client.fr", "c@client.fr", "d@client.fr"],
            actor=manager,
        )
        services.record_customer_answer(
            tenant=tenant, token=invitations[0].token, answers={"q": 1}, score="80"
        )
        with pytest.raises(ValidationError) as twice:
            services.record_customer_answer(
                tenant=tenant, token=invitations[0].token, answers={"q": 1}, score="10"
            )
        summary = selectors.survey_summary(application=application)
    assert bad.value.code == "email" and twice.value.code == "answered"
    assert len(invitations) == 4
    assert summary == {
        "invited": 4,
        "answered": 1,
        "rate": Decimal("25.00"),
        "mean": Decimal("80.00"),
        "mean_shown": False,  # one answer: its mean is that customer's score
        "min_answers": 3,
    }  # nobody named, no single answer


def test_the_audit_is_recorded_once_by_its_auditor_within_the_maximum(
    tenant, manager, company, enr, jurors, auditor, in_scope
):
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
        application = services.start_application(wave=wave, company=company, actor=manager)
        factories.put(application, S.AUDIT)
        with pytest.raises(ValidationError) as not_an_auditor:
            services.assign_auditor(application=application, auditor=jurors[3], actor=manager)
        assert not_an_auditor.value.code == "role"
        services.assign_auditor(application=application, auditor=auditor, actor=manager)
        assert permissions.has_grant(auditor, "labels.audit", application)
        with pytest.raises(ValidationError) as too_high:
            services.record_audit(
                application=application, auditor=auditor, score="101", report="R", actor=auditor
            )
        with pytest.raises(ValidationError) as not_theirs:
            services.record_audit(
                application=application, auditor=jurors[0], score="60", report="R", actor=jurors[0]
            )
        services.record_audit(
            application=application, auditor=auditor, score="60", report="R", actor=auditor
        )
    assert too_high.value.code == "range" and not_theirs.value.code == "auditor"


def test_only_the_jury_is_assigned_to_score(tenant, manager, company, enr, auditor, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
        application = services.start_application(wave=wave, company=company, actor=manager)
        with pytest.raises(ValidationError) as refused:
            services.assign_jurors(application=application, jurors=[auditor], actor=manager)
        assert refused.value.code == "role"
        assert not application.assignments.exists()
        assert not permissions.has_grant(auditor, "labels.score", application)
