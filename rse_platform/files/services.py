"""Every state change of a generated document: asked for, rendered, failed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from rse_platform.tenants import permissions

from . import documents, rendering, tasks
from .models import GeneratedDocument

Status = GeneratedDocument.Status


def request_document(*, kind, subject, user, language):
    """Queue the rendering of a ``kind`` document about ``subject`` (a tenant-owned row) for
    ``user``, in ``language``; the worker renders it once the transaction commits.

    Rule: one job per person, subject, kind and language at a time: asking again while the first
    one waits or renders returns that one instead of queueing the work twice.
    """
    # An unknown kind or permission fails here, in the request, not later on the worker.
    permissions.rule(documents.get(kind).permission)
    tenant_id = getattr(subject, "tenant_id", None)
    if tenant_id is None or subject.pk is None:
        raise ValueError("A generated document is about a saved, tenant-owned row.")
    fields = {
        "tenant_id": tenant_id,
        "kind": kind,
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk,
        "language": _supported(language),
        "requested_by": user,
    }
    active = GeneratedDocument.objects.filter(**fields, status__in=GeneratedDocument.ACTIVE)
    document = active.first()
    if document is not None:
        return document
    try:
        with transaction.atomic():
            document = GeneratedDocument.objects.create(**fields)
    except IntegrityError:  # the same request, a moment earlier, from another tab
        return active.get()
    transaction.on_commit(lambda: tasks.render_document.delay(tenant_id, document.pk))
    return document


def expire_if_stale(*, document):
    """Fail a document that has waited or rendered longer than ``GENERATED_DOCUMENT_TIMEOUT``.

    Rule: nobody polls forever. A job lost with its queue, or a worker that died mid-render, turns
    into a failure the person can retry.
    """
    if not document.is_active:
        return document
    now = timezone.now()
    started = document.started_at or document.requested_at
    if started >= rendering.stale_before(now):
        return document
    with translation.override(document.language):
        message = gettext("The document took too long to generate. Please try again.")
    GeneratedDocument.objects.filter(pk=document.pk, status__in=GeneratedDocument.ACTIVE).update(
        status=Status.FAILED, error=message, finished_at=now
    )
    document.refresh_from_db()
    return document


def _supported(language):
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
