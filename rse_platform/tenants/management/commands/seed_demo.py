"""Demo data: the seeds' tenants, one person per role in each, then each domain app's own data.

Idempotent: running it twice leaves the same data (people's passwords are reset to the one given).
Domain apps add their data through a ``demo`` module exposing ``seed_tenant(*, tenant, people)``,
called in INSTALLED_APPS order inside the tenant's scope. The trail the first seeding writes is
then spread over the last ~18 months (a fixed seed per tenant, relative to today), as if the
tenant had been set up and run on the platform since; the command ends with the login URL and
the demo accounts.
"""

import io
import random
from datetime import datetime, time, timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from rse_platform.accounts.services import enrol_totp
from rse_platform.tenants import services
from rse_platform.tenants.models import AuditEntry, Tenant
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
        # Bocage green, and a drawn logo; the other tenant keeps its initials on Seine blue.
        "accent_colour": "#2d6a1f",
        "logo": "hills",
        "people": {
            Role.MANAGER: ("Claire", "Vandamme"),
            Role.CONSULTANT: ("Julien", "Lefebvre"),
            Role.JURY: ("Anne", "Delattre"),
            Role.MEMBER: ("Marc", "Dhainaut"),
            Role.AUDITOR: ("Karim", "Benali"),
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
        "accent_colour": "#1d4f91",
        "people": {
            Role.MANAGER: ("Sophie", "Lemarchand"),
            Role.CONSULTANT: ("Thomas", "Hébert"),
            Role.JURY: ("Patrick", "Leroux"),
            Role.MEMBER: ("Nathalie", "Quesnel"),
            Role.AUDITOR: ("Hélène", "Marie"),
        },
    },
]

ROLE_MAILBOX = {
    Role.MANAGER: "manager",
    Role.CONSULTANT: "consultant",
    Role.JURY: "jury",
    Role.MEMBER: "leader",
    Role.AUDITOR: "auditor",
}

# A consultant who works for both tenants: shows the tenant picker and the switcher.
SHARED_CONSULTANT = ("coach@rse-demo.example.org", "Élodie", "Marchal")
PLATFORM_ADMIN = ("admin@rse-demo.example.org", "Admin", "Plateforme")
# A company leader with an account, beside the role accounts (README's example).
EXAMPLE_LEADER = "olivier.salti@salti-location.example.org"
# How far back the demo's trail goes: the tenants joined the platform about 18 months ago.
TRAIL_DAYS = 540


class Command(BaseCommand):
    help = "Create (or refresh) the demo tenants, people and domain data."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password of every demo account.")

    @transaction.atomic
    def handle(self, *args, password, **options):
        shared = self._person(*SHARED_CONSULTANT, password=password)
        admin = self._platform_admin(password=password)

        for spec in TENANTS:
            tenant = self._tenant(spec)
            started = timezone.now()
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
                spread_trail(tenant=tenant, since=started)
            self.stdout.write(f"  {tenant.name}: /{tenant.slug}/")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        with translation.override("en"):  # the console speaks English, like the code
            self._accounts(password=password, admin=admin)

    def _accounts(self, *, password, admin):
        """Where to sign in and with which account, printed once everything is ready."""
        base = settings.PUBLIC_BASE_URL.rstrip("/")
        write = self.stdout.write
        write("")
        write(f"Sign in at {base}{reverse('account_login')}")
        # The password was typed on this command line; only a local demo prints it back.
        write(f"Password of every account: {password if settings.DEBUG else '(--password)'}")
        rows = []
        for spec in TENANTS:
            rows.append(f"{spec['name']} ({base}/{spec['slug']}/)")
            rows += [
                (Role(role).label, f"{ROLE_MAILBOX[role]}@{spec['slug']}.example.org")
                for role in spec["people"]
            ]
        rows += [
            "Both tenants (the tenant picker and switcher)",
            (Role.CONSULTANT.label, SHARED_CONSULTANT[0]),
            "A company leader among the register's people",
            (Role.MEMBER.label, EXAMPLE_LEADER),
        ]
        if admin is not None:
            rows += [
                f"Platform administrator: {base}/admin/ (two-factor: the TOTP device above)",
                ("Operator", admin.email),
                f"E-mails the demo sent, for the administrator: {base}{reverse('mail_outbox')}",
            ]
        for row in rows:
            write(f"  {row}" if isinstance(row, str) else f"    {row[0]:<20} {row[1]}")

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
            return None
        admin = self._person(*PLATFORM_ADMIN, password=password)
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        totp = Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).first()
        if totp is None:
            uri = enrol_totp(user=admin)
        else:
            uri = get_mfa_adapter().build_totp_url(admin, decrypt(totp.data["secret"]))
        self.stdout.write(f"  Platform administrator {email}, TOTP device: {uri}")
        return admin

    def _tenant(self, spec):
        fields = {
            key: value for key, value in spec.items() if key not in {"slug", "people", "logo"}
        }
        tenant, _created = Tenant.objects.update_or_create(slug=spec["slug"], defaults=fields)
        if spec.get("logo") and not tenant.logo:
            tenant.logo.save("logo.png", ContentFile(_hills_logo(tenant.accent_colour)))
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


def spread_trail(*, tenant, since, today=None):
    """Date the audit entries this seeding wrote (from ``since`` on) over the last
    ``TRAIL_DAYS`` days, in the order they were written: the setup (people, register,
    frameworks) in the first weeks, then thinning out towards today, on working days and hours.
    Entries an app dated itself (history written with its own date) are earlier than ``since``
    and stay as they are; a second seeding writes no entry, so it changes nothing."""
    today = today or timezone.localdate()
    entries = list(
        AuditEntry.objects.filter(tenant=tenant, created_at__gte=since).order_by("id").only("id")
    )
    rng = random.Random(f"trail-{tenant.slug}")  # noqa: S311 - the same demo every time
    for index, entry in enumerate(entries):
        share = index / max(len(entries), 1)
        day = today - timedelta(days=round(TRAIL_DAYS - (TRAIL_DAYS - 2) * share**1.6))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        moment = time(8 + rng.randrange(10), rng.randrange(60))
        entry.created_at = timezone.make_aware(datetime.combine(day, moment))
    AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=500)


def _hills_logo(colour):
    """A small PNG logo (rolling hills under a sun on the tenant's colour), drawn at seeding so
    the demo ships no binary file."""
    from PIL import Image, ImageDraw

    size, scale = 96, 4
    image = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    full = size * scale
    draw.rounded_rectangle((0, 0, full - 1, full - 1), radius=20 * scale, fill=colour)
    draw.ellipse((56 * scale, 14 * scale, 80 * scale, 38 * scale), fill="#f6c945")
    draw.ellipse((-30 * scale, 52 * scale, 70 * scale, 130 * scale), fill="#9ccc65")
    draw.ellipse((30 * scale, 60 * scale, 140 * scale, 140 * scale), fill="#dcedc8")
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, full - 1, full - 1), radius=20 * scale, fill=255)
    image.putalpha(mask)
    buffer = io.BytesIO()
    image.resize((size, size), Image.LANCZOS).save(buffer, format="PNG")
    return buffer.getvalue()
