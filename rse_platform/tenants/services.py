"""State changes of the platform core: invitations and memberships."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import audit
from .models import Invitation, Membership
from .roles import Role


def _normalise(email):
    return email.strip().lower()


@transaction.atomic
def invite_person(*, tenant, email, role, invited_by, first_name="", last_name="", base_url=""):
    """Invite someone to the tenant with a role; the e-mail leaves once the invitation is saved.

    Refused when the person already has a role in this tenant or an open invitation to it.
    """
    email = _normalise(email)
    if Membership.objects.filter(tenant=tenant, user__email__iexact=email).exists():
        raise ValidationError(
            _("This person already has a role in %(tenant)s.") % {"tenant": tenant}
        )
    if Invitation.objects.filter(
        tenant=tenant, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("An invitation to this address is already pending."))
    now = timezone.now()
    invitation = Invitation.objects.create(
        tenant=tenant,
        email=email,
        role=Role(role),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        token=secrets.token_urlsafe(32),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(tenant=tenant, actor=invited_by, action="invitation.sent", email=email, role=role)
    _queue_invitation_email(invitation, base_url=base_url)
    return invitation


def _queue_invitation_email(invitation, *, base_url):
    from .tasks import send_invitation

    transaction.on_commit(
        lambda: send_invitation.delay(invitation.tenant_id, invitation.pk, base_url)
    )


@transaction.atomic
def resend_invitation(*, invitation, actor, base_url=""):
    """Send the link again with a fresh validity period."""
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation is closed."))
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    audit.record(
        tenant=invitation.tenant, actor=actor, action="invitation.resent", email=invitation.email
    )
    _queue_invitation_email(invitation, base_url=base_url)


@transaction.atomic
def revoke_invitation(*, invitation, actor):
    if invitation.accepted_at:
        raise ValidationError(_("This invitation was already accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        tenant=invitation.tenant, actor=actor, action="invitation.revoked", email=invitation.email
    )


def send_invitation_email(*, invitation, base_url="", reminder=False):
    """Render and send the invitation in the language of the manager who sent it."""
    path = reverse("accept_invitation", kwargs={"token": invitation.token})
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "tenant": invitation.tenant,
            "link": f"{base_url.rstrip('/')}{path}",
            "role": Role(invitation.role).label,
            "reminder": reminder,
        }
        subject = render_to_string("tenants/emails/invitation_subject.txt", context).strip()
        body = render_to_string("tenants/emails/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def remind_pending_invitations(*, tenant, now):
    """Remind, once, the people who have not answered an invitation after a few days.

    The reminder is claimed with a conditional UPDATE before the e-mail leaves, so two runs of
    beat (or a retried task) cannot both send it.
    """
    from . import selectors

    due = selectors.invitations_due_for_reminder(
        tenant=tenant, now=now, after_days=settings.INVITATION_REMINDER_AFTER_DAYS
    )
    sent = 0
    for invitation in due.select_related("tenant"):
        claimed = Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if claimed:
            send_invitation_email(
                invitation=invitation, base_url=settings.PUBLIC_BASE_URL, reminder=True
            )
            sent += 1
    return sent


@transaction.atomic
def accept_invitation(*, invitation, user=None, first_name="", last_name="", password=None):
    """Turn an open invitation into a membership, creating the account when there is none.

    The e-mail address is marked verified: following the link proves the person reads it.
    Locked so that a double click cannot create two memberships.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."))
    User = get_user_model()
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account already exists for this address: sign in first."))
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name.strip() or invitation.first_name,
            last_name=last_name.strip() or invitation.last_name,
        )
    elif _normalise(user.email) != invitation.email:
        raise ValidationError(_("This invitation was sent to another address."))
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    membership, _created = Membership.objects.get_or_create(
        tenant=invitation.tenant, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        tenant=invitation.tenant,
        actor=user,
        action="invitation.accepted",
        email=invitation.email,
        role=membership.role,
    )
    return membership


@transaction.atomic
def add_member(*, tenant, user, role, actor=None):
    """Give a person a role in a tenant directly (platform admin, demo data)."""
    membership, created = Membership.objects.update_or_create(
        tenant=tenant, user=user, defaults={"role": Role(role)}
    )
    if created:
        audit.record(tenant=tenant, actor=actor, action="member.added", email=user.email, role=role)
    return membership


@transaction.atomic
def remove_member(*, membership, actor):
    """Withdraw a person's role; a tenant always keeps at least one manager."""
    if (
        membership.role == Role.MANAGER
        and not Membership.objects.filter(tenant=membership.tenant, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("A programme needs at least one manager."))
    audit.record(
        tenant=membership.tenant,
        actor=actor,
        action="member.removed",
        email=membership.user.email,
        role=membership.role,
    )
    membership.delete()
