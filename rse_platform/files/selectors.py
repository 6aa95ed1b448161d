"""Reads of generated documents and of the rows they are about."""

from django.contrib.contenttypes.models import ContentType

from .models import GeneratedDocument


def subjects_like(document):
    """The rows of the document's subject model (in the active tenant scope), to filter with
    ``permissions.visible``/``get_visible_or_404``; ``None`` when the model is gone."""
    model = document.subject_type.model_class()
    return None if model is None else model._default_manager.all()


def subject_of(document):
    rows = subjects_like(document)
    if rows is None:
        return None
    return rows.filter(pk=document.subject_id, tenant=document.tenant_id).first()


def latest_document(*, kind, subject, language=None):
    """The most recent document of ``kind`` about ``subject`` (in ``language`` if given), for a
    page that shows its status partial; ``None`` before the first request."""
    documents = GeneratedDocument.objects.filter(
        tenant=subject.tenant_id,
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    if language:
        documents = documents.filter(language=language)
    return documents.order_by("-requested_at", "-id").first()
