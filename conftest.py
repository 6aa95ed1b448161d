"""Fixtures shared by every test: the demo (seeded once per run), tenants, people, helpers.

The demo is seeded once, when pytest-django creates the test database, and stays there for the
whole run: every test that uses the database sees it, and rolls back its own changes around it.
So a test never counts "all the rows": it filters on its own tenant (the ``tenant`` fixtures are
tenants of their own, beside the demo's).
"""

import shutil
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test.utils import override_settings
from django_scopes import scope

from tests.demo import DEMO_PASSWORD, Demo
from tests.factories import MembershipFactory, TenantFactory, UserFactory

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed_demo(media_root):
    with override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=FAST_HASHERS, DEBUG=False):
        call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())


@pytest.fixture(scope="session")
def demo_media_root(tmp_path_factory):
    """The files the demo stored when it was seeded (tests get a copy, see ``demo``)."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, demo_media_root):
    """The test database, with the demo seeded once for the whole run (a few seconds)."""
    with django_db_blocker.unblock():
        _seed_demo(demo_media_root)


@pytest.fixture
def demo(db, settings, demo_media_root):
    """The seeded demo: ``demo.tenant``, ``demo.other_tenant``, ``demo.person("manager")``.

    Its files are copied into this test's ``MEDIA_ROOT``. A transactional test (the database is
    flushed after each) gets the demo seeded again when an earlier one removed it.
    """
    if not Demo.is_seeded():
        _seed_demo(demo_media_root)
    shutil.copytree(demo_media_root, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return Demo()


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "fr"
    cache.clear()  # rate-limit counters live in the cache (Redis in the full run)
    yield
    cache.clear()


# Tenants of the test's own, beside the demo's ("pevele-carembault"...): a test counts its rows.
@pytest.fixture
def tenant(db):
    return TenantFactory(slug="pevele-test", name="Pévèle Carembault")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(slug="seine-normandie-test", name="Logistique Seine Normandie")


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
    """``page_queries(url)``: the number of SQL queries one GET of the page costs (200 asserted),
    computed afresh: the cache (where the home keeps its figures and to-dos) is emptied first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    return count
