"""The programme team's moves and decisions: the workflow moves with their reasons, the
deliberation (scores side by side, the decision and its corrections), the certificate and its
withdrawal, the panel of the application page and the team's to-dos."""

from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from labels import services
from labels.models import Application, Certificate, Decision, Transition
from labels.tests import factories
from labels.views import manage
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants import registry
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def wave(tenant, manager, ecoride, in_scope):
    with in_scope(tenant):
        return factories.open_wave(ecoride, manager)


def _application(tenant, wave, manager, status, company=None):
    application = services.start_application(
        wave=wave, company=company or CompanyFactory(tenant=tenant), actor=manager
    )
    return factories.put(application, status)


@pytest.fixture
def application(tenant, manager, company, wave, in_scope):
    with in_scope(tenant):
        return _application(tenant, wave, manager, S.JURY, company)


@pytest.fixture
def other_manager(other_tenant, make_person):
    return make_person(other_tenant, Role.MANAGER)


def _scored(application, jurors, manager, rows):
    """Each juror of ``jurors`` scores the three ECORIDE parts with a row of ``rows``."""
    assignments = services.assign_jurors(application=application, jurors=jurors, actor=manager)
    parts = factories.jury_parts(application.wave.label)
    for assignment, values in zip(assignments, rows, strict=True):
        for part, value in zip(parts, values, strict=True):
            services.save_score(
                assignment=assignment,
                part=part,
                value=Decimal(value),
                actor=assignment.juror,
                comment=f"Avis {assignment.juror.email}",
            )
        services.submit_scores(assignment=assignment, actor=assignment.juror)
    return assignments


# --- Moves --------------------------------------------------------------------------------------


def test_it_moves_a_submitted_application_once_eligibility_is_checked(
    client, tenant, manager, wave, in_scope
):
    with in_scope(tenant):
        application = _application(tenant, wave, manager, S.SUBMITTED)
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_move", pk=application.pk),
        {"move-to": "eligibility_checked", "move-reason": ""},
    )
    assert response["Location"] == url(tenant, "application_detail", pk=application.pk)
    with in_scope(tenant):
        application.refresh_from_db()
        assert application.status == S.ELIGIBILITY_CHECKED
        assert Transition.objects.filter(application=application).count() == 1


def test_returning_to_the_company_needs_a_reason(client, tenant, manager, wave, in_scope):
    with in_scope(tenant):
        application = _application(tenant, wave, manager, S.SUBMITTED)
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_move", pk=application.pk),
        {"move-to": "draft", "move-reason": "  "},
        follow=True,
    )
    assert "Say why." in response.content.decode()
    with in_scope(tenant):
        application.refresh_from_db()
        assert application.status == S.SUBMITTED
        assert not Transition.objects.filter(application=application).exists()
    client.post(
        url(tenant, "application_move", pk=application.pk),
        {"move-to": "draft", "move-reason": "Il manque le bilan carbone."},
    )
    with in_scope(tenant):
        assert Transition.objects.get(application=application).reason == (
            "Il manque le bilan carbone."
        )


@pytest.mark.parametrize("target", ["decided", "certified", "submitted", "expired", "nowhere"])
def test_moves_that_are_not_the_team_s_to_make_here_are_refused(
    client, tenant, manager, application, in_scope, target
):
    client.force_login(manager)
    client.post(url(tenant, "application_move", pk=application.pk), {"move-to": target})
    with in_scope(tenant):
        application.refresh_from_db()
        assert application.status == S.JURY
        assert not Transition.objects.filter(application=application).exists()


def test_a_refused_move_shows_the_service_message(client, tenant, manager, wave, in_scope):
    """A decided application that was not deferred does not go back to the jury."""
    with in_scope(tenant):
        application = _application(tenant, wave, manager, S.DECIDED)
        decision = Decision.objects.create(
            tenant=tenant,
            application=application,
            outcome=Decision.Outcome.REFUSED,
            total=Decimal("30"),
            rationale="Insuffisant",
        )
        Application.objects.filter(pk=application.pk).update(decision=decision)
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_move", pk=application.pk),
        {"move-to": "jury", "move-reason": "Nouvel examen"},
        follow=True,
    )
    assert "Only a deferred application goes back to the jury" in response.content.decode()
    with in_scope(tenant):
        application.refresh_from_db()
        assert application.status == S.DECIDED
        assert not Transition.objects.filter(application=application).exists()


def test_a_move_outside_the_workflow_shows_why(client, tenant, manager, application):
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_move", pk=application.pk), {"move-to": "expired"}, follow=True
    )
    assert "cannot go from" in response.content.decode()


def test_a_deferred_application_goes_back_to_the_jury_with_a_reason(
    client, tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        _scored(application, jurors[:1], manager, [("40", "30", "5")])
        services.decide(
            application=application,
            actor=manager,
            rationale="Pièces manquantes",
            defer=True,
            reason="Attendre l'audit",
        )
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_move", pk=application.pk),
        {"move-to": "jury", "move-reason": "Pièces reçues"},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        application.refresh_from_db()
    assert application.status == S.JURY


def test_a_juror_may_not_move_an_application(client, tenant, application, jurors, in_scope):
    client.force_login(jurors[0])
    response = client.post(
        url(tenant, "application_move", pk=application.pk), {"move-to": "withdrawn"}
    )
    assert response.status_code == 403
    with in_scope(tenant):
        application.refresh_from_db()
    assert application.status == S.JURY


def test_another_programme_s_application_is_not_moved(
    client, other_tenant, other_manager, application, in_scope, tenant
):
    client.force_login(other_manager)
    response = client.post(
        url(other_tenant, "application_move", pk=application.pk), {"move-to": "withdrawn"}
    )
    assert response.status_code == 404
    with in_scope(tenant):
        application.refresh_from_db()
    assert application.status == S.JURY


def test_the_move_page_answers_post_only(client, tenant, manager, application):
    client.force_login(manager)
    assert client.get(url(tenant, "application_move", pk=application.pk)).status_code == 405


# --- Deliberation -------------------------------------------------------------------------------


def test_the_deliberation_shows_scores_side_by_side_with_the_outlier_marked(
    client, tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        _scored(
            application,
            jurors[:3],
            manager,
            [("40", "30", "8"), ("40", "30", "8"), ("10", "30", "8")],
        )
    client.force_login(manager)
    response = client.get(url(tenant, "application_deliberation", pk=application.pk))
    assert response.status_code == 200
    first = response.context["rows"][0]
    assert first["mean"] == Decimal("30.00") and first["spread"] == Decimal("30.00")
    assert [cell["outlier"] for cell in first["cells"]].count(True) == 1
    page = response.content.decode()
    assert "score-outlier" in page and "apart" in page
    assert response.context["preview"]["total"] == Decimal("68.00")
    assert response.context["preview"]["level"] == "Silver"


def test_the_preview_says_what_is_missing(client, tenant, manager, application):
    client.force_login(manager)
    response = client.get(url(tenant, "application_deliberation", pk=application.pk))
    assert "Nothing recorded yet for" in response.context["preview"]["error"]


def test_it_records_the_decision_with_its_deliberation(
    client, tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        _scored(application, jurors[:2], manager, [("45", "35", "9"), ("41", "33", "7")])
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_deliberation", pk=application.pk),
        {"deliberation": "Débat sur l'éco-conception.", "rationale": "Démarche exemplaire."},
    )
    assert response["Location"] == url(tenant, "application_deliberation", pk=application.pk)
    with in_scope(tenant):
        application.refresh_from_db()
        decision = application.decision
    assert application.status == S.DECIDED
    assert (decision.outcome, decision.level, decision.total) == ("granted", "Gold", Decimal("85"))
    assert decision.deliberation == "Débat sur l'éco-conception."


def test_a_decision_without_a_rationale_writes_nothing(
    client, tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        _scored(application, jurors[:1], manager, [("45", "35", "9")])
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_deliberation", pk=application.pk),
        {"deliberation": "Notes", "rationale": ""},
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not Decision.objects.filter(application=application).exists()


def test_a_decision_before_any_score_shows_the_service_message(
    client, tenant, manager, application, in_scope
):
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_deliberation", pk=application.pk), {"rationale": "Trop tôt"}
    )
    assert response.status_code == 400
    assert "Nothing recorded yet for" in response.content.decode()
    with in_scope(tenant):
        assert not Decision.objects.filter(application=application).exists()


def test_a_deferral_needs_its_reason(client, tenant, manager, application, jurors, in_scope):
    with in_scope(tenant):
        _scored(application, jurors[:1], manager, [("45", "35", "9")])
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_deliberation", pk=application.pk),
        {"rationale": "À revoir", "defer": "on", "reason": ""},
    )
    assert response.status_code == 400
    assert "Say why the decision is deferred" in response.content.decode()
    with in_scope(tenant):
        assert not Decision.objects.filter(application=application).exists()


def test_a_published_decision_is_corrected_by_a_new_one_with_its_reason(
    client, tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        _scored(application, jurors[:1], manager, [("45", "35", "9")])
        first = services.decide(application=application, actor=manager, rationale="Très bien")
    client.force_login(manager)
    page = client.get(url(tenant, "application_deliberation", pk=application.pk))
    assert page.context["correction"] and "Correct the decision" in page.content.decode()
    refused = client.post(
        url(tenant, "application_deliberation", pk=application.pk),
        {"rationale": "Erreur de saisie", "reason": ""},
    )
    assert refused.status_code == 400
    client.post(
        url(tenant, "application_deliberation", pk=application.pk),
        {"rationale": "Report demandé", "defer": "on", "reason": "Pièce manquante"},
    )
    with in_scope(tenant):
        application.refresh_from_db()
        first.refresh_from_db()
        assert application.decision.supersedes == first
        assert application.decision.outcome == "deferred"
        assert first.outcome == "granted" and first.rationale == "Très bien"
    history = client.get(url(tenant, "application_deliberation", pk=application.pk))
    assert [d.pk for d in history.context["decisions"]] == [application.decision_id, first.pk]
    assert "superseded" in history.content.decode()


def test_a_certified_application_offers_no_decision_form(
    client, tenant, manager, application, jurors, in_scope
):
    with in_scope(tenant):
        _scored(application, jurors[:1], manager, [("45", "35", "9")])
        services.decide(application=application, actor=manager, rationale="Très bien")
        services.certify(application=application, actor=manager)
    client.force_login(manager)
    response = client.get(url(tenant, "application_deliberation", pk=application.pk))
    assert response.context["form"] is None
    posted = client.post(
        url(tenant, "application_deliberation", pk=application.pk),
        {"rationale": "Changement", "reason": "Essai"},
    )
    assert posted.status_code == 302
    with in_scope(tenant):
        assert Decision.objects.filter(application=application).count() == 1


def test_a_juror_may_not_open_the_deliberation(client, tenant, application, jurors, in_scope):
    with in_scope(tenant):
        services.assign_jurors(application=application, jurors=[jurors[0]], actor=jurors[0])
    client.force_login(jurors[0])
    assert client.get(url(tenant, "application_deliberation", pk=application.pk)).status_code == 403


def test_another_programme_s_deliberation_is_not_found(
    client, other_tenant, other_manager, application
):
    client.force_login(other_manager)
    response = client.get(url(other_tenant, "application_deliberation", pk=application.pk))
    assert response.status_code == 404


def test_the_deliberation_costs_the_same_for_1_and_4_jurors(
    client, tenant, manager, wave, jurors, in_scope, page_queries
):
    with in_scope(tenant):
        small = _application(tenant, wave, manager, S.JURY)
        _scored(small, jurors[:1], manager, [("45", "35", "9")])
        big = _application(tenant, wave, manager, S.JURY)
        _scored(
            big,
            jurors,
            manager,
            [("45", "35", "9"), ("40", "30", "8"), ("10", "5", "1"), ("42", "31", "9")],
        )
    client.force_login(manager)
    assert page_queries(url(tenant, "application_deliberation", pk=small.pk)) == page_queries(
        url(tenant, "application_deliberation", pk=big.pk)
    )


# --- Certificates -------------------------------------------------------------------------------


@pytest.fixture
def granted(tenant, manager, application, jurors, in_scope):
    with in_scope(tenant):
        _scored(application, jurors[:1], manager, [("45", "35", "9")])
        services.decide(application=application, actor=manager, rationale="Très bien")
    return application


def test_it_certifies_a_granted_application(client, tenant, manager, granted, in_scope):
    client.force_login(manager)
    response = client.post(url(tenant, "application_certify", pk=granted.pk))
    assert response["Location"] == url(tenant, "application_detail", pk=granted.pk)
    with in_scope(tenant):
        certificate = Certificate.objects.get(application=granted)
        granted.refresh_from_db()
    assert granted.status == S.CERTIFIED and certificate.level == "Gold"
    # Its PDF is asked of the worker at once (eager here: rendered already).
    with in_scope(tenant):
        assert GeneratedDocument.objects.filter(
            kind="labels.certificate", subject_id=certificate.pk
        ).exists()


def test_a_refused_certification_shows_the_service_message(
    client, tenant, manager, application, in_scope
):
    client.force_login(manager)
    response = client.post(url(tenant, "application_certify", pk=application.pk), follow=True)
    assert "cannot go from" in response.content.decode()
    with in_scope(tenant):
        assert not Certificate.objects.filter(application=application).exists()


def test_a_company_member_may_not_certify(client, tenant, leader, granted, in_scope):
    client.force_login(leader)
    assert client.post(url(tenant, "application_certify", pk=granted.pk)).status_code == 403
    with in_scope(tenant):
        assert not Certificate.objects.filter(application=granted).exists()


def test_another_programme_may_not_certify(client, other_tenant, other_manager, granted, in_scope):
    client.force_login(other_manager)
    response = client.post(url(other_tenant, "application_certify", pk=granted.pk))
    assert response.status_code == 404


@pytest.fixture
def certificate(tenant, manager, granted, in_scope):
    with in_scope(tenant):
        return services.certify(application=granted, actor=manager)


def test_it_withdraws_a_certificate_with_its_reason(client, tenant, manager, certificate, in_scope):
    client.force_login(manager)
    assert client.get(url(tenant, "certificate_withdraw", pk=certificate.pk)).status_code == 200
    response = client.post(
        url(tenant, "certificate_withdraw", pk=certificate.pk),
        {"reason": "Manquement à la charte"},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        certificate.refresh_from_db()
    assert certificate.withdrawn_at is not None
    assert certificate.withdrawn_reason == "Manquement à la charte"


def test_a_withdrawal_without_a_reason_writes_nothing(
    client, tenant, manager, certificate, in_scope
):
    client.force_login(manager)
    response = client.post(url(tenant, "certificate_withdraw", pk=certificate.pk), {"reason": " "})
    assert response.status_code == 400
    with in_scope(tenant):
        certificate.refresh_from_db()
    assert certificate.withdrawn_at is None


def test_a_juror_may_not_withdraw_a_certificate(client, tenant, jurors, certificate, in_scope):
    client.force_login(jurors[0])
    response = client.post(
        url(tenant, "certificate_withdraw", pk=certificate.pk), {"reason": "Intrus"}
    )
    assert response.status_code == 403
    with in_scope(tenant):
        certificate.refresh_from_db()
    assert certificate.withdrawn_at is None


def test_another_programme_s_certificate_is_not_found(
    client, other_tenant, other_manager, certificate
):
    client.force_login(other_manager)
    response = client.get(url(other_tenant, "certificate_withdraw", pk=certificate.pk))
    assert response.status_code == 404


# --- The panel of the application page and the to-dos -------------------------------------------


def _request(tenant, user):
    request = RequestFactory().get("/")
    request.user, request.tenant = user, tenant
    request.membership = Membership.objects.get(tenant=tenant, user=user)
    return request


def test_the_panel_offers_the_moves_of_the_status_and_the_eligibility(
    tenant, manager, wave, in_scope
):
    with in_scope(tenant):
        application = _application(tenant, wave, manager, S.SUBMITTED)
        panel = manage.application_panel_context(_request(tenant, manager), application)[
            "manage_panel"
        ]
    assert [move.to for move in panel["moves"]] == ["draft", "eligibility_checked", "withdrawn"]
    assert [move.reason_required for move in panel["moves"]] == [True, False, False]
    assert panel["eligibility"]["ok"] is True
    assert not panel["may_certify"]


def test_the_panel_renders_for_a_manager(tenant, manager, application, in_scope):
    from django.template.loader import render_to_string

    with in_scope(tenant):
        request = _request(tenant, manager)
        context = manage.application_panel_context(request, application)
        html = render_to_string("labels/manage/_application_panel.html", context, request=request)
    assert url(tenant, "application_move", pk=application.pk) in html
    assert url(tenant, "application_deliberation", pk=application.pk) in html


def test_the_team_s_to_dos_list_what_waits_for_its_move(tenant, manager, wave, jurors, in_scope):
    with in_scope(tenant):
        submitted = _application(tenant, wave, manager, S.SUBMITTED)
        complete = _application(tenant, wave, manager, S.JURY)
        _scored(complete, jurors[:2], manager, [("45", "35", "9"), ("41", "33", "7")])
        waiting = _application(tenant, wave, manager, S.JURY)
        services.assign_jurors(application=waiting, jurors=jurors[:1], actor=manager)
        items = manage.todo_items(_request(tenant, manager))
    urls = [item.url for item in items]
    assert url(tenant, "application_detail", pk=submitted.pk) in urls
    assert url(tenant, "application_deliberation", pk=complete.pk) in urls
    assert url(tenant, "application_deliberation", pk=waiting.pk) not in urls
    assert "labels_manage" in set(registry._TODOS)
