import pytest
from django.utils import translation

from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages and pages are matched in English, the source language, so that a change of
    French wording breaks no test of this app (the older apps' tests read the French pages);
    tests/test_i18n.py keeps both catalogues complete."""
    with translation.override("en"):
        yield


@pytest.fixture
def manager(tenant, make_person):
    return make_person(tenant, Role.MANAGER)


@pytest.fixture
def company(tenant):
    return CompanyFactory(
        tenant=tenant, name="Salti Location", naf_code="77.39Z", commune="Orchies", headcount=45
    )


@pytest.fixture
def other_company(tenant):
    return CompanyFactory(
        tenant=tenant, name="Néo-Éco Recyclage", naf_code="38.32Z", commune="Templeuve", headcount=8
    )


@pytest.fixture
def leader(company):
    return CompanyMemberFactory(company=company).user


@pytest.fixture
def other_leader(other_company):
    return CompanyMemberFactory(company=other_company).user
