from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from programmes.models import Company, Enrolment
from programmes.siret import clean_siret
from rse_platform.tenants.models import Membership, Tenant

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return (Tenant.objects.count(), Membership.objects.count(), Company.objects.count())


def test_it_is_idempotent_and_builds_the_seeds_tenants(client):
    call_command("seed_demo", password="Demo-password-2026")
    first = _counts()
    call_command("seed_demo", password="Demo-password-2026")
    assert _counts() == first
    assert set(Tenant.objects.values_list("slug", flat=True)) == {
        "pevele-carembault",
        "logistique-seine-normandie",
    }
    with scopes_disabled():
        engaged = Company.objects.filter(
            tenant__slug="pevele-carembault", enrolments__status=Enrolment.Status.ENGAGED
        )
        assert engaged.count() == 50
        assert sum(c.annual_revenue for c in engaged) == Decimal("430000000")
        assert sum(c.headcount for c in engaged) >= 2000
        for company in Company.objects.exclude(siret=""):
            clean_siret(company.siret)  # every demo SIRET passes the checks


@pytest.mark.parametrize("mailbox", ["manager", "consultant", "jury", "leader"])
@pytest.mark.parametrize("slug", ["pevele-carembault", "logistique-seine-normandie"])
def test_every_demo_account_signs_in(client, mailbox, slug):
    call_command("seed_demo", password="Demo-password-2026")
    response = client.post(
        reverse("account_login"),
        {"login": f"{mailbox}@{slug}.example.org", "password": "Demo-password-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("tenant_home", kwargs={"tenant_slug": slug})).status_code == 200
