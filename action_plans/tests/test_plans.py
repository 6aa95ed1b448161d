"""Plans: the list by role, settings and action types, creation (from nothing, from a
self-assessment, from the weakest themes), the plan page, editing and starting."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from action_plans import services
from action_plans.models import ActionType, Indicator, Plan, PlanSettings
from companies import services as company_services
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def world(tenant, make_person):
    """Two companies of one tenant: Salti (its leader, a consultant following it) and Lesaffre
    (its own leader); the programme's manager, a jury member."""
    salti = CompanyFactory(tenant=tenant, name="Salti")
    lesaffre = CompanyFactory(tenant=tenant, name="Lesaffre Frères")
    leader = make_person(tenant, Role.MEMBER, first_name="Anne", last_name="Delattre")
    other_leader = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=salti, user=leader)
    CompanyMemberFactory(company=lesaffre, user=other_leader)
    consultant = make_person(tenant, Role.CONSULTANT)
    manager = make_person(tenant, Role.MANAGER)
    with scope(tenant=tenant):
        company_services.assign_consultant(company=salti, consultant=consultant)
    return SimpleNamespace(
        tenant=tenant,
        salti=salti,
        lesaffre=lesaffre,
        leader=leader,
        other_leader=other_leader,
        consultant=consultant,
        manager=manager,
        jury=make_person(tenant, Role.JURY),
    )


def make_plan(world, company, title="Plan RSE 2026", actions=0, done=0, overdue=0, **fields):
    with scope(tenant=world.tenant):
        plan = services.create_plan(company=company, title=title, actor=world.manager, **fields)
        yesterday = timezone.localdate() - timedelta(days=1)
        for index in range(actions):
            action = services.create_action(
                plan=plan,
                title=f"Action {index}",
                actor=world.manager,
                due_on=yesterday if index < overdue else None,
            )
            if index >= actions - done:
                services.move_action(action=action, status="done", actor=world.manager)
    return plan


@pytest.fixture
def fake_assessment(world):
    """A submitted self-assessment of Salti as the core registry describes it (the
    self-assessments app is another domain app: this one reads it only through the registry)."""
    assessment = registry.Assessment(
        pk=4242,
        company_id=world.salti.pk,
        label="Grille RSE (v1) — 12/03/2026, 48,5 %",
        submitted_at=timezone.now() - timedelta(days=3),
        overall_percent=Decimal("48.5"),
        themes=(
            registry.AssessmentTheme("Environnement", Decimal("30")),
            registry.AssessmentTheme("Social", Decimal("70")),
            registry.AssessmentTheme("Gouvernance", Decimal("45")),
            registry.AssessmentTheme("Achats responsables", Decimal("20")),
        ),
        weak_criteria=(
            registry.AssessmentCriterion(1, "Achats responsables", "Charte fournisseurs", "", 0),
            registry.AssessmentCriterion(2, "Environnement", "Bilan carbone", "Mesurer", 10),
            registry.AssessmentCriterion(3, "Environnement", "Plan de mobilité", "", 20),
        ),
        indicators=(
            registry.AssessmentIndicator(
                7, "Environnement", "Consommation d'énergie", "MWh", Decimal("1250")
            ),
        ),
    )

    def submitted(*, company):
        return [assessment] if company.pk == world.salti.pk else []

    def detail(*, company, pk):
        return assessment if company.pk == world.salti.pk and pk == assessment.pk else None

    def theme_names(*, tenant):
        return [theme.name for theme in assessment.themes]

    previous = registry.assessment_reader()
    registry.set_assessment_reader(registry.AssessmentReader(submitted, detail, theme_names))
    yield assessment
    registry.set_assessment_reader(previous)


@pytest.fixture
def no_assessments():
    previous = registry.assessment_reader()
    registry.set_assessment_reader(None)
    yield
    registry.set_assessment_reader(previous)


# --- The list ----------------------------------------------------------------------------------


def test_it_lists_every_plan_of_the_tenant_to_a_manager(client, world):
    make_plan(world, world.salti, actions=4, done=1, overdue=2, priority_themes=[])
    make_plan(world, world.lesaffre, title="Plan Lesaffre")
    client.force_login(world.manager)
    response = client.get(url(world.tenant, "plan_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Salti" in body and "Lesaffre Frères" in body
    assert "25\u00a0%" in body  # 1 of 4 done
    assert 'class="badge text-bg-danger">2<' in body


def test_it_filters_the_list_by_status(client, world):
    make_plan(world, world.salti, title="Plan brouillon")
    started = make_plan(world, world.lesaffre, title="Plan lancé", actions=1)
    with scope(tenant=world.tenant):
        services.start_plan(plan=started, actor=world.manager)
    client.force_login(world.manager)
    body = client.get(url(world.tenant, "plan_list") + "?status=active").content.decode()
    assert "Plan lancé" in body and "Plan brouillon" not in body


def test_it_sorts_the_list_by_progress(client, world):
    make_plan(world, world.salti, title="Plan à moitié", actions=2, done=1)
    make_plan(world, world.lesaffre, title="Plan terminé", actions=1, done=1)
    client.force_login(world.manager)
    body = client.get(url(world.tenant, "plan_list") + "?sort=-progress").content.decode()
    assert body.index("Plan terminé") < body.index("Plan à moitié")


def test_a_consultant_sees_only_the_plans_of_the_companies_they_follow(client, world):
    make_plan(world, world.salti, title="Plan Salti")
    make_plan(world, world.lesaffre, title="Plan Lesaffre")
    client.force_login(world.consultant)
    body = client.get(url(world.tenant, "plan_list")).content.decode()
    assert "Plan Salti" in body and "Plan Lesaffre" not in body


def test_a_member_goes_to_their_company_plan(client, world):
    plan = make_plan(world, world.salti)
    make_plan(world, world.lesaffre)
    client.force_login(world.leader)
    response = client.get(url(world.tenant, "plan_list"))
    assert response.status_code == 302
    assert response["Location"] == url(world.tenant, "plan_detail", pk=plan.pk)


def test_a_member_without_a_plan_goes_to_start_one(client, world):
    client.force_login(world.leader)
    response = client.get(url(world.tenant, "plan_list"))
    assert response["Location"] == url(world.tenant, "plan_create", company_pk=world.salti.pk)


def test_a_jury_member_may_not_list_plans(client, world):
    client.force_login(world.jury)
    assert client.get(url(world.tenant, "plan_list")).status_code == 403


def test_the_list_costs_the_same_for_2_and_12_plans(client, world, page_queries):
    client.force_login(world.manager)
    for company in (world.salti, world.lesaffre):
        make_plan(world, company, title=f"Plan {company.name}", actions=2, done=1, overdue=1)
    few = page_queries(url(world.tenant, "plan_list"))
    for index in range(10):
        company = CompanyFactory(tenant=world.tenant)
        make_plan(world, company, title=f"Autre plan {index}", actions=3, done=1)
    assert page_queries(url(world.tenant, "plan_list")) == few


def _grow(world, plan, indicators, measurements, meetings):
    """Indicators measured monthly, milestone reviews and a mission's meetings on ``plan``."""
    today = timezone.localdate()
    with scope(tenant=world.tenant):
        for index in range(indicators):
            indicator = services.add_indicator(
                plan=plan,
                label=f"Indicateur {index}",
                unit="t",
                actor=world.manager,
                baseline=Decimal("100"),
                target=Decimal("60"),
            )
            for month in range(measurements):
                services.record_measurement(
                    indicator=indicator,
                    measured_on=today - timedelta(days=30 * (month + 1)),
                    value=Decimal(90 - month),
                    actor=world.manager,
                )
        services.record_review(plan=plan, kind="milestone", summary="Point", actor=world.manager)
        mission = services.start_mission(
            company=plan.company,
            consultant=world.consultant,
            title="Suivi",
            allocated_days=Decimal("20"),
            daily_rate=Decimal("1000"),
            actor=world.manager,
            starts_on=today - timedelta(days=400),
            plan=plan,
            notify=False,
        )
        for index in range(meetings):
            services.record_meeting(
                mission=mission,
                held_on=today - timedelta(days=10 * (index + 1)),
                days=Decimal("0.5"),
                actor=world.consultant,
            )


def test_a_plan_s_page_costs_the_same_with_more_indicators_measures_and_meetings(
    client, world, page_queries
):
    client.force_login(world.manager)
    small = make_plan(world, world.salti, title="Petit plan", actions=2, done=1)
    _grow(world, small, indicators=1, measurements=2, meetings=1)
    few = page_queries(url(world.tenant, "plan_detail", pk=small.pk))
    big = make_plan(world, world.lesaffre, title="Grand plan", actions=9, done=3, overdue=2)
    _grow(world, big, indicators=6, measurements=12, meetings=8)
    assert page_queries(url(world.tenant, "plan_detail", pk=big.pk)) == few


# --- Settings and types of action -------------------------------------------------------------


def test_a_manager_sets_the_number_of_priority_themes(client, world):
    client.force_login(world.manager)
    response = client.post(
        url(world.tenant, "plan_settings"),
        {"op": "settings", "settings-max_priority_themes": "2"},
    )
    assert response.status_code == 302
    with scope(tenant=world.tenant):
        assert PlanSettings.objects.get().max_priority_themes == 2
        assert AuditEntry.objects.filter(action="action_plan.settings").exists()


def test_a_wrong_number_of_themes_is_refused(client, world):
    client.force_login(world.manager)
    response = client.post(
        url(world.tenant, "plan_settings"),
        {"op": "settings", "settings-max_priority_themes": "25"},
    )
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert not PlanSettings.objects.exists()


def test_a_manager_adds_renames_reorders_and_archives_types(client, world):
    client.force_login(world.manager)
    page = url(world.tenant, "plan_settings")
    for name in ("Plan de mobilité", "Économie circulaire", "Usine du futur"):
        assert client.post(page, {"op": "add", "type-name": name}).status_code == 302
    with scope(tenant=world.tenant):
        mobility, circular, factory = ActionType.objects.order_by("order")
    client.post(page, {"op": "rename", "type": circular.pk, "name": "Économie circulaire (EIT)"})
    client.post(page, {"op": "up", "type": factory.pk})
    client.post(page, {"op": "archive", "type": mobility.pk})
    with scope(tenant=world.tenant):
        assert [t.name for t in ActionType.objects.order_by("order")] == [
            "Plan de mobilité",
            "Usine du futur",
            "Économie circulaire (EIT)",
        ]
        assert ActionType.objects.get(pk=mobility.pk).archived
    body = client.get(page).content.decode()
    assert body.count('data-testid="archived-type"') == 1


def test_a_type_named_twice_is_refused(client, world):
    client.force_login(world.manager)
    page = url(world.tenant, "plan_settings")
    client.post(page, {"op": "add", "type-name": "Diversification"})
    response = client.post(page, {"op": "add", "type-name": "Diversification"})
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert ActionType.objects.count() == 1


@pytest.mark.parametrize("persona", ["consultant", "leader", "jury"])
def test_only_the_programme_team_changes_the_settings(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.post(
        url(world.tenant, "plan_settings"), {"op": "add", "type-name": "Intrusion"}
    )
    assert response.status_code == 403
    with scope(tenant=world.tenant):
        assert not ActionType.objects.exists()


# --- Creating a plan ----------------------------------------------------------------------------


def test_a_member_starts_a_plan_from_nothing(client, world, no_assessments):
    client.force_login(world.leader)
    page = url(world.tenant, "plan_create", company_pk=world.salti.pk)
    assert 'name="weakest-assessment"' not in client.get(page).content.decode()
    response = client.post(
        page,
        {
            "op": "plan",
            "start": "none",
            "title": "Plan RSE 2026",
            "horizon_months": "36",
            "starts_on": "2026-01-05",
        },
    )
    with scope(tenant=world.tenant):
        plan = Plan.objects.get(company=world.salti)
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.title, plan.horizon_months, plan.status) == ("Plan RSE 2026", 36, "draft")
    assert plan.source_assessment_id is None


def test_a_plan_from_a_self_assessment_takes_its_figures_as_starting_values(
    client, world, fake_assessment
):
    client.force_login(world.consultant)
    response = client.post(
        url(world.tenant, "plan_create", company_pk=world.salti.pk),
        {
            "op": "plan",
            "start": str(fake_assessment.pk),
            "title": "Plan 3 ans",
            "horizon_months": "36",
            "starts_on": timezone.localdate().isoformat(),
            "priority_themes": ["Environnement", "Achats responsables"],
        },
    )
    assert response.status_code == 302
    with scope(tenant=world.tenant):
        plan = Plan.objects.get(company=world.salti)
        indicator = Indicator.objects.get(plan=plan)
    assert plan.source_label == fake_assessment.label
    assert plan.priority_themes == ["Environnement", "Achats responsables"]
    assert (indicator.label, indicator.unit, indicator.baseline) == (
        "Consommation d'énergie",
        "MWh",
        Decimal("1250"),
    )
    assert indicator.baseline_on == timezone.localdate(fake_assessment.submitted_at)


def test_more_priority_themes_than_allowed_are_refused(client, world, fake_assessment):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "plan_create", company_pk=world.salti.pk),
        {
            "op": "plan",
            "start": "none",
            "title": "Plan trop large",
            "horizon_months": "12",
            "starts_on": "2026-01-05",
            "priority_themes": ["Environnement", "Social", "Gouvernance", "Achats responsables"],
        },
    )
    assert response.status_code == 400
    assert (
        "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    )
    with scope(tenant=world.tenant):
        assert not Plan.objects.exists()


def test_a_draft_plan_is_built_from_the_weakest_themes(client, world, fake_assessment):
    client.force_login(world.leader)
    page = url(world.tenant, "plan_create", company_pk=world.salti.pk)
    assert 'data-testid="weakest-form"' in client.get(page).content.decode()
    response = client.post(page, {"op": "weakest", "weakest-assessment": fake_assessment.pk})
    with scope(tenant=world.tenant):
        plan = Plan.objects.get(company=world.salti)
        titles = sorted(plan.actions.values_list("title", flat=True))
    assert response["Location"] == plan.get_absolute_url()
    assert plan.priority_themes == ["Achats responsables", "Environnement", "Gouvernance"]
    assert titles == ["Bilan carbone", "Charte fournisseurs", "Plan de mobilité"]


def test_a_missing_title_writes_nothing(client, world, no_assessments):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "plan_create", company_pk=world.salti.pk),
        {"op": "plan", "start": "none", "title": "", "horizon_months": "12", "starts_on": ""},
    )
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("persona", "company", "status"),
    [
        ("other_leader", "salti", 404),  # a member of another company of the same tenant
        ("consultant", "lesaffre", 404),  # a consultant who does not follow the company
        ("jury", "salti", 403),
    ],
)
def test_others_may_not_start_a_plan(client, world, persona, company, status):
    client.force_login(getattr(world, persona))
    response = client.post(
        url(world.tenant, "plan_create", company_pk=getattr(world, company).pk),
        {
            "op": "plan",
            "start": "none",
            "title": "Intrus",
            "horizon_months": "12",
            "starts_on": "2026-01-05",
        },
    )
    assert response.status_code == status
    with scope(tenant=world.tenant):
        assert not Plan.objects.exists()


# --- The plan's page, editing, starting ---------------------------------------------------------


def test_the_plan_page_shows_its_progress_indicators_and_actions(client, world, fake_assessment):
    with scope(tenant=world.tenant):
        plan = services.create_plan(
            company=world.salti,
            title="Plan RSE",
            actor=world.manager,
            priority_themes=["Environnement"],
            assessment_pk=fake_assessment.pk,
        )
        services.create_action(
            plan=plan,
            title="Bilan carbone",
            actor=world.manager,
            due_on=timezone.localdate() + timedelta(days=10),
        )
    client.force_login(world.leader)
    response = client.get(plan.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Environnement" in body and fake_assessment.label in body
    assert "Consommation d&#x27;énergie" in body or "Consommation d'énergie" in body
    assert "Bilan carbone" in body
    assert url(world.tenant, "plan_start", pk=plan.pk) in body
    # A member may not write reviews: no link to it.
    assert url(world.tenant, "review_create", pk=plan.pk) not in body


def test_a_consultant_following_the_company_is_offered_a_review(client, world):
    plan = make_plan(world, world.salti)
    client.force_login(world.consultant)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert url(world.tenant, "review_create", pk=plan.pk) in body


@pytest.mark.parametrize(("persona", "status"), [("other_leader", 404), ("consultant", 404)])
def test_others_of_the_tenant_may_not_open_a_plan(client, world, persona, status):
    plan = make_plan(world, world.lesaffre if persona == "consultant" else world.salti)
    client.force_login(getattr(world, persona))
    assert client.get(plan.get_absolute_url()).status_code == status


def test_a_plan_of_another_tenant_is_not_found(client, world, other_tenant, make_person):
    # The manager belongs to the other tenant and asks there: the view, not the middleware,
    # must refuse a plan that is not of that tenant.
    foreign_manager = make_person(other_tenant, Role.MANAGER)
    plan = make_plan(world, world.salti)
    client.force_login(foreign_manager)
    response = client.get(url(other_tenant, "plan_detail", pk=plan.pk))
    assert response.status_code == 404
    response = client.post(url(other_tenant, "plan_start", pk=plan.pk))
    assert response.status_code == 404


def test_a_member_edits_their_plan(client, world, no_assessments):
    plan = make_plan(world, world.salti)
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "plan_edit", pk=plan.pk),
        {"title": "Plan révisé", "horizon_months": "6", "starts_on": "2026-02-01"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.horizon_months) == ("Plan révisé", 6)


def test_an_edit_without_title_writes_nothing(client, world, no_assessments):
    plan = make_plan(world, world.salti)
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "plan_edit", pk=plan.pk),
        {"title": "", "horizon_months": "6", "starts_on": "2026-02-01"},
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.title == "Plan RSE 2026"


def test_a_plan_starts_once_it_has_actions(client, world):
    plan = make_plan(world, world.salti)
    client.force_login(world.leader)
    response = client.post(url(world.tenant, "plan_start", pk=plan.pk), follow=True)
    assert 'class="alert alert-danger' in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"
    with scope(tenant=world.tenant):
        services.create_action(plan=plan, title="Plan de mobilité", actor=world.manager)
    client.post(url(world.tenant, "plan_start", pk=plan.pk))
    plan.refresh_from_db()
    assert plan.status == "active" and plan.activated_at is not None


def test_a_consultant_not_following_may_not_start_a_plan(client, world):
    plan = make_plan(world, world.lesaffre, actions=1)
    client.force_login(world.consultant)
    assert client.post(url(world.tenant, "plan_start", pk=plan.pk)).status_code == 404
    plan.refresh_from_db()
    assert plan.status == "draft"


# --- Contributions: the company page, the member's home, the navigation -------------------------


def test_the_company_page_shows_the_current_plan(client, world):
    plan = make_plan(world, world.salti, actions=2, done=1)
    client.force_login(world.manager)
    body = client.get(url(world.tenant, "company_detail", pk=world.salti.pk)).content.decode()
    assert 'data-testid="company-plan"' in body
    assert plan.get_absolute_url() in body


def test_the_company_page_offers_to_start_a_plan(client, world):
    client.force_login(world.leader)
    body = client.get(url(world.tenant, "company_detail", pk=world.salti.pk)).content.decode()
    assert url(world.tenant, "plan_create", company_pk=world.salti.pk) in body


def test_a_member_home_shows_their_plan_and_next_deadlines(client, world):
    plan = make_plan(world, world.salti)
    with scope(tenant=world.tenant):
        services.create_action(
            plan=plan,
            title="Réunion mobilité",
            actor=world.manager,
            due_on=timezone.localdate() + timedelta(days=5),
        )
    client.force_login(world.leader)
    body = client.get(url(world.tenant, "tenant_home")).content.decode()
    assert 'data-testid="member-plan-panel"' in body
    assert "Réunion mobilité" in body
    assert "Plans d’action" not in body.split('data-testid="not-yet"')[-1][:300]


def test_a_member_home_explains_how_a_plan_starts(client, world):
    client.force_login(world.leader)
    body = client.get(url(world.tenant, "tenant_home")).content.decode()
    assert url(world.tenant, "plan_create", company_pk=world.salti.pk) in body


def test_the_navigation_offers_action_plans(client, world):
    client.force_login(world.consultant)
    body = client.get(url(world.tenant, "tenant_home")).content.decode()
    assert url(world.tenant, "plan_list") in body
    client.force_login(world.jury)
    body = client.get(url(world.tenant, "tenant_home")).content.decode()
    assert url(world.tenant, "plan_list") not in body


def test_a_company_with_a_plan_in_progress_is_sent_to_it_not_to_a_second_one(client, world):
    current = make_plan(world, world.salti, title="Plan en cours", actions=1)
    client.force_login(world.leader)
    page = client.get(url(world.tenant, "plan_create", company_pk=world.salti.pk))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="open-plan"' in html
    assert current.get_absolute_url() in html and 'name="op"' not in html
    response = client.post(
        url(world.tenant, "plan_create", company_pk=world.salti.pk),
        {"op": "plan", "title": "Deuxième plan", "horizon_months": "12", "starts_on": "2026-12-01"},
    )
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert list(Plan.objects.filter(company=world.salti)) == [current]
