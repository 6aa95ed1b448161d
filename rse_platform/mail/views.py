"""The demo's outbox: the e-mails the platform sent, readable in the browser.

Only with ``DEBUG`` on (``make demo``) and only for staff, under ``/admin/`` so the admin's
two-factor rule and its explicit "all tenants" scope apply (``PlatformAdminMiddleware``). With
``DEBUG`` off every URL here answers 404: production reads failures in the admin's read-only
list of outgoing e-mails, never the messages people received.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from rse_platform.web.tables import Column, Table

from . import selectors

# The stored HTML is shown as the recipient's client would: its own <style>, no script at all,
# framed only by the outbox page itself.
MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def staff_in_debug(view):
    """404 unless DEBUG is on and the person is staff (anonymous: to the login page, in debug)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@staff_in_debug
def outbox(request):
    table = Table(
        request=request,
        queryset=selectors.outbox(),
        columns=[
            Column("created", _("Sent on"), ("created_at",)),
            Column("tenant", _("Tenant"), ("tenant__name",)),
            Column("email", _("To"), ("email",)),
            Column("subject", _("Subject"), ("subject",)),
            Column("status", _("Status"), ("status",)),
        ],
        default="-created",
        tiebreak=("-pk",),
        label=_("e-mails"),
    )
    return render(request, "mail/outbox/list.html", {"table": table, "page": table.page})


@staff_in_debug
def outbox_message(request, pk):
    mail = get_object_or_404(selectors.outbox(), pk=pk)
    return render(request, "mail/outbox/message.html", {"mail": mail})


@staff_in_debug
@xframe_options_sameorigin
def outbox_message_html(request, pk):
    """The stored HTML body alone, for the message page's sandboxed frame."""
    mail = get_object_or_404(selectors.outbox(), pk=pk)
    # Links open in the whole window (the frame is sandboxed), as a click in a mail client would.
    html = mail.body_html.replace("<head>", '<head><base target="_top">', 1)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = MESSAGE_CSP  # django-csp keeps a header already set
    return response
