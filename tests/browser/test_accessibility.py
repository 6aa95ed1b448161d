"""axe-core (vendored, run inside Chromium) finds no serious WCAG 2 A/AA violation on key pages."""

from pathlib import Path

import pytest

from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def _violations(page):
    page.evaluate(AXE.read_text())  # not add_script_tag: the CSP refuses inline scripts
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_sign_in_page_is_accessible(page):
    page.goto("/accounts/login/")
    assert _violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        "dashboard/",
        "companies/",
        "companies/new/",
        "companies/import/",
        "people/",
        "people/invite/",
        "charter/",
        "programmes/new/",
    ],
)
def test_manager_pages_are_accessible(page, sign_in, tenant, make_person, path):
    programme = ProgrammeFactory(tenant=tenant)
    EnrolmentFactory(programme=programme)
    sign_in(make_person(tenant, Role.MANAGER).email)
    page.goto(f"/{tenant.slug}/{path}")
    assert _violations(page) == []


def test_a_company_members_home_is_accessible(page, sign_in, tenant, make_person):
    sign_in(make_person(tenant, Role.MEMBER).email)
    assert _violations(page) == []
