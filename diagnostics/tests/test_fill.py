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
    assert 'id="diagnostic-progress" class="fill-progress" data-hx-swap-oob="true"' in body
    assert "1 sur 2" in body
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


# --- The filling experience: stepper, cards, not applicable, refusal ----------------------------


def _fill_page(client, tenant, diagnostic, query=""):
    response = client.get(url("diagnostic_fill", tenant, pk=diagnostic.pk) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_save_updates_the_stepper_and_the_progress_out_of_band(
    client, tenant, leader, in_scope
):
    version = grid(tenant, themes=[(1, 2), (1, 3)], max_points=3)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        first_theme, second_theme = version.themes.order_by("order")
        criterion = second_theme.criteria.first()
    client.force_login(leader)
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "2"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="theme-stepper" class="theme-stepper-nav" data-hx-swap-oob="true"' in body
    assert f'data-testid="theme-count-{first_theme.pk}">0/2' in body
    assert f'data-testid="theme-count-{second_theme.pk}">1/3' in body
    assert f'<option value="{second_theme.pk}" selected>2 · {second_theme.title} — 1/3' in body
    assert "1 sur 5 répondus" in body
    with in_scope(tenant):
        assert Answer.objects.get(criterion=criterion).points == Decimal("2.00")


def test_it_marks_a_criterion_not_applicable_and_back(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2)], max_points=3)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.order_by("order").first()
    answer_url = url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk)
    client.force_login(leader)
    client.post(answer_url, {"choice": "3"}, HTTP_HX_REQUEST="true")
    response = client.post(answer_url, {"choice": "na"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "1 sur 2 répondus" in response.content.decode()
    with in_scope(tenant):
        answer = Answer.objects.get()
    assert answer.not_applicable and (answer.choice, answer.points) == ("", None)
    page = _fill_page(client, tenant, diagnostic)
    assert f'id="c{criterion.pk}-na" value="na" checked' in page
    assert f'id="c{criterion.pk}-3" value="3" checked' not in page
    # Choosing a level again clears the mark.
    client.post(answer_url, {"choice": "1"}, HTTP_HX_REQUEST="true")
    answer.refresh_from_db()
    assert not answer.not_applicable and answer.points == Decimal("1.00")


def test_a_numeric_indicator_is_marked_not_applicable_with_its_box(
    client, tenant, leader, in_scope
):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        from .factories import CriterionFactory

        indicator = CriterionFactory(
            theme=version.themes.get(), scale=Scale.NUMBER, max_points=0, unit="kWh"
        )
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    answer_url = url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=indicator.pk)
    client.force_login(leader)
    client.post(answer_url, {"number": "120", "not_applicable": "0"}, HTTP_HX_REQUEST="true")
    # The box sends "0" then "1" when ticked (a hidden field before it); the value is dropped.
    client.post(
        answer_url,
        {"number": "120", "not_applicable": ["0", "1"], "comment": "Pas de compteur"},
        HTTP_HX_REQUEST="true",
    )
    with in_scope(tenant):
        answer = Answer.objects.get(criterion=indicator)
    assert answer.not_applicable and answer.number is None
    assert answer.comment == "Pas de compteur"
    page = _fill_page(client, tenant, diagnostic)
    assert f'id="na-{indicator.pk}" data-disables="#number-{indicator.pk}" checked' in page
    client.post(answer_url, {"number": "95", "not_applicable": "0"}, HTTP_HX_REQUEST="true")
    answer.refresh_from_db()
    assert not answer.not_applicable and answer.number == Decimal("95.00")


def test_the_cards_show_what_each_level_means_without_a_legend(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2)], scale=Scale.LETTER, max_points=3)
    with in_scope(tenant):
        first, second = version.criteria.order_by("order")
        first.level_texts = ["Pratique maîtrisée", "Pratique engagée", "", "Rien n'est fait"]
        first.save()
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    client.force_login(leader)
    page = _fill_page(client, tenant, diagnostic)
    assert page.count('class="answer-text"') == 3
    card = '<span class="answer-label">A</span><span class="answer-text">Pratique maîtrisée</span>'
    assert card in page
    assert '<span class="answer-label">C</span>\n' in page  # no text, no empty span
    # Every criterion is a radio group with its legend and a "not applicable" card.
    assert page.count('<fieldset class="answer-cards">') == 2
    assert page.count('value="na"') == 2


def test_comment_and_evidence_are_behind_a_control_unless_they_have_content(
    client, tenant, leader, in_scope
):
    version = grid(tenant, themes=[(1, 2)], max_points=3)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        first, second = version.criteria.order_by("order")
        Answer.objects.create(
            tenant=tenant, diagnostic=diagnostic, criterion=first, comment="Charte en cours"
        )
    client.force_login(leader)
    page = _fill_page(client, tenant, diagnostic)
    assert f'class="collapse show" id="comment-box-{first.pk}"' in page
    assert f'class="collapse" id="comment-box-{second.pk}"' in page
    assert f'class="collapse" id="evidence-box-{first.pk}"' in page
    assert f'aria-controls="comment-box-{second.pk}" aria-expanded="false"' in page


def test_the_fill_page_links_the_provisional_results(client, tenant, leader):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    client.force_login(leader)
    page = _fill_page(client, tenant, diagnostic)
    results = url("diagnostic_results", tenant, pk=diagnostic.pk)
    assert f'href="{results}" data-testid="provisional-results"' in page
    assert client.get(results).status_code == 200


def test_a_refused_submission_lists_the_missing_criteria_linked(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2), (1, 2)], max_points=3)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        first_theme, second_theme = version.themes.order_by("order")
        criteria = list(version.criteria.order_by("theme__order", "order"))
    client.force_login(leader)
    for criterion, choice in ((criteria[0], "3"), (criteria[2], "na")):
        client.post(
            url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
            {"choice": choice},
        )
    response = client.post(url("diagnostic_submit", tenant, pk=diagnostic.pk))
    fill = url("diagnostic_fill", tenant, pk=diagnostic.pk)
    assert response.status_code == 302
    assert response.url == f"{fill}?theme={first_theme.pk}&missing=1#missing"
    diagnostic.refresh_from_db()
    assert not diagnostic.is_submitted
    page = _fill_page(client, tenant, diagnostic, f"?theme={first_theme.pk}&missing=1")
    assert 'id="missing"' in page
    for criterion in (criteria[1], criteria[3]):
        link = f'href="{fill}?theme={criterion.theme_id}#criterion-{criterion.pk}"'
        assert link in page
        assert f'id="criterion-{criteria[1].pk}"' in page
    assert page.count('data-testid="missing-criterion"') == 2
    # On the page, the blank criterion of this theme is marked; the answered one is not.
    assert f'class="card criterion criterion-missing" id="criterion-{criteria[1].pk}"' in page
    assert f'class="card criterion" id="criterion-{criteria[0].pk}"' in page
    # Without the flag, or once complete, there is no list.
    assert 'id="missing"' not in _fill_page(client, tenant, diagnostic)


def test_the_fill_page_costs_the_same_queries_whatever_the_theme_size(
    client, tenant, leader, page_queries
):
    small = grid(tenant, themes=[(1, 2), (1, 1)], max_points=3)
    large = grid(tenant, themes=[(1, 20), (1, 15), (1, 10)], max_points=3)
    client.force_login(leader)
    counts = [
        page_queries(
            url(
                "diagnostic_fill",
                tenant,
                pk=DiagnosticFactory(company=leader.company, version=version).pk,
            )
        )
        for version in (small, large)
    ]
    assert counts[0] == counts[1]


def test_a_consultant_who_does_not_follow_the_company_cannot_mark_it_not_applicable(
    client, tenant, leader, make_person, in_scope
):
    version = grid(tenant, themes=[(1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(make_person(tenant, Role.CONSULTANT))
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "na"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404
    with in_scope(tenant):
        assert not Answer.objects.exists()


def test_a_self_assessment_of_another_tenant_is_not_found_from_this_one(
    client, tenant, other_tenant, leader
):
    """Through this tenant's address, with a role here: the view's own scoping answers."""
    version = grid(other_tenant, themes=[(1, 1)])
    foreign = DiagnosticFactory(company=CompanyFactory(tenant=other_tenant), version=version)
    client.force_login(leader)
    assert client.get(url("diagnostic_fill", tenant, pk=foreign.pk)).status_code == 404
    assert client.post(url("diagnostic_submit", tenant, pk=foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_submitted


def test_a_refused_answer_says_why_with_the_text_escaped(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 1)], max_points=3)
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    with in_scope(tenant):
        criterion = version.criteria.get()
        company_services.exclude_company(
            company=leader.company, reason="<b>Charte</b> non respectée", actor=None
        )
    client.force_login(leader)
    response = client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "2"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert body.startswith('<span class="text-danger">')
    assert "&lt;b&gt;Charte&lt;/b&gt; non respectée" in body and "<b>" not in body
    with in_scope(tenant):
        assert not Answer.objects.exists()
