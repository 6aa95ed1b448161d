"""Campaigns: invitations and reminders sent once, response rate, aggregate, XLSX."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from diagnostics import services, tasks
from diagnostics.models import Answer, Campaign, CampaignInvitation, Criterion, Diagnostic
from programmes.models import Company
from rse_platform.tenants.roles import Role
from tests.factories import UserFactory

from .factories import CompanyFactory, CompanyMemberFactory, answered, grid

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def test_a_manager_sends_a_campaign_and_each_invitation_leaves_once(
    client, tenant, make_person, in_scope, django_capture_on_commit_callbacks
):
    version = grid(tenant, themes=[(1, 1)])
    companies = [CompanyFactory(tenant=tenant) for _ in range(3)]
    for index, company in enumerate(companies):
        CompanyMemberFactory(
            company=company, user=UserFactory(email=f"dirigeant{index}@example.org")
        )
    client.force_login(make_person(tenant, Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("campaign_list", tenant),
            {
                "title": "Autodiagnostic semestriel",
                "version": version.pk,
                "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
                "reminder_days": 7,
                "companies": [company.pk for company in companies[:2]],
            },
        )
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "dirigeant0@example.org",
        "dirigeant1@example.org",
    ]
    with in_scope(tenant):
        campaign = Campaign.objects.get()
        assert CampaignInvitation.objects.filter(sent_at__isnull=False).count() == 2
    tasks.send_campaign_invitations.delay(tenant.pk, campaign.pk)  # a duplicated task
    assert len(mail.outbox) == 2


def test_a_campaign_needs_a_future_deadline(client, tenant, make_person, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    company = CompanyFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        url("campaign_list", tenant),
        {
            "title": "Trop tard",
            "version": version.pk,
            "deadline": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "reminder_days": 7,
            "companies": [company.pk],
        },
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not Campaign.objects.exists()


def test_reminders_go_once_to_companies_that_have_not_answered(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    late, done = CompanyFactory(tenant=tenant), CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=late, user=UserFactory(email="retard@example.org"))
    CompanyMemberFactory(company=done, user=UserFactory(email="fait@example.org"))
    now = timezone.now()
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="Campagne",
            reminder_days=7,
            deadline=timezone.localdate() + timedelta(days=5),
        )
        for company in (late, done):
            CampaignInvitation.objects.create(
                tenant=tenant, campaign=campaign, company=company, sent_at=now
            )
    answered(done, version, [3], submitted_at=now, campaign=campaign, overall_percent=60)
    with in_scope(tenant):
        assert services.remind_campaign_respondents(tenant=tenant, now=now) == 1
        assert services.remind_campaign_respondents(tenant=tenant, now=now) == 0
    assert [message.to for message in mail.outbox] == [["retard@example.org"]]


def test_no_reminder_before_the_reminder_date(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    company = CompanyFactory(tenant=tenant)
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="Campagne",
            reminder_days=7,
            deadline=timezone.localdate() + timedelta(days=20),
        )
        CampaignInvitation.objects.create(
            tenant=tenant, campaign=campaign, company=company, sent_at=timezone.now()
        )
    with in_scope(tenant):
        assert services.remind_campaign_respondents(tenant=tenant, now=timezone.now()) == 0


def test_a_diagnostic_started_during_a_campaign_belongs_to_it(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    company = CompanyFactory(tenant=tenant)
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="C",
            deadline=timezone.localdate() + timedelta(days=9),
        )
        CampaignInvitation.objects.create(tenant=tenant, campaign=campaign, company=company)
    with in_scope(tenant):
        diagnostic = services.start_diagnostic(company=company, version=version, actor=None)
    assert diagnostic.campaign == campaign


def _campaign_with(tenant, version, companies, respondents):
    """``companies`` invited, the first ``respondents`` of them answered (bulk, for speed)."""
    now = timezone.now()
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant, version=version, title="Campagne", deadline=timezone.localdate()
        )
        rows = Company.objects.bulk_create(
            Company(tenant=tenant, name=f"Société {index:03}") for index in range(companies)
        )
        CampaignInvitation.objects.bulk_create(
            CampaignInvitation(tenant=tenant, campaign=campaign, company=company, sent_at=now)
            for company in rows
        )
        diagnostics = Diagnostic.objects.bulk_create(
            Diagnostic(
                tenant=tenant,
                company=company,
                version=version,
                campaign=campaign,
                status=Diagnostic.Status.SUBMITTED,
                submitted_at=now,
                overall_percent=Decimal("50"),
            )
            for company in rows[:respondents]
        )
        criteria = list(Criterion.objects.filter(version=version).order_by("theme__order", "order"))
        Answer.objects.bulk_create(
            Answer(
                tenant=tenant,
                diagnostic=diagnostic,
                criterion=criterion,
                choice="5" if index % 2 else "0",
                points=Decimal("5") if index % 2 else Decimal("0"),
            )
            for diagnostic in diagnostics
            for index, criterion in enumerate(criteria)
        )
    return campaign


def test_it_aggregates_the_results_per_theme(client, tenant, make_person, in_scope):
    # Each respondent: theme 1 gets 0 + 5 of 10 = 50 %, theme 2 gets 0 + 5 of 10 = 50 %.
    version = grid(tenant, themes=[(1, 2), (1, 2)])
    campaign = _campaign_with(tenant, version, companies=4, respondents=3)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("campaign_detail", tenant, pk=campaign.pk))
    aggregate = response.context["aggregate"]
    assert (aggregate["invited"], aggregate["respondents"], aggregate["rate"]) == (
        4,
        3,
        Decimal("75.00"),
    )
    assert [row["mean"] for row in aggregate["themes"]] == [Decimal("50.00"), Decimal("50.00")]
    assert "75 %" in response.content.decode()


def test_it_exports_the_campaign_to_xlsx(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 2)])
    campaign = _campaign_with(tenant, version, companies=3, respondents=2)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(url("campaign_export", tenant, pk=campaign.pk))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    themes, companies = book.worksheets
    values = list(themes.iter_rows(values_only=True))
    assert values[0][0] == "Campagne"
    labelled = {row[0]: row[1] for row in values if row[0]}
    assert (labelled["Invitées"], labelled["Répondants"]) == (3, 2)
    assert companies.max_row == 4  # header + 3 companies


def test_the_campaign_aggregate_costs_the_same_for_500_companies(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))

    def cost(companies):
        version = grid(tenant, themes=[(1, 5)] * 3)
        campaign = _campaign_with(
            tenant, version, companies=companies, respondents=companies * 4 // 5
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("campaign_detail", tenant, pk=campaign.pk))
        assert response.status_code == 200
        assert response.context["aggregate"]["invited"] == companies
        return len(queries)

    assert cost(10) == cost(500)


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MEMBER, Role.JURY])
def test_only_managers_run_campaigns(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.get(url("campaign_list", tenant)).status_code == 403
