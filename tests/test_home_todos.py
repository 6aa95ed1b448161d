"""The "To do" list of the tenant home: each app's to-dos reach the right person only, through
the permission layer, and leave the list once done."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from clubs import services as club_services
from clubs.models import Event, Registration
from clubs.tests.factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory
from companies import services as company_services
from diagnostics import services as diagnostic_services
from diagnostics.models import Campaign, Diagnostic
from diagnostics.tests.factories import answered, grid
from programmes import services as programme_services
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _todos(client, tenant, source=None):
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    items = [*response.context["todos"], *response.context["more_todos"]]
    return [item for item in items if source is None or item.source == source]


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def leader(tenant):
    """A company leader (company-member role) and their company."""
    person = CompanyMemberFactory(company=CompanyFactory(tenant=tenant, name="Ma Boîte"))
    return person.user, person.company


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT)


def _as(client, person):
    client.force_login(person)
    return client


# --- Charter (programmes) -------------------------------------------------------------------


def test_it_asks_the_leader_to_sign_the_charter_until_they_do(
    client, tenant, leader, manager, in_scope
):
    person, company = leader
    signed = CompanyMemberFactory(company=CompanyFactory(tenant=tenant))
    with in_scope(tenant):
        programme_services.publish_charter_version(
            tenant=tenant, title="Charte", text="v1", actor=manager
        )
        programme_services.sign_charter(company=signed.company, user=signed.user)
    [item] = _todos(_as(client, person), tenant, "charter")
    assert (item.detail, item.url) == (company.name, _url(tenant, "charter"))
    assert _todos(_as(client, signed.user), tenant, "charter") == []
    assert _todos(_as(client, manager), tenant, "charter") == []
    with in_scope(tenant):
        programme_services.sign_charter(company=company, user=person)
    assert _todos(_as(client, person), tenant, "charter") == []


def test_the_charter_to_do_stays_in_its_tenant_and_leaves_excluded_companies_out(
    client, tenant, other_tenant, leader, manager, make_person, in_scope
):
    person, company = leader
    elsewhere = CompanyMemberFactory(company=CompanyFactory(tenant=other_tenant)).user
    with in_scope(tenant):
        programme_services.publish_charter_version(
            tenant=tenant, title="Charte", text="v1", actor=manager
        )
    assert _todos(_as(client, elsewhere), other_tenant, "charter") == []
    with in_scope(tenant):
        company_services.exclude_company(company=company, reason="Charte rompue", actor=manager)
    assert _todos(_as(client, person), tenant, "charter") == []


# --- Self-assessments (diagnostics) ---------------------------------------------------------


def test_it_shows_the_leader_their_self_assessment_in_progress_until_submitted(
    client, tenant, leader, manager
):
    person, company = leader
    version = grid(tenant, themes=[(1, 3)], name="Enquête")
    draft = answered(company, version, [2])
    answered(CompanyFactory(tenant=tenant), version, [1, 2])  # another company's draft
    [item] = _todos(_as(client, person), tenant, "diagnostic_drafts")
    assert item.detail.startswith("1/3")
    assert "Enquête (v1)" in item.label
    assert item.url == _url(tenant, "diagnostic_fill", pk=draft.pk)
    assert _todos(_as(client, manager), tenant, "diagnostic_drafts") == []
    with scopes_disabled():
        Diagnostic.objects.filter(pk=draft.pk).update(
            status=Diagnostic.Status.SUBMITTED, submitted_at=timezone.now()
        )
    assert _todos(_as(client, person), tenant, "diagnostic_drafts") == []


def test_it_asks_the_leader_to_answer_a_campaign_until_they_start(
    client, tenant, leader, manager, in_scope
):
    person, company = leader
    outsider = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
    version = grid(tenant, themes=[(1, 2)])
    deadline = timezone.localdate() + timedelta(days=30)
    with in_scope(tenant):
        campaign = diagnostic_services.create_campaign(
            tenant=tenant,
            version=version,
            title="Campagne d'automne",
            deadline=deadline,
            companies=[company],
            actor=manager,
        )
    [item] = _todos(_as(client, person), tenant, "diagnostic_campaigns")
    assert campaign.title in item.label and item.due == deadline
    assert _todos(_as(client, outsider), tenant, "diagnostic_campaigns") == []
    with in_scope(tenant):
        diagnostic_services.start_diagnostic(
            company=company, version=version, actor=person, campaign=campaign
        )
    assert _todos(_as(client, person), tenant, "diagnostic_campaigns") == []
    assert len(_todos(_as(client, person), tenant, "diagnostic_drafts")) == 1


def test_it_asks_for_the_review_of_submitted_self_assessments_to_whom_may_review(
    client, tenant, leader, manager, consultant, in_scope
):
    person, followed = leader
    other = CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        company_services.assign_consultant(company=followed, consultant=consultant)
    version = grid(tenant, themes=[(1, 1)])
    now = timezone.now()
    mine = answered(followed, version, [3], submitted_at=now)
    theirs = answered(other, version, [4], submitted_at=now)
    answered(other, version, [1], submitted_at=now - timedelta(days=30))  # superseded
    urls = {item.url for item in _todos(_as(client, manager), tenant, "diagnostic_reviews")}
    assert urls == {
        _url(tenant, "diagnostic_results", pk=mine.pk),
        _url(tenant, "diagnostic_results", pk=theirs.pk),
    }
    [item] = _todos(_as(client, consultant), tenant, "diagnostic_reviews")
    assert item.url == _url(tenant, "diagnostic_results", pk=mine.pk)
    assert _todos(_as(client, person), tenant, "diagnostic_reviews") == []
    with in_scope(tenant):
        diagnostic_services.review(diagnostic=mine, note="Bon début.", actor=consultant)
    assert _todos(_as(client, consultant), tenant, "diagnostic_reviews") == []
    assert len(_todos(_as(client, manager), tenant, "diagnostic_reviews")) == 1


def test_it_asks_the_manager_to_publish_framework_drafts(
    client, tenant, other_tenant, manager, consultant, make_person, in_scope
):
    version = grid(tenant, themes=[(1, 2)], name="Référentiel 6PL")
    with in_scope(tenant):
        draft = diagnostic_services.new_version(version=version, actor=manager)
    elsewhere = grid(other_tenant, themes=[(1, 1)])
    with in_scope(other_tenant):
        diagnostic_services.new_version(
            version=elsewhere, actor=make_person(other_tenant, Role.MANAGER)
        )
    [item] = _todos(_as(client, manager), tenant, "framework_drafts")
    assert "Référentiel 6PL (v2)" in item.label and "2" in item.detail
    assert item.url == _url(tenant, "framework_version", pk=draft.pk)
    assert _todos(_as(client, consultant), tenant, "framework_drafts") == []
    with in_scope(tenant):
        diagnostic_services.publish_version(version=draft, actor=manager)
    assert _todos(_as(client, manager), tenant, "framework_drafts") == []


def test_it_counts_each_open_campaign_s_non_respondents_for_the_manager(
    client, tenant, manager, consultant, in_scope
):
    version = grid(tenant, themes=[(1, 1)])
    first, second, third = (CompanyFactory(tenant=tenant) for _ in range(3))
    with in_scope(tenant):
        campaign = diagnostic_services.create_campaign(
            tenant=tenant,
            version=version,
            title="Campagne printemps",
            deadline=timezone.localdate() + timedelta(days=3),
            companies=[first, second, third],
            actor=manager,
        )
    answered(first, version, [3], submitted_at=timezone.now(), campaign=campaign)
    [item] = _todos(_as(client, manager), tenant, "campaign_answers")
    assert "2" in item.label and "1" in item.detail and "3" in item.detail
    assert item.urgency == 0  # the deadline is three days away
    assert item.url == _url(tenant, "campaign_detail", pk=campaign.pk)
    assert _todos(_as(client, consultant), tenant, "campaign_answers") == []
    for company in (second, third):
        answered(company, version, [3], submitted_at=timezone.now(), campaign=campaign)
    assert _todos(_as(client, manager), tenant, "campaign_answers") == []


def test_a_closed_campaign_is_no_longer_a_to_do(client, tenant, manager, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        campaign = diagnostic_services.create_campaign(
            tenant=tenant,
            version=version,
            title="Campagne close",
            deadline=timezone.localdate(),
            companies=[CompanyFactory(tenant=tenant)],
            actor=manager,
        )
    assert len(_todos(_as(client, manager), tenant, "campaign_answers")) == 1
    with in_scope(tenant):
        Campaign.objects.filter(pk=campaign.pk).update(
            deadline=timezone.localdate() - timedelta(days=1)
        )
    assert _todos(_as(client, manager), tenant, "campaign_answers") == []


def test_the_consultant_sees_the_companies_they_follow_with_their_last_score(
    client, tenant, manager, consultant, in_scope
):
    scored, new, unfollowed = (
        CompanyFactory(tenant=tenant, name=name) for name in ("Notée", "Nouvelle", "Autre")
    )
    with in_scope(tenant):
        for company in (scored, new):
            company_services.assign_consultant(company=company, consultant=consultant)
    version = grid(tenant, themes=[(1, 1)], name="Grille")
    now = timezone.now()
    answered(scored, version, [1], submitted_at=now - timedelta(days=60), overall_percent=20)
    answered(
        scored, version, [3], submitted_at=now, overall_percent=Decimal("62.5"), level="Confirmé"
    )
    items = {item.label: item for item in _todos(_as(client, consultant), tenant)}
    assert {"Notée", "Nouvelle"} <= set(items) and "Autre" not in items
    assert "62,5" in items["Notée"].detail and "Confirmé" in items["Notée"].detail
    assert items["Notée"].url == _url(tenant, "company_detail", pk=scored.pk)
    assert "%" not in items["Nouvelle"].detail and items["Nouvelle"].due is None
    assert _todos(_as(client, manager), tenant, "followed_companies") == []


# --- Events (clubs) -------------------------------------------------------------------------


def test_it_lists_the_events_open_to_the_leader_until_they_register(
    client, tenant, leader, manager, in_scope
):
    person, _company = leader
    club, other_club = ClubFactory(tenant=tenant), ClubFactory(tenant=tenant)
    ClubMemberFactory(club=club, user=person)
    now = timezone.now()
    open_event = EventFactory(tenant=tenant, audience=Event.Audience.OPEN)
    club_event = EventFactory(tenant=tenant, club=club, audience=Event.Audience.CLUB)
    EventFactory(tenant=tenant, club=other_club, audience=Event.Audience.CLUB)
    EventFactory(tenant=tenant, registration_deadline=now - timedelta(hours=1))
    EventFactory(tenant=tenant, status=Event.Status.DRAFT)
    EventFactory(
        tenant=tenant, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-3)
    )
    items = _todos(_as(client, person), tenant, "club_open_events")
    assert [item.url for item in items] == [
        _url(tenant, "event_detail", pk=event.pk) for event in (open_event, club_event)
    ]
    assert _todos(_as(client, manager), tenant, "club_open_events") == []
    with in_scope(tenant):
        club_services.register(event=open_event, user=person)
    [item] = _todos(_as(client, person), tenant, "club_open_events")
    assert item.url == _url(tenant, "event_detail", pk=club_event.pk)


def test_the_people_of_an_excluded_company_are_not_invited_to_register(
    client, tenant, other_tenant, leader, manager, in_scope
):
    person, company = leader
    EventFactory(tenant=tenant, audience=Event.Audience.OPEN)
    EventFactory(tenant=other_tenant, audience=Event.Audience.OPEN)
    assert len(_todos(_as(client, person), tenant, "club_open_events")) == 1
    with in_scope(tenant):
        company_services.exclude_company(company=company, reason="Charte rompue", actor=manager)
    assert _todos(_as(client, person), tenant, "club_open_events") == []


def test_it_shows_the_manager_the_waiting_lists_until_they_empty(
    client, tenant, other_tenant, manager, consultant, in_scope
):
    event = EventFactory(tenant=tenant, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    elsewhere = EventFactory(tenant=other_tenant, capacity=1)
    RegistrationFactory(event=elsewhere)
    RegistrationFactory(
        event=elsewhere, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    [item] = _todos(_as(client, manager), tenant, "club_waiting_lists")
    assert item.url == _url(tenant, "event_detail", pk=event.pk) and "1/1" in item.detail
    assert _todos(_as(client, consultant), tenant, "club_waiting_lists") == []
    with in_scope(tenant):
        club_services.cancel_registration(registration=waiting, actor=manager)
    assert _todos(_as(client, manager), tenant, "club_waiting_lists") == []


def test_it_shows_the_manager_the_next_events_with_their_fill_rate(
    client, tenant, other_tenant, manager, leader
):
    person, _company = leader
    soon = EventFactory(tenant=tenant, capacity=10)
    RegistrationFactory(event=soon)
    unlimited = EventFactory(
        tenant=tenant, capacity=None, starts_at=timezone.now() + timedelta(days=20)
    )
    EventFactory(tenant=tenant, status=Event.Status.DRAFT)
    EventFactory(tenant=other_tenant)
    items = _todos(_as(client, manager), tenant, "club_next_events")
    assert [item.url for item in items] == [
        _url(tenant, "event_detail", pk=event.pk) for event in (soon, unlimited)
    ]
    assert "1/10" in items[0].detail
    assert "/" not in items[1].detail
    assert _todos(_as(client, person), tenant, "club_next_events") == []
