"""The register shows each company's programme status, read in SQL for the page at once."""

import pytest
from django.urls import reverse

from programmes.models import Enrolment
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_each_row_shows_its_programme_status(client, tenant, make_person):
    programme = ProgrammeFactory(tenant=tenant)
    engaged = EnrolmentFactory(programme=programme, status=Enrolment.Status.ENGAGED).company
    CompanyFactory(tenant=tenant, name="Pas Inscrite")
    client.force_login(make_person(tenant, Role.MANAGER))
    table = client.get(reverse("company_list", kwargs={"tenant_slug": tenant.slug})).context[
        "table"
    ]
    badges = {company.pk: company.badges for company in table.rows}
    assert badges[engaged.pk] == [("Engagée", "text-bg-success")]
    assert [b for pk, b in badges.items() if pk != engaged.pk] == [[]]


def test_the_badges_cost_no_query_per_row(client, tenant, make_person, page_queries):
    programme = ProgrammeFactory(tenant=tenant)
    client.force_login(make_person(tenant, Role.MANAGER))
    url = reverse("company_list", kwargs={"tenant_slug": tenant.slug})
    EnrolmentFactory.create_batch(2, programme=programme)
    small = page_queries(url)
    EnrolmentFactory.create_batch(60, programme=programme)
    assert page_queries(url) == small
