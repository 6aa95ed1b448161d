from django.db import transaction
from guardian.shortcuts import get_perms

from rse_platform.tenants import audit, permissions

from .models import Company, CompanyMember


@transaction.atomic
def create_company(*, tenant, actor=None, **fields):
    company = Company(tenant=tenant, **fields)
    company.full_clean()
    company.save()
    audit.record(tenant=tenant, actor=actor, action="company.created", company=company.name)
    return company


@transaction.atomic
def link_person(*, company, user, position, actor=None):
    """Attach a person to their company; they may then open it (and only it)."""
    person, created = CompanyMember.objects.update_or_create(
        company=company, user=user, defaults={"tenant": company.tenant, "position": position}
    )
    if not created:
        return person
    permissions.grant(user, "companies.view", company)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="company.person_linked",
        email=user.email,
        company=company.name,
    )
    return person


@transaction.atomic
def assign_consultant(*, company, consultant, actor=None):
    """A consultant follows a company: a per-object grant, visible in the audit trail."""
    if "follow_company" in get_perms(consultant, company):
        return
    permissions.grant(consultant, "companies.view", company)
    permissions.grant(consultant, "companies.follow", company)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="company.consultant_assigned",
        email=consultant.email,
        company=company.name,
    )
