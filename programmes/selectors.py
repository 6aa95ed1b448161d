"""Reads of the programmes app. The dashboard runs a fixed number of queries, whatever the size."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Exclusion, SizeBand
from companies.selectors import size_band_expression
from companies.siret import naf_section
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from rse_platform.web.tables import Natural

from .models import BudgetLine, CharterSignature, CharterVersion, Enrolment, Funder, Programme

EXCLUDED = "excluded"  # counted apart from the statuses, whatever the company's status


def company_enrolments(*, company):
    return Enrolment.objects.filter(company=company).select_related("programme")


def programmes(*, tenant):
    return Programme.objects.filter(tenant=tenant)


def _active_exclusion(company_ref):
    return Exclusion.objects.filter(company=company_ref, lifted_at__isnull=True)


def engaged_companies(*, programme):
    """The companies engaged in the programme, without the excluded ones: an exclusion takes a
    company out of every figure and report while it lasts; lifting it brings the company back."""
    return Company.objects.filter(
        tenant_id=programme.tenant_id,
        enrolments__programme=programme,
        enrolments__status=Enrolment.Status.ENGAGED,
    ).exclude(Exists(_active_exclusion(OuterRef("pk"))))


def _earliest(*dates):
    present = [day for day in dates if day]
    return min(present) if present else None


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def dashboard_summary(*, programme):
    """The home panel's key figures (engaged companies, their revenue and headcount, and the
    register's size): the dashboard's first query and a count, not its breakdowns."""
    totals = engaged_companies(programme=programme).aggregate(
        count=Count("id"), headcount=Sum("headcount"), revenue=Sum("annual_revenue")
    )
    headcount = totals["headcount"] or 0
    return {
        "engaged": totals["count"],
        "registered": Company.objects.filter(tenant_id=programme.tenant_id).count(),
        "target": programme.target_companies,
        "revenue": totals["revenue"] or Decimal("0"),
        "headcount": headcount,
        "territory_share": _percent(headcount, programme.territory_private_employees),
    }


def dashboard(*, programme, today=None, weeks=8):
    """Every figure of the programme dashboard and the funder report, in 9 queries."""
    today = today or timezone.localdate()
    engaged = engaged_companies(programme=programme)
    totals = engaged.aggregate(
        count=Count("id"), headcount=Sum("headcount"), revenue=Sum("annual_revenue")
    )
    count = totals["count"]
    headcount = totals["headcount"] or 0
    revenue = totals["revenue"] or Decimal("0")

    band_rows = {
        row["band"]: row
        for row in engaged.annotate(band=size_band_expression())
        .values("band")
        .annotate(companies=Count("id"), employees=Sum("headcount"))
    }
    bands = [
        {
            "label": band.label,
            "companies": band_rows.get(band.value, {}).get("companies", 0),
            "employees": band_rows.get(band.value, {}).get("employees") or 0,
        }
        for band in SizeBand
    ]

    sectors = Counter()
    for naf_code, companies in engaged.values_list("naf_code").annotate(n=Count("id")):
        section = naf_section(naf_code)
        sectors[str(section[1]) if section else ""] += companies
    communes = list(
        engaged.values("commune").annotate(companies=Count("id")).order_by("-companies", "commune")
    )

    # An active exclusion ends a company's engagement in the year it was decided, like leaving.
    excluded_at = _active_exclusion(OuterRef("company")).order_by("-decided_at")
    dates = [
        (engaged_on, _earliest(left_on, excluded and timezone.localdate(excluded)))
        for engaged_on, left_on, excluded in Enrolment.objects.filter(
            programme=programme, engaged_on__isnull=False
        )
        .annotate(excluded_at=Subquery(excluded_at.values("decided_at")[:1]))
        .values_list("engaged_on", "left_on", "excluded_at")
    ]
    evolution = []
    for year in range(programme.start_year, today.year + 1):
        evolution.append(
            {
                "year": year,
                "engaged": sum(
                    1
                    for engaged_on, left_on in dates
                    if engaged_on.year <= year and (left_on is None or left_on.year > year)
                ),
                "joined": sum(1 for engaged_on, _left in dates if engaged_on.year == year),
            }
        )

    monday = today - timedelta(days=today.weekday())
    first_monday = monday - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first_monday, time.min))
    recent = AuditEntry.objects.filter(tenant=programme.tenant, created_at__gte=since)
    per_week = {
        row["week"].date() if hasattr(row["week"], "date") else row["week"]: row["n"]
        for row in recent.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
    }
    mondays = [first_monday + timedelta(weeks=offset) for offset in range(weeks)]
    activity_weeks = activity_bars([(day, per_week.get(day, 0)) for day in mondays])

    status_counts = Counter()
    for status, excluded, companies in (
        Enrolment.objects.filter(programme=programme)
        .annotate(excluded=Exists(_active_exclusion(OuterRef("company"))))
        .values_list("status", "excluded")
        .annotate(n=Count("id"))
    ):
        status_counts[EXCLUDED if excluded else status] += companies
    return {
        "programme": programme,
        "engaged": count,
        "target": programme.target_companies,
        "target_percent": _percent(count, programme.target_companies),
        "revenue": revenue,
        "headcount": headcount,
        "territory_employees": programme.territory_private_employees,
        "territory_share": _percent(headcount, programme.territory_private_employees),
        "status_counts": [
            {"label": status.label, "count": status_counts[status.value]}
            for status in Enrolment.Status
        ]
        + [{"label": _("Excluded"), "count": status_counts[EXCLUDED]}],
        "bands": bands,
        "sectors": sorted(sectors.items(), key=lambda item: (-item[1], item[0])),
        "communes": communes,
        "evolution": evolution,
        "activity_weeks": activity_weeks,
        "recent_entries": list(recent.select_related("actor")[:8]),
        "funders": list(Funder.objects.filter(programme=programme)),
        "budget_lines": list(BudgetLine.objects.filter(programme=programme)),
    }


def activity_bars(counts):
    """``[(monday, count)]`` → the chart's weeks: each bar's height in % of the busiest week."""
    top = max((count for _monday, count in counts), default=0)
    return [
        {"week": monday, "count": count, "percent": round(count * 100 / top) if top else 0}
        for monday, count in counts
    ]


# --- Charter ------------------------------------------------------------------------------


def current_charter(*, tenant):
    return CharterVersion.objects.filter(tenant=tenant).order_by("-number").first()


def charter_versions(*, tenant):
    return CharterVersion.objects.filter(tenant=tenant).annotate(signed=Count("signatures"))


CHARTER_STATES = ("signed", "again", "never")


def charter_register(*, tenant, version, state="", query=""):
    """Each company with its latest signature, whether it signed the current version, exclusion.

    ``state`` keeps the companies that signed the current version ("signed"), signed only an
    older one ("again") or never signed ("never").
    """
    latest = CharterSignature.objects.filter(company=OuterRef("pk")).order_by("-version__number")
    companies = Company.objects.filter(tenant=tenant)
    if query:
        companies = companies.filter(Q(name__icontains=query) | Q(commune__icontains=query))
    companies = companies.annotate(
        signed_current=Exists(
            CharterSignature.objects.filter(company=OuterRef("pk"), version=version)
        ),
        signed_any=Exists(CharterSignature.objects.filter(company=OuterRef("pk"))),
        last_version=latest.values("version__number")[:1],
        last_signed_at=latest.values("signed_at")[:1],
        excluded=Exists(Exclusion.objects.filter(company=OuterRef("pk"), lifted_at__isnull=True)),
    )
    if state == "signed":
        companies = companies.filter(signed_current=True)
    elif state == "again":
        companies = companies.filter(signed_current=False, signed_any=True)
    elif state == "never":
        companies = companies.filter(signed_any=False)
    return companies.order_by(Natural("name"), "pk")


def charter_summary(*, tenant, version):
    """How many companies signed the current version, an older one only, or none: one query."""
    signed = CharterSignature.objects.filter(company=OuterRef("pk"))
    return Company.objects.filter(tenant=tenant).aggregate(
        total=Count("pk"),
        signed=Count("pk", filter=Q(Exists(signed.filter(version=version)))),
        never=Count("pk", filter=~Q(Exists(signed))),
    )


def signing_companies(*, tenant, user):
    """The companies this person may sign the charter for (leader or founder)."""
    from .services import SIGNING_POSITIONS

    return Company.objects.filter(
        tenant=tenant, people__user=user, people__position__in=SIGNING_POSITIONS
    ).distinct()


def signatures_of(*, companies, version):
    return set(
        CharterSignature.objects.filter(company__in=companies, version=version).values_list(
            "company_id", flat=True
        )
    )


# --- Funder report ------------------------------------------------------------------------


def report_years(*, programme, today=None):
    """The years a funder report can cover, the most recent first: from the programme's start
    to the current year (in progress)."""
    today = today or timezone.localdate()
    return list(range(max(today.year, programme.start_year), programme.start_year - 1, -1))


def default_report_year(*, programme, today=None):
    """The last complete year from January to March, when yearly reports to funders are due;
    the current year, to date, from April on. Never before the programme started."""
    today = today or timezone.localdate()
    year = today.year - 1 if today.month <= 3 else today.year
    return max(year, programme.start_year)


def _year_bounds(year):
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


def funder_report(*, programme, year, today=None):
    """The figures of one reporting year (1 January to 31 December, or to today for the year
    in progress), each from an SQL aggregate, in a fixed number of queries:

    - companies supported: engaged in the programme at some point of the year (engaged before
      it ended, not gone before it began; an exclusion ends the engagement when decided, as in
      the dashboard), and those that joined during the year;
    - the other apps' activity of the tenant in the year (``registry.add_activity_source``:
      events held, attendances, satisfaction, self-assessments submitted);
    - the year's budget lines with their total, and each funder's share of it.
    """
    today = today or timezone.localdate()
    start, end = _year_bounds(year)
    first_day, next_year = date(year, 1, 1), date(year + 1, 1, 1)
    excluded_before = Exclusion.objects.filter(
        company=OuterRef("company"), lifted_at__isnull=True, decided_at__lt=start
    )
    companies = (
        Enrolment.objects.filter(
            programme=programme, engaged_on__isnull=False, engaged_on__lt=next_year
        )
        .exclude(left_on__lt=first_day)
        .exclude(Exists(excluded_before))
        .aggregate(
            supported=Count("company", distinct=True),
            joined=Count("company", distinct=True, filter=Q(engaged_on__gte=first_day)),
        )
    )
    activity = registry.activity_for(tenant=programme.tenant, start=start, end=end)
    lines = BudgetLine.objects.filter(programme=programme, year=year).order_by("label", "pk")
    total = lines.aggregate(total=Sum("amount"))["total"]
    funders = list(Funder.objects.filter(programme=programme))
    for funder in funders:
        funder.amount = (
            None if total is None else (total * funder.share / 100).quantize(Decimal("0.01"))
        )
    return {
        "programme": programme,
        "year": year,
        "in_progress": year >= today.year,
        "period_start": first_day,
        "period_end": min(date(year, 12, 31), today),
        "companies_supported": companies["supported"],
        "companies_joined": companies["joined"],
        "activity": activity,
        "budget_lines": list(lines),
        "budget_total": total,
        "funders": funders,
        "funded_share": sum((funder.share for funder in funders), Decimal("0")),
        "funded_amount": None
        if total is None
        else sum((funder.amount for funder in funders), Decimal("0")),
    }


def charter_to_sign(*, tenant, user):
    """The current charter version and the companies this person may sign it for that have not
    signed it yet, excluded ones left out (their people cannot sign): two queries."""
    version = current_charter(tenant=tenant)
    if version is None:
        return None, []
    companies = (
        signing_companies(tenant=tenant, user=user)
        .exclude(Exists(CharterSignature.objects.filter(company=OuterRef("pk"), version=version)))
        .exclude(Exists(_active_exclusion(OuterRef("pk"))))
        .order_by("name", "pk")
    )
    return version, list(companies)


def company_status_subquery():
    """A company's status in the programmes, for a register row: engaged in one wins, then
    prospect, then alumni (one subquery, whatever the number of rows)."""
    rank = Case(
        When(status=Enrolment.Status.ENGAGED, then=Value(0)),
        When(status=Enrolment.Status.PROSPECT, then=Value(1)),
        default=Value(2),
    )
    return Subquery(
        Enrolment.objects.filter(company=OuterRef("pk"))
        .annotate(rank=rank)
        .order_by("rank", "-pk")
        .values("status")[:1]
    )
