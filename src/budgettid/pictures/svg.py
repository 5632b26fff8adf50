"""SVG as xml.etree elements: the namespace, one element helper, the glyphs, the text form."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..links import web_link
from .wheel_layout import fmt, xy

SVG_NS = "http://www.w3.org/2000/svg"

# XML 1.0 allows no C0 control but TAB, LF and CR, no U+FFFE or U+FFFF and no lone
# surrogate (a file name that is not UTF-8 holds them); C1 controls and DEL it discourages.
# A character that breaks a line elsewhere is a space; an unreadable byte shows as U+FFFD.
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def xml_text(value: str) -> str:
    """Text an XML or HTML document can hold: every character XML 1.0 allows, nothing else."""
    if value.isprintable():  # no control, separator or surrogate: the common case
        return value
    return _SURROGATE.sub("\ufffd", _NOT_XML.sub("", _BREAKS.sub(" ", value)))


def _attr(name: str, value: object) -> str | None:
    text = str(value)
    if name == "href" and not text.startswith("#"):  # a link out only to a web or e-mail address
        return web_link(text)
    return text


def el(parent: ET.Element, tag: str, text: str | None = None, /, **attrs: object) -> ET.Element:
    names = {k: k.rstrip("_").replace("_", "-") for k in attrs}
    values = {names[k]: _attr(names[k], v) for k, v in attrs.items()}
    node = ET.SubElement(parent, tag, {k: v for k, v in values.items() if v is not None})
    if text is not None:
        node.text = text  # made XML-safe with everything else in to_string()
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
    for node in svg.iter():  # whatever was set without el() (a tail, a late attribute) too
        node.text = None if node.text is None else xml_text(node.text)
        node.tail = None if node.tail is None else xml_text(node.tail)
        for name, value in list(node.attrib.items()):
            node.set(name, xml_text(value))
    ET.indent(svg, space=" ")
    for text in svg.iter("text"):  # indenting inside text would add visible spaces
        if text.text is not None and not text.text.strip():
            text.text = None
        for child in text:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
    markup = ET.tostring(svg, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + markup + "\n") if declaration else markup
