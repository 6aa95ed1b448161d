"""The platform's one mailer: every e-mail of every app leaves through ``send()``.

The rule, in one place:

1. A person receives an e-mail only while they hold a role in the tenant (a ``Membership``) and
   their account is active, checked when the e-mail is sent — and again before any retry.
2. Each e-mail is identified by a key the caller builds; (tenant, key, address) is unique in the
   ``OutgoingMail`` ledger. The row is claimed before the message leaves, so a second call, a
   duplicated task or a second beat run sends nothing.
3. The row is marked ``sent`` only once the mail backend accepted the message. A failure marks it
   ``failed`` with the error; ``retry_failed`` (run by beat for every tenant) sends it again with a
   growing delay, up to ``settings.MAIL_MAX_ATTEMPTS`` attempts.
4. The message is rendered in the recipient's language (``User.language``; for an address without
   an account, the ``language`` argument) and stored as rendered, so a retry sends exactly it.

See ``rse_platform/mail/__init__.py`` for how an app writes its ``notifications.py``.
"""

import base64
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope

from rse_platform.tenants.models import Membership

from .models import OutgoingMail

logger = logging.getLogger(__name__)

# The delay before the first retry; it doubles after each failed attempt (10, 20, 40, 80 min).
RETRY_DELAY = timedelta(minutes=10)
# A row still "claimed" this long after its attempt started belongs to a worker that died while
# sending: it is retried (the backend may, rarely, have accepted it before the crash).
STALE_CLAIM = timedelta(hours=1)
# Attachments are small generated files (an event's .ics); documents travel as links to the
# permission-checked file views, never as attachments.
MAX_ATTACHMENT_BYTES = 1024 * 1024


def send(*, tenant, key, template, context, user=None, email=None, language=None, attachments=()):
    """Send one e-mail once, to a person who holds a role in ``tenant`` (or to a bare address).

    ``user``: an account; nothing is sent unless it is active and holds a role in ``tenant`` now.
    ``email``: a bare address (an invitation to someone without a role yet); no role check.
    ``key``: what the e-mail is about, built by the caller (``"clubs.confirmation:event=12:
    round=2"``); the same key and address in a tenant leave once.
    ``template``: a prefix; ``<template>_subject.txt``, ``<template>.txt`` and
    ``<template>.html`` (which extends ``mail/layout.html``) are rendered with ``context`` plus
    ``tenant``, ``recipient``, ``email``, ``base_url`` and ``reason`` (the footer's "why").
    ``attachments``: ``(filename, content, mimetype)`` tuples, content ``str`` or ``bytes``.

    Returns the ledger row when this call attempted the sending (``row.status`` is ``sent`` or
    ``failed``; a failure is logged and retried later, never raised), ``None`` when nothing was
    to be sent: not a recipient any more, already sent, being sent, cancelled, or failed and not
    yet due for a retry. Call it from a Celery task, after the caller's transaction committed.
    """
    if (user is None) == (email is None):
        raise TypeError("send() takes exactly one recipient: user= or email=")
    address = (user.email if user is not None else email).strip().lower()
    with scope(tenant=tenant):
        existing = (
            OutgoingMail.objects.filter(tenant=tenant, key=key, email=address)
            .select_related("tenant", "recipient")
            .first()
        )
        if existing is not None:
            if existing.status == OutgoingMail.Status.FAILED and _due(existing, timezone.now()):
                return _retry(existing)
            return None
        if user is not None and not _holds_role(tenant=tenant, user=user):
            return None
        language = _language(user=user, language=language)
        rendered = _render(
            tenant=tenant,
            template=template,
            context=context,
            language=language,
            user=user,
            email=address,
        )
        try:
            with transaction.atomic():
                mail = OutgoingMail.objects.create(
                    tenant=tenant,
                    key=key,
                    recipient=user,
                    email=address,
                    template=template,
                    language=language,
                    attachments=_stored(attachments),
                    **rendered,
                )
        except IntegrityError:
            return None  # claimed by a concurrent call, which sends it
        return _deliver(mail)


def retry_failed(*, tenant, now):
    """Send again the failed e-mails that are due (the delay doubles after each attempt), up to
    ``settings.MAIL_MAX_ATTEMPTS`` attempts; a recipient who no longer holds a role gets nothing
    and the e-mail is cancelled. Registered as a reminder, so beat runs it for every tenant."""
    with scope(tenant=tenant):
        candidates = (
            OutgoingMail.objects.filter(tenant=tenant, attempts__lt=settings.MAIL_MAX_ATTEMPTS)
            .filter(
                models.Q(status=OutgoingMail.Status.FAILED)
                | models.Q(status=OutgoingMail.Status.CLAIMED, attempted_at__lte=now - STALE_CLAIM)
            )
            .select_related("tenant", "recipient")
            .order_by("attempted_at", "pk")
        )
        sent = 0
        for mail in candidates:
            if mail.status == OutgoingMail.Status.FAILED and not _due(mail, now):
                continue
            result = _retry(mail)
            sent += result is not None and result.is_sent
        return sent


def cancel_pending(*, tenant, user=None, email=None, key_prefix=""):
    """Cancel the e-mails not yet sent (being sent or failed) to a person in a tenant: called
    when their role ends, so a retry never reaches someone who no longer belongs there.

    ``email`` and ``key_prefix`` narrow it to bare addresses and to one subject (a revoked
    invitation: ``email=…, key_prefix="tenants.invitation:12:"``). Returns how many.
    """
    if user is None and email is None:
        raise TypeError("cancel_pending() needs user= or email=")
    with scope(tenant=tenant):
        pending = OutgoingMail.objects.filter(
            tenant=tenant,
            status__in=[OutgoingMail.Status.CLAIMED, OutgoingMail.Status.FAILED],
        )
        if user is not None:
            pending = pending.filter(recipient=user)
        if email is not None:
            pending = pending.filter(email=email.strip().lower())
        if key_prefix:
            pending = pending.filter(key__startswith=key_prefix)
        return pending.update(status=OutgoingMail.Status.CANCELLED)


def queue(task, *args, **kwargs):
    """Queue ``task.delay(*args, **kwargs)`` once the current transaction commits.

    Arguments are ids, never model instances (a worker would read a stale copy). Binding them
    now also avoids the late-binding trap of ``on_commit(lambda: …)`` inside a loop.
    """
    for value in (*args, *kwargs.values()):
        if isinstance(value, models.Model):
            raise TypeError(f"tasks take ids, not {type(value).__name__} instances")
    transaction.on_commit(partial(task.delay, *args, **kwargs))


# --- Internals ----------------------------------------------------------------------------


def _holds_role(*, tenant, user):
    return user.is_active and Membership.objects.filter(tenant=tenant, user=user).exists()


def _language(*, user, language):
    supported = {code for code, _name in settings.LANGUAGES}
    for choice in (getattr(user, "language", None), language):
        if choice in supported:
            return choice
    return settings.LANGUAGE_CODE


def _render(*, tenant, template, context, language, user, email):
    with translation.override(language):
        if user is not None:
            reason = _(
                "You receive this e-mail because you hold a role in %(tenant)s on the CSR platform."
            ) % {"tenant": tenant.name}
        else:
            reason = _("You receive this e-mail from %(tenant)s on the CSR platform.") % {
                "tenant": tenant.name
            }
        full = {
            "tenant": tenant,
            "recipient": user,
            "email": email,
            "base_url": settings.PUBLIC_BASE_URL.rstrip("/"),
            "reason": reason,
            **context,
        }
        subject = " ".join(_render_text(f"{template}_subject.txt", full).split())
        text = _render_text(f"{template}.txt", full).strip()
        footer = _render_text("mail/footer.txt", full).strip()
        html = render_to_string(f"{template}.html", full)
    return {"subject": subject[:300], "body_text": f"{text}\n\n-- \n{footer}\n", "body_html": html}


def _render_text(name, context):
    # Plain text is not HTML: no escaping of "&" or quotes in names and subjects.
    return get_template(name).template.render(Context(context, autoescape=False))


def _stored(attachments):
    stored, total = [], 0
    for filename, content, mimetype in attachments:
        data = content.encode() if isinstance(content, str) else bytes(content)
        total += len(data)
        stored.append(
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(data).decode("ascii"),
            }
        )
    if total > MAX_ATTACHMENT_BYTES:
        raise ValueError("e-mail attachments are limited to small files; send a link instead")
    return stored


def _due(mail, now):
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        return False
    return mail.attempted_at + RETRY_DELAY * 2 ** (mail.attempts - 1) <= now


def _retry(mail):
    """Claim a failed (or abandoned) row again and send its stored message."""
    if mail.recipient_id is not None and not _holds_role(tenant=mail.tenant, user=mail.recipient):
        OutgoingMail.objects.filter(pk=mail.pk, status=mail.status).update(
            status=OutgoingMail.Status.CANCELLED
        )
        return None
    now = timezone.now()
    # Conditional on what was read, so two retriers (beat and a caller) cannot both take it.
    claimed = OutgoingMail.objects.filter(
        pk=mail.pk, status=mail.status, attempted_at=mail.attempted_at
    ).update(
        status=OutgoingMail.Status.CLAIMED, attempts=models.F("attempts") + 1, attempted_at=now
    )
    if not claimed:
        return None
    mail.status, mail.attempts, mail.attempted_at = (
        OutgoingMail.Status.CLAIMED,
        mail.attempts + 1,
        now,
    )
    return _deliver(mail)


def _deliver(mail):
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        to=[mail.email],
        reply_to=[mail.tenant.contact_email] if mail.tenant.contact_email else None,
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    try:
        if not message.send():
            raise RuntimeError("the mail backend accepted no recipient")
    except Exception as error:  # any backend failure: kept, logged and retried, never raised
        mail.status = OutgoingMail.Status.FAILED
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        # A row cancelled while it was being sent stays cancelled.
        OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.CLAIMED).update(
            status=mail.status, last_error=mail.last_error
        )
        logger.warning(
            "E-mail %s to %s failed (attempt %s): %s",
            mail.key,
            mail.email,
            mail.attempts,
            mail.last_error,
        )
        return mail
    mail.status, mail.sent_at, mail.last_error = OutgoingMail.Status.SENT, timezone.now(), ""
    # Unconditional: the message left, whatever happened to the row meanwhile.
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=mail.status, sent_at=mail.sent_at, last_error=""
    )
    return mail
