"""Failed logins slow the attacker's address down without locking the real person out."""

import pytest
from django.urls import reverse

from rse_platform.tenants.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"


def _login(client, email, password=PASSWORD, address=OWNER):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def _signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def claire(tenant, make_person):
    return make_person(tenant, Role.MANAGER, email="claire@example.org")


def test_it_answers_429_to_an_address_after_five_wrong_passwords(client, claire):
    for _ in range(5):
        assert _login(client, claire.email, "wrong", ATTACKER).status_code == 200
    # Even the right password is refused from that address for a while.
    response = _login(client, claire.email, address=ATTACKER)
    assert response.status_code == 429
    assert not _signed_in(client)


def test_the_real_person_still_signs_in_from_another_address(client, claire):
    for _ in range(8):
        _login(client, claire.email, "wrong", ATTACKER)
    response = _login(client, claire.email, address=OWNER)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == claire.pk


def test_an_attack_from_many_addresses_reaches_the_account_limit(client, claire):
    for n in range(20):
        _login(client, claire.email, "wrong", f"203.0.113.{n // 4 + 1}")
    response = _login(client, claire.email, address=OWNER)
    assert "Trop de tentatives" in str(response.context["form"].errors)
    assert not _signed_in(client)


def test_a_successful_login_clears_the_count_of_its_address(client, claire):
    for _ in range(4):
        _login(client, claire.email, "wrong")
    assert _login(client, claire.email).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, claire.email, "wrong").status_code == 200
    assert _login(client, claire.email).status_code == 302
