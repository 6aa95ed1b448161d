"""Every page sits in the platform's frame: the header, the favicon, the menu; the account pages
(allauth's) too, with their own section navigation, and the error pages."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db

FAVICON = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'
HEADER = '<header class="app-header">'

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/signup/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/inactive/",
]
ACCOUNT_PAGES = [
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
]
SIGNED_IN_PAGES = [*ACCOUNT_PAGES, "/accounts/logout/", "/accounts/reauthenticate/"]


def _body(client, path):
    response = client.get(path, follow=True)
    assert response.status_code in (200, 410), f"{path}: {response.status_code}"
    return response.content.decode()


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_sign_in_pages_are_in_the_frame(client, path):
    body = _body(client, path)
    assert HEADER in body and FAVICON in body
    assert 'class="card auth-card"' in body
    assert "Menu:" not in body and "<p><label" not in body  # allauth's unstyled layout, fields


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_account_pages_are_in_the_frame(client, tenant, make_person, path):
    client.force_login(make_person(tenant, Role.MEMBER))
    body = _body(client, path)
    assert HEADER in body and FAVICON in body
    assert 'id="app-menu"' in body  # the phone menu, with signing out
    assert "<p><label" not in body  # allauth's unstyled form.as_p


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_settings_have_their_own_navigation(client, tenant, make_person, path):
    client.force_login(make_person(tenant, Role.MEMBER))
    body = _body(client, path)
    nav = body.split('<nav class="app-sidenav"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="page"' in nav
    for url in ("account_change_password", "account_email", "mfa_index"):
        assert f'href="{reverse(url)}"' in nav


def test_a_form_error_is_tied_to_its_field(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "x", "password2": "y"},
    )
    body = response.content.decode()
    assert 'aria-describedby="id_oldpassword-help id_oldpassword-error"' in body
    assert 'id="id_oldpassword-error"' in body
    assert 'value="wrong"' not in body  # a password is never written back


def test_the_totp_activation_is_in_the_frame(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MEMBER))
    body = _body(client, "/accounts/2fa/totp/activate/")
    assert HEADER in body and FAVICON in body


@pytest.mark.parametrize("status", [403, 404])
def test_error_pages_are_in_the_frame(client, tenant, make_person, status):
    client.force_login(make_person(tenant, Role.MEMBER))
    path = {
        403: reverse("members", kwargs={"tenant_slug": tenant.slug}),
        404: f"/{tenant.slug}/nothing-here/",
    }[status]
    response = client.get(path)
    assert response.status_code == status
    body = response.content.decode()
    assert HEADER in body and FAVICON in body


def test_the_server_error_page_has_the_favicon():
    assert FAVICON in render_to_string("500.html")


def test_the_favicon_is_served():
    response = Client().get("/static/img/favicon.svg")
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_the_menu_holds_the_sections_and_the_account(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    body = _body(client, reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    menu = body.split('id="app-menu"', 1)[1].split("<main", 1)[0]
    assert 'class="app-sidenav"' in menu
    assert reverse("members", kwargs={"tenant_slug": tenant.slug}) in menu
    assert reverse("account_logout") in menu and reverse("account_email") in menu
    assert 'data-bs-target="#app-menu"' in body  # the header's menu button opens it
