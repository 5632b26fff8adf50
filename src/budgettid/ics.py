"""The import path README.md promised before the feed moved to `budgettid.ical`: kept working.

New code imports `budgettid.feed` (the front door) or `budgettid.ical.feed`.
"""

from .ical.feed import build, feed_bytes, feed_name, select, stamp_time, write_split

__all__ = ["build", "feed_bytes", "feed_name", "select", "stamp_time", "write_split"]
