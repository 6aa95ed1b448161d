"""The home keeps the figures of the whole tenant (its figure panels) until a row of the tenant
is written: a write shows at the next visit, another tenant's writes do not count."""

from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from rse_platform.tenants import generations, registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, InvitationFactory

pytestmark = pytest.mark.django_db


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
