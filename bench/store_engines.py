"""Compare SQLite and DuckDB as the embedded store's engine, side by side in one run.

Measures what the embedded store does: bulk insert of nodes and edges with a
uniqueness key (idempotent loads), the neighbourhood look-ups behind `find`
and `path` (each from a fresh connection, as a new process would), and reading
the whole edge table into arrays for whole-graph algorithms.

    python bench/store_engines.py --edges 1000000

DuckDB is not a dependency of graphfraud; install it to run this comparison.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time

import numpy as np


def data(n_edges: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    n_nodes = max(10, n_edges // 5)
    src = rng.integers(0, n_nodes, n_edges)
    dst = rng.integers(0, n_nodes, n_edges)
    ts = rng.integers(1_700_000_000, 1_710_000_000, n_edges)
    amt = rng.integers(1, 10_000, n_edges) * 1000
    return n_nodes, list(zip(["transfer"] * n_edges, src.tolist(), dst.tolist(), ts.tolist(), amt.astype(str).tolist()))


def bench_sqlite(path, n_nodes, rows, probes):
    out = {}
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE nodes(id INTEGER PRIMARY KEY, type TEXT, value TEXT, UNIQUE(type, value))")
    db.execute("CREATE TABLE edges(id INTEGER PRIMARY KEY, type TEXT, src INT, dst INT, ts INT, amount TEXT)")
    db.execute("CREATE UNIQUE INDEX ek ON edges(type, src, dst, ts, amount)")
    db.execute("CREATE INDEX es ON edges(src)")
    db.execute("CREATE INDEX ed ON edges(dst)")
    t = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT OR IGNORE INTO nodes(id, type, value) VALUES(?, 'account', ?)",
                   ((i, f"{i:012d}") for i in range(n_nodes)))
    db.executemany("INSERT OR IGNORE INTO edges(type, src, dst, ts, amount) VALUES(?,?,?,?,?)", rows)
    db.execute("COMMIT")
    out["insert_s"] = time.perf_counter() - t
    db.close()
    t = time.perf_counter()
    for p in probes:
        c = sqlite3.connect(path)
        c.execute("SELECT id FROM nodes WHERE type='account' AND value=?", (f"{p:012d}",)).fetchone()
        c.execute("SELECT * FROM edges WHERE src=? UNION ALL SELECT * FROM edges WHERE dst=?", (p, p)).fetchall()
        c.close()
    out["lookup_ms"] = (time.perf_counter() - t) / len(probes) * 1000
    t = time.perf_counter()
    c = sqlite3.connect(path)
    arr = np.array(c.execute("SELECT src, dst FROM edges").fetchall())
    out["scan_s"] = time.perf_counter() - t
    assert len(arr) > 0
    out["size_mb"] = os.path.getsize(path) / 1e6
    return out


def bench_duckdb(path, n_nodes, rows, probes):
    import duckdb
    import pandas as pd

    out = {}
    db = duckdb.connect(path)
    db.execute("CREATE TABLE nodes(id BIGINT PRIMARY KEY, type TEXT, value TEXT, UNIQUE(type, value))")
    db.execute("CREATE TABLE edges(type TEXT, src BIGINT, dst BIGINT, ts BIGINT, amount TEXT,"
               " PRIMARY KEY(type, src, dst, ts, amount))")
    nodes = pd.DataFrame({"id": range(n_nodes), "type": "account", "value": [f"{i:012d}" for i in range(n_nodes)]})
    edges = pd.DataFrame(rows, columns=["type", "src", "dst", "ts", "amount"])
    t = time.perf_counter()
    db.register("nodes_df", nodes)
    db.register("edges_df", edges)
    db.execute("INSERT OR IGNORE INTO nodes SELECT * FROM nodes_df")
    db.execute("INSERT OR IGNORE INTO edges SELECT * FROM edges_df")
    db.execute("CREATE INDEX es ON edges(src)")
    db.execute("CREATE INDEX ed ON edges(dst)")
    db.close()
    out["insert_s"] = time.perf_counter() - t
    t = time.perf_counter()
    for p in probes:
        c = duckdb.connect(path, read_only=True)
        c.execute("SELECT id FROM nodes WHERE type='account' AND value=?", [f"{p:012d}"]).fetchone()
        c.execute("SELECT * FROM edges WHERE src=? UNION ALL SELECT * FROM edges WHERE dst=?", [p, p]).fetchall()
        c.close()
    out["lookup_ms"] = (time.perf_counter() - t) / len(probes) * 1000
    t = time.perf_counter()
    c = duckdb.connect(path, read_only=True)
    arr = c.execute("SELECT src, dst FROM edges").fetchnumpy()
    out["scan_s"] = time.perf_counter() - t
    assert len(arr["src"]) > 0
    out["size_mb"] = os.path.getsize(path) / 1e6
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edges", type=int, default=1_000_000)
    args = ap.parse_args()
    n_nodes, rows = data(args.edges)
    probes = [int(p) for p in np.random.default_rng(2).integers(0, n_nodes, 100)]
    with tempfile.TemporaryDirectory() as d:
        res = {"sqlite": bench_sqlite(os.path.join(d, "s.db"), n_nodes, rows, probes)}
        try:
            res["duckdb"] = bench_duckdb(os.path.join(d, "d.duckdb"), n_nodes, rows, probes)
        except ImportError:
            print("duckdb not installed; only SQLite measured")
    print(f"| engine | insert {args.edges:,} edges (s) | neighbourhood look-up, fresh connection (ms) |"
          " read all edges (s) | file (MB) |")
    print("|---|---|---|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v['insert_s']:.1f} | {v['lookup_ms']:.2f} | {v['scan_s']:.2f} | {v['size_mb']:.0f} |")


if __name__ == "__main__":
    main()
