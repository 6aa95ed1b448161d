"""The worker's side of a generated document: claim it, render it, store it or fail it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import documents, selectors
from .models import GeneratedDocument
from .storage import display_name

logger = logging.getLogger(__name__)

Status = GeneratedDocument.Status


def generate(*, document_id):
    """Render one queued document (called by the task): running, then ready or failed.

    Rule: the row is claimed before rendering, so a task delivered twice renders once; a row left
    running by a worker that died may be claimed again once stale. An exception never leaves the
    row running: it fails with a message for the person waiting (the renderer's own when it
    raises ``documents.RenderError``) and the traceback goes to the logs.
    """
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(
        status=Status.RUNNING, started_at__lt=stale_before(now)
    )
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


def _progress(document):
    def progress(percent):
        percent = max(0, min(100, int(percent)))
        GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).update(
            progress=percent
        )
        document.progress = percent

    return progress


def stale_before(now):
    """Work started before this moment is considered abandoned by its worker."""
    return now - timedelta(seconds=settings.GENERATED_DOCUMENT_TIMEOUT)
