"""Ending or changing a role ends everything it gave: grants, visibility, e-mails."""

import pytest
from django.urls import reverse
from guardian.models import UserObjectPermission

from companies import selectors as company_selectors
from companies import services as company_services
from rse_platform.tenants import services
from rse_platform.tenants.models import AuditEntry, Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _detail(tenant, company):
    return reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": company.pk})


def test_it_revokes_the_grants_of_a_withdrawn_consultant(client, tenant, make_person, in_scope):
    manager = make_person(tenant, Role.MANAGER)
    consultant = make_person(tenant, Role.CONSULTANT)
    company = CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        company_services.assign_consultant(company=company, consultant=consultant)
        membership = Membership.objects.get(tenant=tenant, user=consultant)
        services.remove_member(membership=membership, actor=manager)
    assert not UserObjectPermission.objects.filter(user=consultant).exists()


def test_a_former_consultant_reinvited_as_member_sees_only_their_own_company(
    client, tenant, make_person, in_scope
):
    manager = make_person(tenant, Role.MANAGER)
    consultant = make_person(tenant, Role.CONSULTANT)
    followed, own = CompanyFactory(tenant=tenant), CompanyFactory(tenant=tenant)
    with in_scope(tenant):
        company_services.assign_consultant(company=followed, consultant=consultant)
        membership = Membership.objects.get(tenant=tenant, user=consultant)
        services.change_role(membership=membership, role=Role.MEMBER, actor=manager)
        company_services.link_person(company=own, user=consultant, position="leader")
    client.force_login(consultant)
    assert client.get(_detail(tenant, followed)).status_code == 404
    assert client.get(_detail(tenant, own)).status_code == 200


def test_a_grant_held_under_another_role_is_ignored(client, tenant, make_person, in_scope):
    # A grant left behind (e.g. written before roles ended completely) opens nothing to a member.
    member = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant)
    from guardian.shortcuts import assign_perm

    assign_perm("companies.follow_company", member, company)
    client.force_login(member)
    assert client.get(_detail(tenant, company)).status_code == 404


def test_withdrawing_a_role_in_one_tenant_keeps_grants_in_another(
    tenant, other_tenant, make_person, in_scope
):
    manager = make_person(tenant, Role.MANAGER)
    consultant = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    here, there = CompanyFactory(tenant=tenant), CompanyFactory(tenant=other_tenant)
    with in_scope(other_tenant):
        company_services.assign_consultant(company=there, consultant=consultant)
    with in_scope(tenant):
        company_services.assign_consultant(company=here, consultant=consultant)
        membership = Membership.objects.get(tenant=tenant, user=consultant)
        services.remove_member(membership=membership, actor=manager)
    remaining = UserObjectPermission.objects.filter(user=consultant)
    assert list(remaining.values_list("object_pk", flat=True)) == [str(there.pk)]


def test_changing_a_role_is_audited_and_keeps_the_last_manager(
    client, tenant, make_person, in_scope
):
    manager = make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    with in_scope(tenant):
        own = Membership.objects.get(tenant=tenant, user=manager)
    url = reverse("change_role", kwargs={"tenant_slug": tenant.slug, "pk": own.pk})
    response = client.post(url, {"role": Role.MEMBER}, follow=True)
    assert "au moins un" in response.content.decode()
    with in_scope(tenant):
        assert Membership.objects.get(pk=own.pk).role == Role.MANAGER


def test_a_manager_changes_a_role_from_the_people_page(client, tenant, make_person, in_scope):
    client.force_login(make_person(tenant, Role.MANAGER))
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        membership = Membership.objects.get(tenant=tenant, user=consultant)
    url = reverse("change_role", kwargs={"tenant_slug": tenant.slug, "pk": membership.pk})
    assert client.post(url, {"role": Role.JURY}).status_code == 302
    with in_scope(tenant):
        assert Membership.objects.get(pk=membership.pk).role == Role.JURY
        assert AuditEntry.objects.filter(tenant=tenant, action="member.role_changed").exists()


def test_a_member_cannot_change_roles(client, tenant, make_person, in_scope):
    member = make_person(tenant, Role.MEMBER)
    target = make_person(tenant, Role.CONSULTANT)
    client.force_login(member)
    with in_scope(tenant):
        membership = Membership.objects.get(tenant=tenant, user=target)
    url = reverse("change_role", kwargs={"tenant_slug": tenant.slug, "pk": membership.pk})
    assert client.post(url, {"role": Role.MANAGER}).status_code == 403
    with in_scope(tenant):
        assert Membership.objects.get(pk=membership.pk).role == Role.CONSULTANT


def test_closing_an_account_ends_every_role_it_held(tenant, other_tenant, make_person, in_scope):
    consultant = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    for where in (tenant, other_tenant):
        with in_scope(where):
            company_services.assign_consultant(
                company=CompanyFactory(tenant=where), consultant=consultant
            )
    consultant.is_active = False
    consultant.save()  # as the admin's "active" box does
    assert not UserObjectPermission.objects.filter(user=consultant).exists()


def test_an_inactive_account_sees_nothing_even_with_a_session(client, tenant, make_person):
    manager = make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    services.deactivate_account(user=manager)
    response = client.get(reverse("company_list", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code in (302, 404)


def test_only_the_permissions_own_grant_opens_a_row(client, tenant, make_person):
    # An old grant of another codename (members used to get ``view_company``) opens nothing.
    from guardian.shortcuts import assign_perm

    consultant = make_person(tenant, Role.CONSULTANT)
    company = CompanyFactory(tenant=tenant)
    assign_perm("companies.view_company", consultant, company)
    client.force_login(consultant)
    assert client.get(_detail(tenant, company)).status_code == 404
    assert consultant not in list(company_selectors.consultants_of(company=company))
