from django.apps import AppConfig


class WebConfig(AppConfig):
    """Forms, tables, spreadsheets and responses every app's pages are built with."""

    name = "rse_platform.web"
    label = "web"

    def ready(self):
        from . import tables  # noqa: F401  (registers the SQLite collation of names)
