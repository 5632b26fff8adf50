"""Validated calendars kept by their text, so that the next start skips YAML and pydantic.

Parsing and validating even a small calendar costs ~70 ms, most of it importing the
YAML parser and pydantic and building the validator; reading back the model that the
last run of the same text produced needs neither. An entry is written only for a
calendar that loaded without errors. It holds the text and a fingerprint of the code
that read it: budgettid's version, Python's, the contents of the loader's source files,
and which pydantic and PyYAML are installed. It is used only when both equal this run's.
Anything wrong with the cache (unwritable, corrupt, someone else's) means a miss: the
cache can make a run faster, never make it fail.

Texts of more than 4 Mi characters (about 20,000 events) are not kept. The directory
is $BUDGETTID_CACHE_DIR, else $XDG_CACHE_HOME/budgettid, else ~/.cache/budgettid;
$BUDGETTID_NO_CACHE=1 switches the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import re
import sys
import time
import zlib
from importlib.machinery import PathFinder
from pathlib import Path

from .. import __version__
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
# development checkout, changes every fingerprint.
_LOADERS = (
    "model.py", "values.py", "keypath.py", "load.py", "parse.py", "validate.py", "cache.py",
    "../diagnostics.py",
)  # fmt: skip
_LIBRARIES = ("pydantic", "pydantic_core", "yaml")  # an upgrade rewrites their files
_ENTRY = re.compile(r"[0-9a-f]{8}-[0-9a-f]+\.pickle")  # only these are ours to remove
_OFF = ("", "0", "false", "no", "off")


def directory() -> Path | None:
    """Where entries live, or None when the cache is switched off."""
    if os.environ.get(ENV_OFF, "").strip().lower() not in _OFF:
        return None
    if where := os.environ.get(ENV_DIR):
        return Path(where)
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base) / "budgettid"
    home = os.path.expanduser("~")
    # No home (expanduser gives "~" back, or it does not exist): no cache, and never one
    # in the working directory.
    return Path(home) / ".cache" / "budgettid" if os.path.isabs(home) and os.path.isdir(home) else None


@functools.cache  # once per process: `check` loads many files, and a miss both gets and puts
def _code() -> str:
    """The fingerprint of what decides how a text loads (under 1 ms)."""
    here = os.path.dirname(__file__)
    parts = [__version__, sys.version, str(pickle.HIGHEST_PROTOCOL)]
    for name in _LOADERS:  # by content: some packagers give every file the same mtime
        try:
            with open(os.path.join(here, name), "rb") as f:
                parts.append(f"{name}:{zlib.crc32(f.read()):08x}")
        except OSError:
            parts.append(f"{name}:-")
    for lib in _LIBRARIES:
        spec = PathFinder.find_spec(lib)  # finds the package without importing it
        try:
            st = os.stat(spec.origin) if spec and spec.origin else None
            parts.append(f"{lib}:{spec.origin if spec else '-'}:{st.st_mtime_ns if st else '-'}")
        except OSError:
            parts.append(f"{lib}:-")
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
    except Exception:  # missing, truncated or unreadable: a miss, never an error
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == code and entry[1] == text:
        return entry[2] if isinstance(entry[2], Calendar) else None
    return None


def put(text: str, cal: Calendar) -> None:
    """Keep `cal` for the next load of `text`; silently does nothing where that cannot be done."""
    where = directory()
    if where is None or len(text) > MAX_TEXT:
        return
    import tempfile

    code = _code()
    path = where / _name(code, text)
    tmp = None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A new file of our own (never through a planted link), renamed into place whole.
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((code, text, cal), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        _prune(where)
    except Exception:  # a read-only home or a full disk must not fail the command
        pass
    finally:  # Ctrl-C included
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(where: Path) -> None:
    """Keep the KEEP most recently used entries; remove temporary files an hour old.

    Only names this module writes are touched: $BUDGETTID_CACHE_DIR may be shared.
    """
    entries = []
    hour_ago = time.time() - 3600
    for p in where.iterdir():
        try:
            if _ENTRY.fullmatch(p.name):
                entries.append((p.stat().st_mtime_ns, p))
            elif p.name.startswith(".") and p.name.endswith(".tmp") and p.stat().st_mtime < hour_ago:
                p.unlink()
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, p in entries[KEEP:]:
        with contextlib.suppress(OSError):
            p.unlink()
