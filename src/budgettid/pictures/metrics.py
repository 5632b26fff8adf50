"""How wide text is in the wheel's font, without a font library: Helvetica's advance widths.

Helvetica, Arial and Liberation Sans (what Linux draws for both) share these widths, in
thousandths of an em; they were read from Liberation Sans with fontTools. The layout measures
labels with them, so they fit their columns and arcs as a browser draws them
(tests/test_wheel.py measures the drawn text in Chromium to hold this to account).
"""

from __future__ import annotations

import unicodedata


def _table(groups: dict[int, str]) -> dict[str, int]:
    return {ch: width for width, chars in groups.items() for ch in chars}


REGULAR = _table(
    {
        191: "'",
        222: "ijl’",
        260: "|",
        278: " !,./:;I[\\]ft·",
        333: "()-`r“”",
        334: "{}",
        350: "•",
        355: '"',
        389: "*",
        469: "^",
        500: "Jcksvxyz",
        556: "#$0123456789?L_abdeghnopquåéèüöä–§«»",
        584: "+<=>~",
        604: "●■",
        611: "FTZø",
        667: "&ABEKPSVXYÅÉÄ",
        722: "CDHNRUwÜ",
        778: "GOQØÖ",
        833: "Mm",
        834: "½",
        889: "%æ",
        944: "W",
        1000: "Æ—…",
        1015: "@",
    }
)


BOLD = _table(
    {
        238: "'",
        278: " ,./I\\ijl·’",
        280: "|",
        333: "!()-:;[]`ft",
        350: "•",
        389: "*r{}",
        474: '"',
        500: "z“”",
        556: "#$0123456789J_aceksvxyåéèä–§«»",
        584: "+<=>^~",
        604: "●■",
        611: "?FLTZbdghnopquøüö",
        667: "EPSVXYÉ",
        722: "&ABCDHKNRUÅÄÜ",
        778: "GOQwØÖ",
        833: "M",
        834: "½",
        889: "%mæ",
        944: "W",
        975: "@",
        1000: "Æ—…",
    }
)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` at font size `size`, in the same units as `size`."""
    table = BOLD if bold else REGULAR
    total = 0
    for ch in text:
        width = table.get(ch)
        if width is None:  # a glyph from another font: assume it is wide
            width = 1000 if unicodedata.east_asian_width(ch) in "WF" else 667
        total += width
    return total * size / 1000
