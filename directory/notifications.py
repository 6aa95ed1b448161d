"""The e-mails of the service exchange and the watch, sent through the platform's mailer (once
per key).

Keys: ``directory.offer_answered:answer=4``, ``directory.answer_accepted:answer=4``,
``directory.thanks:thanks=9``, ``directory.watch:week=2026-W48`` (the weekly digest, one per
person, tenant and ISO week, in ``digest.py``). Everything here runs in a Celery task
(``tasks.py``), after the service's transaction committed.
"""

from django.conf import settings
from django.urls import reverse

from rse_platform.mail import services as mail


def link(tenant, name="tenant_home", **kwargs):
    path = reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def offer_answered(*, answer):
    """The author of the offer hears that a company answered it."""
    offer = answer.offer
    if offer.author is None:
        return None
    return mail.send(
        tenant=offer.tenant,
        key=f"directory.offer_answered:answer={answer.pk}",
        template="directory/emails/offer_answered",
        user=offer.author,
        context={
            "offer": offer,
            "answer": answer,
            "link": link(offer.tenant, "offer_detail", pk=offer.pk),
        },
    )


def answer_accepted(*, answer):
    """The author of the answer hears that the offer's company accepted it."""
    if answer.author is None:
        return None
    offer = answer.offer
    return mail.send(
        tenant=offer.tenant,
        key=f"directory.answer_accepted:answer={answer.pk}",
        template="directory/emails/answer_accepted",
        user=answer.author,
        context={
            "offer": offer,
            "answer": answer,
            "link": link(offer.tenant, "offer_detail", pk=offer.pk),
        },
    )


def thanked(*, thanks, recipient):
    """The person of the other company in the exchange reads the thanks."""
    if recipient is None:
        return None
    return mail.send(
        tenant=thanks.tenant,
        key=f"directory.thanks:thanks={thanks.pk}",
        template="directory/emails/thanks",
        user=recipient,
        context={
            "thanks": thanks,
            "offer": thanks.offer,
            "link": link(thanks.tenant, "offer_detail", pk=thanks.offer_id),
        },
    )
