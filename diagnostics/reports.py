"""The PDF report of a self-assessment, rendered on the worker by the core's generated-document
flow (``rse_platform.files.documents``; the kind is registered in ``contributions``)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rse_platform.files import selectors as files
from rse_platform.files.documents import RenderError

from . import selectors

REPORT = "diagnostics.report"
# The level scale's colours (app.css) and the results' classes (diagnostics.css), read from the
# files themselves; the report's own print rules come after them and win.
STYLESHEETS = ("css/app.css", "css/diagnostics.css")
LABEL = gettext_lazy("Self-assessment report")


def render_report(document, diagnostic, progress):
    """WeasyPrint renders the results page's content; the flow has already switched to the
    language of the person who asked (``document.language``)."""
    from weasyprint import HTML  # heavy: loaded on the worker only

    if not diagnostic.is_submitted:
        raise RenderError(_("Submit the self-assessment before asking for its report."))
    context = selectors.results_context(diagnostic=diagnostic)
    progress(30)
    html = render_to_string(
        "diagnostics/report.html",
        {
            **context,
            "language": document.language,
            "stylesheets": [Path(finders.find(name)).as_uri() for name in STYLESHEETS],
        },
    )
    progress(50)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    submitted = timezone.localdate(diagnostic.submitted_at)
    name = slugify(diagnostic.company.name) or "entreprise"
    return pdf, f"rapport-diagnostic-{name}-{submitted:%Y-%m-%d}.pdf"


def latest_report(*, diagnostic, language):
    """The last PDF report of the diagnostic in ``language`` (whoever asked for it), or None."""
    return files.latest_document(kind=REPORT, subject=diagnostic, language=language)
