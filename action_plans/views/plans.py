"""Plans, their actions board, indicators and settings: thin views over services and selectors.

A plan is reached through its company (``plans.view``: whoever may open the company); writing
(``plans.edit``) is checked on the company too, so seeing a plan is never enough to change it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Company
from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table

from .. import selectors, services
from ..forms.plans import (
    ActionForm,
    ActionTypeForm,
    AttachmentForm,
    CommentForm,
    IndicatorForm,
    MeasurementForm,
    MoveForm,
    PlanCreateForm,
    PlanForm,
    PlanSettingsForm,
    WeakestThemesForm,
)
from ..models import Action, ActionAttachment, ActionType, Indicator, Meeting, Plan, PlanSettings

BOARD = "plan-board"  # the element htmx swaps with the board or the table
STATUS_ORDER = Case(
    *(When(status=status, then=Value(index)) for index, status in enumerate(Action.Status)),
    output_field=IntegerField(),
)


# --- Reaching plans and what they hold ----------------------------------------------------------


def _plans(request):
    return permissions.visible(request, "plans.view", Plan.objects.all())


def _plan(request, pk):
    """A plan of a company the person may not open answers 404, like a missing one."""
    return get_object_or_404(_plans(request).select_related("company", "tenant"), pk=pk)


def _editable(request, plan):
    permissions.check(request, "plans.edit", plan.company)
    return plan


def _action(request, pk):
    return get_object_or_404(
        Action.objects.filter(plan__in=_plans(request).values("pk")).select_related(
            "plan__company", "plan__tenant", "owner__user", "action_type"
        ),
        pk=pk,
    )


def _indicator(request, pk):
    return get_object_or_404(
        Indicator.objects.filter(plan__in=_plans(request).values("pk")).select_related(
            "plan__company", "plan__tenant"
        ),
        pk=pk,
    )


def _may_edit(request, plan):
    return plan.status != Plan.Status.CLOSED and permissions.can(
        request, "plans.edit", plan.company
    )


def _themes(request):
    reader = registry.assessment_reader()
    return reader.theme_names(tenant=request.tenant) if reader else []


def _limit(request):
    return selectors.plan_settings(tenant=request.tenant).max_priority_themes


# --- The list -----------------------------------------------------------------------------------


@permission_required("plans.view")
def plan_list(request, tenant_slug):
    """The programme team's and consultants' plans; a company member goes to their own."""
    if not permissions.can(request, "plans.view"):
        own = (
            permissions.visible(request, "companies.own", Company.objects.all())
            .order_by("name", "pk")
            .first()
        )
        if own is not None:
            plan = selectors.current_plan(company=own)
            if plan is not None:
                return redirect(plan.get_absolute_url())
            return redirect(_url(request, "plan_create", company_pk=own.pk))
    filters = {key: request.GET.get(key, "").strip() for key in ("query", "status")}
    plans = selectors.plans_with_progress(_plans(request).select_related("company"))
    if filters["status"] in Plan.Status.values:
        plans = plans.filter(status=filters["status"])
    if filters["query"]:
        plans = plans.filter(
            Q(company__name__icontains=filters["query"]) | Q(title__icontains=filters["query"])
        )
    plans = plans.annotate(
        progress_value=Case(
            When(actions_total=0, then=Value(0.0)),
            default=Cast(F("actions_done"), FloatField()) * 100 / F("actions_total"),
            output_field=FloatField(),
        )
    )
    table = Table(
        request=request,
        queryset=plans,
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("title", _("Plan"), (Natural("title"),)),
            Column("status", _("Status"), ("status",)),
            Column("starts", _("Starts on"), ("starts_on",)),
            Column("horizon", _("Horizon"), ("horizon_months",), align="end"),
            Column("progress", _("Progress"), ("progress_value",), align="end"),
            Column("overdue", _("Overdue"), ("actions_overdue",), align="end"),
        ],
        default="company",
        label=_("action plans"),
        target="plan-table",
    )
    for plan in table.rows:
        plan.progress = selectors.progress_percent(plan)
    context = {"table": table, "filters": filters, "statuses": Plan.Status.choices}
    if table.is_swap():
        return render(request, "action_plans/plans/partials/plan_table.html", context)
    return render(request, "action_plans/plans/plan_list.html", context)


# --- Settings: the theme limit and the tenant's action types ------------------------------------


@permission_required("plans.manage")
def plan_settings(request, tenant_slug):
    current = PlanSettings.objects.filter(tenant=request.tenant).first() or PlanSettings(
        tenant=request.tenant
    )
    op = request.POST.get("op", "")
    settings_form = PlanSettingsForm(
        request.POST if op == "settings" else None, instance=current, prefix="settings"
    )
    type_form = ActionTypeForm(request.POST if op == "add" else None, prefix="type")
    rename_error = None
    if request.method == "POST":
        try:
            done = _settings_change(request, op, settings_form, type_form)
        except ValidationError as error:
            form = {"settings": settings_form, "add": type_form}.get(op)
            if form is not None:
                form.add_service_error(error)
            else:
                rename_error = (request.POST.get("type", ""), error_message(error))
            done = None
        if done:
            messages.success(request, done)
            return redirect(_url(request, "plan_settings"))
    failed = bool(settings_form.errors or type_form.errors or rename_error)
    return render(
        request,
        "action_plans/plans/plan_settings.html",
        {
            "settings_form": settings_form,
            "type_form": type_form,
            "action_types": ActionType.objects.annotate(uses=Count("actions")).order_by(
                "order", "name"
            ),
            "rename_error": rename_error,
        },
        status=400 if failed else 200,
    )


def _settings_change(request, op, settings_form, type_form):
    """Apply one change of the settings page; the success message, or None when the form
    has errors (``ValidationError`` from the services goes up)."""
    if op == "settings":
        if not settings_form.is_valid():
            return None
        services.save_plan_settings(
            tenant=request.tenant,
            max_priority_themes=settings_form.cleaned_data["max_priority_themes"],
            actor=request.user,
        )
        return _("The settings are saved.")
    if op == "add":
        if not type_form.is_valid():
            return None
        services.add_action_type(
            tenant=request.tenant, name=type_form.cleaned_data["name"], actor=request.user
        )
        return _("The type of action is added.")
    if op not in {"rename", "up", "down", "archive", "restore"}:
        return None
    asked = request.POST.get("type", "")
    action_type = get_object_or_404(ActionType.objects.all(), pk=asked if asked.isdigit() else 0)
    if op == "rename":
        services.rename_action_type(
            action_type=action_type, name=request.POST.get("name", ""), actor=request.user
        )
        return _("The type of action is renamed.")
    if op in {"up", "down"}:
        services.move_action_type(action_type=action_type, offset=-1 if op == "up" else 1)
        return _("The list is reordered.")
    services.archive_action_type(
        action_type=action_type, archived=op == "archive", actor=request.user
    )
    if op == "archive":
        return _("The type is archived: new actions no longer offer it.")
    return _("The type is offered again.")


# --- Creating, reading, editing, starting a plan ------------------------------------------------


@permission_required("plans.edit")
def plan_create(request, tenant_slug, company_pk):
    company = get_visible_or_404(request, "plans.edit", Company.objects.all(), pk=company_pk)
    reader = registry.assessment_reader()
    assessments = reader.submitted(company=company) if reader else []
    limit = _limit(request)
    op = request.POST.get("op", "")
    form = PlanCreateForm(
        request.POST if op == "plan" else None,
        assessments=assessments,
        themes=_themes(request),
        limit=limit,
    )
    weakest = WeakestThemesForm(request.POST if op == "weakest" else None, assessments=assessments)
    if op == "plan" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                company=company,
                title=data["title"],
                horizon_months=data["horizon_months"],
                starts_on=data["starts_on"],
                priority_themes=data.get("priority_themes", []),
                assessment_pk=form.assessment_pk(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan is created as a draft: add its actions."))
            return redirect(plan.get_absolute_url())
    if op == "weakest" and weakest.is_valid():
        try:
            plan = services.draft_plan_from_weakest_themes(
                company=company,
                assessment_pk=weakest.cleaned_data["assessment"],
                actor=request.user,
            )
        except ValidationError as error:
            weakest.add_service_error(error)
        else:
            messages.success(request, _("A draft plan is ready: check its actions, then start it."))
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "action_plans/plans/plan_create.html",
        {
            "company": company,
            "form": form,
            "weakest": weakest if assessments else None,
            "limit": limit,
            "previous_plans": Plan.objects.filter(company=company).order_by("-created_at"),
            "current": selectors.current_plan(company=company),
        },
        status=400 if form.errors or weakest.errors else 200,
    )


@permission_required("plans.view")
def plan_detail(request, tenant_slug, pk):
    plan = get_object_or_404(
        selectors.plans_with_progress(_plans(request).select_related("company", "tenant")), pk=pk
    )
    counts = dict.fromkeys(Action.Status.values, 0)
    for row in plan.actions.values("status").annotate(count=Count("id")):
        counts[row["status"]] = row["count"]
    indicators = selectors.indicators_with_series(plan=plan)
    for indicator in indicators:
        indicator.chart = _chart(indicator, width=160, height=40, small=True)
    return render(
        request,
        "action_plans/plans/plan_detail.html",
        {
            "plan": plan,
            "progress": selectors.progress_percent(plan),
            "columns": [(status, label, counts[status]) for status, label in Action.Status.choices],
            "deadlines": list(
                plan.actions.filter(status__in=Action.OPEN, due_on__isnull=False)
                .select_related("owner__user")
                .order_by("due_on", "pk")[:5]
            ),
            "indicators": indicators,
            "reviews": selectors.reviews_of(plan=plan),
            "meetings": _meetings(plan),
            "source_url": _source_url(request, plan),
            "may_edit": _may_edit(request, plan),
            "today": _today(),
        },
    )


def _today():
    return timezone.localdate()


def _meetings(plan):
    """The follow-up meetings of the company's missions for this plan (or for no plan in
    particular), the latest first, in one query."""
    return list(
        Meeting.objects.filter(mission__company=plan.company)
        .filter(Q(mission__plan=plan) | Q(mission__plan__isnull=True))
        .select_related("mission__consultant")
        .order_by("-held_on", "-id")[:50]
    )


def _source_url(request, plan):
    """The results page of the self-assessment the plan started from (one query)."""
    reader = registry.assessment_reader()
    if reader is None or not plan.source_assessment_id:
        return ""
    for assessment in reader.submitted(company=plan.company):
        if assessment.pk == plan.source_assessment_id and assessment.url_name:
            return _url(request, assessment.url_name, pk=assessment.pk)
    return ""


@permission_required("plans.edit")
def plan_edit(request, tenant_slug, pk):
    plan = _editable(request, _plan(request, pk))
    form = PlanForm(
        request.POST or None,
        initial={
            "title": plan.title,
            "horizon_months": plan.horizon_months,
            "starts_on": plan.starts_on,
            "priority_themes": plan.priority_themes,
        },
        themes=list(dict.fromkeys([*_themes(request), *plan.priority_themes])),
        limit=_limit(request),
        horizon=plan.horizon_months,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_plan(
                plan=plan,
                title=data["title"],
                horizon_months=data["horizon_months"],
                starts_on=data["starts_on"],
                priority_themes=data.get("priority_themes", []),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "action_plans/plans/plan_form.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("plans.edit")
def plan_start(request, tenant_slug, pk):
    plan = _editable(request, _plan(request, pk))
    try:
        services.start_plan(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("The plan is started: its actions are now followed."))
    return redirect(plan.get_absolute_url())


# --- The board and the table of actions ---------------------------------------------------------


def _moves(action):
    """The statuses an action may go to from its own, in the board's order."""
    allowed = services.TRANSITIONS[Action.Status(action.status)]
    return [(status.value, status.label) for status in Action.Status if status in allowed]


def _board_context(request, plan, *, view="board", error="", reason_for=None, moved=None):
    may_edit = _may_edit(request, plan)
    context = {
        "plan": plan,
        "view": view,
        "may_edit": may_edit,
        "error": error,
        "reason_for": reason_for,
        "moved": moved,
        "today": _today(),
    }
    if view == "table":
        context["table"] = Table(
            request=request,
            queryset=plan.actions.select_related("owner__user", "action_type"),
            columns=[
                Column("title", _("Action"), (Natural("title"),)),
                Column("status", _("Status"), (STATUS_ORDER,)),
                Column("owner", _("Owner"), (Natural("owner__user__last_name"),)),
                Column("due", _("Due on"), ("due_on",)),
                Column("priority", _("Priority"), ("priority",)),
                Column("progress", _("Progress"), ("progress",), align="end"),
            ],
            default="status",
            tiebreak=("position", "pk"),
            label=_("actions"),
            target=BOARD,
        )
        return context
    columns = []
    for status, actions in selectors.board(plan=plan).items():
        for action in actions:
            action.moves = _moves(action)
        columns.append({"status": status.value, "label": status.label, "actions": actions})
    context["columns"] = columns
    return context


def _board_response(request, plan, status=200, **kwargs):
    view = "table" if request.GET.get("view") == "table" else "board"
    context = _board_context(request, plan, view=view, **kwargs)
    if request.htmx and request.htmx.target == BOARD:
        return render(request, "action_plans/plans/partials/board.html", context, status=status)
    return render(request, "action_plans/plans/plan_board.html", context, status=status)


@permission_required("plans.view")
def plan_board(request, tenant_slug, pk):
    return _board_response(request, _plan(request, pk))


@require_POST
@permission_required("plans.edit")
def action_move(request, tenant_slug, pk):
    """A card moved on the board (drag and drop, or its "Move to" menu): the board comes back
    with the move announced, or with why it was refused (nothing written)."""
    action = _action(request, pk)
    plan = _editable(request, action.plan)
    form = MoveForm(request.POST)
    from_detail = request.POST.get("next") == "detail"
    try:
        if not form.is_valid():
            raise ValidationError([m for ms in form.errors.values() for m in ms])
        moved = services.move_action(
            action=action,
            status=form.cleaned_data["status"],
            position=form.cleaned_data["position"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ValidationError as error:
        reason_for = action.pk if getattr(error, "code", "") == "reason_required" else None
        if from_detail and not request.htmx:
            return _action_page(request, action, move_error=error_message(error), status=400)
        return _board_response(
            request, plan, status=400, error=error_message(error), reason_for=reason_for
        )
    announcement = _("“%(action)s” moved to “%(status)s”.") % {
        "action": moved.title,
        "status": moved.get_status_display(),
    }
    if request.htmx:
        return _board_response(request, plan, moved=(moved.pk, announcement))
    messages.success(request, announcement)
    if from_detail:
        return redirect(_url(request, "action_detail", pk=moved.pk))
    return redirect(_url(request, "plan_board", pk=plan.pk))


# --- One action ---------------------------------------------------------------------------------


@permission_required("plans.edit")
def action_create(request, tenant_slug, pk):
    plan = _editable(request, _plan(request, pk))
    form = ActionForm(request.POST or None, plan=plan, themes=_themes(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(
                plan=plan,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The action is added to the plan."))
            if "another" in request.POST:
                return redirect(_url(request, "action_create", pk=plan.pk))
            return redirect(_url(request, "plan_board", pk=plan.pk))
    return render(
        request,
        "action_plans/plans/action_form.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


def _action_page(request, action, *, form=None, comment_form=None, attach_form=None, **extra):
    status = extra.pop("status", 200)
    plan = action.plan
    may_edit = _may_edit(request, plan)
    if form is None and may_edit:
        form = ActionForm(instance=action, plan=plan, themes=_themes(request))
    action.moves = _moves(action)
    return render(
        request,
        "action_plans/plans/action_detail.html",
        {
            "plan": plan,
            "action": action,
            "form": form,
            "may_edit": may_edit,
            "comments": action.comments.select_related("author"),
            "attachments": action.attachments.select_related("uploaded_by"),
            "comment_form": comment_form or CommentForm(),
            "attach_form": attach_form or AttachmentForm(),
            **extra,
        },
        status=status,
    )


@permission_required("plans.view")
def action_detail(request, tenant_slug, pk):
    action = _action(request, pk)
    if request.method != "POST":
        return _action_page(request, action)
    _editable(request, action.plan)
    form = ActionForm(request.POST, instance=action, plan=action.plan, themes=_themes(request))
    if form.is_valid():
        try:
            services.update_action(
                action=action,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(_url(request, "action_detail", pk=action.pk))
    action.refresh_from_db()  # the form changed the instance; the page shows what is stored
    return _action_page(request, action, form=form, status=400)


@require_POST
@permission_required("plans.edit")
def action_comment(request, tenant_slug, pk):
    action = _action(request, pk)
    _editable(request, action.plan)
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            comment = services.comment_action(
                action=action, body=form.cleaned_data["body"], actor=request.user
            )
        except ValidationError as exc:
            error = error_message(exc)
    else:
        error = " ".join(m for ms in form.errors.values() for m in ms)
    if request.htmx:
        if error:
            response = render(
                request,
                "action_plans/plans/partials/comment_error.html",
                {"error": error},
                status=400,
            )
            response["HX-Retarget"] = "#comment-error"
            response["HX-Reswap"] = "innerHTML"
            return response
        return render(request, "action_plans/plans/partials/comment.html", {"comment": comment})
    if error:
        if not form.errors:
            form.add_error("body", error)
        return _action_page(request, action, comment_form=form, status=400)
    messages.success(request, _("Your comment is added."))
    return redirect(_url(request, "action_detail", pk=action.pk) + "#comments")


@require_POST
@permission_required("plans.edit")
def action_attach(request, tenant_slug, pk):
    action = _action(request, pk)
    _editable(request, action.plan)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_to_action(
                action=action, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect(_url(request, "action_detail", pk=action.pk) + "#attachments")
    return _action_page(request, action, attach_form=form, status=400)


@file_view
@permission_required("plans.view")
def attachment_download(request, tenant_slug, pk):
    """An action's document leaves only through here, to the people who may open its plan."""
    attachment = get_object_or_404(
        ActionAttachment.objects.filter(action__plan__in=_plans(request).values("pk")), pk=pk
    )
    return serve(request, attachment.file, filename=attachment.name, inline=True)


# --- Indicators ---------------------------------------------------------------------------------


@permission_required("plans.edit")
def indicator_create(request, tenant_slug, pk):
    plan = _editable(request, _plan(request, pk))
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            indicator = services.add_indicator(
                plan=plan, label=data.pop("label"), actor=request.user, **data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The indicator is added: record its measurements here."))
            return redirect(_url(request, "indicator_detail", pk=indicator.pk))
    return render(
        request,
        "action_plans/plans/indicator_form.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required("plans.view")
def indicator_detail(request, tenant_slug, pk):
    indicator = _indicator(request, pk)
    plan = indicator.plan
    op = request.POST.get("op", "") if request.method == "POST" else ""
    if op:
        _editable(request, plan)
    measure_form = MeasurementForm(request.POST if op == "measure" else None)
    edit_form = IndicatorForm(request.POST if op == "edit" else None, instance=indicator)
    if op == "measure" and measure_form.is_valid():
        data = measure_form.cleaned_data
        try:
            services.record_measurement(
                indicator=indicator,
                measured_on=data["measured_on"],
                value=data["value"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            measure_form.add_service_error(error)
        else:
            messages.success(request, _("The measurement is recorded."))
            return redirect(_url(request, "indicator_detail", pk=indicator.pk))
    if op == "edit" and edit_form.is_valid():
        data = dict(edit_form.cleaned_data)
        indicator.refresh_from_db()
        try:
            services.update_indicator(indicator=indicator, actor=request.user, **data)
        except ValidationError as error:
            edit_form.add_service_error(error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect(_url(request, "indicator_detail", pk=indicator.pk))
    if edit_form.errors:
        indicator.refresh_from_db()
    indicator = next(
        item for item in selectors.indicators_with_series(plan=plan) if item.pk == indicator.pk
    )
    return render(
        request,
        "action_plans/plans/indicator_detail.html",
        {
            "plan": plan,
            "indicator": indicator,
            "chart": _chart(indicator),
            "measure_form": measure_form,
            "edit_form": edit_form,
            "may_edit": _may_edit(request, plan),
        },
        status=400 if measure_form.errors or edit_form.errors else 200,
    )


def _chart(indicator, *, width=640, height=240, small=False):
    """Coordinates of the measured series against the target, for an inline SVG: the baseline
    and the measurements as one line, the target as a point (and a dashed line to it)."""
    measured = [(m.measured_on, m.value) for m in indicator.series]
    has_baseline = indicator.baseline is not None and indicator.baseline_on
    if has_baseline and (not measured or indicator.baseline_on < measured[0][0]):
        measured.insert(0, (indicator.baseline_on, indicator.baseline))
    target = (
        (indicator.target_on, indicator.target)
        if indicator.target is not None and indicator.target_on
        else None
    )
    points = measured + ([target] if target else [])
    if not points:
        return None
    pad_x, pad_top, pad_bottom = (4, 4, 4) if small else (48, 16, 28)
    dates = [day for day, _value in points]
    values = [float(value) for _day, value in points]
    if indicator.target is not None:
        values.append(float(indicator.target))
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.1
    low, high = low - margin, high + margin

    def x(day):
        if first == last:
            return width / 2
        return pad_x + (day - first).days / span * (width - 2 * pad_x)

    def y(value):
        return pad_top + (high - float(value)) / (high - low) * (height - pad_top - pad_bottom)

    def point(day, value):
        return {"x": f"{x(day):.1f}", "y": f"{y(value):.1f}", "day": day, "value": value}

    line = [point(day, value) for day, value in measured]
    chart = {
        "width": width,
        "height": height,
        "line": " ".join(f"{p['x']},{p['y']}" for p in line),
        "points": line,
        "target": point(*target) if target else None,
        "target_y": f"{y(indicator.target):.1f}" if indicator.target is not None else None,
        "bottom": height - pad_bottom,
        "left": pad_x,
        "right": width - pad_x,
    }
    if target and line:
        end, goal = line[-1], chart["target"]
        chart["to_target"] = f"{end['x']},{end['y']} {goal['x']},{goal['y']}"
    if not small:
        chart["ticks"] = [
            {"y": f"{y(value):.1f}", "value": value}
            for value in (low + margin, (low + high) / 2, high - margin)
        ]
        chart["first"], chart["last"] = first, last
        chart["first_x"] = f"{pad_x:.1f}"
        chart["last_x"] = f"{width - pad_x:.1f}"
    return chart
