"""Upload checks: the type is read from the file's content, never trusted from its name.

``check_upload`` refuses a file whose bytes are not one of the accepted kinds, whose name's
extension does not match its content (the stored name keeps that extension and the download's
Content-Type is guessed from it), that is larger than the limit, or that is a zip archive which
would inflate to an absurd size (office files are zip archives).
"""

import json
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192  # what filetype needs to recognise every signature it knows
ZIP_MAX_ENTRIES = 10_000
ZIP_RATIO_FLOOR = 1024 * 1024  # below 1 MiB inflated, a high ratio harms no one


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: tuple
    mime: str


KINDS = {
    "pdf": Kind(_("PDF document"), ("pdf",), "application/pdf"),
    "png": Kind(_("PNG image"), ("png",), "image/png"),
    "jpeg": Kind(_("JPEG image"), ("jpg", "jpeg"), "image/jpeg"),
    "webp": Kind(_("WebP image"), ("webp",), "image/webp"),
    "docx": Kind(
        _("Word document (.docx)"),
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": Kind(
        _("Excel workbook (.xlsx)"),
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": Kind(
        _("PowerPoint presentation (.pptx)"),
        ("pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": Kind(_("OpenDocument text (.odt)"), ("odt",), "application/vnd.oasis.opendocument.text"),
    "odp": Kind(
        _("OpenDocument presentation (.odp)"),
        ("odp",),
        "application/vnd.oasis.opendocument.presentation",
    ),
    "ods": Kind(
        _("OpenDocument spreadsheet (.ods)"),
        ("ods",),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    "csv": Kind(_("CSV file"), ("csv",), "text/csv"),
    "json": Kind(_("JSON file"), ("json",), "application/json"),
}

SAFE_EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)

# filetype's names for the signatures we accept outright.
_SIGNATURES = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "webp": "webp"}

# The main part's content type in [Content_Types].xml of an Office Open XML file. Macro-enabled
# variants (.docm, .xlsm) have other content types and are refused.
_OOXML = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def megabytes(size):
    """A size in MB the French way: 5242880 → « 5 », 7654321 → « 7,3 », 3000 → « 0,003 »."""
    amount = Decimal(size) / Decimal(1024 * 1024)

    def rounded(decimals):
        return amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)

    if amount == amount.to_integral_value():
        decimals = 0
    elif amount >= 1:
        decimals = 1
    else:
        decimals = next((places for places in (1, 2) if rounded(places) != 0), 3)
    return number_format(rounded(decimals), decimal_pos=decimals, use_l10n=True)


def check_upload(upload, *, kinds, max_bytes=None):
    """Refuse ``upload`` unless its content is one of ``kinds`` and it fits the limits.

    ``kinds`` are keys of ``KINDS``; ``max_bytes`` defaults to ``settings.UPLOAD_MAX_BYTES``.
    Returns the kind the content was recognised as. Raises ``ValidationError`` with a message
    for the person uploading (translated, the limit in MB).
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={"size": megabytes(size), "limit": megabytes(limit)},
        )
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    detected = _detect(upload, kinds, extension)
    if detected not in kinds:
        raise ValidationError(
            _("This type of file is not accepted. Accepted types: %(kinds)s."),
            code="type",
            params={"kinds": ", ".join(str(KINDS[kind].label) for kind in kinds)},
        )
    if extension not in KINDS[detected].extensions:
        raise ValidationError(
            _("The file's name (.%(extension)s) does not match its content (%(kind)s)."),
            code="extension",
            params={"extension": extension, "kind": KINDS[detected].label},
        )
    return detected


@deconstructible
class UploadValidator:
    """``check_upload`` as a model or form field validator: a refused file is a field error.

    A file already stored (an unchanged field when the object is edited again) is not re-read.
    """

    def __init__(self, *, kinds, max_bytes=None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, value):
        if getattr(value, "_committed", False):
            return
        check_upload(value, kinds=self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )


def _detect(upload, kinds, extension):
    """The kind the content is, or None; rewinds the file for whoever reads it next."""
    try:
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        guessed = filetype.guess(head)
        if guessed is not None and guessed.extension in _SIGNATURES:
            return _SIGNATURES[guessed.extension]
        if head.startswith(b"PK\x03\x04"):
            upload.seek(0)
            return _zip_kind(upload)
        # filetype's other signatures are not trusted to refuse text: a CSV whose first header is
        # "BMW" would pass for a BMP image. Binary formats have NUL bytes, which text has not.
        if {"csv", "json"} & set(kinds):
            upload.seek(0)
            return _text_kind(upload.read(), kinds, extension)
        return None
    finally:
        upload.seek(0)


def _zip_kind(upload):
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    with archive:
        entries = archive.infolist()
        inflated = sum(entry.file_size for entry in entries)
        # Python's zipfile never inflates an entry beyond its declared size, so the declared
        # total bounds what any reader of this archive (openpyxl, the import) will inflate.
        too_large = inflated > settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES or (
            inflated > ZIP_RATIO_FLOOR
            and inflated > settings.UPLOAD_ZIP_MAX_RATIO * max(upload.size, 1)
        )
        if too_large or len(entries) > ZIP_MAX_ENTRIES:
            raise ValidationError(
                _("This archive is too large once uncompressed."), code="zip_bomb"
            )
        names = {entry.filename: entry for entry in entries}
        try:
            if "mimetype" in names and names["mimetype"].file_size < 200:
                return _OPENDOCUMENT.get(archive.read("mimetype").strip())
            types = names.get("[Content_Types].xml")
            if types is not None and types.file_size < 1024 * 1024:
                content = archive.read(types)
                matches = {kind for marker, kind in _OOXML.items() if marker in content}
                return matches.pop() if len(matches) == 1 else None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            return None  # corrupt, encrypted or an unsupported compression
    return None


def _text_kind(content, kinds, extension):
    """CSV is any text (UTF-8 or Windows-1252, as Excel writes it) without NUL; JSON must parse."""
    if b"\x00" in content:
        return None
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    if text is None:
        return None
    if "csv" in kinds and extension != "json":
        return "csv"
    if "json" in kinds:
        try:
            json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return None
        return "json"
    return None
