"""An organisation's logo and accent colour: its settings page, its stylesheet, its header."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from rse_platform.tenants import branding
from rse_platform.tenants.models import AuditEntry, Tenant
from rse_platform.tenants.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (24, 12), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile("Logo du pôle.png", buffer.getvalue(), content_type="image/png")


def _url(tenant, name="tenant_branding"):
    return reverse(name, kwargs={"tenant_slug": tenant.slug})


def _fresh(tenant):
    return Tenant.objects.get(pk=tenant.pk)


def _entries(tenant):
    with scopes_disabled():
        return AuditEntry.objects.filter(tenant=tenant, action="tenant.branding_changed")


# --- The settings page ------------------------------------------------------------------------


def test_it_saves_the_accent_colour_and_the_logo(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_url(tenant), {"accent_colour": "#1D4F91", "logo": _png()})
    assert response.status_code == 302
    saved = _fresh(tenant)
    assert saved.accent_colour == "#1d4f91"
    assert saved.logo.name.startswith("tenants/logos/") and "pôle" not in saved.logo.name
    assert _entries(tenant).get().data["accent"] == "#1d4f91"


def test_it_shows_the_form_with_the_current_colour(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(_url(tenant))
    assert response.status_code == 200
    assert f'value="{branding.DEFAULT_ACCENT}"' in response.content.decode()
    assert 'type="color"' in response.content.decode()


def test_it_refuses_a_colour_white_text_cannot_be_read_on(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_url(tenant), {"accent_colour": "#ffcc00"})
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["accent_colour"][0]
    assert error.code == "contrast"
    assert branding.darkened_to("#ffcc00") in response.content.decode()  # a readable shade
    assert _fresh(tenant).accent_colour == branding.DEFAULT_ACCENT
    assert not _entries(tenant).exists()


def test_it_refuses_a_colour_that_is_not_hexadecimal(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_url(tenant), {"accent_colour": "green; } body { display: none"})
    assert response.status_code == 200
    assert "accent_colour" in response.context["form"].errors
    assert _fresh(tenant).accent_colour == branding.DEFAULT_ACCENT


def test_it_refuses_an_svg_logo(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    svg = SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )
    response = client.post(_url(tenant), {"accent_colour": "#1d4f91", "logo": svg})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    saved = _fresh(tenant)
    assert not saved.logo and saved.accent_colour == branding.DEFAULT_ACCENT


def test_it_removes_the_logo_and_its_file(
    client, tenant, make_person, settings, django_capture_on_commit_callbacks
):
    tenant.logo = _png()
    tenant.save()
    stored = Path(settings.MEDIA_ROOT) / tenant.logo.name
    client.force_login(make_person(tenant, Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(tenant), {"accent_colour": "#1d4f91", "remove_logo": "on"})
    assert response.status_code == 302
    assert not _fresh(tenant).logo
    assert not stored.exists()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_it_is_for_managers_only(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.get(_url(tenant)).status_code == 403
    response = client.post(_url(tenant), {"accent_colour": "#1d4f91"})
    assert response.status_code == 403
    assert _fresh(tenant).accent_colour == branding.DEFAULT_ACCENT


def test_a_manager_of_another_tenant_gets_404(client, tenant, other_tenant, make_person):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    response = client.post(_url(tenant), {"accent_colour": "#1d4f91"})
    assert response.status_code == 404
    assert _fresh(tenant).accent_colour == branding.DEFAULT_ACCENT


# --- The stylesheet -----------------------------------------------------------------------------


def test_the_theme_sets_the_accent_as_css_custom_properties(client, tenant, make_person):
    Tenant.objects.filter(pk=tenant.pk).update(accent_colour="#1d4f91")
    client.force_login(make_person(tenant, Role.MEMBER))
    response = client.get(_url(tenant, "tenant_theme"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--app-accent: #1d4f91;" in css
    assert "--app-accent-rgb: 29, 79, 145;" in css
    assert all(f"--level-{level}:" in css for level in range(1, 6))


def test_the_theme_is_cached_and_revalidated_by_its_etag(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    version = _fresh(tenant).branding_version
    response = client.get(_url(tenant, "tenant_theme"), {"v": version})
    assert "max-age=31536000" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(_url(tenant, "tenant_theme"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    Tenant.objects.filter(pk=tenant.pk).update(accent_colour="#1d4f91")
    changed = client.get(_url(tenant, "tenant_theme"), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed["Cache-Control"] == "private, no-cache"


def test_the_theme_of_a_tenant_is_not_served_to_others(client, tenant, other_tenant, make_person):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.get(_url(tenant, "tenant_theme")).status_code == 404


# --- The header ---------------------------------------------------------------------------------


def test_the_header_shows_the_initials_on_the_accent_and_links_the_theme(
    client, tenant, make_person
):
    Tenant.objects.filter(pk=tenant.pk).update(accent_colour="#1d4f91")
    client.force_login(make_person(tenant, Role.MEMBER))
    body = client.get(_url(tenant, "tenant_home")).content.decode()
    header = body.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'fill="#1d4f91"' in header and ">PC</text>" in header  # « Pévèle Carembault »
    version = _fresh(tenant).branding_version
    assert f'href="{_url(tenant, "tenant_theme")}?v={version}"' in body


def test_the_header_shows_the_logo_when_there_is_one(client, tenant, make_person):
    tenant.logo = _png()
    tenant.save()
    client.force_login(make_person(tenant, Role.MEMBER))
    body = client.get(_url(tenant, "tenant_home")).content.decode()
    header = body.split("<header", 1)[1].split("</header>", 1)[0]
    src = re.search(r'<img class="tenant-logo" src="([^"]+)"', header).group(1)
    logo = client.get(src)
    assert logo.status_code == 200
    assert "max-age=31536000" in logo["Cache-Control"]


def test_the_switcher_lists_organisations_with_the_current_one_marked(
    client, tenant, other_tenant, make_person
):
    person = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=person, role=Role.MANAGER)
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(_url(other_tenant, "tenant_home")).content.decode()
    assert "Switch organisation" in body and "Your organisations" in body
    current = re.search(r'<a class="dropdown-item app-org-link active"[^>]*href="([^"]+)"', body)
    assert current.group(1) == _url(other_tenant, "tenant_home")


def test_the_picker_calls_its_entries_organisations(client, tenant, other_tenant, make_person):
    person = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=person, role=Role.MANAGER)
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home"))
    assert "<h1>Your organisations</h1>" in response.content.decode()


# --- The colours --------------------------------------------------------------------------------


def test_contrast_follows_wcag():
    assert round(branding.contrast("#000000"), 1) == 21.0
    assert round(branding.contrast("#767676"), 2) == 4.54


@pytest.mark.parametrize("accent", ["#1f6f50", "#1d4f91", "#8c4a0f", "#6b3fa0", "#b02a37"])
def test_every_level_and_link_colour_stays_readable(accent):
    colours = branding.palette(accent)
    assert branding.contrast(colours["--app-accent-deep"]) >= 7
    for level in range(1, 6):
        background, text = colours[f"--level-{level}"], colours[f"--level-{level}-text"]
        assert branding.contrast(background, text) >= 4.5


def test_a_too_light_colour_is_darkened_to_the_nearest_readable_shade():
    shade = branding.darkened_to("#ffcc00")
    assert branding.contrast(shade) >= 4.5
    assert branding.contrast(shade) < 5
