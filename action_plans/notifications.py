"""The e-mails of action plans and missions, sent through the platform's mailer (once per key).

Keys: ``action_plans.mission_started:mission=4``, ``action_plans.over_budget:meeting=9``,
``action_plans.digest:week=2026-W48`` (one digest per person, tenant and ISO week).
Everything here runs in a Celery task (``tasks.py``), after the service's transaction committed.
"""

from django.conf import settings
from django.urls import reverse

from rse_platform.mail import services as mail
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role


def _link(tenant, name, **kwargs):
    path = reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def mission_started(*, mission):
    """The consultant hears of their new mission and of the company they now follow."""
    return mail.send(
        tenant=mission.tenant,
        key=f"action_plans.mission_started:mission={mission.pk}",
        template="action_plans/emails/mission_started",
        user=mission.consultant,
        context={
            "mission": mission,
            "link": _link(mission.tenant, "mission_detail", pk=mission.pk),
        },
    )


def over_budget(*, meeting):
    """The programme's managers hear that a meeting took a mission past its allocated days."""
    mission = meeting.mission
    managers = Membership.objects.filter(
        tenant=mission.tenant, role=Role.MANAGER, user__is_active=True
    ).select_related("user")
    sent = 0
    for membership in managers:
        row = mail.send(
            tenant=mission.tenant,
            key=f"action_plans.over_budget:meeting={meeting.pk}",
            template="action_plans/emails/over_budget",
            user=membership.user,
            context={
                "mission": mission,
                "meeting": meeting,
                "link": _link(mission.tenant, "mission_detail", pk=mission.pk),
            },
        )
        sent += bool(row and row.is_sent)
    return sent
