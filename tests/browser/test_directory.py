"""The service exchange in Chromium, at 1366 px and on a 390 px phone: a company leader searches
the network for an offer, opens it and answers it for their company; the offer's author then sees
the answer and accepts it. axe checks each page on the way, and nothing sticks out of the phone's
screen."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from directory.models import Offer, OfferAnswer
from directory.tests.factories import OfferFactory
from rse_platform.tenants.roles import Role
from tests.browser.test_every_page import AXE, AXE_RUN, AXE_TAGS, OVERFLOW
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.browser
SIZES = {"wide": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def exchange(tenant, make_person):
    """Salti Location lends a meeting room; Bruno leads Néo-Éco Recyclage, which needs one."""
    anne = make_person(tenant, Role.MEMBER, first_name="Anne", last_name="Delattre")
    bruno = make_person(tenant, Role.MEMBER, first_name="Bruno", last_name="Lefebvre")
    salti = CompanyFactory(tenant=tenant, name="Salti Location")
    neo = CompanyFactory(tenant=tenant, name="Néo-Éco Recyclage")
    CompanyMemberFactory(company=salti, user=anne)
    CompanyMemberFactory(company=neo, user=bruno)
    offer = OfferFactory(
        company=salti,
        author=anne,
        kind=Offer.Kind.OFFER,
        title="Prêt d'une salle de réunion",
        description="Une salle de 20 places avec vidéoprojecteur, le jeudi après-midi.",
        theme="Mutualisation",
    )
    OfferFactory(
        company=salti,
        author=anne,
        title="Partage d'une formation sécurité",
        description="Deux places libres dans notre session incendie de mars.",
    )
    return {"author": anne, "member": bruno, "offer": offer, "neo": neo}


def _checked(page, size):
    """axe finds nothing serious, and on the phone nothing is wider than the screen."""
    assert page.evaluate(AXE_RUN, AXE_TAGS) == []
    if size == "phone":
        over, elements = page.evaluate(OVERFLOW)
        assert over <= 1, f"{over}px too wide: {elements}"


@pytest.mark.parametrize("size", SIZES)
def test_a_member_finds_an_offer_answers_it_and_the_author_sees_the_answer(
    page, sign_in, tenant, exchange, size
):
    page.context.add_init_script(path=AXE)  # an init script: the CSP refuses an injected one
    page.set_viewport_size(SIZES[size])
    offer = exchange["offer"]
    sign_in(exchange["member"].email)
    page.goto(f"/{tenant.slug}/search/")
    page.locator("input[name=q]").fill("salle réunion")
    page.locator("form[role=search] button[type=submit]").click()
    result = page.locator("#search-results").get_by_role("link", name="Prêt d'une salle de réunion")
    expect(result).to_be_visible()
    expect(page.locator("#search-results")).not_to_contain_text("Partage d'une formation")
    _checked(page, size)
    result.click()
    expect(page).to_have_url(re.compile(f"/{tenant.slug}/exchange/{offer.pk}/$"))
    expect(page.locator("h1")).to_have_text("Prêt d'une salle de réunion")
    _checked(page, size)
    form = page.get_by_test_id("answer-form")
    expect(form).to_contain_text("Néo-Éco Recyclage")  # on behalf of his company
    form.locator("textarea[name=message]").fill("Avec plaisir : jeudi 14 h pour nos 12 salariés ?")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/exchange/{offer.pk}/$"))
    answers = page.get_by_test_id("answers")
    expect(answers).to_contain_text("jeudi 14 h pour nos 12 salariés")
    expect(page.get_by_test_id("answer-form")).to_have_count(0)  # one answer per company
    _checked(page, size)
    with scopes_disabled():
        answer = OfferAnswer.objects.get(offer=offer)
        assert (answer.company, answer.author) == (exchange["neo"], exchange["member"])

    # The author sees the answer on the offer's page and accepts it.
    page.context.clear_cookies()
    sign_in(exchange["author"].email)
    page.goto(f"/{tenant.slug}/exchange/{offer.pk}/")
    answer_row = page.get_by_test_id(f"answer-{answer.pk}")
    expect(answer_row).to_contain_text("Néo-Éco Recyclage")
    expect(answer_row).to_contain_text("jeudi 14 h pour nos 12 salariés")
    _checked(page, size)
    answer_row.get_by_role("button").click()
    expect(page.get_by_test_id("accepted")).to_contain_text("Néo-Éco Recyclage")
    expect(page.get_by_test_id("thanks-form")).to_be_visible()
    _checked(page, size)
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).status == Offer.Status.IN_PROGRESS
