"""budgettid's command line: a thin Typer layer over the core (one module per family)."""

from __future__ import annotations

from . import query  # noqa: F401  (registers next, timeline)
from .app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
