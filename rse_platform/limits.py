from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared body exceeds ``REQUEST_MAX_BYTES`` before it is read.

    Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves out file parts, so without this a 1 GB
    "upload" would be streamed to disk before any form could refuse it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(status=400)
        if length > settings.REQUEST_MAX_BYTES:
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain"
            )
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NulCharacterMiddleware:
    """Refuses, with a 400, a query string or form carrying a NUL character.

    No person types one; PostgreSQL refuses to store or compare text containing it, so it would
    otherwise turn every search box into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        data = [request.GET]
        if request.method == "POST" and request.content_type in FORM_TYPES:
            data.append(request.POST)
        for query in data:
            if any("\x00" in value for _key, values in query.lists() for value in values):
                return _bad_request()
        return self.get_response(request)


def _bad_request():
    return HttpResponse(
        _("The request contains a character that is not allowed."),
        status=400,
        content_type="text/plain",
    )
