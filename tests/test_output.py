import pytest

from budgettid.errors import FileProblem
from budgettid.output import write_atomic


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
    with pytest.raises(FileProblem, match="is the input file"):
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

    monkeypatch.setattr("budgettid.output.tempfile.mkstemp", refuse)
    with pytest.raises(FileProblem, match=r"cannot write in .*: permission denied"):
        write_atomic(tmp_path / "out.ics", b"")
