"""The operator enrols a platform administrator's TOTP device on the server."""

import re
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _enrol(*args):
    out = StringIO()
    call_command("enrol_admin_totp", *args, stdout=out)
    return out.getvalue()


def _secret(output):
    uri = re.search(r"otpauth://\S+", output).group(0)
    return parse_qs(urlparse(uri).query)["secret"][0]


def test_it_creates_the_device_and_prints_its_key_once(client):
    admin = UserFactory(email="ops@example.org", is_staff=True)
    output = _enrol("OPS@example.org")
    device = Authenticator.objects.get(user=admin, type=Authenticator.Type.TOTP)
    secret = _secret(output)
    assert TOTP(device).instance.data["secret"] == secret
    assert "ops%40example.org" in output and "issuer=Plateforme%20RSE" in output
    # With its device, the admin opens the administration.
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_refuses_to_replace_a_device_unless_asked(db):
    admin = UserFactory(is_staff=True)
    first = _secret(_enrol(admin.email))
    with pytest.raises(CommandError, match="already has a TOTP device"):
        _enrol(admin.email)
    second = _secret(_enrol(admin.email, "--replace"))
    device = Authenticator.objects.get(user=admin, type=Authenticator.Type.TOTP)
    assert second != first and device.data["secret"] == second


def test_it_is_for_platform_administrators_only(db):
    person = UserFactory(is_staff=False)
    with pytest.raises(CommandError, match="not a platform administrator"):
        _enrol(person.email)
    with pytest.raises(CommandError, match="No account"):
        _enrol("nobody@example.org")
    assert not Authenticator.objects.exists()
