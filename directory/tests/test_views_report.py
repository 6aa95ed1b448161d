"""The improvement report's pages: the themes and criteria where the companies' self-assessments
leave the most room to improve, beside the topics the clubs treated, and a theme turned into a
draft workshop of a club through the core's workshop drafter.

The figures come through the core registry (the self-assessments app computes them, see
``tests/test_directory_improvement.py``): here a reader of known figures stands in for it. The
workshop is drafted by the drafter the clubs app really set; this app reads the club and the
event it creates by their model's name, as it never imports the clubs.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _area(theme, title, companies, room, percent, criterion_pk=None):
    return registry.ImprovementArea(
        theme=theme,
        title=title,
        companies=companies,
        room=D(room),
        percent=D(percent),
        criterion_pk=criterion_pk,
    )


THEMES = (
    _area("Environnement", "Environnement", 3, "1.70", "43.33"),
    _area("Social", "Social", 3, "0.90", "70.00"),
    _area("Gouvernance", "Gouvernance", 1, "0.00", "100.00"),
)
CRITERIA = (
    _area("Environnement", "Consommation d'énergie suivie", 3, "2.20", "26.67", 1),
    _area("Environnement", "Déchets triés à la source", 3, "1.20", "60.00", 2),
)


@pytest.fixture
def reader(monkeypatch):
    """The self-assessments' figures, as the registry hands them to the directory."""
    fake = registry.AssessmentReader(
        submitted=lambda *, company: [],
        detail=lambda *, company, pk: None,
        theme_names=lambda *, tenant: [area.theme for area in THEMES],
        room_to_improve=lambda *, tenant: (THEMES, CRITERIA),
    )
    monkeypatch.setitem(registry._ASSESSMENTS, "reader", fake)
    return fake


@pytest.fixture
def club(tenant):
    return apps.get_model("clubs", "Club").objects.create(tenant=tenant, name="Club des Pionniers")


@pytest.fixture
def treated(tenant, club):
    """A past workshop of the club on energy, with the topic it treated."""
    Event = apps.get_model("clubs", "Event")
    starts = timezone.now() - timedelta(days=30)
    event = Event.objects.create(
        tenant=tenant,
        club=club,
        kind="workshop",
        title="Atelier sobriété énergétique",
        theme="Environnement",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        audience="programme",
        status="published",
    )
    apps.get_model("clubs", "EventTopic").objects.create(
        tenant=tenant, event=event, label="Sobriété énergétique"
    )
    return event


def test_the_programme_team_sees_the_room_to_improve_beside_the_topics(
    client, tenant, manager, reader, treated
):
    client.force_login(manager)
    response = client.get(url(tenant, "improvement_report"))
    assert response.status_code == 200
    body = response.content.decode()
    themes = re.findall(r'<h3 class="h5 card-title" id="theme-\d+">([^<]+)</h3>', body)
    assert themes == ["Environnement", "Social", "Gouvernance"]
    assert "1.70" in body and "Consommation d&#x27;énergie suivie" in body
    assert "Sobriété énergétique" in body and url(tenant, "event_detail", pk=treated.pk) in body
    untreated = body.split('data-testid="untreated"')[1].split("</div>")[0]
    assert "Social" in untreated and "Gouvernance" in untreated
    assert "Environnement" not in untreated
    assert body.count('action="' + url(tenant, "improvement_workshop") + '"') == 3


def test_without_a_submitted_assessment_the_report_says_so(client, tenant, manager, monkeypatch):
    empty = registry.AssessmentReader(
        submitted=lambda *, company: [],
        detail=lambda *, company, pk: None,
        theme_names=lambda *, tenant: [],
        room_to_improve=lambda *, tenant: ((), ()),
    )
    monkeypatch.setitem(registry._ASSESSMENTS, "reader", empty)
    client.force_login(manager)
    body = client.get(url(tenant, "improvement_report")).content.decode()
    assert "No company submitted a self-assessment yet" in body


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CONSULTANT, Role.JURY])
def test_the_report_is_the_programme_teams(client, tenant, make_person, reader, role):
    client.force_login(make_person(tenant, role))
    assert client.get(url(tenant, "improvement_report")).status_code == 403
    response = client.post(
        url(tenant, "improvement_workshop"), {"theme": "Social", "title": "Atelier"}
    )
    assert response.status_code == 403


def test_the_report_costs_the_same_with_more_events(
    client, tenant, manager, reader, club, treated, page_queries
):
    client.force_login(manager)
    address = url(tenant, "improvement_report")
    page_queries(address)
    small = page_queries(address)
    Event = apps.get_model("clubs", "Event")
    for index in range(6):
        starts = timezone.now() - timedelta(days=40 + index)
        event = Event.objects.create(
            tenant=tenant,
            club=club,
            kind="workshop",
            title=f"Atelier {index}",
            theme="Social",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            audience="programme",
            status="published",
        )
        apps.get_model("clubs", "EventTopic").objects.create(
            tenant=tenant, event=event, label=f"GPEC {index}"
        )
    assert page_queries(address) == small


# --- A draft workshop ---------------------------------------------------------------------------


def test_a_theme_becomes_a_draft_workshop_of_the_club(client, tenant, manager, reader, club):
    client.force_login(manager)
    response = client.post(
        url(tenant, "improvement_workshop"),
        {"theme": "Social", "club": club.pk, "title": "Atelier GPEC partagée"},
    )
    Event = apps.get_model("clubs", "Event")
    with scope(tenant=tenant):
        event = Event.objects.get(tenant=tenant)
    assert response.status_code == 302
    assert response.url == url(tenant, "event_detail", pk=event.pk)
    assert (event.club, event.kind, event.theme, event.title, event.status) == (
        club,
        "workshop",
        "Social",
        "Atelier GPEC partagée",
        "draft",
    )
    assert event.starts_at > timezone.now()


def test_a_workshop_for_the_whole_programme(client, tenant, manager, reader):
    client.force_login(manager)
    client.post(
        url(tenant, "improvement_workshop"),
        {"theme": "Gouvernance", "club": "", "title": "Atelier gouvernance"},
    )
    with scope(tenant=tenant):
        event = apps.get_model("clubs", "Event").objects.get(tenant=tenant)
    assert (event.club, event.audience) == (None, "programme")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"theme": "Social", "title": ""}, "This field is required."),
        ({"theme": "Social", "title": "Atelier", "club": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_report_again_and_drafts_nothing(
    client, tenant, manager, reader, club, data, message
):
    client.force_login(manager)
    response = client.post(url(tenant, "improvement_workshop"), data)
    assert response.status_code == 400 and message in response.content.decode()
    with scope(tenant=tenant):
        assert not apps.get_model("clubs", "Event").objects.filter(tenant=tenant).exists()


def test_another_tenants_club_is_refused(client, tenant, other_tenant, manager, reader):
    elsewhere = apps.get_model("clubs", "Club").objects.create(tenant=other_tenant, name="Ailleurs")
    client.force_login(manager)
    response = client.post(
        url(tenant, "improvement_workshop"),
        {"theme": "Social", "club": elsewhere.pk, "title": "Atelier"},
    )
    assert response.status_code == 400
    with scope(tenant=other_tenant):
        assert not apps.get_model("clubs", "Event").objects.filter(club=elsewhere).exists()


def test_without_a_drafter_no_workshop_is_offered(client, tenant, manager, reader, monkeypatch):
    monkeypatch.delitem(registry._WORKSHOP_DRAFTER, "drafter")
    client.force_login(manager)
    body = client.get(url(tenant, "improvement_report")).content.decode()
    assert url(tenant, "improvement_workshop") not in body
    response = client.post(
        url(tenant, "improvement_workshop"), {"theme": "Social", "title": "Atelier"}
    )
    assert response.status_code == 404
