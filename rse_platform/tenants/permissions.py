"""The one permission layer: which role may do what in a tenant, plus per-object grants.

Each platform permission (``"members.invite"``) names the roles that hold it everywhere in the
tenant, and optionally a django-guardian permission that grants it on one object only (a consultant
on the companies assigned to them, a jury member on the applications assigned to them). Views use
``permission_required``; templates use the ``{% can %}`` tag; nothing else checks roles.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from guardian.shortcuts import assign_perm, remove_perm

from .roles import Role


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    object_permission: str | None = None


_RULES: dict[str, Rule] = {}


def register(name, *, roles, object_permission=None):
    roles = frozenset(Role(role) for role in roles)
    existing = _RULES.get(name)
    rule = Rule(roles=roles, object_permission=object_permission)
    if existing is not None and existing != rule:
        raise ImproperlyConfigured(f"Permission {name!r} is registered twice, differently.")
    _RULES[name] = rule


def rule(name):
    try:
        return _RULES[name]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown permission {name!r}") from None


def role_can(role, name):
    return role in rule(name).roles


def can(request, name, obj=None):
    """True when the signed-in person may do ``name`` in the current tenant (on ``obj``)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return False
    current = rule(name)
    if membership.role in current.roles:
        return True
    if obj is None or current.object_permission is None:
        return False
    if getattr(obj, "tenant_id", None) != membership.tenant_id:
        return False
    return request.user.has_perm(current.object_permission, obj)


def check(request, name, obj=None):
    if not can(request, name, obj):
        raise PermissionDenied


def permission_required(name):
    """Gate a tenant view: the tenant middleware already turned non-members away with a 404."""

    rule(name)  # an unknown name fails when the URLconf loads, not on some later request

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            check(request, name)
            return view(request, *args, **kwargs)

        wrapped.tenant_permission = name
        return wrapped

    return decorator


def grant(user, name, obj):
    """Give one person the object-level side of a permission on one object."""
    assign_perm(rule(name).object_permission, user, obj)


def revoke(user, name, obj):
    remove_perm(rule(name).object_permission, user, obj)
