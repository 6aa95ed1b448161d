from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

RESERVED_SLUGS = frozenset(
    {"admin", "accounts", "static", "media", "healthz", "i18n", "invitations", "api", "public"}
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
