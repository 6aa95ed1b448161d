"""Stored and generated files: the platform's one way to keep, check, render and serve a file.

No file is reachable by URL except through a view that has checked the permission of the person
asking; ``MEDIA_URL`` is never served. In production the view hands the bytes to nginx
(``X-Accel-Redirect``, see ``deploy/nginx.conf``); in the demo it streams them itself.

Store an upload
    The model keeps the file under a random name and the original name beside it::

        from rse_platform.files.storage import RandomName, display_name
        from rse_platform.files.validators import UploadValidator

        class Evidence(TenantOwned):
            file = models.FileField(
                upload_to=RandomName("diagnostics/evidence"),
                validators=[UploadValidator(kinds=["pdf", "png", "jpeg", "docx", "xlsx"])],
            )
            original_name = models.CharField(max_length=255)

    The service sets ``original_name=display_name(upload.name)``. A ModelForm shows a refused file
    (checked by its content, not its extension) as a field error; a plain form or a service calls
    ``check_upload(upload, kinds=[...])``, which returns the detected kind ("xlsx", "csv"...).

Serve it
    Only after the permission check on the object that owns the file::

        from rse_platform.files.serving import serve

        evidence = permissions.get_visible_or_404(request, "diagnostics.view", queryset, pk=pk)
        return serve(request, evidence.file, filename=evidence.original_name)

Render a document on the worker
    Register the kind once, in the app's ``AppConfig.ready()`` (its contributions)::

        from rse_platform.files import documents

        def render_report(document, diagnostic, progress):
            progress(30)
            pdf = ...  # WeasyPrint, inside translation.override(document.language) already
            return pdf, f"rapport-diagnostic-{slugify(diagnostic.company.name)}-{date}.pdf"

        documents.register(
            "diagnostics.report", render=render_report, permission="diagnostics.view",
            label=_("Diagnostic report"),
        )

    A view calls ``services.request_document(kind="diagnostics.report", subject=diagnostic,
    user=request.user, language=get_language())`` and renders
    ``{% include "files/partials/document_status.html" with document=document %}``; the partial
    polls ``documents/<pk>/`` until the file is ready, then links to ``documents/<pk>/download/``.
    Both views check ``permission`` on the subject for the person asking, whoever requested it.
"""
