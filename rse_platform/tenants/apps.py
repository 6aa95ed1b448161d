from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "rse_platform.tenants"
    label = "tenants"
    verbose_name = _("Tenants and roles")

    def ready(self):
        from . import contributions, generations, signals  # noqa: F401  (plugs into the core)
