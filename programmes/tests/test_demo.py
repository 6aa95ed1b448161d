"""The programmes demo: the seeds' published totals, and charter signatures made by each
company's own leader on the days they signed."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from companies.models import CompanyMember
from programmes import demo as programmes_demo
from programmes import selectors, services
from programmes.models import CharterSignature, CharterVersion, Programme
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db


def _people(demo):
    people = {role: demo.person(role) for role in Role}
    people["shared_consultant"] = demo.shared_consultant
    return people


def test_the_pevele_programme_keeps_its_published_totals(demo):
    with scope(tenant=demo.tenant):
        programme = Programme.objects.get(start_year=2012)
        totals = selectors.engaged_companies(programme=programme).aggregate(
            revenue=Sum("annual_revenue"), headcount=Sum("headcount")
        )
        engaged = selectors.engaged_companies(programme=programme).count()
    assert engaged == 50
    assert totals["revenue"] == Decimal("430000000")
    assert totals["headcount"] >= 2000


def test_every_signature_is_made_by_the_companys_own_leader(demo):
    manager = demo.person(Role.MANAGER)
    with scope(tenant=demo.tenant):
        signatures = list(CharterSignature.objects.select_related("version"))
        signers = set(
            CompanyMember.objects.filter(position__in=services.SIGNING_POSITIONS).values_list(
                "company_id", "user_id"
            )
        )
    assert len(signatures) >= 40
    assert all(signature.signed_by_id != manager.pk for signature in signatures)
    assert all((s.company_id, s.signed_by_id) in signers for s in signatures)
    assert len({signature.signed_by_id for signature in signatures}) >= 30


def test_signatures_are_spread_over_the_years_since_each_version(demo):
    seeded = timezone.now() - timezone.timedelta(days=1)
    with scope(tenant=demo.tenant):
        versions = {version.number: version for version in CharterVersion.objects.all()}
        signatures = list(CharterSignature.objects.select_related("version"))
    assert all(version.published_at < seeded for version in versions.values())
    assert versions[1].published_at < versions[2].published_at
    for signature in signatures:
        assert signature.version.published_at <= signature.signed_at < seeded
    years = {signature.signed_at.year for signature in signatures}
    assert len(years) >= 6
    second = [s.signed_at.year for s in signatures if s.version.number == 2]
    assert len(set(second)) >= 3


def test_the_demo_leader_has_the_new_version_to_sign(client, demo):
    client.force_login(demo.person(Role.MEMBER))
    home = client.get(reverse("tenant_home", kwargs={"tenant_slug": demo.tenant.slug}))
    assert "La version 2 de la charte attend votre signature" in home.content.decode()


def test_seeding_again_changes_nothing(demo):
    def state():
        with scope(tenant=demo.tenant):
            return (
                sorted(
                    CharterSignature.objects.values_list(
                        "version__number", "company_id", "signed_by_id", "signed_at"
                    )
                ),
                list(CharterVersion.objects.values_list("number", "published_at")),
                CompanyMember.objects.count(),
                get_user_model().objects.count(),
            )

    before = state()
    with scope(tenant=demo.tenant):
        programmes_demo.seed_tenant(tenant=demo.tenant, people=_people(demo))
    assert state() == before
