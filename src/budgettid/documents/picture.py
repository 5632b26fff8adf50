"""The årshjul as a PNG for documents, rendered by resvg (resvg-py).

resvg draws the wheel as Chromium does, text along arcs included (cairosvg misplaces
end-anchored labels and rsvg-convert drops textPath), and resvg-py is a self-contained
wheel: no system library to install.
"""

from __future__ import annotations

import re

from ..errors import MissingPackage

# 2600 pixels across a 16 cm column: about 400 dpi, sharp in print and when zoomed.
WIDTH_PX = 2600
INSTALL = "pip install 'budgettid[doc]'"


def png(svg: str, width: int = WIDTH_PX) -> bytes:
    """The SVG drawn `width` pixels wide on white."""
    try:
        import resvg_py
    except ImportError:
        raise MissingPackage(
            f"budgettid doc draws the wheel with resvg-py, not installed: {INSTALL}"
        ) from None
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width, background="#ffffff"))


def aspect(svg: str) -> float:
    """Height over width, from the viewBox."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if not found:
        return 1.0
    return float(found.group(2)) / float(found.group(1))
