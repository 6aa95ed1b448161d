"""A club's private life stays in the club: its members-only events, their documents, topics and
satisfaction are for its active members, its facilitator and the programme team."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clubs import selectors, services
from clubs.models import ClubMember, Event, EventTopic, Registration, SurveyAnswer
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import ClubFactory, ClubMemberFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% compte rendu\n"


@pytest.fixture
def club(tenant):
    return ClubFactory(tenant=tenant, name="Club des Dirigeants Durables")


@pytest.fixture
def private_event(tenant, club):
    return EventFactory(
        tenant=tenant, club=club, audience=Event.Audience.CLUB, title="Visite confidentielle"
    )


def _share(tenant, event, in_scope, make_person):
    with in_scope(tenant):
        return services.add_document(
            event=event,
            phase="after",
            title="Compte rendu",
            file=SimpleUploadedFile("compte-rendu.pdf", PDF),
            actor=make_person(tenant, Role.MANAGER),
        )


def test_it_hides_a_members_only_event_and_its_documents_from_other_people(
    client, tenant, club, private_event, make_company_person, make_person, in_scope, url
):
    document = _share(tenant, private_event, in_scope, make_person)
    outsider = make_company_person(tenant)
    client.force_login(outsider)
    pk = private_event.pk
    assert client.get(url("event_detail", pk=pk)).status_code == 404
    assert client.get(url("event_ics", pk=pk)).status_code == 404
    download = url("event_document", pk=pk, document_pk=document.pk)
    assert client.get(download).status_code == 404
    assert client.post(url("event_register", pk=pk)).status_code == 404
    with in_scope(tenant):
        assert not Registration.objects.filter(user=outsider).exists()

    ClubMemberFactory(club=club, user=outsider)
    assert client.get(url("event_detail", pk=pk)).status_code == 200
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_it_shows_the_clubs_open_events_to_everyone(client, tenant, club, make_company_person, url):
    event = EventFactory(tenant=tenant, club=club, audience=Event.Audience.OPEN, title="Portes")
    client.force_login(make_company_person(tenant))
    assert client.get(url("event_detail", pk=event.pk)).status_code == 200
    assert "Portes" in client.get(url("club_detail", pk=club.pk)).content.decode()


def test_it_leaves_members_only_events_out_of_other_peoples_lists(
    client, tenant, club, private_event, make_company_person, in_scope, url
):
    starts = timezone.localtime().replace(day=15, hour=10, minute=0, second=0, microsecond=0)
    with in_scope(tenant):
        Event.objects.filter(pk=private_event.pk).update(
            starts_at=starts + timedelta(days=40), ends_at=starts + timedelta(days=40, hours=2)
        )
    client.force_login(make_company_person(tenant))
    month = (starts + timedelta(days=40)).strftime("%Y-%m")
    pages = [
        url("event_list"),
        url("event_calendar") + f"?month={month}",
        url("club_detail", pk=club.pk),
        url("club_list"),
        url("tenant_home"),
    ]
    for page in pages:
        assert "Visite confidentielle" not in client.get(page).content.decode(), page


def test_it_shows_members_only_events_to_members_facilitator_and_managers(
    client, tenant, club, private_event, make_company_person, make_person, in_scope, url
):
    member = ClubMemberFactory(club=club, user=make_company_person(tenant)).user
    requested = ClubMemberFactory(club=club, status="requested").user
    facilitator = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        services.update_club(club=club, actor=None, facilitator=facilitator)
    manager = make_person(tenant, Role.MANAGER)
    for person, status in [(member, 200), (facilitator, 200), (manager, 200), (requested, 404)]:
        client.force_login(person)
        assert client.get(url("event_detail", pk=private_event.pk)).status_code == status
        listed = "Visite confidentielle" in client.get(url("event_list")).content.decode()
        assert listed == (status == 200)


def test_it_keeps_the_members_list_and_the_feed_within_the_club(
    client, tenant, club, make_company_person, url
):
    ClubMemberFactory(club=club, user=make_company_person(tenant, last_name="Salti-Membre"))
    client.force_login(make_company_person(tenant))
    body = client.get(url("club_detail", pk=club.pk)).content.decode()
    assert "Salti-Membre" not in body
    assert "/clubs/feed/" not in body


def test_it_keeps_topics_and_satisfaction_within_the_club(
    client, tenant, club, make_company_person, in_scope, url
):
    starts = timezone.now() - timedelta(days=3)
    event = EventFactory(
        tenant=tenant,
        club=club,
        audience=Event.Audience.CLUB,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    EventTopic.objects.create(tenant=tenant, event=event, label="Gouvernance partagée")
    seat = RegistrationFactory(event=event, attended=True)
    SurveyAnswer.objects.create(tenant=tenant, event=event, user=seat.user, rating=5)
    outsider = make_company_person(tenant)
    client.force_login(outsider)
    assert client.get(url("event_detail", pk=event.pk)).status_code == 404

    def topics_for(user):
        person = SimpleNamespace(user=user, membership=Membership.objects.get(user=user))
        events = permissions.visible(person, "clubs.view_event", Event.objects.all())
        return [row["label"] for row in selectors.topics_treated(events=events)]

    with in_scope(tenant):
        assert topics_for(outsider) == []
        assert topics_for(seat.user) == []  # a participant who is not (or no longer) a member
        ClubMemberFactory(club=club, user=outsider)
        assert topics_for(outsider) == ["Gouvernance partagée"]
    body = client.get(url("event_detail", pk=event.pk)).content.decode()
    assert "Gouvernance partagée" in body and "5,0 / 5" in body


def test_it_names_a_members_only_meeting_without_its_title_on_the_company_page(
    tenant, club, private_event, in_scope
):
    company = CompanyFactory(tenant=tenant)
    RegistrationFactory(event=private_event, company=company, attended=True)
    with in_scope(tenant):
        Event.objects.filter(pk=private_event.pk).update(
            starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2)
        )
        (entry,) = [
            entry for entry in registry.timeline_for(company=company) if entry.kind == "event"
        ]
    assert "Visite confidentielle" not in entry.title
    assert club.name in entry.title and entry.url == ""


def test_a_removed_member_no_longer_sees_the_clubs_events(
    client, tenant, club, private_event, make_company_person, make_person, in_scope, url
):
    member = ClubMemberFactory(club=club, user=make_company_person(tenant))
    client.force_login(member.user)
    assert client.get(url("event_detail", pk=private_event.pk)).status_code == 200
    with in_scope(tenant):
        services.remove_club_member(member=member, actor=make_person(tenant, Role.MANAGER))
        assert not ClubMember.objects.filter(user=member.user).exists()
    assert client.get(url("event_detail", pk=private_event.pk)).status_code == 404
