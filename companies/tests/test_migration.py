"""The company register moved from the programmes app to its own without losing a row.

The database goes back to the state before the companies app and is seeded there with the
models of that time (companies, their people, an enrolment, an exclusion, a consultant's guardian
grant); then every migration runs forward: the rows are in the companies app's tables with the
same ids, and the grant still opens the company through the permission layer.

It starts from an empty database: the demo's clubs cannot go back past clubs 0004 (re-adding
the unique ``Club.feed_token`` gives every existing club the same default).
"""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from companies.models import Company, CompanyMember, Exclusion
from rse_platform.tenants import permissions
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role

FIRST = ("companies", "0001_initial")
MOVED_TABLES = ("company", "companymember", "exclusion", "companyimport")


def _before_companies(graph):
    """For each app, its last migration that does not need the companies app (``None`` for the
    companies app itself): later migrations of clubs or diagnostics need it too and go back."""
    needing = set(graph.backwards_plan(FIRST))
    targets = {}
    for app, name in graph.leaf_nodes():
        node = (app, name)
        while node is not None and node in needing:
            same_app = [parent for parent in graph.node_map[node].parents if parent[0] == app]
            node = same_app[0].key if same_app else None
        targets[app] = node
    return targets, {app for app, _name in needing}


def _ids(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY id")  # noqa: S608 - our table names
        return [row[0] for row in cursor.fetchall()]


def _tables():
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_the_register_moves_to_the_companies_app_with_its_rows_and_grants(client):
    call_command("flush", interactive=False, verbosity=0)  # the session's demo, see above
    executor = MigrationExecutor(connection)
    targets, needing_apps = _before_companies(executor.loader.graph)
    assert targets["companies"] is None
    assert targets["programmes"] == (
        "programmes",
        "0002_company_created_at_company_founded_on_and_more",
    )
    assert targets["clubs"] == ("clubs", "0002_alter_notice_kind")
    assert targets["diagnostics"] == ("diagnostics", "0001_initial")
    executor.migrate(
        [(app, node[1] if node else None) for app, node in targets.items() if app in needing_apps]
    )
    old = executor.loader.project_state([node for node in targets.values() if node]).apps
    assert {f"programmes_{name}" for name in MOVED_TABLES} <= _tables()
    assert not {f"companies_{name}" for name in MOVED_TABLES} & _tables()

    tenant = old.get_model("tenants", "Tenant").objects.create(
        slug="pevele-migration", name="Pévèle Carembault"
    )
    User = old.get_model("accounts", "User")
    consultant = User.objects.create(email="ancien-suivi@example.org", password="!")
    leader = User.objects.create(email="dirigeante@example.org", password="!")
    OldMembership = old.get_model("tenants", "Membership")
    OldMembership.objects.create(tenant=tenant, user=consultant, role=Role.CONSULTANT)
    OldMembership.objects.create(tenant=tenant, user=leader, role=Role.MEMBER)
    OldCompany = old.get_model("programmes", "Company")
    companies = [
        OldCompany.objects.create(tenant=tenant, name=name, commune="Orchies", headcount=12)
        for name in ("Avant SARL", "Migrée SAS", "Après SA")
    ]
    company = companies[1]
    person = old.get_model("programmes", "CompanyMember").objects.create(
        tenant=tenant, company=company, user=leader, position="leader"
    )
    programme = old.get_model("programmes", "Programme").objects.create(
        tenant=tenant, name="Parcours d'avant", start_year=2012
    )
    enrolment = old.get_model("programmes", "Enrolment").objects.create(
        tenant=tenant, programme=programme, company=company, status="engaged"
    )
    exclusion = old.get_model("programmes", "Exclusion").objects.create(
        tenant=tenant, company=company, reason="Levée depuis", lifted_at="2020-01-01T00:00Z"
    )
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="programmes", model="company"
    )
    grant = old.get_model("guardian", "UserObjectPermission").objects.create(
        user=consultant,
        content_type=content_type,
        object_pk=str(company.pk),
        permission=old.get_model("auth", "Permission").objects.get(
            content_type=content_type, codename="follow_company"
        ),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert not {f"programmes_{name}" for name in MOVED_TABLES} & _tables()
    assert _ids("companies_company") == [row.pk for row in companies]
    assert _ids("companies_companymember") == [person.pk]
    assert _ids("companies_exclusion") == [exclusion.pk]
    with scopes_disabled():
        moved = Company.objects.get(pk=company.pk)
        assert (moved.name, moved.tenant_id) == ("Migrée SAS", tenant.pk)
        assert CompanyMember.objects.get(pk=person.pk).company == moved
        # The programmes app's enrolments point at the moved table (read by name: the
        # companies app does not import a domain app).
        Enrolment = apps.get_model("programmes", "Enrolment")
        assert Enrolment.objects.get(pk=enrolment.pk).company == moved
        assert Exclusion.objects.get(pk=exclusion.pk).company == moved
        membership = Membership.objects.select_related("user", "tenant").get(
            tenant_id=tenant.pk, user_id=consultant.pk
        )
    assert ContentType.objects.get_for_model(Company).pk == content_type.pk
    request = RequestFactory().get("/")
    request.user, request.membership, request.tenant = (
        membership.user,
        membership,
        membership.tenant,
    )
    with scope(tenant=membership.tenant):
        assert permissions.can(request, "companies.view", moved)
        assert permissions.has_grant(membership.user, "companies.follow", moved)
    client.force_login(membership.user)
    detail = reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": company.pk})
    assert client.get(detail).status_code == 200
    assert grant.pk
