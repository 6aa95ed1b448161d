"""An excluded company can neither start a self-assessment nor answer a campaign, and its people
see why; lifting the exclusion restores it all."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from companies import services as company_services
from diagnostics import notifications
from diagnostics.models import Answer, Campaign, CampaignInvitation, Diagnostic
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import DiagnosticFactory, grid

pytestmark = pytest.mark.django_db

REASON = "Manquement répété à la charte des valeurs"


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def excluded(tenant, make_person, in_scope):
    """A company leader whose company was excluded by the manager."""
    manager = make_person(tenant, Role.MANAGER)
    company = CompanyFactory(tenant=tenant, name="Transports Exclus")
    leader = CompanyMemberFactory(company=company).user
    with in_scope(tenant):
        exclusion = company_services.exclude_company(company=company, reason=REASON, actor=manager)
    return {"leader": leader, "company": company, "exclusion": exclusion, "manager": manager}


def test_its_people_see_why_on_the_diagnostics_page(client, tenant, excluded):
    client.force_login(excluded["leader"])
    body = client.get(url("diagnostic_list", tenant)).content.decode()
    assert 'data-testid="exclusion"' in body
    assert "Transports Exclus a été exclue du programme" in body
    assert REASON in body


def test_it_cannot_start_a_self_assessment(client, tenant, excluded, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    client.force_login(excluded["leader"])
    response = client.post(
        url("diagnostic_list", tenant),
        {"company": excluded["company"].pk, "version": version.pk},
    )
    assert response.status_code == 400
    assert REASON in response.content.decode()
    with in_scope(tenant):
        assert not Diagnostic.objects.exists()


def test_it_cannot_answer_a_campaign(client, tenant, excluded, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="Campagne",
            deadline=timezone.localdate() + timedelta(days=10),
        )
    draft = DiagnosticFactory(company=excluded["company"], version=version, campaign=campaign)
    with in_scope(tenant):
        criterion = version.criteria.get()
    client.force_login(excluded["leader"])
    page = client.get(url("diagnostic_fill", tenant, pk=draft.pk)).content.decode()
    assert REASON in page
    response = client.post(
        url("diagnostic_answer", tenant, pk=draft.pk, criterion_pk=criterion.pk),
        {"choice": "5"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400 and REASON in response.content.decode()
    client.post(url("diagnostic_submit", tenant, pk=draft.pk))
    with in_scope(tenant):
        assert not Answer.objects.exists()
        draft.refresh_from_db()
    assert not draft.is_submitted


def test_it_is_neither_invited_nor_reminded(client, tenant, excluded, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    client.force_login(excluded["manager"])
    response = client.post(
        url("campaign_list", tenant),
        {
            "title": "Campagne d'automne",
            "version": version.pk,
            "deadline": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "reminder_days": 7,
        },
    )
    # The filters chose only the excluded company: it is left out, so nothing is sent.
    body = response.content.decode()
    assert response.status_code == 400 and "1 entreprise exclue est laissée de côté" in body
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="Campagne d'avant l'exclusion",
            deadline=timezone.localdate() + timedelta(days=5),
        )
        CampaignInvitation.objects.create(
            tenant=tenant, campaign=campaign, company=excluded["company"]
        )
    with in_scope(tenant):
        assert notifications.campaign_invitations(campaign=campaign) == 0
        assert notifications.remind_campaign_respondents(tenant=tenant, now=timezone.now()) == 0
    assert mail.outbox == []


def test_lifting_the_exclusion_restores_it(client, tenant, excluded, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        company_services.lift_exclusion(exclusion=excluded["exclusion"], actor=excluded["manager"])
    client.force_login(excluded["leader"])
    body = client.get(url("diagnostic_list", tenant)).content.decode()
    assert 'data-testid="exclusion"' not in body
    response = client.post(
        url("diagnostic_list", tenant),
        {"company": excluded["company"].pk, "version": version.pk},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        diagnostic = Diagnostic.objects.get()
        criterion = version.criteria.get()
    client.post(
        url("diagnostic_answer", tenant, pk=diagnostic.pk, criterion_pk=criterion.pk),
        {"choice": "5"},
    )
    with in_scope(tenant):
        assert Answer.objects.get().choice == "5"
