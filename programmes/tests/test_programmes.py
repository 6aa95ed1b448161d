import pytest
from django.urls import reverse
from django_scopes import scope

from programmes.models import BudgetLine, Funder, Programme
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db


def _data(**extra):
    data = {
        "name": "Parcours entreprises et DD",
        "start_year": "2012",
        "target_companies": "100",
        "territory_private_employees": "18000",
        "description": "",
        "objectives": "100 entreprises engagées",
        "funders-TOTAL_FORMS": "2",
        "funders-INITIAL_FORMS": "0",
        "funders-0-name": "Communauté de communes",
        "funders-0-share": "50",
        "funders-1-name": "Région Hauts-de-France",
        "funders-1-share": "50",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-year": "2026",
        "budget-0-label": "Animation des clubs",
        "budget-0-amount": "42000",
    }
    data.update(extra)
    return data


def test_a_manager_describes_the_programme_with_funders_and_budget(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("programme_create", kwargs={"tenant_slug": tenant.slug}), _data()
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        programme = Programme.objects.get()
        assert programme.tenant == tenant
        assert sorted(Funder.objects.values_list("name", "share")) == [
            ("Communauté de communes", 50),
            ("Région Hauts-de-France", 50),
        ]
        assert BudgetLine.objects.get().tenant == tenant


def test_shares_over_100_percent_are_refused(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("programme_create", kwargs={"tenant_slug": tenant.slug}),
        _data(**{"funders-1-share": "60"}),
    )
    assert response.status_code == 200
    assert "100" in str(response.context["form"].non_field_errors())
    with scope(tenant=tenant):
        assert not Programme.objects.exists() and not Funder.objects.exists()


def test_bad_budget_lines_redisplay_the_form(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("programme_create", kwargs={"tenant_slug": tenant.slug}),
        _data(**{"budget-0-amount": "-5"}),
    )
    assert response.status_code == 200
    assert response.context["budget"].errors[0]["amount"]
    with scope(tenant=tenant):
        assert not Programme.objects.exists()


def test_another_tenants_programme_cannot_be_edited(client, tenant, other_tenant, make_person):
    with scope(tenant=tenant):
        programme = Programme.objects.create(tenant=tenant, name="A", start_year=2020)
    client.force_login(make_person(other_tenant, Role.MANAGER))
    url = reverse("programme_edit", kwargs={"tenant_slug": other_tenant.slug, "pk": programme.pk})
    assert client.post(url, _data()).status_code == 404
    programme.refresh_from_db()
    assert programme.name == "A"
