"""Directory rows for tests, and ``viewer``: a person as the selectors see them (the request's
``user`` and ``membership``)."""

from types import SimpleNamespace

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from directory.models import (
    CompanyListing,
    Competence,
    ConsultantProfile,
    NewsItem,
    Offer,
    Practice,
    Profile,
    Resource,
)
from rse_platform.tenants.models import Membership
from tests.factories import CompanyFactory, ScopedFactory, TenantFactory, UserFactory


def viewer(user, tenant):
    """What the selectors and the search take for the person asking (a request, in a view)."""
    with scopes_disabled():
        membership = Membership.objects.filter(user=user, tenant=tenant).first()
    return SimpleNamespace(user=user, membership=membership)


def _competences(obj, create, extracted):
    if create and extracted:
        with scopes_disabled():
            obj.competences.set(extracted)


class CompetenceFactory(ScopedFactory):
    class Meta:
        model = Competence

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Compétence {n}")
    theme = "Environnement"


class ProfileFactory(ScopedFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    listed = True
    headline = "Je partage volontiers notre démarche."

    @factory.post_generation
    def competences(obj, create, extracted, **kwargs):
        _competences(obj, create, extracted)


class CompanyListingFactory(ScopedFactory):
    class Meta:
        model = CompanyListing
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    tenant = factory.SelfAttribute("company.tenant")
    listed = True
    description = "Nous ouvrons nos portes aux adhérents."

    @factory.post_generation
    def competences(obj, create, extracted, **kwargs):
        _competences(obj, create, extracted)


class ConsultantProfileFactory(ScopedFactory):
    class Meta:
        model = ConsultantProfile
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    expertise = "Bilan carbone et plans de mobilité"

    @factory.post_generation
    def competences(obj, create, extracted, **kwargs):
        _competences(obj, create, extracted)


class PracticeFactory(ScopedFactory):
    class Meta:
        model = Practice

    company = factory.SubFactory(CompanyFactory)
    tenant = factory.SelfAttribute("company.tenant")
    title = factory.Sequence(lambda n: f"Bonne pratique {n}")
    theme = "Déchets"
    what_was_done = "Tri à la source et valorisation des palettes."
    published = True
    published_at = factory.LazyFunction(timezone.now)


class OfferFactory(ScopedFactory):
    class Meta:
        model = Offer

    company = factory.SubFactory(CompanyFactory)
    tenant = factory.SelfAttribute("company.tenant")
    kind = Offer.Kind.OFFER
    title = factory.Sequence(lambda n: f"Prêt de salle {n}")
    description = "Une salle de réunion de 20 places, le jeudi."


class ResourceFactory(ScopedFactory):
    class Meta:
        model = Resource

    tenant = factory.SubFactory(TenantFactory)
    kind = Resource.Kind.LINK
    title = factory.Sequence(lambda n: f"Ressource {n}")
    url = "https://example.org/fiche"


class NewsItemFactory(ScopedFactory):
    class Meta:
        model = NewsItem

    tenant = factory.SubFactory(TenantFactory)
    title = factory.Sequence(lambda n: f"Actualité {n}")
    body = "La loi AGEC renforce le tri des biodéchets."
    source_name = "ADEME"
