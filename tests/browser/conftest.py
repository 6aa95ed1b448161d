"""Playwright driving Debian's Chromium (never a downloaded browser) against the live server."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Chromium reports a refused inline script or style as a console error; this also catches what a
# console message might not say (the policy that refused it), before any page script runs.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "inline code"}`));
"""


def _is_a_problem(message):
    """A console error fails the test, except a page's own HTTP status (the tests assert it)."""
    if message.type != "error":
        return False
    if message.text.startswith("Failed to load resource"):
        return "/static/" in message.location.get("url", "")
    return True


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: _is_a_problem(m) and problems.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    yield page
    context.close()
    assert problems == [], "console errors or CSP violations:\n" + "\n".join(problems)


@pytest.fixture
def sign_in(page):
    from tests.factories import PASSWORD

    def sign_in(email, password=PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return sign_in
