from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django_scopes import scopes_disabled

from .models import AuditEntry, Invitation, Membership
from .roles import Role


def memberships_of(*, user):
    """All of one person's own memberships, across tenants (the tenant picker and switcher).

    This is the one cross-tenant read of the core: it returns rows of the person asking and
    nothing about anybody else, so it runs with scopes disabled on purpose.
    """
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, tenant__is_active=True)
            .select_related("tenant")
            .order_by("tenant__name")
        )


def people_with_role(*, tenant, role=None, roles=None):
    """The people holding ``role`` in ``tenant`` (or one of ``roles``; any role when neither is
    given), a queryset of users: who may be assigned the work of that role, and the check that
    someone holds it."""
    memberships = Membership.objects.filter(tenant=tenant)
    if role is not None:
        roles = [role]
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return get_user_model().objects.filter(pk__in=memberships.values("user_id"))


def members(*, tenant):
    return (
        Membership.objects.filter(tenant=tenant)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__email")
    )


def open_invitations(*, tenant):
    return (
        Invitation.objects.filter(
            tenant=tenant,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_by_token(*, token):
    """Invitation links are opened before the person has any role, so outside a tenant scope.

    The token is a 256-bit secret, which is what authorises reading this one row.
    """
    with scopes_disabled():
        return Invitation.objects.select_related("tenant").filter(token=token).first()


def invitations_due_for_reminder(*, tenant, now, after_days):
    return Invitation.objects.filter(
        tenant=tenant,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
        created_at__lte=now - timedelta(days=after_days),
    )


def recent_activity(*, tenant, limit=10):
    return AuditEntry.objects.filter(tenant=tenant).select_related("actor")[:limit]


def search_members(*, tenant, query, role=""):
    query = query.strip()
    result = members(tenant=tenant)
    if role in Role.values:
        result = result.filter(role=role)
    if query:
        result = result.filter(
            Q(user__email__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
        )
    return result


def role_counts(*, tenant):
    rows = Membership.objects.filter(tenant=tenant).values("role").annotate(count=Count("id"))
    return {row["role"]: row["count"] for row in rows}
