from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mine|get_item:event.pk }}``: a value of a dict prepared by the view."""
    return mapping.get(key) if mapping else None


@register.filter
def status_url(table, status):
    """The table's address filtered on ``status`` ("" for every status), back to page 1."""
    return table.url(status=status or None, page=None)


@register.filter
def days(half_days):
    """Half days (as the selectors count them) as days: 9 -> 4.5."""
    return Decimal(half_days or 0) / 2
