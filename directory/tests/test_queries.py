"""Every list of the directory costs the same number of queries for a few rows as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from companies import services as company_services
from directory import selectors, services
from directory.tests.factories import (
    CompanyListingFactory,
    CompetenceFactory,
    ConsultantProfileFactory,
    NewsItemFactory,
    OfferFactory,
    PracticeFactory,
    ProfileFactory,
    ResourceFactory,
    viewer,
)
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _fill(tenant, size, make_person):
    manager = make_person(tenant, Role.MANAGER)
    competences = [CompetenceFactory(tenant=tenant, name=f"Compétence {n}") for n in range(2)]
    for index in range(size):
        company = CompanyFactory(tenant=tenant, name=f"Entreprise {index}")
        CompanyListingFactory(company=company, competences=competences)
        person = CompanyMemberFactory(company=company).user
        ProfileFactory(
            tenant=tenant, user=person, competences=competences, show_position=True, show_email=True
        )
        PracticeFactory(company=company, contact=person)
        OfferFactory(company=company)
        ResourceFactory(tenant=tenant)
        NewsItemFactory(tenant=tenant)
        consultant = make_person(tenant, Role.CONSULTANT)
        ConsultantProfileFactory(
            tenant=tenant, user=consultant, competences=competences, show_followed_companies=True
        )
        with scope(tenant=tenant):
            company_services.assign_consultant(company=company, consultant=consultant)
            services.request_support(company=company, actor=person, message="Aide")
    return manager


LISTS = {
    "people": lambda tenant, who: selectors.directory_people(tenant=tenant, viewer=who),
    "companies": lambda tenant, who: selectors.directory_companies(tenant=tenant, viewer=who),
    "practices": lambda tenant, who: selectors.practices(tenant=tenant, viewer=who).items,
    "consultants": lambda tenant, who: selectors.consultants(tenant=tenant, viewer=who),
    "offers": lambda tenant, who: list(selectors.offers(tenant=tenant, viewer=who)),
    "resources": lambda tenant, who: list(selectors.resources(tenant=tenant, viewer=who)),
    "news": lambda tenant, who: selectors.latest_news(tenant=tenant, n=50),
    "support": lambda tenant, who: list(selectors.open_support_requests(tenant=tenant)),
}


def _count(tenant, manager, read):
    with scope(tenant=tenant), CaptureQueriesContext(connection) as queries:
        rows = read(tenant, viewer(manager, tenant))
    return len(queries), rows


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_at_two_sizes(tenant, other_tenant, make_person, name):
    small, rows = _count(tenant, _fill(tenant, 2, make_person), LISTS[name])
    assert len(rows) == 2
    large, rows = _count(other_tenant, _fill(other_tenant, 9, make_person), LISTS[name])
    assert len(rows) == 9
    assert small == large


def test_the_cards_show_what_was_filled(tenant, make_person):
    manager = _fill(tenant, 2, make_person)
    with scope(tenant=tenant):
        who = viewer(manager, tenant)
        people = selectors.directory_people(tenant=tenant, viewer=who)
        consultants = selectors.consultants(tenant=tenant, viewer=who)
        practices = selectors.practices(tenant=tenant, viewer=who).items
    assert all(card.email and card.positions and len(card.competences) == 2 for card in people)
    assert all(len(card.followed_companies) == 1 for card in consultants)
    assert all(card.contact is not None for card in practices)
