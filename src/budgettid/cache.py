"""Validated calendars kept by their text, so that the next start skips YAML and pydantic.

Parsing and validating even a small calendar costs ~100 ms, most of it importing the
YAML parser and pydantic and building the validator; reading back the model that the
last run of the same text produced needs neither. An entry is written only for a
calendar that loaded without errors, under a key made of the text and of the code that
read it (version, Python, and the loader's source files). An entry holds that code
and text too and is used only when both equal this run's, so a stale entry is never
read. Anything wrong with the cache (unwritable, corrupt, someone else's) means a miss:
the cache can make a run faster, never make it fail.

Texts of more than 4 Mi characters (about 20,000 events) are not kept. The directory
is $BUDGETTID_CACHE_DIR, else $XDG_CACHE_HOME/budgettid, else ~/.cache/budgettid;
$BUDGETTID_NO_CACHE=1 switches the cache off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from pathlib import Path

from . import __version__
from .model import Calendar

ENV_DIR = "BUDGETTID_CACHE_DIR"
ENV_OFF = "BUDGETTID_NO_CACHE"
KEEP = 20  # entries; writing a new one removes the least recently used beyond this
# Longer texts (over ~20,000 events) are parsed each time: their entry costs nearly as
# much to write (2 s at 100,000 events) as a later start saves, and twenty such entries
# would take a gigabyte.
MAX_TEXT = 4 * 2**20
SUFFIX = ".pickle"
# The modules whose code decides what a text loads as (diagnostics.py: the rule codes that
# `rules.disable` is normalised to): a change to any of them, such as an edit in a
# development checkout, changes every key.
_LOADERS = ("model.py", "load.py", "parse.py", "validate.py", "cache.py", "diagnostics.py")


def directory() -> Path | None:
    """Where entries live, or None when the cache is switched off."""
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    if where := os.environ.get(ENV_DIR):
        return Path(where)
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base) / "budgettid"
    home = os.path.expanduser("~")
    # No home to be found (expanduser gives "~" back): no cache, never one in the working directory.
    return None if home.startswith("~") else Path(home) / ".cache" / "budgettid"


def _code() -> str:
    here = os.path.dirname(__file__)
    parts = [__version__, sys.version, str(pickle.HIGHEST_PROTOCOL)]
    for name in _LOADERS:
        try:
            st = os.stat(os.path.join(here, name))
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
        except OSError:
            parts.append(f"{name}:-")
    return "\n".join(parts)


def _name(code: str, text: str) -> str:
    # Only where to look: a CRC will do, since the entry's own code and text are compared
    # on reading (zlib is loaded already; hashlib would add 2.5 ms to every start).
    raw = text.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(raw, zlib.crc32(code.encode())):08x}-{len(raw):x}{SUFFIX}"


def get(text: str) -> Calendar | None:
    """The calendar this text validated to last time, or None."""
    where = directory()
    if where is None or len(text) > MAX_TEXT:
        return None
    code = _code()
    path = where / _name(code, text)
    try:
        with open(path, "rb") as f:
            # Unpickling runs code named in the file: read only the user's own entries.
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return None
            entry = pickle.load(f)
        os.utime(path)  # recently used: kept longest
    except Exception:  # missing, truncated or unreadable: a miss, never an error
        return None
    if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == code and entry[1] == text:
        return entry[2] if isinstance(entry[2], Calendar) else None
    return None


def put(text: str, cal: Calendar) -> None:
    """Keep `cal` for the next load of `text`; silently does nothing where that cannot be done."""
    where = directory()
    if where is None or len(text) > MAX_TEXT:
        return
    code = _code()
    path = where / _name(code, text)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump((code, text, cal), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # readers see the whole entry or none
        _prune(where)
    except Exception:  # a read-only home or a full disk must not fail the command
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _prune(where: Path) -> None:
    entries = []
    for p in where.glob("*" + SUFFIX):
        try:
            entries.append((p.stat().st_mtime_ns, p))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, p in entries[KEEP:]:
        p.unlink(missing_ok=True)
