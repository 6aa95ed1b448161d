"""An excluded company's people may not join a club nor register to an event, and are told why;
lifting the exclusion gives it all back."""

import pytest

from clubs.models import ClubMember, Registration
from companies import services as company_services
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import ClubFactory, EventFactory

pytestmark = pytest.mark.django_db

REASON = "Charte non respectée : sous-traitance non déclarée"


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def leader(tenant):
    company = CompanyFactory(tenant=tenant, name="Transports Verhaeghe", headcount=60)
    return CompanyMemberFactory(company=company, position="leader").user


@pytest.fixture
def exclusion(tenant, leader, manager, in_scope):
    with in_scope(tenant):
        company = leader.company_positions.get().company
        return company_services.exclude_company(company=company, reason=REASON, actor=manager)


def test_an_excluded_companys_leader_cannot_join_and_sees_why(
    client, tenant, leader, exclusion, manager, in_scope, url
):
    club = ClubFactory(tenant=tenant, positions=["leader"])
    client.force_login(leader)
    assert REASON in client.get(url("club_detail", pk=club.pk)).content.decode()
    response = client.post(url("club_join", pk=club.pk), follow=True)
    assert REASON in response.content.decode()
    with in_scope(tenant):
        assert not ClubMember.objects.exists()
        company_services.lift_exclusion(exclusion=exclusion, actor=manager)
    client.post(url("club_join", pk=club.pk))
    with in_scope(tenant):
        assert ClubMember.objects.get().user == leader


def test_a_manager_cannot_add_them_to_a_club_either(
    client, tenant, leader, exclusion, manager, in_scope, url
):
    club = ClubFactory(tenant=tenant, positions=["leader"])
    client.force_login(manager)
    response = client.post(url("club_member_add", pk=club.pk), {"person": leader.pk}, follow=True)
    assert REASON in response.content.decode()
    with in_scope(tenant):
        assert not ClubMember.objects.exists()


def test_an_excluded_companys_leader_cannot_register_and_sees_why(
    client, tenant, leader, exclusion, manager, in_scope, url
):
    event = EventFactory(tenant=tenant)
    client.force_login(leader)
    assert REASON in client.get(url("event_detail", pk=event.pk)).content.decode()
    response = client.post(url("event_register", pk=event.pk), headers={"HX-Request": "true"})
    assert REASON in response.content.decode()
    with in_scope(tenant):
        assert not Registration.objects.exists()
        company_services.lift_exclusion(exclusion=exclusion, actor=manager)
    client.post(url("event_register", pk=event.pk))
    with in_scope(tenant):
        assert Registration.objects.get().status == "confirmed"


def test_a_manager_cannot_register_them_on_their_behalf(
    client, tenant, leader, exclusion, manager, in_scope, url
):
    event = EventFactory(tenant=tenant)
    client.force_login(manager)
    response = client.post(
        url("event_register_someone", pk=event.pk), {"person": leader.email}, follow=True
    )
    assert REASON in response.content.decode()
    with in_scope(tenant):
        assert not Registration.objects.exists()
