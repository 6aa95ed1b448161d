import pytest

from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory


@pytest.fixture
def make_company_person(make_person):
    """``make_company_person(tenant, position="leader", headcount=25)``: a company member."""

    def make(tenant, position="leader", headcount=25, company=None, **user_fields):
        user = make_person(tenant, Role.MEMBER, **user_fields)
        company = company or CompanyFactory(tenant=tenant, headcount=headcount)
        CompanyMemberFactory(company=company, user=user, position=position)
        return user

    return make


@pytest.fixture
def url(tenant):
    """``url("event_detail", pk=1)``: an address in the ``tenant`` fixture's tenant."""
    from django.urls import reverse

    return lambda name, **kwargs: reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
