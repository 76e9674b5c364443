"""The read path of the embedded store: counts, nodes, incident edges, provenance, shortest paths and
the whole graph as frames (as arrays: sqlite_snapshot.py)."""

from __future__ import annotations

import json
import os

from graphfraud.store.base import Edge, edge_order
from graphfraud.store.jsontext import loads as _loads  # fast, and exact for long integers


class SQLiteReader:
    """What the analyses read from the database file."""

    def rejects(self, load_id: str | None = None) -> list[dict]:
        q = ("SELECT loads.path, loads.sheet, rejects.row, rejects.col, rejects.value, rejects.reason,"
             " rejects.load_id FROM rejects JOIN loads USING(load_id)")
        args: tuple = ()
        if load_id:
            q += " WHERE rejects.load_id=?"
            args = (load_id,)
        q += " ORDER BY loads.path, loads.sheet, rejects.row, rejects.col"
        cols = ("file", "sheet", "row", "column", "value", "reason", "load_id")
        return [dict(zip(cols, r)) for r in self.db.execute(q, args)]

    # -- reading ---------------------------------------------------------------
    def stats(self) -> dict:
        c = self._stored_counts() or self._scan_counts()
        nodes = {t: k for t, k in sorted(c["nodes"].items()) if k}
        edges = {t: k for t, k in sorted(c["edges"].items()) if k}
        files, rejects = self.db.execute(
            "SELECT count(DISTINCT sha256), coalesce(sum(rejects), 0) FROM loads WHERE finished IS NOT NULL"
        ).fetchone()
        return {"nodes": nodes, "edges": edges, "files": files, "rejects": rejects,
                "total_nodes": sum(nodes.values()), "total_edges": sum(edges.values())}

    def _ids(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        out = {}
        for t, v in keys:
            r = self.db.execute("SELECT id FROM nodes WHERE type=? AND value=?", (t, v)).fetchone()
            if r:
                out[(t, v)] = r[0]
        return out

    def nodes(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        out = {}
        for t, v in keys:
            r = self.db.execute("SELECT props FROM nodes WHERE type=? AND value=?", (t, v)).fetchone()
            if r:
                out[(t, v)] = json.loads(r[0])
        return out

    def degrees(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        ids = self._ids(keys)
        out = {}
        for k, i in ids.items():
            a = self.db.execute("SELECT (SELECT count(*) FROM edges WHERE src=?) + "
                                "(SELECT count(*) FROM edges WHERE dst=?)", (i, i)).fetchone()[0]
            out[k] = a
        return out

    def incident(self, keys, types=None, limit_per_node=None) -> list[Edge]:
        ids = self._ids(list(keys))
        if not ids:
            return []
        by_id = {i: k for k, i in ids.items()}
        out: dict[int, Edge] = {}
        tfilter = ""
        targs: tuple = ()
        if types:
            tfilter = f" AND e.type IN ({','.join('?' * len(types))})"
            targs = tuple(types)
        lim = f" LIMIT {int(limit_per_node)}" if limit_per_node else ""
        q = ("SELECT e.id, e.type, s.type, s.value, d.type, d.value, e.ts, e.amount, e.props FROM edges e"
             " JOIN nodes s ON s.id=e.src JOIN nodes d ON d.id=e.dst WHERE e.{col}=?{tf}"
             " ORDER BY e.type, s.type, s.value, d.type, d.value, e.ts, e.id{lim}")
        for i in by_id:
            for col in ("src", "dst"):
                for r in self.db.execute(q.format(col=col, tf=tfilter, lim=lim), (i, *targs)):
                    if r[0] not in out:
                        out[r[0]] = Edge(str(r[0]), r[1], (r[2], r[3]), (r[4], r[5]), r[6], r[7], _loads(r[8]))
        return sorted(out.values(), key=edge_order)

    def shortest_path(self, a: tuple[str, str], b: tuple[str, str], max_hops: int) -> list[Edge] | None:
        """Bidirectional breadth-first search over the src/dst indexes, reading only (edge, src, dst)
        integers for the frontier (no joins, no property maps); the path's edges are read in full at
        the end. Deterministic: the smaller frontier grows first, ties go to the smaller edge id."""
        a, b = tuple(a), tuple(b)
        if a == b:
            return []
        ids = self._ids([a, b])
        if a not in ids or b not in ids or max_hops < 1:
            return None
        parents: list[dict] = [{ids[a]: None}, {ids[b]: None}]  # node id -> (edge id, previous node id)
        frontiers = [[ids[a]], [ids[b]]]
        hops = 0
        while frontiers[0] and frontiers[1] and hops < max_hops:
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            fset = set(frontiers[side])
            nxt, meet = [], None
            for eid, src, dst in sorted(self._frontier_edges(frontiers[side])):
                for here, there in ((src, dst), (dst, src)):
                    if here not in fset or there in parents[side]:
                        continue
                    parents[side][there] = (eid, here)
                    nxt.append(there)
                    if meet is None and there in parents[1 - side]:
                        meet = there
            hops += 1
            if meet is not None:
                return self._edges_by_id(_joined(parents, meet))
            frontiers[side] = sorted(set(nxt))
        return None

    def _frontier_edges(self, nodes: list[int], chunk: int = 500):
        for k in range(0, len(nodes), chunk):
            part = nodes[k:k + chunk]
            marks = ",".join("?" * len(part))
            yield from self.db.execute(f"SELECT id, src, dst FROM edges WHERE src IN ({marks})", part)
            yield from self.db.execute(f"SELECT id, src, dst FROM edges WHERE dst IN ({marks})", part)

    def _edges_by_id(self, edge_ids: list[int]) -> list[Edge]:
        out = []
        for eid in edge_ids:
            r = self.db.execute("SELECT e.id, e.type, s.type, s.value, d.type, d.value, e.ts, e.amount, e.props"
                                " FROM edges e JOIN nodes s ON s.id=e.src JOIN nodes d ON d.id=e.dst WHERE e.id=?",
                                (eid,)).fetchone()
            out.append(Edge(str(r[0]), r[1], (r[2], r[3]), (r[4], r[5]), r[6], r[7], _loads(r[8])))
        return out

    def node_provenance(self, key, limit: int = 20) -> list[dict]:
        """Where a node was stated: its stand-alone mentions and the edges it is an end of."""
        ids = self._ids([key])
        if not ids:
            return []
        i = ids[key]
        rows = self.db.execute(
            "SELECT * FROM (SELECT l.path, l.sha256, l.sheet, s.row, s.col, s.load_id FROM node_src s"
            " JOIN loads l USING(load_id) WHERE s.node_id=:i"
            " UNION ALL SELECT l.path, l.sha256, l.sheet, es.row, es.cols, es.load_id FROM edges e"
            " JOIN edge_src es ON es.edge_id=e.id JOIN loads l USING(load_id) WHERE e.src=:i"
            " UNION ALL SELECT l.path, l.sha256, l.sheet, es.row, es.cols, es.load_id FROM edges e"
            " JOIN edge_src es ON es.edge_id=e.id JOIN loads l USING(load_id) WHERE e.dst=:i AND e.src<>:i)"
            " ORDER BY 1, 3, 4, 5 LIMIT :n", {"i": i, "n": limit}).fetchall()
        return [_prov(r) for r in rows]

    def graph_frames(self, edge_types=None):
        import numpy as np
        import pandas as pd

        nodes = pd.read_sql_query("SELECT id, type, value, props FROM nodes ORDER BY type, value", self.db)
        index = pd.Series(np.arange(len(nodes)), index=nodes["id"].to_numpy())
        q = "SELECT id, type, src, dst, ts, amount, props FROM edges"
        args: tuple = ()
        if edge_types:
            q += f" WHERE type IN ({','.join('?' * len(edge_types))})"
            args = tuple(edge_types)
        edges = pd.read_sql_query(q, self.db, params=args)
        edges["src"] = index.reindex(edges["src"].to_numpy()).to_numpy()
        edges["dst"] = index.reindex(edges["dst"].to_numpy()).to_numpy()
        edges["id"] = edges["id"].astype(str)
        edges["amount_text"] = edges["amount"]
        edges["amount"] = pd.to_numeric(edges["amount"], errors="coerce")
        edges["ts"] = edges["ts"].astype("float64")
        edges["props"] = [_loads(p) for p in edges["props"]]
        edges = edges.sort_values(["type", "src", "dst", "ts", "id"], kind="stable").reset_index(drop=True)
        nodes = nodes.drop(columns="id")
        nodes["props"] = [_loads(p) for p in nodes["props"]]
        return nodes, edges

    def state(self) -> str:
        """The fingerprint of the finished loads (every load that changes the graph adds one)."""
        from graphfraud.store import snapshot

        return snapshot.fingerprint(self.db.execute("SELECT load_id, finished FROM loads WHERE finished IS NOT NULL"))

    def kept_result(self, name: str, state: str):
        from graphfraud.store import results

        return None if str(self.path) == ":memory:" else results.read(self.path, name, state)

    def keep_result(self, name: str, state: str, value) -> bool:
        from graphfraud.store import results

        return str(self.path) != ":memory:" and results.keep(self.path, name, state, value)

    def kept_index(self, name: str, state: str):
        from graphfraud.store import results

        return None if str(self.path) == ":memory:" else results.read_index(self.path, name, state)

    def keep_index(self, name: str, state: str, rows) -> bool:
        from graphfraud.store import results

        return str(self.path) != ":memory:" and results.keep_index(self.path, name, state, rows)

    def loads(self) -> list[dict]:
        cols = ("load_id", "sha256", "path", "sheet", "kind", "rows", "nodes_added", "edges_added",
                "edges_seen", "rejects", "started", "finished")
        return [dict(zip(cols, r)) for r in self.db.execute(
            f"SELECT {', '.join(cols)} FROM loads ORDER BY started, path, sheet")]



def _joined(parents: list[dict], meet: int) -> list[int]:
    """Edge ids of the path through ``meet``: from the first search's root, then to the second's."""
    def walk(par):
        out, node = [], meet
        while par[node] is not None:
            eid, node = par[node]
            out.append(eid)
        return out
    return list(reversed(walk(parents[0]))) + walk(parents[1])


def _prov(r) -> dict:
    return {"file": os.path.basename(r[0]), "path": r[0], "sha256": r[1], "sheet": r[2] or None, "row": r[3],
            "columns": r[4], "load_id": r[5]}

