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

from graphfraud.errors import StoreError, UsageError
from graphfraud.store.neo4j import EdgeFact, Neo4jStore, NewFactTypes, NodeFact, shown_uri
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
    dst.ensure_schema()
    loads = src.finished_loads()
    load_ids = {r["load_id"] for r in loads}
    tag = {lid: f"{lid}#push\t" for lid in load_ids}
    dst.copy_loads(loads)  # 1. the loads, not yet finished (a push that stops half-way leaves them unfinished)
    n_nodes, nodes_added = _copy_nodes(src, dst, load_ids, tag, progress)
    n_edges, edges_added = _copy_edges(src, dst, load_ids, tag, progress)
    n_rejects = copy_rejects(src, dst, load_ids)
    finish_loads(dst, loads)
    return {"loads": len(loads), "nodes": n_nodes, "nodes_added": nodes_added, "edges": n_edges,
            "edges_added": edges_added, "rejects": n_rejects}


def _copy_nodes(src: SQLiteStore, dst: Neo4jStore, load_ids: set, tag: dict, progress) -> tuple[int, int]:
    """2. Nodes, with their mentions grouped per load; (nodes copied, nodes new in Neo4j)."""
    nodes_added = n_nodes = 0
    for page in src.node_pages(dst.batch_size, load_ids):
        chunk = []
        for _nid, t, v, p, mentions in page:
            loads_of, stated_by = _tagged(mentions, tag)
            chunk.append(NodeFact(t, v, json.loads(p or "{}"), loads_of, stated_by, None))
        nodes_added += dst.copy_nodes(chunk, f"nodes {page[0][0]}–{page[-1][0]} of {src.path.name}")
        n_nodes += len(page)
        if progress:
            progress(len(page))
    return n_nodes, nodes_added


def _copy_edges(src: SQLiteStore, dst: Neo4jStore, load_ids: set, tag: dict, progress) -> tuple[int, int]:
    """3. Facts (by their key, the same id in both stores), with their provenance per load;
    (facts copied, facts new in Neo4j)."""
    edges_added = n_edges = 0
    new_types = NewFactTypes()   # this push's: the types whose facts were all new so far
    for page in src.edge_pages(dst.batch_size, load_ids):
        chunk = []
        for eid, et, s, d, ts, disc, amount, props, stated in page:
            loads_of, stated_by = _tagged(stated, tag)
            chunk.append(EdgeFact(eid, et, s, d, ts, disc or "", amount, props or "{}", loads_of, stated_by, None))
        edges_added += dst.copy_edges(chunk, f"facts {page[0][0]}–{page[-1][0]} of {src.path.name}", new_types)
        n_edges += len(page)
        if progress:
            progress(len(page))
    return n_edges, edges_added


def copy_rejects(src: SQLiteStore, dst: Neo4jStore, load_ids: set) -> int:
    """4. The rejected cells of the copied loads; how many."""
    n_rejects = 0
    for page in src.reject_pages(dst.batch_size):
        per: dict[str, list] = defaultdict(list)
        for rid, lid, row, col, value, reason in page:
            if lid in load_ids:
                per[lid].append({"rid": f"{lid}:p{rid}", "n": 3 * 10 ** 18 + rid, "row": row, "col": col,
                                 "value": value, "reason": reason})
        dst.copy_rejects(per)
        n_rejects += sum(len(v) for v in per.values())
    return n_rejects


def _tagged(per_load: dict, tag: dict) -> tuple[list, list]:
    """(load tags, load tag + JSON rows) of one fact, as the Neo4j loader stores them."""
    return ([tag[lid] for lid in per_load],
            [tag[lid] + json.dumps(items, ensure_ascii=False) for lid, items in per_load.items()])


def finish_loads(dst: Neo4jStore, loads: list[dict]) -> None:
    """5. Only now are the loads finished, with the counts the embedded store recorded."""
    dst.finish_copied_loads([{k: r[k] for k in ("load_id", "finished", "rows", "nodes_added", "edges_added",
                                                "edges_seen", "rejects")} for r in loads])
