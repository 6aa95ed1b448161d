"""Demo data: the seeds' tenants, one person per role in each, then each domain app's own data.

Idempotent: running it twice leaves the same data (people's passwords are reset to the one given).
Domain apps add their data through a ``demo`` module exposing ``seed_tenant(*, tenant, people)``,
called in INSTALLED_APPS order inside the tenant's scope.
"""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope

from rse_platform.accounts.services import enrol_totp
from rse_platform.tenants import services
from rse_platform.tenants.models import Tenant
from rse_platform.tenants.roles import Role

TENANTS = [
    {
        "slug": "pevele-carembault",
        "name": "Communauté de communes Pévèle Carembault",
        "kind": Tenant.Kind.LOCAL_AUTHORITY,
        "territory": "Pévèle Carembault (Nord, Hauts-de-France)",
        "contact_name": "Service développement économique",
        "contact_email": "entreprises@pevele-carembault.example.org",
        "website": "https://www.pevelecarembault.fr",
        "people": {
            Role.MANAGER: ("Claire", "Vandamme"),
            Role.CONSULTANT: ("Julien", "Lefebvre"),
            Role.JURY: ("Anne", "Delattre"),
            Role.MEMBER: ("Marc", "Dhainaut"),
        },
    },
    {
        "slug": "logistique-seine-normandie",
        "name": "Logistique Seine Normandie",
        "kind": Tenant.Kind.COMPETITIVENESS_POLE,
        "territory": "Vallée de la Seine (Normandie)",
        "contact_name": "Pôle Label 6PL",
        "contact_email": "label6pl@logistique-seine-normandie.example.org",
        "website": "https://www.logistique-seine-normandie.com",
        "people": {
            Role.MANAGER: ("Sophie", "Lemarchand"),
            Role.CONSULTANT: ("Thomas", "Hébert"),
            Role.JURY: ("Patrick", "Leroux"),
            Role.MEMBER: ("Nathalie", "Quesnel"),
        },
    },
]

ROLE_MAILBOX = {
    Role.MANAGER: "manager",
    Role.CONSULTANT: "consultant",
    Role.JURY: "jury",
    Role.MEMBER: "leader",
}

# A consultant who works for both tenants: shows the tenant picker and the switcher.
SHARED_CONSULTANT = ("coach@rse-demo.example.org", "Élodie", "Marchal")
PLATFORM_ADMIN = ("admin@rse-demo.example.org", "Admin", "Plateforme")


class Command(BaseCommand):
    help = "Create (or refresh) the demo tenants, people and domain data."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password of every demo account.")

    @transaction.atomic
    def handle(self, *args, password, **options):
        shared = self._person(*SHARED_CONSULTANT, password=password)
        self._platform_admin(password=password)

        for spec in TENANTS:
            tenant = self._tenant(spec)
            with scope(tenant=tenant):
                people = {}
                for role, (first, last) in spec["people"].items():
                    email = f"{ROLE_MAILBOX[role]}@{tenant.slug}.example.org"
                    people[role] = self._person(email, first, last, password=password)
                    services.add_member(tenant=tenant, user=people[role], role=role)
                services.add_member(tenant=tenant, user=shared, role=Role.CONSULTANT)
                people["shared_consultant"] = shared
                for module in self._demo_modules():
                    module.seed_tenant(tenant=tenant, people=people)
            self.stdout.write(f"  {tenant.name}: /{tenant.slug}/")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _platform_admin(self, *, password):
        # A superuser whose password is published, with a device anyone running the demo can
        # add: acceptable on a developer's machine only.
        email = PLATFORM_ADMIN[0]
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    f"  Skipped the platform administrator {email}: seed_demo creates it only "
                    "with DEBUG=1 (its password is published). Use `manage.py createsuperuser`, "
                    "then `manage.py enrol_admin_totp <email>`."
                )
            )
            return
        admin = self._person(*PLATFORM_ADMIN, password=password)
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        totp = Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).first()
        if totp is None:
            uri = enrol_totp(user=admin)
        else:
            uri = get_mfa_adapter().build_totp_url(admin, decrypt(totp.data["secret"]))
        self.stdout.write(f"  Platform administrator {email}, TOTP device: {uri}")

    def _tenant(self, spec):
        fields = {key: value for key, value in spec.items() if key not in {"slug", "people"}}
        tenant, _created = Tenant.objects.update_or_create(slug=spec["slug"], defaults=fields)
        return tenant

    def _person(self, email, first_name, last_name, *, password):
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _demo_modules(self):
        for config in apps.get_app_configs():
            try:
                yield import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
