import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from rse_platform.tenants.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_in_by_email_and_lands_on_the_tenant(client, tenant, make_person):
    person = make_person(tenant, Role.MANAGER, email="claire@example.org")
    response = _login(client, "Claire@Example.org")
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse(
        "tenant_home", kwargs={"tenant_slug": tenant.slug}
    )
    assert int(client.session["_auth_user_id"]) == person.pk


def test_a_wrong_password_redisplays_the_form(client, tenant, make_person):
    make_person(tenant, Role.MANAGER, email="claire@example.org")
    response = _login(client, "claire@example.org", "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_there_is_no_open_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "walk-in@example.org",
            "password1": "Une-phrase-longue-9",
            "password2": "Une-phrase-longue-9",
        },
    )
    assert UserFactory._meta.model.objects.filter(email="walk-in@example.org").exists() is False
    assert response.status_code == 200
    assert "signup_closed" in response.templates[0].name


def test_password_reset_sends_a_link(client, tenant, make_person):
    make_person(tenant, Role.MEMBER, email="leader@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "leader@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_an_unverified_address_must_be_confirmed_first(client, tenant, make_person):
    person = make_person(tenant, Role.MEMBER, email="unverified@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    response = _login(client, "unverified@example.org")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
