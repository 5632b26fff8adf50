"""Colour contrast as WCAG 2.1 measures it, and phase colours darkened until text in them reads.

WCAG 2.1 AA asks 4.5:1 of text against its background (3:1 of large text and of the graphics
needed to understand a picture). A calendar's phase colour is used for numbers on white and as
the ground of white phase names in the wheel, so the colour drawn is the calendar's own where it
already gives 4.5:1 with white, and else the same hue darkened just enough.
"""

from __future__ import annotations

import colorsys

WHITE = "#ffffff"
TEXT = 4.5  # WCAG 1.4.3: text
LARGE = 3.0  # WCAG 1.4.3: large text; 1.4.11: graphics


def rgb(color: str) -> tuple[int, int, int]:
    """'#5b8c3a' -> (91, 140, 58)."""
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def hex_color(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in (r, g, b))


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2.1, the sRGB definition)."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(color: str, background: str, alpha: float) -> str:
    """`color` painted at opacity `alpha` over `background`."""
    return hex_color(*(alpha * c + (1 - alpha) * g for c, g in zip(rgb(color), rgb(background), strict=True)))


def darken_to(color: str, background: str = WHITE, minimum: float = TEXT) -> str:
    """`color` itself when it contrasts `minimum` with `background`; else the same hue and
    saturation at the highest lightness that does (in steps of 0.5 %)."""
    if ratio(color, background) >= minimum:
        return color.lower()
    h, lightness, s = colorsys.rgb_to_hls(*(v / 255 for v in rgb(color)))
    while lightness > 0:
        lightness = max(0.0, lightness - 0.005)
        candidate = hex_color(*(v * 255 for v in colorsys.hls_to_rgb(h, lightness, s)))
        if ratio(candidate, background) >= minimum:
            return candidate
    return "#000000"
