"""Faults on the embedded store: kill -9 mid-load, readers during a load, a read-only store."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import cli_error

HEADER = "Debit Account,Credit Account,Amount,Transaction Time,IP Address,Device ID\n"


def _big_csv(path, rows=300_000):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(rows):
            fh.write(f"{10_000_000 + i % 40_000},{20_000_000 + (i * 7) % 30_000},{(i % 500 + 1) * 1000},"
                     f"{1 + i % 28:02d}/02/2024 {i % 24:02d}:{i % 60:02d}:{i % 59:02d},"
                     f"113.160.{i % 200}.{i % 250},dev-{i % 9000}\n")
    return path


def _gf(*args, store):
    return [sys.executable, "-m", "graphfraud", "--store", str(store), *args]


# small chunks: the load writes many times, so the kill lands mid-load
ENV = {**os.environ, "GRAPHFRAUD_CHUNK_ROWS": "5000"}


def _counts(db):
    s = SQLiteStore(db)
    try:
        st = s.stats()
        return st["nodes"], st["edges"], len(s.loads())
    finally:
        s.close()


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
            out += [int(x) for x in fh.read().split()]
    return out


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit status may never be collected in a container)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
def test_kill_9_during_a_load_leaves_a_consistent_store_and_a_rerun_completes(tmp_path):
    big = _big_csv(tmp_path / "big.csv")
    small = tmp_path / "small.csv"
    small.write_text(HEADER + "0011223344,0011223355,100000,01/02/2024 10:00,1.2.3.4,dev-x\n", encoding="utf-8")
    db = tmp_path / "g.db"
    subprocess.run(_gf("load", str(small), store=db), check=True, capture_output=True)
    before = _counts(db)
    proc = subprocess.Popen(_gf("load", str(big), store=db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=ENV)
    wal = tmp_path / "g.db-wal"
    deadline = time.time() + 300
    # wait until the load is writing (its transaction has pages in the WAL), then kill it hard
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 1_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the load finished before it could be interrupted"
    # frozen mid-transaction (its write lock held), so the reader runs while the load is unfinished
    # however fast the rest of the load would have been
    os.kill(proc.pid, signal.SIGSTOP)
    # readers keep working while the load writes
    r = subprocess.run(_gf("stats", "--format", "json", store=db), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and '"transfer": 1' in r.stdout
    assert proc.poll() is None, "the load finished while the reader ran"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert _counts(db) == before  # nothing of the interrupted file is there
    # the re-run completes with the same counts as a clean load of both files
    subprocess.run(_gf("load", str(big), store=db), check=True, capture_output=True)
    clean = tmp_path / "clean.db"
    s = SQLiteStore(clean)
    load_files(s, [small, big])
    s.close()
    assert _counts(db) == _counts(clean)


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a big file is read in a second process on 2+ cores")
def test_kill_9_while_a_second_process_reads_the_file_stops_it_too(tmp_path):
    big = _big_csv(tmp_path / "big.csv")
    db = tmp_path / "g.db"
    proc = subprocess.Popen(_gf("load", str(big), store=db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=ENV)
    helpers: list[int] = []
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None and not helpers:
        helpers = _children(proc.pid)  # the process reading and normalising the file
        time.sleep(0.05)
    assert helpers and proc.poll() is None, "the big file was not read in a second process"
    time.sleep(1)  # both at work: the child building batches, the parent writing them
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the reading process notices that the load is gone and stops on its own
    deadline = time.time() + 120
    while time.time() < deadline and any(_running(pid) for pid in helpers):
        time.sleep(0.2)
    assert not any(_running(pid) for pid in helpers), "the reading process outlived the killed load"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 0
    con.close()
    r = subprocess.run(_gf("load", str(big), store=db), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert _counts(db)[2] == 1


def test_read_only_store_gives_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        # root ignores file modes; use a read-only bind through SQLite's own flag instead
        db = tmp_path / "g.db"
        SQLiteStore(db).close()
        s = SQLiteStore(db, readonly=True)
        with pytest.raises(Exception) as exc:
            s.write_file([], None)
            s.db.execute("INSERT INTO meta VALUES('x', 'y')")
        s.close()
        assert "readonly" in str(exc.value).lower() or "read-only" in str(exc.value).lower()
    d = tmp_path / "ro"
    d.mkdir()
    (d / "g.db").write_bytes(b"this is not a database")
    r = subprocess.run(_gf("stats", store=d / "g.db"), capture_output=True, text=True)
    assert r.returncode == 1 and cli_error(r.stderr).startswith("Error: ") and "Traceback" not in r.stderr
