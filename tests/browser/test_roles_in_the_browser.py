import re

import pytest
from playwright.sync_api import expect

from rse_platform.tenants.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

# What each role sees of the core's and the programmes app's entries (other apps add theirs).
CORE = {"Accueil", "Tableau de bord", "Entreprises", "Programmes", "Personnes", "Charte"}
NAVIGATION = {
    Role.MANAGER: CORE,
    Role.CONSULTANT: {"Accueil", "Entreprises", "Charte"},
    Role.JURY: {"Accueil", "Charte"},
    Role.MEMBER: {"Accueil", "Charte"},
    Role.AUDITOR: {"Accueil", "Charte"},
}


def _navigation(page, core=CORE):
    expect(page.locator("nav.app-sidenav a").first).to_be_visible()
    return set(page.locator("nav.app-sidenav a").all_inner_texts()) & core


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(page, sign_in, tenant, make_person, role):
    person = make_person(tenant, role)
    sign_in(person.email)
    expect(page).to_have_url(re.compile(f"/{tenant.slug}/$"))
    expect(page.get_by_test_id("current-role")).to_have_text(_french(role))
    assert _navigation(page) == NAVIGATION[role]


def _french(role):
    return {
        Role.MANAGER: "Chargé·e de mission",
        Role.CONSULTANT: "Consultant·e",
        Role.JURY: "Membre du jury",
        Role.MEMBER: "Membre d'entreprise",
        Role.AUDITOR: "Auditeur·rice",
    }[role]


def test_a_consultant_switches_tenant(page, sign_in, tenant, other_tenant, make_person):
    person = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=person, role=Role.MANAGER)
    sign_in(person.email)
    expect(page.get_by_role("heading", name="Vos organisations")).to_be_visible()
    page.get_by_role("link", name=re.compile(tenant.name)).click()
    expect(page.get_by_test_id("current-role")).to_have_text("Consultant·e")
    page.get_by_test_id("tenant-switcher").click()
    page.get_by_role("link", name=re.compile(other_tenant.name)).click()
    expect(page).to_have_url(re.compile(f"/{other_tenant.slug}/$"))
    expect(page.get_by_test_id("current-role")).to_have_text("Chargé·e de mission")
    assert _navigation(page) == NAVIGATION[Role.MANAGER]


def test_the_language_switch_turns_the_page_to_english(page, sign_in, tenant, make_person):
    sign_in(make_person(tenant, Role.MANAGER).email)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = {"Home", "Dashboard", "Companies", "Programmes", "People", "Charter"}
    assert _navigation(page, english) == english
    expect(page.get_by_test_id("current-role")).to_have_text("Programme manager")


def test_a_manager_searches_people_without_reloading(page, sign_in, tenant, make_person):
    sign_in(make_person(tenant, Role.MANAGER).email)
    make_person(
        tenant, Role.JURY, email="anne.jury@example.org", first_name="Anne", last_name="Roy"
    )
    make_person(
        tenant, Role.JURY, email="paul.jury@example.org", first_name="Paul", last_name="Roy"
    )
    page.goto(f"/{tenant.slug}/people/")
    page.evaluate("window.notReloaded = true")
    page.fill("#member-search", "anne")
    expect(page.locator("#member-list")).not_to_contain_text("paul.jury@example.org")
    expect(page.locator("#member-list")).to_contain_text("anne.jury@example.org")
    assert page.evaluate("window.notReloaded") is True


def test_an_invited_person_joins_through_the_link(page, sign_in, tenant, make_person, settings):
    from django.core import mail

    sign_in(make_person(tenant, Role.MANAGER).email)
    page.goto(f"/{tenant.slug}/people/invite/")
    page.fill("#id_email", "nouvelle@example.org")
    page.select_option("#id_role", "consultant")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("nouvelle@example.org")
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    page.context.clear_cookies()
    page.goto(link.replace("http://testserver", "").strip())
    page.fill("#id_first_name", "Nora")
    page.fill("#id_last_name", "Petit")
    page.fill("#id_password1", "Une-phrase-longue-9")
    page.fill("#id_password2", "Une-phrase-longue-9")
    page.click("main button[type=submit]")
    expect(page.get_by_test_id("current-role")).to_have_text("Consultant·e")
