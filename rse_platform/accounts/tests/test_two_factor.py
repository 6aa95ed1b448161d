import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from rse_platform.tenants.roles import Role
from tests.factories import PASSWORD, InvitationFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="ops@example.org", is_staff=True, is_superuser=True)


def _sign_in(client, user):
    # allauth asks for the password again before a TOTP activation.
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def _current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)


def test_the_admin_sends_platform_admins_without_a_device_to_the_operator(client, platform_admin):
    client.force_login(platform_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("admin_totp_by_operator")
    page = client.get(response.url).content.decode()
    assert "python manage.py enrol_admin_totp ops@example.org" in page


def test_a_platform_admin_cannot_enrol_a_device_from_the_web(client, platform_admin):
    _sign_in(client, platform_admin)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url == reverse("admin_totp_by_operator")
    session = client.session
    session[SECRET_SESSION_KEY] = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    session.save()
    response = client.post(
        reverse("mfa_activate_totp"), {"code": _current_code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")}
    )
    assert response.status_code == 302
    assert response.url == reverse("admin_totp_by_operator")
    assert not _totp(platform_admin).exists()


def test_other_people_turn_on_two_factor_themselves(client, tenant, make_person):
    member = make_person(tenant, Role.MEMBER)
    _sign_in(client, member)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert _totp(member).count() == 1


def test_the_admin_opens_with_two_factor_and_shows_every_tenant(client, platform_admin):
    Authenticator.objects.create(
        user=platform_admin, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    first, second = TenantFactory(name="Cluster Un"), TenantFactory(name="Cluster Deux")
    InvitationFactory(tenant=first, email="alpha@example.org")
    InvitationFactory(tenant=second, email="beta@example.org")
    client.force_login(platform_admin)
    assert client.get(reverse("admin:index")).status_code == 200
    body = client.get(reverse("admin:tenants_invitation_changelist")).content.decode()
    assert "alpha@example.org" in body and "beta@example.org" in body


def test_the_admin_login_goes_through_the_platform_login(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_two_factor_is_optional_for_other_roles(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    assert client.get(reverse("mfa_index")).status_code == 200
    assert (
        client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})).status_code == 200
    )
    assert client.get(reverse("admin:index")).status_code == 302  # not staff: admin login
