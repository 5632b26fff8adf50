import pytest

from budgettid.errors import FileProblem
from budgettid.files import ensure_dir, read_bytes, write_atomic


def test_writes_and_replaces(tmp_path):
    out = tmp_path / "feed.ics"
    write_atomic(out, b"one")
    write_atomic(out, b"two")
    assert out.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.ics"]  # no temporary file left


def test_refuses_the_input_even_through_a_symlink(tmp_path):
    src = tmp_path / "cal.yaml"
    src.write_text("x")
    link = tmp_path / "link.yaml"
    link.symlink_to(src)
    with pytest.raises(FileProblem, match="is an input of this command"):
        write_atomic(link, b"y", inputs=[src])
    assert src.read_text() == "x"


def test_symlinked_output_replaces_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.ics"
    real.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_clear_errors(tmp_path):
    with pytest.raises(FileProblem, match="does not exist; create it first"):
        write_atomic(tmp_path / "missing" / "out.ics", b"")
    with pytest.raises(FileProblem, match="is a directory"):
        write_atomic(tmp_path, b"")


def test_unwritable_folder(tmp_path, monkeypatch):
    # CI runs as root, who may write anywhere: simulate the refusal the OS gives a user.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(FileProblem, match=r"cannot write in .*: permission denied"):
        write_atomic(tmp_path / "out.ics", b"")


def test_never_replaces_a_calendar_by_accident(tmp_path):
    cal = tmp_path / "budget_2025_32.yaml"
    cal.write_text("format: budgettid/1\nprocess: {}\n")
    with pytest.raises(FileProblem, match="is a budgettid calendar; it is not replaced"):
        write_atomic(cal, b"{}")
    assert cal.read_text().startswith("format: budgettid/1")
    write_atomic(cal, b"format: budgettid/1\n", replace_calendar=True)
    assert cal.read_bytes() == b"format: budgettid/1\n"


def test_mode(tmp_path):
    out = write_atomic(tmp_path / "draft.yaml", b"x", mode=0o600)
    assert out.stat().st_mode & 0o777 == 0o600


def test_read_bytes_errors(tmp_path):
    with pytest.raises(FileProblem, match="no such feed; check the path"):
        read_bytes(tmp_path / "old.ics", "feed")
    with pytest.raises(FileProblem, match="is a directory; pass the feed itself"):
        read_bytes(tmp_path, "feed")


def test_ensure_dir_makes_one_level_only(tmp_path):
    assert ensure_dir(tmp_path / "site").is_dir()
    with pytest.raises(FileProblem, match="no such folder; create it first"):
        ensure_dir(tmp_path / "missing" / "site")
    (tmp_path / "file").write_text("")
    with pytest.raises(FileProblem, match="is a file, not a folder"):
        ensure_dir(tmp_path / "file")
