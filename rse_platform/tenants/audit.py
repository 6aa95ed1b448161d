"""The audit trail: every state change that matters records who did what, and when.

Messages are registered per action code and rendered at display time, so the trail reads in the
viewer's language rather than in the language of whoever acted.
"""

from django.utils.translation import gettext_lazy as _

from .models import AuditEntry
from .roles import Role

_MESSAGES = {}


def register_action(code, message):
    _MESSAGES[code] = message


def record(*, tenant, actor, action, **data):
    if action not in _MESSAGES:
        raise KeyError(f"Unregistered audit action {action!r}")
    return AuditEntry.objects.create(
        tenant=tenant,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        data={key: str(value) for key, value in data.items()},
    )


def describe(entry):
    message = _MESSAGES.get(entry.action)
    if message is None:
        return entry.action
    actor = entry.actor.display_name if entry.actor_id else _("The platform")
    params = {"actor": actor, **entry.data}
    if params.get("role") in Role.values:
        params["role"] = Role(params["role"]).label
    return message % params
