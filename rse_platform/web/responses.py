"""Responses built in the request (an export of a few rows); stored or generated files leave
through ``rse_platform.files.serving.serve`` instead."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content, filename, content_type):
    """``content`` (bytes) downloaded as ``filename``: never shown in the browser, never cached
    by a shared proxy (the rows belong to one tenant)."""
    response = HttpResponse(content, content_type=content_type)
    return _download(response, filename)


def streaming_attachment(chunks, filename, content_type):
    """Like ``attachment``, for ``chunks`` (an iterator of bytes) sent as they are produced."""
    return _download(StreamingHttpResponse(chunks, content_type=content_type), filename)


def _download(response, filename):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
