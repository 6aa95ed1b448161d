"""The search page: one box and kind filters, results grouped by kind with their links, the
visibility choices respected (a hidden e-mail never matches nor appears), a fixed number of
queries whatever the number of results."""

import pytest
from django.utils import timezone

from directory.models import Offer
from directory.tests.factories import (
    CompanyListingFactory,
    CompetenceFactory,
    NewsItemFactory,
    OfferFactory,
    PracticeFactory,
    ProfileFactory,
    ResourceFactory,
)
from directory.tests.test_views_people import url
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _search(client, tenant, query, **params):
    return client.get(url(tenant, "search"), {"q": query, **params})


def _groups(response):
    return {
        group["kind"]: [hit.title for hit, _link in group["hits"]]
        for group in response.context["groups"]
    }


@pytest.fixture
def network(tenant, company, leader):
    """One of each kind about waste ("déchets")."""
    waste = CompetenceFactory(tenant=tenant, name="Déchets comme ressource")
    ProfileFactory(tenant=tenant, user=leader, competences=[waste], headline="")
    CompanyListingFactory(company=company, description="Collecte des déchets de chantier")
    practice = PracticeFactory(company=company, title="Zéro déchets au dépôt")
    resource = ResourceFactory(tenant=tenant, title="Fiche réflexe déchets")
    news = NewsItemFactory(tenant=tenant, title="Loi AGEC et déchets du BTP")
    offer = OfferFactory(company=company, title="Benne à déchets à partager")
    return {
        "competence": waste,
        "practice": practice,
        "resource": resource,
        "news": news,
        "offer": offer,
    }


def test_it_finds_every_kind_and_links_each_result(
    client, tenant, manager, leader, company, network
):
    client.force_login(manager)
    response = _search(client, tenant, "déchets")
    assert response.status_code == 200
    assert _groups(response) == {
        "people": [leader.display_name],
        "companies": ["Salti Location"],
        "competences": ["Déchets comme ressource"],
        "practices": ["Zéro déchets au dépôt"],
        "resources": ["Fiche réflexe déchets"],
        "news": ["Loi AGEC et déchets du BTP"],
        "offers": ["Benne à déchets à partager"],
    }
    body = response.content.decode()
    for link in (
        url(tenant, "directory_company", pk=company.pk),
        url(tenant, "practice_detail", pk=network["practice"].pk),
        url(tenant, "resource_detail", pk=network["resource"].pk),
        url(tenant, "offer_detail", pk=network["offer"].pk),
        url(tenant, "news_list") + f"#news-{network['news'].pk}",
        url(tenant, "directory_people") + f"?competence={network['competence'].pk}",
    ):
        assert link in body
    assert 'data-testid="results-people"' in body


def test_the_kind_filters_narrow_the_search(client, tenant, manager, network):
    client.force_login(manager)
    response = _search(client, tenant, "déchets", kinds=["practices", "offers"])
    assert set(_groups(response)) == {"practices", "offers"}


def test_a_hidden_email_never_matches_nor_appears(client, tenant, manager, company):
    hidden = CompanyMemberFactory(
        company=company, user=UserFactory(email="discrete@salti.example.org")
    ).user
    ProfileFactory(tenant=tenant, user=hidden, show_email=False)
    shown = CompanyMemberFactory(
        company=company, user=UserFactory(email="ouverte@salti.example.org")
    ).user
    ProfileFactory(tenant=tenant, user=shown, show_email=True)
    client.force_login(manager)
    response = _search(client, tenant, "salti")
    body = response.content.decode()
    assert "discrete@salti.example.org" not in body
    response = _search(client, tenant, "discrete")
    assert response.context["found"] == 0
    assert "discrete@salti.example.org" not in response.content.decode()
    assert _groups(_search(client, tenant, "ouverte"))["people"] == [shown.display_name]


def test_unlisted_people_drafts_and_withdrawn_offers_are_not_found(
    client, tenant, manager, company, leader
):
    ProfileFactory(tenant=tenant, user=leader, listed=False, headline="Expert déchets")
    PracticeFactory(company=company, title="Brouillon déchets", published=False, published_at=None)
    OfferFactory(
        company=company,
        title="Déchets retirés",
        status=Offer.Status.WITHDRAWN,
        closed_at=timezone.now(),
    )
    client.force_login(manager)
    response = _search(client, tenant, "déchets")
    assert response.context["found"] == 0
    assert 'data-testid="search-nothing"' in response.content.decode()


def test_nothing_crosses_tenants(client, tenant, other_tenant, manager, make_person):
    stranger = CompanyFactory(tenant=other_tenant, name="Déchets Ailleurs")
    CompanyListingFactory(company=stranger)
    PracticeFactory(company=stranger, title="Déchets d'ailleurs")
    client.force_login(manager)
    assert _search(client, tenant, "déchets").context["found"] == 0
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert _search(client, tenant, "déchets").status_code == 404


def test_an_empty_page_says_what_the_search_covers(client, tenant, leader):
    client.force_login(leader)
    response = client.get(url(tenant, "search"))
    assert response.status_code == 200
    assert 'data-testid="search-empty"' in response.content.decode()


def test_a_query_without_words_is_not_run(client, tenant, leader):
    client.force_login(leader)
    response = _search(client, tenant, "&&& !!!")
    assert response.status_code == 200 and response.context["found"] == 0
    assert "letters or digits" in response.content.decode()


def test_a_query_too_long_is_refused_gently(client, tenant, leader):
    client.force_login(leader)
    response = _search(client, tenant, "déchets " * 40)
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "at most 200 characters" in response.content.decode()


def test_every_role_searches(client, tenant, make_person, network):
    for role in Role:
        client.force_login(make_person(tenant, role))
        assert _groups(_search(client, tenant, "déchets"))["practices"] == ["Zéro déchets au dépôt"]


def test_htmx_gets_the_results_only(client, tenant, manager, network):
    client.force_login(manager)
    response = client.get(
        url(tenant, "search"),
        {"q": "déchets"},
        headers={"HX-Request": "true", "HX-Target": "search-results"},
    )
    body = response.content.decode()
    assert "<html" not in body and "Zéro déchets au dépôt" in body


def _one_more_of_each(tenant, competence, index):
    company = CompanyFactory(tenant=tenant, name=f"Déchets Service {index}")
    CompanyListingFactory(company=company, competences=[competence])
    user = CompanyMemberFactory(company=company).user
    ProfileFactory(tenant=tenant, user=user, competences=[competence], headline=f"Déchets {index}")
    CompetenceFactory(tenant=tenant, name=f"Déchets {index}")
    PracticeFactory(company=company, title=f"Déchets pratique {index}")
    ResourceFactory(tenant=tenant, title=f"Déchets fiche {index}")
    NewsItemFactory(tenant=tenant, title=f"Déchets brève {index}")
    OfferFactory(company=company, title=f"Déchets offre {index}")


def test_the_search_costs_the_same_whatever_the_results(client, tenant, manager, page_queries):
    competence = CompetenceFactory(tenant=tenant, name="Déchets comme ressource")
    client.force_login(manager)
    address = url(tenant, "search") + "?q=d%C3%A9chets"
    _one_more_of_each(tenant, competence, 0)
    page_queries(address)
    small = page_queries(address)
    for index in range(1, 7):
        _one_more_of_each(tenant, competence, index)
    assert page_queries(address) == small
