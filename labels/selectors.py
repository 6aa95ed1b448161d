"""Reads of labels: eligibility, applications, what a juror may see, the jury's scores side by
side, the customer survey's summary, the public verification of a certificate and the companies
labelled today. Each costs a fixed number of queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from rse_platform.tenants import permissions, registry

from . import rules
from .models import (
    Application,
    Certificate,
    ConflictCheck,
    ConflictDeclaration,
    CustomerInvitation,
    JurorAssignment,
    JuryScore,
    ScoredPart,
    Wave,
)

S = Application.Status

# --- Waves and eligibility ----------------------------------------------------------------------


def wave_status(wave, today=None):
    """ "upcoming" before it opens, "open" from ``opens_on`` to ``closes_on`` included, then
    "closed" until the jury met ("judged", the day after ``jury_on``)."""
    today = today or timezone.localdate()
    if today < wave.opens_on:
        return "upcoming"
    if today <= wave.closes_on:
        return "open"
    if wave.jury_on is not None and today > wave.jury_on:
        return "judged"
    return "closed"


def _naf(code):
    return code.replace(".", "").replace(" ", "").upper()


def eligibility(*, label, company):
    """``(ok, reasons)``: whether the company may apply for the label, and every reason why not
    (its activity, its commune, each condition not met, a condition no installed app provides)."""
    return eligibility_of(label=label, companies=[company])[company.pk]


def eligibility_of(*, label, companies):
    """``{company pk: (ok, reasons)}`` for several companies of one tenant: one query per
    condition the label requires, whatever the number of companies."""
    companies = list(companies)
    reasons = {company.pk: [] for company in companies}
    communes = {commune.strip().casefold() for commune in label.eligible_communes}
    for company in companies:
        if label.eligible_naf_prefixes and not any(
            _naf(company.naf_code).startswith(_naf(prefix))
            for prefix in label.eligible_naf_prefixes
        ):
            reasons[company.pk].append(
                _("Its activity (NAF code) is not one of those the label is open to.")
            )
        if communes and company.commune.strip().casefold() not in communes:
            reasons[company.pk].append(_("Its commune is outside the label's territory."))
    conditions = registry.eligibility_conditions()
    for key in label.eligibility_conditions:
        condition = conditions.get(key)
        if condition is None:
            for pks in reasons.values():
                pks.append(_("A condition of the label is not available: %(key)s.") % {"key": key})
            continue
        if not companies:
            continue
        met = condition.companies(tenant=label.tenant, company_ids=list(reasons))
        for pk, found in reasons.items():
            if pk not in met:
                found.append(
                    _("Condition not met: %(condition)s.") % {"condition": condition.label}
                )
    return {pk: (not found, found) for pk, found in reasons.items()}


# --- Applications -------------------------------------------------------------------------------


def applications_of(*, tenant, wave=None, company=None, status=None):
    """Applications of the tenant (of a wave, a company, in a status) with what a list shows."""
    applications = Application.objects.filter(tenant=tenant).select_related(
        "wave__label", "company", "decision"
    )
    if wave is not None:
        applications = applications.filter(wave=wave)
    if company is not None:
        applications = applications.filter(company=company)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("company__name", "pk")


def previous_for_renewal(*, label, company):
    """The company's latest certified (or expired) application for the label, which a new
    application renews; None for a first application."""
    return (
        Application.objects.filter(
            company=company, wave__label=label, status__in=[S.CERTIFIED, S.EXPIRED]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


# --- The jury -----------------------------------------------------------------------------------


def has_conflict(*, juror, application):
    return ConflictDeclaration.objects.filter(
        wave_id=application.wave_id, juror=juror, company_id=application.company_id
    ).exists()


def conflict_checks(*, tenant, juror):
    """``{wave pk: bool}`` for the waves where the juror confirmed their conflicts or has an
    assignment: True when a confirmation covers every assignment made there (one made after it
    asks again). Two queries."""
    checks = dict(
        ConflictCheck.objects.filter(tenant=tenant, juror=juror).values_list(
            "wave_id", "checked_at"
        )
    )
    latest = dict(
        JurorAssignment.objects.filter(tenant=tenant, juror=juror)
        .order_by()
        .values_list("application__wave")
        .annotate(latest=Max("assigned_at"))
    )
    return {
        wave_id: wave_id in checks and (wave_id not in latest or checks[wave_id] >= latest[wave_id])
        for wave_id in {*checks, *latest}
    }


# --- A juror's rows ------------------------------------------------------------------------------
# An assignment's state, in the order the juror deals with them (their table sorts on it).
TO_SCORE, DRAFT, WAITING, SUBMITTED, CLOSED, CONFLICT = ASSIGNMENT_STATES = range(6)
PENDING = (TO_SCORE, DRAFT)
BEFORE_JURY = (S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.AUDIT)


def juror_assignments(request):
    """The person's assignments in this tenant: those they may score (their grant) and those
    they left for a conflict after submitting (kept for the history, their scores hidden)."""
    scorable = permissions.visible(request, "labels.score", Application.objects.all())
    return JurorAssignment.objects.filter(tenant=request.tenant, juror=request.user).filter(
        Q(application__in=scorable.values("pk")) | Q(conflict_at__isnull=False)
    )


def with_state(assignments):
    """Each assignment with ``state_rank`` (``TO_SCORE``… ``CONFLICT``), computed in SQL."""
    drafted = JuryScore.objects.filter(assignment=OuterRef("pk"))
    return assignments.annotate(
        state_rank=Case(
            When(conflict_at__isnull=False, then=Value(CONFLICT)),
            When(submitted_at__isnull=False, then=Value(SUBMITTED)),
            When(application__status__in=BEFORE_JURY, then=Value(WAITING)),
            When(~Q(application__status=S.JURY), then=Value(CLOSED)),
            When(Exists(drafted), then=Value(DRAFT)),
            default=Value(TO_SCORE),
            output_field=IntegerField(),
        )
    )


def state_counts(request):
    """``{state: count}`` and the earliest jury day of the pending ones, in one query."""
    counts, next_jury = dict.fromkeys(ASSIGNMENT_STATES, 0), None
    rows = (
        with_state(juror_assignments(request))
        .order_by()
        .values("state_rank")
        .annotate(count=Count("pk"), jury_on=Min("application__wave__jury_on"))
    )
    for row in rows:
        counts[row["state_rank"]] += row["count"]
        if row["state_rank"] in PENDING and row["jury_on"]:
            next_jury = min(filter(None, (next_jury, row["jury_on"])))
    return counts, next_jury


def juror_waves(request):
    """The waves the juror works on: those where they have an assignment, and those before
    the jury (an application at the jury stage, or applications closed and the jury day not
    passed) of a label with parts the jurors score."""
    today = timezone.localdate()
    mine = juror_assignments(request).filter(application__wave=OuterRef("pk"))
    at_jury = Application.objects.filter(wave=OuterRef("pk"), status=S.JURY)
    scored = ScoredPart.objects.filter(label=OuterRef("label"), source=ScoredPart.Source.JURY)
    closed = Q(closes_on__lt=today, jury_on__gte=today)
    return (
        Wave.objects.filter(tenant=request.tenant)
        .filter(Exists(mine) | (Exists(scored) & (Exists(at_jury) | closed)))
        .select_related("label")
    )


def scores_visible_to(*, juror, application):
    """The jurors' submitted scores of the application this juror may see: none until they
    submitted their own (blind scoring), none at all when they declared a conflict with the
    company; afterwards every counting juror's, theirs included. Two queries."""
    own = (
        JurorAssignment.objects.filter(application=application, juror=juror)
        .only("submitted_at", "conflict_at")
        .first()
    )
    if own is None or own.submitted_at is None or own.conflict_at is not None:
        return []
    if has_conflict(juror=juror, application=application):
        return []
    return list(
        JuryScore.objects.filter(
            assignment__application=application,
            assignment__conflict_at__isnull=True,
            submitted_at__isnull=False,
        ).select_related("assignment__juror", "part")
    )


@dataclass(frozen=True)
class PartScores:
    """One jury part: each counting juror's submitted score, with mean, spread, standard
    deviation and the jurors whose score stands apart."""

    part: ScoredPart
    scores: list  # JuryScore, by juror
    mean: Decimal | None
    spread: Decimal | None
    std_dev: Decimal | None
    outliers: frozenset  # ids of the JuryScore rows standing apart


def side_by_side(*, application):
    """The manager's view of the jury: for each jury part, the submitted scores of the jurors
    without a conflict, side by side. Two queries."""
    parts = list(
        ScoredPart.objects.filter(label_id=application.wave.label_id, source=ScoredPart.Source.JURY)
    )
    by_part = defaultdict(list)
    for score in (
        JuryScore.objects.filter(
            assignment__application=application,
            assignment__conflict_at__isnull=True,
            submitted_at__isnull=False,
        )
        .select_related("assignment__juror")
        .order_by("assignment__juror__email", "pk")
    ):
        by_part[score.part_id].append(score)
    rows = []
    for part in parts:
        scores = by_part[part.pk]
        values = [score.value for score in scores]
        mean, spread, std_dev = rules.mean_and_spread(values)
        apart = frozenset(scores[index].pk for index in rules.outliers(values))
        rows.append(PartScores(part, scores, mean, spread, std_dev, apart))
    return rows


def juror_loads(*, wave):
    """{juror id: number of applications of the wave assigned to them}."""
    return dict(
        JurorAssignment.objects.filter(application__wave=wave)
        .values_list("juror_id")
        .annotate(count=Count("pk"))
        .values_list("juror_id", "count")
    )


# --- The customer survey ------------------------------------------------------------------------


SURVEY_MIN_ANSWERS = 3  # below, the company is not shown the mean: it could be one answer


def survey_summary(*, application):
    """What the company sees of its customer survey: how many were invited and answered, the
    response rate (%) and the mean score (/100), the mean only from ``SURVEY_MIN_ANSWERS``
    answers (``mean_shown``; the jury's figures use it in any case). Never who answered, nor
    any single answer. Two queries."""
    figures = CustomerInvitation.objects.filter(application=application).aggregate(
        invited=Count("pk"),
        answered=Count("pk", filter=Q(answer__isnull=False)),
    )
    scores = CustomerInvitation.objects.filter(
        application=application, answer__isnull=False
    ).values_list("answer__score", flat=True)
    mean, _spread, _std = (
        rules.mean_and_spread(list(scores))
        if figures["answered"]
        else (
            None,
            None,
            None,
        )
    )
    invited = figures["invited"]
    rate = (Decimal(figures["answered"]) * 100 / invited).quantize(rules.CENT) if invited else None
    return {
        "invited": invited,
        "answered": figures["answered"],
        "rate": rate,
        "mean": mean,
        "mean_shown": figures["answered"] >= SURVEY_MIN_ANSWERS,
        "min_answers": SURVEY_MIN_ANSWERS,
    }


# --- Certificates -------------------------------------------------------------------------------


def certificate_state(certificate, today=None):
    """ "withdrawn", "expired" (after ``valid_until``), "valid" (from ``issued_on``)."""
    today = today or timezone.localdate()
    if certificate.withdrawn_at is not None:
        return "withdrawn"
    if today > certificate.valid_until:
        return "expired"
    if today < certificate.issued_on:
        return "not_yet_valid"
    return "valid"


def normalise_code(code):
    return "".join(character for character in (code or "").upper() if character.isalnum())


def verify(code, today=None):
    """What the public verification page says of a certificate code, whichever tenant issued
    it: ``{"state": "valid" | "expired" | "withdrawn" | "unknown", ...}`` with only the label's
    name, the level, the company's name, the dates and the tenant's name. The one read of this
    app outside a tenant's scope: nothing else of the tenant is returned."""
    normalised = normalise_code(code)
    if not normalised:
        return {"state": "unknown"}
    with scopes_disabled():
        certificate = (
            Certificate.objects.filter(code=normalised)
            .select_related("tenant", "application__company", "application__wave__label")
            .first()
        )
        if certificate is None:
            return {"state": "unknown"}
        return {
            "state": certificate_state(certificate, today),
            "label": certificate.application.wave.label.name,
            "level": certificate.level,
            "company": certificate.application.company.name,
            "issued_on": certificate.issued_on,
            "valid_until": certificate.valid_until,
            "tenant": certificate.tenant.name,
        }


def valid_certificates(*, tenant, today=None):
    today = today or timezone.localdate()
    return Certificate.objects.filter(
        tenant=tenant,
        withdrawn_at__isnull=True,
        issued_on__lte=today,
        valid_until__gte=today,
    )


def labelled_companies(*, tenant, label=None, level=None, today=None):
    """The certificates valid today (not withdrawn, not expired), with their company and
    label: the tenant's showcase. One query."""
    certificates = valid_certificates(tenant=tenant, today=today).select_related(
        "application__company", "application__wave__label"
    )
    if label is not None:
        certificates = certificates.filter(application__wave__label=label)
    if level:
        certificates = certificates.filter(level=level)
    return list(certificates.order_by("application__company__name", "pk"))


def labelled_counts(*, tenant, today=None):
    """[(label name, level, number of companies)] holding a valid certificate. One query."""
    rows = (
        valid_certificates(tenant=tenant, today=today)
        .values_list("application__wave__label__name", "level")
        .annotate(companies=Count("application__company", distinct=True))
        .order_by("application__wave__label__name", "level")
    )
    return list(rows)
