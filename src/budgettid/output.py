"""Writing output files safely: atomically, never onto an input, with clear errors."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import FileProblem


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def write_atomic(path: Path, data: bytes, *, inputs: Iterable[Path] = ()) -> Path:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    A reader never sees half a file, and an interrupted run leaves the old file. Refuses
    to write onto any of `inputs` (symlinks resolved) and onto a directory. A symlink at
    `path` is followed: the file it points to is replaced, the link stays.
    """
    for source in inputs:
        if _same_file(path, Path(source)):
            raise FileProblem(
                f"{path} is the input file {source}; write the output somewhere else (-o OTHER)"
            )
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise FileProblem(f"{path} is a directory; give a file name, e.g. {path / 'out'}")
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
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    return target
