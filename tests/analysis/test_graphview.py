"""The adjacency of the whole-graph view: each node's edges in time order, checked against a plain
definition on random graphs (self-loops, parallel edges, edges without a time)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hst

from graphfraud.analysis.graphview import GraphView

EDGE_TYPES = ("call", "transfer")


def _view(n: int, rows: list) -> GraphView:
    m = len(rows)
    col = (lambda k, dt: np.array([r[k] for r in rows], dtype=dt) if rows else np.zeros(0, dtype=dt))
    return GraphView(node_type_names=("account",), ntype=np.zeros(n, dtype=np.int8),
                     values=np.array([str(i) for i in range(n)] + [None], dtype=object)[:-1],
                     props=[{}] * n, edge_type_names=EDGE_TYPES, etype=col(0, np.int8), src=col(1, np.int64),
                     dst=col(2, np.int64), ts=col(3, np.float64), amount=np.full(m, np.nan),
                     amount_text=np.array([None] * m + [None], dtype=object)[:-1],
                     eid=np.array([str(k) for k in range(m)] + [None], dtype=object)[:-1], eprops=[{}] * m)


def _plain(n: int, rows: list, types, direction: str) -> list[list[tuple[int, int]]]:
    """Per node: (edge, other end), by time (none first), then edge position."""
    out: list[list] = [[] for _ in range(n)]
    for k, (t, s, d, ts) in enumerate(rows):
        if types is not None and EDGE_TYPES[t] not in types:
            continue
        ends = {"out": [(s, d)], "in": [(d, s)], "both": [(s, d)] + ([(d, s)] if s != d else [])}[direction]
        for owner, other in ends:
            out[owner].append((-math.inf if math.isnan(ts) else ts, k, other))
    return [[(k, o) for _t, k, o in sorted(x)] for x in out]


@settings(max_examples=300, deadline=None)
@given(hst.integers(1, 12).flatmap(lambda n: hst.tuples(hst.just(n), hst.lists(
    hst.tuples(hst.integers(0, 1), hst.integers(0, n - 1), hst.integers(0, n - 1),
               hst.one_of(hst.just(float("nan")), hst.sampled_from([0.0, 5.0, 5.0, 60.0, -3.0]))), max_size=40))),
       hst.sampled_from([None, ("transfer",), ("call", "transfer")]), hst.sampled_from(["out", "in", "both"]))
def test_each_nodes_edges_come_in_time_order_then_by_position(graph, types, direction):
    n, rows = graph
    csr = _view(n, rows).csr(types, direction)
    got = [list(zip(csr.edges_of(i).tolist(), csr.others_of(i).tolist())) for i in range(n)]
    assert got == _plain(n, rows, types, direction)
    assert csr.indptr[-1] == len(csr.edge) == len(csr.other)
