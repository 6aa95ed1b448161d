import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from companies import selectors as company_selectors
from rse_platform.files import services as file_services
from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table

from . import exports, reports, scoring, selectors, services
from .forms import (
    AnswerForm,
    CampaignForm,
    CriterionForm,
    EvidenceForm,
    FrameworkForm,
    ImportForm,
    LevelForm,
    NoteForm,
    RemoveItemForm,
    ReviewForm,
    StartForm,
    ThemeForm,
)
from .models import (
    Answer,
    Campaign,
    Criterion,
    Diagnostic,
    Framework,
    FrameworkVersion,
    Level,
    Theme,
)


def _diagnostic(request, pk):
    """A diagnostic of a company the person may not open answers 404, like a missing one."""
    return get_object_or_404(selectors.visible_diagnostics(request), pk=pk)


def _writable(request, pk, permission="diagnostics.fill"):
    """A diagnostic the person may open AND write to: filling (or reviewing) is checked on its
    company, so seeing a diagnostic is never enough to change it."""
    diagnostic = _diagnostic(request, pk)
    permissions.check(request, permission, diagnostic.company)
    return diagnostic


def _flash_form_errors(request, form):
    """A POST-only action's form is not shown again: its errors become flash messages."""
    for errors in form.errors.values():
        for message in errors:
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
            form.add_service_error(error)
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
        status=400 if form.errors else 200,
    )


@permission_required("frameworks.manage")
def framework_import(request, tenant_slug):
    """A shared JSON framework: refused whole when it is too large, not JSON, or wrong anywhere
    (the form lists every problem found and nothing is written)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = services.parse_framework_file(form.cleaned_data["file"].read())
            version = services.import_framework(
                tenant=request.tenant, data=data, actor=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The framework was imported as a draft."))
            return redirect(_url(request, "framework_version", pk=version.pk))
    return render(
        request,
        "diagnostics/framework_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _version(request, pk):
    return get_object_or_404(
        FrameworkVersion.objects.filter(tenant=request.tenant).select_related("framework"), pk=pk
    )


@permission_required("frameworks.manage")
def framework_version(request, tenant_slug, pk):
    version = _version(request, pk)
    themes = list(selectors.version_structure(version=version))
    for theme in themes:
        for criterion in theme.criteria.all():
            criterion.described_levels = _described_levels(criterion)
    return render(
        request,
        "diagnostics/framework_version.html",
        {
            "version": version,
            "themes": themes,
            "levels": version.levels.all(),
            "versions": version.framework.versions.order_by("-number"),
            # Its own ids: the theme's "title" field is not the criterion's (one id per page).
            "theme_form": ThemeForm(auto_id="theme_%s"),
            "criterion_form": CriterionForm(version=version),
            "level_form": LevelForm(),
        },
    )


def _described_levels(criterion):
    """(answer, text) of the answers the criterion gives a text to, for the builder."""
    texts = criterion.level_texts or []
    choices = scoring.choices_for(criterion.scale, criterion.max_points)
    return [(label, text) for (_value, label), text in zip(choices, texts, strict=False) if text]


REMOVABLE = {"remove-theme": Theme, "remove-criterion": Criterion, "remove-level": Level}


@require_POST
@permission_required("frameworks.manage")
def framework_edit(request, tenant_slug, pk, part):
    """Add a theme, a criterion or a level to a draft version, or remove one."""
    version = _version(request, pk)
    forms = {
        "theme": lambda: ThemeForm(request.POST),
        "criterion": lambda: CriterionForm(request.POST, version=version),
        "level": lambda: LevelForm(request.POST),
    }
    if part in REMOVABLE:
        form = RemoveItemForm(request.POST, items=REMOVABLE[part].objects.filter(version=version))
    elif part in forms:
        form = forms[part]()
    else:
        raise Http404
    if not form.is_valid():
        _flash_form_errors(request, form)
        return redirect(_url(request, "framework_version", pk=version.pk))
    data = form.cleaned_data
    try:
        if part in REMOVABLE:
            services.remove_item(version=version, item=data["id"])
        elif part == "theme":
            services.add_theme(version=version, **data)
        elif part == "level":
            services.add_level(version=version, **data)
        else:
            services.add_criterion(**data)
    except ValidationError as error:
        messages.error(request, error_message(error))
    return redirect(_url(request, "framework_version", pk=version.pk))


@require_POST
@permission_required("frameworks.manage")
def framework_publish(request, tenant_slug, pk):
    version = _version(request, pk)
    try:
        services.publish_version(version=version, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
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
        messages.error(request, error_message(error))
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


START_PICKER_LIMIT = 50  # companies in the start form's select; beyond, start from the company


@permission_required("diagnostics.view")
def diagnostic_list(request, tenant_slug):
    companies = selectors.fillable_companies(request)
    versions = selectors.published_versions(tenant=request.tenant)
    may_fill = permissions.may_reach(request, "diagnostics.fill")
    # A programme team reaches every company: it picks one in the register and starts from the
    # company page (which posts here), rather than in a select of 2,000 companies.
    from_register = may_fill and companies.count() > START_PICKER_LIMIT
    if request.method == "POST":
        asked = request.POST.get("company", "")
        chosen = companies.filter(pk=int(asked)) if asked.isdigit() else companies.none()
        campaigns = selectors.campaigns_to_answer(companies=chosen) if may_fill else []
    else:
        campaigns = (
            selectors.campaigns_to_answer(companies=companies)
            if may_fill and not from_register
            else []
        )
    form = StartForm(
        request.POST or None, companies=companies, versions=versions, campaigns=campaigns
    )
    if request.method == "POST" and may_fill and form.is_valid():
        try:
            diagnostic = services.start_diagnostic(
                company=form.cleaned_data["company"],
                version=form.cleaned_data["version"],
                actor=request.user,
                join_campaign=form.cleaned_data.get("join_campaign", False),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect(_url(request, "diagnostic_fill", pk=diagnostic.pk))
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "status", "framework")}
    table = Table(
        request=request,
        queryset=selectors.filter_diagnostics(selectors.visible_diagnostics(request), **filters),
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("framework", _("Framework"), (Natural("version__framework__name"),)),
            Column("started", _("Started"), ("started_at",)),
            Column("submitted", _("Submitted"), ("submitted_at",)),
            Column("score", _("Score"), ("overall_percent",), align="end"),
        ],
        default="-started",
        label=_("self-assessments"),
        target="diagnostic-table",
    )
    context = {
        "table": table,
        "filters": filters,
        "frameworks": Framework.objects.filter(tenant=request.tenant).order_by("name"),
        "statuses": Diagnostic.Status.choices,
    }
    if table.is_swap():
        return render(request, "diagnostics/partials/diagnostic_table.html", context)
    return render(
        request,
        "diagnostics/diagnostic_list.html",
        {
            **context,
            "form": form,
            "may_fill": may_fill,
            "offer_start": may_fill and companies.exists() and versions.exists(),
            "from_register": from_register,
            "exclusions": (
                selectors.exclusions_among(companies=companies)
                if may_fill and not from_register
                else []
            ),
        },
        status=400 if form.errors else 200,
    )


def _row(criterion, answer, saved=False, missing=False):
    """A criterion's card: its answers with what each means (the criterion's level texts)."""
    texts = criterion.level_texts or []
    choices = [
        (value, label, texts[index] if index < len(texts) else "")
        for index, (value, label) in enumerate(
            scoring.choices_for(criterion.scale, criterion.max_points)
        )
    ]
    return {
        "criterion": criterion,
        "answer": answer,
        "choices": choices,
        "has_texts": any(texts),
        "saved": saved,
        "missing": missing,
    }


@permission_required("diagnostics.fill")
def diagnostic_fill(request, tenant_slug, pk):
    diagnostic = _writable(request, pk)
    if diagnostic.is_submitted:
        return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))
    themes = selectors.theme_progress(diagnostic=diagnostic)
    if not themes:
        raise Http404
    wanted = request.GET.get("theme", "")
    position = next((index for index, theme in enumerate(themes) if str(theme.pk) == wanted), 0)
    theme = themes[position]
    # After a refused submission (``?missing=1``): what is left to answer, listed and marked.
    missing = []
    if "missing" in request.GET:
        missing = list(selectors.missing_criteria(diagnostic=diagnostic))
    missing_ids = {criterion.pk for criterion in missing}
    return render(
        request,
        "diagnostics/diagnostic_fill.html",
        {
            "diagnostic": diagnostic,
            "themes": themes,
            "theme": theme,
            "position": position + 1,
            "previous_theme": themes[position - 1] if position else None,
            "next_theme": themes[position + 1] if position + 1 < len(themes) else None,
            "rows": [
                _row(criterion, answer, missing=criterion.pk in missing_ids)
                for criterion, answer in selectors.theme_page(diagnostic=diagnostic, theme=theme)
            ],
            "missing": missing,
            "progress": selectors.progress(diagnostic=diagnostic),
            "exclusion": company_selectors.active_exclusion(company=diagnostic.company),
        },
    )


def _criterion(diagnostic, criterion_pk):
    return get_object_or_404(
        Criterion.objects.filter(version_id=diagnostic.version_id).select_related("theme"),
        pk=criterion_pk,
    )


def _answer_refused(message):
    """The criterion's status says why (diagnostics.js lets htmx swap it in); the message may
    quote a company's name or an exclusion's reason, so it is escaped."""
    return HttpResponse(format_html('<span class="text-danger">{}</span>', message), status=400)


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_answer(request, tenant_slug, pk, criterion_pk):
    """Autosave of one criterion (htmx): answers the criterion's status, and the progress bar
    and the theme stepper's counts out of band, so no counter is stale until a reload."""
    diagnostic = _writable(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _answer_refused(" ".join(m for ms in form.errors.values() for m in ms))
    try:
        answer = services.save_answer(
            diagnostic=diagnostic, criterion=criterion, actor=request.user, **form.changes()
        )
    except ValidationError as error:
        return _answer_refused(error_message(error))
    if not request.htmx:
        return redirect(
            _url(request, "diagnostic_fill", pk=diagnostic.pk)
            + f"?theme={criterion.theme_id}#criterion-{criterion.pk}"
        )
    return render(
        request,
        "diagnostics/partials/criterion_saved.html",
        {
            "diagnostic": diagnostic,
            "row": _row(criterion, answer, saved=True),
            "progress": selectors.progress(diagnostic=diagnostic),
            "themes": selectors.theme_progress(diagnostic=diagnostic),
            "theme": criterion.theme,
        },
    )


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_evidence(request, tenant_slug, pk, criterion_pk):
    diagnostic = _writable(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    form = EvidenceForm(
        request.POST,
        request.FILES,
        instance=Answer(tenant=diagnostic.tenant, diagnostic=diagnostic, criterion=criterion),
    )
    if form.is_valid():
        try:
            services.attach_evidence(
                diagnostic=diagnostic,
                criterion=criterion,
                upload=form.cleaned_data["evidence"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("The evidence was attached."))
    else:
        _flash_form_errors(request, form)
    return redirect(
        _url(request, "diagnostic_fill", pk=diagnostic.pk)
        + f"?theme={criterion.theme_id}#criterion-{criterion.pk}"
    )


@file_view
@permission_required("diagnostics.view")
def evidence_download(request, tenant_slug, pk, criterion_pk):
    """Evidence leaves only through here, to people who may open the company, under the name it
    was uploaded with."""
    diagnostic = _diagnostic(request, pk)
    # Through the criterion's own key: a number out of the database's range then finds nothing.
    answer = get_object_or_404(diagnostic.answers.exclude(evidence=""), criterion__pk=criterion_pk)
    return serve(request, answer.evidence, filename=answer.evidence_name)


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_submit(request, tenant_slug, pk):
    diagnostic = _writable(request, pk)
    try:
        services.submit_diagnostic(diagnostic=diagnostic, actor=request.user)
    except ValidationError as error:
        missing = list(selectors.missing_criteria(diagnostic=diagnostic)[:1])
        if not missing:
            messages.error(request, error_message(error))
            return redirect(_url(request, "diagnostic_fill", pk=diagnostic.pk))
        # The fill page lists what is left (linked), on the theme of the first one.
        return redirect(
            _url(request, "diagnostic_fill", pk=diagnostic.pk)
            + f"?theme={missing[0].theme_id}&missing=1#missing"
        )
    messages.success(request, _("The self-assessment is submitted."))
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


@permission_required("diagnostics.view")
def diagnostic_results(request, tenant_slug, pk):
    diagnostic = _diagnostic(request, pk)
    context = selectors.results_context(diagnostic=diagnostic)
    context.update(
        {
            "answers": selectors.scored_answers(diagnostic=diagnostic),
            "report": reports.latest_report(diagnostic=diagnostic, language=get_language()),
            "action_target": registry.action_target() is not None,
            "plan_builder": registry.plan_builder() is not None,
            "may_fill": permissions.can(request, "diagnostics.fill", diagnostic.company),
            "may_review": permissions.can(request, "diagnostics.review", diagnostic.company),
            "review_form": ReviewForm(instance=diagnostic),
        }
    )
    return render(request, "diagnostics/diagnostic_results.html", context)


@require_POST
@permission_required("diagnostics.review")
def diagnostic_annotate(request, tenant_slug, pk, criterion_pk):
    diagnostic = _writable(request, pk, "diagnostics.review")
    criterion = _criterion(diagnostic, criterion_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.annotate(
            diagnostic=diagnostic,
            criterion=criterion,
            note=form.cleaned_data["consultant_note"],
            actor=request.user,
        )
        messages.success(request, _("Your note was saved."))
    else:
        _flash_form_errors(request, form)
    return redirect(
        _url(request, "diagnostic_results", pk=diagnostic.pk) + f"#answer-{criterion.pk}"
    )


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_action(request, tenant_slug, pk, criterion_pk):
    diagnostic = _writable(request, pk)
    criterion = _criterion(diagnostic, criterion_pk)
    answer = services.answer_row(diagnostic=diagnostic, criterion=criterion)
    try:
        services.create_action_from_criterion(answer=answer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("“%(criterion)s” was added to the action plan.") % {"criterion": criterion.title},
        )
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


@require_POST
@permission_required("diagnostics.fill")
def diagnostic_build_plan(request, tenant_slug, pk):
    """The button "build my plan from my weakest themes": a draft action plan from this submitted
    self-assessment, through the core's plan builder (the action plans app)."""
    diagnostic = _writable(request, pk)
    builder = registry.plan_builder()
    if builder is None:
        raise Http404
    try:
        plan = builder(company=diagnostic.company, assessment_pk=diagnostic.pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
        return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))
    messages.success(request, _("A draft action plan is ready: check its actions, then start it."))
    return redirect(plan.get_absolute_url())


@require_POST
@permission_required("diagnostics.view")
def diagnostic_report(request, tenant_slug, pk):
    """Ask for the PDF report, in the language of the person asking; whoever may open the
    diagnostic may ask, follow and download it (the core's document views check it again)."""
    diagnostic = _diagnostic(request, pk)
    try:
        report = services.request_report(
            diagnostic=diagnostic, actor=request.user, language=get_language()
        )
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(error_message(error), status=400)
        messages.error(request, error_message(error))
        return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))
    if request.htmx:
        report.refresh_from_db()  # without a broker the worker has already run
        return render(request, "files/partials/document_status.html", {"document": report})
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk) + "#report")


@require_POST
@permission_required("diagnostics.review")
def diagnostic_review(request, tenant_slug, pk):
    diagnostic = _writable(request, pk, "diagnostics.review")
    form = ReviewForm(request.POST, instance=diagnostic)
    if form.is_valid():
        services.review(
            diagnostic=diagnostic, note=form.cleaned_data["review_note"], actor=request.user
        )
        messages.success(request, _("Your review was saved."))
    else:
        _flash_form_errors(request, form)
    return redirect(_url(request, "diagnostic_results", pk=diagnostic.pk))


# --- Campaigns ----------------------------------------------------------------------------------


def _recipients(request, form_or_data):
    """The companies the campaign form's filters choose: (eligible, excluded count)."""
    filters = (
        form_or_data.register_filters()
        if hasattr(form_or_data, "register_filters")
        else form_or_data
    )
    visible = company_selectors.visible_companies(request)
    return company_selectors.split_excluded(
        company_selectors.register(companies=visible, **filters)
    )


@permission_required("campaigns.manage")
def campaign_list(request, tenant_slug):
    versions = selectors.published_versions(tenant=request.tenant)
    if request.htmx and request.htmx.target == "recipient-count":
        preview = CampaignForm(request.GET, versions=versions)
        preview.is_valid()  # only the recipient filters are read; they are all optional
        eligible, excluded = _recipients(request, preview)
        return render(
            request,
            "diagnostics/partials/recipient_count.html",
            {"count": eligible.count(), "excluded": excluded},
        )
    form = CampaignForm(request.POST or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        eligible, _excluded = _recipients(request, form)
        if not eligible.exists():
            form.add_error(None, _("No company in good standing matches these filters."))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(
                tenant=request.tenant,
                actor=request.user,
                companies=eligible,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The campaign is sent."))
            return redirect(_url(request, "campaign_detail", pk=campaign.pk))
    table = Table(
        request=request,
        queryset=selectors.campaigns(tenant=request.tenant),
        columns=[
            Column("title", _("Campaign"), (Natural("title"),)),
            Column("deadline", _("Deadline"), ("deadline",)),
            Column("responses", _("Responses"), ("responded",), align="end"),
        ],
        default="-deadline",
        label=_("campaigns"),
        target="campaign-table",
    )
    if table.is_swap():
        return render(request, "diagnostics/partials/campaign_table.html", {"table": table})
    eligible, excluded = _recipients(request, form if form.is_bound else {})
    return render(
        request,
        "diagnostics/campaign_list.html",
        {"table": table, "form": form, "count": eligible.count(), "excluded": excluded},
        status=400 if form.errors else 200,
    )


def _campaign(request, pk):
    return get_object_or_404(
        Campaign.objects.filter(tenant=request.tenant).select_related("version__framework"),
        pk=pk,
    )


RECIPIENT_STATE_CHOICES = [
    ("submitted", _lazy("Submitted")),
    ("started", _lazy("In progress")),
    ("waiting", _lazy("Not started")),
]


@permission_required("campaigns.manage")
def campaign_detail(request, tenant_slug, pk):
    campaign = _campaign(request, pk)
    state = request.GET.get("state", "")
    table = Table(
        request=request,
        queryset=selectors.invited_companies(campaign=campaign, state=state),
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("state", _("Status"), ("state",)),
            Column("score", _("Score"), ("submitted_overall",), align="end"),
        ],
        default="company",
        label=_("invited companies"),
        target="recipient-table",
    )
    context = {"campaign": campaign, "table": table, "state": state}
    context["states"] = RECIPIENT_STATE_CHOICES
    if table.is_swap():
        return render(request, "diagnostics/partials/recipient_table.html", context)
    context["aggregate"] = selectors.campaign_aggregate(campaign=campaign)
    context["document"] = exports.latest_campaign_export(campaign=campaign, language=get_language())
    return render(request, "diagnostics/campaign_detail.html", context)


@require_POST
@permission_required("campaigns.manage")
def campaign_export(request, tenant_slug, pk):
    """Ask the worker for the campaign's workbook; the campaign page follows it with the core's
    status partial until it can be downloaded."""
    campaign = _campaign(request, pk)
    document = file_services.request_document(
        kind=exports.CAMPAIGN_EXPORT, subject=campaign, user=request.user, language=get_language()
    )
    if request.htmx:
        document.refresh_from_db()  # without a broker the worker has already run
        return render(request, "files/partials/document_status.html", {"document": document})
    return redirect(_url(request, "campaign_detail", pk=campaign.pk) + "#export")
