"""The auditor's pages: the applications assigned to them, recording an audit, their home, their
navigation; and the company's "Labels" entry."""

from decimal import Decimal

import pytest
from django.urls import reverse

from labels import services
from labels.models import Application, AuditReport
from labels.tests import factories
from labels.tests.test_views_company import url
from rse_platform.tenants.roles import ROLE_NOT_YET, Role
from tests.factories import CompanyFactory, CompanyMemberFactory, TenantFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def wave(tenant, manager, enr, in_scope):
    with in_scope(tenant):
        return factories.open_wave(enr, manager)


def _assigned(tenant, wave, manager, auditor, in_scope, *, status=S.AUDIT, name=None):
    company = CompanyFactory(tenant=tenant, **({"name": name} if name else {}))
    with in_scope(tenant):
        application = services.start_application(wave=wave, company=company, actor=manager)
        services.assign_auditor(application=application, auditor=auditor, actor=manager)
    return factories.put(application, status)


# --- The list -----------------------------------------------------------------------------------


def test_an_auditor_lists_only_the_applications_assigned_to_them(
    client, tenant, manager, wave, auditor, make_person, in_scope
):
    mine = _assigned(tenant, wave, manager, auditor, in_scope, name="Logistique Durable")
    colleague = make_person(tenant, Role.AUDITOR, email="collegue@certif.example.org")
    _assigned(tenant, wave, manager, colleague, in_scope, name="Transports du Voisin")
    client.force_login(auditor)
    response = client.get(url(tenant, "audit_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Logistique Durable" in body and "Transports du Voisin" not in body
    assert url(tenant, "audit_record", pk=mine.pk) in body


def test_an_auditor_without_assignment_is_told_how_audits_come(client, tenant, auditor):
    client.force_login(auditor)
    body = client.get(url(tenant, "audit_list")).content.decode()
    assert 'data-testid="no-audit"' in body and "The programme team assigns you" in body


def test_the_audit_list_is_the_auditors_only(client, tenant, manager, leader):
    for person in (manager, leader):
        client.force_login(person)
        assert client.get(url(tenant, "audit_list")).status_code == 403


def test_the_audit_list_costs_the_same_with_more_audits(
    client, tenant, manager, wave, auditor, page_queries, in_scope
):
    client.force_login(auditor)
    address = url(tenant, "audit_list")
    _assigned(tenant, wave, manager, auditor, in_scope)
    page_queries(address)
    small = page_queries(address)
    for _index in range(6):
        application = _assigned(tenant, wave, manager, auditor, in_scope)
        with in_scope(tenant):
            factories.audit_score(application, auditor, "60")
    assert page_queries(address) == small


# --- Recording an audit -------------------------------------------------------------------------


def test_the_assigned_auditor_records_the_score_and_report(
    client, tenant, manager, wave, auditor, in_scope
):
    application = _assigned(tenant, wave, manager, auditor, in_scope)
    client.force_login(auditor)
    address = url(tenant, "audit_record", pk=application.pk)
    assert client.get(address).status_code == 200
    response = client.post(
        address, {"score": "82.5", "report": "Entretien sur site, preuves vues."}
    )
    assert response.status_code == 302
    assert response.url == url(tenant, "application_detail", pk=application.pk)
    with in_scope(tenant):
        report = AuditReport.objects.get(application=application)
    assert (report.score, report.auditor) == (Decimal("82.5"), auditor)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"score": "120", "report": "Trop généreux"}, "The audit is scored from 0 to 100."),
        ({"score": "-1", "report": "Négatif"}, "greater than or equal to 0"),
        ({"score": "50", "report": ""}, "This field is required."),
        ({"score": "beaucoup", "report": "Texte"}, "Enter a number."),
    ],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(
    client, tenant, manager, wave, auditor, in_scope, data, message
):
    application = _assigned(tenant, wave, manager, auditor, in_scope)
    client.force_login(auditor)
    response = client.post(url(tenant, "audit_record", pk=application.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    with in_scope(tenant):
        assert not AuditReport.objects.filter(application=application).exists()


def test_an_application_not_at_the_audit_stage_takes_no_audit(
    client, tenant, manager, wave, auditor, in_scope
):
    application = _assigned(tenant, wave, manager, auditor, in_scope, status=S.JURY)
    client.force_login(auditor)
    address = url(tenant, "audit_record", pk=application.pk)
    assert 'data-testid="audit-closed"' in client.get(address).content.decode()
    client.post(address, {"score": "50", "report": "Trop tard"})
    with in_scope(tenant):
        assert not AuditReport.objects.filter(application=application).exists()


def test_another_auditor_and_other_roles_cannot_record_it(
    client, tenant, manager, wave, auditor, leader, make_person, in_scope
):
    application = _assigned(tenant, wave, manager, auditor, in_scope)
    address = url(tenant, "audit_record", pk=application.pk)
    client.force_login(make_person(tenant, Role.AUDITOR, email="autre@certif.example.org"))
    assert client.post(address, {"score": "50", "report": "Intrus"}).status_code == 404
    client.force_login(leader)
    assert client.post(address, {"score": "50", "report": "Intrus"}).status_code == 403
    with in_scope(tenant):
        assert not AuditReport.objects.filter(application=application).exists()


def test_an_application_of_another_tenant_is_not_found_from_one_s_own(
    client, tenant, manager, wave, auditor, make_person, in_scope
):
    application = _assigned(tenant, wave, manager, auditor, in_scope)
    elsewhere = TenantFactory(slug="certif-ailleurs")
    client.force_login(make_person(elsewhere, Role.AUDITOR, email="ailleurs@certif.example.org"))
    response = client.get(url(elsewhere, "audit_record", pk=application.pk))
    assert response.status_code == 404


# --- Home and navigation ------------------------------------------------------------------------


def test_the_auditor_s_home_lists_the_audits_waiting(
    client, tenant, manager, wave, auditor, in_scope
):
    waiting = _assigned(tenant, wave, manager, auditor, in_scope, name="Entrepôts Verts")
    done = _assigned(tenant, wave, manager, auditor, in_scope, name="Quais Propres")
    with in_scope(tenant):
        factories.audit_score(done, auditor, "70")
    client.force_login(auditor)
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    body = response.content.decode()
    panel = body[body.index('data-testid="panel-audits"') :]
    assert "Entrepôts Verts" in panel and "Quais Propres" not in panel
    assert [item.url for item in response.context["todos"]] == [
        url(tenant, "audit_record", pk=waiting.pk)
    ]
    assert response.context["not_yet"] is None and ROLE_NOT_YET.get(Role.AUDITOR) is None
    assert url(tenant, "audit_list") in body  # "Audits" in the navigation


def test_a_company_member_finds_labels_in_the_navigation_and_a_manager_one_labels_entry(
    client, tenant, manager, company
):
    leader = CompanyMemberFactory(company=company).user
    client.force_login(leader)
    home = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert url(tenant, "label_catalogue") in [item["url"] for item in home.context["nav_items"]]
    assert home.context["not_yet"] is None  # labels and the directory are both here now
    client.force_login(manager)
    home = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    labels = [item for item in home.context["nav_items"] if str(item["label"]) == "Labels"]
    assert len(labels) == 1
