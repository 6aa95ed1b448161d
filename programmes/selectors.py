from django.db.models import Count, Sum
from guardian.shortcuts import get_objects_for_user

from .models import Company, CompanyMember


def visible_companies(*, tenant, user, see_all):
    """The companies a person may open: all of them for managers, else their per-object grants."""
    companies = Company.objects.filter(tenant=tenant)
    if see_all:
        return companies
    return get_objects_for_user(
        user, "programmes.view_company", klass=companies, accept_global_perms=False
    )


def register_summary(*, companies):
    return companies.aggregate(
        count=Count("id"), headcount=Sum("headcount"), revenue=Sum("annual_revenue")
    )


def companies_of_person(*, tenant, user):
    return Company.objects.filter(tenant=tenant, people__user=user).distinct()


def company_people(*, company):
    return CompanyMember.objects.filter(company=company).select_related("user")
