"""The programme's overview of individual support, its funders' workbook, the manager's to-do
and navigation. (The same figures in the funder report: tests/test_action_plans_across_apps.py.)"""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from action_plans import reports, selectors, services
from action_plans.models import Action
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
JANUARY = date(YEAR, 1, 1)


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER, first_name="Claire", last_name="Martin")


@pytest.fixture
def consultant(tenant, make_person):
    return make_person(tenant, Role.CONSULTANT, first_name="Paul", last_name="Lefebvre")


def followed(tenant, manager, consultant, name, *, done=1, overdue=1, later=0, meetings=()):
    """A company with a running plan (``done`` actions done, ``overdue`` past their due date,
    ``later`` due later) and a 5-day mission at 900 €/day co-funded 50 % by the Région, whose
    meetings took ``meetings`` days (held on 1 January)."""
    with scope(tenant=tenant):
        company = CompanyFactory(tenant=tenant, name=name)
        plan = services.create_plan(company=company, title=f"Plan {name}", actor=manager)
        for index in range(done + overdue + later):
            due = TODAY - timedelta(days=3) if index >= done and index < done + overdue else None
            if index >= done + overdue:
                due = TODAY + timedelta(days=60)
            action = services.create_action(
                plan=plan, title=f"Action {index}", actor=manager, due_on=due
            )
            if index < done:
                services.move_action(action=action, status=Action.Status.DONE, actor=manager)
        services.start_plan(plan=plan, actor=manager)
        mission = services.start_mission(
            company=company,
            consultant=consultant,
            title="Accompagnement RSE",
            allocated_days=Decimal("5"),
            daily_rate=Decimal("900"),
            starts_on=JANUARY,
            fundings=[("Région Hauts-de-France", Decimal("50"))],
            plan=plan,
            actor=manager,
        )
        for days in meetings:
            services.record_meeting(mission=mission, held_on=JANUARY, days=days, actor=consultant)
        return company


def test_it_shows_each_followed_company_with_its_figures(client, tenant, manager, consultant):
    followed(tenant, manager, consultant, "Salti Location", meetings=["1.5", "1"])
    client.force_login(manager)
    response = client.get(_url(tenant, "support_overview"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row.name == "Salti Location"
    assert row.plan_title == "Plan Salti Location"
    assert row.progress_percent == Decimal("50.0")  # 1 done of 2
    assert row.overdue == 1
    assert (row.days_spent, row.days_allocated) == (Decimal("2.5"), Decimal("5"))
    # 2.5 days left × 900 € × 50 %
    assert row.remaining_funded == Decimal("1125.00")
    assert row.last_met_on == JANUARY
    body = response.content.decode()
    assert "Salti Location" in body and "1\xa0125,00 €" in body
    assert reverse("plan_detail", kwargs={"tenant_slug": tenant.slug, "pk": row.plan_pk}) in body


def test_it_totals_the_year(client, tenant, manager, consultant):
    followed(tenant, manager, consultant, "Salti Location", meetings=["1.5"])
    followed(tenant, manager, consultant, "Bonduelle", done=2, overdue=0, meetings=["0.5"])
    with scope(tenant=tenant):
        services.create_plan(
            company=CompanyFactory(tenant=tenant, name="Brouillon SA"), title="Plan", actor=manager
        )
    client.force_login(manager)
    totals = client.get(_url(tenant, "support_overview")).context["totals"]
    assert totals["supported_companies"] == 2
    assert dict(totals["plans_by_status"]) == {"draft": 1, "active": 2, "closed": 0}
    assert (totals["days_consumed"], totals["days_allocated"]) == (Decimal("2"), Decimal("10"))
    assert totals["consumed_percent"] == Decimal("20.0")
    assert totals["days_spent"] == Decimal("2") and totals["cost_spent"] == Decimal("1800.00")
    assert totals["actions_done"] == 3


def test_it_filters_by_year(client, tenant, manager, consultant):
    followed(tenant, manager, consultant, "Salti Location")
    with scope(tenant=tenant):
        old = CompanyFactory(tenant=tenant, name="Ancienne Mission")
        mission = services.start_mission(
            company=old,
            consultant=consultant,
            title="2020",
            allocated_days=Decimal("3"),
            daily_rate=Decimal("800"),
            starts_on=date(YEAR - 2, 3, 1),
            ends_on=date(YEAR - 2, 9, 30),
            actor=manager,
        )
        services.record_meeting(
            mission=mission, held_on=date(YEAR - 2, 3, 5), days="1", actor=consultant
        )
    client.force_login(manager)
    url = _url(tenant, "support_overview")
    names = [row.name for row in client.get(url).context["rows"]]
    assert names == ["Salti Location"]
    response = client.get(f"{url}?year={YEAR - 2}")
    assert [row.name for row in response.context["rows"]] == ["Ancienne Mission"]
    assert response.context["totals"]["days_spent"] == Decimal("1")
    assert YEAR - 2 in response.context["years"]
    assert client.get(f"{url}?year=1999").context["year"] == YEAR  # ignored, not refused
    assert client.get(f"{url}?year=abc").context["year"] == YEAR


def test_it_sorts_by_overdue_actions(client, tenant, manager, consultant):
    followed(tenant, manager, consultant, "Éboueurs du Nord", overdue=0)
    followed(tenant, manager, consultant, "Zeste", overdue=3)
    followed(tenant, manager, consultant, "Atelier", overdue=1)
    client.force_login(manager)
    url = _url(tenant, "support_overview")
    assert [row.name for row in client.get(url).context["rows"]] == [
        "Atelier",
        "Éboueurs du Nord",
        "Zeste",
    ]
    rows = client.get(f"{url}?sort=-overdue").context["rows"]
    assert [row.name for row in rows] == ["Zeste", "Atelier", "Éboueurs du Nord"]
    rows = client.get(f"{url}?sort=progress").context["rows"]
    assert [row.name for row in rows][0] == "Zeste"  # 1 done of 4


def test_an_htmx_sort_answers_with_the_table_only(client, tenant, manager, consultant):
    followed(tenant, manager, consultant, "Salti Location")
    client.force_login(manager)
    response = client.get(
        _url(tenant, "support_overview") + "?sort=-days",
        headers={"HX-Request": "true", "HX-Target": "support-table"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="support-table"' in body and "<html" not in body


def test_an_empty_year_says_what_will_come(client, tenant, manager):
    client.force_login(manager)
    response = client.get(_url(tenant, "support_overview"))
    assert response.status_code == 200
    assert 'data-testid="support-empty"' in response.content.decode()


def test_it_never_shows_another_tenants_companies(
    client, tenant, other_tenant, manager, consultant, make_person
):
    followed(tenant, manager, consultant, "Salti Location")
    followed(
        other_tenant,
        make_person(other_tenant, Role.MANAGER),
        make_person(other_tenant, Role.CONSULTANT),
        "Logistique Seine",
    )
    client.force_login(manager)
    response = client.get(_url(tenant, "support_overview"))
    assert [row.name for row in response.context["rows"]] == ["Salti Location"]
    assert response.context["totals"]["supported_companies"] == 1
    assert "Logistique Seine" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MEMBER, Role.JURY])
def test_only_the_programme_team_opens_it(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.get(_url(tenant, "support_overview")).status_code == 403
    assert client.post(_url(tenant, "support_export")).status_code == 403
    with scope(tenant=tenant):
        assert not GeneratedDocument.objects.exists()


def test_another_tenants_manager_gets_404(client, tenant, other_tenant, make_person):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.get(_url(tenant, "support_overview")).status_code == 404
    assert client.post(_url(tenant, "support_export")).status_code == 404


def test_its_queries_do_not_grow_with_the_companies(
    client, tenant, manager, consultant, page_queries
):
    followed(tenant, manager, consultant, "Salti Location", meetings=["1"])
    client.force_login(manager)
    url = _url(tenant, "support_overview")
    small = page_queries(url)
    for index in range(8):
        followed(tenant, manager, consultant, f"Entreprise {index}", later=2, meetings=["1", "1"])
    assert page_queries(url) == small
    assert page_queries(url + "?sort=-met") == small


# --- The funders' workbook ----------------------------------------------------------------------


def test_it_builds_the_funders_workbook_on_the_worker(
    client, tenant, manager, consultant, django_capture_on_commit_callbacks
):
    followed(tenant, manager, consultant, "Salti Location", meetings=["1.5", "1"])
    manager.language = "en"
    manager.save(update_fields=["language"])
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(tenant, "support_export"), headers={"HX-Request": "true", "Accept-Language": "en"}
        )
    assert response.status_code == 200
    assert 'data-testid="document-status"' in response.content.decode()
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get(kind=reports.SUPPORT_XLSX)
        assert document.status == GeneratedDocument.Status.READY, document.error
        assert document.filename.startswith(f"accompagnement-individuel-{tenant.slug}-")
        workbook = load_workbook(io.BytesIO(document.file.read()))
    years = {row[0]: row for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert years[YEAR][1:5] == (1, 2.5, 2250, 1)  # companies, days, cost, actions done
    (company,) = workbook.worksheets[1].iter_rows(min_row=2, values_only=True)
    assert company[0] == "Salti Location" and company[3] == 50 and company[4] == 1
    assert company[5:8] == (5, 2.5, 1125)
    (mission,) = workbook.worksheets[2].iter_rows(min_row=2, values_only=True)
    assert mission[0] == "Salti Location" and mission[1] == "Paul Lefebvre"
    assert mission[9:] == (4500, "Région Hauts-de-France (50.00 %)", 50, 2250, 1125, 2250)


def test_the_overview_follows_the_last_workbook(
    client, tenant, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url(tenant, "support_export")).status_code == 302
    response = client.get(_url(tenant, "support_overview"))
    assert response.context["document"].status == GeneratedDocument.Status.READY
    assert 'data-testid="document-download"' in response.content.decode()


def test_the_export_is_asked_for_with_a_post(client, tenant, manager):
    client.force_login(manager)
    assert client.get(_url(tenant, "support_export")).status_code == 405


# --- The manager's home -------------------------------------------------------------------------


def test_the_managers_home_links_to_the_overview(client, tenant, manager, consultant):
    followed(tenant, manager, consultant, "Salti Location", overdue=2)
    followed(tenant, manager, consultant, "Bonduelle", overdue=1)
    client.force_login(manager)
    body = client.get(_url(tenant, "tenant_home")).content.decode()
    overview = _url(tenant, "support_overview")
    assert f'href="{overview}"' in body  # the navigation's "Support"
    assert f"{overview}?sort=-overdue" in body  # the to-do
    assert "3 actions" in body


def test_nobody_else_gets_the_link(client, tenant, manager, consultant, make_person):
    company = followed(tenant, manager, consultant, "Salti Location", overdue=2)
    member = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=company, user=member)
    for person in (consultant, member):
        client.force_login(person)
        body = client.get(_url(tenant, "tenant_home")).content.decode()
        assert _url(tenant, "support_overview") not in body


def test_the_overdue_summary_counts_running_plans_only(tenant, manager, consultant):
    followed(tenant, manager, consultant, "Salti Location", overdue=2)
    with scope(tenant=tenant):
        draft = services.create_plan(
            company=CompanyFactory(tenant=tenant), title="Brouillon", actor=manager
        )
        services.create_action(
            plan=draft, title="En retard mais brouillon", actor=manager, due_on=date(2020, 1, 1)
        )
        summary = selectors.overdue_summary(tenant=tenant)
    assert (summary["actions"], summary["companies"]) == (2, 1)
    assert summary["oldest"] == TODAY - timedelta(days=3)
