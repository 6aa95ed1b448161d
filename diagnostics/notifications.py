"""The e-mails of the self-assessment grids, sent through the core's mailer.

Each e-mail goes to the invited company's people who hold a role in the tenant, in their own
language, once per key and address (the mailer's ledger): calling again, a duplicated task or a
second beat run sends nothing more, and the mailer retries a failed sending itself.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rse_platform.mail import selectors as mail_selectors
from rse_platform.mail import services as mail
from rse_platform.mail.models import OutgoingMail

from . import selectors
from .models import CampaignInvitation

TEMPLATE = "diagnostics/emails/campaign"


def invitation_key(invitation):
    return f"diagnostics.campaign_invitation:invitation={invitation.pk}"


def reminder_key(invitation):
    return f"diagnostics.campaign_reminder:invitation={invitation.pk}"


def campaign_invitation(*, invitation, user):
    return _send(invitation=invitation, user=user, key=invitation_key(invitation), reminder=False)


def campaign_reminder(*, invitation, user):
    return _send(invitation=invitation, user=user, key=reminder_key(invitation), reminder=True)


def campaign_invitations(*, campaign):
    """Invite the people of every company of the campaign; returns how many e-mails left."""
    invitations = list(selectors.invitations_to_send(campaign=campaign))
    return _each(invitations, campaign_invitation, invitation_key, "sent_at")


def remind_campaign_respondents(*, tenant, now):
    """Remind, once, the invited companies that have not submitted when the deadline nears
    (a reminder of ``registry``: beat runs it for every tenant). Returns how many e-mails left."""
    due = selectors.invitations_due_for_reminder(tenant=tenant, today=timezone.localdate(now))
    return _each(due, campaign_reminder, reminder_key, "reminded_at")


def _each(invitations, notify, key, stamp):
    """Send ``notify`` to the people of each invitation's company, then stamp the invitation
    (``sent_at``/``reminded_at``, shown on the campaign page) once the mailer holds its e-mails."""
    people = selectors.campaign_recipients(
        company_ids={invitation.company_id for invitation in invitations}
    )
    sent = 0
    for invitation in invitations:
        for user in people.get(invitation.company_id, []):
            row = notify(invitation=invitation, user=user)
            sent += bool(row and row.is_sent)
        if _held(invitation, key(invitation)):
            CampaignInvitation.objects.filter(
                pk=invitation.pk, **{f"{stamp}__isnull": True}
            ).update(**{stamp: timezone.now()})
    return sent


def _send(*, invitation, user, key, reminder):
    campaign = invitation.campaign
    tenant = campaign.tenant
    return mail.send(
        tenant=tenant,
        key=key,
        template=TEMPLATE,
        user=user,
        context={
            "campaign": campaign,
            "company": invitation.company,
            "reminder": reminder,
            "link": _absolute(reverse("diagnostic_list", kwargs={"tenant_slug": tenant.slug})),
        },
    )


def _held(invitation, key):
    """True once the mailer's ledger has the e-mail for at least one person (sent, or failed and
    retried by the mailer); not when nobody could receive it (no one of the company has a role)."""
    return (
        mail_selectors.mails(tenant=invitation.tenant, key_prefix=key)
        .filter(key=key)
        .exclude(status=OutgoingMail.Status.CANCELLED)
        .exists()
    )


def _absolute(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path
