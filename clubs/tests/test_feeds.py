"""Calendar addresses: one per person (and club), for as long as the person may see what it
shows; each can be replaced from the page, and the former one stops at once."""

import pytest
from django.urls import reverse

from clubs import services
from clubs.models import CalendarFeed
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _feed_url(tenant, feed):
    name = "club_feed" if feed.club_id else "my_calendar_feed"
    return reverse(name, kwargs={"tenant_slug": tenant.slug, "token": feed.token})


@pytest.fixture
def club(tenant):
    club = ClubFactory(tenant=tenant, name="Club des Pionniers")
    EventFactory(tenant=tenant, club=club, audience="club", title="Atelier des membres")
    return club


def test_it_shows_the_club_feed_address_to_members_only(
    client, tenant, club, make_company_person, in_scope, url
):
    member = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    client.force_login(make_company_person(tenant))
    assert "/clubs/feed/" not in client.get(url("club_detail", pk=club.pk)).content.decode()
    client.force_login(member)
    body = client.get(url("club_detail", pk=club.pk)).content.decode()
    with in_scope(tenant):
        feed = CalendarFeed.objects.get(user=member, club=club)
    assert _feed_url(tenant, feed) in body
    response = client.get(_feed_url(tenant, feed))
    assert response.status_code == 200 and b"Atelier des membres" in response.content


def test_each_member_has_an_address_of_their_own(tenant, club, make_company_person, in_scope):
    first, second = (ClubMemberFactory(club=club).user for _ in range(2))
    with in_scope(tenant):
        tokens = {
            services.feed_for(tenant=tenant, user=p, club=club).token for p in (first, second)
        }
    assert len(tokens) == 2


def test_a_new_personal_address_replaces_the_former_at_once(
    client, tenant, make_company_person, in_scope, url
):
    person = make_company_person(tenant)
    RegistrationFactory(event=EventFactory(tenant=tenant), user=person)
    with in_scope(tenant):
        former = services.feed_for(tenant=tenant, user=person)
    client.force_login(person)
    assert client.get(_feed_url(tenant, former)).status_code == 200
    page = client.get(url("event_list")).content.decode()
    assert url("my_feed_regenerate") in page
    response = client.post(url("my_feed_regenerate"), follow=True)
    assert response.status_code == 200
    with in_scope(tenant):
        current = CalendarFeed.objects.get(user=person, club=None)
    assert current.token != former.token
    assert client.get(_feed_url(tenant, former)).status_code == 404
    assert client.get(_feed_url(tenant, current)).status_code == 200
    assert _feed_url(tenant, current) in response.content.decode()


def test_a_new_club_address_replaces_the_former_at_once(
    client, tenant, club, make_company_person, in_scope, url
):
    member = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    with in_scope(tenant):
        former = services.feed_for(tenant=tenant, user=member, club=club)
    client.force_login(member)
    assert client.post(url("club_feed_regenerate", pk=club.pk)).status_code == 302
    with in_scope(tenant):
        current = CalendarFeed.objects.get(user=member, club=club)
    assert current.token != former.token
    assert client.get(_feed_url(tenant, former)).status_code == 404
    assert client.get(_feed_url(tenant, current)).status_code == 200


def test_an_outsider_cannot_get_a_club_address(
    client, tenant, club, make_company_person, in_scope, url
):
    outsider = make_company_person(tenant)
    client.force_login(outsider)
    assert client.post(url("club_feed_regenerate", pk=club.pk)).status_code == 404
    with in_scope(tenant):
        assert not CalendarFeed.objects.filter(club=club).exists()


def test_a_personal_token_does_not_open_a_club_feed(tenant, club, client, in_scope):
    member = ClubMemberFactory(club=club).user
    with in_scope(tenant):
        personal = services.feed_for(tenant=tenant, user=member)
    url = reverse("club_feed", kwargs={"tenant_slug": tenant.slug, "token": personal.token})
    assert client.get(url).status_code == 404


def test_a_person_who_leaves_the_club_loses_its_feed(client, tenant, club, make_person, in_scope):
    member = ClubMemberFactory(club=club)
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=member.user, club=club)
        assert client.get(_feed_url(tenant, feed)).status_code == 200
        services.remove_club_member(member=member, actor=make_person(tenant, Role.MANAGER))
    assert client.get(_feed_url(tenant, feed)).status_code == 404


def test_a_withdrawn_persons_feeds_stop(client, tenant, club, in_scope):
    member = ClubMemberFactory(club=club).user
    with in_scope(tenant):
        feeds = [
            services.feed_for(tenant=tenant, user=member),
            services.feed_for(tenant=tenant, user=member, club=club),
        ]
        assert [client.get(_feed_url(tenant, feed)).status_code for feed in feeds] == [200, 200]
        tenant_services.remove_member(membership=Membership.objects.get(user=member), actor=None)
        assert not CalendarFeed.objects.filter(user=member).exists()
    assert [client.get(_feed_url(tenant, feed)).status_code for feed in feeds] == [404, 404]


def test_a_deactivated_accounts_feeds_stop(client, tenant, club, in_scope):
    member = ClubMemberFactory(club=club).user
    with in_scope(tenant):
        feeds = [
            services.feed_for(tenant=tenant, user=member),
            services.feed_for(tenant=tenant, user=member, club=club),
        ]
    tenant_services.deactivate_account(user=member)
    assert [client.get(_feed_url(tenant, feed)).status_code for feed in feeds] == [404, 404]
    with in_scope(tenant):
        assert not CalendarFeed.objects.filter(user=member).exists()


def test_the_personal_feed_leaves_out_what_its_owner_may_no_longer_see(
    client, tenant, club, make_person, in_scope
):
    member = ClubMemberFactory(club=club)
    event = EventFactory(tenant=tenant, club=club, audience="club", title="Rencontre du club")
    RegistrationFactory(event=event, user=member.user)
    with in_scope(tenant):
        feed = services.feed_for(tenant=tenant, user=member.user)
    assert b"Rencontre du club" in client.get(_feed_url(tenant, feed)).content
    with in_scope(tenant):
        services.remove_club_member(member=member, actor=make_person(tenant, Role.MANAGER))
    response = client.get(_feed_url(tenant, feed))
    assert response.status_code == 200 and b"Rencontre du club" not in response.content
