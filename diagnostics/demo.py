"""Demo data: the four example frameworks in each tenant and a history of self-assessments.

Many companies have answered (so the anonymous benchmark shows), a third of them twice, a year
apart, with progress in between; the demo leader's company has both and a draft in progress.
"""

import json
import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from companies.models import Company, CompanyMember
from rse_platform.tenants.roles import Role

from . import scoring, services
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
)

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"
FILES = ["6pl.json", "iso26000-a-d.json", "ecoride.json", "enquete-partenaires.json"]
PRIMARY = {
    "pevele-carembault": "Grille ISO 26000 (A à D)",
    "logistique-seine-normandie": "Référentiel 6PL (logistique)",
}


def ship_frameworks(*, tenant, actor=None):
    """Import and publish the example frameworks the tenant does not have yet."""
    versions = {}
    for name in FILES:
        data = json.loads((FRAMEWORKS_DIR / name).read_text(encoding="utf-8"))
        framework = Framework.objects.filter(tenant=tenant, name=data["name"]).first()
        if framework is None:
            version = services.import_framework(tenant=tenant, data=data, actor=actor, publish=True)
        else:
            version = (
                framework.versions.filter(status=FrameworkVersion.Status.PUBLISHED)
                .order_by("-number")
                .first()
            )
        versions[data["name"]] = version
    return versions


def _choice(criterion, rng, skill):
    """An answer drawn around the company's ``skill`` (0–1)."""
    if criterion.scale == Scale.NUMBER:
        return None, Decimal(rng.randint(20, 95)) if criterion.unit == "%" else Decimal(
            rng.randint(15_000, 400_000)
        )
    share = min(1.0, max(0.0, rng.gauss(skill, 0.22)))
    options = [
        value for value, _label in scoring.choices_for(criterion.scale, criterion.max_points)
    ]
    if criterion.scale in (Scale.LETTER, Scale.AGREEMENT):
        options = list(reversed(options))  # worst first, like the points scale
    return options[min(len(options) - 1, int(share * len(options)))], None


def _working_moment(now, days_ago, index):
    """``days_ago`` days before ``now``, on a working day, during office hours."""
    day = timezone.localdate(now) - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(9 + index % 8, (index * 13) % 60)))


def _diagnostic(
    *, tenant, company, version, criteria, levels, rng, skill, when, actor, campaign=None
):
    # Filled over one to three weeks (a theme at a time), then submitted; not before the
    # campaign that asked for it went out.
    started = when - timedelta(days=6 + company.pk % 15, hours=company.pk % 5)
    if campaign is not None:
        started = min(max(started, campaign.created_at), when)
    diagnostic = Diagnostic(
        tenant=tenant,
        company=company,
        version=version,
        campaign=campaign,
        status=Diagnostic.Status.SUBMITTED,
        started_by=actor,
        started_at=started,
        submitted_at=when,
        submitted_by=actor,
    )
    answers, per_theme = [], {}
    for criterion in criteria:
        choice, number = _choice(criterion, rng, skill)
        points = (
            scoring.points_for(
                scale=criterion.scale, max_points=criterion.max_points, choice=choice
            )
            if choice is not None
            else None
        )
        answers.append(
            Answer(
                tenant=tenant,
                criterion=criterion,
                choice=choice or "",
                points=points,
                number=number,
                answered_by=actor,
                updated_at=when,
            )
        )
        score, maximum = per_theme.get(criterion.theme_id, (Decimal("0"), Decimal("0")))
        per_theme[criterion.theme_id] = (score + (points or 0), maximum + criterion.max_points)
    result = scoring.compute(
        [
            scoring.ThemeScore(
                theme_id=theme.pk, title=theme.title, weight=theme.weight, score=s, maximum=m
            )
            for theme in {c.theme_id: c.theme for c in criteria}.values()
            for s, m in [per_theme[theme.pk]]
        ],
        levels,
    )
    diagnostic.overall_percent = result.overall_percent
    diagnostic.level = result.level
    return diagnostic, answers


def seed_tenant(*, tenant, people):
    if tenant.slug not in PRIMARY:
        return
    manager = people[Role.MANAGER]
    versions = ship_frameworks(tenant=tenant, actor=manager)
    if Diagnostic.objects.filter(tenant=tenant).exists():
        return
    version = versions[PRIMARY[tenant.slug]]
    criteria = list(
        Criterion.objects.filter(version=version)
        .select_related("theme")
        .order_by("theme__order", "order")
    )
    levels = list(Level.objects.filter(version=version).values_list("name", "min_percent"))
    companies = list(Company.objects.filter(tenant=tenant).order_by("id"))
    leader_company = (
        CompanyMember.objects.filter(user=people[Role.MEMBER], company__tenant=tenant)
        .select_related("company")
        .first()
    )
    leader_company = leader_company.company if leader_company else companies[0]
    chosen = [leader_company] + [c for c in companies if c != leader_company][
        : (15 if tenant.slug == "pevele-carembault" else 7)
    ]
    rng = random.Random(f"diagnostics-{tenant.slug}")  # noqa: S311 - repeatable demo data
    now = timezone.now()
    # The campaign went out six weeks ago and closes in a fortnight; answers came in since.
    sent = _working_moment(now, 42, 0)
    campaign = Campaign.objects.create(
        tenant=tenant,
        version=version,
        title="Autodiagnostic RSE — campagne de printemps",
        message="Merci de compléter votre autodiagnostic avant la date limite.",
        deadline=(now + timedelta(days=14)).date(),
        created_by=manager,
        created_at=sent,
    )
    CampaignInvitation.objects.bulk_create(
        CampaignInvitation(tenant=tenant, campaign=campaign, company=company, sent_at=sent)
        for company in companies[:20] + [c for c in chosen if c not in companies[:20]]
    )
    pairs = []
    for index, company in enumerate(chosen):
        skill = 0.3 + 0.5 * rng.random()
        if index % 3 == 0:  # answered a year ago too, with less
            pairs.append(
                _diagnostic(
                    tenant=tenant,
                    company=company,
                    version=version,
                    criteria=criteria,
                    levels=levels,
                    rng=rng,
                    skill=max(0.1, skill - 0.2),
                    # 13 to 17 months ago: last year's round, before the campaign.
                    when=_working_moment(now, 395 + (index * 29) % 120, index),
                    actor=manager,
                )
            )
        pairs.append(
            _diagnostic(
                tenant=tenant,
                company=company,
                version=version,
                criteria=criteria,
                levels=levels,
                rng=rng,
                skill=skill,
                when=_working_moment(now, 2 + (index * 11) % 38, index),
                actor=manager,
                campaign=campaign,
            )
        )
    diagnostics = Diagnostic.objects.bulk_create([diagnostic for diagnostic, _answers in pairs])
    for diagnostic, (_same, answers) in zip(diagnostics, pairs, strict=True):
        for answer in answers:
            answer.diagnostic = diagnostic
    Answer.objects.bulk_create([answer for _diagnostic, answers in pairs for answer in answers])
    # The leader also has a self-assessment in progress on another framework.
    other = versions["Référentiel ECORIDE"]
    draft = Diagnostic.objects.create(
        tenant=tenant,
        company=leader_company,
        version=other,
        started_by=people[Role.MEMBER],
        started_at=_working_moment(now, 9, 3),
    )
    first_theme = list(
        Criterion.objects.filter(version=other).order_by("theme__order", "order")[:6]
    )
    for criterion in first_theme:
        choice, _number = _choice(criterion, rng, 0.6)
        services.save_answer(
            diagnostic=draft, criterion=criterion, actor=people[Role.MEMBER], choice=choice
        )
