from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelsConfig(AppConfig):
    name = "labels"
    verbose_name = _("Labels and certification")

    def ready(self):
        from . import contributions  # noqa: F401  (what this app plugs into the core)
