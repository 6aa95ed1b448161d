"""The e-mails of labels, sent through the platform's mailer (once per key).

Key: ``labels.status:transition=7``: each move of an application is told once to each person of
the company. Everything here runs in a Celery task (``tasks.py``), after the service committed.
"""

from django.conf import settings
from django.urls import reverse

from rse_platform.mail import services as mail


def _home(tenant):
    # The application pages come in a later increment; until then the e-mail leads home.
    path = reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
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
                "link": _home(application.tenant),
            },
        )
        sent += bool(row and row.is_sent)
    return sent
