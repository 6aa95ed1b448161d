from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "action_plans"
    verbose_name = _("Action plans and missions")

    def ready(self):
        from . import contributions  # noqa: F401  (what this app plugs into the core)
