"""Shortest paths between two identifiers, with the evidence for every hop.

The embedded store answers with a bidirectional breadth-first search that reads
only the neighbourhoods it needs from the store's indexes (no whole-graph
rebuild per call); Neo4j answers with Cypher ``shortestPath``. Edges are
followed in either direction: a path says how two identifiers are linked, not
which way money flowed (``trace`` does that).
"""

from __future__ import annotations

from graphfraud.store.base import Edge


def bfs_path(store, a: tuple[str, str], b: tuple[str, str], max_hops: int) -> list[Edge] | None:
    """Bidirectional BFS; the returned path is deterministic (smallest keys first)."""
    if a == b:
        return []
    parents = [{a: None}, {b: None}]  # node -> (edge, previous node)
    frontiers = [[a], [b]]
    hops = 0
    while frontiers[0] and frontiers[1] and hops < max_hops:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        nxt: list[tuple[str, str]] = []
        meet = None
        fset = set(frontiers[side])
        for e in store.incident(sorted(fset)):
            for here in (e.src, e.dst):
                if here not in fset:
                    continue
                there = e.other(here)
                if there in parents[side]:
                    continue
                parents[side][there] = (e, here)
                nxt.append(there)
                if there in parents[1 - side] and meet is None:
                    meet = there
        hops += 1
        if meet is not None:
            return _join(parents, meet)
        frontiers[side] = sorted(set(nxt))
    return None


def _walk(par: dict, node) -> list[Edge]:
    out = []
    while par[node] is not None:
        e, prev = par[node]
        out.append(e)
        node = prev
    return out


def _join(parents, meet) -> list[Edge]:
    left = list(reversed(_walk(parents[0], meet)))
    right = _walk(parents[1], meet)
    return left + right


def path_json(store, a: tuple[str, str], edges: list[Edge]) -> dict:
    """A path as JSON: the nodes in order and each hop with its evidence."""
    prov = store.provenance([e.id for e in edges])
    node = a
    nodes = [{"type": a[0], "value": a[1]}]
    hops = []
    for e in edges:
        nxt = e.other(node)
        hops.append({
            "from": {"type": node[0], "value": node[1]},
            "to": {"type": nxt[0], "value": nxt[1]},
            "edge": e.as_json(),
            "direction": "forward" if e.src == node else "backward",
            "evidence": prov.get(e.id, []),
        })
        nodes.append({"type": nxt[0], "value": nxt[1]})
        node = nxt
    return {"length": len(edges), "nodes": nodes, "hops": hops}
