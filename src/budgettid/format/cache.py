"""Validated calendars kept by their text, so that the next start skips YAML and pydantic.

Parsing and validating even a small calendar costs ~70 ms, most of it importing the
YAML parser and pydantic and building the validator; reading back the model that the
last run of the same text produced needs neither. An entry is written only for a
calendar that loaded without errors. It holds the text and a fingerprint of the code
that read it: budgettid's version, Python's, the contents of the loader's source files,
and which pydantic and PyYAML are installed. It is used only when both equal this run's.
Anything wrong with the cache (unwritable, corrupt, someone else's) means a miss: the
cache can make a run faster, never make it fail.

An entry is JSON: plain rows of text, numbers and lists that this module turns back into
the model's classes, never a format that names code to run (a planted pickle is ignored).
It is read only from a regular file (never through a symlink, never a FIFO) owned by the
user, in a directory owned by the user that no one else may write; a relative directory
is never used (it would put the cache in whatever folder a command runs in).

The directory is $BUDGETTID_CACHE_DIR, else $XDG_CACHE_HOME/budgettid, else
~/.cache/budgettid; $BUDGETTID_NO_CACHE=1 switches the cache off. It keeps the KEEP most
recently used entries, and at most MAX_TOTAL bytes of them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
import stat
import sys
import time
import zlib
from dataclasses import fields
from datetime import date, timedelta
from datetime import time as Time
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

from .. import __version__
from .model import Body, Calendar, Constraint, Event, Phase, Process, Rules
from .values import FuzzyDate

ENV_DIR = "BUDGETTID_CACHE_DIR"
ENV_OFF = "BUDGETTID_NO_CACHE"
KEEP = 20  # entries; writing a new one removes the least recently used beyond this
MAX_TOTAL = 512 * 2**20  # bytes of entries; the oldest go first beyond it
SUFFIX = ".json"
FORMAT = "budgettid-cache/1"  # the layout of an entry (a change of this module changes _code too)
# The modules whose code decides what a text loads as (diagnostics.py: the rule codes that
# `rules.disable` is normalised to): a change to any of them, such as an edit in a
# development checkout, changes every fingerprint.
_LOADERS = (
    "model.py", "values.py", "keypath.py", "load.py", "parse.py", "validate.py", "cache.py",
    "../diagnostics.py",
)  # fmt: skip
_LIBRARIES = ("pydantic", "pydantic_core", "yaml")  # an upgrade rewrites their files
# Only these are ours to remove (.pickle: the entries of budgettid before 0.x, never read).
_ENTRY = re.compile(r"[0-9a-f]{8}-[0-9a-f]+\.(json|pickle)")
_OFF = ("", "0", "false", "no", "off")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def directory() -> Path | None:
    """Where entries live, or None when the cache is switched off (or would be relative)."""
    if os.environ.get(ENV_OFF, "").strip().lower() not in _OFF:
        return None
    if where := os.environ.get(ENV_DIR):
        path = Path(where)
    elif base := os.environ.get("XDG_CACHE_HOME"):
        path = Path(base) / "budgettid"
    else:
        home = os.path.expanduser("~")
        # No home (expanduser gives "~" back, or it does not exist): no cache.
        if not (os.path.isabs(home) and os.path.isdir(home)):
            return None
        path = Path(home) / ".cache" / "budgettid"
    # A relative directory (XDG_CACHE_HOME=.) would put entries in the repository a command
    # runs in, where a pull request could plant them: no cache (the XDG spec ignores it too).
    return path if path.is_absolute() else None


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (where the OS has POSIX owners)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: access lists, not these bits, decide
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable(where: Path) -> bool:
    """A directory of the user's own that no one else can write into (else no cache)."""
    try:
        st = os.stat(where)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _private(st)


@functools.cache  # once per process: `check` loads many files, and a miss both gets and puts
def _code() -> str:
    """The fingerprint of what decides how a text loads (under 1 ms)."""
    here = os.path.dirname(__file__)
    parts = [FORMAT, __version__, sys.version]
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


# --- the model as plain rows ---------------------------------------------------------------
# Each dataclass is a list of its fields' values in declaration order, then a dict of what
# else its instance holds (Process: whether the file wrote `language`). Fields that are not
# JSON's own types are named here with their codec; a new field of a new type makes
# json.dumps fail, and so no entry (a miss), never a wrong calendar.


def _fuzzy_out(d: FuzzyDate) -> str:
    return d.text


def _time_out(t: Time) -> str:
    return t.isoformat()


def _durations_out(ds: list[timedelta]) -> list[list[int]]:
    return [[d.days, d.seconds, d.microseconds] for d in ds]


def _durations_in(rows: list[list[int]]) -> list[timedelta]:
    return [timedelta(days=d, seconds=s, microseconds=us) for d, s, us in rows]


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


class _Reader:
    """Rows back into the model: fresh objects, dates and times shared where equal."""

    def __init__(self) -> None:
        self.dates: dict[str, FuzzyDate] = {}
        self.times: dict[str, Time] = {}

    def fuzzy(self, text: str) -> FuzzyDate:
        d = self.dates.get(text)
        if d is None:
            # A day (nearly every date) without the parser's regular expressions.
            d = FuzzyDate.day(date.fromisoformat(text)) if len(text) == 10 else FuzzyDate.parse(text)
            if d.text != text:
                raise ValueError(text)
            self.dates[text] = d
        return d

    def time(self, text: str) -> Time:
        t = self.times.get(text)
        if t is None:
            t = self.times[text] = Time.fromisoformat(text)
        return t

    def builder(self, cls: type, codecs: dict[str, Any] | None = None) -> Any:
        """A function from one row to one object of `cls`."""
        names = _fields(cls)
        n = len(names) + 1
        plan = [(i, codecs[name]) for i, name in enumerate(names) if name in codecs] if codecs else []
        new, isdict = object.__new__, isinstance

        def build(row: list[Any]) -> Any:
            if len(row) != n:
                raise ValueError(cls.__name__)
            extra = row.pop()  # the row is ours: its list becomes the values
            for i, codec in plan:
                if value := row[i]:  # None and [] are themselves
                    row[i] = codec(value)
            obj: Any = new(cls)
            state = obj.__dict__
            state.update(zip(names, row, strict=True))
            if extra:
                if not isdict(extra, dict):
                    raise ValueError(cls.__name__)
                state.update(extra)
            return obj

        return build

    def calendar(self, row: list[Any]) -> Calendar:
        fuzzy, time = self.fuzzy, self.time
        constraint = self.builder(Constraint)

        def constraints(rows: list[Any]) -> list[Constraint]:
            return [constraint(r) for r in rows]

        event = self.builder(Event, {
            "date": fuzzy, "start": fuzzy, "end": fuzzy, "time": time, "end_time": time,
            "reminders": _durations_in, "after": constraints, "before": constraints,
        })  # fmt: skip
        phase = self.builder(Phase, {"start": fuzzy, "end": fuzzy})
        body = self.builder(Body)
        process = self.builder(Process, {"rules": self.builder(Rules)})
        cal = self.builder(Calendar, {
            "process": process,
            "bodies": lambda d: {k: body(v) for k, v in d.items()},
            "phases": lambda rows: [phase(r) for r in rows],
            "events": lambda rows: [event(r) for r in rows],
        })  # fmt: skip
        out = cal(row)
        if not isinstance(out.events, list) or not isinstance(out.process, Process):
            raise ValueError("calendar")
        return out  # type: ignore[no-any-return]


def _writer(cls: type, codecs: dict[str, Any] | None = None, *, extra: bool = True) -> Any:
    """A function from one object of `cls` to its row (the inverse of _Reader.builder)."""
    names = _fields(cls)
    plan = [(i, codecs[name]) for i, name in enumerate(names) if name in codecs] if codecs else []
    known = frozenset(names)

    def row(obj: Any) -> list[Any]:
        state = obj.__dict__
        values = [state[name] for name in names]
        for i, codec in plan:
            if (value := values[i]) is not None:
                values[i] = codec(value)
        values.append({k: v for k, v in state.items() if k not in known} if extra else {})
        return values

    return row


def _calendar_row(cal: Calendar) -> list[Any]:
    constraint = _writer(Constraint)
    constraints = lambda cs: [constraint(c) for c in cs]  # noqa: E731
    event = _writer(Event, {
        "date": _fuzzy_out, "start": _fuzzy_out, "end": _fuzzy_out, "time": _time_out,
        "end_time": _time_out, "reminders": _durations_out, "after": constraints, "before": constraints,
    })  # fmt: skip
    phase, body = _writer(Phase, {"start": _fuzzy_out, "end": _fuzzy_out}), _writer(Body)
    calendar = _writer(Calendar, {
        "process": _writer(Process, {"rules": _writer(Rules)}),
        "bodies": lambda bodies: {k: body(b) for k, b in bodies.items()},
        "phases": lambda phases: [phase(p) for p in phases],
        "events": lambda events: [event(e) for e in events],
    }, extra=False)  # fmt: skip  # the fields only: not where it was read nor derived indexes
    return calendar(cal)  # type: ignore[no-any-return]


def _open_entry(path: Path) -> bytes | None:
    """An entry's bytes: a regular file of the user's own, reached without a symlink."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > MAX_TOTAL:
            return None
        chunks, left = [], st.st_size + 1
        while left > 0 and (chunk := os.read(fd, min(left, 2**24))):
            chunks.append(chunk)
            left -= len(chunk)
        return None if left <= 0 else b"".join(chunks)  # grew while read: not ours
    finally:
        os.close(fd)


def get(text: str) -> Calendar | None:
    """The calendar this text validated to last time, or None."""
    where = directory()
    if where is None or not _usable(where):
        return None
    code = _code()
    path = where / _name(code, text)
    # Building a hundred thousand objects that are never freed: the cyclic collector
    # would rescan them again and again (as load.py pauses it while validating).
    enabled = gc.isenabled()
    gc.disable()
    try:
        raw = _open_entry(path)
        if raw is None:
            return None
        entry = json.loads(raw)
        if not (isinstance(entry, list) and len(entry) == 4 and entry[:3] == [FORMAT, code, text]):
            return None
        cal = _Reader().calendar(entry[3])
    except Exception:  # missing, truncated, malformed or not ours: a miss, never an error
        return None
    finally:
        if enabled:
            gc.enable()
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return cal


def put(text: str, cal: Calendar) -> None:
    """Keep `cal` for the next load of `text`; silently does nothing where that cannot be done."""
    where = directory()
    if where is None:
        return
    import tempfile

    code = _code()
    path = where / _name(code, text)
    tmp = None
    enabled = gc.isenabled()
    gc.disable()  # many new lists, none garbage: as in get
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _usable(where):
            return
        data = json.dumps(
            [FORMAT, code, text, _calendar_row(cal)], ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8", "surrogatepass")
        if len(data) > MAX_TOTAL:
            return
        # A new file of our own (0600, never through a planted link), renamed into place whole.
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = None
        _prune(where)
    except Exception:  # a read-only home, a full disk or an unknown type must not fail the command
        pass
    finally:  # Ctrl-C included
        if enabled:
            gc.enable()
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(where: Path) -> None:
    """Keep the KEEP most recently used entries, MAX_TOTAL bytes at most; remove temporary
    files an hour old.

    Only names this module writes are touched: $BUDGETTID_CACHE_DIR may be shared.
    """
    entries = []
    hour_ago = time.time() - 3600
    for p in where.iterdir():
        try:
            if _ENTRY.fullmatch(p.name):
                st = p.lstat()
                entries.append((st.st_mtime_ns, st.st_size, p))
            elif p.name.startswith(".") and p.name.endswith(".tmp") and p.lstat().st_mtime < hour_ago:
                p.unlink()
        except OSError:
            continue
    entries.sort(key=lambda e: e[0], reverse=True)
    total = 0
    for i, (_, size, p) in enumerate(entries):
        total += size
        if i >= KEEP or total > MAX_TOTAL or p.suffix == ".pickle":
            with contextlib.suppress(OSError):
                p.unlink()
