"""Reading and writing files safely: atomic writes, never onto an input or a calendar,
output folders made one way, and clear FileProblem messages for everything the OS refuses.

Reading opens the file without blocking (a FIFO never hangs), requires a regular file
(never /dev/zero) and reads at most a bound, whatever the size says. Writing goes to a
temporary file and a rename, except to standard output (`-o -`) and onto a character
device such as /dev/null, which is written in place; other special files (FIFOs,
sockets, block devices) are refused. Inside an output folder a symlink is never
followed: it is replaced by the new file.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from .errors import FileProblem
from .i18n import Message, msg

STDOUT = "-"  # -o -: the output goes to standard output
READ_LIMIT = 32 * 2**20  # bytes: the most any input is read (a calendar's own limit too)
# A calendar names its format in a YAML key (any spacing, quoted or not, after any
# header) or in its JSON form: a feed or a schema written over it would lose it.
# A pattern, compiled on the first write (reading a calendar imports this module too).
_CALENDAR = rb"""(?:^|\xef\xbb\xbf|[{,\s])["']?format["']?[ \t]*:[ \t]*["']?budgettid/1(?![\w/.-])"""
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_WHAT = {"Word template": "word_template"}  # `what` as callers name it → its catalogue key


def _what(what: str) -> Message:
    return msg(f"files.what.{_WHAT.get(what, what)}")


def kind(mode: int) -> Message:
    """What a file that is not a regular file is, in words."""
    for test, name in (
        (stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"),
        (stat.S_ISBLK, "block"), (stat.S_ISCHR, "char"), (stat.S_ISLNK, "symlink"),
    ):  # fmt: skip
        if test(mode):
            return msg(f"files.kind.{name}")
    return msg("files.kind.other")


class NotRegular(OSError):
    """Opened something that is not a regular file (`mode` says what)."""

    def __init__(self, mode: int) -> None:
        super().__init__("not a regular file")
        self.mode = mode


class TooBig(OSError):
    """A file longer than the limit (`size`: what fstat said, or the limit plus one)."""

    def __init__(self, size: int) -> None:
        super().__init__("too big")
        self.size = size


def read_regular(path: str | os.PathLike[str], limit: int = READ_LIMIT, *, follow: bool = True) -> bytes:
    """At most `limit` bytes of a regular file, else NotRegular or TooBig (or the OS's error).

    Opened without blocking and checked with fstat on what was opened (a symlink to a
    FIFO or to /dev/zero is refused, not waited on or read forever); `follow=False` refuses
    a symlink as well.
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _FLAGS | (0 if follow else _NOFOLLOW))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(st.st_mode)
        if st.st_size > limit:
            raise TooBig(st.st_size)
        chunks, left = [], limit + 1  # the size may lie (a file growing, /proc): bound the read
        while left > 0 and (chunk := os.read(fd, min(left, 2**20))):
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise TooBig(limit + 1)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _same_file(a: Path, b: Path, *, follow: bool = True) -> bool:
    try:
        if not follow and a.is_symlink():  # the link's own name, in its resolved folder
            return a.parent.resolve() / a.name == b.resolve()
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _is_calendar(path: Path) -> bool:
    try:
        return re.search(_CALENDAR, read_regular(path)) is not None
    except TooBig:
        return True  # too big to look at: rather not replace it
    except OSError:
        return False


def read_bytes(path: Path, what: str = "file", *, limit: int | None = None) -> bytes:
    """A regular file's bytes, or a FileProblem that says what is wrong with the path.

    At most `limit` bytes (default READ_LIMIT) are read: a longer file is refused, and so is
    anything that is not a regular file (a directory, a FIFO, /dev/zero).
    """
    name, bound = os.fspath(path), READ_LIMIT if limit is None else limit
    try:
        return read_regular(path, bound)
    except NotRegular as exc:
        if stat.S_ISDIR(exc.mode):
            raise FileProblem(msg("files.read.directory", path=name, what=_what(what))) from None
        raise FileProblem(
            msg("files.read.not_regular", path=name, kind=kind(exc.mode), what=_what(what))
        ) from None
    except TooBig:
        mib = f"{bound / 2**20:.0f}"
        raise FileProblem(msg("files.read.too_big", path=name, limit=mib, what=_what(what))) from None
    except FileNotFoundError:
        raise FileProblem(msg("files.read.missing", path=name, what=_what(what))) from None
    except PermissionError:
        raise FileProblem(msg("files.read.permission", path=name, what=_what(what))) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FileProblem(msg("files.read.cannot", path=name, what=_what(what), reason=reason)) from None


def ensure_dir(path: Path) -> Path:
    """An output folder: made if its parent exists (a typo in the parent is an error, not a tree)."""
    if path.is_dir():
        return path
    if path.exists():
        raise FileProblem(msg("files.dir.is_file", path=path))
    if not path.parent.is_dir():
        raise FileProblem(msg("files.dir.no_parent", parent=path.parent, path=path))
    try:
        path.mkdir()
    except OSError as exc:
        raise FileProblem(msg("files.dir.cannot", path=path, reason=exc.strerror or exc)) from None
    return path


def is_stdout(path: object) -> bool:
    """Whether an output option names standard output (`-o -`)."""
    return path is not None and os.fspath(path) == STDOUT  # type: ignore[call-overload]


def replaces(path: Path) -> bool:
    """Whether writing to `path` would replace a regular file (for --force; write_atomic says
    what is wrong with a directory or a special file, and streams into a device)."""
    if is_stdout(path):
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stream(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_atomic(
    path: Path,
    data: bytes,
    *,
    inputs: Iterable[Path] = (),
    mode: int | None = None,
    replace_calendar: bool = False,
    in_folder: bool = False,
) -> Path:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    A reader never sees half a file, and an interrupted run leaves the old file. Refuses
    to write onto any of `inputs` (symlinks resolved), onto a directory or a special file
    (a FIFO, a socket, a block device), and onto an existing budgettid calendar unless
    `replace_calendar` (a feed or schema written over a calendar by a slip of -o would lose
    the secretariat's work). `-` is standard output, and a character device (/dev/null)
    is written in place. A symlink at `path` is followed (the file it points to is
    replaced, the link stays), except `in_folder`: a file that budgettid names inside an
    output folder, where a planted link is replaced and its target left alone. `mode`
    sets a new file's permissions (default: the replaced file's, else 0666 less the umask).
    """
    if is_stdout(path):
        out = sys.stdout.buffer  # bytes as they are (a feed's CRLF, an .xlsx)
        out.write(data)
        out.flush()
        return path
    # In a folder the name itself is compared: a planted link to an input is just replaced.
    for source in inputs:
        if _same_file(path, Path(source), follow=not in_folder):
            raise FileProblem(msg("files.write.input", path=path))
    target = path if in_folder or not path.is_symlink() else path.resolve()
    try:
        st: os.stat_result | None = os.lstat(target)
    except OSError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        st = None  # in a folder: the link itself is replaced (a dangling one given as -o: created)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise FileProblem(msg("files.write.directory", path=path, example=path / "out"))
    if st is not None and stat.S_ISCHR(st.st_mode) and not in_folder:
        return _write_device(path, target, data)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise FileProblem(msg("files.write.not_regular", path=path, kind=kind(st.st_mode)))
    if not replace_calendar and st is not None and _is_calendar(target):
        raise FileProblem(msg("files.write.calendar", path=path))
    folder = target.parent
    if not folder.is_dir():
        raise FileProblem(msg("files.write.no_folder", folder=folder))
    import tempfile  # here, not on every start: reading a calendar needs this module too

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise FileProblem(msg("files.write.permission", folder=folder)) from None
    except OSError as exc:
        raise FileProblem(msg("files.write.cannot_in", folder=folder, reason=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is None:
            mode = st.st_mode & 0o777 if st is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileProblem(msg("files.write.cannot", path=path, reason=exc.strerror or exc)) from None
    return target


def _write_device(path: Path, target: Path, data: bytes) -> Path:
    """Stream into a character device in place (no rename would ever replace /dev/null)."""
    try:
        # Without blocking, in case a FIFO was swapped in since the lstat; then as usual.
        fd = os.open(target, os.O_WRONLY | _FLAGS | _NOFOLLOW | _NONBLOCK)
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISCHR(mode):
                raise FileProblem(msg("files.write.not_regular", path=path, kind=kind(mode)))
            os.set_blocking(fd, True)
            _stream(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise FileProblem(msg("files.write.cannot", path=path, reason=exc.strerror or exc)) from None
    return target
