"""Compile the project's gettext catalogues (**/locale/*/LC_MESSAGES/*.po → .mo) with polib.

The project-wide catalogue lives in locale/; a domain app may keep its own in <app>/locale/.

Django's compilemessages needs GNU gettext installed on the machine; this needs nothing but the
project's Python dependencies, so `make demo` works on a bare machine. The .mo files are build
output and stay out of git.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIPPED = {".venv", "node_modules", ".git", "staticfiles"}


def catalogues(root):
    """The project's own .po files: locale/ and every <app>/locale/, not dependencies'."""
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        if not SKIPPED.intersection(po_path.relative_to(root).parts):
            yield po_path


class Command(BaseCommand):
    help = "Compile the project's .po catalogues into .mo files."

    def handle(self, *args, **options):
        count = 0
        for po_path in catalogues(Path(settings.BASE_DIR)):
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"{count} catalogue(s) compiled.")
