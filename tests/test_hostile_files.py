"""Issue 11, findings 4 and 5 and the reading of inputs: output paths, the cache, special files.

Each test reproduces an attack that worked before: a device or FIFO replaced by -o, a
symlink planted in an output folder, a calendar overwritten past the 4 KiB guard, a
pickle planted in the cache, a symlink to /dev/zero or to a FIFO committed as a calendar.
Devices are made with mknod in a temporary folder, never the real /dev/null.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.errors import FileProblem
from budgettid.files import read_bytes, write_atomic
from budgettid.format import cache
from budgettid.format.load import bundled_path, load

from .conftest import MINIMAL

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="mknod and chown need root")
OTHER_UID = 54321  # an owner that is not this user


@pytest.fixture
def null(tmp_path: Path) -> Iterator[Path]:
    """A character device like /dev/null (1, 3), in a temporary folder."""
    if not ROOT:
        pytest.skip("mknod needs root")
    dev = tmp_path / "null"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    yield dev
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def _calendar(tmp_path: Path, name: str = "cal.yaml") -> Path:
    path = tmp_path / name
    shutil.copyfile(bundled_path(), path)
    return path


# --- -o - and special files as outputs --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["schema"], b"{"),
        (["roll", "{cal}", "--year", "2025"], b"# yaml-language-server"),
        (["init", "-m", "Testrup", "-y", "2026"], b"# yaml-language-server"),
        (["example"], b"# yaml-language-server"),
        (["export", "{cal}"], b"PK"),
    ],
    ids=["schema", "roll", "init", "example", "export"],
)
def test_dash_writes_to_standard_output_and_makes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], start: bytes
):
    cal = _calendar(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [a.replace("{cal}", str(cal)) for a in args] + ["-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(start)
    assert not (tmp_path / "-").exists()


def test_roll_to_standard_output_is_a_calendar_and_its_report_goes_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cal = _calendar(tmp_path)
    monkeypatch.chdir(tmp_path)  # where a file named "-" was written before
    result = CliRunner().invoke(app, ["roll", str(cal), "--year", "2025", "-o", "-", "--lang", "en"])
    assert result.exit_code == 0
    draft = tmp_path / "draft.yaml"
    draft.write_bytes(result.stdout_bytes)
    assert load(draft).process.budget_years == "2025-2032"
    assert "Rolled" in result.stderr
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", ["ics", "wheel", "schema", "roll", "export", "example"])
def test_a_character_device_is_written_in_place_not_replaced(null: Path, tmp_path: Path, command: str):
    cal = _calendar(tmp_path)
    args = {
        "ics": ["ics", str(cal)],
        "wheel": ["wheel", str(cal)],
        "schema": ["schema"],
        "roll": ["roll", str(cal), "--year", "2025"],
        "export": ["export", str(cal)],
        "example": ["example"],
    }[command]
    result = CliRunner().invoke(app, [*args, "-o", str(null)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.yaml", "null"]  # no temporary file left


def test_a_symlink_to_a_character_device_is_written_through(null: Path, tmp_path: Path):
    link = tmp_path / "out.ics"
    link.symlink_to(null)
    write_atomic(link, b"BEGIN:VCALENDAR\r\n")
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(null).st_mode)


def _socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        yield path


@pytest.mark.parametrize("kind", ["fifo", "socket", "block"])
def test_fifos_sockets_and_block_devices_are_refused(tmp_path: Path, kind: str):
    if kind == "fifo":
        target = tmp_path / "fifo"
        os.mkfifo(target)
        words = ("named pipe (FIFO)", "navngiven pipe (FIFO)")
    elif kind == "socket":
        target = tmp_path / "sock"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        words = ("a socket", "en socket")
    else:
        if not ROOT:
            pytest.skip("mknod needs root")
        target = tmp_path / "loop"
        os.mknod(target, 0o600 | stat.S_IFBLK, os.makedev(7, 200))  # a loop device number, never opened
        words = ("a block device", "en blokenhed")
    before = os.lstat(target).st_mode
    with pytest.raises(FileProblem) as exc:
        write_atomic(target, b"x")
    assert os.lstat(target).st_mode == before  # still what it was, not a regular file
    assert words[0] in str(exc.value) and "-o -" in str(exc.value)
    assert words[1] in exc.value.text("da")
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_the_cli_refuses_a_fifo_as_output_with_a_message(fifo: Path, tmp_path: Path):
    cal = _calendar(tmp_path)
    for args in (["ics", str(cal)], ["roll", str(cal), "--year", "2025"], ["example"]):
        result = CliRunner().invoke(app, [*args, "-o", str(fifo), "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert "is a named pipe (FIFO)" in result.stderr, args
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- symlinks planted in an output folder ------------------------------------------------


def test_site_never_follows_a_symlink_planted_in_its_folder(tmp_path: Path):
    cal = _calendar(tmp_path)
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "aarshjul.svg"):
        (site / name).symlink_to(victim)
    result = CliRunner().invoke(app, ["site", str(cal), "-o", str(site), "--as-of", "2023-09-07"])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "export PATH=/usr/bin\n"
    index = site / "index.html"
    assert not index.is_symlink() and index.read_bytes().startswith(b"<!DOCTYPE html>")
    assert not (site / "aarshjul.svg").is_symlink()


def test_ics_split_never_follows_a_symlink_planted_in_its_folder(tmp_path: Path):
    cal = _calendar(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "feeds"
    out.mkdir()
    feed = out / "alleroed-budget-2024-31.ics"
    feed.symlink_to(victim)
    (out / "byraadet.ics").symlink_to(cal)  # a link to the input itself: replaced too
    result = CliRunner().invoke(app, ["ics", str(cal), "--split", str(out)])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me\n"
    assert cal.read_bytes() == bundled_path().read_bytes()
    for path in (feed, out / "byraadet.ics"):
        assert not path.is_symlink() and path.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_the_output_folder_itself_may_be_a_link_the_user_gave(tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    write_atomic(tmp_path / "link" / "index.html", b"x", in_folder=True)
    assert (real / "index.html").read_bytes() == b"x"


# --- the "never overwrite a calendar" guard -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        (FIXTURES / "files-long-header.yaml").read_text(encoding="utf-8"),
        "format : budgettid/1\nprocess: {}\n",
        "format:   'budgettid/1'  # the only version\n",
        "\ufeffformat: budgettid/1\n",
        (FIXTURES / "files-json-form.json").read_text(encoding="utf-8"),
        '{\n  "format" : "budgettid/1"\n}\n',
    ],
    ids=["long-header", "spaced", "quoted", "bom", "json", "json-spaced"],
)
def test_a_calendar_is_never_replaced_by_accident(tmp_path: Path, text: str):
    cal = tmp_path / "budget.yaml"
    cal.write_text(text, encoding="utf-8")
    assert len((FIXTURES / "files-long-header.yaml").read_bytes()) > 4096
    with pytest.raises(FileProblem, match="is a budgettid calendar; it is not replaced"):
        write_atomic(cal, b"BEGIN:VCALENDAR\r\n")
    assert cal.read_text(encoding="utf-8") == text


def test_the_schema_and_a_feed_are_not_mistaken_for_calendars(tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "schema.json"
    for _ in range(2):  # written again over itself
        assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    cal = _calendar(tmp_path)
    for _ in range(2):
        assert runner.invoke(app, ["ics", str(cal), "-o", str(tmp_path / "feed.ics")]).exit_code == 0


# --- the umask ------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "expected"), [(0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_new_outputs_honour_the_umask(tmp_path: Path, umask: int, expected: int):
    old = os.umask(umask)
    try:
        out = write_atomic(tmp_path / "feed.ics", b"x")
        site = tmp_path / "site"
        site.mkdir()
        inside = write_atomic(site / "index.html", b"x", in_folder=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == expected
    assert stat.S_IMODE(inside.stat().st_mode) == expected


def test_a_replaced_file_keeps_its_mode(tmp_path: Path):
    out = tmp_path / "feed.ics"
    out.write_bytes(b"old")
    out.chmod(0o604)
    write_atomic(out, b"new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o604


# --- reading inputs -------------------------------------------------------------------------


def _limited() -> None:  # a child that reads /dev/zero without a bound dies of this, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BUDGETTID_NO_CACHE": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "budgettid", *args, "--lang", "en"],
        capture_output=True, text=True, timeout=60, cwd=cwd, env=env, preexec_fn=_limited,
    )  # fmt: skip


def test_a_committed_symlink_to_dev_zero_is_refused_at_once(tmp_path: Path):
    (tmp_path / "budget.yaml").symlink_to("/dev/zero")
    run = _run("check", "budget.yaml", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert "budget.yaml is a character device, not a regular file" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_committed_symlink_to_a_fifo_does_not_hang(tmp_path: Path, fifo: Path):
    (tmp_path / "budget.yaml").symlink_to(fifo)
    for args in (["check", "budget.yaml"], ["next", "budget.yaml"]):
        run = _run(*args, cwd=tmp_path)  # the timeout fails the test where it hangs
        assert run.returncode == 2, run.stderr
        assert "budget.yaml is a named pipe (FIFO), not a regular file" in run.stderr


def test_a_feed_read_as_previous_is_bounded_too(tmp_path: Path, fifo: Path):
    cal = _calendar(tmp_path)
    (tmp_path / "old.ics").symlink_to("/dev/zero")
    run = _run("ics", str(cal), "--previous", "old.ics", "-o", "new.ics", cwd=tmp_path)
    assert run.returncode == 2 and "not a regular file" in run.stderr, run.stderr
    with pytest.raises(FileProblem) as exc:
        read_bytes(fifo, "feed")
    assert "named pipe (FIFO), not a regular file; pass the feed itself" in str(exc.value)
    assert "angiv selve feedet" in exc.value.text("da")


def test_reading_is_bounded_whatever_the_size_says(tmp_path: Path):
    big = tmp_path / "big.ics"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(FileProblem, match="larger than 0 MiB; a feed is limited to 0 MiB"):
        read_bytes(big, "feed", limit=1024)
    assert read_bytes(big, "feed", limit=4096) == b"x" * 2048


# --- the cache --------------------------------------------------------------------------------


class _Planted:
    """A pickle that, when loaded, makes the directory `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.marker),))


def _entry_name(text: str) -> str:
    return cache._name(cache._code(), text)


def test_a_planted_pickle_never_runs(cache_dir: Path, tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    cache_dir.mkdir(mode=0o700)
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Planted(marker))
    name = _entry_name(MINIMAL)
    stem = name.rsplit(".", 1)[0]
    for planted in {name, f"{stem}.pickle", f"{stem}.json"}:
        (cache_dir / planted).write_bytes(payload)
    for _ in range(2):
        assert load(path).process.id == "test-budget-2024"
    assert not marker.exists()


def _cached(tmp_path: Path, cache_dir: Path) -> tuple[Path, Path]:
    """A calendar loaded once, and the one cache entry that load wrote."""
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    load(path)
    (entry,) = [p for p in cache_dir.iterdir() if cache._ENTRY.fullmatch(p.name)]
    return path, entry


def test_an_entry_reached_through_a_symlink_is_not_read(
    cache_dir: Path, tmp_path: Path, validations: list[str]
):
    path, entry = _cached(tmp_path, cache_dir)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)  # a file of the user's own, as an attacker's link would name
    entry.symlink_to(elsewhere)
    if ROOT:
        os.lchown(entry, OTHER_UID, OTHER_UID)
    load(path)
    assert validations == [str(path), str(path)]


def test_a_fifo_under_an_entry_name_does_not_hang(cache_dir: Path, tmp_path: Path, validations: list[str]):
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    cache_dir.mkdir(mode=0o700)
    os.mkfifo(cache_dir / _entry_name(MINIMAL))

    class Hung(BaseException):  # not an Exception: the cache's "a miss, never a failure" lets it through
        pass

    def hung(*args: object) -> None:
        raise Hung("reading the cache hangs on a FIFO")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        assert load(path).process.id == "test-budget-2024"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert validations == [str(path)]


@pytest.mark.parametrize("how", ["group-writable", "world-writable", "someone-elses"])
def test_a_cache_directory_others_can_write_is_not_used(
    cache_dir: Path, tmp_path: Path, validations: list[str], how: str
):
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    load(path)  # an entry of the user's own
    if how == "someone-elses":
        if not ROOT:
            pytest.skip("chown needs root")
        os.chown(cache_dir, OTHER_UID, OTHER_UID)
    else:
        cache_dir.chmod(0o770 if how == "group-writable" else 0o777)
    before = sorted(p.name for p in cache_dir.iterdir())
    load(path), load(path)
    assert validations == [str(path)] * 3  # a miss each time, never a failure
    assert sorted(p.name for p in cache_dir.iterdir()) == before  # and nothing written there


@pytest.mark.parametrize("variable", ["BUDGETTID_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_relative_cache_directory_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validations: list[str], variable: str
):
    for name in ("BUDGETTID_CACHE_DIR", "BUDGETTID_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "no-home"))
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    monkeypatch.setenv(variable, ".")
    path = repo / "budget.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert cache.directory() is None
    load(path), load(path)
    assert sorted(p.name for p in repo.iterdir()) == ["budget.yaml"]
    assert validations == [str(path)] * 2


def test_an_entry_of_someone_else_or_writable_by_others_is_a_miss(
    cache_dir: Path, tmp_path: Path, validations: list[str]
):
    path, entry = _cached(tmp_path, cache_dir)
    entry.chmod(0o666)
    load(path)
    assert len(validations) == 2


def test_entries_are_plain_json(cache_dir: Path, tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    cal = load(path)
    (entry,) = cache_dir.iterdir()
    assert entry.suffix == ".json" and stat.S_IMODE(entry.stat().st_mode) == 0o600
    layout, _, text, row = json.loads(entry.read_bytes())
    assert (layout, text) == (cache.FORMAT, MINIMAL)
    assert cache._Reader().calendar(row) == cal


def test_a_calendar_over_four_mebibytes_is_cached_too(
    cache_dir: Path, tmp_path: Path, validations: list[str]
):
    text = MINIMAL + "# " + "lang kommentar " * 300_000 + "\n"
    assert len(text) > 4 * 2**20
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    first = load(path)
    assert load(path) == first
    assert validations == [str(path)]


def test_old_pickle_entries_are_removed_when_pruning(cache_dir: Path, tmp_path: Path):
    cache_dir.mkdir(mode=0o700)
    old = cache_dir / "0123abcd-1f.pickle"
    old.write_bytes(b"old entry")
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    load(path)
    assert not old.exists()
