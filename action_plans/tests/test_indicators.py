"""Indicators: where the company starts, where it wants to go, and the measurements between."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from action_plans import services
from action_plans.models import Indicator, Measurement
from companies import services as company_services
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def world(tenant, make_person):
    salti = CompanyFactory(tenant=tenant, name="Salti")
    lesaffre = CompanyFactory(tenant=tenant, name="Lesaffre Frères")
    leader = make_person(tenant, Role.MEMBER)
    other_leader = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company=salti, user=leader)
    CompanyMemberFactory(company=lesaffre, user=other_leader)
    consultant = make_person(tenant, Role.CONSULTANT)
    manager = make_person(tenant, Role.MANAGER)
    with scope(tenant=tenant):
        company_services.assign_consultant(company=salti, consultant=consultant)
        plan = services.create_plan(company=salti, title="Plan RSE", actor=manager)
        indicator = services.add_indicator(
            plan=plan,
            label="Consommation d'énergie",
            unit="MWh",
            baseline=Decimal("1250"),
            baseline_on=date(2025, 1, 15),
            target=Decimal("1000"),
            target_on=date(2027, 12, 31),
            actor=manager,
        )
    return SimpleNamespace(
        tenant=tenant,
        leader=leader,
        other_leader=other_leader,
        consultant=consultant,
        manager=manager,
        jury=make_person(tenant, Role.JURY),
        plan=plan,
        indicator=indicator,
        lesaffre=lesaffre,
    )


def measurements(world):
    with scope(tenant=world.tenant):
        return list(
            Measurement.objects.filter(indicator=world.indicator).values_list(
                "measured_on", "value"
            )
        )


def test_a_member_adds_an_indicator(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "indicator_create", pk=world.plan.pk),
        {
            "label": "Part de salariés en mobilité douce",
            "unit": "%",
            "theme": "Environnement",
            "baseline": "12",
            "baseline_on": "2026-01-05",
            "target": "30",
            "target_on": "2028-12-31",
        },
    )
    with scope(tenant=world.tenant):
        indicator = Indicator.objects.get(label="Part de salariés en mobilité douce")
    assert response["Location"] == url(world.tenant, "indicator_detail", pk=indicator.pk)
    assert (indicator.baseline, indicator.target) == (Decimal("12"), Decimal("30"))


def test_a_target_before_the_start_is_refused(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "indicator_create", pk=world.plan.pk),
        {"label": "Déchets", "baseline_on": "2026-01-05", "target_on": "2025-01-05"},
    )
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert not Indicator.objects.filter(label="Déchets").exists()


def test_a_series_is_recorded_and_drawn_against_the_target(client, world):
    client.force_login(world.consultant)
    page = url(world.tenant, "indicator_detail", pk=world.indicator.pk)
    for day, value in (("2025-06-30", "1190"), ("2025-12-31", "1120")):
        response = client.post(page, {"op": "measure", "measured_on": day, "value": value})
        assert response.status_code == 302
    assert measurements(world) == [
        (date(2025, 6, 30), Decimal("1190")),
        (date(2025, 12, 31), Decimal("1120")),
    ]
    body = client.get(page).content.decode()
    assert 'data-testid="indicator-chart"' in body
    assert body.count('class="chart-point"') == 3  # the starting value and two measurements
    assert 'class="chart-goal"' in body
    assert body.count('data-testid="measurement"') == 2  # the table beside the chart


def test_a_second_value_on_the_same_day_corrects_the_first(client, world):
    client.force_login(world.leader)
    page = url(world.tenant, "indicator_detail", pk=world.indicator.pk)
    client.post(page, {"op": "measure", "measured_on": "2025-06-30", "value": "1190"})
    client.post(page, {"op": "measure", "measured_on": "2025-06-30", "value": "1180"})
    assert measurements(world) == [(date(2025, 6, 30), Decimal("1180"))]


def test_a_measurement_in_the_future_is_refused(client, world):
    client.force_login(world.leader)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url(world.tenant, "indicator_detail", pk=world.indicator.pk),
        {"op": "measure", "measured_on": tomorrow.isoformat(), "value": "900"},
    )
    assert response.status_code == 400
    assert measurements(world) == []


def test_a_value_that_is_not_a_number_is_refused(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "indicator_detail", pk=world.indicator.pk),
        {"op": "measure", "measured_on": "2025-06-30", "value": "beaucoup"},
    )
    assert response.status_code == 400
    assert measurements(world) == []


def test_the_indicator_is_edited(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "indicator_detail", pk=world.indicator.pk),
        {
            "op": "edit",
            "label": "Énergie consommée",
            "unit": "MWh",
            "baseline": "1250",
            "baseline_on": "2025-01-15",
            "target": "950",
            "target_on": "2027-12-31",
        },
    )
    assert response.status_code == 302
    world.indicator.refresh_from_db()
    assert (world.indicator.label, world.indicator.target) == ("Énergie consommée", Decimal("950"))


def test_an_indicator_without_figures_shows_an_empty_chart_state(client, world):
    with scope(tenant=world.tenant):
        empty = services.add_indicator(plan=world.plan, label="Déchets triés", actor=world.manager)
    client.force_login(world.leader)
    body = client.get(url(world.tenant, "indicator_detail", pk=empty.pk)).content.decode()
    assert 'data-testid="indicator-chart"' not in body


@pytest.mark.parametrize(("persona", "status"), [("other_leader", 404), ("jury", 403)])
def test_others_may_not_see_nor_measure(client, world, persona, status):
    client.force_login(getattr(world, persona))
    page = url(world.tenant, "indicator_detail", pk=world.indicator.pk)
    assert client.get(page).status_code == status
    response = client.post(page, {"op": "measure", "measured_on": "2025-06-30", "value": "1"})
    assert response.status_code == status
    assert measurements(world) == []


def test_a_consultant_not_following_may_not_add_an_indicator(client, world, make_person):
    with scope(tenant=world.tenant):
        plan = services.create_plan(company=world.lesaffre, title="Autre", actor=world.manager)
    client.force_login(world.consultant)
    response = client.post(url(world.tenant, "indicator_create", pk=plan.pk), {"label": "Intrus"})
    assert response.status_code == 404
    with scope(tenant=world.tenant):
        assert not Indicator.objects.filter(label="Intrus").exists()


def test_an_indicator_of_another_tenant_is_not_found(client, world, other_tenant, make_person):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    page = url(other_tenant, "indicator_detail", pk=world.indicator.pk)
    assert client.get(page).status_code == 404
    assert (
        client.post(page, {"op": "measure", "measured_on": "2025-06-30", "value": "1"}).status_code
        == 404
    )
    assert measurements(world) == []


def test_the_plan_page_draws_a_sparkline_per_indicator(client, world):
    with scope(tenant=world.tenant):
        services.record_measurement(
            indicator=world.indicator,
            measured_on=date(2025, 6, 30),
            value=Decimal("1190"),
            actor=world.manager,
        )
    client.force_login(world.leader)
    body = client.get(world.plan.get_absolute_url()).content.decode()
    assert 'class="sparkline"' in body
    assert url(world.tenant, "indicator_detail", pk=world.indicator.pk) in body
