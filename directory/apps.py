from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Competence directory and exchanges")

    def ready(self):
        from . import contributions  # noqa: F401  (what this app plugs into the core)
