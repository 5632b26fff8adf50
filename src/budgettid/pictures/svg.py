"""SVG as xml.etree elements: the namespace, one element helper, the glyphs, the text form."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .wheel_layout import fmt, xy

SVG_NS = "http://www.w3.org/2000/svg"


def el(parent: ET.Element, tag: str, text: str | None = None, /, **attrs: object) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def glyph(parent: ET.Element, kind: str, r: float, deg: float, color: str, size: float) -> None:
    x, y = xy(r, deg)
    h = size / 2
    common = {"fill": color, "stroke": "#fff", "stroke_width": 1}
    if kind == "deadline":
        d = h + 1
        pts = " ".join(f"{fmt(x + dx)},{fmt(y + dy)}" for dx, dy in ((0, -d), (d, 0), (0, d), (-d, 0)))
        el(parent, "polygon", points=pts, **common)
    elif kind == "meeting":
        el(parent, "circle", cx=fmt(x), cy=fmt(y), r=fmt(h), **common)
    else:
        el(parent, "rect", x=fmt(x - h + 0.5), y=fmt(y - h + 0.5), width=fmt(size - 1),
            height=fmt(size - 1), **common)  # fmt: skip


def to_string(svg: ET.Element, *, declaration: bool = True) -> str:
    ET.indent(svg, space=" ")
    for text in svg.iter("text"):  # indenting inside text would add visible spaces
        if text.text is not None and not text.text.strip():
            text.text = None
        for child in text:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
    markup = ET.tostring(svg, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + markup + "\n") if declaration else markup
