"""A large file is read and normalised in a second process while the loading process writes:
the store is the same as a load in one process, and failures in the child reach the user."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3

import pytest
from graphfraud.loaders import read

from graphfraud import facts_worker
from graphfraud.errors import InputError
from graphfraud.facts_worker import WorkerError
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the second process is forked (POSIX)")

TX = ["Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền", "Địa chỉ IP", "Mã thiết bị"]


def _rows(n):
    out = []
    for i in range(n):
        amount = "mười nghìn" if i % 211 == 0 else f"{(i % 13 + 1) * 1000}"  # a reject now and then
        out.append([f"FT{i % (n // 2)}", f"{1 + i % 28:02d}/03/2024 {i % 24:02d}:{i % 60:02d}",
                    f"00{i % 97:08d}", f"09{i % 89:08d}", amount, f"14.160.{i % 7}.{i % 11}" if i % 3 else "",
                    f"DEV-{i % 5}" if i % 2 else ""])
    return out


def _content(path):
    """Every row of the store's tables, load ids left out (they are random per load)."""
    con = sqlite3.connect(path)
    try:
        return {
            "nodes": con.execute("SELECT id, type, value, props FROM nodes ORDER BY id").fetchall(),
            "edges": con.execute("SELECT * FROM edges ORDER BY id").fetchall(),
            "edge_src": con.execute("SELECT edge_id, row, cols FROM edge_src ORDER BY rowid").fetchall(),
            "node_src": con.execute("SELECT node_id, row, col FROM node_src ORDER BY rowid").fetchall(),
            "rejects": con.execute("SELECT row, col, value, reason FROM rejects ORDER BY rowid").fetchall(),
            "loads": con.execute("SELECT path, kind, rows, nodes_added, edges_added, edges_seen, rejects"
                                 " FROM loads ORDER BY started, path").fetchall(),
        }
    finally:
        con.close()


def _load(db, files, worker: bool):
    s = SQLiteStore(db)
    try:
        return load_files(s, files, load_worker=worker)
    finally:
        s.close()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(read, "CHUNK_ROWS", 300)  # many batches per file
    monkeypatch.setattr(facts_worker, "MIN_BYTES", 0)  # every CSV goes through the second process
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # even on a one-core machine


def test_the_second_process_is_used_and_the_store_is_the_same(tmp_path, monkeypatch, small_chunks):
    a = write_csv(tmp_path / "a.csv", TX, _rows(2000))
    b = write_csv(tmp_path / "b.csv", TX, _rows(1500)[::-1])  # the same facts again, and some new
    used = []
    real = facts_worker.batches
    monkeypatch.setattr(facts_worker, "batches", lambda *a, **k: used.append(1) or real(*a, **k))
    one = _load(tmp_path / "one.db", [a, b], worker=False)
    assert not used
    two = _load(tmp_path / "two.db", [a, b], worker=True)
    assert len(used) == 2
    assert one.total_rejects == two.total_rejects > 0
    assert _content(tmp_path / "one.db") == _content(tmp_path / "two.db")
    # and loading a file a second time through the second process changes nothing
    before = _content(tmp_path / "two.db")
    _load(tmp_path / "two.db", [a], worker=True)
    assert _content(tmp_path / "two.db") == before


def test_small_files_stay_in_the_loading_process(tmp_path, monkeypatch):
    p = write_csv(tmp_path / "a.csv", TX, _rows(50))
    assert not facts_worker.wanted(p)  # far below MIN_BYTES
    monkeypatch.setattr(facts_worker, "MIN_BYTES", 0)
    assert facts_worker.wanted(p) == ((os.cpu_count() or 1) > 1)
    assert not facts_worker.wanted(p, enabled=False)


@pytest.mark.parametrize("setting, used", [(None, 1), ("0", 0), ("1", 1)])
def test_graphfraud_load_worker_reaches_the_load_through_the_configuration(tmp_path, monkeypatch, small_chunks,
                                                                          setting, used):
    from click.testing import CliRunner

    from cli import cli

    calls = []
    real = facts_worker.batches
    monkeypatch.setattr(facts_worker, "batches", lambda *a, **k: calls.append(1) or real(*a, **k))
    env = {"GRAPHFRAUD_LOAD_WORKER": setting, "GRAPHFRAUD_AUDIT": "0"}
    r = CliRunner(env=env).invoke(cli, ["--store", str(tmp_path / "g.db"), "load",
                                        str(write_csv(tmp_path / "a.csv", TX, _rows(700)))])
    assert r.exit_code == 0, r.output
    assert len(calls) == used


def _failing_after_first(monkeypatch, failure):
    """The child (forked after this patch) fails on its first table, the file's second one."""
    real = facts_worker.build_facts
    parent = os.getpid()

    def build(table, **kw):
        if os.getpid() != parent:
            failure()
        return real(table, **kw)

    monkeypatch.setattr(facts_worker, "build_facts", build)


@pytest.mark.parametrize("failure, error, message", [
    (lambda: (_ for _ in ()).throw(InputError("a.csv: row 400 is broken")), InputError, "row 400 is broken"),
    (lambda: 1 / 0, WorkerError, "ZeroDivisionError"),
    (lambda: os._exit(3), InputError, "exit code 3"),
])
def test_a_failure_in_the_second_process_fails_the_load_and_writes_nothing(tmp_path, monkeypatch, small_chunks,
                                                                            failure, error, message):
    db = tmp_path / "g.db"
    first = write_csv(tmp_path / "first.csv", TX, _rows(40))
    s = SQLiteStore(db)
    load_files(s, [first], load_worker=False)
    before = _content(db)
    _failing_after_first(monkeypatch, failure)
    with pytest.raises(error, match=message):
        load_files(s, [write_csv(tmp_path / "a.csv", TX, _rows(2000))])
    s.close()
    assert _content(db) == before
