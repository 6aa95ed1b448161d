from django.shortcuts import redirect
from django_scopes import scopes_disabled

from .services import has_totp


class PlatformAdminMiddleware:
    """The Django admin is the platform operators' window on every tenant.

    Because it shows all tenants at once, it demands TOTP two-factor: a staff member without a
    TOTP device is sent to the page that says how the operator enrols one (the device is made on
    the server, never from the web with the password alone; for every other role two-factor
    stays optional and self-service). Admin requests then run with tenant scopes explicitly
    disabled; everywhere else a query on a tenant-owned model needs an active tenant scope.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/admin/"):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff and not has_totp(user=user):
            return redirect("admin_totp_by_operator")
        with scopes_disabled():
            return self.get_response(request)
