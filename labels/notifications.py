"""The e-mails of labels, sent through the platform's mailer (once per key).

Key: ``labels.status:transition=7``: each move of an application is told once to each person of
the company. Everything here runs in a Celery task (``tasks.py``), after the service committed.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rse_platform.mail import services as mail

from .models import CustomerInvitation


def _link(tenant, name, **kwargs):
    """The absolute address of the tenant's page ``name`` (the application page, the survey)."""
    path = reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def status_changed(*, transition):
    """The company's people hear that their application moved, and why when a reason was
    given. Returns how many e-mails left."""
    application = transition.application
    sent = 0
    for person in application.company.people.select_related("user"):
        row = mail.send(
            tenant=application.tenant,
            key=f"labels.status:transition={transition.pk}",
            template="labels/emails/status_changed",
            user=person.user,
            context={
                "application": application,
                "label": application.wave.label,
                "transition": transition,
                "status": transition.get_to_status_display(),
                "link": _link(application.tenant, "application_detail", pk=application.pk),
            },
        )
        sent += bool(row and row.is_sent)
    return sent


def customer_survey_invitation(*, invitation):
    """A customer the company listed receives the link to the survey (no account: a bare
    address, once per invitation); ``sent_at`` is set once the mailer sent it. Returns 1 when
    this call sent it."""
    application = invitation.application
    row = mail.send(
        tenant=application.tenant,
        key=f"labels.survey:invitation={invitation.pk}",
        template="labels/emails/customer_survey",
        email=invitation.email,
        context={
            "company": application.company,
            "label": application.wave.label,
            "link": _link(application.tenant, "customer_survey", token=invitation.token),
        },
    )
    if row is None or not row.is_sent:
        return 0
    CustomerInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
        sent_at=row.sent_at or timezone.now()
    )
    return 1
