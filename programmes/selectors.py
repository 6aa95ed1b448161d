"""Reads of the programmes app. The dashboard runs a fixed number of queries, whatever the size."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Exclusion, SizeBand
from companies.selectors import size_band_expression
from companies.siret import naf_section
from rse_platform.tenants.models import AuditEntry

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
        tenant=programme.tenant,
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

    since = timezone.now() - timedelta(weeks=weeks)
    recent = AuditEntry.objects.filter(tenant=programme.tenant, created_at__gte=since)
    per_week = {
        row["week"].date() if hasattr(row["week"], "date") else row["week"]: row["n"]
        for row in recent.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
    }
    monday = today - timedelta(days=today.weekday())
    activity_weeks = [
        {
            "week": monday - timedelta(weeks=offset),
            "count": per_week.get(monday - timedelta(weeks=offset), 0),
        }
        for offset in reversed(range(weeks))
    ]

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


# --- Charter ------------------------------------------------------------------------------


def current_charter(*, tenant):
    return CharterVersion.objects.filter(tenant=tenant).order_by("-number").first()


def charter_versions(*, tenant):
    return CharterVersion.objects.filter(tenant=tenant).annotate(signed=Count("signatures"))


def charter_register(*, tenant, version):
    """Each company with its latest signature, whether it signed the current version, exclusion."""
    latest = CharterSignature.objects.filter(company=OuterRef("pk")).order_by("-version__number")
    return (
        Company.objects.filter(tenant=tenant)
        .annotate(
            signed_current=Exists(
                CharterSignature.objects.filter(company=OuterRef("pk"), version=version)
            ),
            last_version=latest.values("version__number")[:1],
            last_signed_at=latest.values("signed_at")[:1],
            excluded=Exists(
                Exclusion.objects.filter(company=OuterRef("pk"), lifted_at__isnull=True)
            ),
        )
        .order_by("name")
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
