"""French first, English second, and the French catalogue covers every UI string."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from rse_platform.tenants.management.commands.compile_catalogues import catalogues
from rse_platform.tenants.roles import Role

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "node_modules", "staticfiles", "media", "__pycache__", ".ruff_cache"}


def test_the_french_catalogue_is_complete(tmp_path):
    assert shutil.which("xgettext"), "GNU gettext (xgettext) is needed: `apt-get install gettext`"
    # Extract the strings from a copy of the sources, so the working tree is left untouched.
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in SKIP])
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    french = [path for path in catalogues(copy) if path.parts[-3] == "fr"]
    assert copy / "locale/fr/LC_MESSAGES/django.po" in french
    for path in french:
        catalogue = polib.pofile(str(path))
        missing = [entry.msgid for entry in catalogue.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
        assert missing == [], f"{path.relative_to(copy)} untranslated: {missing}"
        assert fuzzy == [], f"{path.relative_to(copy)} fuzzy: {fuzzy}"


@pytest.mark.django_db
def test_pages_are_in_french_by_default(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})).content.decode()
    assert '<html lang="fr">' in body
    assert "Activité récente" in body


@pytest.mark.django_db
def test_the_language_switch_turns_the_ui_to_english(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    home = reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302
    body = client.get(home).content.decode()
    assert '<html lang="en">' in body
    assert "Recent activity" in body


@pytest.mark.django_db
def test_an_english_browser_still_gets_french_until_english_is_chosen(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    home = reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    body = client.get(home, headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="fr">' in body
