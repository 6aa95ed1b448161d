"""Views of the programmes app: thin, every one gated by the permission layer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from companies.models import Company
from companies.views import render_company_page
from rse_platform.files import services as file_services
from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.responses import XLSX, attachment
from rse_platform.web.tables import Column, Natural, Table

from . import charts, reports, selectors, services
from .forms import (
    BudgetLineFormSet,
    CharterForm,
    EnrolmentForm,
    FunderFormSet,
    ProgrammeForm,
    ReportYearForm,
)
from .models import Programme


@require_POST
@permission_required("companies.manage")
def company_enrol(request, tenant_slug, pk):
    """Set the company's status in a programme; a refusal (the charter not signed, the company
    excluded) shows on the company page, in the enrolment form."""
    company = get_visible_or_404(request, "companies.manage", Company.objects.all(), pk=pk)
    form = EnrolmentForm(request.POST, programmes=selectors.programmes(tenant=request.tenant))
    if form.is_valid():
        try:
            services.set_enrolment(company=company, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Enrolment saved."))
            return redirect(_url(request, "company_detail", pk=company.pk))
    request.enrolment_form = form  # read by the enrolments section (contributions)
    return render_company_page(request, company)


# --- Programmes and dashboard ---------------------------------------------------------------


@permission_required("programmes.manage")
def programme_list(request, tenant_slug):
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": selectors.programmes(tenant=request.tenant)},
    )


@permission_required("programmes.manage")
def programme_create(request, tenant_slug):
    return _programme_form(request, programme=None)


@permission_required("programmes.manage")
def programme_edit(request, tenant_slug, pk):
    programme = get_visible_or_404(request, "programmes.manage", Programme.objects.all(), pk=pk)
    return _programme_form(request, programme=programme)


def _programme_form(request, *, programme):
    instance = programme or Programme(tenant=request.tenant)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=instance)
    files = request.FILES if data is not None else None  # the funders' logos
    funders = FunderFormSet(data, files, instance=instance, prefix="funders")
    budget = BudgetLineFormSet(data, instance=instance, prefix="budget")
    if data is not None and form.is_valid() and funders.is_valid() and budget.is_valid():
        try:
            services.save_programme(
                programme=form.save(commit=False),
                changed=[*funders.save(commit=False), *budget.save(commit=False)],
                removed=[*funders.deleted_objects, *budget.deleted_objects],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect(_url(request, "programme_list"))
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "funders": funders, "budget": budget, "programme": programme},
    )


def _chosen_programme(request):
    programmes = selectors.programmes(tenant=request.tenant)
    wanted = request.GET.get("programme", "")
    if wanted:
        return get_visible_or_404(request, "programmes.view", programmes, pk=wanted), programmes
    return programmes.first(), programmes


@permission_required("programmes.view")
def dashboard(request, tenant_slug):
    programme, programmes = _chosen_programme(request)
    context = {"programmes": programmes, "programme": programme}
    if programme is not None:
        figures = selectors.dashboard(programme=programme)
        context.update(
            figures=figures,
            chart=charts.year_bars(figures["evolution"]),
            **reports.panel_context(
                programme=programme,
                year=reports.chosen_year(programme=programme, value=request.GET.get("year")),
                language=get_language(),
            ),
        )
    return render(request, "programmes/dashboard.html", context)


@permission_required("programmes.view")
def funder_report_xlsx(request, tenant_slug, pk):
    """The report of ``?year=`` (the default year when missing or not one the report covers)."""
    programme = get_visible_or_404(request, "programmes.view", Programme.objects.all(), pk=pk)
    year = reports.chosen_year(programme=programme, value=request.GET.get("year"))
    return attachment(
        reports.funder_report_xlsx(programme=programme, year=year),
        reports.funder_report_filename(programme=programme, year=year, extension="xlsx"),
        XLSX,
    )


@require_POST
@permission_required("programmes.view")
def funder_report_request(request, tenant_slug, pk):
    """Ask the worker for the funder report PDF of the chosen year; the dashboard follows it
    with the core's status partial until it can be downloaded."""
    programme = get_visible_or_404(request, "programmes.view", Programme.objects.all(), pk=pk)
    form = ReportYearForm(request.POST, programme=programme)
    document = None
    if form.is_valid():
        try:
            report = services.open_funder_report(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            document = file_services.request_document(
                kind=reports.FUNDER_REPORT,
                subject=report,
                user=request.user,
                language=get_language(),
            )
    dashboard = f"{_url(request, 'dashboard')}?programme={programme.pk}"
    if document is None:  # nothing written: the year is not one the report covers
        if request.htmx:
            return render(request, "programmes/reports/partials/refused.html", {"form": form})
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(f"{dashboard}#funder-report")
    if request.htmx:
        document.refresh_from_db()  # without a broker the task has already run
        return render(request, "files/partials/document_status.html", {"document": document})
    return redirect(f"{dashboard}&year={report.year}#funder-report")


# --- Charter ------------------------------------------------------------------------------


@permission_required("charter.view")
def charter(request, tenant_slug):
    version = selectors.current_charter(tenant=request.tenant)
    context = {"version": version}
    if permissions.can(request, "charter.manage"):
        filters = {key: request.GET.get(key, "").strip() for key in ("state", "query")}
        table = Table(
            request=request,
            queryset=selectors.charter_register(tenant=request.tenant, version=version, **filters),
            columns=[
                Column("name", _("Company"), (Natural("name"),)),
                Column("state", _("Current version"), ("signed_current", "signed_any")),
                Column("signed", _("Last signature"), ("last_signed_at",)),
            ],
            default="name",
            label=_("signatures"),
            target="charter-register",
        )
        context.update(table=table, filters=filters, states=CHARTER_STATE_CHOICES)
        if table.is_swap():
            return render(request, "programmes/partials/charter_register.html", context)
        context["summary"] = selectors.charter_summary(tenant=request.tenant, version=version)
        context["versions"] = selectors.charter_versions(tenant=request.tenant)
        context["form"] = CharterForm(initial={"title": version.title if version else ""})
    if permissions.can(request, "charter.sign") and version is not None:
        companies = list(selectors.signing_companies(tenant=request.tenant, user=request.user))
        signed = selectors.signatures_of(companies=companies, version=version)
        context["signable"] = [(company, company.pk in signed) for company in companies]
    return render(request, "programmes/charter.html", context)


CHARTER_STATE_CHOICES = [
    ("signed", _lazy("Signed the current version")),
    ("again", _lazy("To sign again")),
    ("never", _lazy("Never signed")),
]


@require_POST
@permission_required("charter.manage")
def charter_publish(request, tenant_slug):
    form = CharterForm(request.POST)
    if form.is_valid():
        version = services.publish_charter_version(
            tenant=request.tenant, actor=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("Version %(number)s is published; companies are asked to sign it.")
            % {"number": version.number},
        )
    else:
        messages.error(request, _("The charter needs a title and a text."))
    return redirect(_url(request, "charter"))


@require_POST
@permission_required("charter.sign")
def charter_sign(request, tenant_slug, pk):
    company = get_visible_or_404(
        request,
        "charter.sign",
        selectors.signing_companies(tenant=request.tenant, user=request.user),
        pk=pk,
    )
    try:
        services.sign_charter(company=company, user=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request, _("Thank you: the charter is signed for %(company)s.") % {"company": company}
        )
    return redirect(_url(request, "charter"))
