from django.urls import reverse


def tenant_reverse(request, name, **kwargs):
    """The URL of ``name`` in the current tenant: ``tenant_reverse(request, "company", pk=1)``."""
    return reverse(name, kwargs={"tenant_slug": request.tenant.slug, **kwargs})
