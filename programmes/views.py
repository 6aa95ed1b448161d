from django.shortcuts import get_object_or_404, render

from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import permission_required

from . import selectors


def _visible(request):
    return selectors.visible_companies(
        tenant=request.tenant,
        user=request.user,
        see_all=permissions.can(request, "companies.view_all"),
    )


@permission_required("companies.list")
def company_list(request, tenant_slug):
    companies = _visible(request)
    return render(
        request,
        "programmes/company_list.html",
        {"companies": companies, "summary": selectors.register_summary(companies=companies)},
    )


@permission_required("tenant.view")
def company_detail(request, tenant_slug, pk):
    # A company the person may not open answers 404, like a company that does not exist.
    company = get_object_or_404(_visible(request), pk=pk)
    return render(
        request,
        "programmes/company_detail.html",
        {"company": company, "people": selectors.company_people(company=company)},
    )
