from . import registry, selectors


def tenant(request):
    """The header's tenant switcher and the role's navigation, in a fixed number of queries."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    context = {"my_memberships": selectors.memberships_of(user=request.user)}
    if getattr(request, "membership", None) is not None:
        context["current_tenant"] = request.tenant
        context["current_membership"] = request.membership
        context["nav_items"] = registry.nav_for(request)
    return context
