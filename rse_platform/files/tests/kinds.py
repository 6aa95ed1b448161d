"""Document kinds and a permission that exist for the tests only.

The worker test loads this module into the Celery worker too (``celery worker --include``), so
the kinds are registered on import and the renderers keep no state the worker would need.
A ``GeneratedDocument`` row stands in for the subject: any tenant-owned row would do.
"""

from django.utils.translation import gettext

from rse_platform.files import documents
from rse_platform.tenants import permissions
from rse_platform.tenants.roles import Role

PERMISSION = "files_test.view_subject"
SAMPLE = "files_test.sample"
BROKEN = "files_test.broken"
REFUSED = "files_test.refused"

# Managers see every subject; a consultant only the subjects granted to them.
permissions.register(
    PERMISSION,
    roles={Role.MANAGER},
    object_permission="files.view_generateddocument",
    object_roles={Role.CONSULTANT},
)

seen_progress = []  # in the test process: the progress stored in the row at each step


def render_sample(document, subject, progress):
    from rse_platform.files.models import GeneratedDocument

    for percent in (25, 50, 75):
        progress(percent)
        seen_progress.append(GeneratedDocument.objects.get(pk=document.pk).progress)
    # gettext shows the renderer runs in the document's language, whoever queued it.
    content = f"%PDF-1.4\n% {gettext('Download')} {subject.pk}\n".encode()
    return content, f"Rapport été {subject.pk}.pdf"


def render_broken(document, subject, progress):
    progress(10)
    raise RuntimeError("database password is hunter2")


def render_refused(document, subject, progress):
    raise documents.RenderError("La grille n'a encore aucune réponse.")


documents.register(SAMPLE, render=render_sample, permission=PERMISSION, label="Rapport d'essai")
documents.register(BROKEN, render=render_broken, permission=PERMISSION, label="Rapport cassé")
documents.register(REFUSED, render=render_refused, permission=PERMISSION, label="Rapport refusé")
