"""A person's clubs on their directory entry (directory, issue 14): shown only when the person
chooses to, only the running clubs of the tenant where they are a member, read from the clubs
app through the core registry (``registry.person_clubs``)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from clubs.models import ClubMember
from clubs.tests.factories import ClubFactory, ClubMemberFactory
from directory.models import Profile
from directory.tests.factories import ProfileFactory
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def leader(tenant):
    return CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user


@pytest.fixture
def viewer(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    return client


def _member(tenant, user, name, **fields):
    club = ClubFactory(tenant=tenant, name=name, **fields)
    return ClubMemberFactory(club=club, user=user)


def _clubs_section(client, tenant, profile):
    response = client.get(_url(tenant, "directory_person", pk=profile.pk))
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('data-testid="person-clubs"')
    return body[start : body.index("</section>", start)]


def test_the_clubs_show_only_when_the_person_chooses(viewer, tenant, leader):
    _member(tenant, leader, "Club des Dirigeants Durables")
    profile = ProfileFactory(tenant=tenant, user=leader)
    assert "Club des Dirigeants Durables" not in _clubs_section(viewer, tenant, profile)
    with scope(tenant=tenant):
        Profile.objects.filter(pk=profile.pk).update(show_clubs=True)
    assert "Club des Dirigeants Durables" in _clubs_section(viewer, tenant, profile)


def test_only_the_running_clubs_where_they_are_a_member_show(viewer, tenant, other_tenant, leader):
    today = timezone.localdate()
    _member(tenant, leader, "Club des Pionniers")
    _member(tenant, leader, "Club fini", ends_on=today - timedelta(days=1))
    asked = _member(tenant, leader, "Club demandé")
    with scope(tenant=tenant):
        ClubMember.objects.filter(pk=asked.pk).update(status=ClubMember.Status.REQUESTED)
    _member(other_tenant, leader, "Club d'un autre territoire")
    profile = ProfileFactory(tenant=tenant, user=leader, show_clubs=True)
    section = _clubs_section(viewer, tenant, profile)
    assert "Club des Pionniers" in section
    assert "Club fini" not in section
    assert "Club demandé" not in section
    assert "autre territoire" not in section


def test_a_person_in_no_club_is_said_to_be(viewer, tenant, leader):
    profile = ProfileFactory(tenant=tenant, user=leader, show_clubs=True)
    section = _clubs_section(viewer, tenant, profile)
    assert "badge" not in section and "<p" in section


def test_the_person_chooses_it_from_their_entry(client, tenant, leader):
    _member(tenant, leader, "Club des Créateurs Durables")
    client.force_login(leader)
    address = _url(tenant, "directory_my_profile")
    assert 'name="show_clubs"' in client.get(address).content.decode()
    response = client.post(
        address, {"form": "profile", "listed": "on", "headline": "GPEC", "show_clubs": "on"}
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        profile = Profile.objects.get(tenant=tenant, user=leader)
    assert profile.show_clubs
    assert "Club des Créateurs Durables" in _clubs_section(client, tenant, profile)


def test_without_the_clubs_app_the_choice_is_not_offered(client, tenant, leader, monkeypatch):
    monkeypatch.setattr(registry, "_PERSON_CLUBS", {})
    _member(tenant, leader, "Club des Pionniers")
    profile = ProfileFactory(tenant=tenant, user=leader, show_clubs=True)
    client.force_login(leader)
    assert (
        'name="show_clubs"' not in client.get(_url(tenant, "directory_my_profile")).content.decode()
    )
    body = client.get(_url(tenant, "directory_person", pk=profile.pk)).content.decode()
    assert 'data-testid="person-clubs"' not in body and "Club des Pionniers" not in body


def test_the_page_costs_the_same_whatever_the_number_of_clubs(viewer, tenant, leader, page_queries):
    profile = ProfileFactory(tenant=tenant, user=leader, show_clubs=True)
    address = _url(tenant, "directory_person", pk=profile.pk)
    _member(tenant, leader, "Club 1")
    one = page_queries(address)
    for n in range(2, 6):
        _member(tenant, leader, f"Club {n}")
    assert page_queries(address) == one
