"""What the programmes app adds to the company register: the status filter, the enrolment
section of the company page and its steps on the company's journey."""

import pytest
from django.urls import reverse
from django_scopes import scope

from programmes.models import Enrolment
from programmes.tests.factories import ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def test_the_register_filters_by_programme_status(manager, tenant):
    programme = ProgrammeFactory(tenant=tenant)
    small = CompanyFactory(tenant=tenant, name="Petite", headcount=5)
    CompanyFactory(tenant=tenant, name="Grande", headcount=300)
    with scope(tenant=tenant):
        Enrolment.objects.create(
            tenant=tenant, programme=programme, company=small, status="engaged"
        )
    response = manager.get(_url(tenant, "company_list"), {"status": "engaged"})
    assert [company.name for company in response.context["table"].rows] == ["Petite"]


def test_enrolment_moves_along_and_feeds_the_timeline(manager, tenant):
    programme = ProgrammeFactory(tenant=tenant, name="Parcours DD")
    company = CompanyFactory(tenant=tenant)
    for status, on in (
        ("prospect", "2024-01-10"),
        ("engaged", "2024-03-01"),
        ("alumni", "2026-06-30"),
    ):
        response = manager.post(
            _url(tenant, "company_enrol", pk=company.pk),
            {"programme": programme.pk, "status": status, "on": on},
        )
        assert response.status_code == 302
    with scope(tenant=tenant):
        enrolment = Enrolment.objects.get()
    assert (str(enrolment.contacted_on), str(enrolment.engaged_on), str(enrolment.left_on)) == (
        "2024-01-10",
        "2024-03-01",
        "2026-06-30",
    )
    timeline = manager.get(_url(tenant, "company_detail", pk=company.pk)).context["timeline"]
    assert [entry.title for entry in timeline] == [
        "Sortie de Parcours DD (ancienne)",
        "Engagée dans Parcours DD",
        "Premier contact : Parcours DD",
    ]


def test_bad_input_shows_the_enrolment_form_again_and_writes_nothing(manager, tenant):
    company = CompanyFactory(tenant=tenant)
    response = manager.post(
        _url(tenant, "company_enrol", pk=company.pk), {"programme": "", "status": "bogus"}
    )
    assert response.status_code == 200
    (form,) = [s["enrolment_form"] for s in response.context["sections"] if "enrolment_form" in s]
    assert set(form.errors) == {"programme", "status"}
    with scope(tenant=tenant):
        assert not Enrolment.objects.exists()


def test_another_tenants_company_cannot_be_enrolled(client, tenant, other_tenant, make_person):
    programme = ProgrammeFactory(tenant=other_tenant)
    company = CompanyFactory(tenant=tenant)
    client.force_login(make_person(other_tenant, Role.MANAGER))
    response = client.post(
        _url(other_tenant, "company_enrol", pk=company.pk),
        {"programme": programme.pk, "status": "engaged"},
    )
    assert response.status_code == 404
    with scope(tenant=other_tenant):
        assert not Enrolment.objects.exists()
