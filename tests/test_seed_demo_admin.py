"""seed_demo makes its platform administrator (published password) only with DEBUG on."""

import re
from io import StringIO

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import call_command

from rse_platform.tenants.management.commands.seed_demo import PLATFORM_ADMIN
from rse_platform.tenants.models import Tenant
from tests.demo import DEMO_PASSWORD, OTHER_SLUG, SLUG


def _seed():
    out = StringIO()
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=out)
    return out.getvalue()


def test_it_skips_the_platform_admin_when_debug_is_off(demo, settings):
    settings.DEBUG = False
    output = _seed()
    assert "Skipped the platform administrator" in output
    assert not get_user_model().objects.filter(email=PLATFORM_ADMIN[0]).exists()
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    assert Tenant.objects.filter(slug__in=[SLUG, OTHER_SLUG]).count() == 2  # the rest is there


def test_it_makes_the_admin_and_its_device_in_debug(demo, settings):
    settings.DEBUG = True
    first = re.search(r"otpauth://\S+", _seed()).group(0)
    admin = get_user_model().objects.get(email=PLATFORM_ADMIN[0])
    assert admin.is_staff and admin.is_superuser
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).count() == 1
    # Seeding again keeps the device the demo user may already have added.
    assert re.search(r"otpauth://\S+", _seed()).group(0) == first
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).count() == 1
