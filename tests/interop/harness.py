"""The real readers: which are installed, and every one of them run over a list of feeds.

ical.js runs under node (tests/interop/node_modules, from `npm ci --prefix tests/interop`),
libical under Debian's /usr/bin/python3 with python3-gi and gir1.2-ical-3.0, each once for
all the files; icalendar, vobject and recurring-ical-events run in this process. A reader
that is missing fails the test under CI (`CI` set, where .ci/run installs it) and skips
it elsewhere, saying how to install it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
READERS = ("ical.js", "libical", "icalendar", "icalendar-file-tz", "vobject", "rie")
INSTALL = {
    "ical.js": "apt-get install nodejs npm && npm ci --prefix tests/interop",
    "libical": "apt-get install python3-gi gir1.2-ical-3.0",
    "icalendar": "pip install -e '.[test]'",
    "icalendar-file-tz": "pip install -e '.[test]'",
    "vobject": "pip install -e '.[test]'",
    "rie": "pip install -e '.[test]'",
}

Readings = dict[tuple[str, str], dict[str, Any]]  # (file, uid) -> what the reader read


@cache
def missing(reader: str) -> str | None:
    """Why `reader` cannot run here, or None."""
    if reader == "ical.js":
        if shutil.which("node") is None:
            return "node is not installed"
        if not (HERE / "node_modules" / "ical.js" / "package.json").is_file():
            return "ical.js is not installed in tests/interop/node_modules"
        return None
    if reader == "libical":
        if not os.access(SYSTEM_PYTHON, os.X_OK):
            return f"{SYSTEM_PYTHON} is missing"
        probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
        done = subprocess.run([SYSTEM_PYTHON, "-I", "-c", probe], capture_output=True, check=False)
        return None if done.returncode == 0 else "python3-gi or gir1.2-ical-3.0 is not installed"
    module = {"vobject": "vobject", "rie": "recurring_ical_events"}.get(reader, "icalendar")
    return None if importlib.util.find_spec(module) else f"the Python package {module} is not installed"


def require(reader: str) -> None:
    """Fail under CI, skip elsewhere, when `reader` cannot run."""
    why = missing(reader)
    if why is None:
        return
    message = f"{reader}: {why} ({INSTALL[reader]})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; .ci/run must install it")
    pytest.skip(message)


def _lines(out: str) -> Readings:
    recs = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {(r["file"], r["uid"]): r for r in recs}


def read(reader: str, paths: Iterable[Path]) -> Readings:
    """What `reader` reads in each file, by (file, UID)."""
    files = [str(p) for p in paths]
    if reader in ("ical.js", "libical"):
        if reader == "ical.js":
            cmd = ["node", str(HERE / "readers" / "icaljs_read.js"), *files]
        else:
            cmd = [SYSTEM_PYTHON, "-I", str(HERE / "readers" / "libical_read.py"), *files]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, f"{reader} failed: {done.stderr}"
        return _lines(done.stdout)
    from .readers.python_read import READERS as PYTHON

    return {(r["file"], r["uid"]): r for f in files for r in PYTHON[reader](f)}


__all__ = ["READERS", "Readings", "missing", "read", "require"]
