"""Views of the company register: thin, every one gated by the permission layer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.files import services as file_services
from rse_platform.tenants import permissions, registry
from rse_platform.tenants import selectors as tenant_selectors
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.roles import Role
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.responses import CSV, streaming_attachment
from rse_platform.web.tables import Column, Natural, Table

from . import exports, selectors, services
from .forms import (
    AssignConsultantForm,
    BulkActionForm,
    CompanyForm,
    CompanyProfileForm,
    ExclusionForm,
    ImportForm,
    LinkPersonForm,
)
from .models import Company, CompanyImport, Exclusion, SizeBand


def _people_with_role(request, role):
    return tenant_selectors.people_with_role(tenant=request.tenant, role=role)


# --- Register -----------------------------------------------------------------------------


def company_table(request, companies):
    """The register's table: the columns a manager sorts by, one page at a time, each row
    with the badges other apps give it (the programme status)."""
    table = Table(
        request=request,
        queryset=companies,
        columns=[
            Column("name", _("Company"), (Natural("name"),)),
            Column("commune", _("Commune"), (Natural("commune"),)),
            Column("sector", _("Activity"), (Natural("sector"),)),
            Column("headcount", _("Headcount"), ("headcount",), align="end"),
            Column("revenue", _("Revenue"), ("annual_revenue",), align="end"),
        ],
        default="name",
        label=_("companies"),
        target="company-table",
    )
    rows = list(table.rows)
    for company in rows:
        company.badges = selectors.badges_of(company)
    table.page.object_list = rows
    return table


def _register_filters(request):
    keys = ["query", *selectors.register_filter_keys()]
    return {key: request.GET.get(key, "").strip() for key in keys}


@permission_required("companies.list")
def company_list(request, tenant_slug):
    return _render_register(request)


def _render_register(request, *, bulk_form=None, status=200):
    filters = _register_filters(request)
    companies = selectors.register(companies=selectors.visible_companies(request), **filters)
    table = company_table(request, companies)
    actions = registry.company_bulk_actions_for(request)
    if actions and bulk_form is None:
        bulk_form = BulkActionForm(actions=actions, tenant=request.tenant, companies=companies)
    context = {
        "table": table,
        "summary": selectors.register_summary(companies=companies),
        "filters": filters,
        "bands": SizeBand.choices,
        "contributed_filters": [
            {"key": f.key, "label": f.label, "choices": f.choices(), "value": filters[f.key]}
            for f in registry.company_filters()
        ],
        "bulk_form": bulk_form,
        "ticked": _ticked(bulk_form),
    }
    if table.is_swap():
        return render(request, "companies/partials/company_table.html", context)
    context["document"] = exports.latest_register_xlsx(
        membership=request.membership, language=get_language()
    )
    return render(request, "companies/company_list.html", context, status=status)


def _ticked(bulk_form):
    if bulk_form is None or not bulk_form.is_bound:
        return set()
    return {int(value) for value in bulk_form.data.getlist("companies") if value.isdigit()}


@require_POST
@permission_required("companies.manage")
def company_bulk(request, tenant_slug):
    """A bulk action on the ticked rows; the register's filters ride along in the query string
    so the page comes back as it was, with the ticks and every refusal when it is refused."""
    actions = registry.company_bulk_actions_for(request)
    form = BulkActionForm(
        request.POST,
        actions=actions,
        tenant=request.tenant,
        companies=selectors.visible_companies(request),
    )
    if form.is_valid():
        try:
            count = services.apply_bulk_action(
                action=form.cleaned_data["action"],
                companies=form.cleaned_data["companies"],
                value=form.cleaned_data["value"],
                actor=request.user,
            )
        except services.BulkRefused as refused:
            form.add_error(
                None, _("Nothing was changed: each company below refused, fix or untick it.")
            )
            for company, message in refused.refusals:
                form.add_error(None, f"{company.name} — {message}")
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                ngettext("Done for %(count)s company.", "Done for %(count)s companies.", count)
                % {"count": count},
            )
            query = request.GET.urlencode()
            return redirect(_url(request, "company_list") + (f"?{query}" if query else ""))
    return _render_register(request, bulk_form=form, status=400)


@permission_required("companies.view")
def company_detail(request, tenant_slug, pk):
    # A company one may not open answers 404 like a missing one.
    company = get_visible_or_404(request, "companies.view", Company.objects.all(), pk=pk)
    return render_company_page(request, company)


def render_company_page(request, company, *, status=200):
    """The company page; a domain app whose section form was refused renders it again through
    this (its section's context then shows the bound form with the errors)."""
    context = {
        "company": company,
        "people": selectors.company_people(company=company),
        "exclusion": selectors.active_exclusion(company=company),
        "consultants": selectors.consultants_of(company=company),
        "sections": registry.company_sections_for(request, company),
        "timeline": registry.timeline_for(company=company),
    }
    if permissions.can(request, "companies.manage"):
        context["exclusion_form"] = ExclusionForm()
        context["link_form"] = LinkPersonForm(people=_people_with_role(request, Role.MEMBER))
        context["assign_form"] = AssignConsultantForm(
            consultants=_people_with_role(request, Role.CONSULTANT)
        )
    return render(request, "companies/company_detail.html", context, status=status)


@permission_required("companies.own")
def my_company(request, tenant_slug):
    """A company member's own company: straight to it, or the list when they have several."""
    companies = list(permissions.visible(request, "companies.own", Company.objects.all()))
    if len(companies) == 1:
        return redirect(_url(request, "company_detail", pk=companies[0].pk))
    return render(request, "companies/my_companies.html", {"companies": companies})


@permission_required("companies.edit_own")
def company_profile(request, tenant_slug, pk):
    company = get_visible_or_404(request, "companies.edit_own", Company.objects.all(), pk=pk)
    form = CompanyProfileForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_company(company=company, actor=request.user, **fields)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(company)s is saved.") % {"company": company})
            return redirect(_url(request, "company_detail", pk=company.pk))
    return render(
        request,
        "companies/company_profile_form.html",
        {"form": form, "company": company},
        status=400 if form.errors else 200,
    )


@permission_required("companies.manage")
def company_create(request, tenant_slug):
    return _company_form(request, company=None)


@permission_required("companies.manage")
def company_edit(request, tenant_slug, pk):
    company = get_visible_or_404(request, "companies.manage", Company.objects.all(), pk=pk)
    return _company_form(request, company=company)


def _company_form(request, *, company):
    form = CompanyForm(request.POST or None, instance=company, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if company is None:
                company = services.create_company(
                    tenant=request.tenant, actor=request.user, **fields
                )
            else:
                services.update_company(company=company, actor=request.user, **fields)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(company)s is saved.") % {"company": company})
            return redirect(_url(request, "company_detail", pk=company.pk))
    return render(request, "companies/company_form.html", {"form": form, "company": company})


@permission_required("companies.manage")
def company_export(request, tenant_slug, fmt):
    """The register as CSV, streamed row by row (the XLSX is built on the worker)."""
    if fmt != "csv":
        raise Http404
    companies = selectors.register(companies=Company.objects.filter(tenant=request.tenant))
    return streaming_attachment(
        exports.register_csv_chunks(companies), exports.register_filename("csv"), CSV
    )


@require_POST
@permission_required("companies.manage")
def company_export_xlsx(request, tenant_slug):
    """Ask the worker for the register workbook; the register page follows it with the core's
    status partial until it can be downloaded."""
    document = file_services.request_document(
        kind=exports.REGISTER_XLSX,
        subject=request.membership,
        user=request.user,
        language=get_language(),
    )
    if request.htmx:
        document.refresh_from_db()  # without a broker the worker has already run
        return render(request, "files/partials/document_status.html", {"document": document})
    return redirect(_url(request, "company_list") + "#export")


@permission_required("companies.manage")
def company_import(request, tenant_slug):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.check_company_file(
                tenant=request.tenant, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_service_error(ValidationError({"file": error}))
        else:
            return redirect(_url(request, "company_import_preview", pk=checked.pk))
    return render(request, "companies/import_form.html", {"form": form})


@permission_required("companies.manage")
def company_import_preview(request, tenant_slug, pk):
    # The checked rows are shown, never the stored file itself.
    checked = get_visible_or_404(request, "companies.manage", CompanyImport.objects.all(), pk=pk)
    if request.method == "POST":
        try:
            count = services.confirm_import(company_import=checked, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
            return redirect(_url(request, "company_import_preview", pk=checked.pk))
        messages.success(request, _("%(count)s companies imported.") % {"count": count})
        return redirect(_url(request, "company_list"))
    return render(request, "companies/import_preview.html", {"checked": checked})


@require_POST
@permission_required("companies.manage")
def company_link_person(request, tenant_slug, pk):
    company = get_visible_or_404(request, "companies.manage", Company.objects.all(), pk=pk)
    form = LinkPersonForm(request.POST, people=_people_with_role(request, Role.MEMBER))
    if not form.is_valid():
        messages.error(
            request, " ".join(message for errors in form.errors.values() for message in errors)
        )
        return redirect(_url(request, "company_detail", pk=company.pk))
    try:
        services.link_person(company=company, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("The person is linked to the company."))
    return redirect(_url(request, "company_detail", pk=company.pk))


@require_POST
@permission_required("companies.manage")
def company_assign_consultant(request, tenant_slug, pk):
    """Assign a consultant to the company, or end their follow-up (``unassign`` in the form)."""
    company = get_visible_or_404(request, "companies.manage", Company.objects.all(), pk=pk)
    form = AssignConsultantForm(
        request.POST, consultants=_people_with_role(request, Role.CONSULTANT)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a person with the consultant role."))
        return redirect(_url(request, "company_detail", pk=company.pk))
    consultant = form.cleaned_data["consultant"]
    try:
        if request.POST.get("unassign"):
            services.unassign_consultant(company=company, consultant=consultant, actor=request.user)
            done = _("The consultant no longer follows the company.")
        else:
            services.assign_consultant(company=company, consultant=consultant, actor=request.user)
            done = _("The consultant now follows the company.")
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, done)
    return redirect(_url(request, "company_detail", pk=company.pk))


@require_POST
@permission_required("companies.exclude")
def company_exclude(request, tenant_slug, pk):
    company = get_visible_or_404(request, "companies.exclude", Company.objects.all(), pk=pk)
    form = ExclusionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the exclusion."))
        return redirect(_url(request, "company_detail", pk=company.pk))
    try:
        services.exclude_company(
            company=company, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("%(company)s is excluded.") % {"company": company})
    return redirect(_url(request, "company_detail", pk=company.pk))


@require_POST
@permission_required("companies.exclude")
def exclusion_lift(request, tenant_slug, pk):
    exclusion = get_visible_or_404(
        request,
        "companies.exclude",
        Exclusion.objects.filter(lifted_at__isnull=True).select_related("company"),
        pk=pk,
    )
    services.lift_exclusion(exclusion=exclusion, actor=request.user)
    messages.success(request, _("The exclusion is lifted."))
    return redirect(_url(request, "company_detail", pk=exclusion.company_id))
