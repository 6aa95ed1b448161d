"""The funder report: a PDF rendered on the worker (the core's generated-document flow) and an
XLSX built in the request, both from the dashboard's figures (excluded companies left out)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rse_platform.web.spreadsheets import XlsxWriter

from . import charts, selectors

FUNDER_REPORT = "programmes.funder_report"


def funder_report_filename(*, programme, extension):
    stamp = timezone.localdate().isoformat()
    return f"rapport-financeurs-{slugify(programme.name)}-{stamp}.{extension}"


def funder_report_context(*, programme):
    figures = selectors.dashboard(programme=programme)
    return {
        "figures": figures,
        "chart": charts.year_bars(figures["evolution"]),
        "tenant": programme.tenant,
        "generated_at": timezone.now(),
    }


def funder_report_pdf(*, programme):
    """The PDF, in the active language (the worker renders in the requester's language)."""
    from weasyprint import HTML

    html = render_to_string(
        "programmes/reports/funder_report.html", funder_report_context(programme=programme)
    )
    return HTML(string=html).write_pdf()


def render_funder_report(document, programme, progress):
    """Renderer of the ``programmes.funder_report`` generated document (see contributions)."""
    progress(10)
    pdf = funder_report_pdf(programme=programme)
    progress(90)
    return pdf, funder_report_filename(programme=programme, extension="pdf")


def funder_report_xlsx(*, programme):
    figures = selectors.dashboard(programme=programme)
    writer = XlsxWriter()
    summary = writer.sheet(_("Summary"))
    writer.append(summary, [programme.tenant.name])
    writer.append(summary, [programme.name, programme.start_year])
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
    sections = [
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
            [_("Funder"), _("Share (%)")],
            [[f.name, f.share] for f in figures["funders"]],
        ),
        (
            _("Budget"),
            [_("Year"), _("Budget line"), _("Amount (€)")],
            [[b.year, b.label, b.amount] for b in figures["budget_lines"]],
        ),
    ]
    for title, header, rows in sections:
        sheet = writer.sheet(title, header)
        for row in rows:
            writer.append(sheet, row)
    return writer.to_bytes()
