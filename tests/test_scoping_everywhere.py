"""Every installed model that belongs to a tenant is scoped: no query on it outside a tenant scope.

The models are read from the app registry, so a model added by a later app is checked without
editing this file.
"""

import pytest
from django.apps import apps
from django.db import models
from django_scopes import ScopeError, scope

from rse_platform.tenants.models import Tenant, TenantOwned

# The core's first models, older than TenantOwned: each declares the same ScopedManager itself
# because its ``tenant`` keeps a reverse name other code reads (``tenant.memberships``...).
# A new model inherits TenantOwned instead of joining this list.
OWN_SCOPED_MANAGER = {"tenants.Membership", "tenants.Invitation", "tenants.AuditEntry"}


def _tenant_models():
    return sorted(
        (
            model
            for model in apps.get_models()
            if any(
                isinstance(field, models.ForeignKey) and field.related_model is Tenant
                for field in model._meta.get_fields()
                if field.concrete
            )
        ),
        key=lambda model: model._meta.label,
    )


TENANT_MODELS = _tenant_models()


def test_it_finds_the_tenant_models():
    labels = {model._meta.label for model in TENANT_MODELS}
    assert {"companies.Company", "tenants.Membership"} <= labels


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model._meta.label)
def test_it_owns_its_rows_through_the_tenant_field(model):
    to_tenant = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and isinstance(field, models.ForeignKey) and field.related_model is Tenant
    ]
    assert to_tenant == ["tenant"], f"{model._meta.label}: the tenant's key is named {to_tenant}"
    assert issubclass(model, TenantOwned) or model._meta.label in OWN_SCOPED_MANAGER, (
        f"{model._meta.label} has a tenant but does not inherit tenants.models.TenantOwned"
    )


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model._meta.label)
def test_every_manager_refuses_to_query_outside_a_scope(model):
    for manager in model._meta.managers:
        with pytest.raises(ScopeError):
            list(manager.all())
        with pytest.raises(ScopeError):
            manager.filter(pk=1).exists()


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model._meta.label)
def test_the_scope_shows_only_its_tenants_rows(demo, model):
    # The demo has two tenants with rows of most kinds: a scope on one hides the other's rows.
    for tenant in (demo.tenant, demo.other_tenant):
        with scope(tenant=tenant):
            seen = set(model._default_manager.values_list("tenant_id", flat=True).distinct())
        assert seen <= {tenant.pk}, f"{model._meta.label} shows another tenant's rows"
        expected = model._base_manager.filter(tenant=tenant).count()
        with scope(tenant=tenant):
            assert model._default_manager.count() == expected
