"""The programme's view of individual support (every plan and mission, the funders' workbook),
and the reviews of a plan with their PDF report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.files import services as file_services
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table

from .. import reports, selectors, services
from ..forms.reviews import ReviewForm
from ..models import Plan, Review

# --- The programme's overview -------------------------------------------------------------------


def _chosen_year(value, years):
    """The year asked for in the query string, this year when missing or not offered (a list
    filter: an unknown value is ignored, not refused)."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return years[0]
    return year if year in years else years[0]


@permission_required("plans.manage")
def support_overview(request, tenant_slug):
    """Every company the programme follows in the chosen year: its current plan's progress,
    overdue actions, days consumed against the allocation, the co-funded money left and the
    last meeting; the year's totals above."""
    tenant = request.tenant
    years = selectors.support_years(tenant=tenant)
    year = _chosen_year(request.GET.get("year"), years)
    table = Table(
        request=request,
        queryset=selectors.support_companies(tenant=tenant, year=year),
        columns=[
            Column("name", _("Company"), (Natural("name"),)),
            Column("progress", _("Plan progress"), ("progress",), align="end"),
            Column("overdue", _("Overdue actions"), ("overdue",), align="end"),
            Column("days", _("Days consumed"), ("days_spent",), align="end"),
            Column("met", _("Last meeting"), ("last_met_on",), align="end"),
        ],
        default="name",
        label=_("companies"),
        target="support-table",
    )
    rows = list(table.rows)
    remaining = selectors.support_budgets(companies=[row.pk for row in rows], year=year)
    for row in rows:
        row.progress_percent = selectors.progress_of(row)
        row.remaining_funded = remaining.get(row.pk, selectors.ZERO)
        row.over_budget = row.days_spent > row.days_allocated
    context = {"table": table, "rows": rows, "year": year, "years": years}
    if table.is_swap():
        return render(request, "action_plans/overview/partials/support_table.html", context)
    context["totals"] = selectors.support_totals(tenant=tenant, year=year)
    context["document"] = reports.latest_support_xlsx(
        membership=request.membership, language=get_language()
    )
    return render(request, "action_plans/overview/support.html", context)


@require_POST
@permission_required("plans.manage")
def support_export(request, tenant_slug):
    """Ask the worker for the funders' workbook; the overview follows it with the core's status
    partial until it can be downloaded."""
    document = file_services.request_document(
        kind=reports.SUPPORT_XLSX,
        subject=request.membership,
        user=request.user,
        language=get_language(),
    )
    if request.htmx:
        document.refresh_from_db()  # without a broker the worker has already run
        return render(request, "files/partials/document_status.html", {"document": document})
    return redirect(_url(request, "support_overview") + "#export")


# --- Reviews ------------------------------------------------------------------------------------


def _comparisons(plan):
    """The company's self-assessments submitted after the plan's starting point (its source
    assessment, or the day it started), newest first, as ``(pk, label)``."""
    reader = registry.assessment_reader()
    if reader is None:
        return []
    submitted = reader.submitted(company=plan.company)
    source = next((a for a in submitted if a.pk == plan.source_assessment_id), None)
    if source is not None:
        newer = [a for a in submitted if a.submitted_at > source.submitted_at]
    else:
        newer = [a for a in submitted if timezone.localdate(a.submitted_at) >= plan.starts_on]
    return [(assessment.pk, assessment.label) for assessment in newer]


@permission_required("plans.review")
def review_create(request, tenant_slug, pk):
    """A milestone review, or the final review that closes the plan (consultants following
    the company and the programme team)."""
    plan = get_visible_or_404(request, "plans.view", Plan.objects.select_related("company"), pk=pk)
    permissions.check(request, "plans.review", plan.company)
    comparisons = _comparisons(plan)
    form = ReviewForm(request.POST or None, comparisons=comparisons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.record_review(
                plan=plan,
                kind=data["kind"],
                actor=request.user,
                held_on=data["held_on"],
                summary=data["summary"],
                conclusion=data["conclusion"],
                outcome=data["outcome"],
                comparison_assessment_pk=data["comparison"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if review.kind == Review.Kind.FINAL:
                messages.success(request, _("The final review is recorded: the plan is closed."))
            else:
                messages.success(request, _("The milestone review is recorded."))
            return redirect(_url(request, "review_detail", pk=review.pk))
    return render(
        request,
        "action_plans/reviews/review_form.html",
        {"plan": plan, "form": form, "has_comparisons": bool(comparisons)},
    )


def _review(request, pk):
    """A review of a plan the person may open (its company's visibility), else 404."""
    return get_visible_or_404(
        request,
        "reviews.view",
        Review.objects.select_related("plan__company", "written_by"),
        pk=pk,
    )


@permission_required("plans.view")
def review_detail(request, tenant_slug, pk):
    review = _review(request, pk)
    return render(
        request,
        "action_plans/reviews/review_detail.html",
        {
            **reports.review_context(review=review),
            "document": reports.latest_review_report(review=review, language=get_language()),
        },
    )


@permission_required("plans.view")
def review_report(request, tenant_slug, pk):
    """GET: the review's last PDF in the page's language (its status while the worker renders
    it); POST: ask the worker for it, in the language of the person asking."""
    review = _review(request, pk)
    if request.method == "POST":
        try:
            document = services.request_review_report(
                review=review, actor=request.user, language=get_language()
            )
        except ValidationError as error:
            if request.htmx:
                return HttpResponse(error_message(error), status=400)
            messages.error(request, error_message(error))
            return redirect(_url(request, "review_detail", pk=review.pk))
        if request.htmx:
            document.refresh_from_db()  # without a broker the worker has already run
            return render(request, "files/partials/document_status.html", {"document": document})
        return redirect(_url(request, "review_report", pk=review.pk))
    document = reports.latest_review_report(review=review, language=get_language())
    if request.htmx and document is not None:
        document = file_services.expire_if_stale(document=document)
        return render(request, "files/partials/document_status.html", {"document": document})
    return render(
        request,
        "action_plans/reviews/report_page.html",
        {"review": review, "plan": review.plan, "document": document},
    )
