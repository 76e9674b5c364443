"""A store whose neighbourhood reads are answered from a :class:`GraphView` already in memory.

``trace`` and case linking read neighbourhoods one account at a time through
``store.incident``, ``store.degrees`` and ``store.nodes``. That is the right way
for one trace (a few small queries), but the report and ``link-cases`` trace
every victim's money: hundreds of traces, thousands of queries. When the whole
graph is in memory anyway, :class:`ViewStore` answers those three reads from its
arrays, with exactly the store's answers (same edges, same order, same
properties); everything else (provenance, loads, ...) goes to the real store.
"""

from __future__ import annotations

import math

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.store.base import Edge, edge_order  # the order every store lists incident edges in


class ViewStore:
    """Wraps ``store``; ``incident``/``degrees``/``nodes`` come from ``view`` (the same graph)."""

    def __init__(self, store, view: GraphView):
        self._store = store
        self.view = view
        self._edges: dict[int, Edge] = {}  # edge position -> Edge, built once (traces re-read the same)
        self._pos: dict[str, int] = {}     # edge id -> position, for the edges built so far
        self._keys: dict[int, tuple] = {}  # node index -> (type, value): a hub ends thousands of edges

    @classmethod
    def wrap(cls, store):
        """``store`` with its whole graph in memory (read once); a ViewStore stays as it is."""
        if isinstance(store, cls):
            return store
        return cls(store, GraphView.from_store(store))

    def __getattr__(self, name):
        return getattr(self._store, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    # -- the three neighbourhood reads --------------------------------------------------
    def nodes(self, keys) -> dict:
        out = {}
        for key in keys:
            i = self.view.index_of(*key)
            if i is not None:
                out[tuple(key)] = self.view.props_of(i)
        return out

    def degrees(self, keys) -> dict:
        gv = self.view
        deg = gv.once("all_degrees", lambda: np.bincount(gv.src, minlength=gv.n) + np.bincount(gv.dst, minlength=gv.n))
        out = {}
        for key in keys:
            i = gv.index_of(*key)
            if i is not None:
                out[tuple(key)] = int(deg[i])
        return out

    def incident(self, keys, types=None, limit_per_node=None) -> list[Edge]:
        if limit_per_node:  # the per-direction limit is the store's own; ask it
            return self._store.incident(keys, types=types, limit_per_node=limit_per_node)
        gv = self.view
        csr = gv.csr(tuple(sorted(types)) if types else None, "both")
        seen: set[int] = set()
        for key in keys:
            i = gv.index_of(*key)
            if i is not None:
                seen.update(csr.edges_of(i).tolist())
        out = [self._edge(k) for k in seen]
        out.sort(key=edge_order)
        return out

    def _edge(self, k: int) -> Edge:
        e = self._edges.get(k)
        if e is None:
            e = self._edges[k] = self._make_edge(k)
            self._pos[e.id] = k
        return e

    def position(self, edge: Edge) -> int:
        """The view's position of an edge this store handed out."""
        return self._pos[edge.id]

    def _make_edge(self, k: int) -> Edge:
        gv = self.view
        ts = float(gv.ts[k])
        return ViewEdge(gv.eid[k], gv.edge_type_names[int(gv.etype[k])], self._key(int(gv.src[k])),
                        self._key(int(gv.dst[k])), None if math.isnan(ts) else int(ts), gv.amount_text[k],
                        gv.eprops, k)

    def _key(self, i: int) -> tuple:
        key = self._keys.get(i)
        if key is None:
            key = self._keys[i] = self.view.node(i)
        return key


class ViewEdge(Edge):
    """An :class:`~graphfraud.store.base.Edge` whose ``props`` are read from the view when first asked.

    A trace lists every transfer of each account it passes (a hub's thousands), but looks at the
    properties of the few it follows: decoding them all cost time, and at 10^7 transfers it brought
    1.7 GB of the snapshot's mapped property text into memory. Equal to the plain ``Edge`` with the
    same fields, and compared the same way.
    """

    def __init__(self, eid, etype, src, dst, ts, amount, eprops, k: int):
        # Edge is frozen; one call per field, no loop (a trace builds millions of edges). Writing
        # the instance's __dict__ at once was faster to build but made every attribute read slower
        put = object.__setattr__
        put(self, "id", eid)
        put(self, "type", etype)
        put(self, "src", src)
        put(self, "dst", dst)
        put(self, "ts", ts)
        put(self, "amount", amount)
        put(self, "_eprops", eprops)
        put(self, "_k", k)

    @property
    def props(self) -> dict:
        found = getattr(self, "_props", None)
        if found is None:
            found = self._eprops[self._k] or {}
            object.__setattr__(self, "_props", found)
        return found

    def _fields(self) -> tuple:
        return self.id, self.type, self.src, self.dst, self.ts, self.amount, self.props

    def __eq__(self, other):
        if not isinstance(other, Edge):
            return NotImplemented
        return self._fields() == (other.id, other.type, other.src, other.dst, other.ts, other.amount, other.props)

    __hash__ = None   # as Edge's: its props are a dict

    def __repr__(self) -> str:
        return repr(Edge(*self._fields()))

    def __reduce__(self):   # pickled as the plain Edge it equals, without the view
        return Edge, self._fields()

