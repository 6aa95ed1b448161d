"""Reads of action plans and missions, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from companies.models import Company
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from rse_platform.web.tables import head_and_count

from .models import (
    Action,
    Indicator,
    Measurement,
    Meeting,
    Mission,
    MissionFunding,
    Plan,
    PlanSettings,
    Review,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")
SOON = timedelta(days=30)  # "deadlines in the next 30 days"
NOT_MET = timedelta(days=90)  # "companies not met for 90 days"


def plan_settings(*, tenant):
    """The tenant's settings, or the defaults (not saved) when the manager never changed them."""
    return PlanSettings.objects.filter(tenant=tenant).first() or PlanSettings(tenant=tenant)


def current_plan(*, company):
    """The company's plan being built or followed (the latest draft or active one), or None."""
    return (
        Plan.objects.filter(company=company, status__in=[Plan.Status.DRAFT, Plan.Status.ACTIVE])
        .order_by("-created_at", "-id")
        .first()
    )


def _action_counts(prefix=""):
    """Annotations counting a plan's actions by state (``prefix`` reaches the plan)."""
    today = timezone.localdate()
    field = f"{prefix}actions"
    status = f"{field}__status"
    return {
        "actions_total": Count(field, filter=~Q(**{status: Action.Status.ABANDONED})),
        "actions_done": Count(field, filter=Q(**{status: Action.Status.DONE})),
        "actions_overdue": Count(
            field, filter=Q(**{f"{status}__in": Action.OPEN, f"{field}__due_on__lt": today})
        ),
    }


def plans_with_progress(plans):
    """``plans`` with ``actions_total`` (abandoned left out), ``actions_done`` and
    ``actions_overdue``, counted in the same query."""
    return plans.annotate(**_action_counts())


def progress_percent(plan):
    """Share of the plan's actions done (abandoned ones left out), 0 without actions."""
    if not plan.actions_total:
        return Decimal("0")
    return (Decimal(plan.actions_done) * 100 / plan.actions_total).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )


def plans_of(*, companies):
    """The plans of ``companies`` (the ones the person may see), newest first, with their
    counts and company."""
    return plans_with_progress(
        Plan.objects.filter(company__in=companies.values("pk")).select_related("company")
    ).order_by("-created_at", "-id")


def board(*, plan):
    """The plan's actions by status, in their order on the board, in one query."""
    columns = {status: [] for status in Action.Status}
    for action in plan.actions.select_related("owner__user", "action_type").order_by(
        "position", "id"
    ):
        columns[Action.Status(action.status)].append(action)
    return columns


def indicators_with_series(*, plan):
    """The plan's indicators, each with ``series`` (its measurements by date) and ``latest``,
    in two queries."""
    indicators = list(plan.indicators.all())
    by_indicator = {indicator.pk: [] for indicator in indicators}
    for measurement in Measurement.objects.filter(indicator__plan=plan).order_by(
        "measured_on", "id"
    ):
        by_indicator[measurement.indicator_id].append(measurement)
    for indicator in indicators:
        indicator.series = by_indicator[indicator.pk]
        indicator.latest = indicator.series[-1] if indicator.series else None
    return indicators


def review_snapshot(*, plan, comparison=None):
    """The figures a review keeps as they were on its day (JSON-ready: Decimals as strings)."""
    counts = {status.value: 0 for status in Action.Status}
    for row in plan.actions.values("status").annotate(count=Count("id")):
        counts[row["status"]] = row["count"]
    followed = counts["planned"] + counts["in_progress"] + counts["done"]
    indicators = [
        {
            "label": indicator.label,
            "unit": indicator.unit,
            "baseline": _text(indicator.baseline),
            "target": _text(indicator.target),
            "latest": _text(indicator.latest.value) if indicator.latest else None,
            "series": [
                [measurement.measured_on.isoformat(), _text(measurement.value)]
                for measurement in indicator.series
            ],
        }
        for indicator in indicators_with_series(plan=plan)
    ]
    snapshot = {
        "actions": counts,
        "progress": _text(
            (Decimal(counts["done"]) * 100 / followed).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if followed
            else Decimal("0")
        ),
        "indicators": indicators,
    }
    reader = registry.assessment_reader()
    if reader is not None and plan.source_assessment_id and comparison is not None:
        start = reader.detail(company=plan.company, pk=plan.source_assessment_id)
        if start is not None:
            before = {theme.name: theme.percent for theme in start.themes}
            snapshot["comparison"] = {
                "before": start.label,
                "after": comparison.label,
                "overall": [_text(start.overall_percent), _text(comparison.overall_percent)],
                "themes": [
                    [theme.name, _text(before.get(theme.name)), _text(theme.percent)]
                    for theme in comparison.themes
                ],
            }
    return snapshot


def _text(value):
    return None if value is None else str(value)


def reviews_of(*, plan):
    return list(plan.reviews.select_related("written_by").order_by("held_on", "id"))


def _positive_final_reviews():
    return Review.objects.filter(
        kind=Review.Kind.FINAL, outcome=Review.Outcome.POSITIVE, plan__status=Plan.Status.CLOSED
    )


def has_positive_final_review(*, company):
    """The company closed a plan with a positive final review (what some labels require)."""
    return _positive_final_reviews().filter(plan__company=company).exists()


def companies_with_positive_final_review(*, company_ids):
    """Which of ``company_ids`` closed a plan with a positive final review, in one query."""
    return set(
        _positive_final_reviews()
        .filter(plan__company__in=list(company_ids))
        .values_list("plan__company", flat=True)
    )


# --- Missions and their budget ------------------------------------------------------------------


@dataclass(frozen=True)
class FundingShare:
    funder: str
    share: Decimal  # %
    amount: Decimal  # of the whole mission's cost
    consumed: Decimal  # of the days already spent, up to the allocation (never above ``amount``)
    remaining: Decimal  # of the days left (0 once over budget)


@dataclass(frozen=True)
class Budget:
    """A mission's days and money. Every figure is a Decimal rounded to the cent; the funders'
    shares are of the cost, the company pays what they leave."""

    allocated_days: Decimal
    consumed_days: Decimal
    daily_rate: Decimal
    fundings: tuple

    @property
    def remaining_days(self):
        return self.allocated_days - self.consumed_days

    @property
    def over_budget(self):
        return self.consumed_days > self.allocated_days

    @property
    def consumed_percent(self):
        if not self.allocated_days:
            return Decimal("0")
        return (self.consumed_days * 100 / self.allocated_days).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def cost(self):
        return _money(self.allocated_days * self.daily_rate)

    @property
    def consumed_cost(self):
        return _money(self.consumed_days * self.daily_rate)

    @property
    def remaining_cost(self):
        return _money(max(self.remaining_days, ZERO) * self.daily_rate)

    @property
    def funded_share(self):
        return sum((funding.share for funding in self.fundings), ZERO)

    @property
    def company_share(self):
        return Decimal("100") - self.funded_share

    @property
    def company_amount(self):
        return _money(self.cost * self.company_share / 100)

    @property
    def overrun_days(self):
        """Days spent beyond the allocation: no funder co-funds them."""
        return max(self.consumed_days - self.allocated_days, ZERO)

    @property
    def overrun_cost(self):
        return _money(self.overrun_days * self.daily_rate)

    @property
    def remaining_funded(self):
        """What the funders still co-fund on the days left."""
        return sum((funding.remaining for funding in self.fundings), ZERO)


def _money(value):
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def make_budget(*, allocated_days, consumed_days, daily_rate, fundings):
    """The budget arithmetic on its own (``fundings``: ``(funder, share %)`` pairs)."""
    remaining = max(allocated_days - consumed_days, ZERO)
    covered = min(consumed_days, allocated_days)  # funders co-fund the allocated days only
    return Budget(
        allocated_days=allocated_days,
        consumed_days=consumed_days,
        daily_rate=daily_rate,
        fundings=tuple(
            FundingShare(
                funder=funder,
                share=share,
                amount=_money(allocated_days * daily_rate * share / 100),
                consumed=_money(covered * daily_rate * share / 100),
                remaining=_money(remaining * daily_rate * share / 100),
            )
            for funder, share in fundings
        ),
    )


def budget(*, mission):
    """The mission's budget, in two queries."""
    consumed = mission.meetings.aggregate(days=Sum("days"))["days"] or ZERO
    fundings = [(funding.funder, funding.share) for funding in mission.fundings.all()]
    return make_budget(
        allocated_days=mission.allocated_days,
        consumed_days=consumed,
        daily_rate=mission.daily_rate,
        fundings=fundings,
    )


def _days_spent():
    spent = (
        Meeting.objects.filter(mission=OuterRef("pk"))
        .values("mission")
        .annotate(total=Sum("days"))
        .values("total")
    )
    return Coalesce(
        Subquery(spent, output_field=DecimalField(max_digits=6, decimal_places=1)),
        Value(ZERO),
        output_field=DecimalField(max_digits=6, decimal_places=1),
    )


def _last_meeting():
    return Subquery(
        Meeting.objects.filter(mission=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    )


def missions_with_figures(missions):
    """``missions`` with ``days_spent`` and ``last_met_on`` in the same query, their company and
    consultant, and their fundings in a second one."""
    return (
        missions.annotate(days_spent=_days_spent(), last_met_on=_last_meeting())
        .annotate(days_left=F("allocated_days") - F("days_spent"))
        .select_related("company", "consultant", "plan")
        .prefetch_related("fundings")
    )


def missions_of(*, companies):
    return missions_with_figures(Mission.objects.filter(company__in=companies.values("pk")))


def meetings_of(*, mission):
    return list(mission.meetings.select_related("recorded_by").order_by("-held_on", "-id"))


def companies_without_consultant(*, companies):
    """``companies`` that no running mission follows, for the manager to assign one."""
    running = Mission.objects.filter(company=OuterRef("pk"), status=Mission.Status.ACTIVE)
    return companies.exclude(Exists(running))


# --- What needs doing ---------------------------------------------------------------------------


def overdue_actions(*, plans, today=None):
    """Open actions of running ``plans`` past their due date, the oldest deadline first."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            plan__in=plans.filter(status=Plan.Status.ACTIVE).values("pk"),
            status__in=Action.OPEN,
            due_on__lt=today,
        )
        .select_related("plan__company", "owner__user")
        .order_by("due_on", "pk")
    )


def actions_due_soon(*, plans, today=None):
    """Open actions of running ``plans`` due today or in the next 30 days."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            plan__in=plans.filter(status=Plan.Status.ACTIVE).values("pk"),
            status__in=Action.OPEN,
            due_on__gte=today,
            due_on__lte=today + SOON,
        )
        .select_related("plan__company", "owner__user")
        .order_by("due_on", "pk")
    )


def missions_not_met(*, missions, today=None):
    """Running missions whose company was not met for 90 days (or never, 90 days after the
    mission started)."""
    today = today or timezone.localdate()
    limit = today - NOT_MET
    return (
        missions_with_figures(missions.filter(status=Mission.Status.ACTIVE))
        .filter(Q(last_met_on__lt=limit) | Q(last_met_on__isnull=True, starts_on__lt=limit))
        .order_by(F("last_met_on").asc(nulls_first=True), "pk")
    )


def missions_over_budget(*, missions):
    return (
        missions_with_figures(missions.filter(status=Mission.Status.ACTIVE))
        .filter(days_spent__gt=F("allocated_days"))
        .order_by("company__name", "pk")
    )


# --- The programme's view -----------------------------------------------------------------------


def programme_figures(*, tenant, year):
    """The figures of plans and missions for the manager and the funder report, in 3 queries:
    companies supported in ``year`` (a mission running some day of it), plans by status, days
    and money consumed against the allocation."""
    start, end = _year(year)
    missions = Mission.objects.filter(tenant=tenant, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    supported = missions.values("company").distinct().count()
    plans = {
        row["status"]: row["count"]
        for row in Plan.objects.filter(tenant=tenant).values("status").annotate(count=Count("id"))
    }
    days = Meeting.objects.filter(tenant=tenant, held_on__range=(start, end)).aggregate(
        # Not aliased "days": the cost's F("days") would then read the aggregate, not the field.
        spent=Sum("days"),
        cost=Sum(F("days") * F("mission__daily_rate")),
    )
    return {
        "supported_companies": supported,
        "plans": plans,
        "days_spent": days["spent"] or ZERO,
        "cost_spent": _money(days["cost"] or ZERO),
    }


def _year(year):
    return date(year, 1, 1), date(year, 12, 31)


def activity_figures(*, tenant, start, end):
    """What the funder report shows of plans and missions over a period."""
    supported = (
        Mission.objects.filter(tenant=tenant, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .values("company")
        .distinct()
        .count()
    )
    spent = Meeting.objects.filter(tenant=tenant, held_on__range=(start, end)).aggregate(
        days=Sum("days")
    )["days"]
    closed = Review.objects.filter(
        tenant=tenant, kind=Review.Kind.FINAL, held_on__range=(start, end)
    ).aggregate(total=Count("id"), positive=Count("id", filter=Q(outcome=Review.Outcome.POSITIVE)))
    done = Action.objects.filter(tenant=tenant, completed_on__range=(start, end)).count()
    return {
        "supported_companies": supported,
        "days_spent": spent or ZERO,
        "plans_closed": closed["total"],
        "plans_closed_positive": closed["positive"],
        "actions_done": done,
    }


def actions_by_type(*, tenant):
    """How many actions of each type the programme's companies run (abandoned left out)."""
    return list(
        Action.objects.filter(tenant=tenant)
        .exclude(status=Action.Status.ABANDONED)
        .values("action_type__name")
        .annotate(
            count=Count("id"),
            done=Count("id", filter=Q(status=Action.Status.DONE)),
            companies=Count("plan__company", distinct=True),
        )
        .order_by("-count", "action_type__name")
    )


def fundings_of(missions):
    return MissionFunding.objects.filter(mission__in=missions.values("pk"))


def indicator_choices(*, plan):
    return Indicator.objects.filter(plan=plan).order_by("id")


# --- The programme's overview, export, digest and review report ---------------------------------


def _running_in(start, end, prefix=""):
    """Missions running some day from ``start`` to ``end`` (dates, both included)."""
    return Q(**{f"{prefix}starts_on__lte": end}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": start})
    )


def _bounds(year):
    """``(first day, last day, first moment, first moment of the next year)`` of ``year``, or
    ``None`` for every year."""
    if year is None:
        return None
    start, end = _year(year)
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return start, end, first, after


def _counted(queryset, group, aggregate):
    """A scalar subquery of ``aggregate`` over ``queryset`` (grouped by ``group``), 0 for none."""
    return Coalesce(
        Subquery(queryset.order_by().values(group).annotate(value=aggregate).values("value")[:1]),
        Value(0),
    )


def support_companies(*, tenant, year=None, today=None):
    """The companies followed by the programme in ``year`` (every year when None): a mission
    ran some day of it, or a plan was open during it. Each row, in one query, carries:

    - its current plan (the latest open one, else the latest closed): ``plan_pk``,
      ``plan_title``, ``plan_status``, ``plan_total`` and ``plan_done`` actions (abandoned left
      out) and ``progress`` (for sorting; ``progress_of`` gives the Decimal);
    - ``overdue``: open actions of its running plans past their due date;
    - ``days_allocated`` and ``days_spent``: the allocation of its missions of the year and the
      days all their meetings took;
    - ``last_met_on``: its last follow-up meeting, whatever the mission.
    """

    today = today or timezone.localdate()
    bounds = _bounds(year)
    missions = Mission.objects.filter(company=OuterRef("pk"))
    meetings = Meeting.objects.filter(mission__company=OuterRef("pk"))
    alive = Plan.objects.filter(company=OuterRef("pk"))
    if bounds is not None:
        start, end, first, after = bounds
        missions = missions.filter(_running_in(start, end))
        meetings = meetings.filter(_running_in(start, end, prefix="mission__"))
        alive = alive.filter(created_at__lt=after).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=first)
        )
    plans = Plan.objects.filter(company=OuterRef("pk")).order_by(
        Case(When(status=Plan.Status.CLOSED, then=Value(1)), default=Value(0)),
        "-created_at",
        "-id",
    )
    plan_actions = Action.objects.filter(plan=OuterRef("plan_pk")).exclude(
        status=Action.Status.ABANDONED
    )
    days = DecimalField(max_digits=8, decimal_places=1)
    return (
        Company.objects.filter(tenant=tenant)
        .filter(Exists(missions) | Exists(alive))
        .annotate(
            plan_pk=Subquery(plans.values("pk")[:1]),
            plan_title=Subquery(plans.values("title")[:1]),
            plan_status=Subquery(plans.values("status")[:1]),
        )
        .annotate(
            plan_total=_counted(plan_actions, "plan", Count("pk")),
            plan_done=_counted(plan_actions.filter(status=Action.Status.DONE), "plan", Count("pk")),
            overdue=_counted(
                Action.objects.filter(
                    plan__company=OuterRef("pk"),
                    plan__status=Plan.Status.ACTIVE,
                    status__in=Action.OPEN,
                    due_on__lt=today,
                ),
                "plan__company",
                Count("pk"),
            ),
            days_allocated=Coalesce(
                Subquery(
                    missions.order_by()
                    .values("company")
                    .annotate(value=Sum("allocated_days"))
                    .values("value")[:1],
                    output_field=days,
                ),
                Value(ZERO),
                output_field=days,
            ),
            days_spent=Coalesce(
                Subquery(
                    meetings.order_by()
                    .values("mission__company")
                    .annotate(value=Sum("days"))
                    .values("value")[:1],
                    output_field=days,
                ),
                Value(ZERO),
                output_field=days,
            ),
            last_met_on=Subquery(
                Meeting.objects.filter(mission__company=OuterRef("pk"))
                .order_by("-held_on")
                .values("held_on")[:1]
            ),
        )
        .annotate(
            progress=ExpressionWrapper(
                F("plan_done") * Value(100.0) / NullIf(F("plan_total"), Value(0)),
                output_field=FloatField(),
            )
        )
    )


def progress_of(row):
    """The percent of a ``support_companies`` row's current plan done, a Decimal (None without
    a plan)."""
    if row.plan_pk is None:
        return None
    if not row.plan_total:
        return Decimal("0")
    return (Decimal(row.plan_done) * 100 / row.plan_total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def support_budgets(*, companies, year=None):
    """``{company id: Budget figures}`` of the missions of ``companies`` (ids) running in
    ``year``, summed per company: the remaining co-funded money. Two queries."""
    missions = Mission.objects.filter(company__in=list(companies))
    bounds = _bounds(year)
    if bounds is not None:
        missions = missions.filter(_running_in(bounds[0], bounds[1]))
    remaining = {}
    for mission in missions_with_figures(missions):
        figures = mission_budget(mission)
        remaining[mission.company_id] = (
            remaining.get(mission.company_id, ZERO) + figures.remaining_funded
        )
    return remaining


def mission_budget(mission):
    """The budget of a mission read by ``missions_with_figures`` (no query)."""
    return make_budget(
        allocated_days=mission.allocated_days,
        consumed_days=mission.days_spent,
        daily_rate=mission.daily_rate,
        fundings=[(funding.funder, funding.share) for funding in mission.fundings.all()],
    )


def support_totals(*, tenant, year):
    """The overview's head figures for ``year``, in seven queries: ``programme_figures`` (the
    companies supported, plans by status, the days and money of the year's meetings), the
    days allocated to the missions of the year against what they consumed, and the actions
    done during the year."""
    start, end = _year(year)
    figures = programme_figures(tenant=tenant, year=year)
    missions = Mission.objects.filter(tenant=tenant).filter(_running_in(start, end))
    allocated = missions.aggregate(days=Sum("allocated_days"))["days"] or ZERO
    consumed = (
        Meeting.objects.filter(mission__in=missions.values("pk")).aggregate(days=Sum("days"))[
            "days"
        ]
        or ZERO
    )
    done = Action.objects.filter(
        tenant=tenant, status=Action.Status.DONE, completed_on__range=(start, end)
    ).count()
    return {
        **figures,
        "plans_by_status": [
            (status, figures["plans"].get(status.value, 0)) for status in Plan.Status
        ],
        "days_allocated": allocated,
        "days_consumed": consumed,
        "consumed_percent": (consumed * 100 / allocated).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if allocated
        else None,
        "actions_done": done,
    }


def support_years(*, tenant, today=None):
    """The years the overview offers: from the first mission or plan to this year, newest
    first (two queries)."""
    this_year = (today or timezone.localdate()).year
    first_mission = Mission.objects.filter(tenant=tenant).aggregate(first=Min("starts_on"))
    first_plan = Plan.objects.filter(tenant=tenant).aggregate(first=Min("created_at"))
    firsts = [this_year]
    if first_mission["first"]:
        firsts.append(first_mission["first"].year)
    if first_plan["first"]:
        firsts.append(timezone.localtime(first_plan["first"]).year)
    return list(range(this_year, min(firsts) - 1, -1))


def support_missions(*, tenant):
    """Every mission of the tenant with its figures, for the funders' workbook (two queries)."""
    return missions_with_figures(Mission.objects.filter(tenant=tenant)).order_by(
        "company__name", "starts_on", "pk"
    )


def digest_actions(*, tenant, today, horizon):
    """What the weekly digest tells, in four queries: ``{user: [(action, as_owner)]}``.

    The open actions of running plans overdue or due by ``today + horizon``, for each person
    who owns one (while they are a member in the tenant and a person of the company: leaving
    the company empties the owner) and for each consultant with a running mission beside the
    action's company (while they hold the consultant role)."""

    def holds(role, user_field):
        return Exists(
            Membership.objects.filter(tenant=tenant, user=OuterRef(user_field), role=role)
        )

    due = (
        Action.objects.filter(
            tenant=tenant,
            plan__status=Plan.Status.ACTIVE,
            status__in=Action.OPEN,
            due_on__lte=today + horizon,
        )
        .select_related("plan__company", "owner__user")
        .order_by("due_on", "plan__company__name", "pk")
    )
    missions = Mission.objects.filter(tenant=tenant, status=Mission.Status.ACTIVE).filter(
        holds(Role.CONSULTANT, "consultant")
    )
    followers = {}
    for consultant_id, company_id in missions.values_list("consultant", "company").distinct():
        followers.setdefault(company_id, set()).add(consultant_id)
    owned = due.filter(owner__isnull=False, owner__company=F("plan__company")).filter(
        holds(Role.MEMBER, "owner__user")
    )
    digests = {}
    for action in owned:
        digests.setdefault(action.owner.user_id, []).append((action, True))
    for action in due.filter(plan__company__in=list(followers)):
        for consultant_id in followers[action.plan.company_id]:
            digests.setdefault(consultant_id, []).append((action, False))
    users = get_user_model().objects.in_bulk(list(digests))
    return {users[pk]: rows for pk, rows in digests.items() if pk in users}


# --- Missions and meetings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Capped:
    """The first rows of a list and how many there are in all (for "and N more")."""

    count: int
    rows: list

    @property
    def more(self):
        return self.count - len(self.rows)


def _capped(queryset, limit):
    count, rows = head_and_count(queryset, limit)
    return Capped(count=count, rows=rows)


def consultant_work(request, *, limit):
    """What a consultant has to do in the organisation of ``request`` (its tenant scope open):
    open actions past their deadline and due in the next 30 days in the plans of the companies
    they follow, their running missions whose company was not met for 90 days, and the days
    left on each of their running missions. Each list holds at most ``limit`` rows and its
    count, in six queries whatever the amount of data."""

    plans = permissions.visible(request, "plans.view", Plan.objects.all())
    missions = permissions.visible(request, "missions.view", Mission.objects.all()).filter(
        consultant=request.user
    )
    running = missions_with_figures(missions.filter(status=Mission.Status.ACTIVE)).order_by(
        "days_left", "company__name", "pk"
    )
    return {
        "overdue": _capped(overdue_actions(plans=plans), limit),
        "due_soon": _capped(actions_due_soon(plans=plans), limit),
        "not_met": _capped(missions_not_met(missions=missions), limit),
        "missions": _capped(running, limit),
    }


def with_budgets(missions):
    """Each mission of ``missions`` (read through ``missions_with_figures``) with its
    ``budget``, computed from the figures already read: no further query."""
    missions = list(missions)
    for mission in missions:
        mission.budget = make_budget(
            allocated_days=mission.allocated_days,
            consumed_days=mission.days_spent,
            daily_rate=mission.daily_rate,
            fundings=[(funding.funder, funding.share) for funding in mission.fundings.all()],
        )
    return missions


def overdue_summary(*, tenant, today=None):
    """How many open actions of running plans are past their due date, in how many companies,
    and the oldest deadline among them (one query)."""
    today = today or timezone.localdate()
    return Action.objects.filter(
        tenant=tenant, plan__status=Plan.Status.ACTIVE, status__in=Action.OPEN, due_on__lt=today
    ).aggregate(
        actions=Count("pk"), companies=Count("plan__company", distinct=True), oldest=Min("due_on")
    )
