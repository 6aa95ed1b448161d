"""The actions board in Chromium: a card dragged to another column with the mouse, and moved
with the keyboard alone through its "Move to" menu; both swapped by htmx, both in the database."""

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from action_plans import services
from action_plans.models import Action
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def board(tenant, make_person):
    leader = make_person(tenant, Role.MEMBER, first_name="Anne", last_name="Delattre")
    company = CompanyFactory(tenant=tenant, name="Salti")
    CompanyMemberFactory(company=company, user=leader)
    with scope(tenant=tenant):
        plan = services.create_plan(company=company, title="Plan RSE 2026", actor=leader)
        mobility = services.create_action(plan=plan, title="Plan de mobilité", actor=leader)
        carbon = services.create_action(plan=plan, title="Bilan carbone", actor=leader)
    return leader, plan, mobility, carbon


def _status(action):
    with scopes_disabled():
        return Action.objects.get(pk=action.pk).status


def test_a_card_is_dragged_to_another_column(page, sign_in, tenant, board):
    leader, plan, mobility, _carbon = board
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/plans/{plan.pk}/actions/")
    page.evaluate("window.notReloaded = true")
    card = page.locator(f"#card-{mobility.pk}")
    card.drag_to(page.locator("[data-dropzone][data-status=in_progress]"))
    in_progress = page.get_by_test_id("column-in_progress")
    expect(in_progress).to_contain_text("Plan de mobilité")
    expect(page.locator("#board-status")).to_contain_text("Plan de mobilité")
    assert page.evaluate("window.notReloaded") is True
    assert _status(mobility) == "in_progress"


def test_a_card_is_moved_with_the_keyboard_alone(page, sign_in, tenant, board):
    leader, plan, _mobility, carbon = board
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/plans/{plan.pk}/actions/")
    page.evaluate("window.notReloaded = true")
    menu = page.locator(f"#move-{carbon.pk}")
    menu.focus()
    # The first choice is "In progress"; ArrowDown moves to "Done".
    page.keyboard.press("ArrowDown")
    expect(menu).to_have_value("done")
    page.keyboard.press("Tab")  # the "Move" button beside it
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("column-done")).to_contain_text("Bilan carbone")
    expect(page.locator("#board-status")).to_contain_text("Bilan carbone")
    # The keyboard stays on the card just moved.
    expect(page.locator(f"#card-{carbon.pk}")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    assert _status(carbon) == "done"


def test_abandoning_by_drag_asks_for_a_reason(page, sign_in, tenant, board):
    leader, plan, mobility, _carbon = board
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/plans/{plan.pk}/actions/")
    page.locator(f"#card-{mobility.pk}").drag_to(
        page.locator("[data-dropzone][data-status=abandoned]")
    )
    reason = page.locator(f"#reason-{mobility.pk}")
    expect(reason).to_be_focused()
    assert _status(mobility) == "planned"
    reason.fill("Pas de budget cette année")
    page.locator(f"#card-{mobility.pk} button[type=submit]").click()
    expect(page.get_by_test_id("column-abandoned")).to_contain_text("Plan de mobilité")
    with scopes_disabled():
        action = Action.objects.get(pk=mobility.pk)
    assert (action.status, action.abandon_reason) == ("abandoned", "Pas de budget cette année")


def test_the_board_and_its_table_are_accessible(page, sign_in, tenant, board):
    from tests.browser.test_accessibility import _violations

    leader, plan, _mobility, _carbon = board
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/plans/{plan.pk}/actions/")
    assert _violations(page) == []
    page.locator("a[href$='?view=table']").click()
    expect(page.get_by_test_id("action-table")).to_be_visible()
    assert _violations(page) == []
    page.goto(f"/{tenant.slug}/plans/{plan.pk}/")
    assert _violations(page) == []


def test_the_plan_pages_are_accessible(page, sign_in, tenant, board, make_person):
    from datetime import date
    from decimal import Decimal

    from tests.browser.test_accessibility import _violations

    leader, plan, mobility, _carbon = board
    with scope(tenant=tenant):
        indicator = services.add_indicator(
            plan=plan,
            label="Consommation d'énergie",
            unit="MWh",
            baseline=Decimal("1250"),
            baseline_on=date(2025, 1, 15),
            target=Decimal("1000"),
            target_on=date(2027, 12, 31),
            actor=leader,
        )
        services.record_measurement(
            indicator=indicator, measured_on=date(2025, 6, 30), value=Decimal("1190"), actor=leader
        )
        services.comment_action(action=mobility, body="Devis reçu", actor=leader)
        services.add_action_type(tenant=tenant, name="Plan de mobilité", actor=leader)
    sign_in(make_person(tenant, Role.MANAGER).email)
    for path in (
        "plans/",
        "plans/settings/",
        f"companies/{plan.company_id}/plans/new/",
        f"plans/{plan.pk}/edit/",
        f"plans/{plan.pk}/actions/new/",
        f"actions/{mobility.pk}/",
        f"plans/{plan.pk}/indicators/new/",
        f"indicators/{indicator.pk}/",
        f"companies/{plan.company_id}/",
    ):
        page.goto(f"/{tenant.slug}/{path}")
        assert _violations(page) == [], path
