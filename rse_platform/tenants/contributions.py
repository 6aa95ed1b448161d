"""The core's own permissions, navigation, home panels, audit messages and reminders."""

from django.utils.translation import gettext_lazy as _

from . import audit, notifications, permissions, registry, selectors
from .roles import ALL_ROLES, Role

permissions.register("tenant.view", roles=ALL_ROLES)
permissions.register("members.view", roles={Role.MANAGER})
permissions.register("members.invite", roles={Role.MANAGER})
permissions.register("members.remove", roles={Role.MANAGER})
permissions.register("activity.view", roles={Role.MANAGER})
# The organisation's logo and accent colour (its settings page).
permissions.register("tenants.brand", roles={Role.MANAGER})

registry.add_nav(
    registry.NavItem(
        key="home", label=_("Home"), url_name="tenant_home", permission="tenant.view", order=0
    )
)
registry.add_nav(
    registry.NavItem(
        key="people", label=_("People"), url_name="members", permission="members.view", order=90
    )
)
registry.add_nav(
    registry.NavItem(
        key="organisation",
        label=_("Organisation"),
        url_name="tenant_branding",
        permission="tenants.brand",
        order=95,
    )
)


def _people_panel(request):
    counts = selectors.role_counts(tenant=request.tenant)
    return {
        "role_counts": [(role.label, counts.get(role.value, 0)) for role in Role],
        "pending_invitations": selectors.open_invitations(tenant=request.tenant).count(),
    }


def _activity_panel(request):
    return {"entries": list(selectors.recent_activity(tenant=request.tenant))}


registry.add_home_panel(
    registry.HomePanel(
        key="people",
        template="tenants/panels/people.html",
        permission="members.view",
        context=_people_panel,
        order=80,
        shared=True,
    )
)
registry.add_home_panel(
    registry.HomePanel(
        key="activity",
        template="tenants/panels/activity.html",
        permission="activity.view",
        context=_activity_panel,
        order=200,
        shared=True,
    )
)

audit.register_action("invitation.sent", _("%(actor)s invited %(email)s as %(role)s"))
audit.register_action("invitation.resent", _("%(actor)s sent the invitation to %(email)s again"))
audit.register_action("invitation.revoked", _("%(actor)s withdrew the invitation to %(email)s"))
audit.register_action("invitation.accepted", _("%(email)s joined as %(role)s"))
audit.register_action("member.added", _("%(actor)s gave %(email)s the role %(role)s"))
audit.register_action("member.removed", _("%(actor)s withdrew the role %(role)s from %(email)s"))
audit.register_action(
    "member.role_changed",
    _("%(actor)s changed the role of %(email)s from %(previous)s to %(role)s"),
)
audit.register_action("member.deactivated", _("The account of %(email)s was closed"))
audit.register_action(
    "tenant.branding_changed",
    _("%(actor)s changed the organisation's logo and accent colour (%(accent)s)"),
)

registry.add_reminder("pending_invitations", notifications.remind_pending_invitations)
