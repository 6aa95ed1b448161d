"""The programme team's label pages: labels and their waves, the jury's assignments, the moves
of an application, the deliberation and decision, the certificate. Thin views over the services
and selectors; every object is reached through ``labels.manage`` (another tenant's is a 404).

The application page itself belongs to the companies' views: it includes this module's panel
(``_application_panel.html``, context from ``application_panel_context``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext, ngettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.tenants import permissions, registry
from rse_platform.tenants import selectors as tenant_selectors
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.roles import Role
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table, head_and_count

from .. import certificates, rules, selectors, services
from ..forms.manage import (
    AuditorForm,
    DeliberationForm,
    JurorForm,
    LabelForm,
    MoveForm,
    PartFormSet,
    WaveForm,
    WithdrawCertificateForm,
)
from ..models import (
    Application,
    AuditReport,
    Certificate,
    ConflictDeclaration,
    Decision,
    JurorAssignment,
    Label,
    ScoredPart,
    Wave,
)

S = Application.Status
MANAGE = "labels.manage"


# --- Reaching labels, waves and applications ----------------------------------------------------


def _label(request, pk):
    return get_visible_or_404(request, MANAGE, Label.objects.all(), pk=pk)


def _wave(request, pk):
    return get_visible_or_404(request, MANAGE, Wave.objects.select_related("label"), pk=pk)


def _application(request, pk):
    return get_visible_or_404(
        request,
        MANAGE,
        Application.objects.select_related("wave__label", "company", "decision", "auditor"),
        pk=pk,
    )


def _detail_url(request, application):
    return _url(request, "application_detail", pk=application.pk)


def _people(request, role):
    return (
        tenant_selectors.people_with_role(tenant=request.tenant, role=role)
        .filter(is_active=True)
        .order_by("last_name", "first_name", "email")
    )


def _grids(request, *keep):
    """The published grids a label may use, plus the ones ``keep`` names (a label keeps its grid
    when a newer version is published)."""
    reader = registry.grid_reader()
    if reader is None:
        return []
    grids = list(reader.versions(tenant=request.tenant))
    known = {pk for pk, _name in grids}
    for pk in keep:
        if pk and pk not in known:
            grids.append((pk, reader.name(tenant=request.tenant, version_id=pk) or f"#{pk}"))
    return grids


# --- The moves the programme team makes ---------------------------------------------------------


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    reason_required: bool


# Moves that have a page or a service of their own: the company submits, the deliberation
# decides, the certify button certifies.
OWN_SERVICE = {S.SUBMITTED, S.DECIDED, S.CERTIFIED}
OWN_SERVICE_MESSAGES = {
    S.SUBMITTED: gettext_lazy("The company submits its application from its page."),
    S.DECIDED: gettext_lazy("Record the decision from the deliberation page."),
    S.CERTIFIED: gettext_lazy("Issue the certificate with its button, once the label is granted."),
}
MOVE_LABELS = {
    S.DRAFT: gettext_lazy("Return it to the company to complete"),
    S.ELIGIBILITY_CHECKED: gettext_lazy("Eligibility checked"),
    S.AUDIT: gettext_lazy("Send it to the audit"),
    S.JURY: gettext_lazy("Send it to the jury"),
    S.WITHDRAWN: gettext_lazy("Withdraw it"),
}


def manager_moves(application):
    """The moves ``services.TRANSITIONS`` lets the programme team make from the application's
    status, in the table's order."""
    moves = []
    for (source, target), roles in services.TRANSITIONS.items():
        if source != application.status or services.MANAGER not in roles or target in OWN_SERVICE:
            continue
        if source == S.DECIDED and target == S.JURY:
            decision = application.decision
            if decision is None or decision.outcome != Decision.Outcome.DEFERRED:
                continue
            label = _("Send it back to the jury (deferred)")
        else:
            label = MOVE_LABELS.get(target, S(target).label)
        moves.append(Move(target, label, (source, target) in services.REASON_REQUIRED))
    return moves


def application_panel_context(request, application):
    """The programme team's panel on the application page: its moves, its eligibility while it
    is checked, its auditor and jurors, the way to the deliberation and the certificate."""
    label = application.wave.label
    moves = manager_moves(application)
    sources = set(ScoredPart.objects.filter(label=label).values_list("source", flat=True))
    undecided = application.status in services.UNDECIDED
    decision = application.decision
    eligibility = None
    if application.status == S.SUBMITTED:
        ok, reasons = selectors.eligibility(label=label, company=application.company)
        eligibility = {"ok": ok, "reasons": reasons}
    return {
        "manage_panel": {
            "application": application,
            "moves": moves,
            "move_form": MoveForm(moves=moves, prefix="move") if moves else None,
            "eligibility": eligibility,
            "has_audit": ScoredPart.Source.AUDIT in sources,
            "has_jury": ScoredPart.Source.JURY in sources,
            "may_assign": undecided,
            "assignments": list(
                JurorAssignment.objects.filter(application=application)
                .select_related("juror")
                .order_by("juror__last_name", "juror__email")
            ),
            "jurors_per_application": label.jurors_per_application,
            "may_decide": application.status in (S.JURY, S.DECIDED),
            "certificate": (
                Certificate.objects.filter(
                    application=application, withdrawn_at__isnull=True
                ).first()
                if application.status in (S.CERTIFIED, S.EXPIRED, S.RENEWED)
                else None
            ),
            "may_certify": (
                application.status == S.DECIDED
                and decision is not None
                and decision.outcome == Decision.Outcome.GRANTED
            ),
        }
    }


# --- Labels -------------------------------------------------------------------------------------


def _labelled_by_name(request):
    counts = defaultdict(int)
    for name, _level, companies in selectors.labelled_counts(tenant=request.tenant):
        counts[name] += companies
    return counts


@permission_required(MANAGE)
def label_list(request, tenant_slug):
    """The programme's labels, their rule, their open wave, their applications and the companies
    holding them today: four queries whatever their number."""
    today = timezone.localdate()
    labels = permissions.visible(request, MANAGE, Label.objects.all()).annotate(
        applications_count=Count("waves__applications")
    )
    labels = labels.prefetch_related(
        Prefetch(
            "waves",
            queryset=Wave.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by(
                "closes_on", "pk"
            ),
            to_attr="open_waves",
        )
    )
    table = Table(
        request=request,
        queryset=labels,
        columns=[
            Column("name", _("Label"), (Natural("name"),)),
            Column("body", _("Awarded by"), ("body",)),
            Column("validity", _("Validity"), ("validity_months",), align="end"),
            Column("applications", _("Applications"), ("applications_count",), align="end"),
        ],
        default="name",
        label=_("labels"),
        target="label-table",
    )
    labelled = _labelled_by_name(request)
    for label in table.rows:
        label.labelled_now = labelled.get(label.name, 0)
    context = {"table": table, "has_grids": bool(_grids(request))}
    if table.is_swap():
        return render(request, "labels/manage/partials/label_table.html", context)
    return render(request, "labels/manage/label_list.html", context)


def _label_form(request, label=None):
    """The definition form of a new label or of ``label``; its rule and parts are fixed once a
    company applied (they show, read-only)."""
    locked = label is not None and Application.objects.filter(wave__label=label).exists()
    keep = (label.framework_version_id, label.customer_framework_version_id) if label else ()
    grids = _grids(request, *keep)
    form = LabelForm(
        request.POST or None,
        tenant=request.tenant,
        grids=grids,
        conditions=registry.eligibility_conditions(),
        label=label,
        locked=locked,
        initial=LabelForm.initial_for(label) if label else None,
    )
    parts = None
    if not locked:
        initial = (
            [
                {"name": part.name, "maximum": part.maximum, "source": part.source}
                for part in label.parts.all()
            ]
            if label
            else [{"source": ScoredPart.Source.JURY}]
        )
        parts = PartFormSet(request.POST or None, prefix="part", initial=initial)
    if request.method == "POST" and form.is_valid() and (parts is None or parts.is_valid()):
        try:
            if label is None:
                label = services.create_label(
                    tenant=request.tenant,
                    actor=request.user,
                    parts=parts.parts,
                    **form.definition(),
                )
                messages.success(request, _("The label is created: open its first wave."))
            else:
                services.update_label(
                    label=label,
                    actor=request.user,
                    parts=None if parts is None else parts.parts,
                    **form.definition(),
                )
                messages.success(request, _("The label is updated."))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect(_url(request, "label_detail", pk=label.pk))
    return render(
        request,
        "labels/manage/label_form.html",
        {
            "form": form,
            "parts": parts,
            "label": label,
            "locked": locked,
            "has_grids": bool(grids),
            "current_parts": list(label.parts.all()) if locked else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE)
def label_create(request, tenant_slug):
    return _label_form(request)


@permission_required(MANAGE)
def label_edit(request, tenant_slug, pk):
    return _label_form(request, _label(request, pk))


@permission_required(MANAGE)
def label_detail(request, tenant_slug, pk):
    label = _label(request, pk)
    reader = registry.grid_reader()
    conditions = registry.eligibility_conditions()
    waves = list(
        Wave.objects.filter(label=label).annotate(applications_count=Count("applications"))
    )
    for wave in waves:
        wave.status = selectors.wave_status(wave)

    def grid_name(version_id):
        if not version_id:
            return ""
        name = reader.name(tenant=request.tenant, version_id=version_id) if reader else ""
        return name or f"#{version_id}"

    return render(
        request,
        "labels/manage/label_detail.html",
        {
            "label": label,
            "parts": list(label.parts.all()),
            "waves": waves,
            "grid": grid_name(label.framework_version_id),
            "customer_grid": grid_name(label.customer_framework_version_id),
            "conditions": [
                conditions[key].label if key in conditions else key
                for key in label.eligibility_conditions
            ],
            "labelled_now": _labelled_by_name(request).get(label.name, 0),
        },
    )


# --- Waves --------------------------------------------------------------------------------------


def _wave_form(request, label, wave=None):
    if wave is None:
        today = timezone.localdate()
        initial = {"opens_on": today, "closes_on": today + timedelta(days=30)}
    else:
        initial = {
            "name": wave.name,
            "opens_on": wave.opens_on,
            "closes_on": wave.closes_on,
            "jury_on": wave.jury_on,
        }
    form = WaveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if wave is None:
                wave = services.open_wave(label=label, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The wave is open to applications on its dates."))
            else:
                wave = services.update_wave(wave=wave, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The wave is updated."))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect(_url(request, "wave_detail", pk=wave.pk))
    return render(
        request,
        "labels/manage/wave_form.html",
        {"form": form, "label": label, "wave": wave},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE)
def wave_create(request, tenant_slug, pk):
    return _wave_form(request, _label(request, pk))


@permission_required(MANAGE)
def wave_edit(request, tenant_slug, pk):
    wave = _wave(request, pk)
    return _wave_form(request, wave.label, wave)


@permission_required(MANAGE)
def wave_detail(request, tenant_slug, pk):
    """A wave: how many applications stand in each status (one aggregate) and the applications,
    filtered by status, sorted and paginated in the database."""
    wave = _wave(request, pk)
    counts = Application.objects.filter(wave=wave).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in S.values}
    )
    status = request.GET.get("status", "")
    if status not in S.values:
        status = ""
    applications = (
        selectors.applications_of(tenant=request.tenant, wave=wave, status=status or None)
        .select_related("auditor")
        .annotate(
            jurors_count=Count("assignments", filter=Q(assignments__conflict_at__isnull=True))
        )
    )
    table = Table(
        request=request,
        queryset=applications,
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("status", _("Status"), ("status",)),
            Column("total", _("Total"), ("total",), align="end"),
            Column("decision", _("Decision"), ("decision__outcome", "decision__level")),
            Column("auditor", _("Auditor"), (Natural("auditor__last_name"), "auditor__email")),
            Column("jurors", _("Jurors"), ("jurors_count",), align="end"),
            Column("submitted", _("Submitted at"), ("submitted_at",)),
        ],
        default="company",
        label=_("applications"),
        target="application-table",
    )
    context = {
        "wave": wave,
        "wave_state": selectors.wave_status(wave),
        "table": table,
        "status": status,
        "counts": [(value, label, counts[value]) for value, label in S.choices],
        "total": sum(counts.values()),
    }
    if table.is_swap():
        return render(request, "labels/manage/partials/application_table.html", context)
    return render(request, "labels/manage/wave_detail.html", context)


# --- The jury's assignments ---------------------------------------------------------------------


def _suggestion(wave, jurors):
    """The suggested assignments not made yet, ``[(application, [jurors])]``, and the
    applications that would still lack jurors."""
    per_application = wave.label.jurors_per_application
    spread = services.suggest_assignment(wave=wave, jurors=jurors, per_application=per_application)
    existing = set(
        JurorAssignment.objects.filter(application__wave=wave).values_list(
            "application_id", "juror_id"
        )
    )
    by_pk = {juror.pk: juror for juror in jurors}
    applications = Application.objects.filter(pk__in=spread).select_related("company")
    proposed, short = [], []
    for application in sorted(applications, key=lambda row: (row.company.name.casefold(), row.pk)):
        chosen = spread[application.pk]
        new = [by_pk[pk] for pk in chosen if (application.pk, pk) not in existing and pk in by_pk]
        if new:
            proposed.append((application, new))
        if len(chosen) < per_application:
            short.append(application)
    return proposed, short


def _apply_suggestion(request, wave, jurors):
    """Assign the pairs the manager kept (``application:juror``); one refused and none is made."""
    by_pk = {juror.pk: juror for juror in jurors}
    wanted = defaultdict(list)
    for raw in request.POST.getlist("pair"):
        application_pk, _sep, juror_pk = raw.partition(":")
        if not (application_pk.isdigit() and juror_pk.isdigit()) or int(juror_pk) not in by_pk:
            raise ValidationError(_("The suggestion changed: make it again."), code="pair")
        wanted[int(application_pk)].append(by_pk[int(juror_pk)])
    if not wanted:
        raise ValidationError(_("Keep at least one suggested juror."), code="empty")
    applications = {
        application.pk: application
        for application in Application.objects.filter(
            wave=wave, status=S.JURY, pk__in=list(wanted)
        ).select_related("wave", "company")
    }
    if set(wanted) - set(applications):
        raise ValidationError(_("The suggestion changed: make it again."), code="pair")
    created = 0
    with transaction.atomic():
        for application_pk, chosen in wanted.items():
            created += len(
                services.assign_jurors(
                    application=applications[application_pk], jurors=chosen, actor=request.user
                )
            )
    return created


@permission_required(MANAGE)
def wave_jury(request, tenant_slug, pk):
    """The jurors of the programme against the wave's applications before the jury: who is
    assigned, who scored, who declared a conflict; each juror's load; a suggested spread to
    review, then apply."""
    wave = _wave(request, pk)
    jurors = list(_people(request, Role.JURY))
    op = request.POST.get("op", "") if request.method == "POST" else ""
    if op == "apply":
        try:
            created = _apply_suggestion(request, wave, jurors)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request,
                _("%(count)s assignments made: the jurors may now score.") % {"count": created},
            )
        return redirect(_url(request, "wave_jury", pk=wave.pk))
    proposed, short = _suggestion(wave, jurors) if op == "suggest" else (None, [])
    table = Table(
        request=request,
        queryset=Application.objects.filter(wave=wave, status=S.JURY).select_related("company"),
        columns=[Column("company", _("Company"), (Natural("company__name"),))],
        default="company",
        label=_("applications before the jury"),
        target="jury-table",
    )
    rows = list(table.rows)
    conflicts = list(
        ConflictDeclaration.objects.filter(wave=wave)
        .select_related("juror", "company")
        .order_by("company__name", "juror__email")
    )
    conflicted = {(row.juror_id, row.company_id) for row in conflicts}
    assignments = {
        (assignment.application_id, assignment.juror_id): assignment
        for assignment in JurorAssignment.objects.filter(application__in=[row.pk for row in rows])
    }
    loads = selectors.juror_loads(wave=wave)
    for application in rows:
        application.cells = []
        application.assigned = 0
        for juror in jurors:
            assignment = assignments.get((application.pk, juror.pk))
            if (juror.pk, application.company_id) in conflicted or (
                assignment is not None and assignment.conflict_at is not None
            ):
                state = "conflict"
            elif assignment is None:
                state = ""
            elif assignment.submitted_at is not None:
                state = "submitted"
            else:
                state = "assigned"
            if state in ("assigned", "submitted"):
                application.assigned += 1
            application.cells.append((juror, state))
    for juror in jurors:
        juror.load = loads.get(juror.pk, 0)
    context = {
        "wave": wave,
        "jurors": jurors,
        "table": table,
        "rows": rows,
        "conflicts": conflicts,
        "proposed": proposed,
        "short": short,
        "per_application": wave.label.jurors_per_application,
    }
    if table.is_swap():
        return render(request, "labels/manage/partials/jury_matrix.html", context)
    return render(request, "labels/manage/wave_jury.html", context)


@permission_required(MANAGE)
def application_jurors(request, tenant_slug, pk):
    """One application's jurors: add one (not one who declared a conflict), take off one who has
    not submitted yet."""
    application = _application(request, pk)
    assignments = list(
        JurorAssignment.objects.filter(application=application)
        .select_related("juror")
        .order_by("juror__last_name", "juror__email")
    )
    conflicted = ConflictDeclaration.objects.filter(
        wave=application.wave_id, company=application.company_id
    ).values("juror")
    available = _people(request, Role.JURY).exclude(
        pk__in=[assignment.juror_id for assignment in assignments]
    )
    available = available.exclude(pk__in=conflicted)
    op = request.POST.get("op", "") if request.method == "POST" else ""
    form = JurorForm(request.POST if op == "add" else None, jurors=available)
    if op == "remove":
        juror = next(
            (
                assignment.juror
                for assignment in assignments
                if str(assignment.juror_id) == request.POST.get("juror", "")
            ),
            None,
        )
        if juror is None:
            messages.error(request, _("This juror is not assigned to the application."))
        else:
            try:
                services.unassign_juror(application=application, juror=juror, actor=request.user)
            except ValidationError as error:
                messages.error(request, error_message(error))
            else:
                messages.success(
                    request,
                    _("%(juror)s no longer scores this application.")
                    % {"juror": juror.display_name},
                )
        return redirect(_url(request, "application_jurors", pk=application.pk))
    if op == "add" and form.is_valid():
        juror = form.cleaned_data["juror"]
        try:
            services.assign_jurors(application=application, jurors=[juror], actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(juror)s may now score this application.") % {"juror": juror.display_name},
            )
            return redirect(_url(request, "application_jurors", pk=application.pk))
    return render(
        request,
        "labels/manage/application_jurors.html",
        {
            "application": application,
            "assignments": assignments,
            "conflicts": list(
                ConflictDeclaration.objects.filter(
                    wave=application.wave_id, company=application.company_id
                ).select_related("juror")
            ),
            "form": form,
            "may_assign": application.status in services.UNDECIDED,
            "per_application": application.wave.label.jurors_per_application,
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE)
def application_auditor(request, tenant_slug, pk):
    """The auditor of the application: a person with the auditor role here."""
    application = _application(request, pk)
    form = AuditorForm(
        request.POST or None,
        auditors=_people(request, Role.AUDITOR),
        initial={"auditor": application.auditor_id},
    )
    if request.method == "POST" and form.is_valid():
        auditor = form.cleaned_data["auditor"]
        try:
            services.assign_auditor(application=application, auditor=auditor, actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(auditor)s audits this application.") % {"auditor": auditor.display_name},
            )
            return redirect(_detail_url(request, application))
    return render(
        request,
        "labels/manage/application_auditor.html",
        {
            "application": application,
            "form": form,
            "has_audit": ScoredPart.objects.filter(
                label=application.wave.label_id, source=ScoredPart.Source.AUDIT
            ).exists(),
            "audited": AuditReport.objects.filter(application=application).exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Moves, decisions, certificates -------------------------------------------------------------


@require_POST
@permission_required(MANAGE)
def application_move(request, tenant_slug, pk):
    """One of the programme team's moves, with its reason where the workflow asks for one."""
    application = _application(request, pk)
    form = MoveForm(request.POST, moves=manager_moves(application), prefix="move")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_detail_url(request, application))
    target = form.cleaned_data["to"]
    roles = services.allowed_roles(from_status=application.status, to_status=target)
    if target in OWN_SERVICE:
        messages.error(request, OWN_SERVICE_MESSAGES[target])
    elif roles and services.MANAGER not in roles:
        messages.error(request, _("This move is not the programme team's to make."))
    else:
        try:
            application = services.move(
                application=application,
                to=target,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request,
                _("The application is now “%(status)s”; the company is told by e-mail.")
                % {"status": application.get_status_display()},
            )
    return redirect(_detail_url(request, application))


def _side_by_side(application):
    """The jury's scores as a table: the jurors in columns, a row per jury part."""
    parts = selectors.side_by_side(application=application)
    jurors = {}
    for row in parts:
        for score in row.scores:
            jurors.setdefault(score.assignment.juror_id, score.assignment.juror)
    columns = sorted(jurors.values(), key=lambda juror: juror.email)
    rows = []
    for row in parts:
        by_juror = {score.assignment.juror_id: score for score in row.scores}
        rows.append(
            {
                "part": row.part,
                "cells": [
                    {
                        "score": by_juror.get(juror.pk),
                        "outlier": by_juror.get(juror.pk) is not None
                        and by_juror[juror.pk].pk in row.outliers,
                    }
                    for juror in columns
                ],
                "mean": row.mean,
                "spread": row.spread,
                "std_dev": row.std_dev,
                "outliers": len(row.outliers),
                "comments": [score for score in row.scores if score.comment],
            }
        )
    return columns, rows


def _preview(application):
    """What deciding now would give: the total, its parts and the rule's outcome; or why the
    total cannot be computed yet."""
    try:
        total, breakdown = services.compute_total(application=application)
    except ValidationError as error:
        return {"error": error_message(error)}
    granted, level = rules.decide(application.wave.label, total)
    return {"total": total, "breakdown": breakdown, "granted": granted, "level": level}


@permission_required(MANAGE)
def application_deliberation(request, tenant_slug, pk):
    """The jury's scores side by side, the audit and the survey, the total the rule would give,
    and the decision: recorded once, then corrected only by a new decision with its reason."""
    application = _application(request, pk)
    open_for_decision = application.status in (S.JURY, S.DECIDED)
    correction = application.status == S.DECIDED
    form = None
    if open_for_decision:
        form = DeliberationForm(request.POST or None, correction=correction)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This application is not before the jury."))
            return redirect(_url(request, "application_deliberation", pk=application.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decide(
                    application=application,
                    actor=request.user,
                    rationale=data["rationale"],
                    deliberation=data["deliberation"],
                    defer=data["defer"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("The decision is recorded: %(outcome)s.")
                    % {"outcome": decision.get_outcome_display()},
                )
                return redirect(_url(request, "application_deliberation", pk=application.pk))
    jurors, rows = _side_by_side(application)
    assignments = list(
        JurorAssignment.objects.filter(application=application)
        .select_related("juror")
        .order_by("juror__email")
    )
    decisions = list(
        Decision.objects.filter(application=application)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
    )
    return render(
        request,
        "labels/manage/deliberation.html",
        {
            "application": application,
            "label": application.wave.label,
            "jurors": jurors,
            "rows": rows,
            "waiting": [a for a in assignments if a.submitted_at is None and a.conflict_at is None],
            "set_aside": [a for a in assignments if a.conflict_at is not None],
            "audit": AuditReport.objects.filter(application=application)
            .select_related("auditor")
            .first(),
            "survey": selectors.survey_summary(application=application),
            "preview": _preview(application) if open_for_decision else None,
            "decision": application.decision,
            "decisions": decisions,
            "form": form,
            "correction": correction,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required(MANAGE)
def application_certify(request, tenant_slug, pk):
    """The certificate of a granted application; its PDF is rendered on the worker."""
    application = _application(request, pk)
    try:
        certificate = services.certify(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        # The PDF is rendered now, on the worker, so it is ready when someone opens it.
        certificates.request_pdf(
            certificate=certificate, user=request.user, language=get_language()
        )
        messages.success(
            request,
            _("Certificate %(code)s issued, valid until %(date)s.")
            % {
                "code": certificate.display_code,
                "date": date_format(certificate.valid_until, "SHORT_DATE_FORMAT"),
            },
        )
    return redirect(_detail_url(request, application))


@permission_required(MANAGE)
def certificate_withdraw(request, tenant_slug, pk):
    """Withdraw a certificate, with its reason: the verification page then says so."""
    certificate = get_visible_or_404(
        request,
        MANAGE,
        Certificate.objects.select_related("application__company", "application__wave__label"),
        pk=pk,
    )
    form = WithdrawCertificateForm(request.POST or None)
    if certificate.withdrawn_at is None and request.method == "POST" and form.is_valid():
        try:
            services.withdraw_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The certificate is withdrawn."))
            return redirect(_detail_url(request, certificate.application))
    return render(
        request,
        "labels/manage/certificate_withdraw.html",
        {"certificate": certificate, "application": certificate.application, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- The programme team's to-dos ----------------------------------------------------------------

TODO_LIMIT = 3  # rows per kind of to-do; a last item links to the labels


def _todo_rows(queryset, limit=TODO_LIMIT):
    return head_and_count(queryset.select_related("company", "wave__label"), limit)


def todo_items(request):
    """What waits for the programme team's move: submitted applications to check, audited ones
    to send to the jury, and those whose jurors all submitted, to decide. Three queries."""
    applications = permissions.visible(request, MANAGE, Application.objects.all())
    today = timezone.localdate()
    see_all = _url(request, "label_list")
    items = []

    count, rows = _todo_rows(applications.filter(status=S.SUBMITTED).order_by("submitted_at", "pk"))
    items += [
        registry.TodoItem(
            label=_("Check the eligibility of %(company)s") % {"company": row.company.name},
            detail=f"{row.wave.label.name} — {row.wave.name}",
            url=_detail_url(request, row),
            urgency=registry.Urgency.SOON,
            due=row.submitted_at,
            due_label=_("submitted"),
        )
        for row in rows
    ]
    items += registry.see_all(
        count=count,
        shown=len(rows),
        url=see_all,
        message=ngettext_lazy(
            "%(count)s application to check in all",
            "%(count)s applications to check in all",
            "count",
        ),
    )

    count, rows = _todo_rows(
        applications.filter(status=S.AUDIT, audit_report__isnull=False).order_by(
            "audit_report__recorded_at", "pk"
        )
    )
    items += [
        registry.TodoItem(
            label=_("Send %(company)s to the jury") % {"company": row.company.name},
            detail=_("%(label)s: the audit is recorded") % {"label": row.wave.label.name},
            url=_detail_url(request, row),
            urgency=registry.Urgency.SOON,
            due=row.wave.jury_on,
            due_label=_("jury on") if row.wave.jury_on else "",
        )
        for row in rows
    ]
    items += registry.see_all(
        count=count,
        shown=len(rows),
        url=see_all,
        message=ngettext_lazy(
            "%(count)s audited application in all", "%(count)s audited applications in all", "count"
        ),
    )

    counting = Q(assignments__conflict_at__isnull=True)
    complete = (
        applications.filter(status=S.JURY)
        .annotate(
            counting=Count("assignments", filter=counting),
            pending=Count(
                "assignments", filter=counting & Q(assignments__submitted_at__isnull=True)
            ),
        )
        .filter(counting__gt=0, pending=0)
        .order_by("wave__jury_on", "pk")
    )
    count, rows = _todo_rows(complete)
    items += [
        registry.TodoItem(
            label=_("Decide on %(company)s") % {"company": row.company.name},
            detail=ngettext(
                "%(label)s: %(count)s juror scored",
                "%(label)s: %(count)s jurors scored",
                row.counting,
            )
            % {"label": row.wave.label.name, "count": row.counting},
            url=_url(request, "application_deliberation", pk=row.pk),
            urgency=(
                registry.Urgency.NOW
                if row.wave.jury_on and row.wave.jury_on <= today
                else registry.Urgency.SOON
            ),
            due=row.wave.jury_on,
            due_label=_("jury on") if row.wave.jury_on else "",
        )
        for row in rows
    ]
    items += registry.see_all(
        count=count,
        shown=len(rows),
        url=see_all,
        message=ngettext_lazy(
            "%(count)s application to decide in all",
            "%(count)s applications to decide in all",
            "count",
        ),
    )
    return items
