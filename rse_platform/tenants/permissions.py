"""The one permission layer: who may do what in a tenant, and on which rows.

Each platform permission (``"companies.view"``) is registered once, by the app that owns it, with
up to three ways of holding it:

- ``roles``: the roles that hold it on every row of the tenant (a manager sees every company);
- ``object_permission`` + ``object_roles``: a django-guardian grant on one row, trusted only while
  the person holds one of ``object_roles`` (a consultant on the companies assigned to them; the
  grant of a former consultant who became a company member is ignored, and revoked when the role
  ends);
- ``rows`` + ``row_roles``: rows reached through a relation, ``rows(user, queryset)`` (a company
  member on their own company);
- ``through=("company", "companies.view")``: a row is reachable when the object it belongs to is
  reachable with that other permission (the diagnostics of the companies one may open).

Views carry ``permission_required(name)``, which lets through every role that may hold the
permission somewhere; views of one object then fetch it with ``get_visible_or_404`` and lists
filter with ``visible``. Templates use ``{% can "name" obj %}``. Nothing else checks roles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce, wraps
from operator import or_

from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import BigIntegerField, CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django_scopes import scopes_disabled
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from . import generations
from .roles import Role


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    object_permission: str | None = None
    object_roles: frozenset = field(default_factory=frozenset)
    rows: Callable | None = None
    row_roles: frozenset = field(default_factory=frozenset)
    through: tuple | None = None

    @property
    def reaching_roles(self):
        """Every role that may hold the permission on at least one row."""
        reaching = self.roles | self.object_roles | self.row_roles
        if self.through is not None:
            reaching |= rule(self.through[1]).reaching_roles
        return reaching


_RULES: dict[str, Rule] = {}


def register(
    name,
    *,
    roles,
    object_permission=None,
    object_roles=(),
    rows=None,
    row_roles=(),
    through=None,
):
    if through is not None and (object_permission or rows is not None):
        raise ImproperlyConfigured(f"{name!r}: a rule through a relation has no rows of its own.")
    if object_permission and not object_roles:
        raise ImproperlyConfigured(f"{name!r}: say which roles may hold the object grant.")
    if rows is not None and not row_roles:
        raise ImproperlyConfigured(f"{name!r}: say which roles reach rows through a relation.")
    rule_ = Rule(
        roles=frozenset(Role(role) for role in roles),
        object_permission=object_permission,
        object_roles=frozenset(Role(role) for role in object_roles),
        rows=rows,
        row_roles=frozenset(Role(role) for role in row_roles),
        through=tuple(through) if through is not None else None,
    )
    existing = _RULES.get(name)
    if existing is not None and existing != rule_:
        raise ImproperlyConfigured(f"Permission {name!r} is registered twice, differently.")
    _RULES[name] = rule_


def rule(name):
    try:
        return _RULES[name]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown permission {name!r}") from None


def rules():
    return dict(_RULES)


def _role(request):
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_active:
        return None
    return Role(membership.role)


def visible(request, name, queryset, *, through=None):
    """The rows of ``queryset`` the person asking may reach with permission ``name``.

    ``through="company"`` filters rows by the visibility of the object they belong to: the
    diagnostics of the companies one may see.
    """
    role = _role(request)
    if role is None:
        return queryset.none()
    queryset = queryset.filter(tenant=request.membership.tenant_id)
    if through is None and rule(name).through is not None and role not in rule(name).roles:
        through, name = rule(name).through
    if through is not None:
        parent_model = queryset.model._meta.get_field(through).related_model
        if role in rule(name).roles:
            return queryset
        parents = visible(request, name, parent_model.objects.all())
        return queryset.filter(**{f"{through}__in": parents.values("pk")})
    current = rule(name)
    if role in current.roles:
        return queryset
    reachable = []
    if current.object_permission and role in current.object_roles:
        granted = _grants(request.user, current, queryset.model)
        reachable.append(
            Q(pk__in=granted.annotate(row=Cast("object_pk", BigIntegerField())).values("row"))
        )
    if current.rows is not None and role in current.row_roles:
        rows = current.rows(request.user, queryset.model.objects.all())
        reachable.append(Q(pk__in=rows.values("pk")))
    if not reachable:
        return queryset.none()
    return queryset.filter(reduce(or_, reachable))


def get_visible_or_404(request, name, queryset, **lookup):
    """One object the person may reach with ``name``; any other answers 404 like a missing one."""
    try:
        return visible(request, name, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can(request, name, obj=None):
    """True when the signed-in person may do ``name`` in the current tenant (on ``obj``)."""
    role = _role(request)
    if role is None:
        return False
    current = rule(name)
    if obj is not None and getattr(obj, "tenant_id", None) != request.membership.tenant_id:
        return False
    if role in current.roles:
        return True
    if obj is None:
        return False
    if current.through is not None:
        relation, parent_permission = current.through
        return can(request, parent_permission, getattr(obj, relation))
    granted = _grants(request.user, current, type(obj)).filter(object_pk=str(obj.pk))
    if current.object_permission and role in current.object_roles and granted.exists():
        return True
    if current.rows is not None and role in current.row_roles:
        return current.rows(request.user, type(obj).objects.filter(pk=obj.pk)).exists()
    return False


def check(request, name, obj=None):
    if not can(request, name, obj):
        raise PermissionDenied


def may_reach(request, name):
    """True when the person's role may hold ``name`` on some rows (the view decides which)."""
    role = _role(request)
    return role is not None and role in rule(name).reaching_roles


def permission_required(name):
    """Gate a tenant view: the tenant middleware already turned non-members away with a 404.

    For a permission held on some rows only, the view must then fetch its object with
    ``get_visible_or_404`` (the role-matrix test checks every route).
    """

    rule(name)  # an unknown name fails when the URLconf loads, not on some later request

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may_reach(request, name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.tenant_permission = name
        return wrapped

    return decorator


def grant(user, name, obj):
    """Give one person the object-level side of a permission on one object."""
    assign_perm(rule(name).object_permission, user, obj)
    generations.bump(obj.tenant_id)  # what the person may reach, so their to-dos, changed


def revoke(user, name, obj):
    remove_perm(rule(name).object_permission, user, obj)
    generations.bump(obj.tenant_id)


def has_grant(user, name, obj):
    return _grants(user, rule(name), type(obj)).filter(object_pk=str(obj.pk)).exists()


def _permission(codename_with_app):
    app_label, codename = codename_with_app.split(".", 1)
    return Permission.objects.select_related("content_type").get(
        content_type__app_label=app_label, codename=codename
    )


def holders(name, obj):
    """The people holding the object grant of ``name`` on ``obj`` and, still, a role in its tenant
    that may hold it (the consultants following a company)."""
    from django.contrib.auth import get_user_model

    current = rule(name)
    granted = _grants(None, current, type(obj)).filter(object_pk=str(obj.pk)).values("user_id")
    return get_user_model().objects.filter(
        pk__in=granted,
        memberships__tenant=obj.tenant_id,
        memberships__role__in=current.object_roles,
    )


def granted_rows(name, *, users, queryset):
    """``{user id: [rows]}``: the rows of ``queryset`` on which each of ``users`` holds the
    object grant of ``name`` and, still, a role in the row's tenant that may hold it (the
    companies each consultant follows), in three queries whatever their number."""
    from .models import Membership

    current = rule(name)
    pairs = list(
        _grants(None, current, queryset.model)
        .filter(user__in=users)
        .annotate(row=Cast("object_pk", BigIntegerField()))
        .values_list("user_id", "row")
    )
    if not pairs:
        return {}
    rows = queryset.in_bulk({row for _user, row in pairs})
    trusted = set(
        Membership.objects.filter(
            user__in={user for user, _row in pairs},
            tenant__in={row.tenant_id for row in rows.values()},
            role__in=current.object_roles,
        ).values_list("user_id", "tenant_id")
    )
    result = {}
    for user_id, pk in pairs:
        row = rows.get(pk)
        if row is not None and (user_id, row.tenant_id) in trusted:
            result.setdefault(user_id, []).append(row)
    return result


def _grants(user, current, model):
    """The guardian rows by which ``user`` (everyone when None) holds the grant of ``current`` on
    rows of ``model``.

    Read from guardian's table directly: unlike ``user.has_perm`` it does not let a superuser
    through, so a platform operator has no hidden access inside a tenant.
    """
    if not current.object_permission:  # a rule held through roles and rows only
        return UserObjectPermission.objects.none()
    app_label, codename = current.object_permission.split(".", 1)
    grants = (
        UserObjectPermission.objects.all()
        if user is None
        else UserObjectPermission.objects.filter(user=user)
    )
    return grants.filter(
        permission__codename=codename,
        permission__content_type__app_label=app_label,
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
    )


def revoke_all(*, tenant, user):
    """Remove every object grant ``user`` holds on rows of ``tenant`` (their role ended there)."""
    removed = 0
    seen = set()
    for current in _RULES.values():
        if not current.object_permission or current.object_permission in seen:
            continue
        seen.add(current.object_permission)
        permission = _permission(current.object_permission)
        model = permission.content_type.model_class()
        with scopes_disabled():
            pks = model.objects.filter(tenant=tenant).annotate(
                pk_text=Cast("pk", output_field=CharField())
            )
            deleted, _detail = UserObjectPermission.objects.filter(
                user=user,
                content_type=permission.content_type,
                object_pk__in=pks.values("pk_text"),
            ).delete()
        removed += deleted
    generations.bump(tenant.pk)
    return removed
