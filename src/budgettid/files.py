"""Reading and writing files safely: atomic writes, never onto an input or a calendar,
output folders made one way, and clear FileProblem messages for everything the OS refuses."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import FileProblem
from .format.model import FORMAT_ID

CALENDAR_SIGNATURE = FORMAT_ID.encode()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _is_calendar(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b"format:" in head and CALENDAR_SIGNATURE in head


def read_bytes(path: Path, what: str = "file", *, limit: int | None = None) -> bytes:
    """A file's bytes, or a FileProblem that says what is wrong with the path.

    With `limit`, at most that many bytes are read: a longer file (or /dev/zero) is refused.
    """
    try:
        if path.is_dir():
            raise FileProblem(f"{path} is a directory; pass the {what} itself")
        if limit is None:
            return path.read_bytes()
        with path.open("rb") as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            size = f"{limit / 2**20:.0f} MiB"
            raise FileProblem(f"{path} is larger than {size}; a {what} is limited to {size}")
        return data
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such {what}; check the path") from None
    except PermissionError:
        raise FileProblem(f"{path}: permission denied; make the {what} readable") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot read the {what} ({exc.strerror or exc})") from None


def ensure_dir(path: Path) -> Path:
    """An output folder: made if its parent exists (a typo in the parent is an error, not a tree)."""
    if path.is_dir():
        return path
    if path.exists():
        raise FileProblem(f"{path} is a file, not a folder; give a folder for the output")
    if not path.parent.is_dir():
        raise FileProblem(f"{path.parent}: no such folder; create it first (mkdir -p {path})")
    try:
        path.mkdir()
    except OSError as exc:
        raise FileProblem(f"{path}: cannot create the folder ({exc.strerror or exc})") from None
    return path


def write_atomic(
    path: Path,
    data: bytes,
    *,
    inputs: Iterable[Path] = (),
    mode: int | None = None,
    replace_calendar: bool = False,
) -> Path:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    A reader never sees half a file, and an interrupted run leaves the old file. Refuses
    to write onto any of `inputs` (symlinks resolved), onto a directory, and onto an
    existing budgettid calendar unless `replace_calendar` (a feed or schema written over a
    calendar by a slip of -o would lose the secretariat's work). A symlink at `path` is
    followed: the file it points to is replaced, the link stays. `mode` sets the new
    file's permissions (default: the replaced file's, else 0644).
    """
    for source in inputs:
        if _same_file(path, Path(source)):
            raise FileProblem(f"{path} is an input of this command; write the output somewhere else")
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise FileProblem(f"{path} is a directory; give a file name, e.g. {path / 'out'}")
    if not replace_calendar and target.is_file() and _is_calendar(target):
        raise FileProblem(f"{path} is a budgettid calendar; it is not replaced: write the output elsewhere")
    folder = target.parent
    if not folder.is_dir():
        raise FileProblem(f"{folder} does not exist; create it first (mkdir -p {folder})")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise FileProblem(f"cannot write in {folder}: permission denied") from None
    except OSError as exc:
        raise FileProblem(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is None:
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    return target
