"""Temporary and report files graphfraud writes beside a store never follow a link planted there."""

from click.testing import CliRunner

from cli import cli
from tests.conftest import write_csv
from tests.test_load import TX_HEADER, TX_ROWS


def _load(tmp_path, db):
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS + [["T9", "bad time", "x", "VCB", "y", "MB", "z"]])
    r = CliRunner().invoke(cli, ["--store", str(db), "load", str(f)])
    assert r.exit_code == 0, r.output
    return r


def test_a_link_at_the_rejects_temporary_name_is_not_followed(tmp_path):
    db = tmp_path / "g.db"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "g.db.rejects.csv.tmp"
    link.symlink_to(victim)
    _load(tmp_path, db)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    report = tmp_path / "g.db.rejects.csv"
    assert report.is_file() and not report.is_symlink()
    assert report.read_text(encoding="utf-8-sig").startswith("file,sheet,row,column,value,reason")
    assert link.is_symlink()  # left alone, not written through nor used


def test_a_link_at_the_rejects_report_is_replaced_not_written_through(tmp_path):
    db = tmp_path / "g.db"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "g.db.rejects.csv").symlink_to(victim)
    _load(tmp_path, db)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "g.db.rejects.csv").is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]
