import factory

from programmes.models import Enrolment, Programme
from tests.factories import CompanyFactory, ScopedFactory, TenantFactory


class ProgrammeFactory(ScopedFactory):
    class Meta:
        model = Programme

    tenant = factory.SubFactory(TenantFactory)
    name = "Parcours DD"
    start_year = 2012
    target_companies = 100
    territory_private_employees = 18000


class EnrolmentFactory(ScopedFactory):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(ProgrammeFactory)
    tenant = factory.SelfAttribute("programme.tenant")
    company = factory.SubFactory(CompanyFactory, tenant=factory.SelfAttribute("..programme.tenant"))
    status = Enrolment.Status.ENGAGED
    engaged_on = factory.Faker("date_between", start_date="-5y", end_date="today")
