"""The import path README.md promised before the feed moved to `budgettid.ical`: kept working.

New code imports `budgettid.feed` (the front door) or `budgettid.ical.feed`.
"""

from .ical.feed import feed_bytes, write_split

__all__ = ["feed_bytes", "write_split"]
