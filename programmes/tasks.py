from django.core.files.base import ContentFile
from django.utils import timezone

from rse_platform.tenants.scoping import tenant_task

from . import reports
from .models import FunderReport


@tenant_task(name="programmes.tasks.render_funder_report")
def render_funder_report(tenant, report_id):
    report = FunderReport.objects.select_related("programme").get(pk=report_id, tenant=tenant)
    try:
        pdf = reports.funder_report_pdf(programme=report.programme)
    except Exception:
        report.failed = True
        report.save(update_fields=["failed"])
        raise
    name = f"rapport-financeurs-{report.programme.start_year}-{report.pk}.pdf"
    report.file.save(name, ContentFile(pdf), save=False)
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "finished_at"])
