import csv
import io

import pytest
from django.test import TestCase
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from companies.models import Company
from companies.siret import demo_siret
from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def _form(**extra):
    return {
        "name": "Menuiserie Nord",
        "siret": demo_siret(5),
        "naf_code": "1623z",
        "commune": "Orchies",
        "headcount": "12",
        "annual_revenue": "1200000",
        **extra,
    }


def test_a_manager_registers_a_company(manager, tenant):
    response = manager.post(_url(tenant, "company_create"), _form())
    with scope(tenant=tenant):
        company = Company.objects.get()
        assert AuditEntry.objects.filter(action="company.created").exists()
    assert response.url == _url(tenant, "company_detail", pk=company.pk)
    assert (company.naf_code, company.siren, company.size_band) == (
        "16.23Z",
        demo_siret(5)[:9],
        "small",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siret", "12345678901234"),
        ("siret", "123"),
        ("naf_code", "00.00Z"),
        ("headcount", "-3"),
        ("name", ""),
    ],
)
def test_bad_input_redisplays_the_form_and_writes_nothing(manager, tenant, field, value):
    response = manager.post(_url(tenant, "company_create"), _form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    with scope(tenant=tenant):
        assert not Company.objects.exists()


def test_a_siret_is_unique_in_a_tenant_but_not_across_tenants(manager, tenant, other_tenant):
    CompanyFactory(tenant=other_tenant, siret=demo_siret(5))
    assert manager.post(_url(tenant, "company_create"), _form()).status_code == 302
    response = manager.post(_url(tenant, "company_create"), _form(name="Autre"))
    assert "siret" in response.context["form"].errors


def test_the_exports_hold_this_tenants_register_only(manager, tenant, other_tenant):
    CompanyFactory(tenant=tenant, name="Chez Nous", headcount=42)
    CompanyFactory(tenant=other_tenant, name="Chez Eux")
    csv_response = manager.get(_url(tenant, "company_export", fmt="csv"))
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "raison_sociale"
    assert [row[0] for row in rows[1:]] == ["Chez Nous"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        manager.post(_url(tenant, "company_export_xlsx"))
    with scope(tenant=tenant):
        document = GeneratedDocument.objects.get()
    download = manager.get(_url(tenant, "document_download", pk=document.pk))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    names = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Chez Nous"]
    assert manager.get(_url(tenant, "company_export", fmt="pdf")).status_code == 404


def test_an_exported_file_imports_back(manager, tenant, other_tenant):
    CompanyFactory(tenant=tenant, name="Aller Retour", headcount=15)
    exported = b"".join(manager.get(_url(tenant, "company_export", fmt="csv")).streaming_content)
    with scope(tenant=tenant):
        Company.objects.all().delete()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = manager.post(
        _url(tenant, "company_import"), {"file": SimpleUploadedFile("retour.csv", exported)}
    )
    manager.post(response.url)
    with scope(tenant=tenant):
        assert list(Company.objects.values_list("name", "headcount")) == [("Aller Retour", 15)]


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_only_managers_register_and_export(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.post(_url(tenant, "company_create"), _form()).status_code == 403
    assert client.get(_url(tenant, "company_export", fmt="csv")).status_code == 403
    assert client.post(_url(tenant, "company_export_xlsx")).status_code == 403
    with scope(tenant=tenant):
        assert not Company.objects.exists()


def test_the_register_filters_by_size_and_name(manager, tenant):
    CompanyFactory(tenant=tenant, name="Petite", headcount=5)
    CompanyFactory(tenant=tenant, name="Grande", headcount=300)
    names = lambda response: [c.name for c in response.context["table"].rows]  # noqa: E731
    assert names(manager.get(_url(tenant, "company_list"), {"band": "micro"})) == ["Petite"]
    assert names(manager.get(_url(tenant, "company_list"), {"band": "large"})) == ["Grande"]
    partial = manager.get(
        _url(tenant, "company_list"),
        {"query": "gran"},
        headers={"HX-Request": "true", "HX-Target": "company-table"},
    )
    assert "<html" not in partial.content.decode() and "Grande" in partial.content.decode()


def test_a_manager_links_a_company_member_by_e_mail(manager, tenant, make_person):
    company = CompanyFactory(tenant=tenant)
    leader = make_person(tenant, Role.MEMBER)
    consultant = make_person(tenant, Role.CONSULTANT)
    refused = manager.post(
        _url(tenant, "company_link_person", pk=company.pk),
        {"user": consultant.email, "position": "leader"},
        follow=True,
    )
    assert "invitez-la" in refused.content.decode()
    manager.post(
        _url(tenant, "company_link_person", pk=company.pk),
        {"user": leader.email.upper(), "position": "leader"},
    )
    with scope(tenant=tenant):
        assert list(company.people.values_list("user__email", flat=True)) == [leader.email]


def test_the_register_pages_and_sorts_in_the_database(manager, tenant):
    for index in range(60):
        CompanyFactory(tenant=tenant, name=f"Société {index:02d}", headcount=index)
    CompanyFactory(tenant=tenant, name="Éboueurs du Nord", headcount=500)
    url = _url(tenant, "company_list")
    first = manager.get(url)
    assert first.context["table"].count == 61 and len(first.context["table"].rows) == 50
    assert first.context["table"].rows[0].name == "Éboueurs du Nord"  # among the E, before the S
    assert 'rel="next"' in first.content.decode()
    second = manager.get(url, {"page": 2})
    assert [c.name for c in second.context["table"].rows][-1] == "Société 59"
    biggest = manager.get(url, {"sort": "-headcount"})
    assert biggest.context["table"].rows[0].name == "Éboueurs du Nord"


def test_a_page_swap_keeps_the_filters(manager, tenant):
    for index in range(55):
        CompanyFactory(tenant=tenant, name=f"Grande {index:02d}", headcount=300)
    CompanyFactory(tenant=tenant, name="Petite", headcount=5)
    response = manager.get(
        _url(tenant, "company_list"),
        {"band": "large", "page": 2},
        headers={"HX-Request": "true", "HX-Target": "company-table"},
    )
    body = response.content.decode()
    assert "<html" not in body and "Grande 54" in body and "Petite" not in body
    assert "band=large&amp;page=1" in body


def test_the_register_costs_the_same_at_two_sizes(manager, tenant, page_queries):
    CompanyFactory.create_batch(3, tenant=tenant)
    url = _url(tenant, "company_list")
    small = page_queries(url), page_queries(url + "?page=1&sort=-revenue")
    CompanyFactory.create_batch(120, tenant=tenant)
    assert (page_queries(url), page_queries(url + "?page=3&sort=-revenue")) == small
