"""Following and downloading a generated document: the person asking must be allowed on its
subject with the kind's permission, whoever requested it."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse

from . import documents, selectors, services
from .models import GeneratedDocument
from .serving import file_view, serve


def _visible_document(request, pk):
    """The document and its subject, or 404 when either is not there for this person."""
    document = get_object_or_404(
        GeneratedDocument.objects.select_related("subject_type").filter(tenant=request.tenant),
        pk=pk,
    )
    spec = documents.find(document.kind)
    subjects = selectors.subjects_like(document)
    if spec is None or subjects is None:
        raise Http404
    subject = permissions.get_visible_or_404(
        request, spec.permission, subjects, pk=document.subject_id
    )
    return document, subject


@permission_required("tenant.view")
def document_status(request, tenant_slug, pk):
    document, _subject = _visible_document(request, pk)
    document = services.expire_if_stale(document=document)
    template = "files/partials/document_status.html" if request.htmx else "files/document.html"
    return render(request, template, {"document": document})


@file_view
@permission_required("tenant.view")
def document_download(request, tenant_slug, pk):
    document, _subject = _visible_document(request, pk)
    if document.status != GeneratedDocument.Status.READY:
        raise Http404
    return serve(request, document.file, filename=document.filename)


@require_POST
@permission_required("tenant.view")
def document_retry(request, tenant_slug, pk):
    document, subject = _visible_document(request, pk)
    if document.status == GeneratedDocument.Status.FAILED:
        document = services.request_document(
            kind=document.kind, subject=subject, user=request.user, language=document.language
        )
        document.refresh_from_db()  # without a broker the task has already run
    if request.htmx:
        return render(request, "files/partials/document_status.html", {"document": document})
    return redirect(tenant_reverse(request, "document_status", pk=document.pk))
