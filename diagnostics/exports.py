"""XLSX export of a campaign's aggregated results (openpyxl)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def campaign_workbook(*, campaign, aggregate):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Themes")[:31]
    sheet.append([campaign.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Framework"), str(campaign.version)])
    sheet.append([_("Deadline"), campaign.deadline])
    sheet.append([_("Invited"), aggregate["invited"]])
    sheet.append([_("Respondents"), aggregate["respondents"]])
    sheet.append([_("Response rate (%)"), aggregate["rate"]])
    sheet.append([])
    sheet.append([_("Theme"), _("Weight"), _("Mean (%)"), _("Lowest (%)"), _("Highest (%)")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in aggregate["themes"]:
        sheet.append(
            [row["title"], row["weight"], row["mean"], row["minimum"], row["maximum_reached"]]
        )
    sheet.append([_("Overall"), None, aggregate["overall_mean"]])
    sheet.column_dimensions["A"].width = 50

    companies = book.create_sheet(_("Companies")[:31])
    companies.append([_("Company"), _("Status"), _("Overall score (%)"), _("Level")])
    for cell in companies[1]:
        cell.font = Font(bold=True)
    for row in aggregate["rows"]:
        diagnostic = row["diagnostic"]
        status = (
            _("Submitted")
            if diagnostic
            else (_("In progress") if row["started"] else _("Not started"))
        )
        companies.append(
            [
                row["company"].name,
                status,
                diagnostic["overall_percent"] if diagnostic else None,
                diagnostic["level"] if diagnostic else "",
            ]
        )
    companies.column_dimensions["A"].width = 40
    output = BytesIO()
    book.save(output)
    return output.getvalue()
