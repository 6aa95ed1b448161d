import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from rse_platform.tenants.models import Membership, Tenant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=operator, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(operator)
    return client


def _png(size=(32, 32)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()


def _tenant_form(**extra):
    return {
        "name": "Cluster Bio",
        "slug": "cluster-bio",
        "kind": Tenant.Kind.CLUSTER,
        "territory": "Auvergne-Rhône-Alpes",
        "is_active": "on",
        "created_at_0": "25/11/2026",
        "created_at_1": "10:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **extra,
    }


def test_a_platform_admin_creates_a_tenant_with_a_logo(admin_client, settings):
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = admin_client.post(reverse("admin:tenants_tenant_add"), _tenant_form(logo=logo))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Tenant.objects.get(slug="cluster-bio").logo.name.endswith(".png")


def test_a_logo_that_is_not_an_image_is_refused(admin_client):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = admin_client.post(reverse("admin:tenants_tenant_add"), _tenant_form(logo=fake))
    assert response.status_code == 200
    assert "logo" in response.context["adminform"].form.errors
    assert not Tenant.objects.filter(slug="cluster-bio").exists()


def test_a_logo_over_the_size_limit_is_refused(admin_client, settings):
    settings.UPLOAD_MAX_BYTES = 100
    logo = SimpleUploadedFile("logo.png", _png((200, 200)), content_type="image/png")
    response = admin_client.post(reverse("admin:tenants_tenant_add"), _tenant_form(logo=logo))
    assert "logo" in response.context["adminform"].form.errors
    assert not Tenant.objects.filter(slug="cluster-bio").exists()


def test_a_reserved_slug_is_refused(admin_client):
    response = admin_client.post(reverse("admin:tenants_tenant_add"), _tenant_form(slug="admin"))
    assert "slug" in response.context["adminform"].form.errors


def test_a_platform_admin_gives_a_role(admin_client, tenant):
    person = UserFactory()
    response = admin_client.post(
        reverse("admin:tenants_membership_add"),
        {
            "tenant": tenant.pk,
            "user": person.pk,
            "role": "jury",
            "created_at_0": "25/11/2026",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Membership.objects.get(user=person).role == "jury"


def test_the_admin_refuses_an_accent_white_text_cannot_be_read_on(admin_client):
    response = admin_client.post(
        reverse("admin:tenants_tenant_add"), _tenant_form(accent_colour="#ffff00")
    )
    assert response.status_code == 200
    assert "accent_colour" in response.context["adminform"].form.errors
    assert not Tenant.objects.filter(slug="cluster-bio").exists()


def test_the_admin_gives_a_new_tenant_the_platform_accent(admin_client):
    response = admin_client.post(reverse("admin:tenants_tenant_add"), _tenant_form())
    assert response.status_code == 302
    assert Tenant.objects.get(slug="cluster-bio").accent_colour == "#1f6f50"
