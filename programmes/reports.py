"""The funder report of one reporting year: a PDF rendered on the worker (the core's
generated-document flow, its subject a ``FunderReport`` row) and an XLSX built in the request.

Both hold the year's figures (``selectors.funder_report``: companies supported, the apps'
activity, the budget and its co-funding) and the programme as it stands (the dashboard's
figures, excluded companies left out). The files are named after the year, the tenant and the
day they were made: ``rapport-financeurs-2026-pevele-carembault-2026-11-28.pdf``.
"""

import base64

import filetype
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from rse_platform.files import selectors as file_selectors
from rse_platform.web.spreadsheets import XlsxWriter

from . import charts, selectors
from .models import FunderReport, Programme

FUNDER_REPORT = "programmes.funder_report"
LOGO_TYPES = {"image/png", "image/jpeg", "image/webp"}


def funder_report_filename(*, programme, year, extension, today=None):
    stamp = (today or timezone.localdate()).isoformat()
    return f"rapport-financeurs-{year}-{programme.tenant.slug}-{stamp}.{extension}"


def _logo(funder):
    """The funder's logo as a data: URI the PDF embeds (no file path or URL to resolve on the
    worker); ``None`` without a logo or when its file is gone."""
    if not funder.logo:
        return None
    try:
        with funder.logo.open("rb") as stored:
            data = stored.read()
    except OSError:
        return None
    kind = filetype.guess(data[:262])
    if kind is None or kind.mime not in LOGO_TYPES:
        return None
    return f"data:{kind.mime};base64,{base64.b64encode(data).decode('ascii')}"


def funder_report_context(*, programme, year=None, today=None):
    """The PDF's context; ``year`` defaults to ``selectors.default_report_year``."""
    year = year or selectors.default_report_year(programme=programme, today=today)
    figures = selectors.dashboard(programme=programme)
    report = selectors.funder_report(programme=programme, year=year, today=today)
    logos = [(funder.name, _logo(funder)) for funder in report["funders"]]
    return {
        "figures": figures,
        "report": report,
        "logos": [(name, uri) for name, uri in logos if uri],
        "chart": charts.year_bars(figures["evolution"]),
        "tenant": programme.tenant,
        "generated_at": timezone.now(),
    }


def funder_report_pdf(*, programme, year=None):
    """The PDF, in the active language (the worker renders in the requester's language)."""
    from weasyprint import HTML  # heavy: loaded on the worker only

    html = render_to_string(
        "programmes/reports/funder_report.html",
        funder_report_context(programme=programme, year=year),
    )
    return HTML(string=html).write_pdf()


def render_funder_report(document, report, progress):
    """Renderer of the ``programmes.funder_report`` generated document (see contributions).

    Documents asked for before reports had a year are about the programme itself: they render
    its default year."""
    if isinstance(report, Programme):
        programme, year = report, selectors.default_report_year(programme=report)
    else:
        programme, year = report.programme, report.year
    progress(10)
    pdf = funder_report_pdf(programme=programme, year=year)
    progress(90)
    return pdf, funder_report_filename(programme=programme, year=year, extension="pdf")


def chosen_year(*, programme, value, today=None):
    """The year asked for in a query string, or the default one when it is missing or not a
    year the report covers (a list filter, not a form: an unknown value is ignored)."""
    years = selectors.report_years(programme=programme, today=today)
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    if year in years:
        return year
    return selectors.default_report_year(programme=programme, today=today)


def panel_context(*, programme, year, language):
    """The dashboard's funder-report card: the years to choose from and the last PDF of the
    chosen year in the page's language."""
    report = FunderReport.objects.filter(programme=programme, year=year).first()
    document = None
    if report is not None:
        document = file_selectors.latest_document(
            kind=FUNDER_REPORT, subject=report, language=language
        )
    return {
        "report_year": year,
        "report_years": selectors.report_years(programme=programme),
        "document": document,
    }


def funder_report_xlsx(*, programme, year):
    figures = selectors.dashboard(programme=programme)
    report = selectors.funder_report(programme=programme, year=year)
    writer = XlsxWriter()
    summary = writer.sheet(_("Summary"))
    writer.append(summary, [programme.tenant.name])
    writer.append(summary, [programme.name, programme.start_year])
    writer.append(summary, [_("Reporting year"), year])
    writer.append(summary, [])
    for label, value in [
        (_("Engaged companies"), figures["engaged"]),
        (_("Target"), figures["target"]),
        (_("Cumulated revenue (€)"), figures["revenue"]),
        (_("Cumulated headcount"), figures["headcount"]),
        (_("Private employees of the territory"), figures["territory_employees"]),
        (_("Share of the territory's employees (%)"), figures["territory_share"]),
    ]:
        writer.append(summary, [str(label), value])
    activity = [
        [_("Companies supported"), report["companies_supported"], ""],
        [_("Companies engaged during the year"), report["companies_joined"], ""],
        *([str(f.label), f.value, f.unit] for f in report["activity"]),
    ]
    budget = [[line.label, line.amount] for line in report["budget_lines"]]
    if report["budget_total"] is not None:
        budget.append([_("Total"), report["budget_total"]])
    sections = [
        (_("Activity %(year)s") % {"year": year}, [_("Figure"), _("Value"), _("Unit")], activity),
        (
            _("Size bands"),
            [_("Band"), _("Companies"), _("Employees")],
            [[str(b["label"]), b["companies"], b["employees"]] for b in figures["bands"]],
        ),
        (
            _("Sectors"),
            [_("Sector"), _("Companies")],
            [[s or "—", n] for s, n in figures["sectors"]],
        ),
        (
            _("Communes"),
            [_("Commune"), _("Companies")],
            [[c["commune"] or "—", c["companies"]] for c in figures["communes"]],
        ),
        (
            _("Evolution"),
            [_("Year"), _("Engaged companies"), _("Joined that year")],
            [[e["year"], e["engaged"], e["joined"]] for e in figures["evolution"]],
        ),
        (
            _("Funders"),
            [_("Funder"), _("Share (%)"), _("Amount %(year)s (€)") % {"year": year}],
            [[f.name, f.share, f.amount] for f in report["funders"]],
        ),
        (
            _("Budget %(year)s") % {"year": year},
            [_("Budget line"), _("Amount (€)")],
            budget,
        ),
    ]
    for title, header, rows in sections:
        sheet = writer.sheet(title, header)
        for row in rows:
            writer.append(sheet, row)
    return writer.to_bytes()
