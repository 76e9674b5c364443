"""Loading several files: a bad one (not case data, unknown kind, missing, corrupt XLSX) never stops the
good ones. Every good file is loaded, the summary lists the bad one as refused with its reason, the
rejects report is written, and the command exits 1. A single bad file alone is one error line."""

import csv
import json

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.errors import InputError
from graphfraud.load import load_files
from tests.conftest import cli_error, write_csv, write_json
from tests.test_load import TX_HEADER, TX_ROWS


def run(*args, store):
    return CliRunner().invoke(cli, ["--store", str(store), *args], catch_exceptions=False)


def _bad_files(tmp_path):
    """Each kind of bad file, with a word its reason must contain."""
    truth = write_json(tmp_path / "ground_truth.json", {"seed": 7, "victims": [], "campaigns": {"a": 1}})
    unknown = write_csv(tmp_path / "notes.csv", ["Colour", "Taste"], [["red", "sweet"]])
    corrupt = tmp_path / "broken.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    return {"ground_truth.json": (truth, "list of records"), "notes.csv": (unknown, "Colour"),
            "missing.csv": (tmp_path / "missing.csv", "no such file"), "broken.xlsx": (corrupt, "XLSX")}


@pytest.mark.parametrize("bad", ["ground_truth.json", "notes.csv", "missing.csv", "broken.xlsx"])
def test_a_bad_file_among_good_ones_is_refused_and_the_good_ones_load(tmp_path, bad):
    db = tmp_path / "g.db"
    good = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    path, word = _bad_files(tmp_path)[bad]
    kyc = write_csv(tmp_path / "kyc.csv", ["Số tài khoản", "Ngân hàng", "Chủ tài khoản"],
                    [["0011223344", "VCB", "Nguyễn Văn A"]])
    r = run("load", str(good), str(path), str(kyc), store=db)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    table = r.stdout
    assert "refused" in table and path.name in table and "tx.csv" in table and "kyc.csv" in table
    err = cli_error(r.stderr).strip().splitlines()[-1]
    assert err.startswith("Error: 1 of 3 files refused (the others were loaded): ") and word in err
    assert (tmp_path / "g.db.rejects.csv").exists()  # the good file's rejects are reported
    with open(tmp_path / "g.db.rejects.csv", encoding="utf-8-sig") as fh:
        assert {row["file"] for row in csv.DictReader(fh)} == {str(good)}
    s = json.loads(run("stats", "--format", "json", store=db).stdout)
    assert s["files"] == 2 and s["edges"]["transfer"] == 3


def test_json_output_lists_the_refused_file_and_exits_1(tmp_path):
    db = tmp_path / "g.db"
    good = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    truth = _bad_files(tmp_path)["ground_truth.json"][0]
    r = run("load", str(good), str(truth), "--format", "json", store=db)
    assert r.exit_code == 1
    rep = json.loads(r.stdout)
    assert rep["rows"] == 3 and rep["rejects"] == 2 and rep["rejects_report"].endswith("g.db.rejects.csv")
    assert [s["status"] for f in rep["files"] for s in f["sheets"]] == ["loaded", "refused"]
    assert rep["refused"] == [{"file": str(truth), "reason": rep["files"][1]["sheets"][0]["note"]}]
    assert "ground_truth.json: expected a list of records" in rep["refused"][0]["reason"]


def test_a_single_bad_file_is_still_one_error_line(tmp_path):
    truth = _bad_files(tmp_path)["ground_truth.json"][0]
    r = run("load", str(truth), store=tmp_path / "g.db")
    assert r.exit_code == 1 and r.stdout == ""
    assert cli_error(r.stderr).strip().splitlines() == [
        "Error: ground_truth.json: expected a list of records (or one list inside an object)"]


def test_library_reports_refused_files_and_leaves_nothing_of_them(store, tmp_path):
    good = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    bad = _bad_files(tmp_path)
    paths = [bad["missing.csv"][0], good, bad["notes.csv"][0]]
    rep = load_files(store, paths)
    assert [f.sheets[0].status for f in rep.files] == ["refused", "loaded", "refused"]
    assert [r["file"] for r in rep.refused] == [str(paths[0]), str(paths[2])]
    assert rep.files[2].sha256 and rep.files[0].sha256 == ""  # a missing file has no hash
    assert store.stats()["files"] == 1
    with pytest.raises(InputError, match="no such file"):
        load_files(store, [bad["missing.csv"][0]])


def test_a_load_with_a_refused_file_is_in_the_audit_log(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHFRAUD_AUDIT_LOG", raising=False)
    db = tmp_path / "g.db"
    good = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    truth = _bad_files(tmp_path)["ground_truth.json"][0]
    assert run("load", str(good), str(truth), store=db).exit_code == 1
    (entry,) = [json.loads(line) for line in (tmp_path / "g.db.audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert entry["action"] == "load" and entry["details"]["status"] == "partly refused"
    assert [i["path"] for i in entry["inputs"]] == [str(good), str(truth)]
    assert entry["details"]["refused"][0]["file"] == str(truth)


def test_a_file_refused_half_way_through_leaves_nothing_and_the_next_file_loads(store, tmp_path):
    """A bad byte after the first megabyte (the encoding sample) is found while the file is being
    written: its transaction is rolled back, and the files after it still load."""
    rows = "".join(f"00112{i:05d},0099887766,100\n" for i in range(50_000)).encode()
    late = tmp_path / "late.csv"
    # a byte that is neither UTF-8 nor cp1258 (a cp1258 line among UTF-8 ones is read as cp1258)
    late.write_bytes("Tài khoản ghi nợ,Tài khoản ghi có,Số tiền\n".encode() + rows + b"0011\x81,0099887766,1\n")
    assert late.stat().st_size > 1 << 20
    good = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    rep = load_files(store, [late, good])
    assert [f.sheets[0].status for f in rep.files] == ["refused", "loaded"]
    assert "late.csv" in rep.refused[0]["reason"] and "UTF-8" in rep.refused[0]["reason"]
    assert store.stats()["files"] == 1 and not store.nodes([("account", "0011200001")])
