"""The lists of a large tenant read its rows through an index, never by scanning the table
(checked with EXPLAIN on PostgreSQL, after ANALYZE, among other tenants' rows)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from companies import selectors as company_selectors
from companies.models import Company
from diagnostics.models import Diagnostic
from diagnostics.tests.factories import grid
from rse_platform.tenants import selectors as tenant_selectors
from rse_platform.tenants.models import AuditEntry
from tests.factories import TenantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PAGE = 50


@pytest.fixture
def big_tenant(tenant):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (run it through `make test`)")
    now = timezone.now()
    with scopes_disabled():
        for owner, size in [(tenant, 3000), *((TenantFactory(), 1500) for _ in range(4))]:
            version = grid(owner, themes=[(1, 1)])
            companies = Company.objects.bulk_create(
                Company(tenant=owner, name=f"Société {index:05}") for index in range(size)
            )
            Diagnostic.objects.bulk_create(
                Diagnostic(tenant=owner, company=company, version=version, started_at=now)
                for company in companies
            )
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    tenant=owner, action="company.created", created_at=now - timedelta(minutes=n)
                )
                for n, _company in enumerate(companies)
            )
    with connection.cursor() as cursor:
        for table in ["companies_company", "diagnostics_diagnostic", "tenants_auditentry"]:
            cursor.execute(f"ANALYZE {table}")
    return tenant


def _plan(queryset):
    return queryset.explain()


def _assert_indexed(plan, table):
    assert f"Seq Scan on {table}" not in plan, plan
    assert "Index" in plan, plan


def test_the_company_list_reads_the_tenant_through_an_index(big_tenant):
    with scopes_disabled():
        rows = company_selectors.register(companies=Company.objects.filter(tenant=big_tenant))
        _assert_indexed(_plan(rows[:PAGE]), "companies_company")


def test_the_diagnostics_list_reads_the_tenant_through_an_index(big_tenant):
    with scopes_disabled():
        rows = (
            Diagnostic.objects.filter(tenant=big_tenant)
            .select_related("company", "version__framework")
            .order_by("-started_at", "-id")
        )
        _assert_indexed(_plan(rows[:PAGE]), "diagnostics_diagnostic")
        company = Company.objects.filter(tenant=big_tenant).first()
        _assert_indexed(_plan(rows.filter(company=company)), "diagnostics_diagnostic")


def test_the_home_reads_recent_activity_through_an_index(big_tenant):
    with scopes_disabled():
        plan = _plan(tenant_selectors.recent_activity(tenant=big_tenant))
    _assert_indexed(plan, "tenants_auditentry")
    assert "audit_tenant_recent" in plan, plan
