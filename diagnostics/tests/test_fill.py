"""Filling in a self-assessment: start, autosave, evidence, submit."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies import services as company_services
from diagnostics.models import Answer, Diagnostic, Scale
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import DiagnosticFactory, grid

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def leader(tenant, make_person):
    person = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant, name="Néo-Éco Recyclage")
    CompanyMemberFactory(company=company, user=person)
    person.company = company
    return person


def test_a_leader_starts_a_self_assessment_of_their_company(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2)])
    client.force_login(leader)
    response = client.post(
        url("diagnostic_list", tenant), {"company": leader.company.pk, "version": version.pk}
    )
    with in_scope(tenant):
        diagnostic = Diagnostic.objects.get()
    assert response.status_code == 302
    assert response.url == url("diagnostic_fill", tenant, pk=diagnostic.pk)
    assert diagnostic.company == leader.company and diagnostic.started_by == leader
    # Starting again resumes the draft instead of opening a second one.
    client.post(
        url("diagnostic_list", tenant), {"company": leader.company.pk, "version": version.pk}
    )
    with in_scope(tenant):
        assert Diagnostic.objects.count() == 1


def test_a_leader_cannot_start_one_for_another_company(client, tenant, leader, in_scope):
    version = grid(tenant)
    other = CompanyFactory(tenant=tenant)
    client.force_login(leader)
    response = client.post(
        url("diagnostic_list", tenant), {"company": other.pk, "version": version.pk}
    )
    assert response.status_code == 400  # the form says the choice is not valid
    assert "Sélectionnez un choix valide" in response.content.decode()
    with in_scope(tenant):
        assert not Diagnostic.objects.exists()


def test_it_autosaves_each_answer_with_its_points(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2)], scale=Scale.LETTER, max_points=3)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.first()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "B", "comment": "Charte signée en 2025"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="diagnostic-progress" hx-swap-oob="true"' in body
    assert "1 sur 2" in body or "1 of 2" in body
    with in_scope(tenant):
        answer = Answer.objects.get()
    assert (answer.choice, answer.points, answer.comment) == (
        "B",
        Decimal("2.00"),
        "Charte signée en 2025",
    )
    # Coming back later: the page shows the answer given.
    page = client.get(url("diagnostic_fill", tenant, pk=diagnostic.pk)).content.decode()
    assert f'id="c{criterion.pk}-B" value="B" checked' in page
    assert "Charte signée en 2025" in page


def test_it_records_a_numeric_indicator_without_scoring_it(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        from .factories import CriterionFactory

        indicator = CriterionFactory(
            theme=version.themes.get(), scale=Scale.NUMBER, max_points=0, unit="kWh"
        )
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    client.force_login(leader)
    client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=indicator.pk),
        {"number": "12 500,5"},
        HTTP_HX_REQUEST="true",
    )
    with in_scope(tenant):
        answer = Answer.objects.get()
    assert answer.number == Decimal("12500.50") and answer.points is None


def test_it_refuses_an_answer_outside_the_scale(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 1)], max_points=5)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "9"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not Answer.objects.exists()


def test_a_criterion_of_another_version_is_not_found(client, tenant, leader):
    version, other = grid(tenant), grid(tenant)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    from django_scopes import scopes_disabled

    with scopes_disabled():
        foreign = other.criteria.first()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=foreign.pk),
        {"choice": "1"},
    )
    assert response.status_code == 404


def test_submitting_locks_the_self_assessment(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2)], levels=[("Bronze", 50)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        first, second = version.criteria.order_by("order")
    client.force_login(leader)
    client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=first.pk), {"choice": "5"}
    )
    client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=second.pk), {"choice": "1"}
    )
    response = client.post(url("diagnostic_submit", tenant, pk=diagnostic.pk))
    assert response.status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.is_submitted and diagnostic.submitted_by == leader
    assert diagnostic.overall_percent == Decimal("60.00") and diagnostic.level == "Bronze"
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=second.pk),
        {"choice": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert Answer.objects.get(criterion=second).choice == "1"
        assert AuditEntry.objects.filter(action="diagnostic.submitted").count() == 1
    # The fill page now leads to the results.
    assert client.get(url("diagnostic_fill", tenant, pk=diagnostic.pk)).status_code == 302


def test_it_attaches_evidence_and_serves_it_to_allowed_people_only(
    client, tenant, leader, make_person, in_scope, settings
):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_evidence", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"evidence": SimpleUploadedFile("Politique RSE 2025.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        answer = Answer.objects.get()
    # Stored under a random name; the person's name for it is kept for the download.
    assert re.fullmatch(r"diagnostics/evidence/\d{4}/[0-9a-f]{32}\.pdf", answer.evidence.name)
    assert answer.evidence_name == "Politique RSE 2025.pdf"
    download = url("evidence_download", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk)
    page = client.get(url("diagnostic_fill", tenant, pk=diagnostic.pk)).content.decode()
    assert download in page and settings.MEDIA_URL not in page
    response = client.get(download)
    assert response.status_code == 200
    assert "Politique RSE 2025.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Nobody else: a consultant who does not follow the company, another company's leader.
    for person in (
        make_person(tenant, Role.CONSULTANT),
        CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user,
    ):
        client.force_login(person)
        assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 404
    assert client.get(f"{settings.MEDIA_URL}{answer.evidence.name}").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.exe", b"MZ\x90\x00" + b"\x00" * 64),
        ("faux.pdf", b"<html>not a pdf</html>"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("archive.docx", b"PK\x03\x04not really a zip"),
    ],
)
def test_it_refuses_evidence_that_is_not_what_it_claims(
    client, tenant, leader, in_scope, name, content
):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_evidence", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"evidence": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    with in_scope(tenant):
        assert not Answer.objects.exclude(evidence="").exists()


def test_it_refuses_evidence_whose_name_does_not_match_its_content(
    client, tenant, leader, in_scope
):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_evidence", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"evidence": SimpleUploadedFile("photo.png", PDF)},
        follow=True,
    )
    assert "ne correspond pas à son contenu" in response.content.decode()
    with in_scope(tenant):
        assert not Answer.objects.exclude(evidence="").exists()


def test_it_refuses_evidence_that_is_too_large(client, tenant, leader, in_scope, settings):
    settings.UPLOAD_MAX_BYTES = 100
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_evidence", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"evidence": SimpleUploadedFile("gros.pdf", PDF + b"0" * 200)},
        follow=True,
    )
    assert "trop volumineux" in response.content.decode()
    with in_scope(tenant):
        assert not Answer.objects.exclude(evidence="").exists()


def test_replacing_evidence_removes_the_previous_file(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(leader)
    evidence = url("diagnostic_evidence", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk)
    client.post(evidence, {"evidence": SimpleUploadedFile("v1.pdf", PDF)})
    with in_scope(tenant):
        first = Answer.objects.get().evidence
        storage, old_name = first.storage, first.name
    client.post(evidence, {"evidence": SimpleUploadedFile("v2.pdf", PDF)})
    with in_scope(tenant):
        answer = Answer.objects.get()
    assert answer.evidence_name == "v2.pdf" and answer.evidence.name != old_name
    assert not storage.exists(old_name)


def test_a_consultant_fills_in_with_an_assigned_company(client, tenant, make_person, in_scope):
    consultant = make_person(tenant, Role.CONSULTANT)
    company = CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        company_services.assign_consultant(company=company, consultant=consultant)
    version = grid(tenant, themes=[(1, 1)])
    client.force_login(consultant)
    response = client.post(
        url("diagnostic_list", tenant), {"company": company.pk, "version": version.pk}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert Diagnostic.objects.get().started_by == consultant


@pytest.mark.parametrize("value", ["douze", "NaN", "1e20"])
def test_it_refuses_a_value_that_is_not_a_number(client, tenant, leader, in_scope, value):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        from .factories import CriterionFactory

        indicator = CriterionFactory(
            theme=version.themes.get(), scale=Scale.NUMBER, max_points=0, unit="%"
        )
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    client.force_login(leader)
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=indicator.pk),
        {"number": value},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not Answer.objects.exists()
