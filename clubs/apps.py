from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = _("Clubs and events")

    def ready(self):
        from . import contributions  # noqa: F401  (what this app plugs into the core)
