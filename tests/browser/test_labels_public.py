"""The public check of a certificate and the showcase in a browser, on a wide screen and on a
phone: typed as people type it (lower case, spaces), the code leads to its answer; no page is
wider than the phone and axe-core finds nothing serious."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from labels.tests import factories
from labels.tests.test_views_public import certificate_of
from tests.browser.test_accessibility import _violations
from tests.factories import CompanyFactory, TenantFactory

pytestmark = pytest.mark.browser

SIZES = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# "valide" once the lead merges the French of labels-public.tsv; "valid" before.
VALID = re.compile(r"\bvalide?\b")


@pytest.fixture
def certificate(transactional_db):
    tenant = TenantFactory(slug="pevele-public", name="Pévèle Carembault")
    with scope(tenant=tenant):
        label = factories.ecoride(tenant, None)
        company = CompanyFactory(tenant=tenant, name="Glisse Durable & Fils")
        return certificate_of(company, label, code="K7QM2XWD9HTB", level="Gold")


@pytest.mark.parametrize("size", list(SIZES))
def test_anyone_checks_a_printed_code(page, certificate, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/verify/")
    assert _violations(page) == []
    page.get_by_role("textbox").fill("k7qm 2xwd-9htb")
    page.get_by_test_id("verify-submit").click()
    page.wait_for_url("**/verify/K7QM2XWD9HTB/")
    result = page.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-state", "valid")
    expect(result.get_by_role("heading")).to_contain_text(VALID)
    expect(result).to_contain_text("Glisse Durable & Fils")
    expect(result).to_contain_text("Gold")
    assert page.evaluate(OVERFLOW) <= 0
    assert _violations(page) == []

    page.get_by_role("textbox").fill("ZZZZ-ZZZZ-ZZZZ")
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-state", "unknown")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_showcase_filters_in_place(page, certificate, size):
    page.set_viewport_size(SIZES[size])
    page.goto(f"/{certificate.tenant.slug}/labelled/")
    table = page.get_by_test_id("showcase-table")
    expect(table).to_contain_text("Glisse Durable & Fils")
    assert page.evaluate(OVERFLOW) <= 0
    assert _violations(page) == []
    page.locator("#s-level").select_option("Gold")
    page.wait_for_url(re.compile(r"level=Gold"))
    expect(page.get_by_test_id("showcase-table")).to_contain_text("Glisse Durable & Fils")
    page.get_by_role("link", name=re.compile("K7QM-2XWD-9HTB")).click()
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-state", "valid")
