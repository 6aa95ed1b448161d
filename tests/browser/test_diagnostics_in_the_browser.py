import json
import re
from pathlib import Path

import pytest
from django_scopes import scope, scopes_disabled
from guardian.shortcuts import assign_perm
from playwright.sync_api import expect

from diagnostics import services
from diagnostics.models import Answer, Diagnostic, Scale
from diagnostics.tests.factories import CriterionFactory, grid
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
ECORIDE = Path(__file__).resolve().parents[2] / "diagnostics" / "frameworks" / "ecoride.json"
# ECORIDE's first theme (20 criteria, each with an open comment box and a file picker) was
# 4,160 px tall at 1366 px; with answer cards and comment and evidence behind a control it is
# about 1,900 px.
ECORIDE_FIRST_THEME_MAX_HEIGHT = 2200


@pytest.fixture
def leader(tenant, make_person):
    person = make_person(tenant, Role.MEMBER)
    person.company = CompanyFactory(tenant=tenant, name="Néo-Éco Recyclage")
    CompanyMemberFactory(company=person.company, user=person)
    assign_perm("programmes.view_company", person, person.company)
    return person


def _criteria(version):
    with scopes_disabled():
        return list(version.criteria.order_by("theme__order", "order"))


def _card(page, criterion, value):
    """The answer card (the label around the radio) of ``value``."""
    return page.locator(f"label[for='c{criterion.pk}-{value}']")


def _mark_the_page(page):
    """A flag that a reload would wipe: the counters must change with the page still there."""
    page.evaluate("window.notReloaded = true")


def _still_the_same_page(page):
    return page.evaluate("window.notReloaded === true")


def test_a_leader_fills_in_a_self_assessment_and_reads_the_result(page, sign_in, tenant, leader):
    version = grid(
        tenant,
        themes=[(1, 2), (1, 1)],
        scale=Scale.LETTER,
        max_points=3,
        levels=[("Débutant", 0), ("Confirmé", 60)],
        name="Grille ISO 26000",
    )
    with scopes_disabled():
        first_theme, second_theme = version.themes.order_by("order")
        CriterionFactory(theme=second_theme, scale=Scale.NUMBER, max_points=0, unit="kWh")
    criteria = _criteria(version)

    page.set_viewport_size(WIDE)
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/diagnostics/")
    page.select_option("#id_version", str(version.pk))
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("0 sur 4 répondus")

    _card(page, criteria[0], "A").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("1 sur 4 répondus")
    # The cards are a radio group: the arrow keys move the answer, and each move is saved.
    page.locator(f"#c{criteria[1].pk}-A").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#c{criteria[1].pk}-B")).to_be_checked()
    expect(page.get_by_test_id("progress-count")).to_have_text("2 sur 4 répondus")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#c{criteria[1].pk}-C")).to_be_checked()
    # The comment box is behind its control.
    comment = page.locator(f"#comment-{criteria[1].pk}")
    expect(comment).to_be_hidden()
    page.locator(f"#criterion-{criteria[1].pk}").get_by_test_id("add-comment").click()
    expect(comment).to_be_focused()
    comment.fill("Entretiens annuels à généraliser")
    with page.expect_response(
        lambda response: f"/answer/{criteria[1].pk}/" in response.url and response.ok
    ):
        comment.blur()
    expect(page.locator(f"#criterion-{criteria[1].pk} [data-testid=saved]")).to_be_visible()

    # Leave and come back: the answers are kept, and the comment box is open since it has one.
    page.reload()
    expect(page.locator(f"#c{criteria[0].pk}-A")).to_be_checked()
    expect(page.locator(f"#c{criteria[1].pk}-C")).to_be_checked()
    expect(comment).to_be_visible()
    expect(comment).to_have_value("Entretiens annuels à généraliser")
    expect(page.locator(f"#comment-{criteria[0].pk}")).to_be_hidden()

    page.get_by_test_id("next-theme").click()
    _card(page, criteria[2], "B").click()
    # A value that is not a number is refused, and the criterion says why.
    page.fill(f"#number-{criteria[3].pk}", "douze")
    page.locator(f"#number-{criteria[3].pk}").blur()
    expect(page.locator(f"#saved-{criteria[3].pk}")).to_have_text("Saisissez un nombre.")
    page.fill(f"#number-{criteria[3].pk}", "12500")
    page.locator(f"#number-{criteria[3].pk}").blur()
    expect(page.get_by_test_id("progress-count")).to_have_text("4 sur 4 répondus")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-diagnostic").click()
    expect(page).to_have_url(re.compile(r"/diagnostics/\d+/results/$"))
    # Theme 1: A (3) + C (1) of 6 = 66.67 %; theme 2: B (2) of 3 = 66.67 % → 66.7 %, Confirmé.
    expect(page.get_by_test_id("overall")).to_have_text("66,7 %")
    expect(page.get_by_test_id("level")).to_have_text("Confirmé")
    expect(page.get_by_test_id("radar")).to_be_visible()
    expect(page.get_by_test_id("theme-scores")).to_contain_text("66,7 %")
    with scopes_disabled():
        diagnostic = Diagnostic.objects.get(company=leader.company)
        assert diagnostic.is_submitted
        assert Answer.objects.get(criterion=criteria[3]).number == 12500
        assert Answer.objects.get(criterion=criteria[1]).comment == (
            "Entretiens annuels à généraliser"
        )


def test_a_leader_completes_a_self_assessment_on_a_phone(page, sign_in, tenant, leader):
    version = grid(tenant, themes=[(1, 3), (1, 2)], scale=Scale.LETTER, max_points=3)
    with scopes_disabled():
        first = version.criteria.order_by("theme__order", "order").first()
        first.level_texts = ["Maîtrisée", "Engagée", "Ponctuelle", "Rien n'est fait"]
        first.save()
        first_theme, second_theme = version.themes.order_by("order")
        diagnostic = services.start_diagnostic(
            company=leader.company, version=version, actor=leader
        )
    criteria = _criteria(version)
    fill = f"/{tenant.slug}/diagnostics/{diagnostic.pk}/"
    picker = page.get_by_test_id("theme-picker")

    page.set_viewport_size(PHONE)
    sign_in(leader.email)
    page.goto(fill)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # On a phone the themes are a select, each with its count; the cards say what they mean.
    expect(picker).to_be_visible()
    expect(page.get_by_test_id("theme-step").first).to_be_hidden()
    expect(picker.locator("option").nth(0)).to_have_text(re.compile(r"0/3$"))
    expect(_card(page, criteria[0], "D")).to_contain_text("Rien n'est fait")

    _mark_the_page(page)
    _card(page, criteria[0], "A").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("1 sur 5 répondus")
    expect(picker.locator("option").nth(0)).to_have_text(re.compile(r"1/3$"))
    _card(page, criteria[1], "B").click()
    _card(page, criteria[2], "na").click()  # not applicable: it counts as done
    expect(picker.locator("option").nth(0)).to_have_text(re.compile(r"3/3$"))
    expect(page.get_by_test_id("progress-count")).to_have_text("3 sur 5 répondus")
    expect(page.get_by_test_id("progress-percent")).to_contain_text("60")
    assert _still_the_same_page(page)
    expect(page.get_by_test_id("provisional-results")).to_be_visible()

    picker.select_option(str(second_theme.pk))
    expect(page).to_have_url(re.compile(rf"\?theme={second_theme.pk}$"))
    expect(page.get_by_test_id("theme-title")).to_contain_text(second_theme.title)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _mark_the_page(page)
    _card(page, criteria[3], "C").click()
    _card(page, criteria[4], "A").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("5 sur 5 répondus")
    expect(picker.locator("option").nth(1)).to_have_text(re.compile(r"2/2$"))
    assert _still_the_same_page(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-diagnostic").click()
    expect(page).to_have_url(re.compile(rf"/diagnostics/{diagnostic.pk}/results/$"))
    diagnostic.refresh_from_db()
    assert diagnostic.is_submitted
    with scopes_disabled():
        assert Answer.objects.get(criterion=criteria[2]).not_applicable
        assert Answer.objects.get(criterion=criteria[4]).choice == "A"


def test_an_incomplete_self_assessment_is_refused_with_what_is_missing(
    page, sign_in, tenant, leader
):
    version = grid(tenant, themes=[(1, 2), (1, 2)], max_points=3)
    with scopes_disabled():
        second_theme = version.themes.order_by("order")[1]
        diagnostic = services.start_diagnostic(
            company=leader.company, version=version, actor=leader
        )
    criteria = _criteria(version)

    page.set_viewport_size(PHONE)
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/diagnostics/{diagnostic.pk}/")
    _card(page, criteria[0], "3").click()
    _card(page, criteria[1], "na").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("2 sur 4 répondus")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-diagnostic").click()

    # Still a draft; the page lists the two blank criteria of the second theme, each linked.
    missing = page.get_by_test_id("missing")
    expect(missing).to_be_visible()
    links = missing.get_by_test_id("missing-criterion")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_text(criteria[2].title)
    expect(missing.get_by_test_id("missing-theme")).to_have_text(second_theme.title)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    diagnostic.refresh_from_db()
    assert not diagnostic.is_submitted

    links.nth(1).click()
    expect(page).to_have_url(re.compile(rf"\?theme={second_theme.pk}#criterion-{criteria[3].pk}$"))
    target = page.locator(f"#criterion-{criteria[3].pk}")
    expect(target).to_be_in_viewport()
    expect(page.get_by_test_id("theme-title")).to_contain_text(second_theme.title)
    _card(page, criteria[3], "2").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("3 sur 4 répondus")


def test_the_first_theme_of_ecoride_fits_in_a_short_page(page, sign_in, tenant, leader):
    with scope(tenant=tenant):
        version = services.import_framework(
            tenant=tenant, data=json.loads(ECORIDE.read_text()), publish=True
        )
        diagnostic = services.start_diagnostic(
            company=leader.company, version=version, actor=leader
        )
    page.set_viewport_size(WIDE)
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/diagnostics/{diagnostic.pk}/")
    expect(page.get_by_test_id("criterion")).to_have_count(20)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < ECORIDE_FIRST_THEME_MAX_HEIGHT, height
    # One line of steps, and no comment box or file picker open on a new self-assessment.
    steps = page.get_by_test_id("theme-step")
    expect(steps).to_have_count(3)
    tops = {round(steps.nth(index).bounding_box()["y"]) for index in range(3)}
    assert len(tops) == 1
    expect(page.locator("textarea:visible, input[type=file]:visible")).to_have_count(0)
    # The progress stays in sight while the theme scrolls.
    page.mouse.wheel(0, 1200)
    expect(page.get_by_test_id("fill-progress")).to_be_in_viewport()
