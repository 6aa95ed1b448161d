"""Fixtures shared by every test: tenants, people with a role, and helpers."""

import pytest
from django.core.cache import cache
from django_scopes import scope

from tests.factories import MembershipFactory, TenantFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "fr"
    cache.clear()  # rate-limit counters live in the cache (Redis in the full run)
    yield
    cache.clear()


@pytest.fixture
def tenant(db):
    return TenantFactory(slug="pevele-carembault", name="Pévèle Carembault")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(slug="logistique-seine-normandie", name="Logistique Seine Normandie")


@pytest.fixture
def make_person(db):
    """``make_person(tenant, role)``: a person holding ``role`` in ``tenant``."""

    def make(tenant, role, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(tenant=tenant, user=user, role=role)
        return user

    return make


@pytest.fixture
def in_scope():
    """``with in_scope(tenant): ...`` — query tenant-owned models in a test."""
    return lambda tenant: scope(tenant=tenant)


@pytest.fixture
def page_queries(client):
    """``page_queries(url)``: the number of SQL queries one GET of the page costs (200 asserted)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    return count
