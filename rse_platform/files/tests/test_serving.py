import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory

from rse_platform.files.serving import serve

PDF = b"%PDF-1.7\nrapport\n%%EOF\n"


@pytest.fixture
def stored():
    """``stored(name, content)``: a file in MEDIA_ROOT, as a model's FileField would hold it."""

    def store(name, content=PDF):
        saved = default_storage.save(name, ContentFile(content))
        return FieldFile(None, FileField(), saved)

    return store


def get(field_file, **kwargs):
    return serve(RequestFactory().get("/"), field_file, **kwargs)


def test_it_streams_the_file_with_its_download_name(stored, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = ""
    response = get(stored("generated/2026/0a1b.pdf"), filename="rapport-salti.pdf")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-salti.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in response


def test_it_hands_the_file_to_nginx_when_a_prefix_is_set(stored, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    response = get(stored("generated/2026/0a1b.pdf"), filename="rapport-salti.pdf")
    assert response["X-Accel-Redirect"] == "/protected-media/generated/2026/0a1b.pdf"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-salti.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_it_names_a_non_ascii_download_by_rfc_5987(stored):
    response = get(stored("imports/2026/0a1b.csv", b"a;b\n"), filename="Société Générale été.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="Societe Generale ete.csv"; '
        "filename*=utf-8''Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale%20%C3%A9t%C3%A9.csv"
    )
    assert response["Content-Type"] == "text/csv"


def test_it_shows_inline_only_types_a_browser_cannot_run(stored):
    assert get(stored("e/2026/a.pdf"), filename="a.pdf", inline=True)[
        "Content-Disposition"
    ].startswith("inline;")
    legacy = stored("clubs/documents/page.html", b"<script>alert(1)</script>")
    response = get(legacy, filename="page.html", inline=True)
    assert response["Content-Disposition"].startswith("attachment;")


def test_it_answers_404_for_a_missing_or_empty_file(stored):
    gone = stored("generated/2026/gone.pdf")
    default_storage.delete(gone.name)
    with pytest.raises(Http404):
        get(gone, filename="gone.pdf")
    with pytest.raises(Http404):
        get(FieldFile(None, FileField(), ""), filename="rien.pdf")


def test_it_refuses_a_name_leaving_the_media_folder(stored, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    with pytest.raises(Http404):
        get(FieldFile(None, FileField(), "../settings.py"), filename="x.py")
    with pytest.raises(Http404):
        get(FieldFile(None, FileField(), "/etc/passwd"), filename="x")
