from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope

from .models import Membership, Tenant


class TenantMiddleware:
    """Resolves ``/<tenant-slug>/…`` to the tenant and the signed-in person's membership there.

    Every tenant URL then runs inside ``scope(tenant=…)``, so a query on a tenant-owned model can
    only see that tenant's rows; outside tenant URLs no scope is active and such queries raise.
    A person without a role in the tenant gets a 404, never a 403: we do not confirm that the
    tenant's objects exist. Anonymous visitors are sent to the login page, except on views marked
    ``tenant_public`` (public registry, certificate check).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("tenant_slug")
        if slug is None:
            return self.get_response(request)

        tenant = Tenant.objects.filter(slug=slug, is_active=True).first()
        if tenant is None:
            raise Http404
        request.tenant = tenant
        with scope(tenant=tenant):
            if request.user.is_authenticated:
                request.membership = (
                    Membership.objects.select_related("user").filter(user=request.user).first()
                )
            if request.membership is None and not getattr(match.func, "tenant_public", False):
                hidden = getattr(match.func, "hidden_from_anonymous", False)
                if not request.user.is_authenticated and not hidden:
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                raise Http404
            return self.get_response(request)
