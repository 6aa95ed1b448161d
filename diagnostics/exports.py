"""XLSX export of a campaign's aggregated results, through the platform's spreadsheet writer (no
title typed by a user can leave as a live formula), built on the worker by the core's
generated-document flow (the kind is registered in ``contributions``)."""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rse_platform.files import selectors as files
from rse_platform.web.spreadsheets import XlsxWriter

from . import selectors

CAMPAIGN_EXPORT = "diagnostics.campaign_export"
CAMPAIGN_EXPORT_LABEL = gettext_lazy("Campaign results (XLSX)")


def render_campaign_export(document, campaign, progress):
    """The campaign's workbook, in the language of the person who asked."""
    aggregate = selectors.campaign_aggregate(campaign=campaign)
    progress(50)
    content = campaign_workbook(campaign=campaign, aggregate=aggregate)
    return content, f"campagne-{slugify(campaign.title) or campaign.pk}.xlsx"


def latest_campaign_export(*, campaign, language):
    """The last workbook of the campaign in ``language`` (whoever asked for it), or None."""
    return files.latest_document(kind=CAMPAIGN_EXPORT, subject=campaign, language=language)


def campaign_workbook(*, campaign, aggregate):
    writer = XlsxWriter()
    themes = writer.sheet(_("Themes"))
    themes.column_dimensions["A"].width = 50
    writer.header(themes, [campaign.title])
    writer.append(themes, [_("Framework"), str(campaign.version)])
    writer.append(themes, [_("Deadline"), campaign.deadline])
    writer.append(themes, [_("Invited"), aggregate["invited"]])
    writer.append(themes, [_("Respondents"), aggregate["respondents"]])
    writer.append(themes, [_("Response rate (%)"), aggregate["rate"]])
    writer.append(themes, [])
    writer.header(
        themes, [_("Theme"), _("Weight"), _("Mean (%)"), _("Lowest (%)"), _("Highest (%)")]
    )
    for row in aggregate["themes"]:
        writer.append(
            themes,
            [row["title"], row["weight"], row["mean"], row["minimum"], row["maximum_reached"]],
        )
    writer.append(themes, [_("Overall"), None, aggregate["overall_mean"]])

    companies = writer.sheet(_("Companies"))
    companies.column_dimensions["A"].width = 40
    writer.header(companies, [_("Company"), _("Status"), _("Overall score (%)"), _("Level")])
    states = {
        "submitted": _("Submitted"),
        "started": _("In progress"),
        "waiting": _("Not started"),
    }
    for invitation in selectors.invited_companies(campaign=campaign).iterator(chunk_size=500):
        writer.append(
            companies,
            [
                invitation.company.name,
                states[invitation.state],
                invitation.submitted_overall,
                invitation.submitted_level or "",
            ],
        )
    return writer.to_bytes()
