from rse_platform.tenants.scoping import tenant_task

from . import services
from .models import Campaign, Report


@tenant_task(name="diagnostics.tasks.send_campaign_invitations")
def send_campaign_invitations(tenant, campaign_id):
    campaign = Campaign.objects.select_related("tenant").get(pk=campaign_id, tenant=tenant)
    return services.send_campaign_invitations(campaign=campaign)


@tenant_task(name="diagnostics.tasks.render_report")
def render_report(tenant, report_id):
    report = Report.objects.select_related("diagnostic__company", "diagnostic__version").get(
        pk=report_id, tenant=tenant
    )
    if report.status != Report.Status.PENDING:
        return report.status
    try:
        services.render_report_pdf(report=report)
    except Exception:
        Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED)
        raise
    return report.status
