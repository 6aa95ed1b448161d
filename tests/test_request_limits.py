"""Oversized request bodies are refused with a 4xx, never a 500, before a view reads them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_refuses_a_body_above_the_upload_limit_with_413(client, settings):
    big = SimpleUploadedFile("evidence.pdf", b"%" * (settings.UPLOAD_MAX_BYTES + 1024 * 1024 + 1))
    response = client.post(reverse("account_login"), {"login": "a@example.org", "file": big})
    assert response.status_code == 413


def test_it_accepts_a_body_of_the_upload_limit(client, settings):
    file = SimpleUploadedFile("evidence.pdf", b"%" * settings.UPLOAD_MAX_BYTES)
    response = client.post(reverse("account_login"), {"login": "a@example.org", "file": file})
    assert response.status_code == 200  # the login form, re-displayed with its errors


def test_it_refuses_oversized_form_fields_with_400(client, settings):
    response = client.post(
        reverse("account_login"),
        {"login": "a@example.org", "password": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code == 400


def test_it_refuses_too_many_fields_with_400(client, settings):
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("account_login"), fields)
    assert response.status_code == 400


def test_a_wrong_content_length_is_a_400(client):
    response = client.post(reverse("account_login"), {}, CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_it_refuses_a_nul_character_in_a_search_or_a_form(client, tenant, make_person):
    from django.urls import reverse

    from rse_platform.tenants.roles import Role

    client.force_login(make_person(tenant, Role.MANAGER))
    url = reverse("company_list", kwargs={"tenant_slug": tenant.slug})
    assert client.get(url, {"query": "Salti\x00"}).status_code == 400
    assert client.post(url, {"query": "\x00"}).status_code == 400
    assert client.get(url, {"query": "Salti"}).status_code == 200
