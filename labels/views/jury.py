"""The juror's pages: their waves and assignments, the conflicts of interest they declare first,
blind scoring and amendments with a reason.

A juror reaches an application only through their own assignment and the scoring grant
(``labels.score``) that ``assign_jurors`` gives and a declared conflict takes back: anything else
answers 404, like a missing page. Until they submit their own scores the scoring page shows
nothing of the other jurors' (``selectors.scores_visible_to`` returns none); afterwards, theirs
side by side.

Conflicts come first: the scoring of an assignment opens once the juror confirmed their conflicts
with the wave's applicants (``services.confirm_conflicts``); an assignment made after that asks
for the confirmation again.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from rse_platform.tenants import registry
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.tables import Column, Natural, Table, head_and_count

from .. import rules, selectors, services
from ..forms.jury import AmendForm, ConflictsForm, ScoresForm
from ..models import (
    Application,
    ConflictDeclaration,
    Evidence,
    JurorAssignment,
    JuryScore,
    ScoreAmendment,
    ScoredPart,
    Wave,
)
from ..selectors import (
    CLOSED,
    CONFLICT,
    DRAFT,
    PENDING,
    SUBMITTED,
    TO_SCORE,
    WAITING,
    juror_assignments,
    juror_waves,
    state_counts,
    with_state,
)

S = Application.Status
NOT_APPLIED = (S.DRAFT, S.WITHDRAWN)  # not (or no longer) an applicant of the wave
CONFLICTS_PER_PAGE = 500  # a wave's applicants on one page: the juror confirms the whole list
TABLE = "jury-table"

# What each state of an assignment (``selectors.with_state``) shows the juror.
STATES = {
    TO_SCORE: ("to_score", gettext_lazy("To score"), "text-bg-warning"),
    DRAFT: ("draft", gettext_lazy("Draft saved"), "text-bg-info"),
    WAITING: ("waiting", gettext_lazy("Not before the jury yet"), "text-bg-light border"),
    SUBMITTED: ("submitted", gettext_lazy("Scores submitted"), "text-bg-success"),
    CLOSED: ("closed", gettext_lazy("Scoring closed"), "text-bg-secondary"),
    CONFLICT: ("conflict", gettext_lazy("Removed: conflict of interest"), "text-bg-secondary"),
}


# --- Confirmed conflicts -----------------------------------------------------------------------
# A juror confirms, per wave, that they declared their conflicts (``ConflictCheck``): that opens
# the scoring of their assignments made until then; one made later asks again.


def conflicts_confirmed(request, wave_id):
    if not hasattr(request, "_label_conflict_checks"):
        request._label_conflict_checks = selectors.conflict_checks(
            tenant=request.tenant, juror=request.user
        )
    return request._label_conflict_checks.get(wave_id, False)


def _confirm(request, wave):
    services.confirm_conflicts(wave=wave, juror=request.user, actor=request.user)
    request.__dict__.pop("_label_conflict_checks", None)


def _wave(request, pk):
    try:
        return juror_waves(request).get(pk=pk)
    except (Wave.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _assignment(request, pk):
    """The person's own assignment, unless they declared a conflict: 404 otherwise."""
    try:
        assignment = (
            juror_assignments(request)
            .filter(conflict_at__isnull=True)
            .select_related("application__wave__label", "application__company")
            .get(pk=pk)
        )
    except (JurorAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if selectors.has_conflict(juror=request.user, application=assignment.application):
        raise Http404
    return assignment


def _own_score(request, pk):
    try:
        score = JuryScore.objects.select_related(
            "part", "assignment__application__wave__label", "assignment__application__company"
        ).get(
            pk=pk,
            assignment__in=juror_assignments(request).filter(conflict_at__isnull=True),
        )
    except (JuryScore.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if selectors.has_conflict(juror=request.user, application=score.assignment.application):
        raise Http404
    return score


def _jury_parts(label):
    return list(ScoredPart.objects.filter(label=label, source=ScoredPart.Source.JURY))


def _conflicts_first(request, wave):
    """The conflicts page, coming back to this one once confirmed."""
    messages.info(
        request,
        _(
            "Before scoring, check the list of this wave's applicants and declare your "
            "conflicts of interest, or confirm that you have none."
        ),
    )
    return redirect(
        _url(request, "jury_conflicts", pk=wave.pk) + "?" + urlencode({"next": request.path})
    )


def _next(request):
    """Where to go after the conflicts: a page of this tenant, or the juror's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith(f"/{request.tenant.slug}/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return ""


# --- The juror's home ---------------------------------------------------------------------------


@permission_required("labels.score")
def jury_home(request, tenant_slug):
    """The juror's waves (conflicts to declare, jury day) and their assignments with their
    state, what needs doing first."""
    waves = list(juror_waves(request).order_by(F("jury_on").asc(nulls_last=True), "name", "pk"))
    declared = dict(
        ConflictDeclaration.objects.filter(juror=request.user, wave__in=[w.pk for w in waves])
        .order_by()
        .values_list("wave")
        .annotate(count=Count("pk"))
    )
    per_wave = {}
    for wave_id, rank, count in (
        with_state(juror_assignments(request))
        .order_by()
        .values_list("application__wave", "state_rank")
        .annotate(count=Count("pk"))
    ):
        per_wave.setdefault(wave_id, dict.fromkeys(STATES, 0))[rank] = count
    for wave in waves:
        counts = per_wave.get(wave.pk, dict.fromkeys(STATES, 0))
        wave.assigned = sum(counts.values())
        wave.pending = counts[TO_SCORE] + counts[DRAFT]
        wave.submitted = counts[SUBMITTED]
        wave.declared = declared.get(wave.pk, 0)
        wave.confirmed = conflicts_confirmed(request, wave.pk)
    today = timezone.localdate()
    current = [w for w in waves if w.pending or w.jury_on is None or w.jury_on >= today]
    table = Table(
        request=request,
        queryset=with_state(juror_assignments(request)).select_related(
            "application__company", "application__wave__label"
        ),
        columns=[
            Column(
                "state",
                _("State"),
                (
                    "state_rank",
                    "application__wave__jury_on",
                    Natural("application__company__name"),
                ),
            ),
            Column("company", _("Company"), (Natural("application__company__name"),)),
            Column(
                "wave",
                _("Label and wave"),
                (Natural("application__wave__label__name"), Natural("application__wave__name")),
            ),
            Column("jury_on", _("Jury day"), ("application__wave__jury_on",)),
        ],
        default="state",
        label=_("your applications"),
        target=TABLE,
    )
    for assignment in table.rows:
        assignment.state, assignment.state_label, assignment.state_css = STATES[
            assignment.state_rank
        ]
    context = {
        "waves": current,
        "past_waves": [wave for wave in waves if wave not in current],
        "table": table,
        "today": today,
    }
    if table.is_swap():
        return render(request, "labels/jury/partials/assignment_table.html", context)
    return render(request, "labels/jury/jury_home.html", context)


# --- Conflicts of interest ----------------------------------------------------------------------


@permission_required("labels.score")
def jury_conflicts(request, tenant_slug, pk):
    """Every applicant company of the wave (name, commune, activity: nothing of their
    application), a box each to declare a conflict. A declaration removes the juror from that
    application; the juror cannot withdraw it (the programme team can be asked). Saving the
    page confirms the list, which opens the scoring."""
    wave = _wave(request, pk)
    declarations = {
        declaration.company_id: declaration
        for declaration in ConflictDeclaration.objects.filter(wave=wave, juror=request.user)
    }
    table = Table(
        request=request,
        queryset=Application.objects.filter(wave=wave)
        .exclude(status__in=NOT_APPLIED)
        .select_related("company")
        .only("pk", "wave_id", "company__name", "company__commune", "company__sector"),
        columns=[
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("commune", _("Commune"), (Natural("company__commune"),)),
            Column("sector", _("Activity"), (Natural("company__sector"),)),
        ],
        default="company",
        per_page=CONFLICTS_PER_PAGE,
        label=_("applicant companies"),
    )
    rows = list(table.rows)
    form = ConflictsForm(
        request.POST if request.method == "POST" else None,
        companies=[row.company for row in rows if row.company_id not in declarations],
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for company, note in form.declared:
                    services.declare_conflict(
                        wave=wave,
                        juror=request.user,
                        company=company,
                        actor=request.user,
                        note=note,
                    )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if not table.page.has_next():
                _confirm(request, wave)
            if form.declared:
                messages.success(
                    request,
                    _(
                        "Your conflicts of interest are recorded: you no longer take part in "
                        "the scoring of these companies."
                    ),
                )
                # The page asked for may be one of the applications just left: home instead.
                return redirect(_url(request, "jury_home"))
            messages.success(request, _("You confirmed that you have no other conflict."))
            return redirect(_next(request) or _url(request, "jury_home"))
    for row in rows:
        row.declaration = declarations.get(row.company_id)
        if row.declaration is None:
            row.box, row.note = form.row(row.company)
    return render(
        request,
        "labels/jury/conflicts.html",
        {
            "wave": wave,
            "table": table,
            "rows": rows,
            "form": form,
            "declared": len(declarations),
            "confirmed": conflicts_confirmed(request, wave.pk),
            "next": _next(request),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Scoring ------------------------------------------------------------------------------------


class _Stale(Exception):
    """A part changed in another window: the whole save is rolled back."""


def _save(assignment, form, scores, actor, *, submit):
    """Save the parts whose value or comment changed, then submit when asked, all or nothing.
    Returns the ids of the parts refused as stale (nothing was written then)."""
    stale = set()
    try:
        with transaction.atomic():
            for part, value, comment, version in form.entries:
                current = scores.get(part.pk)
                if current is not None and current.value == value and current.comment == comment:
                    continue  # unchanged: another window's save of it is no conflict
                try:
                    services.save_score(
                        assignment=assignment,
                        part=part,
                        value=value,
                        comment=comment,
                        expected_version=version,
                        actor=actor,
                    )
                except ValidationError as error:
                    if getattr(error, "code", None) != "stale":
                        raise
                    stale.add(part.pk)
            if stale:
                raise _Stale
            if submit:
                services.submit_scores(assignment=assignment, actor=actor)
    except _Stale:
        pass
    return stale


def _part_rows(form, parts, scores, stale=frozenset()):
    """What the template shows per part: its fields, the version the next save expects, and
    for a stale part the value saved in the other window."""
    rows = []
    for part in parts:
        score = scores.get(part.pk)
        if part.pk in stale or not form.is_bound:
            version = score.version if score else 0
        else:
            version = form.data.get(f"version_{part.pk}", score.version if score else 0)
        rows.append(
            {
                "part": part,
                "value": form[f"value_{part.pk}"],
                "comment": form[f"comment_{part.pk}"],
                "version": version,
                "score": score,
                "stale": score if part.pk in stale else None,
                "changed_elsewhere": part.pk in stale,
            }
        )
    return rows


def _dossier(application):
    """What the juror reads of the application: its evidence, its self-assessment's summary."""
    reader = registry.assessment_reader()
    assessment = None
    if reader is not None and application.assessment_id:
        assessment = reader.detail(company=application.company, pk=application.assessment_id)
    return {
        "evidence": Evidence.objects.filter(application=application).order_by("name", "pk"),
        "assessment": assessment,
    }


def _side_by_side(parts, visible, juror):
    """The submitted scores the juror may see, a row per part and a column per juror (theirs
    first), with the mean of each part."""
    jurors, by_cell = {}, {}
    for score in visible:
        jurors.setdefault(score.assignment.juror_id, score.assignment.juror)
        by_cell[(score.part_id, score.assignment.juror_id)] = score
    order = sorted(
        jurors.values(), key=lambda person: (person.pk != juror.pk, person.display_name.casefold())
    )
    rows, comments = [], []
    for part in parts:
        cells = [by_cell.get((part.pk, person.pk)) for person in order]
        values = [cell.value for cell in cells if cell is not None]
        rows.append({"part": part, "cells": cells, "mean": rules.mean_and_spread(values)[0]})
        comments += [
            {"juror": person, "part": part, "text": cell.comment}
            for person, cell in zip(order, cells, strict=True)
            if cell is not None and cell.comment and person.pk != juror.pk
        ]
    return {"jurors": order, "rows": rows, "comments": comments}


def _score_page(request, assignment, *, form=None, stale=frozenset(), status=200, saved=None):
    application = assignment.application
    label = application.wave.label
    parts = _jury_parts(label)
    scores = {score.part_id: score for score in assignment.scores.all()}
    scoring_open = assignment.submitted_at is None and application.status == S.JURY
    if scoring_open and form is None:
        form = ScoresForm(parts=parts, scores=scores)
    visible = selectors.scores_visible_to(juror=request.user, application=application)
    context = {
        "assignment": assignment,
        "application": application,
        "wave": application.wave,
        "label": label,
        "parts": parts,
        "own": [{"part": part, "score": scores.get(part.pk)} for part in parts],
        "form": form if scoring_open else None,
        "rows": _part_rows(form, parts, scores, stale) if scoring_open else [],
        "stale": bool(stale),
        "may_amend": assignment.submitted_at is not None and application.status == S.JURY,
        "others": _side_by_side(parts, visible, request.user) if visible else None,
        "amendments": ScoreAmendment.objects.filter(score__assignment=assignment)
        .select_related("score__part")
        .order_by("at", "pk"),
        "saved": saved,
        **_dossier(application),
    }
    return render(request, "labels/jury/score.html", context, status=status)


def _part_response(request, assignment, part, *, form, scores, stale, status, saved=False):
    """One part's block, for htmx to swap after saving that part alone."""
    return render(
        request,
        "labels/jury/partials/part.html",
        {
            "assignment": assignment,
            "row": _part_rows(form, [part], scores, stale)[0],
            "saved": saved,
        },
        status=status,
    )


@permission_required("labels.score")
def jury_score(request, tenant_slug, pk):
    """Blind scoring of one assignment: a value (0 to the part's maximum, a decimal comma
    accepted) and a comment per jury part; "save the draft", or "submit" once every part is
    scored. A save over a part changed in another window is refused whole ("stale"): the page
    shows the value saved there beside the one typed, nothing is lost. With htmx, "save this
    part" saves one part without reloading the page."""
    assignment = _assignment(request, pk)
    application = assignment.application
    if not conflicts_confirmed(request, application.wave_id):
        return _conflicts_first(request, application.wave)
    if request.method != "POST":
        return _score_page(request, assignment)
    back = _url(request, "jury_score", pk=assignment.pk)
    if assignment.submitted_at is not None or application.status != S.JURY:
        messages.error(
            request,
            _("Your scores are submitted: amend a score with a reason.")
            if assignment.submitted_at
            else _("This application is not before the jury: it cannot be scored now."),
        )
        return redirect(back)
    parts = _jury_parts(application.wave.label)
    scores = {score.part_id: score for score in assignment.scores.all()}
    submit = request.POST.get("action") == "submit"
    one = None
    if request.htmx and not submit:
        one = next((part for part in parts if str(part.pk) == request.POST.get("part")), None)
    form = ScoresForm(request.POST, parts=[one] if one else parts, scores=scores, submitting=submit)
    stale = set()
    if form.is_valid():
        try:
            stale = _save(assignment, form, scores, request.user, submit=submit)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if not stale:
                if one is not None:
                    scores = {score.part_id: score for score in assignment.scores.all()}
                    fresh = ScoresForm(parts=[one], scores=scores)
                    return _part_response(
                        request,
                        assignment,
                        one,
                        form=fresh,
                        scores=scores,
                        stale=(),
                        status=200,
                        saved=True,
                    )
                if submit:
                    done = _("Your scores are submitted: the other jurors' are shown below.")
                else:
                    done = _("Your draft is saved. Submit it once every part is scored.")
                messages.success(request, done)
                return redirect(back)
        scores = {score.part_id: score for score in assignment.scores.all()}
    if one is not None:
        return _part_response(
            request, assignment, one, form=form, scores=scores, stale=stale, status=400
        )
    return _score_page(request, assignment, form=form, stale=stale, status=400)


# --- Amendments ---------------------------------------------------------------------------------


@permission_required("labels.score")
def jury_amend(request, tenant_slug, pk):
    """A submitted score changed with a reason, while the application is before the jury; the
    previous and new values stay in the history shown on the scoring page."""
    score = _own_score(request, pk)
    assignment = score.assignment
    application = assignment.application
    if not conflicts_confirmed(request, application.wave_id):
        return _conflicts_first(request, application.wave)
    back = _url(request, "jury_score", pk=assignment.pk)
    if score.submitted_at is None:
        messages.info(request, _("A draft score is changed on the scoring page."))
        return redirect(back)
    if application.status != S.JURY:
        messages.error(request, _("This application is no longer before the jury."))
        return redirect(back)
    form = AmendForm(request.POST if request.method == "POST" else None, part=score.part)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_score(
                score=score,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your score is amended; the history keeps both values."))
            return redirect(back + "#amendments")
    return render(
        request,
        "labels/jury/amend.html",
        {
            "score": score,
            "assignment": assignment,
            "application": application,
            "form": form,
            "amendments": score.amendments.select_related("actor").order_by("at", "pk"),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- The home page: the juror's panel and to-dos (registered in labels/contributions.py) --------

TODO_LIMIT = 3


def home_panel(request):
    counts, next_jury = state_counts(request)
    return {
        "to_score": counts[TO_SCORE],
        "drafts": counts[DRAFT],
        "submitted": counts[SUBMITTED],
        "waiting": counts[WAITING],
        "next_jury": next_jury,
    }


def todo_items(request):
    """The assignments to score, the nearest jury day first (a few, then "see all"), and the
    waves whose conflicts are to confirm before scoring; three queries whatever their number."""
    today = timezone.localdate()
    pending = with_state(juror_assignments(request)).filter(state_rank__in=PENDING)
    count, rows = head_and_count(
        pending.select_related("application__company", "application__wave__label").order_by(
            F("application__wave__jury_on").asc(nulls_last=True), "pk"
        ),
        TODO_LIMIT,
    )
    items = []
    for assignment in rows:
        wave = assignment.application.wave
        items.append(
            registry.TodoItem(
                label=(
                    _("Finish and submit your scores: %(company)s")
                    if assignment.state_rank == DRAFT
                    else _("Score the application of %(company)s")
                )
                % {"company": assignment.application.company.name},
                detail=f"{wave.label.name} — {wave.name}",
                url=_url(request, "jury_score", pk=assignment.pk),
                urgency=_urgency(wave, today),
                due=wave.jury_on,
                due_label=_("jury") if wave.jury_on else "",
            )
        )
    if count:
        waves = Wave.objects.filter(pk__in=pending.values("application__wave")).select_related(
            "label"
        )
        items += [
            registry.TodoItem(
                label=_("Declare your conflicts of interest: %(wave)s")
                % {"wave": f"{wave.label.name} — {wave.name}"},
                url=_url(request, "jury_conflicts", pk=wave.pk),
                urgency=registry.Urgency.NOW,
                due=wave.jury_on,
                due_label=_("jury") if wave.jury_on else "",
            )
            for wave in waves.order_by("pk")
            if not conflicts_confirmed(request, wave.pk)
        ]
    return items + registry.see_all(
        count=count,
        shown=len(rows),
        url=_url(request, "jury_home"),
        message=ngettext_lazy(
            "%(count)s application to score in all",
            "%(count)s applications to score in all",
            "count",
        ),
    )


def _urgency(wave, today):
    """Now within a week of the jury day (or past it), soon otherwise."""
    if wave.jury_on is not None and (wave.jury_on - today).days <= 7:
        return registry.Urgency.NOW
    return registry.Urgency.SOON
