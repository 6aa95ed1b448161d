"""Background work of action plans: tasks take ids, open the tenant's scope and send e-mails.

The review PDF is rendered by the core's generated-document task (``rse_platform.files``)."""

from rse_platform.tenants.scoping import tenant_task

from . import notifications
from .models import Meeting, Mission


@tenant_task(name="action_plans.tasks.send_mission_started")
def send_mission_started(tenant, mission_id):
    mission = (
        Mission.objects.filter(pk=mission_id, tenant=tenant)
        .select_related("tenant", "company", "consultant")
        .first()
    )
    if mission is None:
        return None
    return notifications.mission_started(mission=mission)


@tenant_task(name="action_plans.tasks.send_over_budget")
def send_over_budget(tenant, meeting_id):
    meeting = (
        Meeting.objects.filter(pk=meeting_id, tenant=tenant)
        .select_related("mission__tenant", "mission__company", "mission__consultant")
        .first()
    )
    if meeting is None:
        return 0
    return notifications.over_budget(meeting=meeting)
