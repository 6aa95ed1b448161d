import pytest

from clubs import services
from clubs.models import ClubMember
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from .factories import ClubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dirigeants(tenant):
    return ClubFactory(
        tenant=tenant, name="Club des Dirigeants Durables", positions=["leader"], min_headcount=41
    )


def test_it_accepts_a_leader_of_a_large_company(tenant, dirigeants, make_company_person, in_scope):
    leader = make_company_person(tenant, "leader", headcount=120)
    with in_scope(tenant):
        verdict = services.eligibility(club=dirigeants, user=leader)
    assert verdict.eligible
    assert verdict.company.headcount == 120


def test_it_tells_why_a_small_company_is_not_eligible(
    tenant, dirigeants, make_company_person, in_scope
):
    leader = make_company_person(tenant, "leader", headcount=25)
    with in_scope(tenant):
        verdict = services.eligibility(club=dirigeants, user=leader)
    assert not verdict.eligible
    assert any("41" in reason and "25" in reason for reason in verdict.reasons)


def test_it_tells_a_manager_the_club_is_for_leaders(
    tenant, dirigeants, make_company_person, in_scope
):
    cadre = make_company_person(tenant, "manager", headcount=200)
    with in_scope(tenant):
        verdict = services.eligibility(club=dirigeants, user=cadre)
    assert not verdict.eligible
    assert "dirigeant" in verdict.reasons[0] and "cadre" in verdict.reasons[0]


def test_it_checks_the_range_and_sector(tenant, make_company_person, in_scope):
    club = ClubFactory(
        tenant=tenant, positions=[], min_headcount=10, max_headcount=40, sector="Logistique"
    )
    inside = make_company_person(tenant, headcount=40)
    with in_scope(tenant):
        verdict = services.eligibility(club=club, user=inside)
    assert not verdict.eligible
    assert any("Logistique" in reason for reason in verdict.reasons)
    club.sector = ""
    with in_scope(tenant):
        assert services.eligibility(club=club, user=inside).eligible


def test_it_says_a_person_without_company_cannot_join(tenant, dirigeants, make_person, in_scope):
    with in_scope(tenant):
        verdict = services.eligibility(club=dirigeants, user=make_person(tenant, Role.MEMBER))
    assert not verdict.eligible
    assert "entreprise" in verdict.reasons[0]


def test_an_eligible_person_asks_to_join(
    client, tenant, dirigeants, make_company_person, in_scope, url
):
    leader = make_company_person(tenant, "leader", headcount=80)
    client.force_login(leader)
    response = client.post(url("club_join", pk=dirigeants.pk), follow=True)
    assert response.status_code == 200
    assert "demande" in response.content.decode()
    with in_scope(tenant):
        member = ClubMember.objects.get(club=dirigeants, user=leader)
        assert member.status == ClubMember.Status.REQUESTED
        assert AuditEntry.objects.filter(action="club.join_requested").exists()


def test_an_ineligible_person_is_told_why_and_nothing_is_written(
    client, tenant, dirigeants, make_company_person, in_scope, url
):
    leader = make_company_person(tenant, "leader", headcount=12)
    client.force_login(leader)
    page = client.get(url("club_detail", pk=dirigeants.pk)).content.decode()
    assert 'data-testid="ineligibility"' in page
    response = client.post(url("club_join", pk=dirigeants.pk), follow=True)
    assert "12" in response.content.decode()
    with in_scope(tenant):
        assert not ClubMember.objects.filter(club=dirigeants).exists()


def test_a_manager_accepts_a_request(
    client, tenant, dirigeants, make_company_person, in_scope, url
):
    leader = make_company_person(tenant, "leader", headcount=80)
    with in_scope(tenant):
        request = services.request_to_join(club=dirigeants, user=leader)
    client.force_login(make_person_manager(tenant))
    response = client.post(url("club_member_accept", pk=request.pk))
    assert response.status_code == 302
    with in_scope(tenant):
        request.refresh_from_db()
    assert request.status == ClubMember.Status.ACTIVE


def test_a_manager_adds_a_member(client, tenant, dirigeants, make_company_person, in_scope, url):
    cadre = make_company_person(tenant, "manager", headcount=80)
    client.force_login(make_person_manager(tenant))
    response = client.post(url("club_member_add", pk=dirigeants.pk), {"person": cadre.pk})
    assert response.status_code == 302
    with in_scope(tenant):
        assert ClubMember.objects.get(club=dirigeants, user=cadre).status == "active"


def test_a_company_member_cannot_add_members(
    client, tenant, dirigeants, make_company_person, in_scope, url
):
    leader = make_company_person(tenant, "leader", headcount=80)
    client.force_login(leader)
    response = client.post(url("club_member_add", pk=dirigeants.pk), {"person": leader.pk})
    assert response.status_code == 403
    with in_scope(tenant):
        assert not ClubMember.objects.exists()


def test_a_manager_creates_a_cohort_club_and_bad_dates_are_refused(
    client, tenant, make_person, in_scope, url
):
    client.force_login(make_person(tenant, Role.MANAGER))
    data = {
        "name": "Club des Créateurs Durables",
        "kind": "cohort",
        "positions": ["founder"],
        "starts_on": "2026-03-01",
        "ends_on": "2026-01-31",
        "planned_sessions": 9,
    }
    response = client.post(url("club_create"), data)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    with in_scope(tenant):
        assert not ClubMember.objects.exists()
        from clubs.models import Club

        assert not Club.objects.exists()
    data["ends_on"] = "2026-05-31"
    response = client.post(url("club_create"), data)
    assert response.status_code == 302
    with in_scope(tenant):
        club = Club.objects.get()
    assert club.is_cohort and club.planned_sessions == 9 and club.positions == ["founder"]


def make_person_manager(tenant):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory()
    MembershipFactory(tenant=tenant, user=user, role=Role.MANAGER)
    return user
