"""Managers assign consultants to a company and end their follow-up; the grant is the
permission layer's, and it ends with the consultant's role."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_scopes import scopes_disabled

from companies import services
from rse_platform.tenants import permissions
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import AuditEntry, Invitation, Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _assign(client, tenant, company, person, **extra):
    return client.post(
        _url(tenant, "company_assign_consultant", pk=company.pk),
        {"consultant": person.pk, **extra},
    )


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_manager_assigns_a_consultant_who_then_shows_on_the_page(client, tenant, make_person):
    company = CompanyFactory(tenant=tenant)
    consultant = make_person(tenant, Role.CONSULTANT, first_name="Julien", last_name="Lefebvre")
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _assign(client, tenant, company, consultant)
    assert response.status_code == 302
    assert permissions.has_grant(consultant, "companies.follow", company)
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="company.consultant_assigned").exists()
    page = client.get(_url(tenant, "company_detail", pk=company.pk))
    assert list(page.context["consultants"]) == [consultant]
    body = page.content.decode()
    assert "Julien Lefebvre" in body and "Mettre fin au suivi" in body


def test_a_manager_ends_the_follow_up(client, tenant, make_person, in_scope):
    company = CompanyFactory(tenant=tenant)
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        services.assign_consultant(company=company, consultant=consultant)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _assign(client, tenant, company, consultant, unassign="1")
    assert response.status_code == 302
    assert not permissions.has_grant(consultant, "companies.follow", company)
    page = client.get(_url(tenant, "company_detail", pk=company.pk))
    assert list(page.context["consultants"]) == []
    client.force_login(consultant)
    assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 404


def test_a_person_without_the_consultant_role_is_refused_with_a_message(
    client, tenant, make_person
):
    company = CompanyFactory(tenant=tenant)
    member = make_person(tenant, Role.MEMBER)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _assign(client, tenant, company, member)
    assert response.status_code == 302
    assert "Choisissez une personne ayant le rôle de consultant." in _messages(response)
    assert not permissions.has_grant(member, "companies.follow", company)


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MEMBER, Role.JURY])
def test_other_roles_may_not_assign(client, tenant, make_person, role):
    company = CompanyFactory(tenant=tenant)
    consultant = make_person(tenant, Role.CONSULTANT)
    person = make_person(tenant, role)
    if role == Role.MEMBER:
        CompanyMemberFactory(company=company, user=person)
    client.force_login(person)
    assert _assign(client, tenant, company, consultant).status_code == 403
    assert not permissions.has_grant(consultant, "companies.follow", company)


def test_another_tenants_company_is_not_found(client, tenant, other_tenant, make_person):
    company = CompanyFactory(tenant=tenant)
    consultant = make_person(other_tenant, Role.CONSULTANT)
    client.force_login(make_person(other_tenant, Role.MANAGER))
    url = _url(other_tenant, "company_assign_consultant", pk=company.pk)
    response = client.post(url, {"consultant": consultant.pk})
    assert response.status_code == 404
    assert not permissions.has_grant(consultant, "companies.follow", company)


def test_a_former_consultant_reinvited_as_a_member_no_longer_sees_former_companies(
    client, tenant, make_person, in_scope
):
    manager = make_person(tenant, Role.MANAGER)
    consultant = make_person(tenant, Role.CONSULTANT)
    followed = [CompanyFactory(tenant=tenant), CompanyFactory(tenant=tenant)]
    own = CompanyFactory(tenant=tenant, name="Sa nouvelle entreprise")
    with in_scope(tenant):
        for company in followed:
            services.assign_consultant(company=company, consultant=consultant, actor=manager)
        tenant_services.remove_member(
            membership=Membership.objects.get(tenant=tenant, user=consultant), actor=manager
        )
        invitation = tenant_services.invite_person(
            tenant=tenant, email=consultant.email, role=Role.MEMBER, invited_by=manager
        )
        tenant_services.accept_invitation(
            invitation=Invitation.objects.get(pk=invitation.pk), user=consultant
        )
        services.link_person(company=own, user=consultant, position="leader", actor=manager)
    client.force_login(consultant)
    for company in followed:
        assert client.get(_url(tenant, "company_detail", pk=company.pk)).status_code == 404
        assert not permissions.has_grant(consultant, "companies.follow", company)
    assert client.get(_url(tenant, "company_detail", pk=own.pk)).status_code == 200
    client.force_login(manager)
    page = client.get(_url(tenant, "company_detail", pk=followed[0].pk))
    assert list(page.context["consultants"]) == []
