from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

RESERVED_SLUGS = frozenset(
    {
        "admin",
        "accounts",
        "static",
        "media",
        "healthz",
        "i18n",
        "invitations",
        "api",
        "public",
        "verify",
        "my-missions",
    }
)


def validate_tenant_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved by the platform."), params={"slug": value})


def validate_upload_size(file):
    """Kept for the historical migrations that name it; uploads are now checked, by content and
    size, by ``rse_platform.files.validators``."""
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_accent_colour(value):
    """A ``#rrggbb`` colour on which white text keeps WCAG AA contrast (4.5:1): buttons, the
    active navigation entry and the tenant's mark put white text on the accent."""
    from . import branding

    if not branding.is_hex(value):
        raise ValidationError(
            _("Enter a colour as # followed by six hexadecimal digits, such as #1f6f50."),
            code="format",
        )
    ratio = branding.contrast(value)
    if ratio < branding.AA:
        raise ValidationError(
            _(
                "White text on this colour is hard to read (contrast %(ratio)s:1, at least "
                "4.5:1 is needed). Choose a darker shade, such as %(suggestion)s."
            ),
            code="contrast",
            params={
                "ratio": number_format(Decimal(f"{ratio:.1f}"), decimal_pos=1, use_l10n=True),
                "suggestion": branding.darkened_to(value),
            },
        )
