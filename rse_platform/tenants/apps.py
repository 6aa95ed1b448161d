from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "rse_platform.tenants"
    label = "tenants"
    verbose_name = _("Tenants and roles")

    def ready(self):
        from . import contributions, signals  # noqa: F401  (what this app plugs into the core)
