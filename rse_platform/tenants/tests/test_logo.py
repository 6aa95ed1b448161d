"""A tenant's logo is stored under a random name and leaves only through a checked view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def logo_tenant(tenant):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buffer, format="PNG")
    tenant.logo = SimpleUploadedFile("Logo Pévèle.png", buffer.getvalue())
    tenant.save()
    return tenant


def test_it_stores_the_logo_under_a_random_name(logo_tenant):
    assert "Logo" not in logo_tenant.logo.name
    assert logo_tenant.logo.name.startswith("tenants/logos/")


def test_it_serves_the_logo_to_people_of_the_tenant(client, logo_tenant, make_person):
    client.force_login(make_person(logo_tenant, Role.MEMBER))
    response = client.get(reverse("tenant_logo", kwargs={"tenant_slug": logo_tenant.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_it_hides_the_logo_from_other_tenants_and_anonymous_visitors(
    client, logo_tenant, other_tenant, make_person
):
    url = reverse("tenant_logo", kwargs={"tenant_slug": logo_tenant.slug})
    assert client.get(url).status_code == 404  # files never send anonymous visitors to log in
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.get(url).status_code == 404
    assert client.get(f"/media/{logo_tenant.logo.name}").status_code == 404
