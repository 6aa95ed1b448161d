from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "rse_platform.mail"
    label = "mail"
    verbose_name = _("E-mails")

    def ready(self):
        from . import contributions  # noqa: F401  (what this app plugs into the core)
