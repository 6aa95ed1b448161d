"""The end of a label: reminders before the certificate ends, then its expiry.

The reminder beat runs for each tenant (``registry.add_reminder``, every quarter of an hour):

- 6 months before ``valid_until``, then 1 month before, the company's people hear that their
  label ends and how to renew it. The mailer's ledger sends each once per person (key
  ``labels.expiry:certificate=7:months=6``) however often beat fires. A certificate already
  in its last month gets the 1-month reminder only; a withdrawn one, or one whose renewal is
  under way or done, gets none.
- Then certified applications whose certificate ended become "expired"
  (``services.expire_due``): the verification page says so and the company leaves the showcase.
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rse_platform.mail import services as mail

from . import services
from .models import Application, Certificate

S = Application.Status
TEMPLATE = "labels/emails/expiry"
STAGES = (1, 6)  # months before the end, the nearest first


def expiry_key(certificate, months):
    return f"labels.expiry:certificate={certificate.pk}:months={months}"


def stage(certificate, today):
    """The reminder due today (1 or 6 months), or None: not yet, or the certificate ended."""
    if today > certificate.valid_until:
        return None
    for months in STAGES:
        if today >= certificate.valid_until - relativedelta(months=months):
            return months
    return None


def due_certificates(*, tenant, today):
    """Certified applications' certificates ending within 6 months, not withdrawn, without a
    renewal started (a renewal given up on, "withdrawn", does not count). One query."""
    return (
        Certificate.objects.filter(
            tenant=tenant,
            withdrawn_at__isnull=True,
            application__status=S.CERTIFIED,
            valid_until__gte=today,
            valid_until__lte=today + relativedelta(months=max(STAGES)),
        )
        .exclude(application__renewals__status__in=[s for s in S.values if s != S.WITHDRAWN])
        .select_related("tenant", "application__company", "application__wave__label")
        .prefetch_related("application__company__people__user")
        .order_by("valid_until", "pk")
    )


def _link(tenant, name, **kwargs):
    path = reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def send_expiry_reminder(*, certificate, months):
    """Tell each of the company's people, once, that the label ends in ``months`` months.
    Returns how many e-mails left."""
    application = certificate.application
    tenant = certificate.tenant
    context = {
        "certificate": certificate,
        "label": application.wave.label,
        "company": application.company,
        "months": months,
        "link": _link(tenant, "application_detail", pk=application.pk),
        "renew_link": _link(tenant, "certificate_renew", pk=certificate.pk),
    }
    sent = 0
    for person in application.company.people.all():
        row = mail.send(
            tenant=tenant,
            key=expiry_key(certificate, months),
            template=TEMPLATE,
            user=person.user,
            context=context,
        )
        sent += bool(row and row.is_sent)
    return sent


def send_expiry_reminders(*, tenant, now):
    """The reminder of ``registry.add_reminder``: what is due today, then the expiries. Safe to
    run twice. Returns how many e-mails left."""
    today = timezone.localdate(now)
    sent = 0
    for certificate in due_certificates(tenant=tenant, today=today):
        months = stage(certificate, today)
        if months is not None:
            sent += send_expiry_reminder(certificate=certificate, months=months)
    services.expire_due(tenant=tenant, today=today)
    return sent
