"""A juror in Chromium: confirms they have no conflict of interest, scores an application blind,
submits, then sees the other juror's scores; on a 390 px phone the scoring form fits the screen
and saves one part through htmx without reloading the page. axe checks the pages on the way."""

import re
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from labels import services
from labels.models import Application, JurorAssignment, JuryScore
from labels.tests import factories
from rse_platform.tenants.roles import Role
from tests.browser.test_every_page import AXE, AXE_RUN, AXE_TAGS
from tests.factories import CompanyFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def jury(tenant, make_person):
    """ECORIDE's wave with two applications before the jury, both assigned to Anne; the first
    to Paul too, who has scored and submitted it."""
    manager = make_person(tenant, Role.MANAGER)
    anne = make_person(tenant, Role.JURY, first_name="Anne", last_name="Roy")
    paul = make_person(tenant, Role.JURY, first_name="Paul", last_name="Martin")
    with scope(tenant=tenant):
        label = factories.ecoride(tenant, manager)
        wave = factories.open_wave(label, manager)
        applications = []
        for name in ("Glisse Durable", "Surf Atelier"):
            company = CompanyFactory(tenant=tenant, name=name, commune="Hossegor")
            application = services.start_application(wave=wave, company=company, actor=manager)
            applications.append(factories.put(application, Application.Status.JURY))
        first, second = applications
        mine, his = services.assign_jurors(application=first, jurors=[anne, paul], actor=manager)
        (other,) = services.assign_jurors(application=second, jurors=[anne], actor=manager)
        for part, value in zip(factories.jury_parts(label), ["33", "27", "9"], strict=True):
            services.save_score(
                assignment=his, part=part, value=Decimal(value), comment="Paul lit", actor=paul
            )
        services.submit_scores(assignment=his, actor=paul)
        parts = factories.jury_parts(label)
    return {"juror": anne, "mine": mine, "other": other, "parts": parts}


def _axe(page):
    assert page.evaluate(AXE_RUN, AXE_TAGS) == []


def test_a_juror_declares_no_conflict_scores_submits_then_sees_the_others(
    page, sign_in, tenant, jury
):
    page.context.add_init_script(path=AXE)  # an init script: the CSP refuses an injected one
    sign_in(jury["juror"].email)
    page.locator("nav.app-sidenav").get_by_role("link", name="Jury").click()
    expect(page).to_have_url(re.compile(f"/{tenant.slug}/jury/$"))
    _axe(page)
    # Scoring first asks for the conflicts of interest.
    page.get_by_test_id(f"assignment-{jury['mine'].pk}").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/jury/waves/\d+/conflicts/"))
    expect(page.get_by_test_id("applicants")).to_contain_text("Surf Atelier")
    _axe(page)
    page.locator("form[data-jury-conflicts] button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/jury/assignments/{jury['mine'].pk}/$"))
    # Blind: nothing of Paul's before submitting.
    expect(page.get_by_test_id("others-scores")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Paul lit")
    _axe(page)
    management, design, commitment = jury["parts"]
    page.fill(f"#id_value_{management.pk}", "40")
    page.fill(f"#id_value_{design.pk}", "30,5")
    page.fill(f"#id_value_{commitment.pk}", "8")
    page.fill(f"#id_comment_{management.pk}", "Une démarche suivie")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[name=action][value=submit]").click()
    others = page.get_by_test_id("others-scores")
    expect(others).to_be_visible()
    expect(others).to_contain_text("Paul Martin")
    expect(others).to_contain_text("33")
    expect(others).to_contain_text("Paul lit")
    _axe(page)
    with scopes_disabled():
        assert JurorAssignment.objects.get(pk=jury["mine"].pk).submitted_at is not None
        assert JuryScore.objects.get(assignment=jury["mine"], part=design).value == Decimal("30.5")


def test_the_scoring_form_fits_a_phone_and_saves_one_part_without_reloading(
    page, sign_in, tenant, jury
):
    page.context.add_init_script(path=AXE)
    page.set_viewport_size(PHONE)
    sign_in(jury["juror"].email)
    page.goto(f"/{tenant.slug}/jury/assignments/{jury['other'].pk}/")
    page.locator("form[data-jury-conflicts] button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/jury/assignments/{jury['other'].pk}/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _axe(page)
    page.evaluate("window.notReloaded = true")
    management = jury["parts"][0]
    field = page.locator(f"#id_value_{management.pk}")
    field.fill("42,5")
    page.get_by_test_id(f"part-{management.pk}").locator("[data-jury-part-save]").click()
    expect(page.get_by_test_id("part-saved")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with scopes_disabled():
        saved = JuryScore.objects.get(assignment=jury["other"], part=management)
    assert saved.value == Decimal("42.5") and saved.submitted_at is None
