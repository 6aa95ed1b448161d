"""State changes of the platform core: invitations, memberships and a tenant's branding."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rse_platform.mail import selectors as mail_selectors
from rse_platform.mail import services as mail

from . import audit, branding, notifications, tasks
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
    """Each sending (the first, then every "send again") has its own number, counted here in the
    manager's transaction: a task run twice sends its e-mail once, a resend sends a new one."""
    key_prefix = f"{notifications.invitation_key(invitation)}sent"
    sending = mail_selectors.mails(tenant=invitation.tenant, key_prefix=key_prefix).count() + 1
    mail.queue(tasks.send_invitation, invitation.tenant_id, invitation.pk, base_url, sending)


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
    _cancel_invitation_emails(invitation)
    audit.record(
        tenant=invitation.tenant, actor=actor, action="invitation.revoked", email=invitation.email
    )


def _cancel_invitation_emails(invitation):
    mail.cancel_pending(
        tenant=invitation.tenant,
        email=invitation.email,
        key_prefix=notifications.invitation_key(invitation),
    )


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
    _cancel_invitation_emails(invitation)
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
    """Withdraw a person's role; a tenant always keeps at least one manager.

    Everything the role gave ends with it (see ``end_role``).
    """
    _keep_a_manager(membership)
    audit.record(
        tenant=membership.tenant,
        actor=actor,
        action="member.removed",
        email=membership.user.email,
        role=membership.role,
    )
    end_role(tenant=membership.tenant, user=membership.user)
    membership.delete()


@transaction.atomic
def change_role(*, membership, role, actor):
    """Give a person another role in the tenant: what the former role gave ends first."""
    role = Role(role)
    if role == membership.role:
        return membership
    if role != Role.MANAGER:
        _keep_a_manager(membership)
    previous = membership.role
    end_role(tenant=membership.tenant, user=membership.user)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        tenant=membership.tenant,
        actor=actor,
        action="member.role_changed",
        email=membership.user.email,
        role=Role(role).label,
        previous=Role(previous).label,
    )
    return membership


def _keep_a_manager(membership):
    if (
        membership.role == Role.MANAGER
        and not Membership.objects.filter(tenant=membership.tenant, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("A programme needs at least one manager."))


def end_role(*, tenant, user):
    """Undo everything a person held through their role in ``tenant``: every object grant
    (companies followed, clubs facilitated…) and what each app registered to undo
    (``registry.add_role_end_handler``: e-mails still waiting, feed tokens, facilitations…)."""
    from . import permissions, registry

    permissions.revoke_all(tenant=tenant, user=user)
    for handler in registry.role_end_handlers().values():
        handler(tenant=tenant, user=user)


def deactivate_account(*, user, actor=None):
    """Close a person's account: they can no longer sign in, and every role they held ends
    (``signals._end_roles_of_closed_accounts`` does it, so the admin's "active" box does too)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        memberships = list(Membership.objects.filter(user=user).select_related("tenant"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    for membership in memberships:
        audit.record(
            tenant=membership.tenant,
            actor=actor,
            action="member.deactivated",
            email=user.email,
            role=membership.role,
        )


@transaction.atomic
def update_branding(*, tenant, accent_colour, logo=None, remove_logo=False, actor):
    """Give the tenant its accent colour and logo (a new upload, or none: ``remove_logo``).

    Rules, held by the model's validators so that the admin obeys them too: the accent keeps
    WCAG AA contrast (4.5:1) under white text; the logo is a PNG, JPEG or WebP image within the
    upload limit, checked by its content. A replaced or removed logo's file is deleted once the
    change is saved; the trail keeps who changed what.
    """
    previous = tenant.logo.name if tenant.logo else ""
    tenant.accent_colour = branding.normalise(accent_colour)
    if logo:
        tenant.logo = logo
    elif remove_logo:
        tenant.logo = ""
    tenant.full_clean(validate_unique=False, validate_constraints=False)
    tenant.save(update_fields=["accent_colour", "logo"])
    current = tenant.logo.name if tenant.logo else ""
    if previous and previous != current:
        storage = tenant.logo.storage
        transaction.on_commit(lambda: storage.delete(previous))
    audit.record(
        tenant=tenant,
        actor=actor,
        action="tenant.branding_changed",
        accent=tenant.accent_colour,
    )
    return tenant
