"""What several directory pages share: a filter typed in the address, the themes to suggest."""

from rse_platform.tenants import registry


def query_text(request, name, length=120):
    """The value of ``name`` in the query string, trimmed and cut to ``length``."""
    return (request.GET.get(name) or "").replace("\x00", "").strip()[:length]


def themes_of(queryset):
    """The themes used in ``queryset``, in a reader's order (one query)."""
    names = {theme.strip() for theme in queryset.values_list("theme", flat=True) if theme.strip()}
    return sorted(names, key=str.casefold)


def known_themes(request, model):
    """The themes a form suggests: the self-assessment grids' and those rows of ``model`` already
    use in the tenant."""
    reader = registry.assessment_reader()
    grid = list(reader.theme_names(tenant=request.tenant)) if reader else []
    used = themes_of(model.objects.filter(tenant=request.tenant))
    return sorted(set(grid) | set(used), key=str.casefold)
