from rse_platform.tenants.scoping import tenant_task

from . import rendering


@tenant_task(name="rse_platform.files.tasks.render_document")
def render_document(tenant, document_id):
    """Render one generated document; the row records the outcome, so the task never fails."""
    return rendering.generate(document_id=document_id).status
