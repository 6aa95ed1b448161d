"""The customer survey: a page without an account, answered once through the link's token, that
names the company and the label and nothing else of the company; and the e-mails' links."""

import pytest
from django.test import Client

from labels import services
from labels.models import Application, CustomerAnswer, CustomerInvitation
from labels.tests import factories
from labels.tests import test_views_company as pages
from labels.tests.test_views_company import english_client, url
from rse_platform.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db
S = Application.Status

# The label with its customer grid, its open wave, the company's application, the fake grids.
label, wave, application, grids = pages.label, pages.wave, pages.application, pages.grids


@pytest.fixture
def invitation(tenant, application, leader, grids, in_scope):
    with in_scope(tenant):
        (invitation,) = services.invite_customers(
            application=application, emails=["achats@client-un.fr"], actor=leader
        )
    return invitation


def test_a_customer_without_an_account_sees_the_questions_and_the_company_s_name_only(
    tenant, company, invitation
):
    response = english_client().get(url(tenant, "customer_survey", token=invitation.token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Numérique Responsable SA" in body and "ENR" in body
    assert body.count('data-testid="question"') == 2
    assert "<legend" in body and "Les délais annoncés sont-ils tenus ?" in body
    assert 'type="radio"' in body
    for private in (company.siret, "achats@client-un.fr", company.commune):
        assert private not in body
    assert response["X-Robots-Tag"] == "noindex"


def test_the_answers_are_scored_and_recorded_once(tenant, invitation, in_scope):
    client = english_client()
    address = url(tenant, "customer_survey", token=invitation.token)
    response = client.post(address, {"q901": "2", "q902": "1"})
    assert response.status_code == 200
    assert 'data-testid="survey-thanks"' in response.content.decode()
    with in_scope(tenant):
        answer = CustomerAnswer.objects.get(invitation=invitation)
        assert answer.answers == {"901": "2", "902": "1"}
        assert float(answer.score) == 75.0
    again = client.get(address)
    assert 'data-testid="survey-answered"' in again.content.decode()
    refused = client.post(address, {"q901": "0", "q902": "0"})
    assert 'data-testid="survey-answered"' in refused.content.decode()
    with in_scope(tenant):
        assert CustomerAnswer.objects.filter(invitation=invitation).count() == 1
        assert CustomerAnswer.objects.get(invitation=invitation).answers["901"] == "2"


def test_a_question_left_unanswered_shows_the_form_again_and_writes_nothing(
    tenant, invitation, in_scope
):
    response = english_client().post(
        url(tenant, "customer_survey", token=invitation.token), {"q901": "2"}
    )
    assert response.status_code == 400
    assert "Choose an answer to this question." in response.content.decode()
    with in_scope(tenant):
        assert not CustomerAnswer.objects.exists()


def test_an_answer_the_scale_does_not_offer_is_refused(tenant, invitation, in_scope):
    response = english_client().post(
        url(tenant, "customer_survey", token=invitation.token), {"q901": "9", "q902": "1"}
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not CustomerAnswer.objects.filter(invitation=invitation).exists()


def test_an_unknown_token_is_not_found(tenant, invitation):
    assert Client().get(url(tenant, "customer_survey", token="inconnu")).status_code == 404


def test_a_token_of_another_tenant_is_not_found(tenant, other_tenant, invitation):
    response = Client().get(url(other_tenant, "customer_survey", token=invitation.token))
    assert response.status_code == 404


def test_a_closed_survey_says_so_and_takes_no_answer(tenant, application, invitation, in_scope):
    factories.put(application, S.DECIDED)
    client = english_client()
    address = url(tenant, "customer_survey", token=invitation.token)
    assert 'data-testid="survey-closed"' in client.get(address).content.decode()
    response = client.post(address, {"q901": "2", "q902": "2"})
    assert 'data-testid="survey-closed"' in response.content.decode()
    with in_scope(tenant):
        assert not CustomerAnswer.objects.exists()
        assert CustomerInvitation.objects.get(pk=invitation.pk).answered_at is None


def test_a_status_e_mail_links_to_the_application_page(
    tenant, application, leader, in_scope, django_capture_on_commit_callbacks
):
    with in_scope(tenant), django_capture_on_commit_callbacks(execute=True):
        services.move(application=application, to=S.WITHDRAWN, actor=leader, reason="Plus tard")
    with in_scope(tenant):
        mail = OutgoingMail.objects.get(tenant=tenant, key__startswith="labels.status:")
    assert url(tenant, "application_detail", pk=application.pk) in mail.body_text
