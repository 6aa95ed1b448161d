from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "diagnostics"
    verbose_name = _("Self-assessment grids")

    def ready(self):
        from . import contributions  # noqa: F401  (what this app plugs into the core)
