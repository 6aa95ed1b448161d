"""Consultants and support requests: the consultant directory, "request support", the programme
team's answer (a mission through the core hook, or a reply), what the company sees, the to-do."""

import pytest
from django.urls import reverse
from django_scopes import scope

from companies import services as company_services
from directory.models import SupportRequest
from directory.tests.factories import CompanyListingFactory, CompetenceFactory
from directory.tests.factories import ConsultantProfileFactory as ConsultantEntry
from directory.tests.test_views_people import url
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT, first_name="Claire", last_name="Conseil")


def _request(tenant, company, **fields):
    with scope(tenant=tenant):
        fields.setdefault("message", "Besoin d'un bilan carbone.")
        return SupportRequest.objects.create(tenant=tenant, company=company, **fields)


def _requests(tenant, **filters):
    with scope(tenant=tenant):
        return list(SupportRequest.objects.filter(tenant=tenant, **filters))


# --- The consultant directory -------------------------------------------------------------------


def test_the_consultant_list_shows_expertise_and_offers_support(
    client, tenant, leader, company, consultant
):
    ConsultantEntry(tenant=tenant, user=consultant, references="30 PME accompagnées")
    client.force_login(leader)
    response = client.get(url(tenant, "directory_consultants"))
    body = response.content.decode()
    assert "Claire Conseil" in body and "Bilan carbone" in body and "30 PME" in body
    request_url = url(tenant, "support_request", pk=company.pk)
    assert f"{request_url}?consultant={consultant.pk}" in body


def test_followed_companies_show_only_when_the_consultant_agrees(
    client, tenant, leader, company, consultant
):
    CompanyListingFactory(company=company)
    with scope(tenant=tenant):
        company_services.assign_consultant(company=company, consultant=consultant)
    entry = ConsultantEntry(tenant=tenant, user=consultant)
    client.force_login(leader)
    assert "Follows:" not in client.get(url(tenant, "directory_consultants")).content.decode()
    with scope(tenant=tenant):
        entry.show_followed_companies = True
        entry.save()
    body = client.get(url(tenant, "directory_consultants")).content.decode()
    assert "Follows:" in body and "Salti Location" in body


def test_a_manager_gets_no_request_support_button(client, tenant, manager, consultant):
    ConsultantEntry(tenant=tenant, user=consultant)
    client.force_login(manager)
    body = client.get(url(tenant, "directory_consultants")).content.decode()
    assert "Request support" not in body


def test_the_consultants_filter_on_the_taxonomy(client, tenant, leader, make_person):
    gpec = CompetenceFactory(tenant=tenant, name="GPEC", theme="Social")
    mobility = CompetenceFactory(tenant=tenant, name="Plan de mobilité", theme="Mobilité")
    first = make_person(tenant, Role.CONSULTANT, last_name="Alpha")
    second = make_person(tenant, Role.CONSULTANT, last_name="Beta")
    ConsultantEntry(tenant=tenant, user=first, competences=[gpec])
    ConsultantEntry(tenant=tenant, user=second, competences=[mobility])
    client.force_login(leader)

    def names(**query):
        response = client.get(url(tenant, "directory_consultants"), query)
        return [card.name for card in response.context["cards"]]

    assert names() == [first.display_name, second.display_name]
    assert names(competence=mobility.pk) == [second.display_name]
    assert names(theme="Social") == [first.display_name]


def test_the_consultant_list_costs_the_same_with_more_consultants(
    client, tenant, leader, company, make_person, page_queries
):
    competence = CompetenceFactory(tenant=tenant)
    CompanyListingFactory(company=company)

    def more():
        consultant = make_person(tenant, Role.CONSULTANT)
        ConsultantEntry(
            tenant=tenant, user=consultant, competences=[competence], show_followed_companies=True
        )
        with scope(tenant=tenant):
            company_services.assign_consultant(company=company, consultant=consultant)

    client.force_login(leader)
    address = url(tenant, "directory_consultants")
    more()
    page_queries(address)
    small = page_queries(address)
    for _index in range(5):
        more()
    assert page_queries(address) == small


# --- Asking for support -------------------------------------------------------------------------


def test_a_company_asks_for_a_named_consultant(client, tenant, leader, company, consultant):
    ConsultantEntry(tenant=tenant, user=consultant)
    client.force_login(leader)
    address = url(tenant, "support_request", pk=company.pk)
    response = client.get(address, {"consultant": consultant.pk})
    assert response.status_code == 200
    assert f'<option value="{consultant.pk}" selected>' in response.content.decode()
    response = client.post(
        address, {"message": "Personne n'a fait de bilan carbone.", "consultant": consultant.pk}
    )
    (support,) = _requests(tenant)
    assert response.status_code == 302
    assert response.url == url(tenant, "support_detail", pk=support.pk)
    assert (support.company, support.consultant, support.requested_by) == (
        company,
        consultant,
        leader,
    )
    assert support.status == SupportRequest.Status.OPEN


def test_a_request_needs_a_message(client, tenant, leader, company):
    client.force_login(leader)
    response = client.post(url(tenant, "support_request", pk=company.pk), {"message": "  "})
    assert response.status_code == 400
    assert _requests(tenant) == []


def test_a_consultant_outside_the_directory_cannot_be_named(
    client, tenant, leader, company, consultant
):
    client.force_login(leader)  # the consultant has no entry in the consultant directory
    response = client.post(
        url(tenant, "support_request", pk=company.pk),
        {"message": "Aide", "consultant": consultant.pk},
    )
    assert response.status_code == 400
    assert _requests(tenant) == []


def test_the_same_request_waits_only_once(client, tenant, leader, company):
    _request(tenant, company)
    client.force_login(leader)
    response = client.post(url(tenant, "support_request", pk=company.pk), {"message": "Encore"})
    assert response.status_code == 400
    assert "already waiting" in response.content.decode()
    assert len(_requests(tenant)) == 1


def test_nobody_asks_for_another_company(client, tenant, other_leader, company, make_person):
    client.force_login(other_leader)
    address = url(tenant, "support_request", pk=company.pk)
    assert client.post(address, {"message": "Intrus"}).status_code == 404
    client.force_login(make_person(tenant, Role.CONSULTANT))
    assert client.post(address, {"message": "Intrus"}).status_code == 403
    assert _requests(tenant) == []


def test_nobody_asks_for_a_company_of_another_tenant(client, other_tenant, tenant, leader):
    stranger = CompanyFactory(tenant=other_tenant)
    client.force_login(leader)
    address = url(tenant, "support_request", pk=stranger.pk)
    assert client.post(address, {"message": "Intrus"}).status_code == 404
    assert _requests(other_tenant) == []


# --- Following and answering requests -----------------------------------------------------------


def test_a_company_sees_only_its_own_requests(client, tenant, leader, company, other_company):
    _request(tenant, company, message="La nôtre")
    _request(tenant, other_company, message="Celle des voisins")
    client.force_login(leader)
    response = client.get(url(tenant, "support_list"))
    assert [support.company for support in response.context["table"].rows] == [company]


def test_managers_see_the_open_requests_first(client, tenant, manager, company, other_company):
    waiting = _request(tenant, company)
    answered = _request(tenant, other_company)
    with scope(tenant=tenant):
        SupportRequest.objects.filter(pk=answered.pk).update(
            status=SupportRequest.Status.DECLINED, handled_at=waiting.created_at
        )
    client.force_login(manager)
    response = client.get(url(tenant, "support_list"))
    assert [support.pk for support in response.context["table"].rows] == [waiting.pk]
    response = client.get(url(tenant, "support_list"), {"status": "all"})
    assert len(response.context["table"].rows) == 2


def test_consultants_do_not_reach_the_requests(client, tenant, consultant):
    client.force_login(consultant)
    assert client.get(url(tenant, "support_list")).status_code == 403


def test_the_support_list_costs_the_same_with_more_requests(
    client, tenant, manager, consultant, page_queries
):
    ConsultantEntry(tenant=tenant, user=consultant)
    client.force_login(manager)
    address = url(tenant, "support_list")
    _request(tenant, CompanyFactory(tenant=tenant), consultant=consultant)
    page_queries(address)
    small = page_queries(address)
    for _index in range(6):
        _request(tenant, CompanyFactory(tenant=tenant), consultant=consultant)
    assert page_queries(address) == small


def test_a_manager_turns_a_request_into_a_mission(client, tenant, manager, company):
    support = _request(tenant, company)
    client.force_login(manager)
    address = url(tenant, "support_detail", pk=support.pk)
    assert client.get(address).status_code == 200
    response = client.post(address, {"op": "convert", "reply": "Un consultant vous appelle."})
    assert response.status_code == 302
    assert response.url == url(tenant, "mission_create", company_pk=company.pk)
    (support,) = _requests(tenant)
    assert support.status == SupportRequest.Status.CONVERTED and support.handled_by == manager


def test_without_the_mission_hook_a_request_is_only_marked(
    client, tenant, manager, company, monkeypatch
):
    monkeypatch.setattr(registry, "_MISSION_STARTER", {})
    support = _request(tenant, company)
    client.force_login(manager)
    address = url(tenant, "support_detail", pk=support.pk)
    response = client.post(address, {"op": "convert"}, follow=True)
    assert response.redirect_chain[-1][0] == address
    assert "outside the platform" in response.content.decode()
    assert _requests(tenant)[0].status == SupportRequest.Status.CONVERTED


def test_a_manager_declines_with_a_reply_the_company_reads(
    client, tenant, manager, leader, company
):
    support = _request(tenant, company)
    client.force_login(manager)
    address = url(tenant, "support_detail", pk=support.pk)
    response = client.post(address, {"op": "decline", "reply": "Voyez le Club BouRSE."})
    assert response.status_code == 302
    assert _requests(tenant)[0].status == SupportRequest.Status.DECLINED
    client.force_login(leader)
    body = client.get(address).content.decode()
    assert 'data-testid="reply"' in body and "Voyez le Club BouRSE." in body


def test_declining_needs_a_reply(client, tenant, manager, company):
    support = _request(tenant, company)
    client.force_login(manager)
    response = client.post(url(tenant, "support_detail", pk=support.pk), {"op": "decline"})
    assert response.status_code == 400
    assert "Say why the request is declined." in response.content.decode()
    assert _requests(tenant)[0].status == SupportRequest.Status.OPEN


def test_an_answered_request_is_not_answered_twice(client, tenant, manager, company):
    support = _request(tenant, company)
    client.force_login(manager)
    address = url(tenant, "support_detail", pk=support.pk)
    client.post(address, {"op": "decline", "reply": "Non"})
    response = client.post(address, {"op": "convert"}, follow=True)
    assert "already answered" in response.content.decode()
    assert _requests(tenant)[0].status == SupportRequest.Status.DECLINED


def test_the_company_sees_its_request_but_cannot_answer_it(client, tenant, leader, company):
    support = _request(tenant, company)
    client.force_login(leader)
    address = url(tenant, "support_detail", pk=support.pk)
    body = client.get(address).content.decode()
    assert 'data-testid="waiting"' in body and 'name="op"' not in body
    assert client.post(address, {"op": "convert"}).status_code == 403
    assert _requests(tenant)[0].status == SupportRequest.Status.OPEN


def test_another_company_s_request_is_not_found(client, tenant, other_leader, company):
    support = _request(tenant, company)
    client.force_login(other_leader)
    address = url(tenant, "support_detail", pk=support.pk)
    assert client.get(address).status_code == 404
    assert client.post(address, {"op": "convert"}).status_code == 404


def test_a_request_of_another_tenant_is_not_found(client, tenant, other_tenant, manager):
    support = _request(other_tenant, CompanyFactory(tenant=other_tenant))
    client.force_login(manager)
    address = url(tenant, "support_detail", pk=support.pk)
    assert client.post(address, {"op": "decline", "reply": "Non"}).status_code == 404
    assert _requests(other_tenant)[0].status == SupportRequest.Status.OPEN


# --- The programme team's to-do -----------------------------------------------------------------


def test_open_requests_are_the_managers_to_dos(client, tenant, manager, leader):
    for index in range(4):
        _request(tenant, CompanyFactory(tenant=tenant, name=f"Entreprise {index}"))
    client.force_login(manager)
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    todos = [
        item
        for item in response.context["todos"] + response.context["more_todos"]
        if item.source == "directory_support"
    ]
    # Three requests, then "4 support requests waiting in all" leading to the list.
    answers = [item for item in todos if "Answer the support request" in str(item.label)]
    (see_all,) = [item for item in todos if item not in answers]
    assert len(answers) == 3 and see_all.url == url(tenant, "support_list")
    assert "4 support requests waiting in all" in str(see_all.label)
    client.force_login(leader)
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert not [item for item in response.context["todos"] if item.source == "directory_support"]
