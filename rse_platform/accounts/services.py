from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction


class AlreadyEnrolled(Exception):
    pass


def has_totp(*, user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@transaction.atomic
def enrol_totp(*, user, replace=False):
    """Gives ``user`` a new TOTP device and returns its ``otpauth://`` URI, key included.

    This is how a platform administrator's device is made: by the operator, on the server, so
    that the admin password alone never enrols a device (the web activation refuses staff
    without one). The key is not shown again; ``replace`` swaps a lost device for a new one.
    """
    existing = Authenticator.objects.select_for_update().filter(
        user=user, type=Authenticator.Type.TOTP
    )
    if existing.exists():
        if not replace:
            raise AlreadyEnrolled(user.email)
        existing.delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return get_adapter().build_totp_url(user, secret)
