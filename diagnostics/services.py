"""Every state change of the self-assessment grids: frameworks, diagnostics, campaigns, reports."""

import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.services import ensure_in_good_standing
from rse_platform.files import services as files
from rse_platform.files.storage import display_name
from rse_platform.mail import services as mail
from rse_platform.tenants import audit, registry

from . import scoring, selectors, tasks
from .models import (
    Answer,
    Campaign,
    CampaignInvitation,
    Criterion,
    Diagnostic,
    Framework,
    FrameworkVersion,
    IsoSubject,
    Level,
    Scale,
    Theme,
)
from .reports import REPORT

FORMAT = "rse-platform.framework"
FORMAT_VERSION = 1


# --- Framework builder -------------------------------------------------------------------------


def _editable(version):
    if version.is_published:
        raise ValidationError(_("A published version cannot be changed; create a new version."))


@transaction.atomic
def create_framework(*, tenant, name, description="", actor=None):
    """A new framework starts as an empty draft version 1."""
    if Framework.objects.filter(tenant=tenant, name=name).exists():
        raise ValidationError(_("A framework with this name already exists."))
    framework = Framework.objects.create(tenant=tenant, name=name, description=description)
    version = FrameworkVersion.objects.create(tenant=tenant, framework=framework, number=1)
    audit.record(tenant=tenant, actor=actor, action="framework.created", framework=name)
    return version


@transaction.atomic
def add_theme(*, version, title, weight=Decimal("1")):
    _editable(version)
    order = (version.themes.aggregate(m=Max("order"))["m"] or 0) + 1
    theme = Theme(tenant=version.tenant, version=version, title=title, weight=weight, order=order)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def add_criterion(*, theme, title, scale, max_points=Decimal("0"), **fields):
    """Numeric indicators are recorded, never scored: their maximum is forced to 0."""
    version = theme.version
    _editable(version)
    if scale == Scale.NUMBER:
        max_points = Decimal("0")
    elif not max_points or Decimal(max_points) <= 0:
        raise ValidationError(_("A scored criterion needs a maximum above 0."))
    order = (theme.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = Criterion(
        tenant=theme.tenant,
        version=version,
        theme=theme,
        title=title,
        scale=scale,
        max_points=max_points,
        order=order,
        **fields,
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def add_level(*, version, name, min_percent):
    _editable(version)
    if version.levels.filter(min_percent=min_percent).exists():
        raise ValidationError(_("Another level already has this threshold."))
    level = Level(tenant=version.tenant, version=version, name=name, min_percent=min_percent)
    level.full_clean()
    level.save()
    return level


@transaction.atomic
def remove_item(*, version, item):
    """Remove a theme, criterion or level from a draft version."""
    _editable(version)
    if item.version_id != version.pk:
        raise ValidationError(_("This item belongs to another version."))
    item.delete()


@transaction.atomic
def publish_version(*, version, actor):
    """Freeze a draft: from now on answers may point to it and nothing in it changes."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    if not version.criteria.exclude(scale=Scale.NUMBER).exists():
        raise ValidationError(_("A version needs at least one scored criterion to be published."))
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit.record(
        tenant=version.tenant,
        actor=actor,
        action="framework.published",
        framework=version.framework.name,
        version=version.number,
    )
    return version


@transaction.atomic
def new_version(*, version, actor):
    """A new version is an editable copy of the latest one; older answers keep their version."""
    framework = version.framework
    if framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists():
        raise ValidationError(_("This framework already has a draft version."))
    number = framework.versions.aggregate(m=Max("number"))["m"] + 1
    copy = _build_version(
        tenant=version.tenant,
        framework=framework,
        number=number,
        data=export_version(version=version),
    )
    audit.record(
        tenant=version.tenant,
        actor=actor,
        action="framework.versioned",
        framework=framework.name,
        version=number,
    )
    return copy


def export_version(*, version):
    """The JSON-ready description of a version, as shared between clusters."""
    themes = version.themes.prefetch_related("criteria").order_by("order", "id")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": version.framework.name,
        "description": version.framework.description,
        "levels": [
            {"name": level.name, "min_percent": str(level.min_percent)}
            for level in version.levels.order_by("min_percent")
        ],
        "themes": [
            {
                "title": theme.title,
                "weight": str(theme.weight),
                "criteria": [
                    {
                        "code": criterion.code,
                        "title": criterion.title,
                        "guidance": criterion.guidance,
                        "iso_subject": criterion.iso_subject,
                        "evidence_expected": criterion.evidence_expected,
                        "scale": criterion.scale,
                        "max_points": str(criterion.max_points),
                        "unit": criterion.unit,
                        # Optional in the format: written only when the criterion has some.
                        **({"level_texts": criterion.level_texts} if criterion.level_texts else {}),
                    }
                    for criterion in sorted(theme.criteria.all(), key=lambda c: (c.order, c.id))
                ],
            }
            for theme in themes
        ],
    }


def _decimal(value, path, errors, *, minimum=Decimal("0"), maximum=None):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(_("%(path)s: “%(value)s” is not a number.") % {"path": path, "value": value})
        return None
    if not number.is_finite() or number < minimum or (maximum is not None and number > maximum):
        errors.append(_("%(path)s: %(value)s is out of range.") % {"path": path, "value": value})
        return None
    return number


def _text(item, key, path, errors, *, required=False, max_length=300):
    value = item.get(key, "")
    if not isinstance(value, str):
        errors.append(_("%(path)s.%(key)s must be text.") % {"path": path, "key": key})
        return ""
    value = value.strip()
    if required and not value:
        errors.append(_("%(path)s.%(key)s is required.") % {"path": path, "key": key})
    if len(value) > max_length:
        errors.append(_("%(path)s.%(key)s is too long.") % {"path": path, "key": key})
    return value


def validate_framework_data(data):
    """Check an imported framework completely; returns the list of every problem found."""
    errors = []
    if not isinstance(data, dict):
        return [_("The file must contain one JSON object.")]
    if data.get("format") != FORMAT:
        errors.append(_("format: this is not a framework exported by the platform."))
    _text(data, "name", "name", errors, required=True, max_length=200)
    _text(data, "description", "description", errors, max_length=5000)
    levels = data.get("levels", [])
    if not isinstance(levels, list):
        errors.append(_("levels must be a list."))
        levels = []
    thresholds = set()
    for index, level in enumerate(levels):
        path = f"levels[{index}]"
        if not isinstance(level, dict):
            errors.append(_("%(path)s must be an object.") % {"path": path})
            continue
        _text(level, "name", path, errors, required=True, max_length=60)
        threshold = _decimal(
            level.get("min_percent"), f"{path}.min_percent", errors, maximum=Decimal("100")
        )
        if threshold is not None:
            if threshold in thresholds:
                errors.append(_("%(path)s: two levels share this threshold.") % {"path": path})
            thresholds.add(threshold)
    themes = data.get("themes")
    if not isinstance(themes, list) or not themes:
        errors.append(_("themes must be a non-empty list."))
        themes = []
    for index, theme in enumerate(themes):
        path = f"themes[{index}]"
        if not isinstance(theme, dict):
            errors.append(_("%(path)s must be an object.") % {"path": path})
            continue
        _text(theme, "title", path, errors, required=True, max_length=200)
        _decimal(theme.get("weight", "1"), f"{path}.weight", errors)
        criteria = theme.get("criteria")
        if not isinstance(criteria, list) or not criteria:
            errors.append(_("%(path)s.criteria must be a non-empty list.") % {"path": path})
            continue
        for position, criterion in enumerate(criteria):
            cpath = f"{path}.criteria[{position}]"
            if not isinstance(criterion, dict):
                errors.append(_("%(path)s must be an object.") % {"path": path})
                continue
            _text(criterion, "title", cpath, errors, required=True)
            _text(criterion, "code", cpath, errors, max_length=20)
            _text(criterion, "guidance", cpath, errors, max_length=5000)
            _text(criterion, "evidence_expected", cpath, errors)
            _text(criterion, "unit", cpath, errors, max_length=30)
            if criterion.get("iso_subject", "") not in ["", *IsoSubject.values]:
                errors.append(
                    _("%(path)s.iso_subject: unknown ISO 26000 core subject “%(value)s”.")
                    % {"path": cpath, "value": criterion.get("iso_subject")}
                )
            scale = criterion.get("scale")
            if scale not in Scale.values:
                errors.append(
                    _("%(path)s.scale: unknown scale “%(value)s”.")
                    % {"path": cpath, "value": scale}
                )
                continue
            maximum = _decimal(criterion.get("max_points", "0"), f"{cpath}.max_points", errors)
            if scale != Scale.NUMBER and maximum is not None and maximum <= 0:
                errors.append(
                    _("%(path)s.max_points: a scored criterion needs a maximum above 0.")
                    % {"path": cpath}
                )
            _check_level_texts(criterion, scale, maximum, cpath, errors)
    return errors


def _check_level_texts(criterion, scale, maximum, path, errors):
    """``level_texts`` (optional): texts, at most one per answer of the criterion's scale."""
    texts = criterion.get("level_texts", [])
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        errors.append(_("%(path)s.level_texts must be a list of texts.") % {"path": path})
        return
    if any(len(text) > 300 for text in texts):
        errors.append(_("%(path)s.level_texts: a text is too long.") % {"path": path})
    count = len(scoring.choices_for(scale, maximum)) if maximum is not None else 0
    if len(texts) > count and any(texts):
        errors.append(
            _("%(path)s.level_texts: this scale has %(count)s answers.")
            % {"path": path, "count": count}
        )


def _build_version(*, tenant, framework, number, data):
    version = FrameworkVersion.objects.create(tenant=tenant, framework=framework, number=number)
    Level.objects.bulk_create(
        Level(
            tenant=tenant,
            version=version,
            name=level["name"].strip(),
            min_percent=Decimal(str(level["min_percent"])),
        )
        for level in data.get("levels", [])
    )
    themes = Theme.objects.bulk_create(
        Theme(
            tenant=tenant,
            version=version,
            order=index,
            title=theme["title"].strip(),
            weight=Decimal(str(theme.get("weight", "1"))),
        )
        for index, theme in enumerate(data["themes"], start=1)
    )
    Criterion.objects.bulk_create(
        Criterion(
            tenant=tenant,
            version=version,
            theme=theme,
            order=position,
            code=criterion.get("code", "").strip(),
            title=criterion["title"].strip(),
            guidance=criterion.get("guidance", "").strip(),
            iso_subject=criterion.get("iso_subject", ""),
            evidence_expected=criterion.get("evidence_expected", "").strip(),
            scale=criterion["scale"],
            max_points=(
                Decimal("0")
                if criterion["scale"] == Scale.NUMBER
                else Decimal(str(criterion["max_points"]))
            ),
            unit=criterion.get("unit", "").strip(),
            level_texts=[text.strip() for text in criterion.get("level_texts", [])]
            if any(criterion.get("level_texts", []))
            else [],
        )
        for theme, source in zip(themes, data["themes"], strict=True)
        for position, criterion in enumerate(source["criteria"], start=1)
    )
    return version


def parse_framework_file(raw):
    """Bytes of an uploaded file to data, or a ValidationError listing what is wrong."""
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(
            [_("The file is not valid JSON (%(error)s).") % {"error": error}]
        ) from None
    return data


@transaction.atomic
def import_framework(*, tenant, data, actor=None, publish=False):
    """Create a framework from shared JSON. Everything is checked first; on any problem nothing
    is written and the ValidationError lists every problem found.

    Importing a name that exists adds a new version to that framework, when it has no draft.
    """
    errors = validate_framework_data(data)
    framework = None
    if not errors:
        framework = Framework.objects.filter(tenant=tenant, name=data["name"].strip()).first()
        if framework and framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists():
            errors.append(_("This framework already has a draft version."))
    if errors:
        raise ValidationError(errors)
    if framework is None:
        framework = Framework.objects.create(
            tenant=tenant, name=data["name"].strip(), description=data.get("description", "")
        )
        number = 1
    else:
        number = framework.versions.aggregate(m=Max("number"))["m"] + 1
    version = _build_version(tenant=tenant, framework=framework, number=number, data=data)
    audit.record(tenant=tenant, actor=actor, action="framework.imported", framework=framework.name)
    if publish:
        version = publish_version(version=version, actor=actor)
    return version


# --- Diagnostics --------------------------------------------------------------------------------


@transaction.atomic
def start_diagnostic(*, company, version, actor, campaign=None, join_campaign=True):
    """A company starts a self-assessment on a published version; one draft at a time per
    version, so that coming back later resumes it instead of starting over. An excluded company
    starts nothing (the error gives the reason).

    It counts as the company's answer to the open campaign on this version it was invited to,
    unless the person starting it says no (``join_campaign=False``); never to a campaign the
    company has already answered (a submitted self-assessment there): nothing joins a campaign
    silently a second time."""
    ensure_in_good_standing(company=company)
    if not version.is_published:
        raise ValidationError(_("Only a published framework can be answered."))
    if campaign is not None and selectors.has_answered(company=company, campaign=campaign):
        raise ValidationError(
            _("%(company)s has already answered the campaign “%(campaign)s”.")
            % {"company": company.name, "campaign": campaign.title}
        )
    if campaign is None and join_campaign:
        campaign = selectors.open_campaign_for(company=company, version=version)
    existing = Diagnostic.objects.filter(
        company=company, version=version, status=Diagnostic.Status.DRAFT
    ).first()
    if existing:
        # The answer given now decides: leave the campaign, or join one it was not part of.
        if not join_campaign and existing.campaign_id:
            existing.campaign = None
            existing.save(update_fields=["campaign"])
        elif join_campaign and campaign and existing.campaign_id is None:
            existing.campaign = campaign
            existing.save(update_fields=["campaign"])
        return existing
    if not join_campaign:
        campaign = None
    diagnostic = Diagnostic.objects.create(
        tenant=company.tenant, company=company, version=version, campaign=campaign, started_by=actor
    )
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="diagnostic.started",
        company=company.name,
        framework=version.framework.name,
    )
    return diagnostic


def _open(diagnostic):
    """A draft can be answered while its company is in good standing: an excluded company answers
    no campaign and no self-assessment until the exclusion is lifted."""
    if diagnostic.is_submitted:
        raise ValidationError(_("This self-assessment is submitted and can no longer change."))
    ensure_in_good_standing(company=diagnostic.company)


def save_answer(
    *, diagnostic, criterion, actor, choice=None, number=None, comment=None, not_applicable=None
):
    """Record one answer as it is given (autosave). The points are derived from the answer now,
    from the immutable version, so that scoring later is a sum.

    A criterion is either answered or marked not applicable, never both: marking it clears its
    answer (it then leaves the maximum), answering it (a choice or a number) clears the mark.
    Both in one call is refused. ``None`` leaves a field as it is."""
    _open(diagnostic)
    if criterion.version_id != diagnostic.version_id:
        raise ValidationError(_("This criterion is not part of this framework version."))
    defaults = {"tenant": diagnostic.tenant, "answered_by": actor, "updated_at": timezone.now()}
    if choice is not None:
        choice = choice.strip()
        if criterion.scale == Scale.NUMBER and choice:
            raise ValidationError(_("This indicator takes a number."))
        if choice:
            try:
                defaults["points"] = scoring.points_for(
                    scale=criterion.scale, max_points=criterion.max_points, choice=choice
                )
            except ValueError:
                raise ValidationError(_("This answer is not one of the scale's.")) from None
        else:
            defaults["points"] = None
        defaults["choice"] = choice
    if number is not None:
        if criterion.scale != Scale.NUMBER and number != "":
            raise ValidationError(_("This criterion is not a numeric indicator."))
        defaults["number"] = number if number != "" else None
    answers = bool(defaults.get("choice")) or defaults.get("number") is not None
    if not_applicable:
        if answers:
            raise ValidationError(_("An answer cannot be given and marked not applicable."))
        defaults.update(not_applicable=True, choice="", points=None, number=None)
    elif not_applicable is not None or answers:
        defaults["not_applicable"] = False
    if comment is not None:
        defaults["comment"] = comment.strip()
    answer, _created = Answer.objects.update_or_create(
        diagnostic=diagnostic, criterion=criterion, defaults=defaults
    )
    return answer


@transaction.atomic
def attach_evidence(*, diagnostic, criterion, upload, actor):
    """Keep one evidence file per criterion, under a random name (the person's name for it is
    kept for the download); the upload's content was checked by the form."""
    _open(diagnostic)
    answer = save_answer(diagnostic=diagnostic, criterion=criterion, actor=actor)
    if answer.evidence:
        answer.evidence.delete(save=False)
    answer.evidence_name = display_name(upload.name)
    answer.evidence.save(upload.name, upload, save=False)
    answer.save(update_fields=["evidence", "evidence_name"])
    audit.record(
        tenant=diagnostic.tenant,
        actor=actor,
        action="diagnostic.evidence_added",
        company=diagnostic.company.name,
        criterion=criterion.title,
    )
    return answer


def answer_row(*, diagnostic, criterion):
    """The answer row of a criterion, created blank when the criterion was left unanswered, so
    that notes and actions can hang off it even after submission (it scores nothing)."""
    answer, _created = Answer.objects.get_or_create(
        diagnostic=diagnostic,
        criterion=criterion,
        defaults={"tenant": diagnostic.tenant, "answered_by": None},
    )
    return answer


@transaction.atomic
def annotate(*, diagnostic, criterion, note, actor):
    """A consultant's note on one criterion; allowed after submission (that is when reviews
    happen), and recorded in the trail."""
    answer = answer_row(diagnostic=diagnostic, criterion=criterion)
    answer.consultant_note = note.strip()
    answer.save(update_fields=["consultant_note"])
    audit.record(
        tenant=diagnostic.tenant,
        actor=actor,
        action="diagnostic.annotated",
        company=diagnostic.company.name,
        criterion=criterion.title,
    )
    return answer


@transaction.atomic
def review(*, diagnostic, note, actor):
    """The consultant's or programme team's overall review of a diagnostic."""
    diagnostic.review_note = note.strip()
    diagnostic.save(update_fields=["review_note"])
    audit.record(
        tenant=diagnostic.tenant,
        actor=actor,
        action="diagnostic.reviewed",
        company=diagnostic.company.name,
    )
    return diagnostic


@transaction.atomic
def submit_diagnostic(*, diagnostic, actor):
    """Lock the self-assessment and keep its overall score and level for benchmarks. Only a
    complete one is submitted: every criterion answered or marked not applicable, so that no
    submitted score counts a blank as 0 (``selectors.missing_criteria`` lists what is left)."""
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    _open(diagnostic)
    missing = len(selectors.missing_criteria(diagnostic=diagnostic))
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)s criterion is neither answered nor marked not applicable: answer it "
                "or mark it not applicable, then submit.",
                "%(count)s criteria are neither answered nor marked not applicable: answer them "
                "or mark them not applicable, then submit.",
                missing,
            )
            % {"count": missing},
            code="incomplete",
        )
    result = selectors.diagnostic_result(diagnostic=diagnostic)
    diagnostic.status = Diagnostic.Status.SUBMITTED
    diagnostic.submitted_at = timezone.now()
    diagnostic.submitted_by = actor
    diagnostic.overall_percent = result.overall_percent
    diagnostic.level = result.level
    diagnostic.save(
        update_fields=["status", "submitted_at", "submitted_by", "overall_percent", "level"]
    )
    audit.record(
        tenant=diagnostic.tenant,
        actor=actor,
        action="diagnostic.submitted",
        company=diagnostic.company.name,
        framework=diagnostic.version.framework.name,
        score=result.overall_percent,
    )
    return diagnostic


def create_action_from_criterion(*, answer, actor):
    """Turn a weak criterion into an action of the company's action plan, through the target the
    action plans app sets in the core registry (``registry.set_action_target``)."""
    target = registry.action_target()
    if target is None:
        raise ValidationError(_("Action plans are not available yet."))
    criterion = answer.criterion
    action = target(
        company=answer.diagnostic.company,
        title=criterion.title,
        description=criterion.guidance,
        theme=criterion.theme.title,
        criterion=criterion.title,
        criterion_id=criterion.pk,
        actor=actor,
    )
    audit.record(
        tenant=answer.tenant,
        actor=actor,
        action="diagnostic.action_created",
        company=answer.diagnostic.company.name,
        criterion=criterion.title,
    )
    return action


# --- Reports ------------------------------------------------------------------------------------


def request_report(*, diagnostic, actor, language):
    """Queue the PDF report of a submitted diagnostic on the worker, in ``language`` (the asking
    person's); the core's generated-document flow renders, tracks and serves it."""
    if not diagnostic.is_submitted:
        raise ValidationError(_("Submit the self-assessment before asking for its report."))
    return files.request_document(kind=REPORT, subject=diagnostic, user=actor, language=language)


# --- Campaigns ----------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *, tenant, version, title, deadline, companies, actor, message="", reminder_days=7
):
    """Send a published framework to companies with a deadline; invitations leave once saved.
    An excluded company cannot be invited (it answers no campaign)."""
    if not version.is_published:
        raise ValidationError(_("Only a published framework can be sent."))
    if deadline < timezone.localdate():
        raise ValidationError(_("The deadline is in the past."))
    companies = list(companies)
    if not companies:
        raise ValidationError(_("Choose at least one company."))
    excluded = selectors.first_excluded(companies=companies)
    if excluded is not None:
        ensure_in_good_standing(company=excluded)  # raises, with the company and the reason
    campaign = Campaign.objects.create(
        tenant=tenant,
        version=version,
        title=title,
        deadline=deadline,
        message=message,
        reminder_days=reminder_days,
        created_by=actor,
    )
    CampaignInvitation.objects.bulk_create(
        CampaignInvitation(tenant=tenant, campaign=campaign, company=company)
        for company in companies
    )
    audit.record(
        tenant=tenant, actor=actor, action="campaign.created", campaign=title, count=len(companies)
    )
    mail.queue(tasks.send_campaign_invitations, tenant.pk, campaign.pk)
    return campaign


def invite_to_campaign(*, campaign, company, actor):
    """Add a company to a campaign that is still open (from the register's bulk action); its
    people get the invitation like the first recipients. A company already invited stays as it
    is; an excluded one is refused with the reason."""
    if campaign.deadline < timezone.localdate():
        raise ValidationError(_("The campaign's deadline has passed."))
    ensure_in_good_standing(company=company)
    invitation, created = CampaignInvitation.objects.get_or_create(
        tenant=campaign.tenant, campaign=campaign, company=company
    )
    if created:
        audit.record(
            tenant=campaign.tenant,
            actor=actor,
            action="campaign.company_added",
            campaign=campaign.title,
            company=company.name,
        )
        mail.queue(tasks.send_campaign_invitations, campaign.tenant_id, campaign.pk)
    return invitation
