from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.tenants import permissions, registry
from rse_platform.tenants.models import Membership
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.roles import Role
from rse_platform.tenants.shortcuts import tenant_reverse as _url

from . import charts, reports, selectors, services
from .forms import (
    BudgetLineFormSet,
    CharterForm,
    CompanyForm,
    EnrolmentForm,
    ExclusionForm,
    FunderFormSet,
    ImportForm,
    LinkPersonForm,
    ProgrammeForm,
)
from .models import Company, CompanyImport, Enrolment, Exclusion, FunderReport, Programme, SizeBand


def _visible(request):
    return selectors.visible_companies(
        tenant=request.tenant,
        user=request.user,
        see_all=permissions.can(request, "companies.view_all"),
    )


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Register -----------------------------------------------------------------------------


@permission_required("companies.list")
def company_list(request, tenant_slug):
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "band", "status")}
    companies = selectors.register(companies=_visible(request), **filters)
    context = {
        "companies": companies,
        "summary": selectors.register_summary(companies=companies),
        "filters": filters,
        "bands": SizeBand.choices,
        "statuses": Enrolment.Status.choices,
    }
    if request.htmx and request.htmx.target == "company-table":
        return render(request, "programmes/partials/company_table.html", context)
    return render(request, "programmes/company_list.html", context)


@permission_required("tenant.view")
def company_detail(request, tenant_slug, pk):
    # Every role may reach this view; _visible() applies "companies.view" per object (managers
    # see all, others their grants), and a company one may not open answers 404 like a missing one.
    company = get_object_or_404(_visible(request), pk=pk)
    context = {
        "company": company,
        "people": selectors.company_people(company=company),
        "enrolments": selectors.company_enrolments(company=company),
        "exclusion": selectors.active_exclusion(company=company),
        "timeline": registry.timeline_for(company=company),
    }
    if permissions.can(request, "companies.manage"):
        context["enrolment_form"] = EnrolmentForm(
            programmes=selectors.programmes(tenant=request.tenant)
        )
        context["exclusion_form"] = ExclusionForm()
        context["link_form"] = LinkPersonForm(people=_member_accounts(request))
    return render(request, "programmes/company_detail.html", context)


def _member_accounts(request):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(tenant=request.tenant, role=Role.MEMBER).values("user_id")
    )


@permission_required("companies.manage")
def company_create(request, tenant_slug):
    return _company_form(request, company=None)


@permission_required("companies.manage")
def company_edit(request, tenant_slug, pk):
    company = get_object_or_404(Company.objects.filter(tenant=request.tenant), pk=pk)
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
            form.add_error(None, error)
        else:
            messages.success(request, _("%(company)s is saved.") % {"company": company})
            return redirect(_url(request, "company_detail", pk=company.pk))
    return render(request, "programmes/company_form.html", {"form": form, "company": company})


@permission_required("companies.manage")
def company_export(request, tenant_slug, fmt):
    companies = selectors.register(companies=Company.objects.filter(tenant=request.tenant))
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return _download(
            reports.register_csv(companies), f"entreprises-{stamp}.csv", "text/csv; charset=utf-8"
        )
    if fmt == "xlsx":
        return _download(
            reports.register_xlsx(companies),
            f"entreprises-{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


@permission_required("companies.manage")
def company_import(request, tenant_slug):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            checked = services.check_company_file(
                tenant=request.tenant, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(_url(request, "company_import_preview", pk=checked.pk))
    return render(request, "programmes/import_form.html", {"form": form})


@permission_required("companies.manage")
def company_import_preview(request, tenant_slug, pk):
    checked = get_object_or_404(CompanyImport.objects.filter(tenant=request.tenant), pk=pk)
    if request.method == "POST":
        try:
            count = services.confirm_import(company_import=checked, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_url(request, "company_import_preview", pk=checked.pk))
        messages.success(request, _("%(count)s companies imported.") % {"count": count})
        return redirect(_url(request, "company_list"))
    return render(request, "programmes/import_preview.html", {"checked": checked})


@require_POST
@permission_required("companies.manage")
def company_enrol(request, tenant_slug, pk):
    company = get_object_or_404(Company.objects.filter(tenant=request.tenant), pk=pk)
    form = EnrolmentForm(request.POST, programmes=selectors.programmes(tenant=request.tenant))
    if form.is_valid():
        services.set_enrolment(
            programme=form.cleaned_data["programme"],
            company=company,
            status=form.cleaned_data["status"],
            actor=request.user,
            on=form.cleaned_data["on"],
        )
        messages.success(request, _("Enrolment saved."))
    else:
        messages.error(request, _("The enrolment was not saved: choose a programme and a status."))
    return redirect(_url(request, "company_detail", pk=company.pk))


@require_POST
@permission_required("companies.manage")
def company_link_person(request, tenant_slug, pk):
    company = get_object_or_404(Company.objects.filter(tenant=request.tenant), pk=pk)
    form = LinkPersonForm(request.POST, people=_member_accounts(request))
    if form.is_valid():
        services.link_person(
            company=company,
            user=form.cleaned_data["user"],
            position=form.cleaned_data["position"],
            actor=request.user,
        )
        messages.success(request, _("The person is linked to the company."))
    else:
        messages.error(request, _("Choose a person with the company-member role and a position."))
    return redirect(_url(request, "company_detail", pk=company.pk))


@require_POST
@permission_required("charter.manage")
def company_exclude(request, tenant_slug, pk):
    company = get_object_or_404(Company.objects.filter(tenant=request.tenant), pk=pk)
    form = ExclusionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for the exclusion."))
        services.exclude_company(
            company=company, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(company)s is excluded.") % {"company": company})
    return redirect(_url(request, "company_detail", pk=company.pk))


@require_POST
@permission_required("charter.manage")
def exclusion_lift(request, tenant_slug, pk):
    exclusion = get_object_or_404(
        Exclusion.objects.filter(tenant=request.tenant, lifted_at__isnull=True).select_related(
            "company"
        ),
        pk=pk,
    )
    services.lift_exclusion(exclusion=exclusion, actor=request.user)
    messages.success(request, _("The exclusion is lifted."))
    return redirect(_url(request, "company_detail", pk=exclusion.company_id))


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
    return _programme_form(
        request, programme=get_object_or_404(selectors.programmes(tenant=request.tenant), pk=pk)
    )


def _programme_form(request, *, programme):
    from rse_platform.tenants import audit

    instance = programme or Programme(tenant=request.tenant)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=instance)
    funders = FunderFormSet(data, instance=instance, prefix="funders")
    budget = BudgetLineFormSet(data, instance=instance, prefix="budget")
    if data is not None and form.is_valid() and funders.is_valid() and budget.is_valid():
        total_share = sum(
            f.cleaned_data.get("share") or 0
            for f in funders.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        )
        if total_share > 100:
            form.add_error(None, _("The funders' shares add up to more than 100 %."))
        else:
            with transaction.atomic():
                saved = form.save()
                for formset in (funders, budget):
                    for item in formset.save(commit=False):
                        item.tenant = request.tenant
                        item.save()
                    for item in formset.deleted_objects:
                        item.delete()
                audit.record(
                    tenant=request.tenant,
                    actor=request.user,
                    action="programme.saved",
                    programme=saved.name,
                )
            messages.success(request, _("The programme is saved."))
            return redirect(_url(request, "programme_list"))
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "funders": funders, "budget": budget, "programme": programme},
    )


def _chosen_programme(request):
    programmes = selectors.programmes(tenant=request.tenant)
    wanted = request.GET.get("programme")
    if wanted and wanted.isdigit():
        return get_object_or_404(programmes, pk=wanted), programmes
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
            reports=FunderReport.objects.filter(programme=programme)[:5],
        )
    return render(request, "programmes/dashboard.html", context)


@permission_required("programmes.view")
def funder_report_xlsx(request, tenant_slug, pk):
    programme = get_object_or_404(selectors.programmes(tenant=request.tenant), pk=pk)
    return _download(
        reports.funder_report_xlsx(programme=programme),
        f"rapport-financeurs-{timezone.localdate().isoformat()}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@permission_required("programmes.view")
def funder_report_request(request, tenant_slug, pk):
    programme = get_object_or_404(selectors.programmes(tenant=request.tenant), pk=pk)
    report = services.request_funder_report(programme=programme, actor=request.user)
    return redirect(_url(request, "funder_report_status", pk=report.pk))


@permission_required("programmes.view")
def funder_report_status(request, tenant_slug, pk):
    report = get_object_or_404(FunderReport.objects.filter(tenant=request.tenant), pk=pk)
    template = (
        "programmes/partials/report_status.html"
        if request.htmx
        else "programmes/report_status.html"
    )
    return render(request, template, {"report": report})


@permission_required("programmes.view")
def funder_report_download(request, tenant_slug, pk):
    report = get_object_or_404(
        FunderReport.objects.filter(tenant=request.tenant, finished_at__isnull=False), pk=pk
    )
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1]
    )


# --- Charter ------------------------------------------------------------------------------


@permission_required("charter.view")
def charter(request, tenant_slug):
    version = selectors.current_charter(tenant=request.tenant)
    context = {"version": version}
    if permissions.can(request, "charter.manage"):
        context["versions"] = selectors.charter_versions(tenant=request.tenant)
        context["register"] = selectors.charter_register(tenant=request.tenant, version=version)
        context["form"] = CharterForm(initial={"title": version.title if version else ""})
    if permissions.can(request, "charter.sign") and version is not None:
        companies = list(selectors.signing_companies(tenant=request.tenant, user=request.user))
        signed = selectors.signatures_of(companies=companies, version=version)
        context["signable"] = [(company, company.pk in signed) for company in companies]
    return render(request, "programmes/charter.html", context)


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
    company = get_object_or_404(
        selectors.signing_companies(tenant=request.tenant, user=request.user), pk=pk
    )
    try:
        services.sign_charter(company=company, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you: the charter is signed for %(company)s.") % {"company": company}
        )
    return redirect(_url(request, "charter"))
