"""Lists cost a fixed number of queries, whatever their length."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from diagnostics.models import Campaign, CampaignInvitation
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db


def _cost(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_diagnostic_list_and_home_panel_cost_the_same_with_more_rows(
    client, tenant, make_person
):
    client.force_login(make_person(tenant, Role.MANAGER))
    version = grid(tenant, themes=[(1, 1)])

    def add(count):
        for _ in range(count):
            answered(CompanyFactory(tenant=tenant), version, [3], submitted_at=timezone.now())

    add(2)
    urls = [
        reverse(name, kwargs={"tenant_slug": tenant.slug})
        for name in ("diagnostic_list", "tenant_home")
    ]
    small = [_cost(client, url) for url in urls]
    add(20)
    assert [_cost(client, url) for url in urls] == small


def test_the_campaign_list_costs_the_same_with_more_campaigns(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    version = grid(tenant, themes=[(1, 1)])
    companies = [CompanyFactory(tenant=tenant) for _ in range(3)]

    def add(count):
        with scopes_disabled():
            for index in range(count):
                campaign = Campaign.objects.create(
                    tenant=tenant,
                    version=version,
                    title=f"Campagne {index}",
                    deadline=timezone.localdate() + timedelta(days=index),
                )
                CampaignInvitation.objects.bulk_create(
                    CampaignInvitation(tenant=tenant, campaign=campaign, company=company)
                    for company in companies
                )

    add(1)
    url = reverse("campaign_list", kwargs={"tenant_slug": tenant.slug})
    small = _cost(client, url)
    add(15)
    assert _cost(client, url) == small


def test_the_self_assessments_filter_sort_and_page_in_the_database(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    version = grid(tenant, themes=[(1, 1)])
    for index in range(55):
        answered(
            CompanyFactory(tenant=tenant, name=f"Entreprise {index:02d}"),
            version,
            [3],
            submitted_at=timezone.now(),
            overall_percent=index,
        )
    answered(CompanyFactory(tenant=tenant, name="Écoles en cours"), version, [3])
    url = reverse("diagnostic_list", kwargs={"tenant_slug": tenant.slug})
    drafts = client.get(url, {"status": "draft"}).context["table"]
    assert [d.company.name for d in drafts.rows] == ["Écoles en cours"]
    best = client.get(url, {"status": "submitted", "sort": "-score"}).context["table"]
    assert best.count == 55 and best.rows[0].company.name == "Entreprise 54"
    by_name = client.get(url, {"sort": "company"}).context["table"]
    assert by_name.rows[0].company.name == "Écoles en cours"  # É among the E, before "Entreprise"
    small = _cost(client, url + "?page=1"), _cost(client, url + "?page=2&sort=-score")
    for _ in range(30):
        answered(CompanyFactory(tenant=tenant), version, [3], submitted_at=timezone.now())
    assert (_cost(client, url + "?page=1"), _cost(client, url + "?page=2&sort=-score")) == small


def test_the_campaign_form_counts_the_recipients_its_filters_choose(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    CompanyFactory(tenant=tenant, headcount=300)
    CompanyFactory(tenant=tenant, headcount=5)
    response = client.get(
        reverse("campaign_list", kwargs={"tenant_slug": tenant.slug}),
        {"band": "large"},
        headers={"HX-Request": "true", "HX-Target": "recipient-count"},
    )
    assert response.context["count"] == 1 and "<html" not in response.content.decode()
