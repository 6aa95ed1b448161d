from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled


class PlatformAdminMiddleware:
    """The Django admin is the platform operators' window on every tenant.

    Because it shows all tenants at once, it demands TOTP two-factor: a staff member without a
    TOTP authenticator is sent to set one up first (for every other role two-factor stays
    optional). Admin requests then run with tenant scopes explicitly disabled; everywhere else a
    query on a tenant-owned model needs an active tenant scope.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/admin/"):
            return self.get_response(request)
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Platform administrators must turn on two-factor authentication first."),
            )
            return redirect("mfa_activate_totp")
        with scopes_disabled():
            return self.get_response(request)
