"""What a person held in the clubs ends with their role: facilitation, memberships, requests,
calendar addresses, seats to come; and they receive no more of the clubs' e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clubs import services
from clubs.models import CalendarFeed, Club, ClubMember, Event, Registration
from rse_platform.tenants import permissions
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import AuditEntry, Membership
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _membership(tenant, user, in_scope):
    with in_scope(tenant):
        return Membership.objects.get(tenant=tenant, user=user)


def test_a_former_facilitator_can_no_longer_check_people_in(
    client, tenant, make_person, in_scope, url
):
    consultant = make_person(tenant, Role.CONSULTANT)
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        club = services.create_club(
            tenant=tenant, actor=manager, name="Club des Pionniers", facilitator=consultant
        )
    starts = timezone.now() - timedelta(minutes=30)
    event = EventFactory(
        tenant=tenant, club=club, audience="open", starts_at=starts, ends_at=starts
    )
    seat = RegistrationFactory(event=event)
    client.force_login(consultant)
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 200
    with in_scope(tenant):
        tenant_services.change_role(
            membership=_membership(tenant, consultant, in_scope), role=Role.MEMBER, actor=manager
        )
        club.refresh_from_db()
        assert club.facilitator is None
        assert not permissions.has_grant(consultant, "clubs.check_in", club)
        assert AuditEntry.objects.filter(action="club.facilitation_ended").exists()
    assert client.get(url("event_check_in", pk=event.pk)).status_code == 403
    assert client.post(url("event_no_shows", pk=event.pk)).status_code == 403
    response = client.post(url("registration_attendance", pk=seat.pk), {"attended": "0"})
    assert response.status_code == 403
    with in_scope(tenant):
        seat.refresh_from_db()
    assert seat.attended is None


def test_a_withdrawn_person_gets_no_invitation_when_an_event_is_published(
    client,
    tenant,
    make_person,
    make_company_person,
    in_scope,
    url,
    django_capture_on_commit_callbacks,
):
    club = ClubFactory(tenant=tenant)
    staying = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    leaving = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        tenant_services.remove_member(
            membership=_membership(tenant, leaving, in_scope), actor=manager
        )
    members_only = EventFactory(tenant=tenant, club=club, audience="club", status="draft")
    for_everyone = EventFactory(tenant=tenant, audience="programme", status="draft")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("event_publish", pk=members_only.pk))
        client.post(url("event_publish", pk=for_everyone.pk))
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients.count(staying.email) == 2
    assert leaving.email not in recipients


def test_a_withdrawn_persons_clubs_and_seats_to_come_end(
    tenant, make_person, make_company_person, in_scope, django_capture_on_commit_callbacks
):
    club, other_club = ClubFactory(tenant=tenant), ClubFactory(tenant=tenant)
    person = make_company_person(tenant)
    ClubMemberFactory(club=club, user=person)
    ClubMemberFactory(club=other_club, user=person, status="requested")
    coming = EventFactory(tenant=tenant, capacity=1)
    seat = RegistrationFactory(event=coming, user=person)
    waiting = RegistrationFactory(event=coming, status="waitlisted", waitlisted_at=timezone.now())
    full = EventFactory(tenant=tenant, capacity=1)
    RegistrationFactory(event=full)
    waiting_place = RegistrationFactory(
        event=full, user=person, status="waitlisted", waitlisted_at=timezone.now()
    )
    past = timezone.now() - timedelta(days=5)
    history = RegistrationFactory(
        event=EventFactory(tenant=tenant, starts_at=past, ends_at=past), user=person, attended=True
    )
    with in_scope(tenant):
        services.feed_for(tenant=tenant, user=person)
        with django_capture_on_commit_callbacks(execute=True):
            tenant_services.remove_member(
                membership=_membership(tenant, person, in_scope),
                actor=make_person(tenant, Role.MANAGER),
            )
        statuses = dict(Registration.objects.values_list("pk", "status"))
        assert not ClubMember.objects.filter(user=person).exists()
        assert not CalendarFeed.objects.filter(user=person).exists()
    assert statuses[seat.pk] == statuses[waiting_place.pk] == "cancelled"
    assert statuses[waiting.pk] == "confirmed"  # the waiting list moved on
    assert statuses[history.pk] == "confirmed"
    assert [message.to for message in mail.outbox] == [[waiting.user.email]]


def test_a_changed_role_ends_the_facilitation_but_not_other_clubs(tenant, make_person, in_scope):
    consultant, other = make_person(tenant, Role.CONSULTANT), make_person(tenant, Role.CONSULTANT)
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        mine = services.create_club(tenant=tenant, actor=manager, name="A", facilitator=consultant)
        theirs = services.create_club(tenant=tenant, actor=manager, name="B", facilitator=other)
        tenant_services.change_role(
            membership=_membership(tenant, consultant, in_scope), role=Role.MANAGER, actor=manager
        )
        facilitators = dict(Club.objects.values_list("pk", "facilitator"))
    assert facilitators == {mine.pk: None, theirs.pk: other.pk}


def test_a_deactivated_account_leaves_its_clubs(tenant, in_scope):
    club = ClubFactory(tenant=tenant)
    member = ClubMemberFactory(club=club).user
    event = EventFactory(tenant=tenant, club=club, audience=Event.Audience.CLUB)
    RegistrationFactory(event=event, user=member)
    tenant_services.deactivate_account(user=member)
    with in_scope(tenant):
        assert not ClubMember.objects.filter(user=member).exists()
        assert Registration.objects.get(user=member).status == "cancelled"
