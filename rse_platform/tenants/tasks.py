from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import notifications, registry
from .models import Invitation, Tenant
from .scoping import tenant_task


@tenant_task(name="rse_platform.tenants.tasks.send_invitation")
def send_invitation(tenant, invitation_id, base_url="", sending=1):
    invitation = Invitation.objects.select_related("tenant", "invited_by").get(
        pk=invitation_id, tenant=tenant
    )
    notifications.send_invitation_email(
        invitation=invitation, base_url=base_url or settings.PUBLIC_BASE_URL, sending=sending
    )


@shared_task(name="rse_platform.tenants.tasks.dispatch_reminders")
def dispatch_reminders():
    """Beat entry point: one reminder task per active tenant, each in its own scope."""
    for tenant_id in Tenant.objects.filter(is_active=True).values_list("pk", flat=True):
        send_tenant_reminders.delay(tenant_id)


@tenant_task(name="rse_platform.tenants.tasks.send_tenant_reminders")
def send_tenant_reminders(tenant):
    now = timezone.now()
    return {key: func(tenant=tenant, now=now) for key, func in registry.reminders().items()}
