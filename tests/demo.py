"""The seeded demo as tests see it (the ``demo`` fixture): its tenants and its people.

Read from ``seed_demo``'s own tables of tenants and people, so a change there reaches the tests.
"""

from functools import cached_property

from django.contrib.auth import get_user_model

from rse_platform.tenants.management.commands.seed_demo import (
    ROLE_MAILBOX,
    SHARED_CONSULTANT,
    TENANTS,
)
from rse_platform.tenants.models import Tenant
from rse_platform.tenants.roles import Role

DEMO_PASSWORD = "Demo-password-2026"
SLUG = TENANTS[0]["slug"]  # Pévèle Carembault: the tenant the cross-app tests walk
OTHER_SLUG = TENANTS[1]["slug"]


class Demo:
    @staticmethod
    def is_seeded():
        return Tenant.objects.filter(slug=SLUG).exists()

    @cached_property
    def tenant(self):
        return Tenant.objects.get(slug=SLUG)

    @cached_property
    def other_tenant(self):
        return Tenant.objects.get(slug=OTHER_SLUG)

    def person(self, role, tenant=None):
        """The demo's person holding ``role`` (a ``Role``) in ``tenant`` (Pévèle by default)."""
        slug = (tenant or self.tenant).slug
        return get_user_model().objects.get(email=f"{ROLE_MAILBOX[Role(role)]}@{slug}.example.org")

    @cached_property
    def shared_consultant(self):
        """The consultant who works for both demo tenants."""
        return get_user_model().objects.get(email=SHARED_CONSULTANT[0])

    @staticmethod
    def emails():
        """Every demo account's address (for sign-in tests)."""
        return [
            f"{mailbox}@{spec['slug']}.example.org"
            for spec in TENANTS
            for mailbox in (ROLE_MAILBOX[role] for role in spec["people"])
        ]
