"""The read path of the Neo4j store: counts, nodes, incident facts, provenance, the whole graph."""

from __future__ import annotations

import json
import os

from graphfraud.model import EDGE_TYPES, NEO4J_RELS, NODE_TYPES
from graphfraud.store.base import Edge, edge_order

NO_LIMIT = 2 ** 62
REL_TYPE = {rel: t for t, rel in NEO4J_RELS.items()}


class Neo4jReader:
    """What the analyses read from the server; every read is one read transaction."""

    def rejects(self, load_id: str | None = None) -> list[dict]:
        cols = ("file", "sheet", "row", "column", "value", "reason", "load_id")
        return [{c: r[c] for c in cols} for r in self._read("rejects", load_id=load_id)]

    def stats(self) -> dict:
        def work(tx):
            nodes, edges = {}, {}
            for t in sorted(NODE_TYPES):
                n = self._run(tx, "count_label", {"label": t}).single()["n"]
                if n:
                    nodes[t] = n
            for t in sorted(EDGE_TYPES):
                n = self._run(tx, "count_rel", {"rel": t}).single()["n"]
                if n:
                    edges[t] = n
            tot = self._run(tx, "load_totals").single()
            return nodes, edges, tot["files"], tot["rejects"]

        nodes, edges, files, rejects = self._read_tx(work)
        return {"nodes": nodes, "edges": edges, "files": files, "rejects": rejects,
                "total_nodes": sum(nodes.values()), "total_edges": sum(edges.values())}

    def nodes(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        keys = list(dict.fromkeys(tuple(k) for k in keys))
        if not keys:
            return {}
        found = {r["key"]: r["props"] for r in self._read("nodes_by_key", keys=[f"{t}:{v}" for t, v in keys])}
        return {k: json.loads(found[f"{k[0]}:{k[1]}"] or "{}") for k in keys if f"{k[0]}:{k[1]}" in found}

    def degrees(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        keys = list(dict.fromkeys(tuple(k) for k in keys))
        if not keys:
            return {}
        found = {r["key"]: r["degree"] for r in self._read("degrees", keys=[f"{t}:{v}" for t, v in keys])}
        return {k: found[f"{k[0]}:{k[1]}"] for k in keys if f"{k[0]}:{k[1]}" in found}

    def incident(self, keys, types=None, limit_per_node=None) -> list[Edge]:
        keys = list(dict.fromkeys(tuple(k) for k in keys))
        if not keys:
            return []
        rels = [NEO4J_RELS[t] for t in (types if types else EDGE_TYPES) if t in NEO4J_RELS]
        if not rels:
            return []
        limit = int(limit_per_node) if limit_per_node else NO_LIMIT
        rows = self._read("incident", keys=[f"{t}:{v}" for t, v in keys], types=rels, limit=limit)
        out: dict[int, Edge] = {}
        for r in rows:
            if r["id"] not in out:
                out[r["id"]] = _edge(r["id"], r["type"], (r["st"], r["sv"]), (r["dt"], r["dv"]), r["ts"],
                                     r["amount"], r["props"])
        return sorted(out.values(), key=edge_order)

    def provenance(self, edge_ids: list[str]) -> dict[str, list[dict]]:
        ids = list(dict.fromkeys(str(i) for i in edge_ids))
        if not ids:
            return {}
        wanted = sorted({int(i) for i in ids if _is_int(i)})

        def work(tx):
            return {str(r["id"]): r["prov"] or [] for r in self._run(tx, "edges_prov", ids=wanted)}

        entries = self._read_tx(work) if wanted else {}
        parsed = {eid: _parse_prov(entries.get(eid, [])) for eid in ids}
        loads = self._loads_by_id({lid for items in parsed.values() for lid, _, _ in items})
        return {eid: _prov_rows(parsed[eid], loads, 50) for eid in ids}

    def node_provenance(self, key, limit: int = 20) -> list[dict]:
        rows = self._read("node_prov", key=f"{key[0]}:{key[1]}")
        if not rows:
            return []
        r = rows[0]
        entries = list(r["prov"] or [])
        for side in (r["out_prov"], r["in_prov"]):
            for prov in side or ():
                entries.extend(prov or ())
        items = _parse_prov(entries)
        loads = self._loads_by_id({lid for lid, _, _ in items})
        return _prov_rows(items, loads, limit, by_column=True)

    def node_mentions(self, keys, limit: int = 20) -> dict:
        by_key = {f"{t}:{v}": (t, v) for t, v in keys}
        parsed = {by_key[r["key"]]: _parse_prov(list(r["prov"] or []))
                  for r in self._read("node_mentions", keys=sorted(by_key))}
        loads = self._loads_by_id({lid for items in parsed.values() for lid, _, _ in items})
        out = {k: _prov_rows(items, loads, limit, by_column=True) for k, items in parsed.items()}
        return {k: rows for k, rows in out.items() if rows}

    def _loads_by_id(self, ids: set) -> dict[str, dict]:
        """The finished loads among ``ids``; inside a ``reading()`` block each is asked for once."""
        known = self._loads_seen if self._open_read is not None else {}
        missing = sorted(i for i in ids if i not in known)
        if missing:
            found = {r["load_id"]: {"path": r["path"], "sha256": r["sha256"], "sheet": r["sheet"]}
                     for r in self._read("loads_by_id", ids=missing)}
            known.update({i: found.get(i) for i in missing})
        return {i: known[i] for i in ids if known.get(i) is not None}

    def _graph_rows(self, edge_types=None):
        """Every node (type, value, props) and every edge of ``edge_types`` (id, type, src, dst, ts,
        amount, props), read in one transaction."""
        rels = [NEO4J_RELS[t] for t in (edge_types if edge_types else EDGE_TYPES) if t in NEO4J_RELS]

        def work(tx):
            nodes = [(r["type"], r["value"], r["props"]) for r in self._run(tx, "all_nodes")]
            edges = [(r["id"], REL_TYPE.get(r["type"], r["type"]), r["src"], r["dst"], r["ts"], r["amount"],
                      r["props"]) for r in self._run(tx, "all_edges", types=rels)] if rels else []
            return nodes, edges

        return self._read_tx(work)

    def graph_frames(self, edge_types=None):
        import numpy as np
        import pandas as pd

        node_rows, edge_rows = self._graph_rows(edge_types)
        nodes = pd.DataFrame(node_rows, columns=["type", "value", "props"])
        nodes = nodes.sort_values(["type", "value"], kind="stable").reset_index(drop=True)
        index = {f"{t}:{v}": i for i, (t, v) in enumerate(zip(nodes["type"], nodes["value"]))}
        nodes["props"] = [json.loads(p or "{}") for p in nodes["props"]]
        edges = pd.DataFrame(edge_rows, columns=["id", "type", "src", "dst", "ts", "amount", "props"])
        edges["src"] = np.array([index[k] for k in edges["src"]], dtype=np.int64)
        edges["dst"] = np.array([index[k] for k in edges["dst"]], dtype=np.int64)
        edges["id"] = edges["id"].astype(str)
        edges["amount_text"] = edges["amount"]
        edges["amount"] = pd.to_numeric(edges["amount"], errors="coerce")
        edges["ts"] = edges["ts"].astype("float64")
        edges["props"] = [json.loads(p or "{}") for p in edges["props"]]
        edges = edges.sort_values(["type", "src", "dst", "ts", "id"], kind="stable").reset_index(drop=True)
        return nodes, edges

    def graph_arrays(self, edge_types=None):
        """The whole graph as columns (see ``graphfraud.store.arrays``), read in one transaction: the
        server sends the nodes and the relationships a few thousand nodes at a time as rows of lists,
        each turned into columns before the next is read (:mod:`.whole_graph`)."""
        from graphfraud.store.neo4j.whole_graph import CHUNK, read_graph_columns

        rels = [NEO4J_RELS[t] for t in (edge_types if edge_types else EDGE_TYPES) if t in NEO4J_RELS]

        def edge_rows(tx):
            for r in self._run(tx, "all_edges_columns", types=rels, chunk=CHUNK):
                row = dict(r)
                row["type"] = [REL_TYPE.get(t, t) for t in row["type"]]
                yield row

        def work(tx):
            nodes = (dict(r) for r in self._run(tx, "all_nodes_columns", chunk=CHUNK))
            return read_graph_columns(nodes, edge_rows(tx) if rels else iter(()))

        return self._read_tx(work)

    def loads(self) -> list[dict]:
        cols = ("load_id", "sha256", "path", "sheet", "kind", "rows", "nodes_added", "edges_added",
                "edges_seen", "rejects", "started", "finished")
        return [{c: r[c] for c in cols} for r in self._read("finished_loads")]

    def audit_head(self) -> dict | None:
        rows = self._read("audit_head")
        return {"seq": int(rows[0]["seq"]), "hash": rows[0]["hash"]} if rows else None

    def set_audit_head(self, head: dict, wait: float = 2.0) -> None:
        self._write_tx(lambda tx: self._run(tx, "set_audit_head", seq=int(head["seq"]),
                                            hash=str(head["hash"])).consume(), "recording the audit chain head")

    def shortest_path(self, a: tuple[str, str], b: tuple[str, str], max_hops: int) -> list[Edge] | None:
        a, b = tuple(a), tuple(b)
        if a == b:
            return []
        if max_hops < 1:
            return None
        rows = self._read("shortest_path", {"max_hops": int(max_hops)},
                          a=f"{a[0]}:{a[1]}", b=f"{b[0]}:{b[1]}")
        if not rows:
            return None
        out = []
        for r in rows[0]["edges"]:
            st, _, sv = r["src"].partition(":")
            dt, _, dv = r["dst"].partition(":")
            out.append(_edge(r["id"], r["type"], (st, sv), (dt, dv), r["ts"], r["amount"], r["props"]))
        return out


def _edge(eid, rel, src, dst, ts, amount, props) -> Edge:
    return Edge(str(eid), REL_TYPE.get(rel, rel), tuple(src), tuple(dst), ts, amount,
                json.loads(props or "{}"))


def _is_int(text: str) -> bool:
    try:
        int(text)
        return True
    except ValueError:
        return False


def _parse_prov(entries: list[str]) -> list[tuple[str, int, list]]:
    """Provenance entries -> [(load_id, position, [[row, columns], ...])] in the order written."""
    out = []
    for pos, entry in enumerate(entries):
        tag, sep, payload = entry.partition("\t")
        if not sep:
            continue
        load_id = tag.rpartition("#")[0]
        try:
            items = json.loads(payload)
        except ValueError:
            continue
        out.append((load_id, pos, items))
    return out


def _prov_rows(parsed, loads: dict, limit: int, by_column: bool = False) -> list[dict]:
    """Evidence rows ordered as the embedded store orders them: file path, sheet, row (and column)."""
    rows = []
    for load_id, _, items in parsed:
        ld = loads.get(load_id)
        if ld is None:  # a load that never finished (or is gone): not evidence
            continue
        for row, cols in items:
            rows.append((ld["path"], ld["sheet"] or "", row if row is not None else -1,
                         (cols or "") if by_column else "", {
                "file": os.path.basename(ld["path"]), "path": ld["path"], "sha256": ld["sha256"],
                "sheet": ld["sheet"] or None, "row": row, "columns": cols, "load_id": load_id}))
    rows.sort(key=lambda x: x[:4])  # stable: ties stay in the order they were stated
    return [r[4] for r in rows[:limit]]
