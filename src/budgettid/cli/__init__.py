"""budgettid's command line: a thin Typer layer over the core (one module per family).

These modules do not use `from __future__ import annotations`: Typer would then compile
every option's annotation string at each start (4.5 ms of `budgettid next`).
"""

# Each import registers its commands; the order here is the order `budgettid --help` lists them.
from . import query  # next, timeline
from . import check  # check, rules
from . import ics  # ics
from . import year  # roll, move, diff, schema
from . import pictures  # wheel, site
from . import documents  # doc
from . import convert  # import, export
from . import start  # init, example
from .app import app


def _never_unencodable() -> None:
    """A character the terminal's encoding lacks (PYTHONIOENCODING=ascii, a latin-1 locale)
    is written as its escape (`\\u2019`), never a UnicodeEncodeError halfway through."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main() -> None:
    _never_unencodable()
    # One name however it is started (`python -m budgettid` too): usage lines, completion.
    app(prog_name="budgettid")


__all__ = ["app", "main"]
