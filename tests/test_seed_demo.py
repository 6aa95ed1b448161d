"""The demo (seeded once per run by the ``demo`` fixture) builds the seeds' tenants, people and
figures, and seeding it again changes nothing."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import ScopeError, scopes_disabled

from clubs.models import Registration
from companies.models import Company
from companies.siret import clean_siret
from diagnostics.models import Diagnostic
from programmes.models import CharterSignature, Enrolment
from rse_platform.tenants.models import AuditEntry, Tenant
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


def test_it_ends_with_the_login_url_and_the_accounts(demo, settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8124"
    out = StringIO()
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=out)
    printed = out.getvalue()
    assert "Sign in at http://127.0.0.1:8124/accounts/login/" in printed
    assert "http://127.0.0.1:8124/pevele-carembault/" in printed
    for email in [*Demo.emails(), "coach@rse-demo.example.org"]:
        assert email in printed
    assert "Programme manager    manager@pevele-carembault.example.org" in printed
    assert DEMO_PASSWORD not in printed  # DEBUG off: the password is not printed back


def test_activity_is_spread_over_the_last_eighteen_months(demo):
    now = timezone.now()
    tenant = demo.tenant
    with scopes_disabled():
        trail = list(AuditEntry.objects.filter(tenant=tenant).values_list("created_at", flat=True))
        registered = list(
            Registration.objects.filter(tenant=tenant).values_list("registered_at", flat=True)
        )
        submitted = list(
            Diagnostic.objects.filter(tenant=tenant, submitted_at__isnull=False).values_list(
                "submitted_at", flat=True
            )
        )
        signed = list(
            CharterSignature.objects.filter(tenant=tenant).values_list("signed_at", flat=True)
        )

    def months(moments):
        return {(moment.year, moment.month) for moment in moments}

    assert all(moment <= now for moment in trail + registered + submitted + signed)
    assert min(trail) < now - timedelta(days=480) and len(months(trail)) >= 15
    busiest_day = Counter(moment.date() for moment in trail).most_common(1)[0][1]
    assert busiest_day < len(trail) / 5  # not all at the seeding minute
    assert len(months(registered)) >= 8
    assert len(months(submitted)) >= 5
    assert len({moment.date() for moment in signed}) > len(signed) * 0.8
