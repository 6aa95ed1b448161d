"""Exports of the register and the funder report (PDF through WeasyPrint, XLSX through openpyxl)."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import charts, selectors

REGISTER_COLUMNS = [
    ("name", "raison_sociale"),
    ("siret", "siret"),
    ("naf_code", "code_naf"),
    ("sector", "activite"),
    ("commune", "commune"),
    ("headcount", "effectif"),
    ("annual_revenue", "chiffre_affaires"),
    ("founded_on", "date_creation"),
    ("is_project", "projet"),
    ("website", "site_web"),
]


def _register_rows(companies):
    for company in companies:
        yield [
            company.name,
            company.siret,
            company.naf_code,
            company.sector,
            company.commune,
            company.headcount,
            company.annual_revenue,
            company.founded_on.strftime("%d/%m/%Y") if company.founded_on else "",
            "oui" if company.is_project else "",
            company.website,
        ]


def register_csv(companies):
    """The register as CSV, in the same columns the import reads (a round trip works)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([header for _field, header in REGISTER_COLUMNS])
    for row in _register_rows(companies):
        writer.writerow(
            [str(value).replace(".", ",") if _is_amount(value) else value for value in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _is_amount(value):
    from decimal import Decimal

    return isinstance(value, Decimal)


def register_xlsx(companies):
    # Write-only mode streams rows: a register of thousands of companies stays light and quick.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Entreprises")
    bold = Font(bold=True)
    sheet.append([_bold_cell(sheet, header, bold) for _field, header in REGISTER_COLUMNS])
    for row in _register_rows(companies.iterator(chunk_size=1000)):
        sheet.append(row)
    return _save(workbook)


def _bold_cell(sheet, value, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def funder_report_context(*, programme):
    figures = selectors.dashboard(programme=programme)
    return {
        "figures": figures,
        "chart": charts.year_bars(figures["evolution"]),
        "tenant": programme.tenant,
        "generated_at": timezone.now(),
    }


def funder_report_pdf(*, programme, language="fr"):
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "programmes/reports/funder_report.html", funder_report_context(programme=programme)
        )
    return HTML(string=html).write_pdf()


def funder_report_xlsx(*, programme):
    figures = selectors.dashboard(programme=programme)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([programme.tenant.name])
    summary.append([programme.name, programme.start_year])
    summary.append([])
    for label, value in [
        (_("Engaged companies"), figures["engaged"]),
        (_("Target"), figures["target"]),
        (_("Cumulated revenue (€)"), figures["revenue"]),
        (_("Cumulated headcount"), figures["headcount"]),
        (_("Private employees of the territory"), figures["territory_employees"]),
        (_("Share of the territory's employees (%)"), figures["territory_share"]),
    ]:
        summary.append([str(label), value])
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
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([str(cell) for cell in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
    return _save(workbook)
