"""The whole graph as an exported graph, or with a cap its most important nodes (flagged first, then
by degree), read from the store's whole-graph arrays (see :mod:`graphfraud.analysis.subgraph`)."""

from __future__ import annotations

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.subgraph_attrs import EVIDENCE_PER_ITEM, edge_attrs, evidence_rows, node_attrs
from graphfraud.store.sorted_keys import distinct

NODE_EVIDENCE_MAX = 5000   # above this many nodes shown, nodes carry no evidence rows (one query each)


def whole(store, sel, an, cap, evidence: bool):
    """The graph of ``sel`` (the whole graph) with at most ``cap`` nodes; ``an`` annotates them."""
    import networkx as nx

    gv = GraphView.from_store(store)
    n = gv.n
    keep_idx = np.arange(n) if cap is None or n <= cap else _most_important(gv, an, cap)
    mask = np.zeros(n, dtype=bool)
    mask[keep_idx] = True
    hidden = _hidden_counts(gv, mask) if len(keep_idx) < n and gv.m else np.zeros(n, dtype=np.int64)
    eidx = np.nonzero(mask[gv.src] & mask[gv.dst])[0]
    prov = store.provenance([gv.eid[k] for k in eidx.tolist()]) if evidence else {}
    g = nx.MultiDiGraph()
    g.graph.update({"selection": sel.as_json(), "nodes_total": int(n), "nodes_shown": len(keep_idx),
                    "omitted_nodes": n - len(keep_idx)})
    for i in keep_idx.tolist():
        t, v = gv.type_of(i), gv.values[i]
        attrs = node_attrs(t, v, gv.props[i] or {}, an)
        if hidden[i]:
            attrs["hidden_neighbours"] = int(hidden[i])
        if evidence and len(keep_idx) <= NODE_EVIDENCE_MAX:
            attrs["evidence"] = evidence_rows(store.node_provenance((t, v), limit=EVIDENCE_PER_ITEM))
        g.add_node(f"{t}:{v}", **attrs)
    for k in eidx.tolist():
        ts = gv.ts[k]
        eid = gv.eid[k]
        g.add_edge(gv.key(int(gv.src[k])), gv.key(int(gv.dst[k])), key=eid,
                   **edge_attrs(eid, gv.edge_type_names[int(gv.etype[k])], None if np.isnan(ts) else int(ts),
                                gv.amount_text[k], gv.eprops[k], prov.get(eid, []) if evidence else None))
    return g


def _most_important(gv: GraphView, an, cap: int) -> np.ndarray:
    """Node indexes of the ``cap`` nodes kept: flagged first (the more flagged, the earlier), then by
    distinct degree, then by index; sorted."""
    deg = gv.distinct_degree()
    boost = np.zeros(gv.n)
    for k in (an.flagged() if an.enabled else set()):
        i = gv.index_of(*k)
        if i is not None:
            boost[i] = 1e9 * (1 + an.priority(k))
    order = np.lexsort((np.arange(gv.n), -(deg + boost)))
    return np.sort(order[:cap])


def _hidden_counts(gv: GraphView, mask: np.ndarray) -> np.ndarray:
    """Per node, how many distinct neighbours of it the cap left out (for kept nodes)."""
    n = gv.n
    a, b = gv.src, gv.dst
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pairs = distinct(lo * np.int64(n) + hi)
    u, v = pairs // n, pairs % n
    cut1 = mask[u] & ~mask[v]
    cut2 = mask[v] & ~mask[u]
    return np.zeros(n, dtype=np.int64) + np.bincount(u[cut1], minlength=n) + np.bincount(v[cut2], minlength=n)
