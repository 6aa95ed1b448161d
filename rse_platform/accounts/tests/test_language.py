"""The language a person picks in the footer is kept on their account, for their e-mails."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db


def _home(tenant):
    return reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})


def test_it_stores_the_language_picked_by_a_signed_in_person(client, tenant, make_person):
    person = make_person(tenant, Role.MEMBER)
    client.force_login(person)
    response = client.post(reverse("set_language"), {"language": "en", "next": _home(tenant)})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    person.refresh_from_db()
    assert person.language == "en"
    assert '<html lang="en">' in client.get(_home(tenant)).content.decode()


def test_switching_back_to_french_is_stored_too(client, tenant, make_person):
    person = make_person(tenant, Role.MEMBER, language="en")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "fr", "next": _home(tenant)})
    person.refresh_from_db()
    assert person.language == "fr"


def test_an_unknown_language_changes_nothing(client, tenant, make_person):
    person = make_person(tenant, Role.MEMBER, language="en")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "xx", "next": _home(tenant)})
    person.refresh_from_db()
    assert person.language == "en"


def test_an_anonymous_visitor_only_gets_the_cookie(client, tenant):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not get_user_model().objects.filter(language="en").exists()


def test_new_people_write_in_french(db):
    person = get_user_model().objects.create_user(email="nouveau@example.org")
    assert person.language == "fr"


def test_signing_in_on_a_new_browser_brings_back_the_chosen_language(client, tenant):
    from django.urls import reverse

    from tests.factories import PASSWORD, MembershipFactory, UserFactory

    person = UserFactory(language="en")
    MembershipFactory(tenant=tenant, user=person, role="manager")
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "en"
