"""Where the network should improve (directory, issue 14): the room to improve the companies'
self-assessments leave, computed by the self-assessments app on hand-computed answers, beside the
topics the clubs already treated; both read by the directory through the core registry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from clubs.models import Event, EventTopic
from clubs.tests.factories import ClubFactory, EventFactory
from diagnostics.assessments import room_to_improve
from diagnostics.tests.factories import (
    CriterionFactory,
    FrameworkFactory,
    ThemeFactory,
    VersionFactory,
    answered,
)
from directory import selectors
from directory.tests.factories import viewer
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _grid(tenant):
    """Environnement (E1, E2), Social (S1, S2), Gouvernance (G1): five criteria out of 5."""
    version = VersionFactory(framework=FrameworkFactory(tenant=tenant, name="Grille RSE"))
    for order, (theme, criteria) in enumerate(
        [("Environnement", ["E1", "E2"]), ("Social", ["S1", "S2"]), ("Gouvernance", ["G1"])]
    ):
        row = ThemeFactory(version=version, title=theme, order=order)
        for index, title in enumerate(criteria):
            CriterionFactory(theme=row, title=title, order=index, max_points=D("5"))
    return version


@pytest.fixture
def programme(tenant, other_tenant):
    """Three companies' latest submitted answers (E1 E2 S1 S2 G1, "" left unanswered):
    A 1 2 5 4 5 · B 3 2 5 5 · C 0 5 1; plus A's older assessment, D's draft and another
    tenant's company, which count for nothing."""
    version = _grid(tenant)
    now = timezone.now()
    a, b, c, d = (CompanyFactory(tenant=tenant, name=name) for name in "ABCD")
    answered(a, version, [5, 5, 5, 5, 5], submitted_at=now - timedelta(days=200))
    answered(a, version, [1, 2, 5, 4, 5], submitted_at=now - timedelta(days=2))
    answered(b, version, [3, 2, 5, 5], submitted_at=now - timedelta(days=3))
    answered(c, version, [0, 5, 1], submitted_at=now - timedelta(days=4))
    answered(d, version, [0, 0, 0, 0, 0])  # a draft
    elsewhere = _grid(other_tenant)
    answered(CompanyFactory(tenant=other_tenant), elsewhere, [0, 0, 0, 0, 0], submitted_at=now)
    return tenant


def _areas(areas):
    return [(area.title, area.companies, area.room, area.percent) for area in areas]


def test_the_room_to_improve_on_hand_computed_answers(programme):
    with scope(tenant=programme), CaptureQueriesContext(connection) as queries:
        themes, criteria = room_to_improve(tenant=programme)
    # E1: A missed 4/5, B 2/5, C 5/5 → 2.2 over 3 companies (26.67 % on average)...
    assert _areas(criteria) == [
        ("E1", 3, D("2.20"), D("26.67")),
        ("E2", 3, D("1.20"), D("60.00")),
        ("S1", 3, D("0.80"), D("73.33")),
        ("S2", 2, D("0.20"), D("90.00")),  # C left it unanswered
        ("G1", 1, D("0.00"), D("100.00")),
    ]
    # Environnement: A 3/10 → 0.7, B 5/10 → 0.5, C 5/10 → 0.5. Social: A 0.1, B 0, C 4/5.
    assert _areas(themes) == [
        ("Environnement", 3, D("1.70"), D("43.33")),
        ("Social", 3, D("0.90"), D("70.00")),
        ("Gouvernance", 1, D("0.00"), D("100.00")),
    ]
    assert len(queries) == 2


def test_the_reader_offers_it_to_the_other_apps(programme):
    assert registry.assessment_reader().room_to_improve is room_to_improve


@pytest.fixture
def topics(tenant):
    """An open workshop on energy (theme Environnement) and a members-only meeting of a club
    on GPEC (theme Social), each with its topics treated."""
    past = timezone.now() - timedelta(days=20)
    workshop = EventFactory(
        tenant=tenant, title="Atelier énergie", theme="Environnement", starts_at=past
    )
    club = ClubFactory(tenant=tenant, name="Club BouRSE")
    meeting = EventFactory(
        tenant=tenant,
        club=club,
        audience=Event.Audience.CLUB,
        title="Rencontre du Club BouRSE",
        theme="Social",
        starts_at=past + timedelta(days=7),
    )
    EventTopic.objects.create(tenant=tenant, event=workshop, label="Sobriété énergétique")
    EventTopic.objects.create(tenant=tenant, event=meeting, label="Logiciel de GPEC partagé")
    return workshop, meeting


def test_the_report_sets_the_room_beside_the_topics_treated(programme, topics, make_person):
    workshop, meeting = topics
    manager = make_person(programme, Role.MANAGER)
    with scope(tenant=programme):
        report = selectors.improvement_report(tenant=programme, viewer=viewer(manager, programme))
    gaps = {gap.area.theme: [topic.topic for topic in gap.topics] for gap in report.themes}
    assert gaps == {
        "Environnement": ["Sobriété énergétique"],
        "Social": ["Logiciel de GPEC partagé"],
        "Gouvernance": [],
    }
    assert report.untreated == ("Gouvernance",)
    assert [area.title for area in report.criteria][:2] == ["E1", "E2"]
    (topic,) = report.themes[0].topics
    assert (topic.event_title, topic.url_name, topic.pk) == (
        "Atelier énergie",
        "event_detail",
        workshop.pk,
    )


def test_members_only_topics_stay_within_their_club(programme, topics, make_person):
    member = make_person(programme, Role.MEMBER)
    with scope(tenant=programme):
        without_viewer = registry.topics_for(tenant=programme)
        outsider = registry.topics_for(tenant=programme, viewer=viewer(member, programme))
        social = registry.topics_for(tenant=programme, theme="social")
    assert [topic.topic for topic in without_viewer] == ["Sobriété énergétique"]
    assert [topic.topic for topic in outsider] == ["Sobriété énergétique"]
    assert social == []  # no viewer: the members-only meeting is not shown


def test_another_tenants_topics_never_appear(programme, topics, other_tenant, make_person):
    there = make_person(other_tenant, Role.MANAGER)
    with scope(tenant=other_tenant):
        assert registry.topics_for(tenant=other_tenant, viewer=viewer(there, other_tenant)) == []
