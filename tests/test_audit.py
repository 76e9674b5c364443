"""The audit log: every load, query and export is recorded, hash-chained; tampering is found."""

import json

from click.testing import CliRunner

from cli import cli
from tests.conftest import write_csv
from tests.test_load import TX_HEADER, TX_ROWS


def test_loads_queries_and_exports_are_chained_and_verifiable(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHFRAUD_AUDIT_LOG", raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-never-logged")
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    run = CliRunner().invoke
    assert run(cli, ["--store", str(db), "load", str(f)]).exit_code == 0
    assert run(cli, ["--store", str(db), "find", "0011223344"]).exit_code == 0
    assert run(cli, ["--store", str(db), "find", "0999999999"]).exit_code == 1  # a failed query is recorded too
    assert run(cli, ["--store", str(db), "export", "json", str(tmp_path / "g.json")]).exit_code == 0
    log = tmp_path / "g.db.audit.jsonl"
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["action"] for e in entries] == ["load", "find", "find", "export"]
    assert entries[0]["inputs"][0]["sha256"] and entries[0]["inputs"][0]["path"].endswith("tx.csv")
    assert entries[2]["details"]["status"] == "error"
    assert all(e["user"] and e["time"] for e in entries)
    assert "s3cret-never-logged" not in log.read_text(encoding="utf-8")
    r = run(cli, ["--store", str(db), "audit", "verify", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["entries"] == 4

    lines = log.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"find"', '"stats"')  # an edited entry
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run(cli, ["--store", str(db), "audit", "verify"])
    assert r.exit_code == 1 and "line 2" in r.stderr

    lines = [ln for i, ln in enumerate(log.read_text(encoding="utf-8").splitlines()) if i != 1]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")  # a removed entry
    r = run(cli, ["--store", str(db), "audit", "verify"])
    assert r.exit_code == 1 and "line 2" in r.stderr


def test_audit_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHFRAUD_AUDIT", "0")
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    assert CliRunner().invoke(cli, ["--store", str(db), "load", str(f)]).exit_code == 0
    assert not (tmp_path / "g.db.audit.jsonl").exists()


def test_the_demo_load_is_in_the_audit_log_beside_the_demo_store(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHFRAUD_AUDIT_LOG", raising=False)
    out = tmp_path / "demo"
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "other.db"), "demo", "--out", str(out),
                                 "--format", "json"])
    assert r.exit_code == 0, r.output
    files = [p for ps in json.loads(r.stdout)["files"].values() for p in ps]
    log = out / "graphfraud.db.audit.jsonl"
    (entry,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert entry["action"] == "load" and entry["details"]["status"] == "ok"
    assert entry["details"]["paths"] == files
    assert [i["path"] for i in entry["inputs"]] == files and all(len(i["sha256"]) == 64 for i in entry["inputs"])
    assert not (tmp_path / "other.db.audit.jsonl").exists()
    r = CliRunner().invoke(cli, ["--store", str(out / "graphfraud.db"), "audit", "verify", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["entries"] == 1
