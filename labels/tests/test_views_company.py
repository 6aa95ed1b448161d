"""The companies' label pages: the catalogue, applying, the application page (what each viewer
sees of it), the self-assessment, evidence, customers, submitting and renewing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from labels import services
from labels.models import (
    Application,
    AuditReport,
    Certificate,
    CustomerInvitation,
    Decision,
    Evidence,
    JuryScore,
    Transition,
)
from labels.tests import factories
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.conftest import PDF
from tests.factories import CompanyFactory, CompanyMemberFactory, TenantFactory

pytestmark = pytest.mark.django_db
S = Application.Status
CUSTOMER_GRID = 503  # the customer survey's grid, as the fake grid reader knows it


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages in English, whatever the French catalogue holds when the lead merges it."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def english_client(user=None):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Fakes of what the self-assessments app tells through the registry --------------------------


def _assessment(company, pk, version_id):
    return registry.Assessment(
        pk=pk,
        company_id=company.pk,
        label=f"Grille RSE — {pk}",
        submitted_at=timezone.now(),
        overall_percent=Decimal("58.5"),
        url_name="diagnostic_results",
        themes=(registry.AssessmentTheme("Gouvernance", Decimal("62.5")),),
        version_id=version_id,
    )


@pytest.fixture
def assessments(company):
    """The company submitted 11 on the label's grid and 12 on another one."""
    grids = {11: factories.GRID, 12: factories.OTHER_GRID}

    def submitted(*, company):
        return [_assessment(company, pk, grid) for pk, grid in grids.items() if company.pk == own]

    def detail(*, company, pk):
        if company.pk != own or pk not in grids:
            return None
        return _assessment(company, pk, grids[pk])

    own = company.pk
    previous = registry.assessment_reader()
    registry.set_assessment_reader(
        registry.AssessmentReader(submitted=submitted, detail=detail, theme_names=lambda **kw: [])
    )
    yield grids
    registry.set_assessment_reader(previous)


QUESTIONS = (
    registry.GridQuestion(
        901,
        "Qualité de service",
        "Les délais annoncés sont-ils tenus ?",
        "",
        (("0", "Jamais"), ("1", "Parfois"), ("2", "Toujours")),
    ),
    registry.GridQuestion(
        902,
        "Relation",
        "Recommanderiez-vous ce prestataire ?",
        "Votre avis d'ensemble.",
        (("0", "Non"), ("1", "Peut-être"), ("2", "Oui")),
    ),
)


def _score(*, tenant, version_id, answers):
    values = []
    for question in QUESTIONS:
        value = answers.get(str(question.pk), "")
        if value not in {choice for choice, _label in question.choices}:
            raise ValueError(question.title)
        values.append(Decimal(value))
    return sum(values) * 100 / (2 * len(QUESTIONS))


@pytest.fixture
def grids():
    """A customer grid of two questions scored 0–2 (percent of the points)."""
    previous = registry.grid_reader()
    registry.set_grid_reader(
        registry.GridReader(
            versions=lambda *, tenant: [(CUSTOMER_GRID, "Enquête client (v1)")],
            name=lambda *, tenant, version_id: "Grille RSE (v1)",
            questions=lambda *, tenant, version_id: (
                QUESTIONS if version_id == CUSTOMER_GRID else ()
            ),
            score=_score,
        )
    )
    yield QUESTIONS
    registry.set_grid_reader(previous)


@pytest.fixture
def label(tenant, manager, in_scope):
    """ENR, with its customer survey on the customer grid and the steps of its process."""
    with in_scope(tenant):
        return factories.enr(
            tenant,
            manager,
            customer_framework_version_id=CUSTOMER_GRID,
            steps=["Dossier de candidature", "Audit par l'organisme certificateur", "Jury"],
        )


@pytest.fixture
def wave(tenant, manager, label, in_scope):
    with in_scope(tenant):
        return factories.open_wave(label, manager, name="Vague de printemps")


@pytest.fixture
def application(tenant, wave, company, leader, in_scope):
    with in_scope(tenant):
        return services.start_application(wave=wave, company=company, actor=leader)


# --- The catalogue ------------------------------------------------------------------------------


def test_it_shows_each_open_label_with_every_reason_a_company_cannot_apply(
    client, tenant, manager, company, leader, condition, in_scope
):
    with in_scope(tenant):
        label = factories.enr(
            tenant,
            manager,
            eligible_naf_prefixes=["62"],
            eligibility_conditions=["test_condition"],
        )
        factories.open_wave(label, manager)
    other = CompanyFactory(tenant=tenant, name="Transports Lemaire", naf_code="49.41A")
    CompanyMemberFactory(company=other, user=leader)
    condition.ids = {company.pk}
    client.force_login(leader)
    response = client.get(url(tenant, "label_catalogue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ENR" in body and "Numérique Responsable SA may apply." in body
    assert "Transports Lemaire cannot apply yet:" in body
    assert "Its activity (NAF code) is not one of those the label is open to." in body
    assert "Condition not met: Test condition." in body
    # Only the eligible company is offered in the apply button.
    assert f'name="company" value="{company.pk}"' in body
    assert f'value="{other.pk}"' not in body


def test_it_says_when_labels_come_and_who_opens_them(client, tenant, leader, label):
    client.force_login(leader)
    response = client.get(url(tenant, "label_catalogue"))
    body = response.content.decode()
    assert 'data-testid="no-offer"' in body
    assert "The programme team opens application waves" in body


def test_it_lists_the_company_s_applications_and_offers_to_renew_a_certificate(
    client, tenant, manager, company, leader, label, wave, in_scope
):
    certified = _certified(tenant, label, company, manager, in_scope)
    client.force_login(leader)
    body = client.get(url(tenant, "label_catalogue")).content.decode()
    assert url(tenant, "application_detail", pk=certified.application.pk) in body
    assert url(tenant, "certificate_renew", pk=certified.pk) in body


def test_a_person_of_no_role_for_labels_is_refused(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.CONSULTANT))
    assert client.get(url(tenant, "label_catalogue")).status_code == 403


def _catalogue_data(tenant, manager, company, size, in_scope):
    with in_scope(tenant):
        for index in range(size):
            label = factories.enr(tenant, manager, slug=f"enr-{size}-{index}")
            wave = factories.open_wave(label, manager, name=f"Vague {index}")
            services.start_application(wave=wave, company=company, actor=manager)
            _certified(tenant, label, company, manager, in_scope, name=f"Passée {size}-{index}")


def test_the_catalogue_costs_the_same_with_more_labels(
    client, tenant, manager, company, leader, page_queries, in_scope
):
    client.force_login(leader)
    address = url(tenant, "label_catalogue")
    _catalogue_data(tenant, manager, company, 1, in_scope)
    page_queries(address)
    small = page_queries(address)
    _catalogue_data(tenant, manager, company, 4, in_scope)
    assert page_queries(address) == small


# --- Applying -----------------------------------------------------------------------------------


def test_it_starts_the_application_of_the_company_chosen(
    client, tenant, wave, company, leader, in_scope
):
    client.force_login(leader)
    response = client.post(url(tenant, "application_start", pk=wave.pk), {"company": company.pk})
    with in_scope(tenant):
        application = Application.objects.get(wave=wave)
    assert application.company == company and application.created_by == leader
    assert response.status_code == 302
    assert response.url == url(tenant, "application_detail", pk=application.pk)


def test_it_refuses_to_apply_for_another_company_of_the_tenant(
    client, tenant, wave, leader, in_scope
):
    other = CompanyFactory(tenant=tenant, naf_code="62.01Z")
    client.force_login(leader)
    response = client.post(url(tenant, "application_start", pk=wave.pk), {"company": other.pk})
    assert response.status_code == 302 and response.url == url(tenant, "label_catalogue")
    assert flashed(response) == ["Choose one of your companies."]
    with in_scope(tenant):
        assert not Application.objects.filter(wave=wave).exists()


def test_an_ineligible_company_is_told_every_reason_and_nothing_is_written(
    client, tenant, manager, company, leader, condition, in_scope
):
    with in_scope(tenant):
        label = factories.enr(
            tenant, manager, eligible_communes=["Lille"], eligibility_conditions=["test_condition"]
        )
        wave = factories.open_wave(label, manager)
    client.force_login(leader)
    response = client.post(url(tenant, "application_start", pk=wave.pk), {"company": company.pk})
    (message,) = flashed(response)
    assert "Its commune is outside the label's territory." in message
    assert "Condition not met: Test condition." in message
    with in_scope(tenant):
        assert not Application.objects.filter(wave=wave).exists()


# --- The application page -----------------------------------------------------------------------


def test_the_company_sees_its_application_and_what_is_missing(
    client, tenant, application, leader, assessments
):
    client.force_login(leader)
    response = client.get(url(tenant, "application_detail", pk=application.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Audit par l&#x27;organisme certificateur" in body  # the label's steps
    assert 'aria-current="step"' in body
    assert 'data-testid="missing"' in body and "the self-assessment on the label" in body
    assert 'data-testid="survey-summary"' in body
    # Only the assessment on the label's grid is offered.
    assert "Grille RSE — 11" in body and "Grille RSE — 12" not in body


def test_another_company_of_the_same_tenant_gets_404(client, tenant, application):
    neighbour = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
    client.force_login(neighbour)
    assert client.get(url(tenant, "application_detail", pk=application.pk)).status_code == 404


def test_an_application_of_another_tenant_is_not_found_from_one_s_own(
    client, application, make_person
):
    elsewhere = TenantFactory(slug="ailleurs")
    client.force_login(make_person(elsewhere, Role.MANAGER))
    response = client.get(url(elsewhere, "application_detail", pk=application.pk))
    assert response.status_code == 404


def test_a_consultant_gets_404(client, tenant, application, make_person):
    client.force_login(make_person(tenant, Role.CONSULTANT))
    assert client.get(url(tenant, "application_detail", pk=application.pk)).status_code == 404


def test_the_auditor_sees_the_evidence_the_assessment_and_their_audit(
    client, tenant, application, manager, auditor, assessments, in_scope
):
    with in_scope(tenant):
        application.assessment_id = 11
        application.save()
        _evidence(application, "bilan-carbone.pdf")
        services.assign_auditor(application=application, auditor=auditor, actor=manager)
        factories.put(application, S.AUDIT)
    client.force_login(auditor)
    body = client.get(url(tenant, "application_detail", pk=application.pk)).content.decode()
    assert "bilan-carbone.pdf" in body and "Gouvernance" in body
    assert 'data-testid="audit"' in body
    assert url(tenant, "audit_record", pk=application.pk) in body
    assert 'data-testid="survey-summary"' not in body and 'data-testid="history"' not in body


def test_a_juror_sees_the_evidence_and_a_link_to_score_until_a_conflict(
    client, tenant, application, manager, jurors, assessments, in_scope
):
    juror = jurors[0]
    with in_scope(tenant):
        _evidence(application, "politique-rse.pdf")
        factories.put(application, S.JURY)
        (assignment,) = services.assign_jurors(
            application=application, jurors=[juror], actor=manager
        )
    client.force_login(juror)
    body = client.get(url(tenant, "application_detail", pk=application.pk)).content.decode()
    assert "politique-rse.pdf" in body
    assert url(tenant, "jury_score", pk=assignment.pk) in body
    assert 'data-testid="survey-summary"' not in body and 'data-testid="audit"' not in body
    with in_scope(tenant):
        services.declare_conflict(
            wave=application.wave, juror=juror, company=application.company, actor=juror
        )
    assert client.get(url(tenant, "application_detail", pk=application.pk)).status_code == 404


def test_the_company_sees_the_decision_but_not_the_deliberation_nor_the_jurors_scores(
    client, tenant, application, manager, leader, jurors, auditor, in_scope
):
    with in_scope(tenant):
        factories.put(application, S.JURY)
        (assignment,) = services.assign_jurors(
            application=application, jurors=[jurors[0]], actor=manager
        )
        AuditReport.objects.create(
            tenant=tenant,
            application=application,
            auditor=auditor,
            score=Decimal("80"),
            report="Constat d'audit confidentiel",
        )
        decision = Decision.objects.create(
            tenant=tenant,
            application=application,
            outcome=Decision.Outcome.GRANTED,
            total=Decimal("150"),
            rationale="Démarche exemplaire et mesurée.",
            deliberation="Minutes: un juré hésitait.",
            decided_by=manager,
        )
        JuryScore.objects.create(
            tenant=tenant,
            assignment=assignment,
            part=application.wave.label.parts.first(),
            value=Decimal("42"),
            comment="Commentaire individuel du juré",
        )
        factories.put(application, S.DECIDED, decision=decision)
    client.force_login(leader)
    body = client.get(url(tenant, "application_detail", pk=application.pk)).content.decode()
    assert 'data-testid="decision"' in body and "Démarche exemplaire et mesurée." in body
    assert "Minutes: un juré hésitait." not in body
    assert "Commentaire individuel du juré" not in body
    assert "Constat d&#x27;audit confidentiel" not in body


def test_the_programme_team_opens_every_application(client, tenant, application, manager):
    client.force_login(manager)
    assert client.get(url(tenant, "application_detail", pk=application.pk)).status_code == 200


def _detail_data(tenant, application, leader, size, in_scope):
    with in_scope(tenant):
        for index in range(size):
            _evidence(application, f"piece-{size}-{index}.pdf")
            Transition.objects.create(
                tenant=tenant,
                application=application,
                from_status=S.DRAFT,
                to_status=S.DRAFT,
                actor=leader,
                reason=f"Note {size}-{index}",
            )
        services.invite_customers(
            application=application,
            emails=[f"client{size}-{index}@exemple.fr" for index in range(size)],
            actor=leader,
        )


def test_the_application_page_costs_the_same_with_more_history(
    client, tenant, application, leader, assessments, page_queries, in_scope
):
    client.force_login(leader)
    address = url(tenant, "application_detail", pk=application.pk)
    _detail_data(tenant, application, leader, 1, in_scope)
    page_queries(address)
    small = page_queries(address)
    _detail_data(tenant, application, leader, 5, in_scope)
    assert page_queries(address) == small


# --- The self-assessment ------------------------------------------------------------------------


def test_it_attaches_a_self_assessment_on_the_label_s_grid(
    client, tenant, application, leader, assessments, in_scope
):
    client.force_login(leader)
    response = client.post(
        url(tenant, "application_assessment", pk=application.pk), {"assessment": "11"}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        application.refresh_from_db()
    assert (application.assessment_id, application.assessment_label) == (11, "Grille RSE — 11")


def test_an_assessment_on_another_grid_is_refused_and_nothing_is_written(
    client, tenant, application, leader, assessments, in_scope
):
    client.force_login(leader)
    response = client.post(
        url(tenant, "application_assessment", pk=application.pk), {"assessment": "12"}
    )
    assert response.status_code == 400
    assert (
        "Choose one of the company&#x27;s submitted self-assessments." in response.content.decode()
    )
    with in_scope(tenant):
        application.refresh_from_db()
    assert application.assessment_id is None


# --- Evidence -----------------------------------------------------------------------------------


def _evidence(application, name, content=PDF):
    return Evidence.objects.create(
        tenant=application.tenant,
        application=application,
        file=ContentFile(content, name=name),
        name=name,
    )


def test_it_adds_a_document_and_gives_it_back(client, tenant, application, leader, in_scope):
    client.force_login(leader)
    response = client.post(
        url(tenant, "evidence_upload", pk=application.pk),
        {"file": SimpleUploadedFile("bilan-carbone.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        evidence = Evidence.objects.get(application=application)
    assert evidence.name == "bilan-carbone.pdf" and evidence.uploaded_by == leader
    download = client.get(url(tenant, "label_evidence_download", pk=evidence.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_program_renamed_pdf_is_refused_with_a_clear_message(
    client, tenant, application, leader, in_scope
):
    client.force_login(leader)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    response = client.post(
        url(tenant, "evidence_upload", pk=application.pk),
        {"file": SimpleUploadedFile("rapport.pdf", program, "application/pdf")},
    )
    assert response.status_code == 400
    assert "This type of file is not accepted." in response.content.decode()
    with in_scope(tenant):
        assert not Evidence.objects.filter(application=application).exists()


def test_a_too_large_document_is_refused(client, tenant, application, leader, settings, in_scope):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(leader)
    response = client.post(
        url(tenant, "evidence_upload", pk=application.pk),
        {"file": SimpleUploadedFile("rapport.pdf", PDF + b"0" * 2048, "application/pdf")},
    )
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    with in_scope(tenant):
        assert not Evidence.objects.filter(application=application).exists()


def test_another_company_cannot_add_nor_download_a_document(client, tenant, application, in_scope):
    with in_scope(tenant):
        evidence = _evidence(application, "confidentiel.pdf")
    client.force_login(CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user)
    upload = client.post(
        url(tenant, "evidence_upload", pk=application.pk),
        {"file": SimpleUploadedFile("intrus.pdf", PDF, "application/pdf")},
    )
    assert upload.status_code == 404
    assert client.get(url(tenant, "label_evidence_download", pk=evidence.pk)).status_code == 404
    assert Client().get(url(tenant, "label_evidence_download", pk=evidence.pk)).status_code == 404
    with in_scope(tenant):
        assert Evidence.objects.filter(application=application).count() == 1


# --- Customers ----------------------------------------------------------------------------------


def test_it_invites_customers_who_each_receive_the_survey_link(
    client, tenant, application, leader, in_scope, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(tenant, "application_customers", pk=application.pk),
            {"emails": "achats@client-un.fr\n\n Direction@Client-Deux.fr \n"},
        )
    assert response.status_code == 302
    with in_scope(tenant):
        invitations = list(CustomerInvitation.objects.filter(application=application))
        sent = OutgoingMail.objects.filter(tenant=tenant, key__startswith="labels.survey:")
        assert {mail.email for mail in sent} == {"achats@client-un.fr", "direction@client-deux.fr"}
        bodies = {mail.email: mail.body_text for mail in sent}
    assert all(invitation.sent_at is not None for invitation in invitations)
    for invitation in invitations:
        assert url(tenant, "customer_survey", token=invitation.token) in bodies[invitation.email]


def test_every_bad_address_is_reported_and_nothing_is_written(
    client, tenant, application, leader, in_scope, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(tenant, "application_customers", pk=application.pk),
            {"emails": "achats@client-un.fr\npas-une-adresse\nautre@@client.fr"},
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert "pas-une-adresse" in body and "autre@@client.fr" in body
    with in_scope(tenant):
        assert not CustomerInvitation.objects.filter(application=application).exists()
        assert not OutgoingMail.objects.filter(tenant=tenant).exists()


def test_the_company_sees_the_rate_and_mean_never_who_answered_what(
    client, tenant, application, leader, in_scope
):
    emails = ["achats@client-un.fr", "direction@client-deux.fr", "a@c3.fr", "b@c4.fr"]
    with in_scope(tenant):
        invitations = services.invite_customers(
            application=application, emails=emails, actor=leader
        )
        services.record_customer_answer(
            tenant=tenant, token=invitations[0].token, answers={"901": "2"}, score="73.5"
        )
    client.force_login(leader)

    def summary():
        body = client.get(url(tenant, "application_detail", pk=application.pk)).content.decode()
        for secret in [*emails, *(invitation.token for invitation in invitations)]:
            assert secret not in body
        return body[body.index('data-testid="survey-summary"') :].replace("\xa0", " ")

    # One answer: its mean would be that customer's score, so only the rate shows.
    alone = summary()
    assert "25 %" in alone and "shown from 3 answers" in alone and "73.5" not in alone
    with in_scope(tenant):
        for invitation, score in zip(invitations[1:3], ["80", "67"], strict=True):
            services.record_customer_answer(
                tenant=tenant, token=invitation.token, answers={"901": "1"}, score=score
            )
    three = summary()
    assert "75 %" in three and "73.5 / 100" in three


# --- Submitting ---------------------------------------------------------------------------------


def test_it_says_what_is_missing_and_submits_once_complete(
    client, tenant, application, leader, in_scope
):
    client.force_login(leader)
    address = url(tenant, "application_submit", pk=application.pk)
    refused = client.post(address)
    assert flashed(refused) == ["Attach the self-assessment on the label's grid before submitting."]
    with in_scope(tenant):
        application.refresh_from_db()
        assert application.status == S.DRAFT
        Application.objects.filter(pk=application.pk).update(assessment_id=11)
    client.post(address)
    with in_scope(tenant):
        application.refresh_from_db()
        assert application.status == S.SUBMITTED
        assert Transition.objects.filter(application=application, actor=leader).count() == 1


# --- Renewing -----------------------------------------------------------------------------------


def _certified(tenant, label, company, manager, in_scope, name="Vague passée"):
    today = timezone.localdate()
    with in_scope(tenant):
        wave = label.waves.create(
            tenant=tenant,
            name=name,
            opens_on=today - timedelta(days=800),
            closes_on=today - timedelta(days=770),
        )
        application = Application.objects.create(
            tenant=tenant,
            wave=wave,
            company=company,
            status=S.CERTIFIED,
            assessment_id=11,
            assessment_label="Grille RSE — 11",
        )
        _evidence(application, f"ancienne-{name}.pdf")
        return Certificate.objects.create(
            tenant=tenant,
            application=application,
            code=services._new_code(),
            issued_on=today - timedelta(days=700),
            valid_until=today + timedelta(days=30),
        )


def test_renewing_starts_the_application_pre_filled_in_the_open_wave(
    client, tenant, manager, label, wave, company, leader, in_scope
):
    certificate = _certified(tenant, label, company, manager, in_scope)
    client.force_login(leader)
    response = client.post(url(tenant, "certificate_renew", pk=certificate.pk))
    with in_scope(tenant):
        renewal = Application.objects.get(wave=wave)
        carried = Evidence.objects.get(application=renewal)
    assert response.url == url(tenant, "application_detail", pk=renewal.pk)
    assert renewal.previous == certificate.application and renewal.assessment_id == 11
    download = client.get(url(tenant, "label_evidence_download", pk=carried.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_renewing_without_an_open_wave_says_so_and_writes_nothing(
    client, tenant, manager, label, company, leader, in_scope
):
    certificate = _certified(tenant, label, company, manager, in_scope)
    client.force_login(leader)
    response = client.post(url(tenant, "certificate_renew", pk=certificate.pk))
    assert response.url == url(tenant, "label_catalogue")
    assert "No wave of the label ENR is open" in flashed(response)[0]
    with in_scope(tenant):
        assert Application.objects.filter(company=company).count() == 1


def test_another_company_cannot_renew_a_certificate(
    client, tenant, manager, label, wave, company, in_scope
):
    certificate = _certified(tenant, label, company, manager, in_scope)
    client.force_login(CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user)
    assert client.post(url(tenant, "certificate_renew", pk=certificate.pk)).status_code == 404
    with in_scope(tenant):
        assert not Application.objects.filter(wave=wave).exists()
