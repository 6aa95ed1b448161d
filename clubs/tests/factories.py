from datetime import timedelta

import factory
from django.utils import timezone

from clubs.models import Club, ClubMember, Event, Registration
from programmes.models import Company, CompanyMember
from tests.factories import ScopedFactory, TenantFactory, UserFactory


class CompanyFactory(ScopedFactory):
    class Meta:
        model = Company

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    sector = "Mécanique industrielle"
    commune = "Orchies"
    headcount = 25


class CompanyMemberFactory(ScopedFactory):
    class Meta:
        model = CompanyMember

    tenant = factory.SelfAttribute("company.tenant")
    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory)
    position = CompanyMember.Position.LEADER


class ClubFactory(ScopedFactory):
    class Meta:
        model = Club

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Club {n}")
    positions = factory.LazyFunction(lambda: ["leader"])
    meetings_per_year = 5


class ClubMemberFactory(ScopedFactory):
    class Meta:
        model = ClubMember

    tenant = factory.SelfAttribute("club.tenant")
    club = factory.SubFactory(ClubFactory)
    user = factory.SubFactory(UserFactory)
    status = ClubMember.Status.ACTIVE


class EventFactory(ScopedFactory):
    class Meta:
        model = Event

    tenant = factory.SubFactory(TenantFactory)
    club = None
    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier {n}")
    theme = "Économies d'énergie"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    place = "Maison de l'entreprise, Orchies"
    capacity = 10
    audience = Event.Audience.OPEN
    status = Event.Status.PUBLISHED


class RegistrationFactory(ScopedFactory):
    class Meta:
        model = Registration

    tenant = factory.SelfAttribute("event.tenant")
    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
