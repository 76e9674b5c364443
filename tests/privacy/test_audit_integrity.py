"""The audit log against a cut, deleted, torn or replaced log: the store keeps the chain head
(last entry's number and hash) and ``audit verify`` compares; a torn last line does not stop
later commands; a store on read-only media still answers reads."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud import audit
from tests.conftest import write_csv
from tests.test_load import TX_HEADER, TX_ROWS


@pytest.fixture
def audited(tmp_path, monkeypatch):
    """A store with four audited commands in the log beside it: (run, db, log)."""
    monkeypatch.delenv("GRAPHFRAUD_AUDIT_LOG", raising=False)
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)

    def run(*args):
        return CliRunner().invoke(cli, ["--store", str(db), *args])

    assert run("load", str(f)).exit_code == 0
    assert run("stats").exit_code == 0
    assert run("find", "0011223344").exit_code == 0
    assert run("export", "json", str(tmp_path / "g.json")).exit_code == 0
    return run, db, tmp_path / "g.db.audit.jsonl"


def _verify(run):
    r = run("audit", "verify", "--format", "json")
    return r.exit_code, json.loads(r.stdout), r.stderr


def _head(db):
    con = sqlite3.connect(db)
    (value,) = con.execute("SELECT value FROM meta WHERE key='audit_head'").fetchone()
    con.close()
    return json.loads(value)


def test_the_store_records_the_chain_head_and_verify_checks_it(audited):
    run, db, log = audited
    last = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert _head(db) == {"seq": 4, "hash": last["hash"]}
    code, r, _ = _verify(run)
    assert code == 0 and r["ok"] and r["entries"] == 4 and r["store_head"]["seq"] == 4


def test_removed_last_entries_are_found(audited):
    run, _db, log = audited
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:2]), encoding="utf-8")  # a valid chain, two entries short
    code, r, err = _verify(run)
    assert code == 1 and not r["ok"] and r["first_bad_line"] == 3 and "removed" in r["reason"]
    assert "Traceback" not in err


def test_a_deleted_log_is_found(audited):
    run, db, log = audited
    log.unlink()
    code, r, _ = _verify(run)
    assert code == 1 and "missing" in r["reason"]
    # a command after the deletion starts a new log; the store does not follow it
    assert run("stats").exit_code == 0
    code, r, _ = _verify(run)
    assert code == 1 and _head(db)["seq"] == 4


def test_a_truncated_log_is_found(audited):
    run, _db, log = audited
    data = log.read_bytes()
    log.write_bytes(data[: len(data) // 2])
    code, r, _ = _verify(run)
    assert code == 1 and not r["ok"]


def test_a_whole_forged_chain_from_the_start_is_found(audited, tmp_path):
    run, db, log = audited
    forged = tmp_path / "forged.jsonl"
    for i in range(6):  # longer than the real one, every hash right
        audit.append(forged, "stats", {"status": "ok", "n": i})
    assert audit.verify(forged)["ok"]
    os.replace(forged, log)
    code, r, _ = _verify(run)
    assert code == 1 and r["first_bad_line"] == 4 and "replaced" in r["reason"]
    assert run("stats").exit_code == 0  # appending to the forged chain does not make it the store's
    code, r, _ = _verify(run)
    assert code == 1 and _head(db)["seq"] == 4


def test_a_torn_last_line_is_reported_and_later_commands_work(audited):
    run, _db, log = audited
    data = log.read_bytes()
    log.write_bytes(data[:-40])  # the last write cut short
    code, r, err = _verify(run)
    assert code == 1 and r["first_bad_line"] == 4 and "cut short" in r["reason"] and "Traceback" not in err
    for args in (["stats"], ["find", "0011223344"], ["audit", "show", "--format", "json"]):
        res = run(*args)
        assert res.exit_code == 0, (args, res.output)
        assert "JSONDecodeError" not in res.output and res.exception is None
    shown = json.loads(run("audit", "show", "--format", "json").stdout)
    assert [e["seq"] for e in shown][:3] == [1, 2, 3] and shown[-1]["action"] == "find"
    # the entries written after the torn line chain to the last whole one
    lines = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[4])["prev"] == json.loads(lines[2])["hash"]
    code, r, _ = _verify(run)
    assert code == 1 and r["first_bad_line"] == 4


def test_entries_after_the_recorded_head_are_a_note(audited):
    """A store that could not record its head (read-only, busy) is not called tampered with."""
    run, _db, log = audited
    audit.append(log, "stats", {"status": "ok"})  # written without moving the store's head
    code, r, _ = _verify(run)
    assert code == 0 and r["ok"] and "1 entries after" in r["note"]


def test_a_link_planted_at_the_audit_log_is_not_followed(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHFRAUD_AUDIT_LOG", raising=False)
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "g.db.audit.jsonl").symlink_to(victim)
    r = CliRunner().invoke(cli, ["--store", str(db), "load", str(f)])
    assert r.exit_code == 0, r.output
    assert "no audit entry could be written" in r.stderr and "symbolic link" in r.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"


@pytest.fixture
def read_only_media(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only tmpfs needs root (CI and the development machines run as root)")
    mnt = tmp_path / "media"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], check=True)
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_a_store_on_read_only_media_answers_reads(read_only_media, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GRAPHFRAUD_AUDIT_LOG"}
    db = read_only_media / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)

    def gf(*args):
        return subprocess.run([sys.executable, "-m", "graphfraud", "--store", str(db), *args],
                              capture_output=True, text=True, env=env, check=False)

    assert gf("load", str(f)).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_media)], check=True)
    for args in (["stats"], ["find", "0011223344"], ["mules"], ["export", "json", str(tmp_path / "g.json")]):
        r = gf(*args)
        assert r.returncode == 0, (args, r.stderr)
        warned = [ln for ln in r.stderr.splitlines() if "no audit entry could be written" in ln]
        assert len(warned) == 1 and "Traceback" not in r.stderr, r.stderr
    assert json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["nodes"]
    r = gf("load", str(write_csv(tmp_path / "more.csv", TX_HEADER, TX_ROWS[:1])))
    assert r.returncode != 0 and "Traceback" not in r.stderr  # a write is refused, clearly
