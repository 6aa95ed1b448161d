"""The core's own e-mails: invitations and their reminder, sent through the mailer."""

from django.conf import settings
from django.urls import reverse

from rse_platform.mail import services as mail

from .models import Invitation
from .roles import Role


def invitation_key(invitation):
    return f"tenants.invitation:{invitation.pk}:"


def send_invitation_email(*, invitation, base_url="", sending=1, reminder=False):
    """E-mail the invitation's link through the mailer, once per sending (``sending``: 1 for the
    first, then one more per "send again"; the reminder once per invitation).

    The invitee has no role in the tenant yet (often no account), so the e-mail goes to the bare
    address, in the language of the manager who invited them. Nothing leaves for an invitation
    that was accepted, withdrawn or has expired in the meantime.
    """
    if not invitation.is_open:
        return None
    path = reverse("accept_invitation", kwargs={"token": invitation.token})
    suffix = "reminder" if reminder else f"sent{sending}"
    return mail.send(
        tenant=invitation.tenant,
        key=f"{invitation_key(invitation)}{suffix}",
        template="tenants/emails/invitation",
        email=invitation.email,
        language=invitation.language,
        context={
            "invitation": invitation,
            "link": f"{(base_url or settings.PUBLIC_BASE_URL).rstrip('/')}{path}",
            "role": Role(invitation.role).label,
            "reminder": reminder,
        },
    )


def remind_pending_invitations(*, tenant, now):
    """Remind, once, the people who have not answered an invitation after a few days.

    The mailer's ledger makes the reminder leave once even when beat runs twice; ``reminded_at``
    only takes the invitation out of the next runs' list.
    """
    from . import selectors

    due = selectors.invitations_due_for_reminder(
        tenant=tenant, now=now, after_days=settings.INVITATION_REMINDER_AFTER_DAYS
    )
    sent = 0
    for invitation in due.select_related("tenant", "invited_by"):
        result = send_invitation_email(
            invitation=invitation, base_url=settings.PUBLIC_BASE_URL, reminder=True
        )
        sent += result is not None and result.is_sent
        Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
    return sent
