import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from companies.models import Company
from companies.siret import demo_siret
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.browser


def test_a_manager_fixes_a_bad_file_then_imports_it(page, sign_in, tenant, make_person, tmp_path):
    sign_in(make_person(tenant, Role.MANAGER).email)
    header = "raison_sociale;siret;code_naf;commune;effectif\n"
    bad = tmp_path / "registre.csv"
    bad.write_text(
        header
        + f"Menuiserie Nord;{demo_siret(1)};16.23Z;Orchies;12\nMauvaise;123;16.23Z;Orchies;3\n"
    )
    page.goto(f"/{tenant.slug}/companies/")
    page.get_by_role("link", name="Importer un fichier").click()
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("1 ligne pose problème")
    expect(page.locator("table")).to_contain_text("Mauvaise")
    with scopes_disabled():
        assert not Company.objects.exists()

    good = tmp_path / "registre-corrige.csv"
    good.write_text(
        header
        + f"Menuiserie Nord;{demo_siret(1)};16.23Z;Orchies;12\n"
        + f"Bonne;{demo_siret(2)};16.23Z;Orchies;3\n"
    )
    page.get_by_role("link", name="Déposer un fichier corrigé").click()
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator(".alert-success")).to_contain_text("2 entreprises sont prêtes")
    page.get_by_role("button", name="Importer ces entreprises").click()
    expect(page).to_have_url(re.compile(r"/companies/$"))
    expect(page.locator("#company-table")).to_contain_text("Menuiserie Nord")
    page.fill("#f-query", "Bonne")
    expect(page.locator("#company-table tbody tr")).to_have_count(1)
    with scopes_disabled():
        assert set(Company.objects.values_list("name", flat=True)) == {"Menuiserie Nord", "Bonne"}
