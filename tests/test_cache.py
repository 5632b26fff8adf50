"""The cache of validated calendars: same text, same calendar, without parsing again; never a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.errors import CalendarInvalid
from budgettid.format import cache
from budgettid.format.load import bundled_path, load

from .conftest import MINIMAL


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_second_load_of_the_same_text_is_read_back(
    cache_dir: Path, validations: list[str], tmp_path: Path
):
    first = load(_write(tmp_path / "a.yaml", MINIMAL))
    again = load(tmp_path / "a.yaml")
    moved = load(_write(tmp_path / "b.yaml", MINIMAL))  # the same text elsewhere
    assert validations == [str(tmp_path / "a.yaml")]
    assert again == first and moved == first
    assert moved.file == str(tmp_path / "b.yaml") and again.file == str(tmp_path / "a.yaml")
    # Positions still come from the file: `check` reports the same lines on a hit.
    assert again.source.at(("events", 1, "date")) == first.source.at(("events", 1, "date")) == (24, 11)
    assert len(list(cache_dir.glob("*.json"))) == 1


def test_an_edited_file_is_validated_again(cache_dir: Path, validations: list[str], tmp_path: Path):
    path = _write(tmp_path / "a.yaml", MINIMAL)
    assert load(path).events[1].first.isoformat() == "2023-09-19"
    _write(path, MINIMAL.replace("2023-09-19", "2023-09-20"))
    assert load(path).events[1].first.isoformat() == "2023-09-20"
    assert validations == [str(path), str(path)]


def test_an_invalid_file_is_never_kept(cache_dir: Path, validations: list[str], tmp_path: Path):
    path = _write(tmp_path / "a.yaml", MINIMAL.replace("kind: meeting", "kind: meting", 1))
    for _ in range(2):
        with pytest.raises(CalendarInvalid) as exc:
            load(path)
        assert exc.value.diagnostics[0].line == 17
    assert validations == [str(path), str(path)]
    assert not list(cache_dir.glob("*.json"))


@pytest.mark.parametrize(
    "entry",
    [
        b"not json",
        b"",
        json.dumps([cache.FORMAT, "other code", MINIMAL, []]).encode(),
        json.dumps({"a": 1}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps([cache.FORMAT, "CODE", MINIMAL, ["budgettid/1", [], {}, [], [], {}]]).encode(),
    ],
    ids=["garbage", "empty", "stale-code", "foreign", "deep", "wrong-shape"],
)
def test_a_broken_or_stale_entry_is_a_miss(
    cache_dir: Path, validations: list[str], tmp_path: Path, entry: bytes
):
    path = _write(tmp_path / "a.yaml", MINIMAL)
    load(path)
    (stored,) = cache_dir.glob("*.json")
    stored.write_bytes(entry.replace(b"CODE", json.dumps(cache._code())[1:-1].encode()))
    assert load(path).process.id == "test-budget-2024"
    assert load(path).process.id == "test-budget-2024"
    assert validations == [str(path), str(path)]  # validated again once, then read back


def test_an_entry_for_another_text_under_the_same_name_is_not_used(
    cache_dir: Path, validations: list[str], tmp_path: Path
):
    # Names are CRCs; the entry's own text decides.
    path = _write(tmp_path / "a.yaml", MINIMAL)
    cal = load(path)
    (stored,) = cache_dir.glob("*.json")
    layout, code, text, kept = json.loads(stored.read_bytes())
    assert (layout, code, text) == (cache.FORMAT, cache._code(), MINIMAL)
    assert cache._Reader().calendar(json.loads(json.dumps(kept))) == cal  # rows are consumed
    stored.write_bytes(json.dumps([layout, code, MINIMAL + "# another file\n", kept]).encode())
    load(path)
    assert validations == [str(path), str(path)]


def test_an_entry_over_the_total_bound_is_not_kept(
    cache_dir: Path, validations: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(cache, "MAX_TOTAL", len(MINIMAL))
    path = _write(tmp_path / "a.yaml", MINIMAL)
    load(path), load(path)
    assert validations == [str(path)] * 2 and not list(cache_dir.iterdir())


def test_switched_off_or_unwritable_the_cache_costs_nothing_but_time(
    tmp_path: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
):
    path = _write(tmp_path / "a.yaml", MINIMAL)
    monkeypatch.setenv("BUDGETTID_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BUDGETTID_NO_CACHE", "1")
    load(path), load(path)
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("BUDGETTID_NO_CACHE")
    blocker = _write(tmp_path / "file-not-dir", "")
    monkeypatch.setenv("BUDGETTID_CACHE_DIR", str(blocker / "cache"))
    assert load(path).process.id == "test-budget-2024"
    assert validations == [str(path)] * 3


def test_a_write_leaves_one_entry_and_no_temporary_file(cache_dir: Path, tmp_path: Path):
    load(_write(tmp_path / "a.yaml", MINIMAL))
    assert [p.suffix for p in cache_dir.iterdir()] == [".json"]


def test_a_read_only_entry_is_still_a_hit(
    cache_dir: Path, validations: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = _write(tmp_path / "a.yaml", MINIMAL)
    load(path)

    def refuse(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "utime", refuse)
    load(path)
    assert validations == [str(path)]


def test_pruning_touches_only_its_own_files(cache_dir: Path, tmp_path: Path):
    cache_dir.mkdir()
    theirs = [_write(cache_dir / f"model-{i}.pickle", "x") for i in range(cache.KEEP + 5)]
    notes = _write(cache_dir / "notes.txt", "x")
    fresh, stale = _write(cache_dir / ".abc.tmp", "x"), _write(cache_dir / ".old.tmp", "x")
    os.utime(stale, (1, 1))
    for i in range(cache.KEEP + 3):
        load(_write(tmp_path / f"c{i}.yaml", MINIMAL + f"# {i}\n"))
    assert all(p.exists() for p in [*theirs, notes, fresh]) and not stale.exists()
    assert len([p for p in cache_dir.iterdir() if cache._ENTRY.fullmatch(p.name)]) == cache.KEEP


def test_an_edit_of_the_loader_changes_the_fingerprint_even_at_the_same_size_and_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
):
    # Some packagers give every file one mtime; an edit may keep the size ("10-15" → "11-01").
    here = Path(cache.__file__).parent
    for name in cache._LOADERS:
        (tmp_path / name).write_bytes((here / name).read_bytes())
    monkeypatch.setattr(cache, "__file__", str(tmp_path / "cache.py"))
    request.addfinalizer(cache._code.cache_clear)  # the real files' fingerprint for later tests
    cache._code.cache_clear()  # computed once per process; this process edits the files
    before = cache._code()
    model = tmp_path / "model.py"
    stat = model.stat()
    model.write_bytes(model.read_bytes().replace(b'"10-15"', b'"11-01"', 1))
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cache._code.cache_clear()
    assert model.stat().st_size == stat.st_size and cache._code() != before


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for name in ("BUDGETTID_CACHE_DIR", "BUDGETTID_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "budgettid"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "budgettid"
    monkeypatch.setenv("BUDGETTID_CACHE_DIR", str(tmp_path / "own"))
    assert cache.directory() == tmp_path / "own"
    for on in ("0", "false", "No", "off", " "):
        monkeypatch.setenv("BUDGETTID_NO_CACHE", on)
        assert cache.directory() == tmp_path / "own", on
    for off in ("1", "yes", "true"):
        monkeypatch.setenv("BUDGETTID_NO_CACHE", off)
        assert cache.directory() is None, off
    monkeypatch.delenv("BUDGETTID_NO_CACHE")
    monkeypatch.delenv("BUDGETTID_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "gone"))  # a home that does not exist
    assert cache.directory() is None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "~").mkdir()  # not even a directory named '~' here is used
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)  # no home directory at all
    assert cache.directory() is None


def test_the_least_recently_used_entries_go_first(cache_dir: Path, tmp_path: Path):
    paths = [_write(tmp_path / f"c{i}.yaml", MINIMAL + f"# {i}\n") for i in range(cache.KEEP + 3)]
    for i, p in enumerate(paths):
        load(p)
        if i >= 1:
            load(paths[0])  # kept in use throughout
    assert len(list(cache_dir.glob("*.json"))) == cache.KEEP
    assert cache.get(paths[0].read_text(encoding="utf-8")) is not None
    assert cache.get(paths[1].read_text(encoding="utf-8")) is None


def test_commands_say_the_same_from_the_cache(cache_dir: Path):
    runner = CliRunner()
    runs = [runner.invoke(app, ["next", "--as-of", "2023-09-07", "--format", "json"]) for _ in range(2)]
    assert runs[0].exit_code == runs[1].exit_code == 0
    assert runs[0].stdout == runs[1].stdout and '"id": "oeu-1-behandling"' in runs[0].stdout
    checks = [runner.invoke(app, ["check", str(bundled_path()), "--verbose"]) for _ in range(2)]
    assert checks[0].stdout == checks[1].stdout
    assert "budget_2024_31.yaml:139:11: warning BT301" in checks[1].stdout
    assert len(list(cache_dir.glob("*.json"))) == 1


def test_next_from_the_cache_imports_no_yaml_parser_and_no_pydantic(cache_dir: Path):
    code = (
        "import sys\n"
        "from budgettid.cli import main\n"
        "sys.argv = ['budgettid', 'next', '--as-of', '2023-09-07']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('yaml', 'pydantic') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "COLUMNS": "120"}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env) for _ in "12"
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stderr.strip() == "['pydantic', 'yaml']"  # the first run validates
    assert runs[1].stderr.strip() == "[]"
    assert runs[0].stdout == runs[1].stdout
    assert runs[1].stdout.startswith("Det næste i Budgetprocessen 2024-31 (pr. tors. 7. sep. 2023)")
