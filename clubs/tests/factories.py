from datetime import timedelta

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from clubs.models import Club, ClubMember, Event, Registration
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import (
    ScopedFactory,
    TenantFactory,
    UserFactory,
)


def _holds_a_role(obj, create):
    """A club member or a registered person holds a role in the tenant (a company member's
    unless they have one already): without one they see nothing and receive no e-mail."""
    if create:
        with scopes_disabled():
            Membership.objects.get_or_create(
                tenant=obj.tenant, user=obj.user, defaults={"role": Role.MEMBER}
            )


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
        skip_postgeneration_save = True

    tenant = factory.SelfAttribute("club.tenant")
    club = factory.SubFactory(ClubFactory)
    user = factory.SubFactory(UserFactory)
    status = ClubMember.Status.ACTIVE
    membership = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _holds_a_role(obj, create)
    )


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
        skip_postgeneration_save = True

    tenant = factory.SelfAttribute("event.tenant")
    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    membership = factory.PostGeneration(
        lambda obj, create, extracted, **kw: _holds_a_role(obj, create)
    )
