"""The app frame on a 390 px phone: no page wider than the screen, the menu behind its button.

Each demo persona signs in and visits every page its menu offers (the sections of each
organisation it belongs to, the organisations, the account pages), read from the page itself.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
PERSONAS = {
    "manager": Role.MANAGER,
    "consultant": Role.CONSULTANT,
    "jury": Role.JURY,
    "member": Role.MEMBER,
    "two tenants": None,  # the consultant both demo tenants share: the picker and the switcher
}
MENU_LINKS = "els => els.map(e => e.getAttribute('href'))"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# What sticks out, for the failure message.
WIDEST = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 2).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)"""


def _person(demo, persona):
    role = PERSONAS[persona]
    return demo.shared_consultant if role is None else demo.person(role)


def _sign_in(page, live_server, person):
    client = Client()
    client.force_login(person)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_no_page_of_the_menu_is_wider_than_a_phone(page, live_server, demo, persona):
    _sign_in(page, live_server, _person(demo, persona))
    page.set_viewport_size(PHONE)
    queue, seen, too_wide = ["/"], set(), []
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        assert response.status == 200, f"{persona}: {path} answered {response.status}"
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            too_wide.append(f"{path}: {overflow} px too wide ({page.evaluate(WIDEST)})")
        links = page.eval_on_selector_all("#app-menu a[href]", MENU_LINKS)
        queue += [link for link in links if link not in seen]
    assert len(seen) >= 5, f"{persona} saw too few pages: {sorted(seen)}"
    assert too_wide == [], f"{persona}'s pages wider than 390 px:\n" + "\n".join(too_wide)


def test_on_a_phone_the_navigation_is_behind_the_menu_button(page, live_server, demo):
    _sign_in(page, live_server, demo.person(Role.MANAGER))
    page.set_viewport_size(PHONE)
    page.goto(f"/{demo.tenant.slug}/")
    sections = page.locator("nav.app-sidenav")
    expect(sections).to_be_hidden()
    # The long name of the organisation wraps inside the header instead of widening the page.
    name = page.locator(".app-brand-name")
    assert name.bounding_box()["height"] > 30
    assert page.locator(".app-header").bounding_box()["width"] <= PHONE["width"]

    page.get_by_role("button", name="Menu").click()
    expect(sections).to_be_visible()
    expect(page.locator("#app-menu").get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.locator("#app-menu").get_by_role("link", name="Entreprises").click()
    expect(page).to_have_url(re.compile(f"/{demo.tenant.slug}/companies/$"))
    expect(sections).to_be_hidden()


def test_on_a_large_screen_the_navigation_is_the_side_column(page, live_server, demo):
    _sign_in(page, live_server, demo.person(Role.MANAGER))
    page.set_viewport_size(WIDE)
    page.goto(f"/{demo.tenant.slug}/")
    expect(page.locator("nav.app-sidenav")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    side = page.locator("nav.app-sidenav").bounding_box()
    main = page.locator("main").bounding_box()
    assert side["x"] + side["width"] <= main["x"]


def test_the_active_organisation_takes_its_accent_colour(page, live_server, demo):
    _sign_in(page, live_server, demo.shared_consultant)
    page.set_viewport_size(WIDE)
    page.goto(f"/{demo.other_tenant.slug}/")
    page.get_by_test_id("tenant-switcher").click()
    active = page.locator(".app-switcher .dropdown-item.active")
    expect(active).to_contain_text(demo.other_tenant.name)
    accent = demo.other_tenant.accent_colour
    red, green, blue = (int(accent[index : index + 2], 16) for index in (1, 3, 5))
    expect(active).to_have_css("background-color", f"rgb({red}, {green}, {blue})")
