"""The home keeps the figures of the whole tenant (its figure panels) until a row of the tenant
is written: a write shows at the next visit, another tenant's writes do not count."""

from dataclasses import replace

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from rse_platform.tenants import generations, permissions, registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, InvitationFactory, TenantFactory

pytestmark = pytest.mark.django_db

Company = CompanyFactory._meta.model  # any tenant-owned model; the core imports no domain app


def _home(client, tenant):
    return client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))


def _pending(response):
    (panel,) = [p for p in response.context["panels"] if p["template"].endswith("people.html")]
    return panel["pending_invitations"]


def test_a_write_in_the_tenant_shows_at_the_next_visit(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    assert _pending(_home(client, tenant)) == 0
    with scope(tenant=tenant):
        InvitationFactory(tenant=tenant)
    assert _pending(_home(client, tenant)) == 1


def test_the_second_visit_reads_the_figures_the_first_computed(
    client, tenant, make_person, monkeypatch
):
    people = registry._PANELS["people"]
    calls = []

    def counted(request):
        calls.append(request.path)
        return people.context(request)

    monkeypatch.setitem(registry._PANELS, "people", replace(people, context=counted))
    client.force_login(make_person(tenant, Role.MANAGER))
    assert _pending(_home(client, tenant)) == 0
    assert _pending(_home(client, tenant)) == 0
    assert len(calls) == 1


def test_only_the_tenant_s_own_writes_move_its_generation(tenant, other_tenant):
    mine, theirs = generations.current(tenant.pk), generations.current(other_tenant.pk)
    with scope(tenant=other_tenant):
        company = CompanyFactory(tenant=other_tenant)
    assert generations.current(tenant.pk) == mine
    assert generations.current(other_tenant.pk) != theirs
    with scope(tenant=other_tenant):
        company.delete()
    assert generations.current(other_tenant.pk) != theirs


def test_a_kept_value_is_computed_again_after_a_write(tenant):
    calls = []

    def compute():
        calls.append(timezone.now())
        return len(calls)

    assert generations.cached(tenant_id=tenant.pk, key="k", compute=compute) == 1
    assert generations.cached(tenant_id=tenant.pk, key="k", compute=compute) == 1
    with scope(tenant=tenant):
        CompanyFactory(tenant=tenant)
    assert generations.cached(tenant_id=tenant.pk, key="k", compute=compute) == 2


def test_a_lost_generation_starts_again_from_the_clock(tenant):
    from django.core.cache import cache

    before = generations.current(tenant.pk)
    cache.delete(f"tenant-generation:{tenant.pk}")
    assert generations.current(tenant.pk) > before


def test_a_cache_that_is_down_stops_neither_a_write_nor_the_home(
    client, tenant, make_person, monkeypatch
):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    manager = make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    for method in ("get", "incr", "add", "set"):
        monkeypatch.setattr(generations.cache, method, down)
    with scope(tenant=tenant):
        InvitationFactory(tenant=tenant)  # the write goes through
    monkeypatch.undo()  # the session lives in the cache-less database; the figures do not
    monkeypatch.setattr(generations, "current", down)
    assert _pending(_home(client, tenant)) == 1


# --- Writes that send no signal, and object grants -------------------------------------------


def test_a_queryset_update_moves_the_tenant_s_generation_on(tenant, other_tenant):
    with scope(tenant=tenant):
        CompanyFactory(tenant=tenant)
    mine, theirs = generations.current(tenant.pk), generations.current(other_tenant.pk)
    with scope(tenant=tenant):
        assert Company.objects.update(commune="Templeuve") == 1
    assert generations.current(tenant.pk) != mine
    assert generations.current(other_tenant.pk) == theirs


def test_an_update_that_writes_nothing_moves_nothing(tenant):
    before = generations.current(tenant.pk)
    with scope(tenant=tenant):
        assert Company.objects.filter(commune="Nowhere").update(commune="Templeuve") == 0
    assert generations.current(tenant.pk) == before


def test_an_update_outside_a_scope_moves_the_tenants_of_its_rows_only(tenant, other_tenant, db):
    third = TenantFactory(slug="third-test")
    with scope(tenant=tenant):
        CompanyFactory(tenant=tenant)
    with scope(tenant=other_tenant):
        CompanyFactory(tenant=other_tenant)
    before = {t.pk: generations.current(t.pk) for t in (tenant, other_tenant, third)}
    with scopes_disabled():  # a task or a command
        written = Company.objects.filter(tenant__in=[tenant, other_tenant])
        assert written.update(commune="Templeuve") == 2
    assert generations.current(tenant.pk) != before[tenant.pk]
    assert generations.current(other_tenant.pk) != before[other_tenant.pk]
    assert generations.current(third.pk) == before[third.pk]


def test_a_bulk_create_moves_the_tenant_s_generation_on(tenant, other_tenant):
    mine, theirs = generations.current(tenant.pk), generations.current(other_tenant.pk)
    with scope(tenant=tenant):
        Company.objects.bulk_create([CompanyFactory.build(tenant=tenant)])
    assert generations.current(tenant.pk) != mine
    assert generations.current(other_tenant.pk) == theirs


def test_granting_or_revoking_an_object_permission_moves_the_generation_on(tenant, make_person):
    consultant = make_person(tenant, Role.CONSULTANT)
    with scope(tenant=tenant):
        company = CompanyFactory(tenant=tenant)
    before = generations.current(tenant.pk)
    permissions.grant(consultant, "companies.follow", company)
    granted = generations.current(tenant.pk)
    assert granted != before
    permissions.revoke(consultant, "companies.follow", company)
    assert generations.current(tenant.pk) != granted


def test_a_write_in_a_transaction_moves_the_generation_again_at_the_commit(tenant):
    from django.db import connection  # the test runs in a transaction that never commits

    with scope(tenant=tenant):
        CompanyFactory(tenant=tenant)
        CompanyFactory(tenant=tenant)
    at_commit = [entry[1] for entry in connection.run_on_commit]
    assert at_commit.count(generations.AtCommit(tenant.pk)) == 1  # once, however many rows
    during = generations.current(tenant.pk)
    generations.AtCommit(tenant.pk)()  # what the commit runs
    assert generations.current(tenant.pk) != during


# --- Each person's to-dos ----------------------------------------------------------------------


def _company_todo(request):
    return [
        registry.TodoItem(label=f"Call {company.name}", url="/x/")
        for company in Company.objects.order_by("pk")[:3]
    ]


def _todo_labels(response):
    return [str(item.label) for item in response.context["todos"]]


@pytest.fixture
def company_todo(monkeypatch):
    calls = []

    def counted(request):
        calls.append(request.user.pk)
        return _company_todo(request)

    monkeypatch.setitem(
        registry._TODOS,
        "test_company",
        registry.Todo(key="test_company", func=counted, permission="tenant.view"),
    )
    return calls


def test_the_to_dos_are_kept_per_person_until_a_write(client, tenant, make_person, company_todo):
    with scope(tenant=tenant):
        company = CompanyFactory(tenant=tenant, name="Alpha")
    manager, other = make_person(tenant, Role.MANAGER), make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    assert "Call Alpha" in _todo_labels(_home(client, tenant))
    _home(client, tenant)
    assert company_todo == [manager.pk]  # the second visit read the kept list
    client.force_login(other)
    _home(client, tenant)
    assert company_todo == [manager.pk, other.pk]  # never another person's list
    client.force_login(manager)
    with scope(tenant=tenant):  # a write that sends no signal, as some services do
        Company.objects.filter(pk=company.pk).update(name="Beta")
    labels = _todo_labels(_home(client, tenant))
    assert "Call Beta" in labels and "Call Alpha" not in labels


def test_without_a_shared_cache_the_to_dos_are_computed_at_each_visit(
    client, tenant, make_person, company_todo, settings
):
    settings.KEEP_TENANT_FIGURES = False  # several processes, each with its own cache
    client.force_login(make_person(tenant, Role.MANAGER))
    _home(client, tenant)
    _home(client, tenant)
    assert len(company_todo) == 2


def test_a_many_to_many_change_moves_the_generation_on(tenant):
    # The core's own models have no many-to-many relation: a domain app's (the directory's
    # competences of a person) is reached through the factories, as the other tests do.
    from tests.factories import UserFactory

    profile_model = apps.get_model("directory", "Profile")
    competence_model = profile_model._meta.get_field("competences").related_model
    with scope(tenant=tenant):
        profile = profile_model.objects.create(tenant=tenant, user=UserFactory())
        competence = competence_model.objects.create(tenant=tenant, name="Bilan carbone")
    before = generations.current(tenant.pk)
    with scope(tenant=tenant):
        profile.competences.add(competence)
    added = generations.current(tenant.pk)
    assert added != before
    with scope(tenant=tenant):
        profile.competences.clear()
    assert generations.current(tenant.pk) != added
