"""Output paths: existing files need --force, '..' and symbolic links cannot carry a write elsewhere."""

import os

import pytest

from graphfraud.errors import OutputError
from graphfraud.output.safepath import atomic_open, safe_output_path, write_atomic


def test_new_file_is_accepted_and_absolute(tmp_path):
    p = safe_output_path(tmp_path / "out" / "graph.html")
    assert p.is_absolute() and p == tmp_path / "out" / "graph.html"
    write_atomic(p, "hello")
    assert p.read_text() == "hello"


def test_existing_file_needs_force(tmp_path):
    f = tmp_path / "r.html"
    f.write_text("old")
    with pytest.raises(OutputError, match="already exists; use --force"):
        safe_output_path(f)
    with pytest.raises(OutputError):
        write_atomic(f, "new")
    assert f.read_text() == "old"
    write_atomic(f, "new", force=True)
    assert f.read_text() == "new"


@pytest.mark.parametrize("rel", ["reports/../../etc/x.html", "reports/../x.html", "a/b/../../../x.html",
                                 "reports/sub/..", "..", "."])
def test_dotdot_climbing_out_of_the_named_folder_is_refused(tmp_path, monkeypatch, rel):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports" / "sub").mkdir(parents=True)
    with pytest.raises(OutputError):
        safe_output_path(rel)


def test_leading_dotdot_names_a_folder_above(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    p = safe_output_path("../out/g.html")
    assert p == tmp_path / "out" / "g.html"


def test_symlinked_folder_on_the_way_is_refused(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (tmp_path / "cases").mkdir()
    os.symlink(real, tmp_path / "cases" / "link")
    with pytest.raises(OutputError, match="symbolic link"):
        safe_output_path(tmp_path / "cases" / "link" / "x.html")
    with pytest.raises(OutputError, match="symbolic link"):
        safe_output_path(tmp_path / "cases" / "link" / "new" / "x.html", force=True)
    assert not any(real.iterdir())


def test_symlink_as_the_file_is_refused_even_with_force(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    os.symlink(target, tmp_path / "out.html")
    with pytest.raises(OutputError, match="symbolic link"):
        write_atomic(tmp_path / "out.html", "x", force=True)
    assert target.read_text() == "keep me"
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.html")
    with pytest.raises(OutputError, match="symbolic link"):
        write_atomic(tmp_path / "dangling.html", "x")
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="folder"):
        safe_output_path(tmp_path / "d", force=True)
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        safe_output_path(f / "x.html")
    with pytest.raises(OutputError):
        safe_output_path("")


def test_write_is_atomic_and_leaves_no_temp_file(tmp_path):
    f = tmp_path / "r.html"
    f.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(f, force=True) as fh:
        fh.write("half a report")
        raise RuntimeError("disk full")
    assert f.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]
    write_atomic(f, "new", force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_directory_outputs(tmp_path):
    d = safe_output_path(tmp_path / "csv", directory=True)
    assert d == tmp_path / "csv"
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        safe_output_path(tmp_path / "f", directory=True)
