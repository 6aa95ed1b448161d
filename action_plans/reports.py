"""Documents of action plans rendered on the worker by the core's generated-document flow
(``rse_platform.files.documents``; the kinds are registered in ``contributions``):

- a review's PDF (``services.REVIEW_REPORT``), drawn from the figures the review kept on its day
  (``Review.snapshot``), so the report stays true whatever happens to the plan afterwards;
- the support workbook for the funders (``SUPPORT_XLSX``), about the membership of the manager
  who asks: every year's figures, every followed company, every mission and its co-funding.

The indicators' charts are server-rendered SVG geometry shared by the review page and its PDF.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rse_platform.files import selectors as files
from rse_platform.files.documents import RenderError
from rse_platform.web.spreadsheets import XlsxWriter

from . import selectors
from .models import Action, Plan, Review
from .services import REVIEW_REPORT

REVIEW_REPORT_LABEL = gettext_lazy("Review report (PDF)")
SUPPORT_XLSX = "action_plans.support_xlsx"
SUPPORT_XLSX_LABEL = gettext_lazy("Individual support workbook (XLSX)")

CHART = {"width": 480, "height": 190, "left": 48, "right": 16, "top": 16, "bottom": 28}


# --- Indicators as charts -----------------------------------------------------------------------


def _decimal(text):
    if text in (None, ""):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def indicator_chart(indicator):
    """The SVG geometry of one indicator of a snapshot: its measured values as a line against
    its target (and starting value) as horizontal lines. Returns the indicator's figures with
    ``points`` (x, y, date, value), ``polyline``, ``target_y``, ``baseline_y``, the axis labels
    ``ticks``; ``plotted`` is False when there is nothing to draw."""
    width, height = CHART["width"], CHART["height"]
    left, right, top, bottom = CHART["left"], CHART["right"], CHART["top"], CHART["bottom"]
    series = []
    for day, value in indicator.get("series", []):
        value = _decimal(value)
        if value is not None:
            series.append((date.fromisoformat(day), value))
    baseline, target = _decimal(indicator.get("baseline")), _decimal(indicator.get("target"))
    figures = [value for _day, value in series] + [v for v in (baseline, target) if v is not None]
    chart = {
        **CHART,
        "label": indicator.get("label", ""),
        "unit": indicator.get("unit", ""),
        "baseline": baseline,
        "target": target,
        "latest": _decimal(indicator.get("latest")),
        "series": series,
        "plotted": bool(figures),
        "points": [],
        "plot_right": width - right,
        "plot_bottom": height - bottom,
    }
    if not figures:
        return chart
    low, high = min(min(figures), Decimal("0")), max(figures)
    if high == low:
        high = low + 1
    plot_width, plot_height = width - left - right, height - top - bottom

    def y(value):
        return round(top + plot_height * float((high - value) / (high - low)), 1)

    if len(series) > 1:
        first, last = series[0][0], series[-1][0]
        span = (last - first).days or 1

        def x(day):
            return round(left + plot_width * (day - first).days / span, 1)
    else:

        def x(day):
            return round(left + plot_width / 2, 1)

    chart["points"] = [
        {"x": x(day), "y": y(value), "date": day, "value": value} for day, value in series
    ]
    chart["polyline"] = " ".join(f"{point['x']},{point['y']}" for point in chart["points"])
    chart["target_y"] = y(target) if target is not None else None
    chart["baseline_y"] = y(baseline) if baseline is not None else None
    chart["ticks"] = [{"y": y(high), "value": high}, {"y": y(low), "value": low}]
    if series:
        chart["first_day"], chart["last_day"] = series[0][0], series[-1][0]
    return chart


def review_context(*, review):
    """What the review page and its PDF show, read from the review's snapshot (no query but
    the review's plan, company and author, which the caller selected)."""
    snapshot = review.snapshot or {}
    counts = snapshot.get("actions", {})
    comparison = snapshot.get("comparison")
    themes = []
    if comparison:
        for name, before, after in comparison.get("themes", []):
            before, after = _decimal(before), _decimal(after)
            delta = after - before if before is not None and after is not None else None
            themes.append({"name": name, "before": before, "after": after, "delta": delta})
    overall = [_decimal(value) for value in comparison.get("overall", [])] if comparison else []
    return {
        "review": review,
        "plan": review.plan,
        "company": review.plan.company,
        "progress": _decimal(snapshot.get("progress")),
        "actions": [
            (Action.Status(status).label, counts.get(status.value, 0)) for status in Action.Status
        ],
        "charts": [indicator_chart(indicator) for indicator in snapshot.get("indicators", [])],
        "comparison": comparison,
        "comparison_themes": themes,
        "overall_before": overall[0] if len(overall) > 0 else None,
        "overall_after": overall[1] if len(overall) > 1 else None,
    }


# --- The review's PDF ---------------------------------------------------------------------------


def review_filename(review):
    name = slugify(review.plan.company.name) or "entreprise"
    prefix = "bilan-plan" if review.kind == Review.Kind.FINAL else "point-etape-plan"
    return f"{prefix}-{name}-{review.held_on:%Y-%m-%d}.pdf"


def render_review_report(document, review, progress):
    """WeasyPrint renders the review (the flow has already switched to the language of the
    person who asked, ``document.language``)."""
    from weasyprint import HTML  # heavy: loaded on the worker only

    review = Review.objects.select_related("plan__company", "plan__tenant", "written_by").get(
        pk=review.pk
    )
    if not review.snapshot:
        raise RenderError(_("This review kept no figures to report."))
    progress(20)
    html = render_to_string(
        "action_plans/reports/review.html",
        {
            **review_context(review=review),
            "language": document.language,
            "generated_at": timezone.now(),
        },
    )
    progress(50)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf, review_filename(review)


def latest_review_report(*, review, language):
    """The last PDF of the review in ``language`` (whoever asked for it), or None."""
    return files.latest_document(kind=REVIEW_REPORT, subject=review, language=language)


# --- The funders' workbook ----------------------------------------------------------------------


def support_filename(tenant, today=None):
    stamp = (today or timezone.localdate()).isoformat()
    return f"accompagnement-individuel-{tenant.slug}-{stamp}.xlsx"


def _money(value):
    return Decimal(value).quantize(Decimal("0.01"))


def support_xlsx(*, tenant, progress=None, today=None):
    """Every year of individual support (companies supported, consultant days and their cost,
    actions done, plans closed), every followed company as it stands, every mission with its
    funders' shares, and the actions by type."""
    today = today or timezone.localdate()
    writer = XlsxWriter()
    years = writer.sheet(
        _("Years"),
        [
            _("Year"),
            _("Companies supported"),
            _("Consultant days"),
            _("Cost of the days (€ excl. VAT)"),
            _("Actions completed"),
            _("Action plans closed"),
            _("of which objectives reached"),
        ],
    )
    for year in selectors.support_years(tenant=tenant, today=today):
        start, end = date(year, 1, 1), min(date(year, 12, 31), today)
        activity = selectors.activity_figures(tenant=tenant, start=start, end=end)
        cost = selectors.programme_figures(tenant=tenant, year=year)["cost_spent"]
        writer.append(
            years,
            [
                year,
                activity["supported_companies"],
                activity["days_spent"],
                cost,
                activity["actions_done"],
                activity["plans_closed"],
                activity["plans_closed_positive"],
            ],
        )
    if progress:
        progress(30)

    companies = list(selectors.support_companies(tenant=tenant, today=today).order_by("name"))
    remaining = selectors.support_budgets(companies=[company.pk for company in companies])
    sheet = writer.sheet(
        _("Companies"),
        [
            _("Company"),
            _("Current plan"),
            _("Status"),
            _("Progress (%)"),
            _("Overdue actions"),
            _("Days allocated"),
            _("Days consumed"),
            _("Remaining co-funded budget (€)"),
            _("Last meeting"),
        ],
    )
    statuses = dict(Plan.Status.choices)
    for company in companies:
        writer.append(
            sheet,
            [
                company.name,
                company.plan_title or "",
                str(statuses.get(company.plan_status, "")),
                selectors.progress_of(company),
                company.overdue,
                company.days_allocated,
                company.days_spent,
                remaining.get(company.pk, Decimal("0")),
                company.last_met_on,
            ],
        )
    if progress:
        progress(60)

    sheet = writer.sheet(
        _("Missions"),
        [
            _("Company"),
            _("Consultant"),
            _("Mission"),
            _("Status"),
            _("Starts on"),
            _("Ends on"),
            _("Days allocated"),
            _("Days consumed"),
            _("Daily rate (€ excl. VAT)"),
            _("Cost (€ excl. VAT)"),
            _("Funders"),
            _("Co-funded share (%)"),
            _("Co-funded amount (€)"),
            _("Remaining co-funded budget (€)"),
            _("Company's share (€)"),
        ],
    )
    for mission in selectors.support_missions(tenant=tenant):
        budget = selectors.mission_budget(mission)
        consultant = mission.consultant
        writer.append(
            sheet,
            [
                mission.company.name,
                consultant.get_full_name() or consultant.email,
                mission.title,
                mission.get_status_display(),
                mission.starts_on,
                mission.ends_on,
                budget.allocated_days,
                budget.consumed_days,
                budget.daily_rate,
                budget.cost,
                ", ".join(f"{share.funder} ({share.share} %)" for share in budget.fundings),
                budget.funded_share,
                _money(sum((share.amount for share in budget.fundings), Decimal("0"))),
                budget.remaining_funded,
                budget.company_amount,
            ],
        )
    if progress:
        progress(85)

    sheet = writer.sheet(_("Action types"), [_("Type"), _("Actions"), _("Done"), _("Companies")])
    for row in selectors.actions_by_type(tenant=tenant):
        writer.append(
            sheet,
            [
                row["action_type__name"] or _("No type"),
                row["count"],
                row["done"],
                row["companies"],
            ],
        )
    return writer.to_bytes()


def render_support_xlsx(document, membership, progress):
    """The workbook of the membership's tenant (the overview is for the programme team)."""
    tenant = membership.tenant
    return support_xlsx(tenant=tenant, progress=progress), support_filename(tenant)


def latest_support_xlsx(*, membership, language):
    return files.latest_document(kind=SUPPORT_XLSX, subject=membership, language=language)
