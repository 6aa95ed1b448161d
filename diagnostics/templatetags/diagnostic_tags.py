from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def points_delta(value):
    """A change of score with its sign and unit, in the active language: “+33,3 pts”, “−4,0 pts”.
    Percentage points, not per cent: 40 % → 60 % is +20 points."""
    if value is None or value == "":
        return ""
    # Rounded here: number_format cuts the digits it does not show.
    value = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
    number = number_format(abs(value), decimal_pos=1, use_l10n=True)
    text = _("%(sign)s%(value)s pts") % {"sign": sign, "value": number}
    return text.replace(" ", "\u00a0")  # the unit never wraps away from its number
