"""A tenant's accent colour and what the interface derives from it.

The accent is one ``#rrggbb`` colour that white text can sit on with the contrast WCAG 2.1 AA asks
of body text (4.5:1). The stylesheet of a tenant (``/<tenant>/theme.css``) sets the CSS custom
properties derived here; ``static/css/app.css`` maps them onto Bootstrap and the level scale.
"""

import hashlib
import math
import re

DEFAULT_ACCENT = "#1f6f50"
WHITE = "#ffffff"
INK = "#1d2b25"  # the body text colour of app.css
AA = 4.5
HEX = re.compile(r"^#[0-9a-f]{6}$")

# The level scale starts from a muted warm colour and ends on the accent's deep shade, so a
# result's level reads as "further along" in every tenant's colours (never green for a beginner).
LEVEL_START = "#eadfca"
LEVELS = 5


def normalise(value):
    """``"#1F6F50"`` or ``"1f6f50"`` → ``"#1f6f50"``; anything else is returned stripped."""
    value = (value or "").strip().lower()
    if re.fullmatch(r"[0-9a-f]{6}", value):
        value = f"#{value}"
    return value


def is_hex(value):
    return bool(HEX.match(value or ""))


def rgb(value):
    return tuple(int(value[index : index + 2], 16) for index in (1, 3, 5))


def to_hex(channels):
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in channels)


def _linear(channel):
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel):
    channel = max(0.0, min(1.0, channel))
    value = channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055
    return value * 255


def luminance(value):
    red, green, blue = (_linear(channel) for channel in rgb(value))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second=WHITE):
    """WCAG 2 contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# OKLab (Björn Ottosson): mixing and darkening there keeps the hue and looks even to the eye.
def _to_oklab(value):
    red, green, blue = (_linear(channel) for channel in rgb(value))
    long = 0.4122214708 * red + 0.5363325363 * green + 0.0514459929 * blue
    medium = 0.2119034982 * red + 0.6806995451 * green + 0.1073969566 * blue
    short = 0.0883024619 * red + 0.2817188376 * green + 0.6299787005 * blue
    long, medium, short = (math.copysign(abs(v) ** (1 / 3), v) for v in (long, medium, short))
    return (
        0.2104542553 * long + 0.7936177850 * medium - 0.0040720468 * short,
        1.9779984951 * long - 2.4285922050 * medium + 0.4505937099 * short,
        0.0259040371 * long + 0.7827717662 * medium - 0.8086757660 * short,
    )


def _from_oklab(lab):
    lightness, a, b = lab
    long = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    medium = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    short = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    red = 4.0767416621 * long - 3.3077115913 * medium + 0.2309699292 * short
    green = -1.2684380046 * long + 2.6097574011 * medium - 0.3413193965 * short
    blue = -0.0041960863 * long - 0.7034186147 * medium + 1.7076127010 * short
    return to_hex(_gamma(channel) for channel in (red, green, blue))


def mix(first, second, share):
    """``first`` moved ``share`` (0–1) of the way to ``second``."""
    start, end = _to_oklab(first), _to_oklab(second)
    return _from_oklab(tuple(s + (e - s) * share for s, e in zip(start, end, strict=True)))


def with_lightness(value, factor):
    lightness, a, b = _to_oklab(value)
    return _from_oklab((lightness * factor, a, b))


def darkened_to(value, ratio=AA, against=WHITE):
    """The closest darker shade of ``value`` whose contrast with ``against`` reaches ``ratio``."""
    if contrast(value, against) >= ratio:
        return value
    factor = 1.0
    shade = value
    while contrast(shade, against) < ratio and factor > 0.05:
        factor -= 0.01
        shade = with_lightness(value, factor)
    return shade


def text_on(background):
    """White or the ink colour, whichever reads better on ``background``."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def readable(background, ratio=AA):
    """``(background, text)``: the background nudged lighter or darker, if need be, until white
    or ink text on it reaches ``ratio`` (a level badge must stay legible in every tenant)."""
    factor, step = 1.0, 0.01
    shade = background
    text = text_on(shade)
    while contrast(shade, text) < ratio and 0.05 < factor < 2:
        factor += step if text == INK else -step
        shade = with_lightness(background, factor)
        text = text_on(shade)
    return shade, text


def palette(accent):
    """The CSS custom properties of a tenant's theme, as ``{name: value}``."""
    accent = accent if is_hex(accent) else DEFAULT_ACCENT
    deep = darkened_to(with_lightness(accent, 0.82), 7)
    deeper = with_lightness(deep, 0.85)
    values = {
        "--app-accent": accent,
        "--app-accent-rgb": ", ".join(str(channel) for channel in rgb(accent)),
        "--app-accent-deep": deep,
        "--app-accent-deep-rgb": ", ".join(str(channel) for channel in rgb(deep)),
        "--app-accent-deeper": deeper,
        "--app-accent-soft": mix(accent, WHITE, 0.9),
        "--app-accent-border": mix(accent, WHITE, 0.6),
        "--app-on-accent": text_on(accent),
    }
    for level in range(1, LEVELS + 1):
        colour, text = readable(mix(LEVEL_START, deep, (level - 1) / (LEVELS - 1)))
        values[f"--level-{level}"] = colour
        values[f"--level-{level}-text"] = text
    return values


def version(*parts):
    """A short fingerprint of what a theme depends on: the stylesheet's ETag and cache key."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:12]
