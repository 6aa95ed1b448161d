"""Every change to action plans and missions: one function per change, with its rule.

Plans start from nothing or from a submitted self-assessment (read through the core registry);
a final review closes them. Missions grant their consultant the company through the permission
layer (``companies.services.assign_consultant``) and take it back when they end.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies import services as company_services
from rse_platform.files import services as files
from rse_platform.mail import services as mail
from rse_platform.tenants import audit, registry

from . import selectors, tasks
from .models import (
    Action,
    ActionAttachment,
    ActionComment,
    ActionType,
    Indicator,
    Measurement,
    Meeting,
    Mission,
    MissionFunding,
    Plan,
    PlanSettings,
    Review,
)

HALF_DAY = Decimal("0.5")
REVIEW_REPORT = "action_plans.review"  # the generated-document kind of a review's PDF

# From a status, the statuses an action may move to. Done can be reopened; an abandoned action
# comes back as planned. Abandoning always takes a reason.
TRANSITIONS = {
    Action.Status.PLANNED: {Action.Status.IN_PROGRESS, Action.Status.DONE, Action.Status.ABANDONED},
    Action.Status.IN_PROGRESS: {Action.Status.PLANNED, Action.Status.DONE, Action.Status.ABANDONED},
    Action.Status.DONE: {Action.Status.IN_PROGRESS},
    Action.Status.ABANDONED: {Action.Status.PLANNED},
}


# --- Plans --------------------------------------------------------------------------------------


def _check_themes(*, tenant, themes):
    themes = list(dict.fromkeys(theme.strip() for theme in themes if theme.strip()))
    limit = selectors.plan_settings(tenant=tenant).max_priority_themes
    if len(themes) > limit:
        raise ValidationError(
            ngettext(
                "A plan focuses on at most %(limit)s priority theme.",
                "A plan focuses on at most %(limit)s priority themes.",
                limit,
            )
            % {"limit": limit},
            code="too_many_themes",
        )
    return themes


def _writable(plan):
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError(
            _("This plan is closed: its final review was written. Start a new plan to go on."),
            code="closed",
        )


def _assessment(*, company, assessment_pk):
    reader = registry.assessment_reader()
    assessment = reader.detail(company=company, pk=assessment_pk) if reader else None
    if assessment is None:
        raise ValidationError(
            _("Choose one of the company's submitted self-assessments."), code="no_assessment"
        )
    return assessment


@transaction.atomic
def create_plan(
    *,
    company,
    title,
    actor,
    horizon_months=12,
    starts_on=None,
    priority_themes=(),
    assessment_pk=None,
):
    """A new draft plan for the company, which follows one plan at a time: while a plan is being
    built or followed, another is refused (its final review closes it). From a submitted
    self-assessment, the figures it gave become the indicators' starting values ("where do we
    start from?")."""
    company_services.ensure_in_good_standing(company=company)
    current = selectors.current_plan(company=company)
    if current is not None:
        raise ValidationError(
            _(
                "%(company)s already has an action plan in progress (“%(plan)s”): carry on with "
                "it, or close it with its final review before starting another."
            )
            % {"company": company.name, "plan": current.title},
            code="open_plan",
        )
    themes = _check_themes(tenant=company.tenant, themes=priority_themes)
    assessment = (
        _assessment(company=company, assessment_pk=assessment_pk)
        if assessment_pk is not None
        else None
    )
    plan = Plan.objects.create(
        tenant=company.tenant,
        company=company,
        title=title,
        horizon_months=horizon_months,
        starts_on=starts_on or timezone.localdate(),
        priority_themes=themes,
        source_assessment_id=assessment.pk if assessment else None,
        source_label=assessment.label if assessment else "",
        created_by=actor,
    )
    if assessment is not None:
        Indicator.objects.bulk_create(
            Indicator(
                tenant=company.tenant,
                plan=plan,
                label=indicator.title,
                unit=indicator.unit,
                theme=indicator.theme,
                baseline=indicator.value,
                baseline_on=timezone.localdate(assessment.submitted_at),
                source_criterion_id=indicator.pk,
            )
            for indicator in assessment.indicators
        )
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="action_plan.created",
        company=company.name,
        plan=plan.title,
    )
    return plan


@transaction.atomic
def draft_plan_from_weakest_themes(*, company, assessment_pk, actor, actions_per_theme=3):
    """ "Build my plan from my weakest themes": a draft plan on the self-assessment's weakest
    scored themes (as many as a plan may have), with an action for each of their weakest
    criteria. Nothing is decided: the company and its consultant edit it, then start it."""
    assessment = _assessment(company=company, assessment_pk=assessment_pk)
    limit = selectors.plan_settings(tenant=company.tenant).max_priority_themes
    scored = [theme for theme in assessment.themes if theme.percent is not None]
    weakest = [theme.name for theme in sorted(scored, key=lambda theme: theme.percent)[:limit]]
    if not weakest:
        raise ValidationError(
            _("This self-assessment has no scored theme to build a plan from."), code="no_theme"
        )
    plan = create_plan(
        company=company,
        title=_("Action plan — %(themes)s") % {"themes": ", ".join(weakest)},
        actor=actor,
        priority_themes=weakest,
        assessment_pk=assessment_pk,
    )
    for theme in weakest:
        criteria = [row for row in assessment.weak_criteria if row.theme == theme]
        for position, criterion in enumerate(criteria[:actions_per_theme]):
            Action.objects.create(
                tenant=company.tenant,
                plan=plan,
                title=criterion.title[:200],
                description=criterion.guidance,
                theme=theme,
                criterion=criterion.title[:500],
                source_criterion_id=criterion.pk,
                position=position,
                created_by=actor,
            )
    return plan


@transaction.atomic
def update_plan(*, plan, title, horizon_months, starts_on, priority_themes, actor):
    _writable(plan)
    plan.title = title
    plan.horizon_months = horizon_months
    plan.starts_on = starts_on
    plan.priority_themes = _check_themes(tenant=plan.tenant, themes=priority_themes)
    plan.save(update_fields=["title", "horizon_months", "starts_on", "priority_themes"])
    audit.record(
        tenant=plan.tenant,
        actor=actor,
        action="action_plan.updated",
        company=plan.company.name,
        plan=plan.title,
    )
    return plan


@transaction.atomic
def start_plan(*, plan, actor):
    """A draft plan starts: its actions are now followed (deadlines, digests, reviews)."""
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be started."), code="not_draft")
    if not plan.actions.exists():
        raise ValidationError(_("Add at least one action before starting the plan."))
    plan.status = Plan.Status.ACTIVE
    plan.activated_at = timezone.now()
    plan.save(update_fields=["status", "activated_at"])
    audit.record(
        tenant=plan.tenant,
        actor=actor,
        action="action_plan.started",
        company=plan.company.name,
        plan=plan.title,
    )
    return plan


def _current_plan(*, company, actor):
    plan = selectors.current_plan(company=company)
    if plan is None:
        plan = create_plan(company=company, title=_("Action plan"), actor=actor)
    return plan


def action_from_criterion(*, company, title, description, theme, criterion, criterion_id, actor):
    """The core's action target: a weak criterion becomes an action of the company's current
    plan (the draft or running one), or of a new draft plan when it has none. Adding the same
    criterion twice to an open action returns that action."""
    with transaction.atomic():
        plan = _current_plan(company=company, actor=actor)
        existing = plan.actions.filter(
            source_criterion_id=criterion_id, status__in=Action.OPEN
        ).first()
        if existing is not None:
            return existing
        return create_action(
            plan=plan,
            title=title[:200],
            description=description,
            theme=theme,
            criterion=criterion[:500],
            source_criterion_id=criterion_id,
            actor=actor,
        )


# --- Actions ------------------------------------------------------------------------------------


def _check_owner(plan, owner):
    if owner is not None and owner.company_id != plan.company_id:
        raise ValidationError(_("The owner of an action is a person of the company."), code="owner")


def _next_position(plan, status):
    last = plan.actions.filter(status=status).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def create_action(*, plan, title, actor, **fields):
    """A new action at the end of the plan's "planned" column."""
    _writable(plan)
    _check_owner(plan, fields.get("owner"))
    fields.setdefault("position", _next_position(plan, Action.Status.PLANNED))
    action = Action(tenant=plan.tenant, plan=plan, title=title, created_by=actor, **fields)
    action.full_clean()
    action.save()
    audit.record(
        tenant=plan.tenant,
        actor=actor,
        action="action_plan.action_created",
        company=plan.company.name,
        title=action.title,
    )
    return action


EDITABLE = (
    "title",
    "description",
    "theme",
    "criterion",
    "action_type",
    "owner",
    "starts_on",
    "due_on",
    "priority",
    "progress",
)


@transaction.atomic
def update_action(*, action, actor, **fields):
    """Change what an action is (not its status: ``move_action`` does that)."""
    _writable(action.plan)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"update_action() cannot change {sorted(unknown)}")
    _check_owner(action.plan, fields.get("owner", action.owner))
    for name, value in fields.items():
        setattr(action, name, value)
    action.updated_at = timezone.now()
    # The author's account may be gone since (SET_NULL): that does not make the action invalid.
    action.full_clean(exclude=["created_by"])
    action.save()
    audit.record(
        tenant=action.tenant,
        actor=actor,
        action="action_plan.action_updated",
        company=action.plan.company.name,
        title=action.title,
    )
    return action


@transaction.atomic
def move_action(*, action, status, actor, position=None, reason=""):
    """Move an action to another status (a column of the board), at ``position`` in it (the end
    when None). Only the moves of ``TRANSITIONS`` are allowed; abandoning takes a reason; done
    sets the progress to 100 % and the completion date. Within its column, a card only moves."""
    action = Action.objects.select_for_update().select_related("plan__company").get(pk=action.pk)
    _writable(action.plan)
    status = Action.Status(status)
    previous = Action.Status(action.status)
    if status != previous and status not in TRANSITIONS[previous]:
        raise ValidationError(
            _("An action cannot go from “%(from)s” to “%(to)s”.")
            % {"from": previous.label, "to": status.label},
            code="transition",
        )
    if status == Action.Status.ABANDONED and status != previous:
        if not reason.strip():
            raise ValidationError(_("Say why the action is abandoned."), code="reason_required")
        action.abandon_reason = reason.strip()
    if status == Action.Status.DONE and status != previous:
        action.progress = 100
        action.completed_on = timezone.localdate()
    if status != Action.Status.DONE:
        action.completed_on = None
    if previous == Action.Status.ABANDONED and status != previous:
        action.abandon_reason = ""
    siblings = list(
        action.plan.actions.filter(status=status).exclude(pk=action.pk).order_by("position", "id")
    )
    position = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(position, action)
    action.status = status
    action.updated_at = timezone.now()
    action.save()
    for index, sibling in enumerate(siblings):
        if sibling.position != index:
            sibling.position = index
            Action.objects.filter(pk=sibling.pk).update(position=index)
    if status != previous:
        audit.record(
            tenant=action.tenant,
            actor=actor,
            action="action_plan.action_moved",
            company=action.plan.company.name,
            title=action.title,
            status=status.label,
        )
    return action


@transaction.atomic
def comment_action(*, action, body, actor):
    _writable(action.plan)
    if not body.strip():
        raise ValidationError(_("Write the comment."), code="empty")
    return ActionComment.objects.create(
        tenant=action.tenant, action=action, author=actor, body=body.strip()
    )


@transaction.atomic
def attach_to_action(*, action, upload, actor):
    """A document beside the action, checked by content and size like every upload."""
    _writable(action.plan)
    attachment = ActionAttachment(
        tenant=action.tenant,
        action=action,
        file=upload,
        name=upload.name[:255],
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


# --- Indicators ---------------------------------------------------------------------------------


@transaction.atomic
def add_indicator(*, plan, label, actor, **fields):
    _writable(plan)
    indicator = Indicator(tenant=plan.tenant, plan=plan, label=label, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def update_indicator(*, indicator, actor, **fields):
    _writable(indicator.plan)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def record_measurement(*, indicator, measured_on, value, actor, note=""):
    """A dated value of the indicator; a second value on the same day replaces the first (a
    correction), and the trail keeps both."""
    _writable(indicator.plan)
    if measured_on > timezone.localdate():
        raise ValidationError(_("A measurement cannot be in the future."), code="future")
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        measured_on=measured_on,
        defaults={
            "tenant": indicator.tenant,
            "value": value,
            "note": note,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    audit.record(
        tenant=indicator.tenant,
        actor=actor,
        action="action_plan.measured",
        company=indicator.plan.company.name,
        indicator=indicator.label,
        value=value,
    )
    return measurement


# --- Reviews ------------------------------------------------------------------------------------


@transaction.atomic
def record_review(
    *,
    plan,
    kind,
    actor,
    held_on=None,
    summary="",
    conclusion="",
    outcome="",
    comparison_assessment_pk=None,
):
    """A milestone review, or the final review that closes the plan. The figures of the day
    (actions by status, indicators against their targets) are kept with it, so its report stays
    true later. A closed plan with a positive final review makes the company eligible for the
    labels that require one."""
    plan = Plan.objects.select_for_update().select_related("company").get(pk=plan.pk)
    _writable(plan)
    kind = Review.Kind(kind)
    if kind == Review.Kind.FINAL:
        if plan.status != Plan.Status.ACTIVE:
            raise ValidationError(_("Only a plan in progress gets its final review."))
        if not outcome:
            raise ValidationError(_("Say whether the objectives were reached."), code="outcome")
    comparison = None
    if comparison_assessment_pk is not None:
        comparison = _assessment(company=plan.company, assessment_pk=comparison_assessment_pk)
    review = Review(
        tenant=plan.tenant,
        plan=plan,
        kind=kind,
        held_on=held_on or timezone.localdate(),
        summary=summary,
        conclusion=conclusion,
        outcome=outcome,
        comparison_assessment_id=comparison.pk if comparison else None,
        comparison_label=comparison.label if comparison else "",
        snapshot=selectors.review_snapshot(plan=plan, comparison=comparison),
        written_by=actor,
    )
    review.full_clean()
    review.save()
    if kind == Review.Kind.FINAL:
        plan.status = Plan.Status.CLOSED
        plan.closed_at = timezone.now()
        plan.save(update_fields=["status", "closed_at"])
    audit.record(
        tenant=plan.tenant,
        actor=actor,
        action="action_plan.reviewed" if kind == Review.Kind.MILESTONE else "action_plan.closed",
        company=plan.company.name,
        plan=plan.title,
    )
    return review


def request_review_report(*, review, actor, language):
    """The review's PDF, rendered on the worker through the core's generated-document flow."""
    return files.request_document(kind=REVIEW_REPORT, subject=review, user=actor, language=language)


# --- Missions -----------------------------------------------------------------------------------


def _check_fundings(fundings):
    fundings = [(funder.strip(), Decimal(share)) for funder, share in fundings if funder.strip()]
    names = [funder.casefold() for funder, _share in fundings]
    if len(names) != len(set(names)):
        raise ValidationError(_("Name each funder once."), code="duplicate_funder")
    if any(share <= 0 for _funder, share in fundings):
        raise ValidationError(_("A funder's share is more than 0 %."), code="share")
    if sum((share for _funder, share in fundings), Decimal("0")) > 100:
        raise ValidationError(
            _("The funders' shares add up to more than 100 % of the cost."), code="over_100"
        )
    return fundings


@transaction.atomic
def start_mission(
    *,
    company,
    consultant,
    title,
    allocated_days,
    daily_rate,
    actor,
    starts_on=None,
    ends_on=None,
    fundings=(),
    plan=None,
    notify=True,
):
    """A consultant's mission beside a company: the consultant now follows the company (an
    object grant through the permission layer) until the mission ends. ``notify=False`` (the
    demo's history) writes the same without e-mailing the consultant."""
    company_services.ensure_in_good_standing(company=company)
    fundings = _check_fundings(fundings)
    if plan is not None and plan.company_id != company.pk:
        raise ValidationError(_("Choose a plan of this company."), code="plan")
    mission = Mission(
        tenant=company.tenant,
        company=company,
        consultant=consultant,
        plan=plan,
        title=title,
        allocated_days=allocated_days,
        daily_rate=daily_rate,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        created_by=actor,
    )
    mission.full_clean()
    company_services.assign_consultant(company=company, consultant=consultant, actor=actor)
    mission.save()
    MissionFunding.objects.bulk_create(
        MissionFunding(tenant=company.tenant, mission=mission, funder=funder, share=share)
        for funder, share in fundings
    )
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="mission.started",
        company=company.name,
        email=consultant.email,
        days=allocated_days,
    )
    if notify:
        mail.queue(tasks.send_mission_started, mission.tenant_id, mission.pk)
    return mission


@transaction.atomic
def end_mission(*, mission, actor):
    """The mission ends: its consultant stops following the company, unless another of their
    missions there is still running."""
    mission = Mission.objects.select_for_update().select_related("company").get(pk=mission.pk)
    if mission.status == Mission.Status.ENDED:
        raise ValidationError(_("This mission has already ended."), code="ended")
    mission.status = Mission.Status.ENDED
    mission.ended_at = timezone.now()
    if mission.ends_on is None or mission.ends_on > timezone.localdate():
        mission.ends_on = max(timezone.localdate(), mission.starts_on)
    mission.save(update_fields=["status", "ended_at", "ends_on"])
    still_there = Mission.objects.filter(
        company=mission.company, consultant=mission.consultant, status=Mission.Status.ACTIVE
    ).exists()
    if not still_there:
        company_services.unassign_consultant(
            company=mission.company, consultant=mission.consultant, actor=actor
        )
    audit.record(
        tenant=mission.tenant,
        actor=actor,
        action="mission.ended",
        company=mission.company.name,
        email=mission.consultant.email,
    )
    return mission


def end_missions_of(*, tenant, user):
    """The person's role in the tenant ended: their running missions end with it."""
    for mission in Mission.objects.filter(
        tenant=tenant, consultant=user, status=Mission.Status.ACTIVE
    ):
        end_mission(mission=mission, actor=None)


@transaction.atomic
def record_meeting(
    *,
    mission,
    held_on,
    days,
    actor,
    attendees="",
    notes="",
    decisions="",
    next_steps="",
    confirm_over_budget=False,
    notify=True,
):
    """A follow-up meeting and the days it took, in half-days. Going past the mission's
    allocated days asks for confirmation (``ValidationError`` with code ``over_budget``); once
    confirmed, the meeting is marked and the programme team is told (unless ``notify=False``,
    the demo's history)."""
    mission = Mission.objects.select_for_update().select_related("company").get(pk=mission.pk)
    if mission.status != Mission.Status.ACTIVE:
        raise ValidationError(_("This mission has ended: no meeting can be added."), code="ended")
    days = Decimal(days)
    if days < HALF_DAY or days % HALF_DAY:
        raise ValidationError(_("Count the days in half-days: 0.5, 1, 1.5…"), code="half_days")
    if held_on < mission.starts_on:
        raise ValidationError(_("The meeting is before the mission started."), code="before")
    if held_on > timezone.localdate():
        raise ValidationError(_("Record a meeting once it was held."), code="future")
    budget = selectors.budget(mission=mission)
    over = budget.consumed_days + days > mission.allocated_days
    if over and not confirm_over_budget:
        raise ValidationError(
            _(
                "This meeting takes the mission to %(total)s days out of %(allocated)s "
                "allocated. Confirm to record it anyway: the programme team will be told."
            )
            % {
                "total": floatformat(budget.consumed_days + days, -1),
                "allocated": floatformat(mission.allocated_days, -1),
            },
            code="over_budget",
        )
    meeting = Meeting(
        tenant=mission.tenant,
        mission=mission,
        held_on=held_on,
        days=days,
        attendees=attendees,
        notes=notes,
        decisions=decisions,
        next_steps=next_steps,
        over_budget=over,
        recorded_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    audit.record(
        tenant=mission.tenant,
        actor=actor,
        action="mission.meeting",
        company=mission.company.name,
        days=days,
    )
    if over and notify:
        mail.queue(tasks.send_over_budget, mission.tenant_id, meeting.pk)
    return meeting


# --- Plans and actions: the tenant's settings and action types ----------------------------------


@transaction.atomic
def save_plan_settings(*, tenant, max_priority_themes, actor):
    """The tenant's settings of its plans; plans already written keep their themes (the limit
    applies when a plan's themes are next chosen)."""
    plan_settings = PlanSettings.objects.filter(tenant=tenant).first() or PlanSettings(
        tenant=tenant
    )
    plan_settings.max_priority_themes = max_priority_themes
    plan_settings.full_clean()
    plan_settings.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="action_plan.settings",
        limit=max_priority_themes,
    )
    return plan_settings


def _type_name(name):
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Name the type of action."), code="empty")
    return name


@transaction.atomic
def add_action_type(*, tenant, name, actor):
    """A new type of action, last in the tenant's list; each name once."""
    last = ActionType.objects.filter(tenant=tenant).aggregate(last=Max("order"))["last"]
    action_type = ActionType(
        tenant=tenant, name=_type_name(name), order=0 if last is None else last + 1
    )
    action_type.full_clean()
    action_type.save()
    audit.record(tenant=tenant, actor=actor, action="action_plan.type_added", name=action_type.name)
    return action_type


@transaction.atomic
def rename_action_type(*, action_type, name, actor):
    """The actions of this type keep it under its new name."""
    previous = action_type.name
    action_type.name = _type_name(name)
    action_type.full_clean()
    action_type.save(update_fields=["name"])
    audit.record(
        tenant=action_type.tenant,
        actor=actor,
        action="action_plan.type_renamed",
        previous=previous,
        name=action_type.name,
    )
    return action_type


@transaction.atomic
def move_action_type(*, action_type, offset):
    """Move a type up (``offset=-1``) or down (``+1``) the list; the list is renumbered."""
    types = list(ActionType.objects.filter(tenant=action_type.tenant).order_by("order", "name"))
    index = next(i for i, other in enumerate(types) if other.pk == action_type.pk)
    target = max(0, min(index + offset, len(types) - 1))
    types.insert(target, types.pop(index))
    for order, other in enumerate(types):
        if other.order != order:
            ActionType.objects.filter(pk=other.pk).update(order=order)
    return action_type


@transaction.atomic
def archive_action_type(*, action_type, archived, actor):
    """An archived type is no longer offered for new actions; the actions that have it keep it
    (and the programme's figures still count them)."""
    action_type.archived = archived
    action_type.save(update_fields=["archived"])
    audit.record(
        tenant=action_type.tenant,
        actor=actor,
        action="action_plan.type_archived" if archived else "action_plan.type_restored",
        name=action_type.name,
    )
    return action_type
