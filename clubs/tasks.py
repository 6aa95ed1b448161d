"""Clubs' Celery tasks: they take ids (the tenant's first), run in the tenant's scope and send
the e-mails of ``notifications``. Services queue them; they never import services back."""

from rse_platform.tenants.scoping import tenant_task

from . import notifications
from .models import Event, Registration


@tenant_task(name="clubs.tasks.send_registration_notice")
def send_registration_notice(tenant, registration_id, kind, round_):
    registration = (
        Registration.objects.filter(pk=registration_id, tenant=tenant)
        .select_related("event__tenant", "event__club", "user")
        .first()
    )
    if registration is None:
        return False
    return notifications.registration_notice(registration=registration, kind=kind, round_=round_)


@tenant_task(name="clubs.tasks.send_event_invitations")
def send_event_invitations(tenant, event_id):
    event = (
        Event.objects.filter(pk=event_id, tenant=tenant).select_related("tenant", "club").first()
    )
    if event is None:
        return 0
    return notifications.invitations(event=event)


@tenant_task(name="clubs.tasks.send_cancellation_notices")
def send_cancellation_notices(tenant, event_id):
    event = (
        Event.objects.filter(pk=event_id, tenant=tenant).select_related("tenant", "club").first()
    )
    if event is None:
        return 0
    return notifications.cancellation_notices(event=event)
