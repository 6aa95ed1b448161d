"""French company identifiers and activity codes: SIRET/SIREN checks and NAF sectors."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments are numbered past the Luhn rule: its SIRETs (SIREN 356 000 000)
# are valid when the sum of their digits is a multiple of 5 instead.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def clean_siret(value):
    """Return the 14-digit SIRET without spaces, or raise ValidationError with the reason."""
    digits = re.sub(r"[\s.]", "", str(value or ""))
    if not re.fullmatch(r"\d{14}", digits):
        raise ValidationError(_("A SIRET has 14 digits."), code="siret_length")
    if digits.startswith(LA_POSTE_SIREN):
        valid = sum(int(char) for char in digits) % 5 == 0
    else:
        valid = luhn_ok(digits) and luhn_ok(digits[:9])
    if not valid:
        raise ValidationError(_("This SIRET's check digit is wrong."), code="siret_checksum")
    return digits


def validate_siret(value):
    clean_siret(value)


def siren_of(siret):
    return siret[:9] if siret else ""


# NAF rév. 2: sections by the division (first two digits) of the activity code.
NAF_SECTIONS = [
    ("A", _("Agriculture, forestry and fishing"), range(1, 4)),
    ("B", _("Mining and quarrying"), range(5, 10)),
    ("C", _("Manufacturing"), range(10, 34)),
    ("D", _("Electricity and gas supply"), range(35, 36)),
    ("E", _("Water supply, waste management"), range(36, 40)),
    ("F", _("Construction"), range(41, 44)),
    ("G", _("Wholesale and retail trade, repair of vehicles"), range(45, 48)),
    ("H", _("Transportation and storage"), range(49, 54)),
    ("I", _("Accommodation and food services"), range(55, 57)),
    ("J", _("Information and communication"), range(58, 64)),
    ("K", _("Financial and insurance activities"), range(64, 67)),
    ("L", _("Real estate activities"), range(68, 69)),
    ("M", _("Professional, scientific and technical activities"), range(69, 76)),
    ("N", _("Administrative and support services"), range(77, 83)),
    ("O", _("Public administration"), range(84, 85)),
    ("P", _("Education"), range(85, 86)),
    ("Q", _("Human health and social work"), range(86, 89)),
    ("R", _("Arts, entertainment and recreation"), range(90, 94)),
    ("S", _("Other service activities"), range(94, 97)),
    ("T", _("Activities of households as employers"), range(97, 99)),
    ("U", _("Extraterritorial organisations"), range(99, 100)),
]
_SECTION_BY_DIVISION = {
    division: (letter, label) for letter, label, divisions in NAF_SECTIONS for division in divisions
}
NAF_PATTERN = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


def clean_naf(value):
    """Normalise a NAF code to ``NN.NNL`` or raise ValidationError ("unknown sector")."""
    code = str(value or "").strip().upper().replace(" ", "")
    match = NAF_PATTERN.match(code)
    if not match or int(match.group(1)) not in _SECTION_BY_DIVISION:
        raise ValidationError(
            _("Unknown sector: “%(code)s” is not a NAF code."), params={"code": value}, code="naf"
        )
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}"


def validate_naf(value):
    clean_naf(value)


def naf_section(code):
    """(letter, label) of the NAF section of a code, or None."""
    match = NAF_PATTERN.match(code or "")
    return _SECTION_BY_DIVISION.get(int(match.group(1))) if match else None


def demo_siret(seed):
    """A SIRET that passes the checks, derived from a number (SIREN and SIRET keys computed)."""
    siren = _with_key(f"{seed:08d}"[-8:])
    return _with_key(siren + "0001")


def _with_key(digits):
    return next(digits + str(key) for key in range(10) if luhn_ok(digits + str(key)))
