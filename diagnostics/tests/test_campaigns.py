"""Campaigns: invitations and reminders sent once through the mailer, response rate, aggregate,
XLSX."""

import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from companies.models import Company
from diagnostics import notifications, scoring, selectors, services, tasks
from diagnostics.models import Answer, Campaign, CampaignInvitation, Criterion, Diagnostic
from rse_platform.files.models import GeneratedDocument
from rse_platform.mail import services as mail_services
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory, UserFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that answers "try again later"."""

    def send_messages(self, messages):
        raise SMTPException("451 4.3.0 try again later")


def _sent_campaign(client, tenant, companies, django_capture_on_commit_callbacks):
    """Send a campaign to ``companies``: the recipients are chosen by the register's filters,
    so the others are moved to another size band than the one asked for."""
    from companies.models import Company

    version = grid(tenant, themes=[(1, 1)])
    with scopes_disabled():
        Company.objects.filter(tenant=tenant).update(headcount=5)
        Company.objects.filter(pk__in=[c.pk for c in companies]).update(headcount=300)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("campaign_list", tenant),
            {
                "title": "Autodiagnostic semestriel",
                "version": version.pk,
                "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
                "reminder_days": 7,
                "band": "large",
            },
        )
    return response


def test_a_manager_sends_a_campaign_and_each_invitation_leaves_once(
    client, tenant, make_person, in_scope, django_capture_on_commit_callbacks
):
    companies = [CompanyFactory(tenant=tenant) for _ in range(3)]
    for index, company in enumerate(companies):
        CompanyMemberFactory(
            company=company, user=UserFactory(email=f"dirigeant{index}@example.org")
        )
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _sent_campaign(client, tenant, companies[:2], django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "dirigeant0@example.org",
        "dirigeant1@example.org",
    ]
    with in_scope(tenant):
        campaign = Campaign.objects.get()
        invitations = CampaignInvitation.objects.filter(campaign=campaign)
        assert invitations.filter(sent_at__isnull=False).count() == 2
        assert sorted(OutgoingMail.objects.values_list("key", flat=True)) == sorted(
            f"diagnostics.campaign_invitation:invitation={invitation.pk}"
            for invitation in invitations
        )
    tasks.send_campaign_invitations.delay(tenant.pk, campaign.pk)  # a duplicated task
    with in_scope(tenant):
        CampaignInvitation.objects.update(sent_at=None)  # even with the page's dates lost
    tasks.send_campaign_invitations.delay(tenant.pk, campaign.pk)
    assert len(mail.outbox) == 2


def test_an_invitation_that_fails_is_retried_not_lost(
    client, tenant, make_person, in_scope, settings, django_capture_on_commit_callbacks
):
    company = CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=company, user=UserFactory(email="dirigeante@example.org"))
    client.force_login(make_person(tenant, Role.MANAGER))
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    _sent_campaign(client, tenant, [company], django_capture_on_commit_callbacks)
    with in_scope(tenant):
        [row] = OutgoingMail.objects.all()
    assert row.status == OutgoingMail.Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + mail_services.RETRY_DELAY
    assert mail_services.retry_failed(tenant=tenant, now=later) == 1
    assert [message.to for message in mail.outbox] == [["dirigeante@example.org"]]


def test_invitations_go_only_to_people_holding_a_role_in_their_language(
    client, tenant, make_person, in_scope, django_capture_on_commit_callbacks
):
    company = CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=company, user=UserFactory(email="fr@example.org"))
    CompanyMemberFactory(company=company, user=UserFactory(email="en@example.org", language="en"))
    withdrawn = CompanyMemberFactory(company=company, user=UserFactory(email="parti@example.org"))
    with in_scope(tenant):
        Membership.objects.filter(user=withdrawn.user).delete()
    client.force_login(make_person(tenant, Role.MANAGER))
    _sent_campaign(client, tenant, [company], django_capture_on_commit_callbacks)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert set(subjects) == {"fr@example.org", "en@example.org"}
    assert "vous invite à un autodiagnostic" in subjects["fr@example.org"]
    assert "invites you to a self-assessment" in subjects["en@example.org"]
    [french] = [message for message in mail.outbox if message.to == ["fr@example.org"]]
    assert f"/{tenant.slug}/diagnostics/" in french.body
    assert f"/{tenant.slug}/diagnostics/" in french.alternatives[0][0]


def test_a_campaign_needs_a_future_deadline(client, tenant, make_person, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    CompanyFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        url("campaign_list", tenant),
        {
            "title": "Trop tard",
            "version": version.pk,
            "deadline": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "reminder_days": 7,
        },
    )
    assert response.status_code == 400
    assert "La date limite est passée." in response.content.decode()
    with in_scope(tenant):
        assert not Campaign.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1", "١٢"])
def test_a_bad_filter_or_framework_id_is_a_form_error(client, tenant, make_person, in_scope, value):
    version = grid(tenant, themes=[(1, 1)])
    CompanyFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    deadline = (timezone.localdate() + timedelta(days=3)).isoformat()
    for data in (
        {"version": value},
        {"version": version.pk, "band": value},
        {"version": version.pk, "status": value},
    ):
        response = client.post(
            url("campaign_list", tenant),
            {"title": "Campagne", "deadline": deadline, "reminder_days": 7, **data},
        )
        assert response.status_code == 400
    with in_scope(tenant):
        assert not Campaign.objects.exists()


def _open_campaign(tenant, version, companies, *, days_left=5, **fields):
    now = timezone.now()
    with scopes_disabled():
        campaign = Campaign.objects.create(
            tenant=tenant,
            version=version,
            title="Campagne",
            reminder_days=7,
            deadline=timezone.localdate() + timedelta(days=days_left),
        )
        for company in companies:
            CampaignInvitation.objects.create(
                tenant=tenant, campaign=campaign, company=company, sent_at=now, **fields
            )
    return campaign


def test_reminders_go_once_to_companies_that_have_not_answered(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    late, done = CompanyFactory(tenant=tenant), CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=late, user=UserFactory(email="retard@example.org"))
    CompanyMemberFactory(company=done, user=UserFactory(email="fait@example.org"))
    campaign = _open_campaign(tenant, version, [late, done])
    now = timezone.now()
    answered(done, version, [3], submitted_at=now, campaign=campaign, overall_percent=60)
    with in_scope(tenant):
        assert notifications.remind_campaign_respondents(tenant=tenant, now=now) == 1
        assert notifications.remind_campaign_respondents(tenant=tenant, now=now) == 0
        CampaignInvitation.objects.update(reminded_at=None)  # the ledger still knows
        assert notifications.remind_campaign_respondents(tenant=tenant, now=now) == 0
        [reminder] = OutgoingMail.objects.all()
        invitation = CampaignInvitation.objects.get(company=late)
    assert reminder.key == f"diagnostics.campaign_reminder:invitation={invitation.pk}"
    assert [message.to for message in mail.outbox] == [["retard@example.org"]]
    assert mail.outbox[0].subject == "Rappel : Campagne"


def test_no_reminder_before_the_reminder_date(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    company = CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=company)
    _open_campaign(tenant, version, [company], days_left=20)
    with in_scope(tenant):
        assert notifications.remind_campaign_respondents(tenant=tenant, now=timezone.now()) == 0
    assert mail.outbox == []


def test_reminders_are_wired_to_beat(tenant):
    from rse_platform.tenants import registry

    assert registry.reminders()["diagnostic_campaigns"] is (
        notifications.remind_campaign_respondents
    )


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


def _workbook(client, tenant, campaign):
    """Ask for the campaign's workbook (the worker runs at commit) and download it."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url("campaign_export", tenant, pk=campaign.pk))
    with scopes_disabled():
        document = GeneratedDocument.objects.filter(subject_id=campaign.pk).latest("pk")
    download = client.get(url("document_download", tenant, pk=document.pk))
    return response, b"".join(download.streaming_content)


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
    response, content = _workbook(client, tenant, campaign)
    assert response.url == url("campaign_detail", tenant, pk=campaign.pk) + "#export"
    page = client.get(response.url).content.decode()
    with scopes_disabled():
        document = GeneratedDocument.objects.get(kind="diagnostics.campaign_export")
    assert document.status == GeneratedDocument.Status.READY
    assert url("document_download", tenant, pk=document.pk) in page
    book = load_workbook(BytesIO(content))
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


def test_the_xlsx_export_carries_no_live_formula(client, tenant, make_person, in_scope):
    # One user-typed cell per prefix a spreadsheet reads as a formula.
    version = grid(
        tenant, themes=[(1, 1)] * 5, levels=[("@SUM(A1:A9)", 0)], name='=HYPERLINK("http://x")'
    )
    with in_scope(tenant):
        titles = ["+33 6 12 34 56 78", "-2+3", "@cmd", "\tTabulé", "\rRetour"]
        for theme, title in zip(version.themes.order_by("order"), titles, strict=True):
            theme.title = title
            theme.save(update_fields=["title"])
    campaign = _campaign_with(tenant, version, companies=1, respondents=1)
    with scopes_disabled():
        campaign.title = "=1+1"
        campaign.save(update_fields=["title"])
        Company.objects.filter(pk=campaign.invitations.get().company_id).update(
            name='=HYPERLINK("http://evil.example";"Cliquez")'
        )
        Diagnostic.objects.filter(campaign=campaign).update(level="-Niveau")
    client.force_login(make_person(tenant, Role.MANAGER))
    book = load_workbook(BytesIO(_workbook(client, tenant, campaign)[1]))
    texts = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    expected = [
        "'=1+1",
        '\'=HYPERLINK("http://x") v1',
        # XML reads a stored CR back as LF: the apostrophe in front is what counts.
        *(f"'{title}".replace("\r", "\n") for title in titles),
        '\'=HYPERLINK("http://evil.example";"Cliquez")',
        "'-Niveau",
    ]
    for value in expected:
        assert value in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet for cell in row)


def test_the_campaign_page_never_builds_the_workbook_on_a_get(client, tenant, make_person):
    campaign = _campaign_with(tenant, grid(tenant, themes=[(1, 2)]), companies=1, respondents=1)
    client.force_login(make_person(tenant, Role.MANAGER))
    assert client.get(url("campaign_export", tenant, pk=campaign.pk)).status_code == 405
    with scopes_disabled():
        assert not GeneratedDocument.objects.exists()


def test_the_sql_theme_figures_equal_the_python_scoring(tenant, in_scope):
    # Three themes of uneven maxima; answers give thirds and halves so that rounding matters.
    version = grid(tenant, themes=[(1, 3), (2, 3), (1, 7)])
    campaign = _campaign_with(tenant, version, companies=5, respondents=4)
    with in_scope(tenant):
        diagnostics = list(Diagnostic.objects.filter(campaign=campaign).order_by("pk"))
        for offset, diagnostic in enumerate(diagnostics):
            answers = Answer.objects.filter(diagnostic=diagnostic).order_by("criterion__order")
            for index, answer in enumerate(answers):
                answer.points = Decimal((index + offset) % 4)
                answer.save(update_fields=["points"])
        blank = version.themes.order_by("order", "id").last()
        Answer.objects.filter(diagnostic=diagnostics[0], criterion__theme=blank).delete()
        aggregate = selectors.campaign_aggregate(campaign=campaign)
        per_respondent = [
            selectors.diagnostic_result(diagnostic=diagnostic).themes for diagnostic in diagnostics
        ]
    for index, row in enumerate(aggregate["themes"]):
        # A theme left blank by a respondent has no score there: it is not a 0 in the mean.
        percents = [themes[index].percent for themes in per_respondent if themes[index].is_scored]
        assert row["mean"] == scoring.quantize(sum(percents) / len(percents))
        assert (row["minimum"], row["maximum_reached"]) == (min(percents), max(percents))
    assert len(percents) == 3  # the blank theme is the last one
    assert aggregate["respondents"] == 4


def test_the_campaign_list_costs_the_same_at_two_sizes(client, tenant, make_person, page_queries):
    client.force_login(make_person(tenant, Role.MANAGER))
    version = grid(tenant, themes=[(1, 2)])
    _campaign_with(tenant, version, companies=2, respondents=1)
    small = page_queries(url("campaign_list", tenant))
    for _ in range(3):
        _campaign_with(tenant, version, companies=40, respondents=30)
    assert page_queries(url("campaign_list", tenant)) == small


def test_the_campaign_list_counts_without_joining_invitations_and_diagnostics(tenant, in_scope):
    version = grid(tenant, themes=[(1, 2)])
    campaign = _campaign_with(tenant, version, companies=6, respondents=4)
    with in_scope(tenant):
        Diagnostic.objects.filter(campaign=campaign).filter(
            pk=Diagnostic.objects.filter(campaign=campaign).first().pk
        ).update(status=Diagnostic.Status.DRAFT, submitted_at=None)
        with CaptureQueriesContext(connection) as queries:
            row = selectors.campaigns(tenant=tenant).get(pk=campaign.pk)
    assert (row.invited, row.started, row.responded) == (6, 1, 3)
    # The old query LEFT JOINed invitations and diagnostics: their product, counted DISTINCT.
    assert "LEFT OUTER JOIN" not in queries[0]["sql"]


# --- A new self-assessment and the campaigns: asked, never silently joined -----------------------


def test_a_new_diagnostic_never_joins_a_campaign_the_company_already_answered(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    company = CompanyFactory(tenant=tenant)
    campaign = _open_campaign(tenant, version, [company], days_left=20)
    answered(company, version, [3], submitted_at=timezone.now(), campaign=campaign)
    with in_scope(tenant):
        again = services.start_diagnostic(company=company, version=version, actor=None)
        assert again.campaign is None
        assert selectors.open_campaign_for(company=company, version=version) is None
        # Asked explicitly, it is refused with the reason.
        with pytest.raises(ValidationError):
            services.start_diagnostic(
                company=company, version=version, actor=None, campaign=campaign
            )
        campaign_row = selectors.campaigns(tenant=tenant).get(pk=campaign.pk)
    assert (campaign_row.responded, campaign_row.started) == (1, 0)


def test_the_start_form_asks_whether_it_answers_the_open_campaign(
    client, tenant, make_person, in_scope
):
    leader = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=company, user=leader)
    version = grid(tenant, themes=[(1, 1)])
    campaign = _open_campaign(tenant, version, [company], days_left=20)
    client.force_login(leader)
    page = client.get(url("diagnostic_list", tenant)).content.decode()
    [checkbox] = re.findall(r'<input type="checkbox" name="join_campaign"[^>]*>', page)
    assert "checked" in checkbox  # ticked by default: the answer it most likely is
    assert campaign.title in page
    # Unticked: the self-assessment is the company's own, outside the campaign.
    client.post(url("diagnostic_list", tenant), {"company": company.pk, "version": version.pk})
    with in_scope(tenant):
        diagnostic = Diagnostic.objects.get(company=company)
    assert diagnostic.campaign is None
    # Ticked on coming back: the draft now answers the campaign.
    client.post(
        url("diagnostic_list", tenant),
        {"company": company.pk, "version": version.pk, "join_campaign": "on"},
    )
    diagnostic.refresh_from_db()
    assert diagnostic.campaign == campaign
    with in_scope(tenant):
        assert Diagnostic.objects.filter(company=company).count() == 1


def test_the_start_form_does_not_ask_once_the_campaign_is_answered(client, tenant, make_person):
    leader = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=company, user=leader)
    version = grid(tenant, themes=[(1, 1)])
    campaign = _open_campaign(tenant, version, [company], days_left=20)
    answered(company, version, [3], submitted_at=timezone.now(), campaign=campaign)
    client.force_login(leader)
    page = client.get(url("diagnostic_list", tenant)).content.decode()
    assert 'name="join_campaign"' not in page
    response = client.post(
        url("diagnostic_list", tenant),
        {"company": company.pk, "version": version.pk, "join_campaign": "on"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Diagnostic.objects.filter(campaign=campaign).count() == 1


def test_campaign_figures_count_only_submitted_diagnostics(client, tenant, make_person):
    version = grid(tenant, themes=[(1, 2)])
    campaign = _campaign_with(tenant, version, companies=3, respondents=1)
    with scopes_disabled():
        company = (
            campaign.invitations.exclude(
                company__in=Diagnostic.objects.filter(campaign=campaign).values("company")
            )
            .first()
            .company
        )
    answered(company, version, [5, 5], campaign=campaign)  # a draft, fully answered
    client.force_login(make_person(tenant, Role.MANAGER))
    aggregate = client.get(url("campaign_detail", tenant, pk=campaign.pk)).context["aggregate"]
    assert aggregate["respondents"] == 1
    assert aggregate["themes"][0]["mean"] == Decimal("50.00")  # the draft's 100 % is not in it


def test_the_recipients_filter_by_state_and_page_at_a_constant_cost(
    client, tenant, make_person, page_queries
):
    version = grid(tenant, themes=[(1, 1)])
    done, started, waiting = (CompanyFactory(tenant=tenant, name=n) for n in ("A", "B", "C"))
    campaign = _open_campaign(tenant, version, [done, started, waiting])
    answered(done, version, [3], submitted_at=timezone.now(), campaign=campaign)
    answered(started, version, [3], campaign=campaign)
    client.force_login(make_person(tenant, Role.MANAGER))
    page = url("campaign_detail", tenant, pk=campaign.pk)

    def names(state):
        return [i.company.name for i in client.get(page, {"state": state}).context["table"].rows]

    assert (names("submitted"), names("started"), names("waiting")) == (["A"], ["B"], ["C"])
    small = page_queries(page), page_queries(page + "?state=waiting&page=2")
    more = [CompanyFactory(tenant=tenant) for _ in range(60)]
    with scopes_disabled():
        CampaignInvitation.objects.bulk_create(
            CampaignInvitation(tenant=tenant, campaign=campaign, company=company)
            for company in more
        )
    assert (page_queries(page), page_queries(page + "?state=waiting&page=2")) == small
    assert len(names("waiting")) == 50
