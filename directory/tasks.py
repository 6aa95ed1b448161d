"""Background work of the directory: tasks take ids, open the tenant's scope and send e-mails.

The weekly watch digest is a reminder beat runs for each tenant (``digest.py``)."""

from rse_platform.tenants.scoping import tenant_task

from . import notifications
from .models import OfferAnswer, Thanks


def _answer(tenant, answer_id):
    return (
        OfferAnswer.objects.filter(pk=answer_id, tenant=tenant)
        .select_related("offer__tenant", "offer__author", "offer__company", "company", "author")
        .first()
    )


@tenant_task(name="directory.tasks.send_offer_answered")
def send_offer_answered(tenant, answer_id):
    answer = _answer(tenant, answer_id)
    return None if answer is None else notifications.offer_answered(answer=answer)


@tenant_task(name="directory.tasks.send_answer_accepted")
def send_answer_accepted(tenant, answer_id):
    answer = _answer(tenant, answer_id)
    return None if answer is None else notifications.answer_accepted(answer=answer)


@tenant_task(name="directory.tasks.send_thanks")
def send_thanks(tenant, thanks_id):
    thanks = (
        Thanks.objects.filter(pk=thanks_id, tenant=tenant)
        .select_related("tenant", "offer__author", "from_company", "to_company")
        .first()
    )
    if thanks is None:
        return None
    offer = thanks.offer
    if thanks.to_company_id == offer.company_id:
        recipient = offer.author
    else:
        accepted = offer.answers.filter(accepted=True).select_related("author").first()
        recipient = accepted.author if accepted else None
    return notifications.thanked(thanks=thanks, recipient=recipient)
