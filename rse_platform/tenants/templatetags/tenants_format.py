"""Figures formatted the French way (fr-FR separators come from the active locale)."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, decimals=1):
    if value is None or value == "":
        return "—"
    return f"{number_format(Decimal(value), decimal_pos=int(decimals), use_l10n=True)}\u00a0%"


@register.filter
def millions(value):
    """430000000 → « 430 M€ »; 2500000 → « 2,5 M€ »."""
    if value is None:
        return "—"
    amount = Decimal(value) / Decimal(1_000_000)
    decimals = 0 if amount >= 10 or amount == amount.to_integral_value() else 1
    return (
        f"{number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)}\u00a0M€"
    )


@register.filter(expects_localtime=True)
def iso(value):
    """A date or a moment as a ``<time datetime>`` wants it: ISO 8601, to the second (the HTML
    standard takes no more than milliseconds, and ``|date:"c"`` writes microseconds)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
