"""The only way a stored or generated file leaves the platform.

``serve`` does no permission check: the caller has already fetched the object that owns the file
with ``permissions.get_visible_or_404(request, name, queryset, pk=pk)`` (or checked
``permissions.check(request, name, obj)``). Call it from nowhere else.
"""

import mimetypes
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# Shown in the browser when asked (a PDF preview, an image); anything else is downloaded, so no
# stored file can ever run as a page of the platform's origin.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/webp"})


def file_view(view):
    """Mark a view that sends a file: an anonymous visitor gets 404 there, like any other
    outsider, rather than a login page confirming that something is behind the address."""
    view.hidden_from_anonymous = True
    return view


def serve(request, field_file, *, filename, inline=False):
    """Answer with the file of ``field_file`` (a model's ``FileField`` value), downloaded as
    ``filename``. Behind nginx (``settings.FILES_ACCEL_REDIRECT_PREFIX`` set) the answer is empty
    and ``X-Accel-Redirect`` tells nginx which file to send; otherwise Django streams it.
    A missing file answers 404.
    """
    name = field_file.name if field_file else ""
    path = PurePosixPath(name or "")
    if not name or path.is_absolute() or ".." in path.parts:
        raise Http404
    storage = field_file.storage
    if not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    prefix = settings.FILES_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(f"{prefix}{name}")
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = _disposition(
        filename, inline=inline and content_type in INLINE_TYPES
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _disposition(filename, *, inline):
    filename = filename or "document"
    header = content_disposition_header(not inline, filename)
    if "filename*=" in header:
        # RFC 6266: an ASCII name first for the clients that do not read RFC 5987's form.
        fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
        fallback = fallback.replace("\\", "").replace('"', "").strip() or "document"
        kind, encoded = header.split("; ", 1)
        header = f'{kind}; filename="{fallback}"; {encoded}'
    return header
