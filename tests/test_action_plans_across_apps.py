"""Action plans seen from the other apps: their figures in the programme's funder report (page
and workbook), a review compared with a real submitted self-assessment."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope
from openpyxl import load_workbook

from action_plans import services
from action_plans.models import Action, Review
from companies import services as company_services
from diagnostics.tests.factories import answered, grid
from programmes import reports as programme_reports
from programmes.tests.factories import ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
JANUARY = date(YEAR, 1, 1)


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT)


@pytest.fixture
def programme(tenant):
    return ProgrammeFactory(tenant=tenant, name="Parcours DD", start_year=YEAR - 3)


def _last_year_activity(tenant, manager, consultant):
    """Last year: a 4-day mission with meetings of 1.5 and 2 days, an action done, a plan
    closed with a positive final review; and a meeting on 1 January of this year (not last
    year's)."""
    last = YEAR - 1
    with scope(tenant=tenant):
        company = CompanyFactory(tenant=tenant, name="Salti Location")
        plan = services.create_plan(
            company=company, title="Plan", actor=manager, starts_on=date(last, 1, 1)
        )
        action = services.create_action(plan=plan, title="Plan de mobilité", actor=manager)
        services.move_action(action=action, status=Action.Status.DONE, actor=manager)
        Action.objects.filter(pk=action.pk).update(completed_on=date(last, 6, 1))
        services.start_plan(plan=plan, actor=manager)
        services.record_review(
            plan=plan, kind="final", outcome="positive", held_on=date(last, 12, 15), actor=manager
        )
        mission = services.start_mission(
            company=company,
            consultant=consultant,
            title="Accompagnement",
            allocated_days=Decimal("4"),
            daily_rate=Decimal("850"),
            starts_on=date(last, 2, 1),
            actor=manager,
        )
        for held_on, days in [(date(last, 3, 1), "1.5"), (date(last, 11, 2), "2")]:
            services.record_meeting(mission=mission, held_on=held_on, days=days, actor=consultant)
        services.record_meeting(
            mission=mission, held_on=JANUARY, days="0.5", actor=consultant, confirm_over_budget=True
        )


def test_the_funder_report_shows_the_years_support_figures(
    client, tenant, manager, consultant, programme
):
    _last_year_activity(tenant, manager, consultant)
    with scope(tenant=tenant), translation.override("en"):
        context = programme_reports.funder_report_context(programme=programme, year=YEAR - 1)
        html = render_to_string("programmes/reports/funder_report.html", context)
    figures = {figure.key: figure for figure in context["report"]["activity"]}
    assert figures["companies_supported"].value == 1
    assert figures["consultant_days"].value == Decimal("3.5")  # not the January meeting
    assert figures["actions_done"].value == 1
    assert figures["plans_closed"].value == 1
    for label in ("Companies supported by a consultant", "Consultant days", "Action plans closed"):
        assert label in html
    assert "1 with objectives reached" in html

    client.force_login(manager)
    client.cookies["django_language"] = "en"
    url = reverse("funder_report_xlsx", kwargs={"tenant_slug": tenant.slug, "pk": programme.pk})
    workbook = load_workbook(io.BytesIO(client.get(f"{url}?year={YEAR - 1}").content))
    activity = workbook[f"Activity {YEAR - 1}"].iter_rows(min_row=2, values_only=True)
    rows = {row[0]: row[1] for row in activity}
    assert rows["Companies supported by a consultant"] == 1
    assert rows["Consultant days"] == 3.5
    assert rows["Actions completed"] == 1
    assert rows["Action plans closed"] == 1


def test_a_review_sets_a_new_self_assessment_beside_the_plans_starting_point(
    client, tenant, manager, consultant
):
    company = CompanyFactory(tenant=tenant, name="Salti Location")
    version = grid(tenant, themes=[(1, 2), (1, 2)], name="Grille RSE")
    now = timezone.now()
    before = answered(
        company,
        version,
        [1, 1, 2, 2],
        submitted_at=now - timedelta(days=365),
        overall_percent=Decimal("30"),
    )
    after = answered(
        company,
        version,
        [4, 4, 3, 3],
        submitted_at=now - timedelta(days=5),
        overall_percent=Decimal("70"),
    )
    with scope(tenant=tenant):
        company_services.assign_consultant(company=company, consultant=consultant)
        plan = services.create_plan(
            company=company, title="Plan", actor=manager, assessment_pk=before.pk
        )
    client.force_login(consultant)
    url = reverse("review_create", kwargs={"tenant_slug": tenant.slug, "pk": plan.pk})
    offered = client.get(url).context["form"].fields["comparison"].choices
    assert [value for value, _label in offered] == ["", after.pk]
    response = client.post(
        url,
        {
            "kind": "milestone",
            "held_on": TODAY.isoformat(),
            "summary": "Point d'étape",
            "conclusion": "Progrès nets",
            "comparison": str(after.pk),
        },
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        review = Review.objects.get(plan=plan)
    themes = review.snapshot["comparison"]["themes"]
    assert [(Decimal(b), Decimal(a)) for _name, b, a in themes] == [
        (Decimal("20"), Decimal("80")),
        (Decimal("40"), Decimal("60")),
    ]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="comparison"' in page and "+60,0" in page
