"""File → Calendar: read and decode the file, then parse (parse.py) and validate (validate.py).

A file whose exact text was validated before is read back from the cache (cache.py)
instead: the parser and pydantic are imported only on a miss. Every problem becomes a
located Diagnostic (BT001-BT005); nothing here prints.
"""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

from ..errors import CalendarInvalid, FileProblem, NoSuchFile
from ..i18n import msg
from .model import Calendar

MAX_BYTES = 32 * 1024 * 1024


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a calendar file as text, or raise FileProblem / CalendarInvalid (BT001).

    Through files.read_regular: a FIFO does not hang, /dev/zero is refused, and no more
    than MAX_BYTES is ever read, whatever the file's size says.
    """
    from ..files import NotRegular, TooBig, kind, read_regular

    name = os.fspath(path)
    try:
        data = read_regular(path, MAX_BYTES)
    except NotRegular as exc:
        if stat.S_ISDIR(exc.mode):
            raise FileProblem(msg("errors.is_directory", path=name)) from None
        what = msg("files.what.calendar")
        raise FileProblem(msg("files.read.not_regular", path=name, kind=kind(exc.mode), what=what)) from None
    except TooBig as exc:
        size = f"{exc.size / 2**20:.0f}" if exc.size > MAX_BYTES + 1 else f"> {MAX_BYTES // 2**20}"
        raise FileProblem(msg("errors.too_big", path=name, size=size, limit=MAX_BYTES // 2**20)) from None
    except FileNotFoundError:
        raise NoSuchFile(name) from None
    except PermissionError:
        raise FileProblem(msg("errors.permission", path=name)) from None
    except OSError as exc:
        raise FileProblem(msg("errors.cannot_read", path=name, reason=exc.strerror or exc)) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is accepted) with CRLF normalised; other bytes are BT001 at their place."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from .. import diagnostics as dg

        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problem = msg("load.not_utf8", byte=f"0x{data[exc.start]:02x}")
        raise CalendarInvalid([dg.make(name, (line, column), "BT001", problem)]) from None
    return text.replace("\r\n", "\n")


def load_text(text: str, name: str = "<string>") -> Calendar:
    """Validate calendar text; raise CalendarInvalid with every located problem."""
    from . import parse, validate

    # Loading allocates hundreds of thousands of containers and frees none: the cyclic
    # garbage collector would rescan them again and again (3x slower at 100,000 events).
    enabled = gc.isenabled()
    gc.disable()
    try:
        data, source = parse.parse(text, name)
        cal = validate.calendar(data, source, name)
    finally:
        if enabled:
            gc.enable()
    cal.locate(name, source, text)
    return cal


def load(path: str | os.PathLike[str]) -> Calendar:
    """Read and validate a calendar file (or read it back from the cache: same text, same result)."""
    from . import cache
    from .keypath import LazySourceMap

    text, name = read_text(path), os.fspath(path)
    cal = cache.get(text)
    if cal is None:
        cal = load_text(text, name)
        cache.put(text, cal)
    else:
        cal.locate(name, LazySourceMap(text), text)
    return cal


BUNDLED_NAME = "budget_2024_31.yaml"


def bundled_path() -> Path:
    """The calendar shipped inside the package (package data, present after `pip install .`)."""
    # Beside this module: pip installs packages unpacked, never zipped, so importlib.resources
    # (2.5 ms to import on every start) would find the same file.
    return Path(__file__).parent.parent / "data" / BUNDLED_NAME


def resolve(path: Path | str | None) -> Path:
    """FILE argument, else $BUDGETTID_CALENDAR, else the bundled calendar."""
    if path:
        return Path(path)
    env = os.environ.get("BUDGETTID_CALENDAR")
    if not env:
        return bundled_path()
    if not Path(env).is_file():
        raise FileProblem(msg("errors.env_not_file", value=repr(env)))
    return Path(env)
