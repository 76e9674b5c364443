"""`report` and `export` take the format from OUT's extension: report r.json writes JSON without
--format; a format the extension contradicts (export graphml x.html, report r.json --format md) is
refused with one line naming both, exit 2, nothing written."""

import json

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import cli_error


def run(db, *args):
    return CliRunner().invoke(cli, ["--store", str(db), *args], catch_exceptions=False)


@pytest.mark.parametrize("name", ["r.json", "R.JSON"])
def test_report_named_json_is_json(evil_db, tmp_path, name):
    out = tmp_path / name
    r = run(evil_db, "report", str(out), "--lang", "en")
    assert r.exit_code == 0, r.output
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["summary"]["cases"] == 2 and "--format json" in rep["command"]


def test_report_named_md_is_markdown_and_htm_is_html(evil_db, tmp_path):
    assert run(evil_db, "report", str(tmp_path / "r.md")).exit_code == 0
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.startswith("#") and "<html" not in text.lower()
    assert run(evil_db, "report", str(tmp_path / "r.htm")).exit_code == 0
    assert (tmp_path / "r.htm").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert run(evil_db, "report", str(tmp_path / "report")).exit_code == 0  # no extension: html, as before
    assert (tmp_path / "report").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_an_explicit_format_agreeing_with_the_name_or_on_an_unclaimed_name_is_kept(evil_db, tmp_path):
    assert run(evil_db, "report", str(tmp_path / "r.json"), "--format", "json").exit_code == 0
    assert run(evil_db, "report", str(tmp_path / "r.txt"), "--format", "md").exit_code == 0
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("name,fmt", [("r.json", "md"), ("r.md", "html"), ("r.html", "json"), ("r.htm", "md")])
def test_report_format_contradicting_the_name_is_refused(evil_db, tmp_path, name, fmt):
    out = tmp_path / name
    r = run(evil_db, "report", str(out), "--format", fmt)
    assert r.exit_code == 2 and not out.exists()
    (line,) = cli_error(r.stderr).strip().splitlines()
    assert line.startswith(f"Error: --format {fmt} contradicts the name {out}")
    assert out.suffix in line and "Traceback" not in r.output


@pytest.mark.parametrize("fmt,name,claimed", [("graphml", "x.html", "html"), ("html", "x.json", "json"),
                                              ("json", "x.graphml", "graphml"), ("csv", "x.gexf", "gexf"),
                                              ("gexf", "x.zip", "csv"), ("html", "x.HTM.json", "json")])
def test_export_to_a_name_of_another_format_is_refused(evil_db, tmp_path, fmt, name, claimed):
    out = tmp_path / name
    r = run(evil_db, "export", fmt, str(out))
    assert r.exit_code == 2 and not out.exists()
    (line,) = cli_error(r.stderr).strip().splitlines()
    assert line.startswith(f"Error: export {fmt} {out}: the name ends in ") and f"extension of {claimed}" in line


@pytest.mark.parametrize("fmt,name", [("graphml", "x.graphml"), ("graphml", "x.xml"), ("json", "x.txt"),
                                      ("html", "x.htm"), ("csv", "x.zip"), ("gexf", "x.gexf")])
def test_export_to_a_matching_or_unclaimed_name_is_written(evil_db, tmp_path, fmt, name):
    r = run(evil_db, "export", fmt, str(tmp_path / name))
    assert r.exit_code == 0, r.output
    assert (tmp_path / name).exists()


def test_help_says_where_the_format_comes_from():
    r = CliRunner().invoke(cli, ["report", "--help"])
    assert "extension" in r.output and ".md" in r.output and "contradicts" in r.output
    r = CliRunner().invoke(cli, ["export", "--help"])
    assert "extension names another" in " ".join(r.output.split())
