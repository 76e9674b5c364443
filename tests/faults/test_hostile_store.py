"""One line, never a traceback: the same file loaded twice at once, a store with zeroed pages."""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid

import pytest

from graphfraud.errors import StoreError
from graphfraud.facts import FactBatch
from graphfraud.load import load_files
from graphfraud.store.base import LoadRecord
from graphfraud.store.snapshot import snapshot_dir
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import cli_error

HEADER = "Tài khoản ghi nợ,Tài khoản ghi có,Số tiền\n"
ENV = {**os.environ, "GRAPHFRAUD_AUDIT": "0"}


def _tx(path, n: int, start: int = 0):
    path.write_text(HEADER + "".join(f"{10_000_000 + i},{20_000_000 + i},{i + 1}000\n"
                                     for i in range(start, start + n)), encoding="utf-8")
    return path


def _cli(*args):
    return subprocess.Popen([sys.executable, "-m", "graphfraud", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)


def test_two_loads_of_the_same_file_at_once_load_it_once(tmp_path):
    """The second load checked "already loaded" before the first committed, then met the first's load
    record: sqlite3.IntegrityError and a traceback. Now it waits for the first and says so."""
    src = _tx(tmp_path / "tx.csv", 30_000)
    db = tmp_path / "g.db"
    SQLiteStore(db).close()  # both find the store made
    procs = [_cli("--store", str(db), "load", "--format", "json", str(src)) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0 and "Traceback" not in err, err
    statuses = sorted(f'"status": "{s}"' in out for out, _ in outs for s in ("loaded", "already loaded"))
    assert statuses == [False, False, True, True]  # one "loaded", one "already loaded"
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM edges").fetchone()[0] == 30_000
    con.close()


def test_a_load_that_finds_its_file_loaded_once_it_holds_the_lock_writes_nothing(tmp_path):
    """What the second of two loads at once meets after waiting for the first: its file's record."""
    src = _tx(tmp_path / "tx.csv", 10)
    first, second = SQLiteStore(tmp_path / "g.db"), SQLiteStore(tmp_path / "g.db")
    try:
        rep = load_files(first, [src])
        sha = rep.files[0].sha256
        rec = LoadRecord(uuid.uuid4().hex[:16], sha, str(src), src.stat().st_size, "transactions", "", {}, None, "")
        (counts,) = second.write_file([(rec, iter([FactBatch(rows=10)]))])
        assert counts.already_loaded and counts.rows == 0
        assert second.stats()["files"] == 1
    finally:
        first.close()
        second.close()


def _zero_pages(db):
    """Zero a run of pages in the middle of the file, as a failing disk or a bad copy leaves it."""
    con = sqlite3.connect(db)
    size, count = con.execute("PRAGMA page_size").fetchone()[0], con.execute("PRAGMA page_count").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with open(db, "r+b") as fh:
        for page in range(count // 4, count // 2):
            fh.seek(page * size)
            fh.write(b"\0" * size)


def test_a_store_with_zeroed_pages_is_refused_for_writing_in_one_line(tmp_path):
    db = tmp_path / "g.db"
    s = SQLiteStore(db)
    load_files(s, [_tx(tmp_path / "a.csv", 5000)])
    s.close()
    _zero_pages(db)
    with pytest.raises(StoreError, match="is damaged"):
        SQLiteStore(db)
    p = _cli("--store", str(db), "load", str(_tx(tmp_path / "b.csv", 10, 90_000)))
    _, err = p.communicate(timeout=120)
    assert p.returncode == 1 and "Traceback" not in err
    assert cli_error(err).startswith("Error: the store") and "is damaged" in err and len(cli_error(err).splitlines()) == 1
    # the graph snapshot the load wrote beside it holds the content as loaded, before the damage:
    # whole-graph commands answer from it; without it they read the damaged tables: one line too
    shutil.rmtree(snapshot_dir(db))
    p = _cli("--store", str(db), "mules")
    _, err = p.communicate(timeout=120)
    assert p.returncode == 1 and "Traceback" not in err and cli_error(err).startswith("Error: "), err
