"""Shortest paths between two identifiers, with the evidence for every hop.

The embedded store answers with a bidirectional breadth-first search that reads
only the neighbourhoods it needs from the store's indexes (no whole-graph
rebuild per call; :mod:`graphfraud.store.bfs` is the same search over any
store's ``incident``); Neo4j answers with Cypher ``shortestPath``. Edges are
followed in either direction: a path says how two identifiers are linked, not
which way money flowed (``trace`` does that).
"""

from __future__ import annotations

from graphfraud.store.base import Edge
from graphfraud.store.bfs import bfs_path  # noqa: F401  (the store layer's search, named here too)


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
