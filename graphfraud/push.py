"""Copy an embedded store into Neo4j (``graphfraud push``).

Everything goes across: identifier nodes with their props, every fact with its
time, amount and props, the provenance of each (file, sheet, row, columns, load
id), the loads and the rejects. The copy is idempotent: pushing the same store
again changes nothing (nodes and relationships are MERGEd, provenance entries
are replaced by tag ``<load_id>#push``), so the Neo4j database ends with the same
``stats`` as the embedded store (plus whatever else it already held).

The store is read in slices of ``batch_size`` rows, never whole, and written in
managed write transactions of that size.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from graphfraud.errors import StoreError, UsageError
from graphfraud.store.neo4j import EdgeFact, Neo4jStore, NodeFact, shown_uri
from graphfraud.store.sqlite import SQLiteStore


def push(config, from_store_path=None, progress=None) -> dict:
    """Copy the embedded store at ``from_store_path`` (default ``config.store``) into Neo4j."""
    if not config.uses_neo4j:
        raise UsageError("push copies the embedded store into Neo4j: give --neo4j URI or set NEO4J_URI")
    path = Path(from_store_path or config.store)
    if str(path) == ":memory:" or not path.is_file():
        raise StoreError(f"no embedded store at {path}; load files first with `graphfraud load`")
    src = SQLiteStore(path, readonly=True)
    try:
        with Neo4jStore(config) as dst:
            counts = _copy(src, dst, progress)
            counts["stats"] = dst.stats()
    finally:
        src.close()
    counts.update({"from": str(path), "to": shown_uri(config.neo4j_uri), "database": config.neo4j_database})
    return counts


def _copy(src: SQLiteStore, dst: Neo4jStore, progress) -> dict:
    db = src.db
    dst.ensure_schema()
    loads = db.execute(
        "SELECT load_id, sha256, path, size, kind, sheet, mapping, case_id, started, finished, rows,"
        " nodes_added, edges_added, edges_seen, rejects FROM loads WHERE finished IS NOT NULL"
        " ORDER BY rowid").fetchall()
    load_ids = {r[0] for r in loads}
    tag = {lid: f"{lid}#push\t" for lid in load_ids}
    _put_loads(dst, loads)
    n_nodes, nodes_added = _copy_facts(src, _NODES, _node_fact, dst._write_nodes, dst.batch_size, load_ids, tag,
                                       progress)
    n_edges, edges_added = _copy_facts(src, _EDGES, _edge_fact, dst._write_edges, dst.batch_size, load_ids, tag,
                                       progress)
    n_rejects = _copy_rejects(db, dst, load_ids)
    _finish_loads(dst, loads)
    return {"loads": len(loads), "nodes": n_nodes, "nodes_added": nodes_added, "edges": n_edges,
            "edges_added": edges_added, "rejects": n_rejects}


def _put_loads(dst: Neo4jStore, loads: list) -> None:
    """1. The loads, not yet finished (a push that stops half-way leaves them unfinished)."""
    def put_loads(tx):
        for r in loads:
            dst._run(tx, "upsert_load", load_id=r[0], sha256=r[1], path=r[2], file=Path(r[2]).name, size=r[3],
                     kind=r[4], sheet=r[5] or "", mapping=r[6], case_id=r[7], started=r[8]).consume()
    dst._write_tx(put_loads, "copying the loads")


class _Kind(NamedTuple):
    """How nodes or facts are read from the embedded store, a page at a time."""
    what: str           # in progress labels
    page_sql: str       # one page: parameters the last key and the page size, ordered by the key
    first: object       # the key before the first page
    sources_sql: str    # the provenance rows of a page's ids


_NODES = _Kind("nodes", "SELECT id, type, value, props FROM nodes WHERE id > ? ORDER BY id LIMIT ?", 0,
               "SELECT node_id, load_id, row, col FROM node_src WHERE node_id IN ({}) ORDER BY rowid")
# edge ids are signed 64-bit fact keys (the same id in both stores): the first page starts after NULL
_EDGES = _Kind("facts", "SELECT e.id, e.type, s.type, s.value, d.type, d.value, e.ts, e.disc, e.amount, e.props"
                        " FROM edges e JOIN nodes s ON s.id = e.src JOIN nodes d ON d.id = e.dst"
                        " WHERE (?1 IS NULL OR e.id > ?1) ORDER BY e.id LIMIT ?2", None,
               "SELECT edge_id, load_id, row, cols FROM edge_src WHERE edge_id IN ({}) ORDER BY rowid")


def _node_fact(row, loads_of: list, stated_by: list) -> NodeFact:
    _nid, t, v, p = row
    return NodeFact(t, v, json.loads(p or "{}"), loads_of, stated_by, None)


def _edge_fact(row, loads_of: list, stated_by: list) -> EdgeFact:
    eid, et, st, sv, dt, dv, ts, disc, amount, props = row
    return EdgeFact(eid, et, (st, sv), (dt, dv), ts, disc or "", amount, props or "{}", loads_of, stated_by, None)


def _copy_facts(src: SQLiteStore, kind: _Kind, fact, write, batch_size: int, load_ids: set, tag: dict,
                progress) -> tuple[int, int]:
    """2 and 3. Nodes, then facts, with their provenance grouped per load: ``fact(row, load tags,
    provenance)`` for each row, ``write(facts, label)`` for each page; (rows copied, rows new in Neo4j)."""
    db = src.db
    copied = added = 0
    for rows in _pages(db, kind.page_sql, kind.first, batch_size):
        ids = [r[0] for r in rows]
        stated = _sources(db, kind.sources_sql, ids, load_ids)
        added += write([fact(row, *_tagged(stated.get(row[0], {}), tag)) for row in rows],
                       f"{kind.what} {ids[0]}–{ids[-1]} of {src.path.name}")
        copied += len(rows)
        if progress:
            progress(len(rows))
    return copied, added


def _copy_rejects(db, dst: Neo4jStore, load_ids: set) -> int:
    """4. The rejected cells of the copied loads; how many."""
    n_rejects = 0
    for rows in _pages(db, "SELECT rowid, load_id, row, col, value, reason FROM rejects WHERE rowid > ?"
                           " ORDER BY rowid LIMIT ?", 0, dst.batch_size):
        per: dict[str, list] = defaultdict(list)
        for rid, lid, row, col, value, reason in rows:
            if lid in load_ids:
                per[lid].append({"rid": f"{lid}:p{rid}", "n": 3 * 10 ** 18 + rid, "row": row, "col": col,
                                 "value": value, "reason": reason})

        def put_rejects(tx, per=per):
            for lid, items in per.items():
                dst._run(tx, "insert_rejects", rows=items, load_id=lid).consume()
        dst._write_tx(put_rejects, "copying rejects")
        n_rejects += sum(len(v) for v in per.values())
    return n_rejects


def _finish_loads(dst: Neo4jStore, loads: list) -> None:
    """5. Only now are the loads finished, with the counts the embedded store recorded."""
    fin = [{"load_id": r[0], "finished": r[9], "rows": r[10], "nodes_added": r[11], "edges_added": r[12],
            "edges_seen": r[13], "rejects": r[14]} for r in loads]
    dst._write_tx(lambda tx: dst._run(tx, "finish_loads", rows=fin).consume(), "finishing the copied loads")


def _pages(db, sql: str, first, size: int):
    """The rows of ``sql`` (keyset paging: parameters last key, page size; ordered by its first column),
    ``size`` at a time, the first page after ``first``."""
    last = first
    while True:
        rows = db.execute(sql, (last, size)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _in(db, sql: str, ids: list[int]):
    """Run ``sql`` with ``IN ({})`` filled for ``ids``, in pieces SQLite accepts."""
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        yield from db.execute(sql.format(",".join("?" * len(part))), part)


def _sources(db, sql: str, ids: list, load_ids) -> dict:
    """Provenance rows of the given node or edge ids, grouped: id -> load id -> [[row, columns], ...]."""
    out: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for fid, lid, row, cols in _in(db, sql, ids):
        if lid in load_ids:
            out[fid][lid].append([row, cols])
    return out


def _tagged(per_load: dict, tag: dict) -> tuple[list, list]:
    """(load tags, load tag + JSON rows) of one fact, as the Neo4j loader stores them."""
    return ([tag[lid] for lid in per_load],
            [tag[lid] + json.dumps(items, ensure_ascii=False) for lid, items in per_load.items()])
