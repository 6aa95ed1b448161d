"""Enrol a platform administrator's TOTP device, on the server: the proof beyond the password."""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rse_platform.accounts import services


class Command(BaseCommand):
    help = (
        "Create the TOTP two-factor device of a platform administrator and print its key once "
        "(as a QR code and as text), to hand over by another channel than e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the staff account.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the existing device (lost phone)."
        )

    def handle(self, *args, email, replace, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        if not user.is_staff:
            raise CommandError(
                f"{user.email} is not a platform administrator: other people turn on "
                "two-factor authentication themselves, from their account page."
            )
        try:
            uri = services.enrol_totp(user=user, replace=replace)
        except services.AlreadyEnrolled:
            raise CommandError(
                f"{user.email} already has a TOTP device; use --replace to swap it for a new one."
            ) from None
        self.stdout.write(self._qr(uri))
        self.stdout.write(f"otpauth URI: {uri}")
        self.stdout.write(
            self.style.SUCCESS(
                f"TOTP device created for {user.email}. Scan the code or add the URI in an "
                "authenticator app now: the key is not shown again."
            )
        )

    def _qr(self, uri):
        code = qrcode.QRCode(border=2)
        code.add_data(uri)
        out = io.StringIO()
        code.print_ascii(out=out, invert=True)
        return out.getvalue()
