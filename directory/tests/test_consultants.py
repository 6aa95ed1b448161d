"""The consultant directory and "request support": what a consultant shows (the companies they
follow only when they agree), requests the programme team turns into missions or declines."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from companies import services as company_services
from directory import selectors, services
from directory.models import ConsultantProfile, SupportRequest
from directory.tests.factories import CompanyListingFactory, ConsultantProfileFactory, viewer
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(tenant, make_person, company, other_company, manager):
    person = make_person(tenant, Role.CONSULTANT, first_name="Camille", last_name="Conseil")
    with scope(tenant=tenant):
        for followed in (company, other_company):
            company_services.assign_consultant(company=followed, consultant=person, actor=manager)
        services.update_consultant_profile(
            tenant=tenant,
            user=person,
            actor=person,
            expertise="Bilan carbone, plans de mobilité",
            references="Accompagnement de 12 PME du Nord",
        )
    return person


def _cards(tenant, who):
    with scope(tenant=tenant):
        return selectors.consultants(tenant=tenant, viewer=viewer(who, tenant))


def test_a_consultant_appears_without_the_companies_they_follow(tenant, consultant, leader):
    (card,) = _cards(tenant, leader)
    assert (card.name, card.expertise, card.followed_companies) == (
        "Camille Conseil",
        "Bilan carbone, plans de mobilité",
        (),
    )


def test_followed_companies_show_when_the_consultant_and_the_company_agree(
    tenant, consultant, leader, company, other_company
):
    CompanyListingFactory(company=company)
    CompanyListingFactory(company=other_company, listed=False)
    with scope(tenant=tenant):
        ConsultantProfile.objects.filter(user=consultant).update(show_followed_companies=True)
    (card,) = _cards(tenant, leader)
    assert card.followed_companies == ("Salti Location",)


def test_only_a_consultant_writes_a_consultant_entry(tenant, leader):
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.update_consultant_profile(
            tenant=tenant, user=leader, actor=leader, expertise="Tout"
        )
    assert error.value.code == "not_a_consultant"


def test_a_consultant_whose_role_ended_leaves_the_directory(tenant, consultant, manager, leader):
    with scope(tenant=tenant):
        membership = Membership.objects.get(tenant=tenant, user=consultant)
        tenant_services.remove_member(membership=membership, actor=manager)
        assert not ConsultantProfile.objects.filter(user=consultant).exists()
    assert _cards(tenant, leader) == []


def test_a_consultant_of_another_tenant_never_appears(tenant, other_tenant, make_person, leader):
    there = make_person(other_tenant, Role.CONSULTANT)
    ConsultantProfileFactory(tenant=other_tenant, user=there)
    assert _cards(tenant, leader) == []


def test_a_support_request_waits_for_the_programme_team(tenant, company, leader, consultant):
    with scope(tenant=tenant):
        request = services.request_support(
            company=company,
            actor=leader,
            consultant=consultant,
            message="Personne du club n'a encore fait de plan de mobilité inter-entreprises.",
        )
        assert list(selectors.open_support_requests(tenant=tenant)) == [request]
        with pytest.raises(ValidationError) as error:
            services.request_support(
                company=company, actor=leader, consultant=consultant, message="Encore"
            )
        assert error.value.code == "duplicate"


def test_the_team_turns_it_into_a_mission_or_declines_it(tenant, company, leader, manager):
    with scope(tenant=tenant):
        first = services.request_support(company=company, actor=leader, message="Bilan carbone")
        services.convert_support_request(support=first, actor=manager)
        second = services.request_support(company=company, actor=leader, message="Label")
        with pytest.raises(ValidationError):
            services.decline_support_request(support=second, actor=manager, reply="")
        services.decline_support_request(
            support=second, actor=manager, reply="Le club des Pionniers traite ce sujet en mars."
        )
        with pytest.raises(ValidationError) as error:
            services.convert_support_request(support=second, actor=manager)
        assert error.value.code == "handled"
        statuses = dict(SupportRequest.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "converted", second.pk: "declined"}
    with scope(tenant=tenant):
        assert list(selectors.open_support_requests(tenant=tenant)) == []


def test_a_request_names_a_consultant_of_the_directory(tenant, company, leader, make_person):
    stranger = make_person(tenant, Role.CONSULTANT)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.request_support(company=company, actor=leader, consultant=stranger, message="Aide")
    assert error.value.code == "consultant"


def test_a_request_to_a_consultant_who_left_waits_for_another(
    tenant, company, leader, consultant, manager
):
    with scope(tenant=tenant):
        request = services.request_support(
            company=company, actor=leader, consultant=consultant, message="Mobilité"
        )
        membership = Membership.objects.get(tenant=tenant, user=consultant)
        tenant_services.remove_member(membership=membership, actor=manager)
        request.refresh_from_db()
    assert request.status == "open" and request.consultant is None


def test_open_requests_stay_in_their_tenant(tenant, other_tenant, make_person):
    there = CompanyFactory(tenant=other_tenant)
    person = make_person(other_tenant, Role.MEMBER)
    with scope(tenant=other_tenant):
        services.request_support(company=there, actor=person, message="Ailleurs")
    with scope(tenant=tenant):
        assert list(selectors.open_support_requests(tenant=tenant)) == []
