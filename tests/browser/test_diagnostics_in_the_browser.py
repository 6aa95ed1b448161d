import re

import pytest
from django_scopes import scopes_disabled
from guardian.shortcuts import assign_perm
from playwright.sync_api import expect

from diagnostics.models import Answer, Diagnostic, Scale
from diagnostics.tests.factories import CriterionFactory, grid
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.browser


def test_a_leader_fills_in_a_self_assessment_and_reads_the_result(
    page, sign_in, tenant, make_person
):
    leader = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant, name="Néo-Éco Recyclage")
    CompanyMemberFactory(company=company, user=leader)
    assign_perm("programmes.view_company", leader, company)
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
        criteria = list(version.criteria.order_by("theme__order", "order"))

    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/diagnostics/")
    page.select_option("#id_version", str(version.pk))
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("0 sur 4 répondus")

    page.check(f"#c{criteria[0].pk}-A")
    expect(page.get_by_test_id("progress-count")).to_have_text("1 sur 4 répondus")
    page.check(f"#c{criteria[1].pk}-C")
    expect(page.get_by_test_id("progress-count")).to_have_text("2 sur 4 répondus")
    page.fill(f"#comment-{criteria[1].pk}", "Entretiens annuels à généraliser")
    with page.expect_response(
        lambda response: f"/answer/{criteria[1].pk}/" in response.url and response.ok
    ):
        page.locator(f"#comment-{criteria[1].pk}").blur()
    expect(page.locator(f"#criterion-{criteria[1].pk} [data-testid=saved]")).to_be_visible()

    # Leave and come back: the answers are kept.
    page.reload()
    expect(page.locator(f"#c{criteria[0].pk}-A")).to_be_checked()
    expect(page.locator(f"#c{criteria[1].pk}-C")).to_be_checked()
    expect(page.locator(f"#comment-{criteria[1].pk}")).to_have_value(
        "Entretiens annuels à généraliser"
    )

    page.get_by_role("link", name=re.compile("Thème suivant")).click()
    page.check(f"#c{criteria[2].pk}-B")
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
    expect(page.get_by_test_id("benchmark")).to_contain_text("au moins 5 entreprises")
    with scopes_disabled():
        diagnostic = Diagnostic.objects.get(company=company)
        assert diagnostic.is_submitted
        assert Answer.objects.get(criterion=criteria[3]).number == 12500
