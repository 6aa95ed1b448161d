"""Reads of the programmes app. The dashboard runs a fixed number of queries, whatever the size."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from rse_platform.tenants.models import AuditEntry

from .models import (
    BudgetLine,
    CharterSignature,
    CharterVersion,
    Company,
    CompanyImport,
    CompanyMember,
    Enrolment,
    Exclusion,
    Funder,
    Programme,
    SizeBand,
)
from .siret import naf_section


def visible_companies(*, tenant, user, see_all):
    """The companies a person may open: all of them for managers, else their per-object grants."""
    companies = Company.objects.filter(tenant=tenant)
    if see_all:
        return companies
    return get_objects_for_user(
        user, "programmes.view_company", klass=companies, accept_global_perms=False
    )


def register(*, companies, query="", band="", status=""):
    """The register's rows with their current charter and enrolment state, filtered."""
    if query:
        companies = companies.filter(
            Q(name__icontains=query) | Q(siret__startswith=query) | Q(commune__icontains=query)
        )
    if band in SizeBand.values:
        companies = companies.annotate(band=_band_expression()).filter(band=band)
    if status in Enrolment.Status.values:
        companies = companies.filter(enrolments__status=status).distinct()
    return companies.annotate(
        excluded=Exists(Exclusion.objects.filter(company=OuterRef("pk"), lifted_at__isnull=True))
    ).order_by("name")


def register_summary(*, companies):
    return companies.aggregate(
        count=Count("id"), headcount=Sum("headcount"), revenue=Sum("annual_revenue")
    )


def companies_of_person(*, tenant, user):
    return Company.objects.filter(tenant=tenant, people__user=user).distinct()


def company_people(*, company):
    return CompanyMember.objects.filter(company=company).select_related("user")


def company_enrolments(*, company):
    return Enrolment.objects.filter(company=company).select_related("programme")


def active_exclusion(*, company):
    return Exclusion.objects.filter(company=company, lifted_at__isnull=True).first()


def programmes(*, tenant):
    return Programme.objects.filter(tenant=tenant)


def _band_expression():
    return Case(
        When(headcount__lt=10, then=Value(SizeBand.MICRO)),
        When(headcount__lte=40, then=Value(SizeBand.SMALL)),
        When(headcount__lt=250, then=Value(SizeBand.MEDIUM)),
        default=Value(SizeBand.LARGE),
        output_field=CharField(),
    )


def engaged_companies(*, programme):
    return Company.objects.filter(
        tenant=programme.tenant,
        enrolments__programme=programme,
        enrolments__status=Enrolment.Status.ENGAGED,
    )


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
        for row in engaged.annotate(band=_band_expression())
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

    dates = list(
        Enrolment.objects.filter(programme=programme, engaged_on__isnull=False).values_list(
            "engaged_on", "left_on"
        )
    )
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

    status_counts = dict(
        Enrolment.objects.filter(programme=programme).values_list("status").annotate(n=Count("id"))
    )
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
            {"label": status.label, "count": status_counts.get(status.value, 0)}
            for status in Enrolment.Status
        ],
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


def company_import(*, tenant, pk):
    return CompanyImport.objects.get(tenant=tenant, pk=pk)
