"""Reads of the self-assessment grids. Scoring is done in the database with aggregates, so a
results page or a campaign aggregate costs the same number of queries whatever its size."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, CompanyMember, Exclusion
from rse_platform.tenants import permissions
from rse_platform.tenants.models import Membership
from rse_platform.tenants.registry import ActivityFigure
from rse_platform.web.tables import Natural, head_and_count

from . import scoring
from .models import (
    Answer,
    Campaign,
    CampaignInvitation,
    Criterion,
    Diagnostic,
    Framework,
    FrameworkVersion,
    Level,
    Scale,
    Theme,
)

# A benchmark shows figures of at least this many companies besides the one it is shown to.
BENCHMARK_MINIMUM = 5
STRENGTH = 75  # a criterion at 75 % of its maximum or more is a strength, below it is to work on
# The radar's drawing size: large enough for its wrapped theme titles on the page and in the PDF.
RADAR = {"size": 360, "radius": 120}


def frameworks(*, tenant):
    return Framework.objects.filter(tenant=tenant).prefetch_related("versions")


def published_versions(*, tenant):
    return (
        FrameworkVersion.objects.filter(tenant=tenant, status=FrameworkVersion.Status.PUBLISHED)
        .select_related("framework")
        .order_by("framework__name", "-number")
    )


def version_structure(*, version):
    return version.themes.prefetch_related("criteria").order_by("order", "id")


def visible_diagnostics(request):
    """Diagnostics of the companies the person asking may open (``companies.view``)."""
    return (
        permissions.visible(request, "diagnostics.view", Diagnostic.objects.all())
        .select_related("company", "version__framework")
        .order_by("-started_at", "-id")
    )


def filter_diagnostics(diagnostics, *, query="", status="", framework=""):
    """The self-assessments list's filters, in the database: company name, status, framework."""
    if query:
        diagnostics = diagnostics.filter(company__name__icontains=query)
    if status in Diagnostic.Status.values:
        diagnostics = diagnostics.filter(status=status)
    if framework.isdigit():
        diagnostics = diagnostics.filter(version__framework_id=int(framework))
    return diagnostics


def fillable_companies(request):
    """The companies whose self-assessments the person asking may fill (``diagnostics.fill``)."""
    return permissions.visible(request, "diagnostics.fill", Company.objects.all())


def _excluded():
    """For a queryset of rows with a ``company_id``: their company is excluded now."""
    return Exists(Exclusion.objects.filter(company=OuterRef("company_id"), lifted_at__isnull=True))


def exclusions_among(*, companies):
    """The active exclusions of ``companies``, with their reason, for the pages that explain why
    a company can no longer start or answer a self-assessment."""
    return (
        Exclusion.objects.filter(company__in=companies.values("pk"), lifted_at__isnull=True)
        .select_related("company")
        .order_by("company__name")
    )


def first_excluded(*, companies):
    """One excluded company among ``companies`` (a list), or None."""
    exclusion = (
        Exclusion.objects.filter(
            company__in=[company.pk for company in companies], lifted_at__isnull=True
        )
        .select_related("company")
        .first()
    )
    return exclusion.company if exclusion else None


# An answer row that leaves nothing to do: answered, or marked not applicable.
COMPLETE = ~Q(choice="") | Q(number__isnull=False) | Q(not_applicable=True)


def _answered_campaign(company_field="company_id"):
    """For invitations (or rows with a campaign and a company): the company has already answered
    the campaign, with a submitted self-assessment."""
    return Exists(
        Diagnostic.objects.filter(
            campaign_id=OuterRef("campaign_id"),
            company_id=OuterRef(company_field),
            status=Diagnostic.Status.SUBMITTED,
        )
    )


def has_answered(*, company, campaign):
    return Diagnostic.objects.filter(
        company=company, campaign=campaign, status=Diagnostic.Status.SUBMITTED
    ).exists()


def open_campaign_for(*, company, version):
    """The open campaign on ``version`` the company was invited to and has not answered yet."""
    invitation = (
        CampaignInvitation.objects.filter(
            company=company,
            campaign__version=version,
            campaign__deadline__gte=timezone.localdate(),
        )
        .exclude(_answered_campaign())
        .select_related("campaign")
        .order_by("campaign__deadline")
        .first()
    )
    return invitation.campaign if invitation else None


def campaigns_to_answer(*, companies):
    """The open campaigns some of ``companies`` were invited to and have not answered yet, by
    deadline: the start form asks whether a new self-assessment answers them."""
    invitations = (
        CampaignInvitation.objects.filter(
            company__in=companies.values("pk"), campaign__deadline__gte=timezone.localdate()
        )
        .exclude(_answered_campaign())
        .values("campaign")
    )
    return list(
        Campaign.objects.filter(pk__in=invitations)
        .select_related("version__framework")
        .order_by("deadline", "pk")
    )


def progress(*, diagnostic):
    """How far the diagnostic is: ``answered`` counts the criteria with nothing left to do
    (answered or marked not applicable; ``not_applicable`` says how many are marked)."""
    total = Criterion.objects.filter(version_id=diagnostic.version_id).count()
    counts = Answer.objects.filter(diagnostic=diagnostic).aggregate(
        answered=Count("pk", filter=COMPLETE),
        not_applicable=Count("pk", filter=Q(not_applicable=True)),
    )
    answered = counts["answered"]
    return {
        "answered": answered,
        "not_applicable": counts["not_applicable"],
        "total": total,
        "percent": int(answered * 100 / total) if total else 0,
    }


def missing_criteria(*, diagnostic):
    """The criteria that block submission, neither answered nor marked not applicable, in the
    framework's order, each with its ``theme`` (one query)."""
    done = Answer.objects.filter(diagnostic=diagnostic).filter(COMPLETE).values("criterion_id")
    return list(
        Criterion.objects.filter(version_id=diagnostic.version_id)
        .exclude(pk__in=done)
        .select_related("theme")
        .order_by("theme__order", "theme_id", "order", "id")
    )


def theme_page(*, diagnostic, theme):
    """The criteria of one theme with this diagnostic's answers (two queries)."""
    criteria = list(theme.criteria.order_by("order", "id"))
    answers = {
        answer.criterion_id: answer
        for answer in Answer.objects.filter(diagnostic=diagnostic, criterion__theme=theme)
    }
    return [(criterion, answers.get(criterion.pk)) for criterion in criteria]


def theme_progress(*, diagnostic):
    """Per theme: how many criteria are answered, for the tabs (two queries)."""
    themes = list(
        Theme.objects.filter(version_id=diagnostic.version_id)
        .annotate(total=Count("criteria"))
        .order_by("order", "id")
    )
    answered = dict(
        Answer.objects.filter(diagnostic=diagnostic)
        .filter(COMPLETE)
        .values("criterion__theme_id")
        .annotate(count=Count("id"))
        .values_list("criterion__theme_id", "count")
    )
    for theme in themes:
        theme.answered = answered.get(theme.pk, 0)
    return themes


def _themes_with_maximum(version_id):
    return list(
        Theme.objects.filter(version_id=version_id)
        .annotate(maximum=Sum("criteria__max_points"))
        .order_by("order", "id")
    )


def _levels(version_id):
    return list(Level.objects.filter(version_id=version_id).values_list("name", "min_percent"))


def diagnostic_result(*, diagnostic):
    """Scores per theme, weighted overall score and level, in three queries.

    Only answered criteria score: a theme is scored out of the maximum of its answered
    criteria, so a criterion marked not applicable leaves the maximum and an unanswered one
    (only in a draft: a submitted diagnostic is complete) is never counted as 0. A theme with no
    answered scored criterion is left out of the overall score."""
    themes = list(Theme.objects.filter(version_id=diagnostic.version_id).order_by("order", "id"))
    sums = {
        row["criterion__theme_id"]: row
        for row in Answer.objects.filter(diagnostic=diagnostic, points__isnull=False)
        .values("criterion__theme_id")
        .annotate(score=Sum("points"), maximum=Sum("criterion__max_points"))
    }
    zero = Decimal("0")
    return scoring.compute(
        [
            scoring.ThemeScore(
                theme_id=theme.pk,
                title=theme.title,
                weight=theme.weight,
                score=sums.get(theme.pk, {}).get("score") or zero,
                maximum=sums.get(theme.pk, {}).get("maximum") or zero,
            )
            for theme in themes
        ],
        _levels(diagnostic.version_id),
    )


def previous_diagnostic(*, diagnostic):
    """The company's last submitted diagnostic on the same framework before this one."""
    reference = diagnostic.submitted_at or timezone.now()
    return (
        Diagnostic.objects.filter(
            company_id=diagnostic.company_id,
            version__framework_id=diagnostic.version.framework_id,
            status=Diagnostic.Status.SUBMITTED,
            submitted_at__lt=reference,
        )
        .exclude(pk=diagnostic.pk)
        .select_related("version")
        .order_by("-submitted_at")
        .first()
    )


def benchmark(*, framework_id, tenant, company_id=None):
    """Quartiles of the latest submitted score of each company on the framework, overall and per
    theme (by title), leaving out ``company_id`` (the company the figures are shown beside: its
    own answer never counts). ``None`` below ``BENCHMARK_MINIMUM`` other companies, and a theme
    appears only when as many of them scored it: no figure may give one company's score away,
    so there is never a lowest or highest value either.

    Reading them means summing every answer of every company (46,000 answers for a 2,000-company
    programme), so the scores and the figures are cached under a fingerprint of the submitted
    diagnostics that changes with any submission (a submitted diagnostic never changes)."""
    submitted = Diagnostic.objects.filter(
        tenant=tenant,
        version__framework_id=framework_id,
        status=Diagnostic.Status.SUBMITTED,
        overall_percent__isnull=False,
    )
    stamp = submitted.aggregate(
        count=Count("pk"),
        last=Max("pk"),
        when=Max("submitted_at"),
        overall=Sum("overall_percent"),
        companies=Sum("company_id"),
    )
    fingerprint = hashlib.sha256(repr(sorted(stamp.items())).encode()).hexdigest()[:32]
    prefix = f"diagnostics.benchmark:{tenant.pk}:{framework_id}:{fingerprint}"

    def figures():
        scores = cache.get_or_set(f"{prefix}:scores", lambda: _latest_scores(submitted), 86400)
        return _quartiles(scores, company_id)

    return cache.get_or_set(f"{prefix}:without:{company_id}", figures, timeout=86400)


def _latest_scores(submitted):
    """``{company_id: (overall, {theme title: percent})}`` of each company's latest diagnostic
    among ``submitted``."""
    latest = {}
    for company, pk, overall in submitted.order_by(
        "company_id", "-submitted_at", "-id"
    ).values_list("company_id", "pk", "overall_percent"):
        latest.setdefault(company, (pk, overall))
    company_of = {pk: company for company, (pk, _overall) in latest.items()}
    themes = {company: {} for company in latest}
    sums = (
        Answer.objects.filter(diagnostic_id__in=list(company_of), points__isnull=False)
        .values("diagnostic_id", "criterion__theme__title")
        .annotate(score=Sum("points"), maximum=Sum("criterion__max_points"))
        .order_by()
    )
    for row in sums:
        if row["maximum"]:
            themes[company_of[row["diagnostic_id"]]][row["criterion__theme__title"]] = (
                scoring.percent(row["score"], row["maximum"])
            )
    return {company: (overall, themes[company]) for company, (_pk, overall) in latest.items()}


def _quartiles(scores, company_id):
    latest = {company: each for company, each in scores.items() if company != company_id}
    if len(latest) < BENCHMARK_MINIMUM:
        return None
    per_theme = {}
    for _overall, themes in latest.values():
        for title, percent in themes.items():
            per_theme.setdefault(title, []).append(percent)
    q1, median, q3 = scoring.quartiles(overall for overall, _themes in latest.values())
    return {
        "count": len(latest),
        "q1": q1,
        "median": median,
        "q3": q3,
        "themes": {
            title: dict(zip(("q1", "median", "q3"), scoring.quartiles(values), strict=True))
            | {"count": len(values)}
            for title, values in per_theme.items()
            if len(values) >= BENCHMARK_MINIMUM
        },
    }


def scored_answers(*, diagnostic):
    """Answers to scored criteria in the grid's order, with their share of the maximum; a
    criterion marked not applicable reads so (it has no share)."""
    answers = list(
        Answer.objects.filter(diagnostic=diagnostic)
        .exclude(criterion__scale=Scale.NUMBER)
        .select_related("criterion__theme")
    )
    for answer in answers:
        answer.share = scoring.percent(answer.points or 0, answer.criterion.max_points)
        answer.label = (
            _("Not applicable")
            if answer.not_applicable
            else scoring.choice_label(
                answer.criterion.scale, answer.criterion.max_points, answer.choice
            )
        )
    return sorted(
        answers, key=lambda answer: (answer.criterion.theme.order, answer.criterion.order)
    )


def weakest_criteria(*, diagnostic, limit=5):
    """Answered scored criteria with the lowest share of their maximum, and the strengths; a
    criterion unanswered or marked not applicable is neither."""
    answers = (
        Answer.objects.filter(diagnostic=diagnostic, points__isnull=False)
        .select_related("criterion__theme")
        .order_by("criterion__theme__order", "criterion__order", "criterion_id")
    )
    rows = [
        {
            "criterion": answer.criterion,
            "answer": answer,
            "points": answer.points,
            "share": scoring.percent(answer.points, answer.criterion.max_points),
        }
        for answer in answers
    ]
    rows.sort(key=lambda row: row["share"])
    strengths = sorted(
        (row for row in rows if row["share"] >= STRENGTH), key=lambda row: -row["share"]
    )
    return rows[:limit], strengths[:limit]


def indicators(*, diagnostic):
    return list(
        Answer.objects.filter(diagnostic=diagnostic, criterion__scale=Scale.NUMBER)
        .select_related("criterion__theme")
        .order_by("criterion__theme__order", "criterion__order")
    )


# The level colours: ``level-1`` (the lowest) to ``level-5`` (the highest) in
# static/css/diagnostics.css, a sequential scale; a grid's levels are spread over it.
LEVEL_STEPS = 5


def level_scale(*, version_id):
    """The version's levels from the lowest, each with its ``step`` on the colour scale."""
    levels = list(Level.objects.filter(version_id=version_id).order_by("min_percent"))
    last = len(levels) - 1
    for index, level in enumerate(levels):
        level.step = LEVEL_STEPS if not last else 1 + round(index * (LEVEL_STEPS - 1) / last)
    return levels


def _placement(value, figures):
    """Where ``value`` stands among the quartiles, in words (the strip says it in a picture)."""
    if value >= figures["q3"]:
        return _("in the top quarter of the other companies")
    if value >= figures["median"]:
        return _("between the median and the third quartile")
    if value >= figures["q1"]:
        return _("between the first quartile and the median")
    return _("in the bottom quarter of the other companies")


def results_context(*, diagnostic):
    """Everything the results page and the PDF report show, in a fixed number of queries.

    A draft's results are provisional: they score its answered criteria only and say how many
    are answered and which are missing."""
    result = diagnostic_result(diagnostic=diagnostic)
    previous = previous_diagnostic(diagnostic=diagnostic)
    previous_result = diagnostic_result(diagnostic=previous) if previous else None
    if previous_result:
        before = {theme.title: theme for theme in previous_result.themes}
        for theme in result.themes:
            earlier = before.get(theme.title)
            theme.previous = earlier.percent if earlier and earlier.is_scored else None
            theme.change = (
                theme.percent - theme.previous
                if theme.previous is not None and theme.is_scored
                else None
            )
    previous_radar = ""
    if previous_result:
        previous_radar = " ".join(
            f"{x},{y}"
            for x, y in scoring.radar_points(
                [theme.previous or 0 for theme in result.themes], **RADAR
            )
        )
    weakest, strengths = weakest_criteria(diagnostic=diagnostic)
    figures = benchmark(
        framework_id=diagnostic.version.framework_id,
        tenant=diagnostic.tenant,
        company_id=diagnostic.company_id,
    )
    for theme in result.themes:
        theme.benchmark = figures["themes"].get(theme.title) if figures else None
    levels = level_scale(version_id=diagnostic.version_id)
    steps = {level.name: level.step for level in levels}
    return {
        "diagnostic": diagnostic,
        "result": result,
        "radar": scoring.radar(
            [theme.title for theme in result.themes],
            [theme.percent for theme in result.themes],
            **RADAR,
        ),
        "previous": previous,
        "previous_radar": previous_radar,
        "previous_result": previous_result,
        "progress_points": (
            result.overall_percent - previous_result.overall_percent if previous_result else None
        ),
        "weakest": weakest,
        "strengths": strengths,
        "indicators": indicators(diagnostic=diagnostic),
        "benchmark": figures,
        "benchmark_minimum": BENCHMARK_MINIMUM,
        "strip": (scoring.quartile_strip(figures, result.overall_percent) if figures else None),
        "placement": _placement(result.overall_percent, figures) if figures else "",
        "levels": levels,
        "level_step": steps.get(result.level),
        "previous_level_step": steps.get(previous.level) if previous else None,
        # Below the first threshold a company has no level: it is said, not left blank.
        "unranked": bool(levels) and not result.level,
        "progress": progress(diagnostic=diagnostic),
        "missing": [] if diagnostic.is_submitted else missing_criteria(diagnostic=diagnostic),
    }


def _count_per_campaign(rows, *, field="pk", distinct=False):
    """A correlated ``COUNT`` of ``rows`` of the outer campaign (0 when there are none)."""
    return Coalesce(
        Subquery(
            rows.filter(campaign=OuterRef("pk"))
            .order_by()
            .values("campaign")
            .annotate(count=Count(field, distinct=distinct))
            .values("count")[:1]
        ),
        0,
    )


def _diagnostics_in(status):
    return Diagnostic.objects.filter(status=status)


def campaigns(*, tenant):
    """The tenant's campaigns with their figures in one query. Each figure is a correlated
    subquery, so invitations and diagnostics are never joined together (that join grows as
    their sizes multiplied: a million rows for a large network)."""
    return (
        Campaign.objects.filter(tenant=tenant)
        .select_related("version__framework")
        .annotate(
            invited=_count_per_campaign(CampaignInvitation.objects.all()),
            started=_count_per_campaign(
                _diagnostics_in(Diagnostic.Status.DRAFT), field="company", distinct=True
            ),
            responded=_count_per_campaign(
                _diagnostics_in(Diagnostic.Status.SUBMITTED), field="company", distinct=True
            ),
        )
    )


class _Percent(Func):
    """``scoring.percent`` in SQL: ROUND(score * 100.0 / maximum, 2). The literal 100.0 keeps
    PostgreSQL in exact numerics and makes SQLite divide as decimals, not as integers."""

    arg_joiner = " * 100.0 / "
    template = "ROUND(%(expressions)s, 2)"
    output_field = DecimalField(max_digits=14, decimal_places=2)


# Each submitted diagnostic's percentage per theme (its answered criteria's points out of their
# maximum, rounded like ``scoring.percent``), then per theme across the diagnostics: two GROUP BYs
# nested, which the ORM cannot write (it would correlate a subquery per diagnostic and theme,
# seconds for a 2,000-company campaign). Plain SQL that PostgreSQL and SQLite both run; the tenant
# is filtered explicitly since raw SQL is outside django-scopes.
_THEME_FIGURES_SQL = """
SELECT per.theme_id, COUNT(*), SUM(per.percent), MIN(per.percent), MAX(per.percent)
FROM (
    SELECT answer.diagnostic_id, criterion.theme_id,
           ROUND(SUM(answer.points) * 100.0 / NULLIF(SUM(criterion.max_points), 0), 2) AS percent
    FROM diagnostics_answer answer
    JOIN diagnostics_criterion criterion ON criterion.id = answer.criterion_id
    JOIN diagnostics_diagnostic diagnostic ON diagnostic.id = answer.diagnostic_id
    WHERE diagnostic.tenant_id = %s AND diagnostic.campaign_id = %s
      AND diagnostic.status = %s AND answer.points IS NOT NULL
    GROUP BY answer.diagnostic_id, criterion.theme_id
) per
WHERE per.percent IS NOT NULL
GROUP BY per.theme_id
"""


def campaign_theme_figures(*, campaign, themes):
    """Per theme of ``themes`` (annotated with their ``maximum``), across the campaign's
    submitted diagnostics: the number of respondents who scored the theme and the sum, lowest
    and highest of their theme percentages, with the respondents and the overall scores' sum,
    in two aggregate queries whatever the campaign's size.

    Each diagnostic's theme percentage is its answered criteria's points out of their maximum,
    rounded like ``scoring.percent`` before it is summed; a theme with nothing scored (every
    criterion not applicable) is left out of its figures, so they equal the Python scoring.
    """
    submitted = Diagnostic.objects.filter(campaign=campaign, status=Diagnostic.Status.SUBMITTED)
    figures = submitted.aggregate(
        respondents=Count("pk"),
        overall_sum=Sum(
            "overall_percent", output_field=DecimalField(max_digits=14, decimal_places=2)
        ),
    )
    scored = {theme.pk for theme in themes if theme.maximum}
    for theme in scored:
        figures.update({f"{name}_{theme}": None for name in ("sum", "min", "max")})
        figures[f"count_{theme}"] = 0
    with connection.cursor() as cursor:
        cursor.execute(
            _THEME_FIGURES_SQL,
            [campaign.tenant_id, campaign.pk, Diagnostic.Status.SUBMITTED],
        )
        for theme, count, total, lowest, highest in cursor.fetchall():
            if theme not in scored:
                continue
            figures[f"count_{theme}"] = count
            figures[f"sum_{theme}"] = _decimal(total)
            figures[f"min_{theme}"] = _decimal(lowest)
            figures[f"max_{theme}"] = _decimal(highest)
    return figures


def _decimal(value):
    """A figure of raw SQL as a Decimal (SQLite answers floats)."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def campaign_aggregate(*, campaign):
    """Response rate, per-theme results across respondents and the recipients table, in a fixed
    number of queries whatever the campaign's size; every figure is computed in the database."""
    themes = _themes_with_maximum(campaign.version_id)
    figures = campaign_theme_figures(campaign=campaign, themes=themes)
    respondents = figures["respondents"]
    zero = Decimal("0.00")
    theme_rows = []
    for theme in themes:
        maximum = theme.maximum or Decimal("0")
        scored = figures.get(f"count_{theme.pk}") or 0
        if not scored:
            mean = lowest = highest = None
        else:
            mean = scoring.quantize(figures[f"sum_{theme.pk}"] / scored)
            lowest = scoring.quantize(figures[f"min_{theme.pk}"])
            highest = scoring.quantize(figures[f"max_{theme.pk}"])
        theme_rows.append(
            {
                "title": theme.title,
                "weight": theme.weight,
                "maximum": maximum,
                "mean": mean,
                "minimum": lowest,
                "maximum_reached": highest,
            }
        )
    invited = CampaignInvitation.objects.filter(campaign=campaign).count()
    overall_sum = figures["overall_sum"]
    return {
        "invited": invited,
        "respondents": respondents,
        "rate": scoring.percent(respondents, invited) if invited else zero,
        "themes": theme_rows,
        "overall_mean": (
            scoring.quantize(overall_sum / respondents)
            if respondents and overall_sum is not None
            else None
        ),
    }


RECIPIENT_STATES = ("submitted", "started", "waiting")


def invited_companies(*, campaign, state=""):
    """The invited companies, each with its submitted diagnostic (id, score and level; the
    latest when there are several) and its state: "submitted", "started" (a draft under way)
    or "waiting"; filtered by ``state`` when given. One query, paged by the campaign page."""
    submitted = Diagnostic.objects.filter(
        campaign=campaign, company=OuterRef("company_id"), status=Diagnostic.Status.SUBMITTED
    ).order_by("-submitted_at", "-id")
    started = Exists(
        Diagnostic.objects.filter(
            campaign=campaign, company=OuterRef("company_id"), status=Diagnostic.Status.DRAFT
        )
    )
    invitations = (
        CampaignInvitation.objects.filter(campaign=campaign)
        .select_related("company")
        .annotate(
            submitted_id=Subquery(submitted.values("pk")[:1]),
            submitted_overall=Subquery(submitted.values("overall_percent")[:1]),
            submitted_level=Subquery(submitted.values("level")[:1]),
            started=started,
        )
        .annotate(
            state=Case(
                When(submitted_id__isnull=False, then=Value("submitted")),
                When(started=True, then=Value("started")),
                default=Value("waiting"),
                output_field=CharField(),
            )
        )
    )
    # The states filter on EXISTS (well estimated), not on the CASE above: PostgreSQL guesses a
    # handful of rows for a CASE and then joins every company to every invitation.
    has_submitted = Exists(submitted)
    if state == "submitted":
        invitations = invitations.filter(has_submitted)
    elif state == "started":
        invitations = invitations.filter(~has_submitted, started)
    elif state == "waiting":
        invitations = invitations.filter(~has_submitted, ~started)
    return invitations.order_by(Natural("company__name"), "pk")


def invitations_to_send(*, campaign):
    """The campaign's invitations not yet handed to the mailer, of companies in good standing."""
    return (
        CampaignInvitation.objects.filter(campaign=campaign, sent_at__isnull=True)
        .exclude(_excluded())
        .select_related("campaign__tenant", "campaign__version__framework", "company")
    )


def invitations_due_for_reminder(*, tenant, today):
    """Invited companies in good standing without a submitted diagnostic whose deadline is near
    and that were not reminded yet."""
    candidates = (
        CampaignInvitation.objects.filter(
            tenant=tenant, reminded_at__isnull=True, campaign__deadline__gte=today
        )
        .exclude(
            Exists(
                Diagnostic.objects.filter(
                    company_id=OuterRef("company_id"),
                    campaign_id=OuterRef("campaign_id"),
                    status=Diagnostic.Status.SUBMITTED,
                )
            )
        )
        .exclude(_excluded())
        .select_related("campaign__tenant", "campaign__version__framework", "company")
    )
    return [
        invitation
        for invitation in candidates
        if invitation.campaign.deadline - timedelta(days=invitation.campaign.reminder_days) <= today
    ]


def campaign_recipients(*, company_ids):
    """Per company, its people who hold a role in the tenant with an active account: the only
    people a campaign e-mail may go to (the mailer checks it again when it sends)."""
    rows = (
        CompanyMember.objects.filter(company_id__in=company_ids, user__is_active=True)
        .filter(
            Exists(
                Membership.objects.filter(user=OuterRef("user_id"), tenant=OuterRef("tenant_id"))
            )
        )
        .select_related("user")
        .order_by("company_id", "user__email")
    )
    recipients = {}
    for person in rows:
        recipients.setdefault(person.company_id, []).append(person.user)
    return recipients


def timeline(*, company):
    return (
        Diagnostic.objects.filter(company=company, status=Diagnostic.Status.SUBMITTED)
        .select_related("version__framework")
        .order_by("-submitted_at")
    )


def activity_figures(*, tenant, start, end):
    """The self-assessments submitted from ``start`` to ``end`` (aware datetimes) and the
    companies that submitted them, for the funder report (``registry.add_activity_source``), in
    one aggregate query; drafts never count."""
    submitted = Diagnostic.objects.filter(
        tenant=tenant,
        status=Diagnostic.Status.SUBMITTED,
        submitted_at__gte=start,
        submitted_at__lt=end,
    ).aggregate(count=Count("id"), companies=Count("company", distinct=True))
    return [
        ActivityFigure(
            "diagnostics_submitted", _("Self-assessments submitted"), submitted["count"], order=60
        ),
        ActivityFigure(
            "companies_assessed",
            _("Companies that assessed themselves"),
            submitted["companies"],
            order=70,
        ),
    ]


def open_campaigns(*, tenant):
    """Campaigns whose deadline has not passed (companies may still be added)."""
    return Campaign.objects.filter(tenant=tenant, deadline__gte=timezone.localdate()).order_by(
        "deadline", "pk"
    )


# --- Home to-dos (``contributions``): each a count and the first rows, two queries -----------


def drafts_to_continue(*, companies, limit):
    """The self-assessments in progress of ``companies`` in good standing, those answering a
    campaign first (by deadline), each with ``answered`` (criteria with nothing left to do) and
    ``total`` criteria computed in SQL."""
    done = (
        Answer.objects.filter(diagnostic=OuterRef("pk"))
        .filter(COMPLETE)
        .order_by()
        .values("diagnostic")
        .annotate(count=Count("pk"))
        .values("count")
    )
    total = (
        Criterion.objects.filter(version=OuterRef("version_id"))
        .order_by()
        .values("version")
        .annotate(count=Count("pk"))
        .values("count")
    )
    drafts = Diagnostic.objects.filter(
        company__in=companies.values("pk"), status=Diagnostic.Status.DRAFT
    ).exclude(_excluded())
    rows = (
        drafts.select_related("company", "version__framework", "campaign")
        .annotate(answered=Coalesce(Subquery(done), 0), total=Coalesce(Subquery(total), 0))
        .order_by(F("campaign__deadline").asc(nulls_last=True), "started_at", "pk")
    )
    return head_and_count(rows, limit)


def campaigns_not_started(*, companies, limit):
    """The invitations of ``companies`` in good standing to open campaigns they have neither
    answered nor started a self-assessment on the campaign's grid for, by deadline."""
    started = Diagnostic.objects.filter(
        company_id=OuterRef("company_id"),
        version=OuterRef("campaign__version"),
        status=Diagnostic.Status.DRAFT,
    )
    invitations = (
        CampaignInvitation.objects.filter(
            company__in=companies.values("pk"), campaign__deadline__gte=timezone.localdate()
        )
        .exclude(_answered_campaign())
        .exclude(Exists(started))
        .exclude(_excluded())
    )
    rows = invitations.select_related("campaign__version__framework", "company").order_by(
        "campaign__deadline", "pk"
    )
    return head_and_count(rows, limit)


def awaiting_review(*, companies, limit):
    """The submitted self-assessments of ``companies`` nobody reviewed yet, oldest submission
    first; one a company has since superseded on the same framework is left out."""
    newer = Diagnostic.objects.filter(
        company_id=OuterRef("company_id"),
        version__framework_id=OuterRef("version__framework_id"),
        status=Diagnostic.Status.SUBMITTED,
        submitted_at__gt=OuterRef("submitted_at"),
    )
    waiting = Diagnostic.objects.filter(
        company__in=companies.values("pk"), status=Diagnostic.Status.SUBMITTED, review_note=""
    ).exclude(Exists(newer))
    rows = waiting.select_related("company", "version__framework").order_by("submitted_at", "pk")
    # Two queries here, not a window count: the count is an anti-join alone, and the rows are a
    # top-N sort, where a window would sort every wide row of a 2,000-company programme.
    return waiting.count(), list(rows[:limit])


def versions_to_publish(*, tenant, limit):
    """The tenant's draft framework versions, oldest first, with their number of criteria."""
    drafts = FrameworkVersion.objects.filter(tenant=tenant, status=FrameworkVersion.Status.DRAFT)
    rows = (
        drafts.select_related("framework")
        .annotate(criteria_count=Count("criteria"))
        .order_by("created_at", "pk")
    )
    return drafts.count(), list(rows[:limit])


def campaigns_awaiting_answers(*, tenant, limit):
    """The open campaigns (deadline not passed) some invited companies have not answered yet,
    by deadline, with their ``invited`` and ``responded`` counts."""
    open_ = campaigns(tenant=tenant).filter(
        deadline__gte=timezone.localdate(), invited__gt=F("responded")
    )
    return head_and_count(open_.order_by("deadline", "pk"), limit)


def with_latest_score(*, companies):
    """``companies`` with their last submitted self-assessment: ``last_percent``, ``last_level``,
    ``last_submitted_at`` and ``last_framework`` (None without one), in the same query."""
    last = Diagnostic.objects.filter(
        company=OuterRef("pk"), status=Diagnostic.Status.SUBMITTED
    ).order_by("-submitted_at", "-pk")
    return companies.annotate(
        last_percent=Subquery(last.values("overall_percent")[:1]),
        last_level=Subquery(last.values("level")[:1]),
        last_submitted_at=Subquery(last.values("submitted_at")[:1]),
        last_framework=Subquery(last.values("version__framework__name")[:1]),
    )


def company_diagnostics(*, company, limit=5):
    """The company page's self-assessments: the latest ones with their score and level."""
    return list(
        Diagnostic.objects.filter(company=company)
        .select_related("version__framework")
        .order_by("-started_at", "-id")[:limit]
    )
