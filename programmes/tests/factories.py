import factory

from programmes.demo import demo_siret
from programmes.models import Company, Enrolment, Programme
from tests.factories import ScopedFactory, TenantFactory


class CompanyFactory(ScopedFactory):
    class Meta:
        model = Company

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(lambda n: demo_siret(1_000_000 + n))
    naf_code = "25.62B"
    commune = "Orchies"
    headcount = 12
    annual_revenue = 1_000_000


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
