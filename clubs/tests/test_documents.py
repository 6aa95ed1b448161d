"""Event documents: checked by their content, stored under random names, served only by the
event's document view once the person may see the event."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clubs.models import EventDocument
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from .factories import EventFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% ordre du jour\n"


def _upload(client, url, event, name="Ordre du jour été.pdf", content=PDF):
    return client.post(
        url("event_document_add", pk=event.pk),
        {"title": "Ordre du jour", "phase": "before", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_it_stores_a_document_under_a_random_name_and_serves_it_under_its_own(
    client, tenant, make_person, make_company_person, in_scope, url, settings
):
    event = EventFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _upload(client, url, event)
    assert response.status_code == 200
    with in_scope(tenant):
        document = EventDocument.objects.get()
        assert AuditEntry.objects.filter(action="event.document").exists()
    assert document.original_name == "Ordre du jour été.pdf"
    assert re.fullmatch(r"clubs/documents/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    link = url("event_document", pk=event.pk, document_pk=document.pk)
    assert f'href="{link}"' in response.content.decode()
    assert settings.MEDIA_URL not in response.content.decode()

    client.force_login(make_company_person(tenant))
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "Ordre du jour" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "name, content",
    [
        ("programme.pdf", b"MZ\x90\x00\x03 an executable"),  # the content is not a PDF
        ("page.html", b"<script>alert(1)</script>"),
        ("vide.pdf", b""),
    ],
)
def test_it_refuses_a_file_by_its_content_and_writes_nothing(
    client, tenant, make_person, in_scope, url, name, content
):
    event = EventFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _upload(client, url, event, name=name, content=content)
    assert response.status_code == 200
    assert "Fichier" in response.content.decode() and "alert-danger" in response.content.decode()
    with in_scope(tenant):
        assert not EventDocument.objects.exists()


def test_a_company_member_cannot_share_a_document(
    client, tenant, make_company_person, in_scope, url
):
    event = EventFactory(tenant=tenant)
    client.force_login(make_company_person(tenant))
    assert _upload(client, url, event).status_code == 403
    with in_scope(tenant):
        assert not EventDocument.objects.exists()


def test_nobody_outside_gets_the_file(
    client, tenant, other_tenant, make_person, make_company_person, in_scope, url
):
    event = EventFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    _upload(client, url, event)
    with in_scope(tenant):
        document = EventDocument.objects.get()
    link = url("event_document", pk=event.pk, document_pk=document.pk)
    other_event = EventFactory(tenant=tenant)
    client.force_login(make_company_person(tenant))
    wrong_event = url("event_document", pk=other_event.pk, document_pk=document.pk)
    assert client.get(wrong_event).status_code == 404
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.get(link).status_code == 404
    foreign = reverse(
        "event_document",
        kwargs={"tenant_slug": other_tenant.slug, "pk": event.pk, "document_pk": document.pk},
    )
    assert client.get(foreign).status_code == 404
    client.logout()
    response = client.get(link)
    assert response.status_code == 404  # a file address never sends outsiders to log in
    assert client.get(f"/media/{document.file.name}").status_code == 404
