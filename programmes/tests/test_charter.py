import pytest
from django.urls import reverse
from django_scopes import scope

from companies import services as company_services
from companies.models import Exclusion
from programmes import services
from programmes.models import CharterSignature, CharterVersion
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def leader(tenant, make_person, in_scope):
    person = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant, name="Menuiseries Delcourt")
    with in_scope(tenant):
        company_services.link_person(company=company, user=person, position="leader")
    return person, company


def test_a_manager_publishes_and_a_leader_signs(client, tenant, make_person, leader):
    person, company = leader
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        _url(tenant, "charter_publish"), {"title": "Charte", "text": "Nous nous engageons."}
    )
    assert response.status_code == 302
    client.force_login(person)
    page = client.get(_url(tenant, "charter")).content.decode()
    assert "Nous nous engageons." in page and "Signer la charte" in page
    client.post(_url(tenant, "charter_sign", pk=company.pk))
    with scope(tenant=tenant):
        signature = CharterSignature.objects.get()
    assert (signature.company, signature.signed_by, signature.version.number) == (
        company,
        person,
        1,
    )


def test_a_new_version_asks_for_a_new_signature(client, tenant, make_person, leader, in_scope):
    person, company = leader
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        services.publish_charter_version(tenant=tenant, title="Charte", text="v1", actor=manager)
        services.sign_charter(company=company, user=person)
        services.publish_charter_version(tenant=tenant, title="Charte", text="v2", actor=manager)
    client.force_login(person)
    home = client.get(_url(tenant, "tenant_home")).content.decode()
    assert "La version 2 de la charte attend votre signature" in home
    client.force_login(manager)
    register = client.get(_url(tenant, "charter")).context["table"].rows
    row = next(item for item in register if item.pk == company.pk)
    assert (row.signed_current, row.last_version) == (False, 1)
    with in_scope(tenant):
        services.sign_charter(company=company, user=person)
        assert list(
            CharterSignature.objects.values_list("version__number", flat=True).order_by(
                "version__number"
            )
        ) == [1, 2]
    client.force_login(person)
    assert "attend votre signature" not in client.get(_url(tenant, "tenant_home")).content.decode()


def test_published_versions_keep_their_text(tenant, make_person, in_scope):
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        first = services.publish_charter_version(
            tenant=tenant, title="Charte", text="v1", actor=manager
        )
        services.publish_charter_version(tenant=tenant, title="Charte", text="v2", actor=manager)
        first.refresh_from_db()
        assert first.text == "v1"
        assert CharterVersion.objects.count() == 2


def test_only_the_companys_leader_signs(client, tenant, make_person, in_scope):
    employee = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant)
    other = CompanyFactory(tenant=tenant)
    manager = make_person(tenant, Role.MANAGER)
    with in_scope(tenant):
        company_services.link_person(company=company, user=employee, position="employee")
        services.publish_charter_version(tenant=tenant, title="Charte", text="v1", actor=manager)
    client.force_login(employee)
    assert client.post(_url(tenant, "charter_sign", pk=company.pk)).status_code == 404
    assert client.post(_url(tenant, "charter_sign", pk=other.pk)).status_code == 404
    with scope(tenant=tenant):
        assert not CharterSignature.objects.exists()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_only_managers_publish(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert (
        client.post(_url(tenant, "charter_publish"), {"title": "T", "text": "x"}).status_code == 403
    )
    with scope(tenant=tenant):
        assert not CharterVersion.objects.exists()


def test_a_manager_excludes_a_company_and_the_reason_is_kept(
    client, tenant, make_person, leader, in_scope
):
    person, company = leader
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_url(tenant, "company_exclude", pk=company.pk), {"reason": ""})
    assert response.status_code == 302
    with scope(tenant=tenant):
        assert not Exclusion.objects.exists()
    client.post(
        _url(tenant, "company_exclude", pk=company.pk),
        {"reason": "Pratiques contraires à la charte"},
    )
    with scope(tenant=tenant):
        exclusion = Exclusion.objects.get()
        assert AuditEntry.objects.filter(action="company.excluded").exists()
    assert exclusion.reason == "Pratiques contraires à la charte"
    page = client.get(_url(tenant, "company_detail", pk=company.pk)).content.decode()
    assert "Pratiques contraires à la charte" in page
    # An excluded company cannot sign any more.
    with in_scope(tenant):
        services.publish_charter_version(tenant=tenant, title="Charte", text="v1", actor=None)
    client.force_login(person)
    client.post(_url(tenant, "charter_sign", pk=company.pk))
    with scope(tenant=tenant):
        assert not CharterSignature.objects.exists()
