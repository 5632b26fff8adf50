"""budgettid's command line: a thin Typer layer over the core (one module per family)."""

# Each import registers its commands; the order here is the order `budgettid --help` lists them.
from . import query  # next, timeline
from . import check  # check, rules
from . import ics  # ics
from . import year  # roll, diff, schema
from . import pictures  # wheel, site
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
