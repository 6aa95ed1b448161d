"""Every change to labels: one function per change, with its rule.

The application's workflow is one table (``TRANSITIONS``) and one entry point (``move``): each
move is recorded (``Transition``), audited and e-mailed to the company's people. The table says
which roles may make each move; the caller checks them with the permission layer.
"""

import secrets
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from companies import services as company_services
from rse_platform.mail import services as mail
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants import selectors as tenant_selectors
from rse_platform.tenants.roles import Role

from . import rules, selectors, tasks
from .models import (
    Application,
    AuditReport,
    Certificate,
    ConflictCheck,
    ConflictDeclaration,
    CustomerAnswer,
    CustomerInvitation,
    Decision,
    Evidence,
    JurorAssignment,
    JuryScore,
    Label,
    ScoreAmendment,
    ScoredPart,
    Transition,
    Wave,
)

S = Application.Status
Source = ScoredPart.Source
MANAGER, MEMBER, PLATFORM = "manager", "member", "platform"  # "platform": the scheduled jobs

# (from, to): the roles that may make the move. Moves with a service of their own go through it
# (``submit``, ``decide``, ``certify``, ``expire_due``), which checks what the move needs.
TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): (MEMBER, MANAGER),
    (S.SUBMITTED, S.DRAFT): (MANAGER,),  # returned to the company to complete
    (S.SUBMITTED, S.ELIGIBILITY_CHECKED): (MANAGER,),
    (S.ELIGIBILITY_CHECKED, S.AUDIT): (MANAGER,),
    (S.ELIGIBILITY_CHECKED, S.JURY): (MANAGER,),  # a label without an audit
    (S.AUDIT, S.JURY): (MANAGER,),
    (S.JURY, S.DECIDED): (MANAGER,),
    (S.DECIDED, S.DECIDED): (MANAGER,),  # a correction: a new decision supersedes the last
    (S.DECIDED, S.JURY): (MANAGER,),  # a deferred application goes back to the jury
    (S.DECIDED, S.CERTIFIED): (MANAGER,),
    (S.CERTIFIED, S.EXPIRED): (PLATFORM,),
    (S.CERTIFIED, S.RENEWED): (PLATFORM,),
    (S.EXPIRED, S.RENEWED): (PLATFORM,),
    **{
        (status, S.WITHDRAWN): (MEMBER, MANAGER)
        for status in (S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.AUDIT, S.JURY)
    },
}
# Moves that must say why (the company reads it in the e-mail and the history).
REASON_REQUIRED = {
    (S.SUBMITTED, S.DRAFT),
    (S.DECIDED, S.DECIDED),
    (S.DECIDED, S.JURY),
}
EVIDENCE_OPEN = (S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.AUDIT)
SURVEY_OPEN = (S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.AUDIT, S.JURY)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone
CODE_LENGTH = 12


def allowed_roles(*, from_status, to_status):
    """The roles that may move an application from one status to the other (empty: never)."""
    return TRANSITIONS.get((from_status, to_status), ())


# --- Labels and waves ---------------------------------------------------------------------------


def _decimal(value, message):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(message, code="number") from None


def _check_definition(*, decision, threshold, levels, parts, body):
    """The label's rule, levels and parts, normalised; ``ValidationError`` with every reason."""
    errors = []
    parts = [
        {
            "name": str(part["name"]).strip(),
            "maximum": _decimal(part["maximum"], _("A part's maximum must be a number.")),
            "source": part["source"],
        }
        for part in parts
    ]
    if not parts:
        errors.append(_("A label has at least one scored part."))
    if any(part["maximum"] <= 0 for part in parts):
        errors.append(_("Each scored part has a maximum above 0."))
    if any(part["source"] not in Source.values for part in parts):
        errors.append(_("Each scored part is scored by the jurors, an auditor or a survey."))
    if len({part["name"].casefold() for part in parts}) != len(parts):
        errors.append(_("Two scored parts have the same name."))
    for source in (Source.AUDIT, Source.CUSTOMER_SURVEY):
        if sum(part["source"] == source for part in parts) > 1:
            errors.append(_("A label has at most one audit part and one customer survey part."))
            break
    if body == Label.Body.JURY and not any(part["source"] == Source.JURY for part in parts):
        errors.append(_("A label awarded by a jury has at least one part the jurors score."))
    maximum = sum((part["maximum"] for part in parts), Decimal("0"))
    normalised_levels = []
    if decision == Label.Rule.THRESHOLD:
        if threshold is None:
            errors.append(_("Give the threshold the total must be above."))
        else:
            threshold = _decimal(threshold, _("The threshold must be a number."))
            if threshold < 0:
                errors.append(_("The threshold cannot be negative."))
            elif parts and threshold >= maximum:
                errors.append(_("The threshold must be below the highest possible total."))
        levels = []
    elif decision == Label.Rule.LEVELS:
        threshold = None
        mins = [
            _decimal(level["min"], _("A level's minimum must be a number.")) for level in levels
        ]
        names = [str(level["name"]).strip() for level in levels]
        if not levels:
            errors.append(_("Give at least one level, with its minimum total."))
        if any(not name for name in names) or len(set(names)) != len(names):
            errors.append(_("Each level has a name of its own."))
        if any(minimum < 0 for minimum in mins):
            errors.append(_("A level's minimum cannot be negative."))
        if any(low >= high for high, low in zip(mins, mins[1:], strict=False)):
            errors.append(
                _("List the levels from the highest to the lowest, each with a lower minimum.")
            )
        if parts and any(minimum > maximum for minimum in mins):
            errors.append(_("A level's minimum is above the highest possible total."))
        normalised_levels = [
            {"name": name, "min": str(minimum)} for name, minimum in zip(names, mins, strict=True)
        ]
    else:
        errors.append(_("Choose a decision rule."))
    if errors:
        raise ValidationError(errors)
    return threshold, normalised_levels, parts


def _replace_parts(label, parts):
    label.parts.all().delete()
    ScoredPart.objects.bulk_create(
        ScoredPart(
            tenant=label.tenant,
            label=label,
            name=part["name"],
            maximum=part["maximum"],
            source=part["source"],
            order=position,
        )
        for position, part in enumerate(parts)
    )


@transaction.atomic
def create_label(
    *,
    tenant,
    actor,
    name,
    slug,
    body,
    framework_version_id,
    decision,
    parts,
    threshold=None,
    levels=(),
    **fields,
):
    """A label and its scored parts. The rule must be able to grant: a threshold of at least 0
    and below the highest total; levels from the highest to the lowest, each minimum lower;
    every part's maximum above 0 (at most one audit part and one survey part)."""
    threshold, levels, parts = _check_definition(
        decision=decision, threshold=threshold, levels=list(levels), parts=parts, body=body
    )
    label = Label(
        tenant=tenant,
        name=name,
        slug=slug,
        body=body,
        framework_version_id=framework_version_id,
        decision=decision,
        threshold=threshold,
        levels=levels,
        **fields,
    )
    label.full_clean()
    label.save()
    _replace_parts(label, parts)
    audit.record(tenant=tenant, actor=actor, action="label.created", label=label.name)
    return label


@transaction.atomic
def update_label(*, label, actor, parts=None, **fields):
    """Change a label's definition with the same checks as ``create_label``. Its parts and rule
    are fixed once a company applied: the applications are judged by the rule they applied to."""
    label = Label.objects.select_for_update().get(pk=label.pk)
    for name, value in fields.items():
        setattr(label, name, value)
    applied = Application.objects.filter(wave__label=label).exists()
    current_parts = [
        {"name": part.name, "maximum": part.maximum, "source": part.source}
        for part in label.parts.all()
    ]
    if applied and (parts is not None or {"decision", "threshold", "levels"} & set(fields)):
        raise ValidationError(
            _("Companies applied for this label: its parts and rule can no longer change."),
            code="applied",
        )
    label.threshold, label.levels, checked = _check_definition(
        decision=label.decision,
        threshold=label.threshold,
        levels=list(label.levels),
        parts=current_parts if parts is None else parts,
        body=label.body,
    )
    label.full_clean()
    label.save()
    if parts is not None:
        _replace_parts(label, checked)
    audit.record(tenant=label.tenant, actor=actor, action="label.updated", label=label.name)
    return label


@transaction.atomic
def open_wave(*, label, name, opens_on, closes_on, actor, jury_on=None):
    """A wave of an active label: applications from ``opens_on`` to ``closes_on`` included, the
    jury on or after the closing day."""
    if label.archived:
        raise ValidationError(_("This label is archived."), code="archived")
    if closes_on < opens_on:
        raise ValidationError(_("A wave closes after it opens."), code="dates")
    if jury_on is not None and jury_on < closes_on:
        raise ValidationError(_("The jury meets once the applications are closed."), code="jury")
    wave = Wave(
        tenant=label.tenant,
        label=label,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        jury_on=jury_on,
    )
    wave.full_clean()
    wave.save()
    audit.record(
        tenant=label.tenant, actor=actor, action="label.wave_opened", label=label.name, wave=name
    )
    return wave


@transaction.atomic
def update_wave(*, wave, name, opens_on, closes_on, actor, jury_on=None):
    """Change a wave's name and dates with the checks of ``open_wave``: applications from
    ``opens_on`` to ``closes_on`` included, the jury on or after the closing day."""
    if closes_on < opens_on:
        raise ValidationError(_("A wave closes after it opens."), code="dates")
    if jury_on is not None and jury_on < closes_on:
        raise ValidationError(_("The jury meets once the applications are closed."), code="jury")
    wave = Wave.objects.select_for_update().select_related("label").get(pk=wave.pk)
    wave.name, wave.opens_on, wave.closes_on, wave.jury_on = name, opens_on, closes_on, jury_on
    wave.full_clean()
    wave.save()
    audit.record(
        tenant=wave.tenant,
        actor=actor,
        action="label.wave_updated",
        label=wave.label.name,
        wave=wave.name,
    )
    return wave


# --- Applications -------------------------------------------------------------------------------


@transaction.atomic
def start_application(*, wave, company, actor):
    """An eligible company in good standing applies in an open wave, once per wave. When it
    renews (a certified or expired application for the same label), the new one starts from the
    previous self-assessment and lists its documents as references (the files stay where they
    are; nothing is copied)."""
    label = wave.label
    company_services.ensure_in_good_standing(company=company)
    if label.archived or selectors.wave_status(wave) != "open":
        raise ValidationError(_("This wave is not open for applications."), code="closed")
    ok, reasons = selectors.eligibility(label=label, company=company)
    if not ok:
        raise ValidationError(reasons, code="ineligible")
    if Application.objects.filter(wave=wave, company=company).exists():
        raise ValidationError(_("The company already applied in this wave."), code="duplicate")
    previous = selectors.previous_for_renewal(label=label, company=company)
    application = Application.objects.create(
        tenant=company.tenant,
        wave=wave,
        company=company,
        previous=previous,
        assessment_id=previous.assessment_id if previous else None,
        assessment_label=previous.assessment_label if previous else "",
        created_by=actor,
    )
    if previous is not None:
        Evidence.objects.bulk_create(
            Evidence(
                tenant=company.tenant,
                application=application,
                carried_from=evidence.carried_from or evidence,
                name=evidence.name,
                uploaded_by=actor,
            )
            for evidence in previous.evidence.all()
        )
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="label.applied",
        company=company.name,
        label=label.name,
        wave=wave.name,
    )
    return application


def _editable(application):
    if application.status != S.DRAFT:
        raise ValidationError(
            _("This application was submitted: it can no longer be changed."), code="submitted"
        )


@transaction.atomic
def attach_assessment(*, application, assessment_pk, actor):
    """The application's self-assessment: one the company submitted on the label's grid."""
    _editable(application)
    reader = registry.assessment_reader()
    assessment = reader.detail(company=application.company, pk=assessment_pk) if reader else None
    if assessment is None:
        raise ValidationError(
            _("Choose one of the company's submitted self-assessments."), code="no_assessment"
        )
    if assessment.version_id != application.wave.label.framework_version_id:
        raise ValidationError(
            _("This self-assessment was not filled on the label's grid."), code="grid"
        )
    application.assessment_id = assessment.pk
    application.assessment_label = assessment.label[:255]
    application.save(update_fields=["assessment_id", "assessment_label"])
    return application


@transaction.atomic
def add_evidence(*, application, upload, actor):
    """A supporting document, its type read from its content and its size limited, like every
    upload; until the jury examines the application."""
    if application.status not in EVIDENCE_OPEN:
        raise ValidationError(
            _("Documents can no longer be added to this application."), code="closed"
        )
    evidence = Evidence(
        tenant=application.tenant,
        application=application,
        file=upload,
        name=upload.name[:255],
        uploaded_by=actor,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def submit(*, application, actor, notify=True):
    """The company submits its application, once its self-assessment is attached."""
    if application.assessment_id is None:
        raise ValidationError(
            _("Attach the self-assessment on the label's grid before submitting."),
            code="no_assessment",
        )
    application = move(application=application, to=S.SUBMITTED, actor=actor, notify=notify)
    application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at"])
    return application


def _guard(application, to):
    """What a move needs beyond the table: a decision to be decided, a granted one to certify."""
    if to == S.SUBMITTED and application.assessment_id is None:
        raise ValidationError(_("Attach the self-assessment first."), code="no_assessment")
    if to == S.DECIDED and application.decision_id is None:
        raise ValidationError(_("Record the decision through the decision form."), code="decide")
    if to == S.CERTIFIED and (
        application.decision is None or application.decision.outcome != Decision.Outcome.GRANTED
    ):
        raise ValidationError(_("Only a granted application is certified."), code="not_granted")
    if (
        to == S.JURY
        and application.status == S.DECIDED
        and (
            application.decision is None
            or application.decision.outcome != Decision.Outcome.DEFERRED
        )
    ):
        raise ValidationError(
            _("Only a deferred application goes back to the jury."), code="not_deferred"
        )


@transaction.atomic
def move(*, application, to, actor, reason="", notify=True):
    """Move the application to status ``to`` when ``TRANSITIONS`` allows it from its current
    status (the caller checked the actor's role against the table); refuse any other move.
    Every move writes a ``Transition`` (who, when, from, to, why), an audit entry, and queues
    one e-mail to the company's people (not with ``notify=False``: the demo's past history)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    key = (application.status, to)
    if key not in TRANSITIONS:
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(application.status).label, "to": S(to).label},
            code="transition",
        )
    reason = (reason or "").strip()
    if key in REASON_REQUIRED and not reason:
        raise ValidationError(_("Say why."), code="reason")
    _guard(application, to)
    transition = Transition.objects.create(
        tenant=application.tenant,
        application=application,
        from_status=application.status,
        to_status=to,
        actor=actor,
        reason=reason,
    )
    application.status = to
    application.save(update_fields=["status"])
    audit.record(
        tenant=application.tenant,
        actor=actor,
        action="label.moved",
        company=application.company.name,
        label=application.wave.label.name,
        status=S(to).label,
    )
    if notify:
        mail.queue(tasks.send_status_changed, application.tenant_id, transition.pk)
    return application


# --- The customer survey ------------------------------------------------------------------------


@transaction.atomic
def invite_customers(*, application, emails, actor, notify=True):
    """Invite the customers the company lists to the survey, each address once (case aside,
    already invited ones skipped). One invalid address and nothing is written. Each new
    invitation's e-mail (the survey's link) is queued once the transaction commits; its
    ``sent_at`` is set when the mailer sent it."""
    if application.status not in SURVEY_OPEN:
        raise ValidationError(
            _("The customer survey of this application is closed."), code="closed"
        )
    cleaned, bad = [], []
    for raw in emails:
        address = (raw or "").strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            bad.append(raw.strip())
            continue
        cleaned.append(address)
    if bad:
        raise ValidationError(
            _("These addresses are not valid: %(emails)s") % {"emails": ", ".join(bad)},
            code="email",
        )
    known = set(application.customer_invitations.values_list("email", flat=True))
    new = [address for address in dict.fromkeys(cleaned) if address not in known]
    invitations = CustomerInvitation.objects.bulk_create(
        CustomerInvitation(
            tenant=application.tenant,
            application=application,
            email=address,
            token=secrets.token_urlsafe(32),
        )
        for address in new
    )
    for invitation in invitations if notify else ():
        mail.queue(tasks.send_customer_survey_invitation, application.tenant_id, invitation.pk)
    if invitations:
        audit.record(
            tenant=application.tenant,
            actor=actor,
            action="label.customers_invited",
            company=application.company.name,
            count=len(invitations),
        )
    return invitations


@transaction.atomic
def record_customer_answer(*, tenant, token, answers, score):
    """A customer's answers through their link, once; the score is out of 100."""
    invitation = (
        CustomerInvitation.objects.select_for_update()
        .filter(tenant=tenant, token=token)
        .select_related("application")
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This survey link is not valid."), code="token")
    if invitation.answered_at is not None:
        raise ValidationError(_("This survey was already answered."), code="answered")
    if invitation.application.status not in SURVEY_OPEN:
        raise ValidationError(_("This survey is closed."), code="closed")
    answer = CustomerAnswer(
        tenant=tenant,
        invitation=invitation,
        answers=answers,
        score=_decimal(score, _("The score must be a number.")),
    )
    answer.full_clean()
    answer.save()
    invitation.answered_at = answer.answered_at
    invitation.save(update_fields=["answered_at"])
    return answer


# --- The audit ----------------------------------------------------------------------------------


def _part(label, source):
    return ScoredPart.objects.filter(label=label, source=source).first()


@transaction.atomic
def assign_auditor(*, application, auditor, actor):
    """The auditor of the application, a person with the auditor role here: they may now
    record its audit (an object grant)."""
    auditors = tenant_selectors.people_with_role(tenant=application.tenant, role=Role.AUDITOR)
    if not auditors.filter(pk=auditor.pk).exists():
        raise ValidationError(
            _("Only a person with the auditor role audits an application."), code="role"
        )
    if application.auditor_id and application.auditor_id != auditor.pk:
        permissions.revoke(application.auditor, "labels.audit", application)
    application.auditor = auditor
    application.save(update_fields=["auditor"])
    permissions.grant(auditor, "labels.audit", application)
    audit.record(
        tenant=application.tenant,
        actor=actor,
        action="label.auditor_assigned",
        company=application.company.name,
        email=auditor.email,
    )
    return application


@transaction.atomic
def record_audit(*, application, auditor, score, report, actor):
    """The assigned auditor's score (from 0 to the audit part's maximum) and report, once,
    while the application is at the audit stage."""
    if application.status != S.AUDIT:
        raise ValidationError(_("This application is not at the audit stage."), code="status")
    if application.auditor_id != auditor.pk:
        raise ValidationError(
            _("Only the application's auditor records its audit."), code="auditor"
        )
    part = _part(application.wave.label, Source.AUDIT)
    if part is None:
        raise ValidationError(_("This label has no audit."), code="no_audit")
    score = _decimal(score, _("The score must be a number."))
    if not Decimal("0") <= score <= part.maximum:
        raise ValidationError(
            _("The audit is scored from 0 to %(maximum)s.") % {"maximum": part.maximum},
            code="range",
        )
    if not (report or "").strip():
        raise ValidationError(_("Write the audit report."), code="report")
    if AuditReport.objects.filter(application=application).exists():
        raise ValidationError(_("The audit of this application is recorded."), code="recorded")
    report_row = AuditReport.objects.create(
        tenant=application.tenant,
        application=application,
        auditor=auditor,
        score=score,
        report=report.strip(),
    )
    audit.record(
        tenant=application.tenant,
        actor=actor,
        action="label.audited",
        company=application.company.name,
        score=score,
    )
    return report_row


# --- The jury -----------------------------------------------------------------------------------


def _conflicted(wave):
    return set(ConflictDeclaration.objects.filter(wave=wave).values_list("juror_id", "company_id"))


def suggest_assignment(*, wave, jurors, per_application):
    """A spread of the jurors over the wave's applications at the jury stage, written nowhere:
    ``{application id: [juror ids]}``. Each application gets up to ``per_application`` jurors
    (those already assigned count), never one who declared a conflict with its company, always
    the least loaded first (ties: the lowest id), so loads differ by at most one when conflicts
    allow it. The same data give the same spread."""
    jurors = sorted(jurors, key=lambda juror: juror.pk)
    conflicts = _conflicted(wave)
    loads = {juror.pk: 0 for juror in jurors}
    assigned = {}
    for application_id, juror_id in JurorAssignment.objects.filter(
        application__wave=wave
    ).values_list("application_id", "juror_id"):
        assigned.setdefault(application_id, []).append(juror_id)
        if juror_id in loads:
            loads[juror_id] += 1
    suggestion = {}
    for application in Application.objects.filter(wave=wave, status=S.JURY).order_by("pk"):
        chosen = list(assigned.get(application.pk, []))
        candidates = sorted(
            (
                juror.pk
                for juror in jurors
                if juror.pk not in chosen and (juror.pk, application.company_id) not in conflicts
            ),
            key=lambda pk: (loads[pk], pk),
        )
        for pk in candidates[: max(per_application - len(chosen), 0)]:
            chosen.append(pk)
            loads[pk] += 1
        suggestion[application.pk] = chosen
    return suggestion


@transaction.atomic
def assign_jurors(*, application, jurors, actor):
    """Assign jurors to an application: each may then score it (an object grant). Only people
    with the jury role here; a juror who declared a conflict with the company in this wave is
    refused."""
    on_jury = set(
        tenant_selectors.people_with_role(tenant=application.tenant, role=Role.JURY)
        .filter(pk__in=[juror.pk for juror in jurors])
        .values_list("pk", flat=True)
    )
    outsiders = [juror for juror in jurors if juror.pk not in on_jury]
    if outsiders:
        raise ValidationError(
            _("%(emails)s is not on the jury of this programme.")
            % {"emails": ", ".join(juror.email for juror in outsiders)},
            code="role",
        )
    conflicts = _conflicted(application.wave)
    refused = [juror for juror in jurors if (juror.pk, application.company_id) in conflicts]
    if refused:
        raise ValidationError(
            _("%(emails)s declared a conflict of interest with this company.")
            % {"emails": ", ".join(juror.email for juror in refused)},
            code="conflict",
        )
    existing = set(application.assignments.values_list("juror_id", flat=True))
    created = []
    for juror in jurors:
        if juror.pk in existing:
            continue
        created.append(
            JurorAssignment.objects.create(
                tenant=application.tenant, application=application, juror=juror, assigned_by=actor
            )
        )
        permissions.grant(juror, "labels.score", application)
        audit.record(
            tenant=application.tenant,
            actor=actor,
            action="label.juror_assigned",
            company=application.company.name,
            email=juror.email,
        )
    return created


@transaction.atomic
def unassign_juror(*, application, juror, actor):
    """Take a juror off an application before they submit: the assignment and its draft scores
    go, and so does their grant. Once they submitted, their scores count and stay (a declared
    conflict is how a juror leaves then); a decided application keeps its jurors as history."""
    assignment = (
        JurorAssignment.objects.select_for_update()
        .filter(application=application, juror=juror)
        .first()
    )
    if assignment is None:
        raise ValidationError(_("This juror is not assigned to the application."), code="absent")
    if application.status not in UNDECIDED:
        raise ValidationError(
            _("The decision is recorded: the application's jurors stay on record."),
            code="decided",
        )
    if assignment.submitted_at is not None:
        raise ValidationError(
            _("This juror submitted their scores: they count and can no longer be removed."),
            code="submitted",
        )
    assignment.delete()
    if permissions.has_grant(juror, "labels.score", application):
        permissions.revoke(juror, "labels.score", application)
    audit.record(
        tenant=application.tenant,
        actor=actor,
        action="label.juror_unassigned",
        company=application.company.name,
        email=juror.email,
    )


@transaction.atomic
def declare_conflict(*, wave, juror, company, actor, note=""):
    """A juror declares a conflict of interest with a company for the wave. They lose the
    application: a draft assignment is deleted with its draft scores; a submitted one is kept
    for the history but marked, its scores no longer count and the juror sees none."""
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        tenant=wave.tenant, wave=wave, juror=juror, company=company, defaults={"note": note}
    )
    application = Application.objects.filter(wave=wave, company=company).first()
    if application is not None:
        assignment = JurorAssignment.objects.filter(application=application, juror=juror).first()
        if assignment is not None:
            if assignment.submitted_at is None:
                assignment.delete()
            else:
                assignment.conflict_at = declaration.declared_at
                assignment.save(update_fields=["conflict_at"])
        if permissions.has_grant(juror, "labels.score", application):
            permissions.revoke(juror, "labels.score", application)
    audit.record(
        tenant=wave.tenant,
        actor=actor,
        action="label.conflict_declared",
        email=juror.email,
        company=company.name,
        wave=wave.name,
    )
    return declaration


@transaction.atomic
def confirm_conflicts(*, wave, juror, actor):
    """The juror confirms they declared every conflict they have with the wave's applicants:
    the scoring of their assignments made until now opens (``selectors.conflicts_checked``).
    Confirming again moves the date on; it is audited each time."""
    check, _created = ConflictCheck.objects.update_or_create(
        tenant=wave.tenant, wave=wave, juror=juror, defaults={"checked_at": timezone.now()}
    )
    audit.record(
        tenant=wave.tenant,
        actor=actor,
        action="label.conflicts_confirmed",
        wave=wave.name,
        email=juror.email,
    )
    return check


def _scorable(assignment, part):
    if assignment.application.status != S.JURY:
        raise ValidationError(_("This application is not before the jury."), code="status")
    if assignment.conflict_at is not None:
        raise ValidationError(_("You declared a conflict with this company."), code="conflict")
    if part.source != Source.JURY or part.label_id != assignment.application.wave.label_id:
        raise ValidationError(_("This part is not scored by the jury."), code="part")


def _value(part, value):
    value = _decimal(value, _("The score must be a number."))
    if not Decimal("0") <= value <= part.maximum:
        raise ValidationError(
            _("“%(part)s” is scored from 0 to %(maximum)s.")
            % {"part": part.name, "maximum": part.maximum},
            code="range",
        )
    return value


STALE = _("This score changed in another window since you opened it: reload to see it.")


def save_score(*, assignment, part, value, actor, expected_version=0, comment=""):
    """A juror's draft score of a jury part, from 0 to its maximum, until they submit. The save
    applies only to the version the juror read (``expected_version``, 0 for a first score):
    otherwise it is refused as "stale" and nothing is overwritten. Two jurors never write the
    same row; the same juror in two tabs gets the error in the second."""
    _scorable(assignment, part)
    if assignment.submitted_at is not None:
        raise ValidationError(
            _("Your scores are submitted: amend them with a reason."), code="submitted"
        )
    value = _value(part, value)
    now = timezone.now()
    with transaction.atomic():
        if expected_version == 0:
            try:
                with transaction.atomic():
                    return JuryScore.objects.create(
                        tenant=assignment.tenant,
                        assignment=assignment,
                        part=part,
                        value=value,
                        comment=comment,
                        updated_at=now,
                    )
            except IntegrityError:
                raise ValidationError(STALE, code="stale") from None
        updated = JuryScore.objects.filter(
            assignment=assignment,
            part=part,
            version=expected_version,
            submitted_at__isnull=True,
        ).update(value=value, comment=comment, version=F("version") + 1, updated_at=now)
        if updated != 1:
            raise ValidationError(STALE, code="stale")
        return JuryScore.objects.get(assignment=assignment, part=part)


@transaction.atomic
def submit_scores(*, assignment, actor):
    """The juror submits their scores once every jury part is scored; they then see the other
    jurors' (``selectors.scores_visible_to``) and may only amend theirs with a reason."""
    assignment = (
        JurorAssignment.objects.select_for_update()
        .select_related("application__wave__label", "application__company")
        .get(pk=assignment.pk)
    )
    if assignment.submitted_at is not None:
        raise ValidationError(_("Your scores are already submitted."), code="submitted")
    if assignment.application.status != S.JURY:
        raise ValidationError(_("This application is not before the jury."), code="status")
    parts = set(
        ScoredPart.objects.filter(
            label_id=assignment.application.wave.label_id, source=Source.JURY
        ).values_list("pk", flat=True)
    )
    scored = set(assignment.scores.values_list("part_id", flat=True))
    if parts - scored:
        raise ValidationError(_("Score every part before submitting."), code="incomplete")
    now = timezone.now()
    assignment.scores.update(submitted_at=now)
    assignment.submitted_at = now
    assignment.save(update_fields=["submitted_at"])
    audit.record(
        tenant=assignment.tenant,
        actor=actor,
        action="label.scores_submitted",
        company=assignment.application.company.name,
    )
    return assignment


@transaction.atomic
def amend_score(*, score, value, reason, actor, comment=None):
    """Change a submitted score, before the decision, with a reason: the amendment keeps the
    previous and the new value, who and when."""
    score = (
        JuryScore.objects.select_for_update()
        .select_related("assignment__application__wave", "part")
        .get(pk=score.pk)
    )
    if score.submitted_at is None:
        raise ValidationError(_("A draft score is changed by saving it again."), code="draft")
    _scorable(score.assignment, score.part)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why you change a submitted score."), code="reason")
    value = _value(score.part, value)
    ScoreAmendment.objects.create(
        tenant=score.tenant,
        score=score,
        previous_value=score.value,
        new_value=value,
        reason=reason,
        actor=actor,
    )
    score.value = value
    if comment is not None:
        score.comment = comment
    score.version += 1
    score.updated_at = timezone.now()
    score.save(update_fields=["value", "comment", "version", "updated_at"])
    audit.record(
        tenant=score.tenant,
        actor=actor,
        action="label.score_amended",
        company=score.assignment.application.company.name,
        part=score.part.name,
    )
    return score


# --- Decisions and certificates -----------------------------------------------------------------


def compute_total(*, application):
    """The application's total and how it was made: the audit's score, the customer survey's
    mean scaled to its part's maximum, and for each jury part the mean of the jurors who
    submitted without a conflict. A part with nothing recorded refuses the computation."""
    label = application.wave.label
    breakdown = []
    missing = []
    for part in ScoredPart.objects.filter(label=label):
        if part.source == Source.AUDIT:
            report = AuditReport.objects.filter(application=application).first()
            value = report.score if report else None
        elif part.source == Source.CUSTOMER_SURVEY:
            mean = selectors.survey_summary(application=application)["mean"]
            value = (mean * part.maximum / 100).quantize(rules.CENT) if mean is not None else None
        else:
            values = list(
                JuryScore.objects.filter(
                    assignment__application=application,
                    assignment__conflict_at__isnull=True,
                    submitted_at__isnull=False,
                    part=part,
                ).values_list("value", flat=True)
            )
            value = rules.mean_and_spread(values)[0]
        if value is None:
            missing.append(part.name)
        else:
            breakdown.append({"part": part.name, "source": part.source, "value": str(value)})
    if missing:
        raise ValidationError(
            _("Nothing recorded yet for: %(parts)s.") % {"parts": ", ".join(missing)},
            code="incomplete",
        )
    return rules.total(Decimal(row["value"]) for row in breakdown), breakdown


@transaction.atomic
def decide(*, application, actor, rationale, deliberation="", defer=False, reason="", notify=True):
    """The manager records the jury's decision: the total is computed (``compute_total``) and
    the label's rule grants it, with a level, or refuses it (``rules.decide``); or the
    application is deferred. A published decision is never edited: deciding again (a
    correction, with its ``reason``) writes a new decision that supersedes the one in force and
    a new transition. A certified application is not decided again. ``deliberation`` keeps the
    minutes of the jury's discussion beside the rationale."""
    application = Application.objects.select_related("wave__label", "company", "decision").get(
        pk=application.pk
    )
    if not (rationale or "").strip():
        raise ValidationError(_("Write the rationale of the decision."), code="rationale")
    total, breakdown = compute_total(application=application)
    granted, level = rules.decide(application.wave.label, total)
    if defer:
        outcome, level = Decision.Outcome.DEFERRED, ""
    else:
        outcome = Decision.Outcome.GRANTED if granted else Decision.Outcome.REFUSED
    if application.status not in (S.JURY, S.DECIDED):
        raise ValidationError(_("This application is not before the jury."), code="status")
    if application.status == S.DECIDED and not (reason or "").strip():
        raise ValidationError(_("Say why the decision is corrected."), code="reason")
    decision = Decision.objects.create(
        tenant=application.tenant,
        application=application,
        outcome=outcome,
        level=level,
        total=total,
        breakdown={"parts": breakdown},
        rationale=rationale.strip(),
        deliberation=(deliberation or "").strip(),
        supersedes=application.decision,
        decided_by=actor,
    )
    Application.objects.filter(pk=application.pk).update(decision=decision, total=total)
    application.decision, application.total = decision, total
    move(
        application=application,
        to=S.DECIDED,
        actor=actor,
        reason=reason or rationale,
        notify=notify,
    )
    audit.record(
        tenant=application.tenant,
        actor=actor,
        action="label.decided",
        company=application.company.name,
        outcome=decision.get_outcome_display(),
        total=total,
    )
    application.refresh_from_db()
    return decision


def _new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def certify(*, application, actor, issued_on=None, notify=True):
    """The granted application's certificate: an unguessable code (12 characters, unique across
    tenants), valid for the label's months from ``issued_on``. A renewed application's previous
    one becomes "renewed"."""
    application = Application.objects.select_related("wave__label", "decision", "previous").get(
        pk=application.pk
    )
    move(application=application, to=S.CERTIFIED, actor=actor, notify=notify)
    issued_on = issued_on or timezone.localdate()
    code = _new_code()
    while Certificate.objects.filter(code=code).exists():  # 32**12: practically never
        code = _new_code()
    certificate = Certificate.objects.create(
        tenant=application.tenant,
        application=application,
        code=code,
        level=application.decision.level,
        issued_on=issued_on,
        valid_until=issued_on + relativedelta(months=application.wave.label.validity_months),
    )
    previous = application.previous
    if previous is not None and (previous.status, S.RENEWED) in TRANSITIONS:
        move(application=previous, to=S.RENEWED, actor=actor, notify=notify)
    audit.record(
        tenant=application.tenant,
        actor=actor,
        action="label.certified",
        company=application.company.name,
        code=certificate.display_code,
    )
    return certificate


@transaction.atomic
def withdraw_certificate(*, certificate, reason, actor):
    """Withdraw a certificate, with its reason: the verification page says "withdrawn" and the
    company leaves the showcase."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the certificate is withdrawn."), code="reason")
    if certificate.withdrawn_at is not None:
        raise ValidationError(_("This certificate is already withdrawn."), code="withdrawn")
    certificate.withdrawn_at = timezone.now()
    certificate.withdrawn_reason = reason
    certificate.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit.record(
        tenant=certificate.tenant,
        actor=actor,
        action="label.certificate_withdrawn",
        code=certificate.display_code,
        reason=reason,
    )
    return certificate


def expire_due(*, tenant, today, notify=True):
    """Certified applications whose certificate ended before ``today`` become "expired" (the
    certificate stays, its verification says "expired"). Safe to run twice. Returns how many."""
    due = Application.objects.filter(
        tenant=tenant,
        status=S.CERTIFIED,
        certificate__valid_until__lt=today,
    ).order_by("pk")
    count = 0
    for application in due:
        move(application=application, to=S.EXPIRED, actor=None, notify=notify)
        count += 1
    return count


# --- A role that ends ---------------------------------------------------------------------------

UNDECIDED = (S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.AUDIT, S.JURY)


@transaction.atomic
def end_jury_work_of(*, tenant, user):
    """The person's role in the tenant ended: their assignments to applications not yet decided
    go (with their scores) and so do their grants; decided applications keep theirs as history."""
    assignments = JurorAssignment.objects.filter(
        tenant=tenant, juror=user, application__status__in=UNDECIDED
    ).select_related("application")
    for assignment in assignments:
        if permissions.has_grant(user, "labels.score", assignment.application):
            permissions.revoke(user, "labels.score", assignment.application)
        assignment.delete()
    for application in Application.objects.filter(
        tenant=tenant, auditor=user, status__in=UNDECIDED
    ):
        if permissions.has_grant(user, "labels.audit", application):
            permissions.revoke(user, "labels.audit", application)
        application.auditor = None
        application.save(update_fields=["auditor"])
