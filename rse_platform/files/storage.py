"""Stored names: random, so a file cannot be guessed or enumerated from another one's name."""

import unicodedata
import uuid
from pathlib import PurePath

from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .validators import SAFE_EXTENSIONS


@deconstructible
class RandomName:
    """``upload_to=RandomName("diagnostics/evidence")`` → ``diagnostics/evidence/2026/<uuid4>.pdf``.

    Nothing of the stored name comes from ids or from the uploaded name but its extension, lower
    case and kept only when it is one the platform accepts (the served Content-Type is guessed
    from it). The model keeps the original name in a field of its own, for the download.
    """

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        extension = PurePath(filename or "").suffix.lower()
        if extension.lstrip(".") not in SAFE_EXTENSIONS:
            extension = ""
        return f"{self.prefix}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and self.prefix == other.prefix


def display_name(name, *, max_length=200):
    """The name a person gave their file, fit to be shown and sent back as a download's name:
    no folders, no control characters, not too long (the extension is kept)."""
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip(" .")
    if len(name) > max_length:
        suffix = PurePath(name).suffix[:16]
        name = name[: max_length - len(suffix)] + suffix
    return name or "document"
