"""Reads of the company register. What a person may see is the permission layer's to say."""

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Sum, Value, When

from rse_platform.tenants import permissions, registry
from rse_platform.web.tables import Natural

from .models import Company, CompanyMember, Exclusion, SizeBand


def visible_companies(request):
    """The companies the person asking may open (``companies.view``)."""
    return permissions.visible(request, "companies.view", Company.objects.all())


def register_filter_keys():
    """The register's filters besides the name search: the size band and the filters other
    apps contribute (``register`` takes each as a keyword)."""
    return ["band", *(company_filter.key for company_filter in registry.company_filters())]


def register(*, companies, query="", band="", **contributed):
    """The register's rows, filtered, with their exclusion state.

    ``contributed`` holds the values of the filters other apps add to the register
    (``registry.add_company_filter``: the programme status, for instance).
    """
    if query:
        companies = companies.filter(
            Q(name__icontains=query) | Q(siret__startswith=query) | Q(commune__icontains=query)
        )
    if band in SizeBand.values:
        companies = companies.annotate(band=size_band_expression()).filter(band=band)
    for company_filter in registry.company_filters():
        value = contributed.get(company_filter.key, "")
        if value in {choice for choice, _label in company_filter.choices()}:
            companies = company_filter.apply(companies, value)
    for badge in registry.company_badges():
        companies = badge.annotate(companies)
    return companies.annotate(
        excluded=Exists(Exclusion.objects.filter(company=OuterRef("pk"), lifted_at__isnull=True))
    ).order_by(Natural("name"), "pk")


def split_excluded(companies):
    """``companies`` from ``register`` as (those in good standing, how many are excluded)."""
    return companies.filter(excluded=False), companies.filter(excluded=True).count()


def badges_of(company):
    """The badges other apps put on a register row (after ``register`` annotated it)."""
    return [shown for badge in registry.company_badges() if (shown := badge.badge(company))]


def register_summary(*, companies):
    return companies.aggregate(
        count=Count("id"), headcount=Sum("headcount"), revenue=Sum("annual_revenue")
    )


def own_companies(user, companies):
    """The rows of ``companies`` the person works for: how a company member reaches a company
    in the permission layer (``rows=``), for every permission that follows it."""
    return companies.filter(people__user=user)


PROFILE_POSITIONS = ("leader", "founder", "manager")


def led_companies(user, companies):
    """The rows of ``companies`` the person runs (leader, founder or manager): whose figures and
    contacts they keep up to date (``companies.edit_own``)."""
    return companies.filter(people__user=user, people__position__in=PROFILE_POSITIONS)


def companies_of_person(*, tenant, user):
    return Company.objects.filter(tenant=tenant, people__user=user).distinct()


def people_of_companies(*, tenant):
    """The accounts of the people of the tenant's companies (ids, for other apps' filters)."""
    return CompanyMember.objects.filter(tenant=tenant).values("user_id")


def company_people(*, company):
    return CompanyMember.objects.filter(company=company).select_related("user")


def active_exclusion(*, company):
    return Exclusion.objects.filter(company=company, lifted_at__isnull=True).first()


def active_exclusions(*, companies):
    """``{company id: its active exclusion}`` for these companies, in one query."""
    return {
        exclusion.company_id: exclusion
        for exclusion in Exclusion.objects.filter(company__in=companies, lifted_at__isnull=True)
    }


def size_band_expression():
    """The size band of each company, computed by the database (for filters and breakdowns)."""
    return Case(
        When(headcount__lt=10, then=Value(SizeBand.MICRO)),
        When(headcount__lte=40, then=Value(SizeBand.SMALL)),
        When(headcount__lt=250, then=Value(SizeBand.MEDIUM)),
        default=Value(SizeBand.LARGE),
        output_field=CharField(),
    )


def consultants_of(*, company):
    """The people following the company (``companies.follow``): those holding both the grant
    and, still, a role that the permission layer trusts with it."""
    return permissions.holders("companies.follow", company).order_by(
        "last_name", "first_name", "email"
    )


def active_exclusions_of_person(*, user):
    """The active exclusions of the companies ``user`` works for (a queryset, e.g. for an
    ``Exists``: the people of an excluded company may not register nor start anything)."""
    return Exclusion.objects.filter(company__people__user=user, lifted_at__isnull=True)
