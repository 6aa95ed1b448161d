import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes import selectors as company_selectors
from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url

from . import exports, hooks, scoring, selectors, services
from .forms import (
    CampaignForm,
    CriterionForm,
    EvidenceForm,
    FrameworkForm,
    ImportForm,
    LevelForm,
    NoteForm,
    ReviewForm,
    StartForm,
    ThemeForm,
)
from .models import Campaign, Criterion, FrameworkVersion, Level, Report, Theme


def _companies(request):
    return company_selectors.visible_companies(
        tenant=request.tenant,
        user=request.user,
        see_all=permissions.can(request, "companies.view_all"),
    )


def _diagnostic(request, pk):
    """A diagnostic of a company the person may not open answers 404, like a missing one."""
    return get_object_or_404(
        selectors.visible_diagnostics(
            tenant=request.tenant,
            user=request.user,
            see_all=permissions.can(request, "companies.view_all"),
        ),
        pk=pk,
    )


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- Frameworks ---------------------------------------------------------------------------------


@permission_required("frameworks.manage")
def framework_list(request, tenant_slug):
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.create_framework(
                tenant=request.tenant, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            return redirect(_url(request, "framework_version", pk=version.pk))
    return render(
        request,
        "diagnostics/framework_list.html",
        {
            "frameworks": selectors.frameworks(tenant=request.tenant),
            "form": form,
            "import_form": ImportForm(),
        },
    )


@permission_required("frameworks.manage")
def framework_import(request, tenant_slug):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            data = services.parse_framework_file(form.cleaned_data["file"].read())
            version = services.import_framework(
                tenant=request.tenant, data=data, actor=request.user
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("The framework was imported as a draft."))
            return redirect(_url(request, "framework_version", pk=version.pk))
    return render(
        request,
        "diagnostics/framework_import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )


def _version(request, pk):
    return get_object_or_404(
        FrameworkVersion.objects.filter(tenant=request.tenant).select_related("framework"), pk=pk
    )


@permission_required("frameworks.manage")
def framework_version(request, tenant_slug, pk):
    version = _version(request, pk)
    themes = list(selectors.version_structure(version=version))
    return render(
        request,
        "diagnostics/framework_version.html",
        {
            "version": version,
            "themes": themes,
            "levels": version.levels.all(),
            "versions": version.framework.versions.order_by("-number"),
            "theme_form": ThemeForm(),
            "criterion_form": CriterionForm(themes=themes),
            "level_form": LevelForm(),
        },
    )


@require_POST
@permission_required("frameworks.manage")
def framework_edit(request, tenant_slug, pk, part):
    """Add a theme, a criterion or a level to a draft version, or remove one."""
    version = _version(request, pk)
    themes = list(version.themes.all())
    forms = {
        "theme": lambda: ThemeForm(request.POST),
        "criterion": lambda: CriterionForm(request.POST, themes=themes),
        "level": lambda: LevelForm(request.POST),
    }
    try:
        if part.startswith("remove-"):
            model = {"remove-theme": Theme, "remove-criterion": Criterion, "remove-level": Level}
            if part not in model:
                raise Http404
            item = get_object_or_404(
                model[part].objects.filter(version=version), pk=request.POST.get("id")
            )
            services.remove_item(version=version, item=item)
        else:
            if part not in forms:
                raise Http404
            form = forms[part]()
            if not form.is_valid():
                for field_errors in form.errors.values():
                    for message in field_errors:
                        messages.error(request, message)
                return redirect(_url(request, "framework_version", pk=version.pk))
            data = form.cleaned_data
            if part == "theme":
                services.add_theme(version=version, **data)
            elif part == "level":
                services.add_level(version=version, **data)
            else:
                theme = get_object_or_404(
                    Theme.objects.filter(version=version), pk=data.pop("theme")
                )
                services.add_criterion(
                    theme=theme, **{**data, "max_points": data["max_points"] or 0}
                )
    except ValidationError as error:
        _errors(request, error)
    return redirect(_url(request, "framework_version", pk=version.pk))


@require_POST
@permission_required("frameworks.manage")
def framework_publish(request, tenant_slug, pk):
    version = _version(request, pk)
    try:
        services.publish_version(version=version, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The version is published; it can no longer change."))
    return redirect(_url(request, "framework_version", pk=version.pk))


@require_POST
@permission_required("frameworks.manage")
def framework_new_version(request, tenant_slug, pk):
    version = _version(request, pk)
    try:
        copy = services.new_version(version=version, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(_url(request, "framework_version", pk=version.pk))
    messages.success(request, _("A new draft version was created from this one."))
    return redirect(_url(request, "framework_version", pk=copy.pk))


@permission_required("frameworks.manage")
def framework_export(request, tenant_slug, pk):
    version = _version(request, pk)
    data = services.export_version(version=version)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = slugify(version.framework.name) or "framework"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{version.number}.json"'
    return response


# --- Diagnostics --------------------------------------------------------------------------------


@permission_required("diagnostics.list")
def diagnostic_list(request, tenant_slug):
    companies = _companies(request)
    versions = selectors.published_versions(tenant=request.tenant)
    form = StartForm(request.POST or None, companies=companies, versions=versions)
    may_fill = permissions.can(request, "diagnostics.fill")
    if request.method == "POST" and may_fill and form.is_valid():
        company = get_object_or_404(companies, pk=form.cleaned_data["company"])
        version = get_object_or_404(versions, pk=form.cleaned_data["version"])
        try:
            diagnostic = services.start_diagnostic(
                company=company, version=version, actor=request.user
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            return redirect(_url(request, "diagnostic_fill", pk=diagnostic.pk))
    diagnostics = selectors.visible_diagnostics(
        tenant=request.tenant,
        user=request.user,
        see_all=permissions.can(request, "companies.view_all"),
    )
    return render(
        request,
        "diagnostics/diagnostic_list.html",
        {"diagnostics": diagnostics, "form": form, "may_fill": may_fill},
    )


def _fill_context(request, diagnostic, theme):
    return {
        "diagnostic": diagnostic,
        "themes": selectors.theme_progress(diagnostic=diagnostic),
        "theme": theme,
        "rows": [
            _row(criterion, answer)
            for criterion, answer in selectors.theme_page(diagnostic=diagnostic, theme=theme)
        ],
        "progress": selectors.progress(diagnostic=diagnostic),
    }


def _row(criterion, answer, saved=False):
    return {
        "criterion": criterion,
        "answer": answer,
        "choices": scoring.choices_for(criterion.scale, criterion.max_points),
        "saved": saved,
    }


@permission_required("diagnostics.fill")
def diagnostic_fill(request, tenant_slug, pk):
    diagnostic = _diagnostic(request, pk)
    if diagnostic.is_submitted:
        return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))
    themes = Theme.objects.filter(version_id=diagnostic.version_id).order_by("order", "id")
    theme_id = request.GET.get("theme")
    theme = themes.filter(pk=theme_id).first() if theme_id and theme_id.isdigit() else None
    theme = theme or themes.first()
    if theme is None:
        raise Http404
    context = _fill_context(request, diagnostic, theme)
    order = [item.pk for item in context["themes"]]
    position = order.index(theme.pk)
    context["next_theme"] = context["themes"][position + 1] if position + 1 < len(order) else None
    return render(request, "diagnostics/diagnostic_fill.html", context)


def _criterion(diagnostic, criterion_pk):
    return get_object_or_404(
        Criterion.objects.filter(version_id=diagnostic.version_id).select_related("theme"),
        pk=criterion_pk,
    )


def _parse_number(raw):
    """French or English input (“12 500,5”) to a Decimal; "" clears; None when not a number."""
    raw = raw.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not raw:
        return ""
    try:
        number = scoring.quantize(raw)
    except ArithmeticError:
        return None
    return number if number.is_finite() and abs(number) < 10**12 else None


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_answer(request, tenant_slug, pk, criterion_pk):
    """Autosave of one criterion (htmx): answers the criterion's card and the progress bar."""
    diagnostic = _diagnostic(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    fields = {}
    if "choice" in request.POST:
        fields["choice"] = request.POST["choice"]
    if "number" in request.POST:
        number = _parse_number(request.POST["number"])
        if number is None:
            return HttpResponse(_("Enter a number."), status=400)
        fields["number"] = number
    if "comment" in request.POST:
        fields["comment"] = request.POST["comment"]
    try:
        answer = services.save_answer(
            diagnostic=diagnostic, criterion=criterion, actor=request.user, **fields
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if not request.htmx:
        return redirect(
            _url(request, "diagnostic_fill", pk=diagnostic.pk) + f"?theme={criterion.theme_id}"
        )
    return render(
        request,
        "diagnostics/partials/criterion_saved.html",
        {
            "diagnostic": diagnostic,
            "row": _row(criterion, answer, saved=True),
            "progress": selectors.progress(diagnostic=diagnostic),
        },
    )


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_evidence(request, tenant_slug, pk, criterion_pk):
    diagnostic = _diagnostic(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_evidence(
                diagnostic=diagnostic,
                criterion=criterion,
                upload=form.cleaned_data["evidence"],
                actor=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The evidence was attached."))
    else:
        for message in form.errors.get("evidence", []):
            messages.error(request, message)
    return redirect(
        _url(request, "diagnostic_fill", pk=diagnostic.pk)
        + f"?theme={criterion.theme_id}#criterion-{criterion.pk}"
    )


@permission_required("diagnostics.list")
def evidence_download(request, tenant_slug, pk, criterion_pk):
    """Evidence is served only through this view, to people who may open the company."""
    diagnostic = _diagnostic(request, pk)
    answer = get_object_or_404(diagnostic.answers.exclude(evidence=""), criterion_id=criterion_pk)
    try:
        content = answer.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        content,
        as_attachment=True,
        filename=answer.evidence.name.rsplit("/", 1)[-1],
    )


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_submit(request, tenant_slug, pk):
    diagnostic = _diagnostic(request, pk)
    try:
        services.submit_diagnostic(diagnostic=diagnostic, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The self-assessment is submitted."))
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


@permission_required("diagnostics.list")
def diagnostic_results(request, tenant_slug, pk):
    diagnostic = _diagnostic(request, pk)
    context = selectors.results_context(diagnostic=diagnostic)
    context.update(
        {
            "answers": selectors.scored_answers(diagnostic=diagnostic),
            "report": selectors.latest_report(diagnostic=diagnostic),
            "action_target": hooks.action_target() is not None,
            "note_form": NoteForm(),
            "review_form": ReviewForm(initial={"review_note": diagnostic.review_note}),
        }
    )
    return render(request, "diagnostics/diagnostic_results.html", context)


@require_POST
@permission_required("diagnostics.review")
def diagnostic_annotate(request, tenant_slug, pk, criterion_pk):
    diagnostic = _diagnostic(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.annotate(
            diagnostic=diagnostic,
            criterion=criterion,
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(request, _("Your note was saved."))
    return redirect(
        _url(request, "diagnostic_results", pk=diagnostic.pk) + f"#answer-{criterion.pk}"
    )


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_action(request, tenant_slug, pk, criterion_pk):
    diagnostic = _diagnostic(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    answer = services.answer_row(diagnostic=diagnostic, criterion=criterion)
    try:
        services.create_action_from_criterion(answer=answer, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("“%(criterion)s” was added to the action plan.") % {"criterion": criterion.title},
        )
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_report(request, tenant_slug, pk):
    diagnostic = _diagnostic(request, pk)
    try:
        report = services.request_report(diagnostic=diagnostic, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))
    if request.htmx:
        return render(
            request,
            "diagnostics/partials/report_status.html",
            {"diagnostic": diagnostic, "report": _fresh(report)},
        )
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


def _fresh(report):
    report.refresh_from_db()
    return report


@permission_required("diagnostics.list")
def diagnostic_report_status(request, tenant_slug, pk):
    """Polled by the results page (htmx) until the PDF is ready."""
    diagnostic = _diagnostic(request, pk)
    return render(
        request,
        "diagnostics/partials/report_status.html",
        {"diagnostic": diagnostic, "report": selectors.latest_report(diagnostic=diagnostic)},
    )


@permission_required("diagnostics.list")
def diagnostic_report_download(request, tenant_slug, pk, report_pk):
    diagnostic = _diagnostic(request, pk)
    report = get_object_or_404(
        Report.objects.filter(diagnostic=diagnostic, status=Report.Status.READY), pk=report_pk
    )
    try:
        content = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        content,
        as_attachment=True,
        filename=f"autodiagnostic-{slugify(diagnostic.company.name)}.pdf",
        content_type="application/pdf",
    )


@require_POST
@permission_required("diagnostics.review")
def diagnostic_review(request, tenant_slug, pk):
    diagnostic = _diagnostic(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.review(
            diagnostic=diagnostic, note=form.cleaned_data["review_note"], actor=request.user
        )
        messages.success(request, _("Your review was saved."))
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


# --- Campaigns ----------------------------------------------------------------------------------


@permission_required("campaigns.manage")
def campaign_list(request, tenant_slug):
    versions = selectors.published_versions(tenant=request.tenant)
    companies = _companies(request)
    form = CampaignForm(request.POST or None, versions=versions, companies=companies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = get_object_or_404(versions, pk=data.pop("version"))
        chosen = companies.filter(pk__in=data.pop("companies"))
        try:
            campaign = services.create_campaign(
                tenant=request.tenant,
                version=version,
                companies=chosen,
                actor=request.user,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The campaign is sent."))
            return redirect(_url(request, "campaign_detail", pk=campaign.pk))
    return render(
        request,
        "diagnostics/campaign_list.html",
        {"campaigns": selectors.campaigns(tenant=request.tenant), "form": form},
        status=400 if form.errors else 200,
    )


def _campaign(request, pk):
    return get_object_or_404(
        Campaign.objects.filter(tenant=request.tenant).select_related("version__framework"),
        pk=pk,
    )


@permission_required("campaigns.manage")
def campaign_detail(request, tenant_slug, pk):
    campaign = _campaign(request, pk)
    return render(
        request,
        "diagnostics/campaign_detail.html",
        {"campaign": campaign, "aggregate": selectors.campaign_aggregate(campaign=campaign)},
    )


@permission_required("campaigns.manage")
def campaign_export(request, tenant_slug, pk):
    campaign = _campaign(request, pk)
    content = exports.campaign_workbook(
        campaign=campaign, aggregate=selectors.campaign_aggregate(campaign=campaign)
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="campagne-{slugify(campaign.title) or campaign.pk}.xlsx"'
    )
    return response
