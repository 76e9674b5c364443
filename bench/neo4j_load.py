"""Load throughput into Neo4j beside the embedded store, in the same run.

Generates a transactions CSV with the demo generator (``n_transfers`` background
transfers plus the planted fraud), then loads that one file into a fresh
embedded store and into Neo4j, timing each, and prints rows/s and
relationships/s (facts written per second: transfers, logins and case
mentions that the rows state).

    eval "$(scripts/neo4j-local start --print-env)"
    python bench/neo4j_load.py --transfers 100000 --clear
    python bench/neo4j_load.py --transfers 100000 1000000 --clear --batch-size 10000
    python bench/neo4j_load.py --transfers 100000 --clear --runs 5     # the median of 5 Neo4j loads
    GRAPHFRAUD_NEO4J_HOME=... python bench/neo4j_load.py --transfers 1000000 --clear --bulk

With ``--bulk`` the database is emptied once more after the batched loads and filled from the
embedded store with ``push --bulk`` (Neo4j's offline importer, see graphfraud/push_bulk.py):
the server must be the local one of scripts/neo4j-local (GRAPHFRAUD_NEO4J_HOME names its state
folder when it is not the default). It reports the time of writing the CSV files, the
importer's own time (its ``IMPORT DONE in …``), the time of the import step (the server stopped,
imported, started again), of the constraints, loads and rejects written afterwards, and
relationships/s over the importer's own time and over all of it (end to end).

The Neo4j figures are of the median run with ``--runs``; each run empties the database
first. GRAPHFRAUD_NEO4J_WRITERS sets how many transactions write relationships side by
side (default 2).

The Neo4j database must be empty, or ``--clear`` given to empty it first (it
deletes EVERYTHING in that database). Connection settings come from NEO4J_URI,
NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphfraud.config import load_config  # noqa: E402
from graphfraud.load import load_files  # noqa: E402
from graphfraud.store.neo4j import Neo4jStore  # noqa: E402
from graphfraud.store.sqlite import SQLiteStore  # noqa: E402


def transactions_csv(out: Path, n: int, seed: int) -> Path:
    from graphfraud.demo import generate

    manifest = generate(out, seed=seed, n_transfers=n)
    return next(p for p in manifest.files["transactions"] if p.suffix == ".csv")


def clear(store: Neo4jStore) -> None:
    from graphfraud.queries import get

    for name in ("delete_rels_batch", "delete_batch"):
        text = get(name).text
        while True:
            n = store._write_tx(lambda tx: tx.run(text, {"limit": 20000}).single()["deleted"])
            if not n:
                break


def count_all(store: Neo4jStore) -> int:
    return store._read_tx(lambda tx: tx.run("MATCH (n) RETURN count(n) AS n").single()["n"])


def one(n: int, args, work: Path) -> dict:
    t0 = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    csv_path = transactions_csv(work / "gen", n, args.seed)
    gen_s = time.perf_counter() - t0
    out = {"transfers_requested": n, "file": csv_path.name, "mb": round(csv_path.stat().st_size / 1e6, 1),
           "generate_s": round(gen_s, 1)}

    db = work / "embedded.db"
    t0 = time.perf_counter()
    with SQLiteStore(db) as s:
        rep = load_files(s, [csv_path])
        stats_s = s.stats()
    dt = time.perf_counter() - t0
    sh = rep.files[0].sheets[0]
    out["embedded"] = {"seconds": round(dt, 1), "rows": sh.rows, "rows_per_s": round(sh.rows / dt),
                       "relationships": sh.edges_added, "relationships_per_s": round(sh.edges_added / dt),
                       "nodes": sh.nodes_added}

    cfg = load_config({"batch_size": args.batch_size} if args.batch_size else {})
    runs = []
    for run in range(args.runs):
        with Neo4jStore(cfg) as n4:
            if count_all(n4):
                if not (args.clear or run):
                    raise SystemExit("the Neo4j database is not empty: give --clear to empty it first")
                clear(n4)
            n4.ensure_schema()
            t0 = time.perf_counter()
            rep = load_files(n4, [csv_path])
            dt = time.perf_counter() - t0
            stats_n = n4.stats()
            sh = rep.files[0].sheets[0]
            runs.append({"seconds": round(dt, 1), "rows": sh.rows, "rows_per_s": round(sh.rows / dt),
                         "relationships": sh.edges_added, "relationships_per_s": round(sh.edges_added / dt),
                         "nodes": sh.nodes_added, "batch_size": n4.batch_size, "writers": getattr(n4, "writers", 1),
                         "same_stats": stats_n == stats_s})
    out["neo4j"] = dict(sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2])  # the median run
    if len(runs) > 1:
        out["neo4j_runs"] = [{k: r[k] for k in ("seconds", "rows_per_s", "relationships_per_s")} for r in runs]
    out["same_stats"] = all(r["same_stats"] for r in runs)
    out["edges_by_type"] = stats_s["edges"]
    if args.bulk:
        out["bulk"] = bulk(cfg, db, stats_s)
    return out


def bulk(cfg, db: Path, stats_s: dict) -> dict:
    """Empty the database, fill it from the embedded store ``db`` with the offline importer."""
    from graphfraud.push_bulk import push_bulk

    with Neo4jStore(cfg) as n4:
        clear(n4)
    t0 = time.perf_counter()
    r = push_bulk(cfg, db)
    total = time.perf_counter() - t0
    rels = r["edges"]
    return {"relationships": rels, "nodes": r["nodes"], "csv_s": r["csv_seconds"],
            "importer_s": r["importer_seconds"], "import_step_s": r["import_seconds"],
            "schema_loads_rejects_s": r["schema_seconds"], "end_to_end_s": round(total, 1),
            "relationships_per_s_importer": round(rels / r["importer_seconds"]) if r["importer_seconds"] else None,
            "relationships_per_s_csv_and_importer": round(rels / (r["csv_seconds"] + r["importer_seconds"]))
            if r["importer_seconds"] else None,
            "relationships_per_s_end_to_end": round(rels / total),
            "same_stats": r["stats"] == stats_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--transfers", type=int, nargs="+", default=[100_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch-size", type=int, default=None,
                    help="rows per Neo4j transaction (default: config)")
    ap.add_argument("--clear", action="store_true",
                    help="empty the Neo4j database first (deletes everything)")
    ap.add_argument("--runs", type=int, default=1,
                    help="load into Neo4j this many times (emptying it in between); the median run is reported")
    ap.add_argument("--bulk", action="store_true",
                    help="then empty the database and fill it with push --bulk (the offline importer)")
    ap.add_argument("--work", default=None, help="folder for generated files (default: a temporary one)")
    args = ap.parse_args()
    if not os.environ.get("NEO4J_URI"):
        raise SystemExit("set NEO4J_URI etc. (eval \"$(scripts/neo4j-local start --print-env)\")")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for i, n in enumerate(args.transfers):  # a folder each: the same size twice is two runs
            print(json.dumps(one(n, args, Path(tmp) / f"{i}-{n}"), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
