from allauth.mfa.totp import views as totp_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import services


def activate_totp(request):
    """allauth's TOTP activation, refused to a platform administrator without a device.

    Whoever holds an admin's password could otherwise enrol their own device and open the
    admin, which shows every tenant; the operator enrols admins' devices on the server instead
    (``manage.py enrol_admin_totp``). Everyone else keeps the optional self-service.
    """
    user = request.user
    if user.is_authenticated and user.is_staff and not services.has_totp(user=user):
        return redirect("admin_totp_by_operator")
    return totp_views.activate_totp(request)


@login_required
def admin_totp_by_operator(request):
    return render(request, "account/admin_totp_by_operator.html")
