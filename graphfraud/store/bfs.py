"""Bidirectional breadth-first search over any store's ``incident`` reads.

The default :meth:`Store.shortest_path`: it reads only the neighbourhoods it
needs (no whole-graph rebuild per call). Edges are followed in either
direction; the path found is deterministic (smallest keys first).
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
