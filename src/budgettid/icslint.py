"""The import path README.md promised before the lint moved to `budgettid.ical.lint`: kept working."""

from .ical.lint import lint

__all__ = ["lint"]
