import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from programmes.models import Company
from tests.factories import TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="ops@example.org", is_staff=True, is_superuser=True)


def test_the_admin_asks_platform_admins_for_two_factor_first(client, platform_admin):
    client.force_login(platform_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_the_admin_opens_with_two_factor_and_shows_every_tenant(client, platform_admin):
    Authenticator.objects.create(
        user=platform_admin, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    first, second = TenantFactory(name="Cluster Un"), TenantFactory(name="Cluster Deux")
    Company.objects.bulk_create(
        [Company(tenant=first, name="Alpha"), Company(tenant=second, name="Beta")]
    )
    client.force_login(platform_admin)
    assert client.get(reverse("admin:index")).status_code == 200
    body = client.get(reverse("admin:programmes_company_changelist")).content.decode()
    assert "Alpha" in body and "Beta" in body


def test_the_admin_login_goes_through_the_platform_login(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_two_factor_is_optional_for_other_roles(client, tenant, make_person):
    from rse_platform.tenants.roles import Role

    client.force_login(make_person(tenant, Role.MEMBER))
    assert client.get(reverse("mfa_index")).status_code == 200
    assert (
        client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})).status_code == 200
    )
    assert client.get(reverse("admin:index")).status_code == 302  # not staff: admin login
