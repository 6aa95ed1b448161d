"""The directory's search: every kind, what people show and nothing else, roles and tenants, a
fixed number of queries whatever the results; and, on PostgreSQL, French stemming without
accents, the ranking and the GIN indexes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from directory import search
from directory.models import Competence, NewsItem, Offer, Practice, Resource
from directory.tests.factories import (
    CompanyListingFactory,
    CompetenceFactory,
    NewsItemFactory,
    OfferFactory,
    PracticeFactory,
    ProfileFactory,
    ResourceFactory,
    viewer,
)
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _search(tenant, who, query, **options):
    with scope(tenant=tenant):
        return search.search(tenant=tenant, viewer=viewer(who, tenant), query=query, **options)


def _titles(results, kind):
    return [hit.title for hit in results[kind]]


@pytest.fixture
def network(tenant, company):
    """One of each kind about waste ("déchets"), in ``company``."""
    waste = CompetenceFactory(tenant=tenant, name="Déchets comme ressource", theme="Environnement")
    CompanyListingFactory(company=company, description="Collecte des déchets de chantier")
    PracticeFactory(company=company, title="Zéro déchets au dépôt", theme="Déchets")
    PracticeFactory(company=company, title="Brouillon déchets", published=False, published_at=None)
    ResourceFactory(tenant=tenant, title="Fiche réflexe déchets", theme="Déchets")
    NewsItemFactory(tenant=tenant, title="Loi AGEC et déchets du BTP")
    OfferFactory(company=company, title="Benne à déchets à partager")
    OfferFactory(
        company=company,
        title="Déchets retirés",
        status=Offer.Status.WITHDRAWN,
        closed_at=timezone.now(),
    )
    return waste


def test_it_finds_each_kind(tenant, network, manager, leader):
    ProfileFactory(tenant=tenant, user=leader, competences=[network], headline="")
    results = _search(tenant, manager, "déchets")
    assert _titles(results, "competences") == ["Déchets comme ressource"]
    assert _titles(results, "companies") == ["Salti Location"]
    assert _titles(results, "practices") == ["Zéro déchets au dépôt"]  # no draft
    assert _titles(results, "resources") == ["Fiche réflexe déchets"]
    assert _titles(results, "news") == ["Loi AGEC et déchets du BTP"]
    assert _titles(results, "offers") == ["Benne à déchets à partager"]  # not the withdrawn one
    assert _titles(results, "people") == [leader.display_name]


def test_every_word_must_match(tenant, network, manager):
    results = _search(tenant, manager, "déchets BTP")
    assert _titles(results, "news") == ["Loi AGEC et déchets du BTP"]
    assert _titles(results, "offers") == []


def test_kinds_and_limit(tenant, network, manager, company):
    PracticeFactory(company=company, title="Déchets verts compostés")
    results = _search(tenant, manager, "déchets", kinds=["practices"], limit=1)
    assert list(results) == ["practices"] and len(results["practices"]) == 1


def test_a_hidden_email_neither_matches_nor_appears(tenant, manager, company):
    hidden = CompanyMemberFactory(company=company, user=UserFactory(email="cachee@salti.fr")).user
    shown = CompanyMemberFactory(company=company, user=UserFactory(email="visible@salti.fr")).user
    ProfileFactory(tenant=tenant, user=hidden, show_email=False)
    ProfileFactory(tenant=tenant, user=shown, show_email=True)
    assert _titles(_search(tenant, manager, "cachee"), "people") == []
    assert _titles(_search(tenant, manager, "visible"), "people") == [shown.display_name]
    results = _search(tenant, manager, hidden.last_name)
    assert all("cachee" not in repr(hit) for hit in results["people"])


def test_a_hidden_company_neither_matches_nor_appears(tenant, manager, company):
    person = CompanyMemberFactory(company=company).user
    ProfileFactory(tenant=tenant, user=person, show_position=False)
    assert _titles(_search(tenant, manager, "Salti"), "people") == []
    (hit,) = _search(tenant, manager, person.last_name)["people"]
    assert "Salti" not in repr(hit)


def test_a_person_not_listed_never_appears(tenant, manager, leader):
    ProfileFactory(tenant=tenant, user=leader, listed=False, headline="Expert GPEC")
    assert _search(tenant, manager, "GPEC")["people"] == []


def test_a_company_not_listed_never_appears(tenant, manager, company):
    CompanyListingFactory(company=company, listed=False)
    assert _search(tenant, manager, "Salti")["companies"] == []


def test_nothing_for_someone_without_a_role(tenant, other_tenant, network, make_person):
    stranger = make_person(other_tenant, Role.MANAGER)
    assert all(hits == [] for hits in _search(tenant, stranger, "déchets").values())


def test_nothing_of_another_tenant(tenant, other_tenant, network, make_person):
    there = make_person(other_tenant, Role.MANAGER)
    assert all(hits == [] for hits in _search(other_tenant, there, "déchets").values())


def test_an_empty_query_finds_nothing(tenant, network, manager):
    assert all(hits == [] for hits in _search(tenant, manager, "  ' & !").values())


def _fill(tenant, size):
    """``size`` rows of every kind matching "mobilité"."""
    competence = CompetenceFactory(tenant=tenant, name="Plan de mobilité", theme="Mobilité")
    for index in range(size):
        company = CompanyFactory(tenant=tenant, name=f"Mobilité Transports {index}")
        CompanyListingFactory(company=company, competences=[competence])
        person = CompanyMemberFactory(company=company).user
        ProfileFactory(
            tenant=tenant,
            user=person,
            headline="Notre plan de mobilité",
            competences=[competence],
            show_position=True,
        )
        PracticeFactory(company=company, title=f"Plan de mobilité {index}")
        ResourceFactory(tenant=tenant, title=f"Mobilité fiche {index}")
        NewsItemFactory(tenant=tenant, title=f"Mobilité actualité {index}")
        OfferFactory(company=company, title=f"Covoiturage mobilité {index}")
        if index:
            CompetenceFactory(tenant=tenant, name=f"Mobilité {index}")


def _queries(tenant, who):
    with CaptureQueriesContext(connection) as queries:
        results = _search(tenant, who, "mobilité")
    return len(queries), results


def test_it_costs_the_same_for_2_results_as_for_12(tenant, other_tenant, make_person):
    small_manager = make_person(tenant, Role.MANAGER)
    _fill(tenant, 2)
    small, results = _queries(tenant, small_manager)
    assert len(results["people"]) == 2 and len(results["offers"]) == 2
    large_manager = make_person(other_tenant, Role.MANAGER)
    _fill(other_tenant, 12)
    large, results = _queries(other_tenant, large_manager)
    assert len(results["people"]) == 12 and len(results["companies"]) == 12
    assert small == large


# --- PostgreSQL: French stemming, accents, ranking, indexes -------------------------------------


def _postgres():
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (run it through `make test`)")


@pytest.mark.postgres
def test_french_stemming_and_accents(tenant, manager, company):
    _postgres()
    PracticeFactory(company=company, title="Réduire le déchet ultime", theme="")
    NewsItemFactory(tenant=tenant, title="Prix de l'énergie", body="Hausse en 2026.")
    CompetenceFactory(tenant=tenant, name="Mobilité durable", theme="")
    assert _titles(_search(tenant, manager, "déchets"), "practices") == ["Réduire le déchet ultime"]
    assert _titles(_search(tenant, manager, "dechets"), "practices") == ["Réduire le déchet ultime"]
    assert _titles(_search(tenant, manager, "energie"), "news") == ["Prix de l'énergie"]
    assert _titles(_search(tenant, manager, "ÉNERGIES"), "news") == ["Prix de l'énergie"]
    assert _titles(_search(tenant, manager, "mobil"), "competences") == ["Mobilité durable"]


@pytest.mark.postgres
def test_a_title_ranks_above_a_text(tenant, manager, company):
    _postgres()
    PracticeFactory(
        company=company, title="Plan de déplacements", theme="", what_was_done="Moins de déchets."
    )
    PracticeFactory(company=company, title="Tri des déchets", theme="", what_was_done="Tri.")
    hits = _search(tenant, manager, "déchet")["practices"]
    assert [hit.title for hit in hits] == ["Tri des déchets", "Plan de déplacements"]
    assert hits[0].rank > hits[1].rank


@pytest.mark.postgres
def test_people_are_found_by_what_they_show_only(tenant, manager, company):
    _postgres()
    waste = CompetenceFactory(tenant=tenant, name="Économie circulaire")
    hidden = CompanyMemberFactory(company=company, user=UserFactory(email="cachee@salti.fr")).user
    ProfileFactory(
        tenant=tenant, user=hidden, show_email=False, show_position=False, competences=[waste]
    )
    assert _titles(_search(tenant, manager, "economie circulaire"), "people") == [
        hidden.display_name
    ]
    assert _search(tenant, manager, "cachee")["people"] == []
    assert _search(tenant, manager, "Salti")["people"] == []


@pytest.mark.postgres
def test_the_search_reads_the_gin_indexes(tenant, manager):
    _postgres()
    with scopes_disabled():
        for model in (Competence, Practice, Resource, NewsItem, Offer):
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
                    [table, f"{model._meta.model_name}_search"],
                )
                (definition,) = cursor.fetchone()
            assert "USING gin" in definition and "french_unaccent" in definition
            rows = model.objects.annotate(search=search.vector(model)).filter(
                search=search._tsquery(["dechet"])
            )
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
                try:
                    plan = rows.explain()
                finally:
                    cursor.execute("SET enable_seqscan = on")
            assert f"{model._meta.model_name}_search" in plan, plan
