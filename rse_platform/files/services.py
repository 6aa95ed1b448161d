"""Every state change of a generated document: asked for, rendered, failed."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rse_platform.tenants import permissions

from . import documents, selectors
from .models import GeneratedDocument
from .storage import display_name

logger = logging.getLogger(__name__)

Status = GeneratedDocument.Status


def request_document(*, kind, subject, user, language):
    """Queue the rendering of a ``kind`` document about ``subject`` (a tenant-owned row) for
    ``user``, in ``language``; the worker renders it once the transaction commits.

    Rule: one job per person, subject, kind and language at a time: asking again while the first
    one waits or renders returns that one instead of queueing the work twice.
    """
    from .tasks import render_document

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
    transaction.on_commit(lambda: render_document.delay(tenant_id, document.pk))
    return document


def generate(*, document_id):
    """Render one queued document (called by the task): running, then ready or failed.

    Rule: the row is claimed before rendering, so a task delivered twice renders once; a row left
    running by a worker that died may be claimed again once stale. An exception never leaves the
    row running: it fails with a message for the person waiting (the renderer's own when it
    raises ``documents.RenderError``) and the traceback goes to the logs.
    """
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(status=Status.RUNNING, started_at__lt=_stale(now))
    claimed = (
        GeneratedDocument.objects.filter(claimable, pk=document_id).update(
            status=Status.RUNNING, started_at=now, progress=0, error=""
        )
        > 0
    )
    document = GeneratedDocument.objects.select_related("subject_type").get(pk=document_id)
    if not claimed:
        return document
    try:
        spec = documents.get(document.kind)
        subject = selectors.subject_of(document)
        if subject is None:
            raise documents.RenderError(_("What this document was about no longer exists."))
        with translation.override(document.language):
            content, filename = spec.render(document, subject, _progress(document))
        filename = display_name(filename)
        document.file.save(filename, ContentFile(content), save=False)
        finished = GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
            status=Status.READY,
            progress=100,
            file=document.file.name,
            filename=filename,
            finished_at=timezone.now(),
        )
        if not finished:  # given up on meanwhile (see expire_if_stale): keep no orphan file
            document.file.delete(save=False)
    except Exception as error:
        logger.exception("Generated document %s (%s) failed", document.pk, document.kind)
        with translation.override(document.language):
            message = (
                str(error)
                if isinstance(error, documents.RenderError)
                else gettext("The document could not be generated. Please try again later.")
            )
        GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
            status=Status.FAILED, error=message[:500], finished_at=timezone.now()
        )
    document.refresh_from_db()
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
    if started >= _stale(now):
        return document
    with translation.override(document.language):
        message = gettext("The document took too long to generate. Please try again.")
    GeneratedDocument.objects.filter(pk=document.pk, status__in=GeneratedDocument.ACTIVE).update(
        status=Status.FAILED, error=message, finished_at=now
    )
    document.refresh_from_db()
    return document


def _progress(document):
    def progress(percent):
        percent = max(0, min(100, int(percent)))
        GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
            progress=percent
        )
        document.progress = percent

    return progress


def _stale(now):
    return now - timedelta(seconds=settings.GENERATED_DOCUMENT_TIMEOUT)


def _supported(language):
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
