import pytest
from django.utils import translation

from labels.tests import factories
from rse_platform.tenants import registry
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
    return CompanyFactory(tenant=tenant, name="Numérique Responsable SA", naf_code="62.01Z")


@pytest.fixture
def leader(company):
    return CompanyMemberFactory(company=company).user


@pytest.fixture
def jurors(tenant, make_person):
    return [make_person(tenant, Role.JURY, email=f"juror{n}@example.org") for n in range(4)]


@pytest.fixture
def auditor(tenant, make_person):
    """A person of the certification body, with the auditor role."""
    return make_person(tenant, Role.AUDITOR, email="auditrice@example.org")


@pytest.fixture
def enr(tenant, manager, in_scope):
    with in_scope(tenant):
        return factories.enr(tenant, manager)


@pytest.fixture
def ecoride(tenant, manager, in_scope):
    with in_scope(tenant):
        return factories.ecoride(tenant, manager)


@pytest.fixture
def reader(company):
    """A fake self-assessments reader: assessment 11 is the company's on the label's grid,
    12 the company's on another grid."""
    fake = factories.FakeReader({11: (company.pk, factories.GRID), 12: (company.pk, 502)})
    previous = registry.assessment_reader()
    registry.set_assessment_reader(fake.reader())
    yield fake
    registry.set_assessment_reader(previous)


@pytest.fixture
def condition():
    """A registered condition whose satisfying ids the test sets: ``condition.ids``."""

    class Condition:
        ids = set()

    registry.add_eligibility_condition(
        registry.EligibilityCondition(
            "test_condition",
            "Test condition",
            lambda *, tenant, company_ids: {pk for pk in company_ids if pk in Condition.ids},
        )
    )
    yield Condition
    registry._ELIGIBILITY.pop("test_condition", None)
