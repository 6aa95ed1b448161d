from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled

from companies.models import Company, CompanyMember
from companies.siret import demo_siret
from rse_platform.tenants.models import Invitation, Membership, Tenant
from rse_platform.tenants.roles import Role

PASSWORD = "Correct-Horse-42"


class ScopedFactory(factory.django.DjangoModelFactory):
    """Tests create rows of any tenant; the scope guard is for application code."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    kind = Tenant.Kind.CLUSTER
    territory = "Hauts-de-France"


class MembershipFactory(ScopedFactory):
    class Meta:
        model = Membership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class InvitationFactory(ScopedFactory):
    class Meta:
        model = Invitation

    tenant = factory.SubFactory(TenantFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.CONSULTANT
    token = factory.Sequence(lambda n: f"token-{n:040d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class CompanyFactory(ScopedFactory):
    class Meta:
        model = Company

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(lambda n: demo_siret(1_000_000 + n))
    naf_code = "25.62B"
    sector = "Mécanique industrielle"
    commune = "Orchies"
    headcount = 25
    annual_revenue = 1_000_000


class CompanyMemberFactory(ScopedFactory):
    """A person of a company; they get the company-member role in its tenant unless they have a
    role there already (a company person without a role sees nothing)."""

    class Meta:
        model = CompanyMember
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    tenant = factory.SelfAttribute("company.tenant")
    user = factory.SubFactory(UserFactory)
    position = CompanyMember.Position.LEADER

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            with scopes_disabled():
                Membership.objects.get_or_create(
                    tenant=obj.tenant, user=obj.user, defaults={"role": Role.MEMBER}
                )
