from django import template

from .. import audit, permissions
from ..shortcuts import tenant_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name, obj=None):
    """``{% can "members.invite" as may_invite %}``: the template side of the permission layer."""
    return permissions.can(context["request"], name, obj)


@register.simple_tag(takes_context=True)
def tenant_url(context, name, **kwargs):
    """``{% tenant_url "members" %}``, ``{% tenant_url "company" pk=1 %}``: a URL in this tenant."""
    return tenant_reverse(context["request"], name, **kwargs)


@register.filter
def describe(entry):
    return audit.describe(entry)
