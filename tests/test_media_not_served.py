"""No file under MEDIA_ROOT answers at /media/…, whatever DEBUG says.

Files are served only by views that check the permission of the person asking; a
``static(MEDIA_URL)`` route (Django's usual DEBUG helper) would hand them to anyone.
"""

import importlib

import pytest
from django.urls import clear_url_caches

import rse_platform.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def reload_urls():
    """Rebuilds the URLconf under the current settings (it reads DEBUG when imported)."""

    def reload():
        clear_url_caches()
        importlib.reload(rse_platform.urls)

    yield reload
    reload()


@pytest.mark.parametrize("debug", [True, False])
def test_it_does_not_serve_media_files(client, settings, reload_urls, debug):
    settings.DEBUG = debug
    reload_urls()
    report = settings.MEDIA_ROOT / "reports" / "diagnostic-3-1.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"%PDF-1.7 confidential")
    for path in ["/media/reports/diagnostic-3-1.pdf", "/media/", "/media/anything.xlsx"]:
        assert client.get(path).status_code == 404, path
