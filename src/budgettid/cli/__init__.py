"""budgettid's command line: a thin Typer layer over the core (one module per family)."""
# NOTE for engineers: read CONTRIBUTING.md at the repository root before editing (concurrent work rules).

from __future__ import annotations

from . import check  # noqa: F401  (registers check, rules)
from . import query  # noqa: F401  (registers next, timeline)
from . import ics  # noqa: F401  (registers ics)
from . import year  # noqa: F401  (registers roll, diff, schema)
from . import pictures  # noqa: F401  (registers wheel, site)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
