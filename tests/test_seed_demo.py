"""The demo (seeded once per run by the ``demo`` fixture) builds the seeds' tenants, people and
figures, and seeding it again changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django_scopes import ScopeError, scopes_disabled

from companies.models import Company
from companies.siret import clean_siret
from programmes.models import Enrolment
from rse_platform.tenants.models import Tenant
from tests.demo import DEMO_PASSWORD, OTHER_SLUG, SLUG, Demo


def _row_counts():
    with scopes_disabled():
        return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_is_idempotent(demo):
    before = _row_counts()
    call_command("seed_demo", password=DEMO_PASSWORD)
    assert _row_counts() == before
    # The command opened a scope per tenant and closed each one.
    with pytest.raises(ScopeError):
        Company.objects.count()


def test_it_builds_the_seeds_tenants_and_figures(demo):
    assert {SLUG, OTHER_SLUG} <= set(Tenant.objects.values_list("slug", flat=True))
    with scopes_disabled():
        engaged = Company.objects.filter(
            tenant__slug=SLUG, enrolments__status=Enrolment.Status.ENGAGED
        )
        assert engaged.count() == 50
        assert sum(c.annual_revenue for c in engaged) == Decimal("430000000")
        assert sum(c.headcount for c in engaged) >= 2000
        for company in Company.objects.filter(tenant__slug__in=[SLUG, OTHER_SLUG]).exclude(
            siret=""
        ):
            clean_siret(company.siret)  # every demo SIRET passes the checks


@pytest.mark.parametrize("email", Demo.emails())
def test_every_demo_account_signs_in(client, demo, email):
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    slug = email.split("@")[1].removesuffix(".example.org")
    assert client.get(reverse("tenant_home", kwargs={"tenant_slug": slug})).status_code == 200
