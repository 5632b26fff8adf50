"""Links budgettid writes for the public: only http, https and mailto, never a script.

A calendar comes from colleagues and outsiders, and its `url` ends up in an `href` on the
municipality's public page and in every subscriber's feed. The loader refuses other schemes;
the writers check again here, so a calendar built in code (or a loader with a gap) cannot
put `javascript:` or `data:` on the page. What is not an allowed link is shown as text only.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters a URI cannot hold: controls, spaces, quotes, angle brackets and the like. Browsers
# drop tabs and line breaks inside a URL ("java\tscript:" runs), so they are encoded first
# and the scheme is read afterwards.
_URL_UNSAFE = re.compile('[\x00-\x20\x7f-\x9f"<>\\\\^`{|}\ud800-\udfff]')
_WEB = re.compile(r"https?://[^/?#\s%]", re.IGNORECASE)
_ADDRESS = re.compile(r"[^\s@<>\"(),;:\\\[\]\x00-\x1f\x7f-\x9f]+@[^\s@<>\"(),;:\\\[\]\x00-\x1f\x7f-\x9f]+")


def _encode(m: re.Match[str]) -> str:
    return quote(m.group(), safe="", errors="replace")


def clean_url(value: str) -> str:
    """A URI value: characters a URI cannot hold (controls, spaces, quotes) percent-encoded."""
    return _URL_UNSAFE.sub(_encode, value.strip())


def address(value: str | None) -> str | None:
    """The e-mail address `value` is (written with or without `mailto:`), else None."""
    text = (value or "").strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text if _ADDRESS.fullmatch(text) else None


def web_link(value: str | None) -> str | None:
    """`value` as an href: an http(s) address with a host, or a mailto: address; else None."""
    if not value:
        return None
    url = clean_url(value)
    if _WEB.match(url):
        return url
    if url[:7].lower() == "mailto:" and (found := address(url)):
        return "mailto:" + found
    return None


def mailto(value: str | None) -> str | None:
    """`mailto:` and the address, for a contact written with or without it; else None."""
    found = address(value)
    return f"mailto:{found}" if found else None


__all__ = ["address", "clean_url", "mailto", "web_link"]
