"""Reads of the self-assessment grids. Scoring is done in the database with aggregates, so a
results page or a campaign aggregate costs the same number of queries whatever its size."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import Company, CompanyMember, Exclusion
from rse_platform.tenants import permissions
from rse_platform.tenants.models import Membership

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

BENCHMARK_MINIMUM = 5
STRENGTH = 75  # a criterion at 75 % of its maximum or more is a strength, below it is to work on


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


def open_campaign_for(*, company, version):
    invitation = (
        CampaignInvitation.objects.filter(
            company=company,
            campaign__version=version,
            campaign__deadline__gte=timezone.localdate(),
        )
        .select_related("campaign")
        .order_by("campaign__deadline")
        .first()
    )
    return invitation.campaign if invitation else None


def progress(*, diagnostic):
    total = Criterion.objects.filter(version_id=diagnostic.version_id).count()
    answered = (
        Answer.objects.filter(diagnostic=diagnostic)
        .filter(~Q(choice="") | Q(number__isnull=False))
        .count()
    )
    return {
        "answered": answered,
        "total": total,
        "percent": int(answered * 100 / total) if total else 0,
    }


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
        .filter(~Q(choice="") | Q(number__isnull=False))
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
    """Scores per theme, weighted overall score and level, in three queries."""
    themes = _themes_with_maximum(diagnostic.version_id)
    scores = dict(
        Answer.objects.filter(diagnostic=diagnostic, points__isnull=False)
        .values("criterion__theme_id")
        .annotate(score=Sum("points"))
        .values_list("criterion__theme_id", "score")
    )
    return scoring.compute(
        [
            scoring.ThemeScore(
                theme_id=theme.pk,
                title=theme.title,
                weight=theme.weight,
                score=scores.get(theme.pk) or Decimal("0"),
                maximum=theme.maximum or Decimal("0"),
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


def benchmark(*, framework_id, tenant):
    """Quartiles of the latest submitted score of each company on the framework; ``None`` below
    five companies, so that no company can be recognised in the figures."""
    rows = (
        Diagnostic.objects.filter(
            tenant=tenant,
            version__framework_id=framework_id,
            status=Diagnostic.Status.SUBMITTED,
            overall_percent__isnull=False,
        )
        .order_by("company_id", "-submitted_at", "-id")
        .values_list("company_id", "overall_percent")
    )
    latest = {}
    for company_id, overall in rows:
        latest.setdefault(company_id, overall)
    if len(latest) < BENCHMARK_MINIMUM:
        return None
    q1, median, q3 = scoring.quartiles(latest.values())
    return {"count": len(latest), "q1": q1, "median": median, "q3": q3}


def scored_answers(*, diagnostic):
    """Answers to scored criteria in the grid's order, with their share of the maximum."""
    answers = list(
        Answer.objects.filter(diagnostic=diagnostic)
        .exclude(criterion__scale=Scale.NUMBER)
        .select_related("criterion__theme")
    )
    for answer in answers:
        answer.share = scoring.percent(answer.points or 0, answer.criterion.max_points)
        answer.label = scoring.choice_label(
            answer.criterion.scale, answer.criterion.max_points, answer.choice
        )
    return sorted(
        answers, key=lambda answer: (answer.criterion.theme.order, answer.criterion.order)
    )


def weakest_criteria(*, diagnostic, limit=5):
    """Scored criteria with the lowest share of their maximum, unanswered ones counting as 0."""
    criteria = list(
        Criterion.objects.filter(version_id=diagnostic.version_id)
        .exclude(scale=Scale.NUMBER)
        .select_related("theme")
        .order_by("theme__order", "order", "id")
    )
    answers = {
        answer.criterion_id: answer for answer in Answer.objects.filter(diagnostic=diagnostic)
    }
    rows = []
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        points = answer.points if answer and answer.points is not None else Decimal("0")
        rows.append(
            {
                "criterion": criterion,
                "answer": answer,
                "points": points,
                "share": scoring.percent(points, criterion.max_points),
            }
        )
    rows.sort(key=lambda row: row["share"])
    strengths = sorted(
        (row for row in rows if row["share"] >= STRENGTH), key=lambda row: -row["share"]
    )
    return rows[:limit], strengths[:limit]


def indicators(*, diagnostic):
    return list(
        Answer.objects.filter(diagnostic=diagnostic, criterion__scale=Scale.NUMBER)
        .select_related("criterion")
        .order_by("criterion__theme__order", "criterion__order")
    )


def results_context(*, diagnostic):
    """Everything the results page and the PDF report show, in a fixed number of queries."""
    result = diagnostic_result(diagnostic=diagnostic)
    previous = previous_diagnostic(diagnostic=diagnostic)
    previous_result = diagnostic_result(diagnostic=previous) if previous else None
    if previous_result:
        before = {theme.title: theme.percent for theme in previous_result.themes}
        for theme in result.themes:
            theme.previous = before.get(theme.title)
            theme.change = theme.percent - theme.previous if theme.previous is not None else None
    previous_radar = ""
    if previous_result:
        previous_radar = " ".join(
            f"{x},{y}"
            for x, y in scoring.radar_points(
                [theme.previous or 0 for theme in result.themes], size=360, radius=120
            )
        )
    weakest, strengths = weakest_criteria(diagnostic=diagnostic)
    return {
        "diagnostic": diagnostic,
        "result": result,
        "radar": scoring.radar(
            [theme.title for theme in result.themes],
            [theme.percent for theme in result.themes],
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
        "benchmark": benchmark(
            framework_id=diagnostic.version.framework_id, tenant=diagnostic.tenant
        ),
        "benchmark_minimum": BENCHMARK_MINIMUM,
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


def campaign_theme_figures(*, campaign, themes):
    """Per theme of ``themes`` (annotated with their ``maximum``), across the campaign's
    submitted diagnostics: the sum, lowest and highest of the theme percentages, and the number
    of respondents, with the overall scores' sum, in one aggregate query.

    Each diagnostic's theme percentage is rounded like ``scoring.percent`` before it is summed,
    and a theme left blank counts as 0, so the figures equal the Python scoring.
    """
    submitted = Diagnostic.objects.filter(campaign=campaign, status=Diagnostic.Status.SUBMITTED)
    money = DecimalField(max_digits=14, decimal_places=2)
    aggregates = {
        "respondents": Count("pk"),
        "overall_sum": Sum("overall_percent", output_field=money),
    }
    annotations = {}
    for theme in themes:
        if not theme.maximum:
            continue  # scoring.percent: a theme that cannot score is 0 %
        score = Subquery(
            Answer.objects.filter(
                diagnostic=OuterRef("pk"), criterion__theme=theme, points__isnull=False
            )
            .order_by()
            .values("diagnostic")
            .annotate(score=Sum("points"))
            .values("score")[:1]
        )
        annotations[f"percent_{theme.pk}"] = _Percent(
            Coalesce(score, Value(Decimal("0")), output_field=money), Value(theme.maximum)
        )
        for name, function in (("sum", Sum), ("min", Min), ("max", Max)):
            aggregates[f"{name}_{theme.pk}"] = function(f"percent_{theme.pk}", output_field=money)
    return submitted.annotate(**annotations).aggregate(**aggregates)


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
        if not respondents:
            mean = lowest = highest = None
        elif not maximum:
            mean = lowest = highest = zero
        else:
            mean = scoring.quantize(figures[f"sum_{theme.pk}"] / respondents)
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
    rows = campaign_recipients_table(campaign=campaign)
    invited = len(rows)
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
        "rows": rows,
    }


def campaign_recipients_table(*, campaign):
    """The invited companies in name order, each with its submitted diagnostic (id, score and
    level; the latest when there are several) and whether a draft is under way, in one query."""
    submitted = Diagnostic.objects.filter(
        campaign=campaign, company=OuterRef("company_id"), status=Diagnostic.Status.SUBMITTED
    ).order_by("-submitted_at", "-id")
    invitations = (
        CampaignInvitation.objects.filter(campaign=campaign)
        .select_related("company")
        .annotate(
            submitted_id=Subquery(submitted.values("pk")[:1]),
            submitted_overall=Subquery(submitted.values("overall_percent")[:1]),
            submitted_level=Subquery(submitted.values("level")[:1]),
            started=Exists(
                Diagnostic.objects.filter(
                    campaign=campaign,
                    company=OuterRef("company_id"),
                    status=Diagnostic.Status.DRAFT,
                )
            ),
        )
        .order_by("company__name", "pk")
    )
    return [
        {
            "company": invitation.company,
            "invitation": invitation,
            "diagnostic": (
                {
                    "id": invitation.submitted_id,
                    "overall_percent": invitation.submitted_overall,
                    "level": invitation.submitted_level,
                }
                if invitation.submitted_id
                else None
            ),
            "started": invitation.started,
        }
        for invitation in invitations
    ]


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
