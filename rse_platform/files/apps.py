from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "rse_platform.files"
    label = "files"
    verbose_name = _("Stored and generated files")
