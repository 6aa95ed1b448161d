from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mine|get_item:event.pk }}``: a value of a dict prepared by the view."""
    return mapping.get(key) if mapping else None
