"""Background work of the self-assessment grids: tasks take ids and open the tenant's scope.

The PDF report is rendered by the core's generated-document task (``rse_platform.files``)."""

from rse_platform.tenants.scoping import tenant_task

from . import notifications
from .models import Campaign


@tenant_task(name="diagnostics.tasks.send_campaign_invitations")
def send_campaign_invitations(tenant, campaign_id):
    campaign = Campaign.objects.filter(pk=campaign_id, tenant=tenant).first()
    if campaign is None:
        return 0
    return notifications.campaign_invitations(campaign=campaign)
