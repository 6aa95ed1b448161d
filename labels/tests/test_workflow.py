"""Label definitions, eligibility, applications and the status workflow with its history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from labels import selectors, services
from labels.models import Application, Evidence, Transition
from labels.tests import factories
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants.models import AuditEntry
from tests.conftest import PDF

pytestmark = pytest.mark.django_db
S = Application.Status


# --- Label definitions --------------------------------------------------------------------------


def test_it_creates_a_label_with_its_parts(tenant, manager, enr, in_scope):
    with in_scope(tenant):
        assert [(p.name, p.maximum, p.source) for p in enr.parts.all()] == [
            ("Dossier et audit", Decimal("100"), "audit"),
            ("Enquête client", Decimal("100"), "customer_survey"),
        ]
        assert AuditEntry.objects.filter(tenant=tenant, action="label.created").count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"threshold": Decimal("-1")}, "negative"),
        ({"threshold": Decimal("200")}, "below the highest"),
        ({"parts": [{"name": "Audit", "maximum": "0", "source": "audit"}]}, "above 0"),
    ],
)
def test_it_refuses_a_threshold_label_that_cannot_work(tenant, manager, in_scope, changes, message):
    definition = {
        "threshold": Decimal("10"),
        "parts": [{"name": "Audit", "maximum": "100", "source": "audit"}],
        **changes,
    }
    with in_scope(tenant), pytest.raises(ValidationError, match=message):
        services.create_label(
            tenant=tenant,
            actor=manager,
            name="X",
            slug="x",
            body="external",
            framework_version_id=1,
            decision="threshold",
            **definition,
        )


def test_it_refuses_levels_out_of_order(tenant, manager, in_scope):
    with in_scope(tenant), pytest.raises(ValidationError, match="highest to the lowest"):
        services.create_label(
            tenant=tenant,
            actor=manager,
            name="X",
            slug="x",
            body="jury",
            framework_version_id=1,
            decision="levels",
            levels=[{"name": "Bronze", "min": "40"}, {"name": "Gold", "min": "80"}],
            parts=[{"name": "Jury", "maximum": "100", "source": "jury"}],
        )
    with in_scope(tenant):
        assert not tenant.pk or not services.Label.objects.filter(tenant=tenant).exists()


def test_it_fixes_the_rule_once_a_company_applied(tenant, manager, company, enr, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
        services.start_application(wave=wave, company=company, actor=manager)
        with pytest.raises(ValidationError, match="can no longer change"):
            services.update_label(label=enr, actor=manager, threshold=Decimal("100"))
        services.update_label(label=enr, actor=manager, description="Entreprise Numérique")


def test_it_derives_the_wave_status_from_its_dates(tenant, manager, enr, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
    today = timezone.localdate()
    assert selectors.wave_status(wave, today - timedelta(days=6)) == "upcoming"
    assert selectors.wave_status(wave, today) == "open"
    assert selectors.wave_status(wave, today + timedelta(days=30)) == "closed"
    assert selectors.wave_status(wave, today + timedelta(days=41)) == "judged"


# --- Eligibility --------------------------------------------------------------------------------


def test_it_is_eligible_with_no_restriction(tenant, company, enr, in_scope):
    with in_scope(tenant):
        assert selectors.eligibility(label=enr, company=company) == (True, [])


def test_it_gives_each_reason_of_ineligibility(tenant, manager, company, condition, in_scope):
    with in_scope(tenant):
        label = factories.enr(
            tenant,
            manager,
            eligible_naf_prefixes=["52.1", "49.41"],
            eligible_communes=["Le Havre", "Rouen"],
            eligibility_conditions=["test_condition", "gone_app_condition"],
        )
        ok, reasons = selectors.eligibility(label=label, company=company)
    assert ok is False
    assert len(reasons) == 4
    assert "NAF" in reasons[0]
    assert "territory" in reasons[1]
    assert "Test condition" in reasons[2]
    assert "not available: gone_app_condition" in reasons[3]


def test_it_is_eligible_when_everything_is_met(tenant, manager, company, condition, in_scope):
    company.naf_code, company.commune = "52.10B", "le havre"
    condition.ids = {company.pk}
    with in_scope(tenant):
        company.save()
        label = factories.enr(
            tenant,
            manager,
            eligible_naf_prefixes=["52.1"],
            eligible_communes=["Le Havre"],
            eligibility_conditions=["test_condition"],
        )
        assert selectors.eligibility(label=label, company=company) == (True, [])


def test_it_reads_the_contributed_conditions(tenant, manager, company, in_scope):
    """The charter and the action plans contribute their conditions through the registry."""
    with in_scope(tenant):
        label = factories.enr(
            tenant, manager, eligibility_conditions=["charter_signed", "positive_final_review"]
        )
        ok, reasons = selectors.eligibility(label=label, company=company)
    assert ok is False and len(reasons) == 2
    assert all("not available" not in reason for reason in reasons)


# --- Applications -------------------------------------------------------------------------------


def test_it_refuses_an_ineligible_company_with_its_reasons(tenant, manager, company, in_scope):
    with in_scope(tenant):
        label = factories.enr(tenant, manager, eligible_communes=["Rouen"])
        wave = factories.open_wave(label, manager)
        with pytest.raises(ValidationError, match="territory"):
            services.start_application(wave=wave, company=company, actor=manager)
        assert not Application.objects.filter(company=company).exists()


def test_it_refuses_a_closed_wave_and_a_second_application(tenant, manager, company, enr, in_scope):
    today = timezone.localdate()
    with in_scope(tenant):
        closed = services.open_wave(
            label=enr,
            name="Passée",
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=30),
            actor=manager,
        )
        with pytest.raises(ValidationError, match="not open"):
            services.start_application(wave=closed, company=company, actor=manager)
        wave = factories.open_wave(enr, manager)
        services.start_application(wave=wave, company=company, actor=manager)
        with pytest.raises(ValidationError, match="already applied"):
            services.start_application(wave=wave, company=company, actor=manager)


@pytest.fixture
def application(tenant, manager, company, enr, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
        return services.start_application(wave=wave, company=company, actor=manager)


def test_it_attaches_only_a_submitted_assessment_on_the_labels_grid(
    tenant, leader, application, reader, in_scope
):
    with in_scope(tenant):
        with pytest.raises(ValidationError, match="label's grid"):
            services.attach_assessment(application=application, assessment_pk=12, actor=leader)
        with pytest.raises(ValidationError, match="submitted self-assessments"):
            services.attach_assessment(application=application, assessment_pk=99, actor=leader)
        services.attach_assessment(application=application, assessment_pk=11, actor=leader)
        application.refresh_from_db()
    assert application.assessment_id == 11


def test_it_does_not_submit_without_an_assessment(tenant, leader, application, in_scope):
    with in_scope(tenant), pytest.raises(ValidationError, match="self-assessment"):
        services.submit(application=application, actor=leader)


def test_it_checks_evidence_by_content(tenant, leader, application, in_scope):
    with in_scope(tenant):
        services.add_evidence(
            application=application,
            upload=SimpleUploadedFile("kbis.pdf", PDF, "application/pdf"),
            actor=leader,
        )
        with pytest.raises(ValidationError):
            services.add_evidence(
                application=application,
                upload=SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
                actor=leader,
            )
        assert Evidence.objects.filter(application=application).count() == 1


# --- The workflow -------------------------------------------------------------------------------


def test_it_walks_every_move_and_records_each(
    tenant, manager, leader, application, reader, in_scope, django_capture_on_commit_callbacks
):
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        services.attach_assessment(application=application, assessment_pk=11, actor=leader)
        services.submit(application=application, actor=leader)
        services.move(application=application, to=S.SUBMITTED.DRAFT, actor=manager, reason="KBIS")
        services.submit(application=application, actor=leader)
        for status in (S.ELIGIBILITY_CHECKED, S.AUDIT, S.JURY):
            services.move(application=application, to=status, actor=manager)
    with in_scope(tenant):
        application.refresh_from_db()
        history = list(
            Transition.objects.filter(application=application).values_list(
                "from_status", "to_status", "reason"
            )
        )
        assert OutgoingMail.objects.filter(tenant=tenant, email=leader.email).count() == 6
    assert len({message.subject for message in mail.outbox}) == 5  # one per status reached
    assert application.status == S.JURY and application.submitted_at is not None
    assert history == [
        ("draft", "submitted", ""),
        ("submitted", "draft", "KBIS"),
        ("draft", "submitted", ""),
        ("submitted", "eligibility_checked", ""),
        ("eligibility_checked", "audit", ""),
        ("audit", "jury", ""),
    ]


@pytest.mark.parametrize(
    "start, to",
    [
        (S.DRAFT, S.JURY),
        (S.DRAFT, S.CERTIFIED),
        (S.SUBMITTED, S.AUDIT),
        (S.JURY, S.DECIDED),  # only through decide(), with its decision
        (S.DECIDED, S.CERTIFIED),  # only a granted decision
        (S.CERTIFIED, S.DRAFT),
        (S.WITHDRAWN, S.DRAFT),
        (S.EXPIRED, S.CERTIFIED),
    ],
)
def test_it_refuses_moves_the_table_or_the_guards_forbid(
    tenant, manager, application, in_scope, start, to
):
    factories.put(application, start)
    with in_scope(tenant):
        with pytest.raises(ValidationError):
            services.move(application=application, to=to, actor=manager, reason="x")
        assert not Transition.objects.filter(application=application).exists()
        application.refresh_from_db()
    assert application.status == start


def test_it_needs_a_reason_to_return_an_application(tenant, manager, application, in_scope):
    factories.put(application, S.SUBMITTED)
    with in_scope(tenant), pytest.raises(ValidationError, match="Say why"):
        services.move(application=application, to=S.DRAFT, actor=manager)


def test_the_table_says_who_may_move(application):
    assert services.allowed_roles(from_status=S.DRAFT, to_status=S.SUBMITTED) == (
        "member",
        "manager",
    )
    assert services.allowed_roles(from_status=S.JURY, to_status=S.DECIDED) == ("manager",)
    assert services.allowed_roles(from_status=S.CERTIFIED, to_status=S.EXPIRED) == ("platform",)
    assert services.allowed_roles(from_status=S.DRAFT, to_status=S.CERTIFIED) == ()


def test_a_company_withdraws_its_application(tenant, leader, application, in_scope):
    with in_scope(tenant):
        services.move(application=application, to=S.WITHDRAWN, actor=leader)
        application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_a_renewal_starts_from_the_previous_application(
    tenant, manager, leader, company, enr, in_scope
):
    with in_scope(tenant):
        old_wave = factories.open_wave(enr, manager, name="2024")
        previous = services.start_application(wave=old_wave, company=company, actor=manager)
        evidence = services.add_evidence(
            application=previous,
            upload=SimpleUploadedFile("bilan.pdf", PDF, "application/pdf"),
            actor=leader,
        )
        factories.put(previous, S.CERTIFIED, assessment_id=11, assessment_label="Grille — 2024")
        wave = factories.open_wave(enr, manager, name="2026")
        renewal = services.start_application(wave=wave, company=company, actor=leader)
        carried = list(renewal.evidence.all())
    assert renewal.previous == previous
    assert (renewal.assessment_id, renewal.assessment_label) == (11, "Grille — 2024")
    assert [(row.name, row.carried_from_id, bool(row.file)) for row in carried] == [
        ("bilan.pdf", evidence.pk, False)
    ]
