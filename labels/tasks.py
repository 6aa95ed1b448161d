"""Background work of labels: tasks take ids, open the tenant's scope and send e-mails."""

from rse_platform.tenants.scoping import tenant_task

from . import notifications
from .models import CustomerInvitation, Transition


@tenant_task(name="labels.tasks.send_status_changed")
def send_status_changed(tenant, transition_id):
    transition = (
        Transition.objects.filter(pk=transition_id, tenant=tenant)
        .select_related("application__tenant", "application__company", "application__wave__label")
        .first()
    )
    if transition is None:
        return 0
    return notifications.status_changed(transition=transition)


@tenant_task(name="labels.tasks.send_customer_survey_invitation")
def send_customer_survey_invitation(tenant, invitation_id):
    invitation = (
        CustomerInvitation.objects.filter(pk=invitation_id, tenant=tenant, answered_at__isnull=True)
        .select_related("application__tenant", "application__company", "application__wave__label")
        .first()
    )
    if invitation is None:
        return 0
    return notifications.customer_survey_invitation(invitation=invitation)
