"""A read-only, array-backed view of the whole graph for whole-graph analyses.

``GraphView.from_store(store)`` reads ``store.graph_arrays()`` once (on the
embedded store, from the snapshot kept beside it) and keeps the graph as numpy
arrays, with property maps decoded only when looked at: node ``i`` is row ``i`` of the nodes frame, which every
backend orders by ``(type, value)``, so node indexes — and with them every
result computed here — are the same on the embedded store and on Neo4j.
Adjacency is built on demand as CSR arrays (one per edge-type selection and
direction) and cached; an analysis that needs igraph builds its ``Graph`` from
the arrays (see :mod:`graphfraud.analysis.communities`).

Everything here is deterministic: no hashing of Python objects decides an
order, ties are broken by node index (= ``(type, value)`` order) and edge
position (the frame's ``(type, src, dst, ts, id)`` order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphfraud.progress import stage
from graphfraud.store.sorted_keys import distinct, grouped_order, ranks

__all__ = ["CSR", "GraphView", "Positions"]


@dataclass(frozen=True)
class CSR:
    """Compressed adjacency: the edges of node ``i`` are ``edge[indptr[i]:indptr[i+1]]``
    and the node at their other end is ``other[...]`` (same slice)."""

    indptr: np.ndarray
    edge: np.ndarray
    other: np.ndarray

    def edges_of(self, i: int) -> np.ndarray:
        return self.edge[self.indptr[i]:self.indptr[i + 1]]

    def others_of(self, i: int) -> np.ndarray:
        return self.other[self.indptr[i]:self.indptr[i + 1]]

    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)


class Positions:
    """Where each value stands in an integer array: one stable sort, then a look-up is two binary
    searches. ``positions(v)`` equals ``np.nonzero(arr == v)[0]`` (increasing positions) without a
    scan of the whole array for each of the hundreds of accounts a detector explains.

    >>> Positions(np.array([3, 1, 3, 2]))(3).tolist()
    [0, 2]
    """

    def __init__(self, arr: np.ndarray):
        self.order = np.argsort(arr, kind="stable")
        self.sorted = arr[self.order]

    def __call__(self, v) -> np.ndarray:
        lo, hi = np.searchsorted(self.sorted, v, "left"), np.searchsorted(self.sorted, v, "right")
        return self.order[lo:hi]


def _csr(n: int, owner: np.ndarray, other: np.ndarray, edge: np.ndarray, rank: np.ndarray) -> CSR:
    """Group edges by ``owner``; inside a group by ``rank`` (differs between the entries of one
    owner). At 10^7 transfers one packed sort (:func:`grouped_order`) took 4.0 s where sorting by
    the keys one after the other took 10.0 s."""
    counts = np.bincount(owner, minlength=n) if len(owner) else np.zeros(n, dtype=np.int64)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    order = grouped_order(owner, rank)
    return CSR(indptr, edge[order].astype(np.int64), other[order].astype(np.int64))


@dataclass
class GraphView:
    """Nodes and edges of a store as arrays. Build with :meth:`from_store` or :meth:`from_frames`."""

    node_type_names: tuple[str, ...]
    ntype: np.ndarray            # int8 code into node_type_names, per node
    values: np.ndarray           # object: canonical value, per node
    props: list                  # dict per node
    edge_type_names: tuple[str, ...]
    etype: np.ndarray            # int8 code into edge_type_names, per edge
    src: np.ndarray              # int64 node index
    dst: np.ndarray              # int64 node index
    ts: np.ndarray               # float64 epoch seconds, NaN when none
    amount: np.ndarray           # float64, NaN when none
    amount_text: np.ndarray      # object: exact decimal text or None
    eid: np.ndarray              # object: backend edge id (for provenance)
    eprops: list                 # dict per edge
    efacets: dict = field(default_factory=dict)  # property name -> Facet (see store.arrays)
    currency: str | None = None  # the one currency of ``amount`` (see one_currency)
    other_currency_edges: int = 0
    _cache: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ building
    @classmethod
    def from_store(cls, store, edge_types: tuple[str, ...] | list[str] | None = None) -> GraphView:
        """Read the store's graph once (optionally only some edge types)."""
        from graphfraud.analysis.viewstore import ViewStore

        if isinstance(store, ViewStore) and not edge_types:  # it already holds the whole graph
            return store.view
        stage(store.progress, "graph.read")   # the store may name finer steps
        return cls.from_arrays(store.graph_arrays(tuple(edge_types) if edge_types else None))

    @classmethod
    def from_arrays(cls, g) -> GraphView:
        """From a store's :class:`~graphfraud.store.arrays.GraphArrays` (text decoded lazily)."""
        return cls(node_type_names=g.node_type_names, ntype=g.ntype, values=g.values, props=g.props,
                   edge_type_names=g.edge_type_names, etype=g.etype, src=g.src, dst=g.dst, ts=g.ts,
                   amount=g.amount, amount_text=g.amount_text, eid=g.eid, eprops=g.eprops,
                   efacets=g.efacets).one_currency()

    def one_currency(self) -> GraphView:
        """Amounts in one currency only: the analyses add and compare ``amount``, so transfers in any
        other currency than the one most transfers use get no amount there (NaN; their exact text stays
        in ``amount_text`` for display). ``currency`` names the one kept, ``other_currency_edges`` counts
        the rest. A store in one currency (or with no currency column) is left as it is."""
        T = self.edges_of_type("transfer")
        facet = self.efacets.get("currency")
        if facet is not None:   # category codes: no property decoded per edge
            codes = facet.codes[T]
            names = facet.names[:-1]
        else:
            names, codes = np.unique(np.array([c or "" for c in self.edge_prop("currency", T)] + [""],
                                              dtype=object)[:-1], return_inverse=True)
            names = np.array([c or None for c in names.tolist()] + [None], dtype=object)[:-1]
        counts = np.bincount(codes[codes >= 0], minlength=len(names))
        named = [(int(n), str(c)) for c, n in zip(names.tolist(), counts.tolist()) if c and n]
        self.currency = min(named, key=lambda x: (-x[0], x[1]))[1] if named else None   # most used, then A-Z
        keep = np.array([c == self.currency or not c for c in names.tolist()] + [True], dtype=bool)
        other = ~keep[np.where(codes >= 0, codes, len(names))]
        self.other_currency_edges = int(other.sum())
        if self.other_currency_edges:
            self.amount = np.array(self.amount, dtype=np.float64)
            self.amount[T[other]] = np.nan
        return self

    @classmethod
    def from_frames(cls, nodes, edges) -> GraphView:
        ntypes = tuple(sorted(set(nodes["type"].tolist()))) if len(nodes) else ()
        ncode = {t: k for k, t in enumerate(ntypes)}
        ntype = np.array([ncode[t] for t in nodes["type"].tolist()], dtype=np.int8)
        values = np.array(nodes["value"].tolist() + [None], dtype=object)[:-1]
        etypes = tuple(sorted(set(edges["type"].tolist()))) if len(edges) else ()
        ecode = {t: k for k, t in enumerate(etypes)}
        etype = np.array([ecode[t] for t in edges["type"].tolist()], dtype=np.int8)
        amount_text = edges["amount_text"].to_numpy(dtype=object) if len(edges) else np.zeros(0, dtype=object)
        amount_text = np.array([None if (x is None or (isinstance(x, float) and np.isnan(x))) else str(x)
                                for x in amount_text.tolist()] + [None], dtype=object)[:-1]
        return cls(
            node_type_names=ntypes, ntype=ntype, values=values, props=list(nodes["props"].tolist()),
            edge_type_names=etypes, etype=etype,
            src=edges["src"].to_numpy(dtype=np.int64) if len(edges) else np.zeros(0, dtype=np.int64),
            dst=edges["dst"].to_numpy(dtype=np.int64) if len(edges) else np.zeros(0, dtype=np.int64),
            ts=edges["ts"].to_numpy(dtype=np.float64) if len(edges) else np.zeros(0),
            amount=edges["amount"].to_numpy(dtype=np.float64) if len(edges) else np.zeros(0),
            amount_text=amount_text,
            eid=np.array(edges["id"].astype(str).tolist() + [None], dtype=object)[:-1],
            eprops=list(edges["props"].tolist()),
        ).one_currency()

    # ------------------------------------------------------------------ sizes and lookups
    @property
    def n(self) -> int:
        return len(self.ntype)

    @property
    def m(self) -> int:
        return len(self.etype)

    def type_code(self, node_type: str) -> int:
        """Code of a node type (-1 if the graph has no node of that type)."""
        try:
            return self.node_type_names.index(node_type)
        except ValueError:
            return -1

    def edge_code(self, edge_type: str) -> int:
        try:
            return self.edge_type_names.index(edge_type)
        except ValueError:
            return -1

    def type_of(self, i: int) -> str:
        return self.node_type_names[int(self.ntype[i])]

    def props_of(self, i: int) -> dict:
        return self.props[i] or {}

    def node(self, i: int) -> tuple[str, str]:
        return self.type_of(i), self.values[i]

    def key(self, i: int) -> str:
        """``"type:value"``, the stable id used in outputs."""
        return f"{self.type_of(i)}:{self.values[i]}"

    def node_json(self, i: int) -> dict:
        return {"type": self.type_of(i), "value": self.values[i]}

    def once(self, name: str, compute):
        """``compute()``, computed once per view and kept under ``name``: what several analyses of
        one view share (the mule scores, the transfer-structure scores, every node's degree)."""
        hit = self._cache.get(("once", name))
        if hit is None:
            hit = self._cache[("once", name)] = compute()
        return hit

    def index_of(self, node_type: str, value: str) -> int | None:
        idx = self._cache.get("index")
        if idx is None:
            idx = {(self.node_type_names[c], v): k for k, (c, v) in enumerate(zip(self.ntype.tolist(),
                                                                                   self.values.tolist()))}
            self._cache["index"] = idx
        return idx.get((node_type, value))

    def nodes_of_type(self, node_type: str) -> np.ndarray:
        c = self.type_code(node_type)
        return np.nonzero(self.ntype == c)[0] if c >= 0 else np.zeros(0, dtype=np.int64)

    def edge_mask(self, edge_types=None) -> np.ndarray:
        if edge_types is None:
            return np.ones(self.m, dtype=bool)
        if isinstance(edge_types, str):
            edge_types = (edge_types,)
        codes = [self.edge_code(t) for t in edge_types]
        return np.isin(self.etype, [c for c in codes if c >= 0])

    def edges_of_type(self, edge_types) -> np.ndarray:
        return np.nonzero(self.edge_mask(edge_types))[0]

    def node_prop(self, name: str, nodes=None) -> list:
        """One property of many nodes (None where absent)."""
        it = np.arange(self.n) if nodes is None else nodes
        if hasattr(self.props, "get"):
            return self.props.get(name, it)
        return [(self.props[i] or {}).get(name) for i in it]

    def edge_prop(self, name: str, edges) -> list:
        """One property of many edges (None where absent)."""
        facet = self.efacets.get(name)
        if facet is not None:
            return facet.values(edges).tolist()
        if hasattr(self.eprops, "get"):
            return self.eprops.get(name, edges)
        return [(self.eprops[k] or {}).get(name) for k in edges]

    def exact_sums(self, edges: np.ndarray, group: np.ndarray, k: int) -> list:
        """Exact ``Decimal`` totals of the amounts of ``edges`` per group id ``group`` (0..k); amounts
        that are whole numbers are added as integers in one vectorised pass, the rest as decimals."""
        from decimal import Decimal

        a = self.amount[edges]
        whole = np.isfinite(a) & (a == np.round(a)) & (np.abs(a) < 2.0 ** 52)
        out = [Decimal(0)] * (k + 1)
        if whole.any():
            ints = a[whole].astype(np.int64)
            g = group[whole]
            if float(np.abs(ints).sum()) < 2.0 ** 52:  # float totals of whole numbers stay exact
                tot = np.bincount(g, weights=ints.astype(np.float64), minlength=k + 1)
                out = [Decimal(int(x)) for x in tot.tolist()]
            else:
                acc = [0] * (k + 1)
                for x, c in zip(ints.tolist(), g.tolist()):
                    acc[c] += x
                out = [Decimal(x) for x in acc]
        rest = np.nonzero(~whole & ~np.isnan(a))[0]   # NaN: no amount, or another currency
        if len(rest):
            for x, c in zip(self.amount_text[edges[rest]].tolist(), group[rest].tolist()):
                if x is not None:
                    try:
                        out[c] += Decimal(str(x))
                    except ArithmeticError:
                        continue
        return out

    # ------------------------------------------------------------------ adjacency
    def csr(self, edge_types=None, direction: str = "both") -> CSR:
        """Adjacency over the chosen edge types. ``direction``: ``out`` (by source), ``in`` (by
        destination) or ``both`` (each edge listed at both ends). Inside a node's slice edges are
        ordered by time, then edge position."""
        tkey = tuple(sorted(edge_types)) if edge_types is not None and not isinstance(edge_types, str) else (
            (edge_types,) if isinstance(edge_types, str) else None)
        ck = ("csr", tkey, direction)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        if direction not in ("out", "in", "both"):
            raise ValueError(f"direction must be out, in or both, not {direction!r}")
        e = self.edges_of_type(tkey) if tkey is not None else np.arange(self.m)   # ascending positions
        # a node's slice in the order of time (no time first), then of position
        rank = ranks(np.where(np.isnan(self.ts[e]), -np.inf, self.ts[e]))
        if direction == "out":
            out = _csr(self.n, self.src[e], self.dst[e], e, rank)
        elif direction == "in":
            out = _csr(self.n, self.dst[e], self.src[e], e, rank)
        else:
            loops = self.src[e] == self.dst[e]   # a self-loop is listed once
            out = _csr(self.n, np.concatenate([self.src[e], self.dst[e][~loops]]),
                       np.concatenate([self.dst[e], self.src[e][~loops]]), np.concatenate([e, e[~loops]]),
                       np.concatenate([rank, rank[~loops]]))
        self._cache[ck] = out
        return out

    def neighbours(self, i: int, edge_types=None, direction: str = "both") -> np.ndarray:
        """Distinct neighbours of node ``i`` (sorted node indexes)."""
        return distinct(self.csr(edge_types, direction).others_of(i))

    def distinct_degree(self, edge_types=None) -> np.ndarray:
        """Number of distinct neighbours of every node over the chosen edge types (either direction)."""
        ck = ("ddeg", tuple(sorted(edge_types)) if edge_types is not None else None)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        e = self.edges_of_type(edge_types) if edge_types is not None else np.arange(self.m)
        a, b = self.src[e], self.dst[e]
        keep = a != b
        lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        pairs = distinct(lo * np.int64(self.n) + hi) if len(lo) else np.zeros(0, dtype=np.int64)
        u, v = pairs // self.n, pairs % self.n
        deg = np.bincount(u, minlength=self.n) + np.bincount(v, minlength=self.n)
        self._cache[ck] = deg
        return deg

    # ------------------------------------------------------------------ pairs (undirected, aggregated)
    def pair_sums(self, edges: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Aggregate edges to undirected node pairs: (u, v, summed weight), u < v, sorted; loops dropped."""
        a, b = self.src[edges], self.dst[edges]
        keep = a != b
        a, b, w = a[keep], b[keep], np.asarray(weights, dtype=np.float64)[keep]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        code = lo * np.int64(max(self.n, 1)) + hi
        uniq, inv = np.unique(code, return_inverse=True)
        tot = np.bincount(inv, weights=w, minlength=len(uniq)) if len(uniq) else np.zeros(0)
        n = max(self.n, 1)
        return uniq // n, uniq % n, tot

    # ------------------------------------------------------------------ evidence
    def edge_json(self, k: int) -> dict:
        from graphfraud.normalize.timestamp import format_epoch

        out = {"id": self.eid[k], "type": self.edge_type_names[int(self.etype[k])],
               "from": self.node_json(int(self.src[k])), "to": self.node_json(int(self.dst[k]))}
        if not np.isnan(self.ts[k]):
            out["time"] = format_epoch(int(self.ts[k]))
        if self.amount_text[k] is not None:
            out["amount"] = self.amount_text[k]
        p = self.eprops[k] or {}
        for name in ("txn_id", "description", "channel", "country", "role"):
            if name in p:
                out[name] = p[name]
        return out

    def evidence(self, store, edges, limit: int = 3) -> list[dict]:
        """Up to ``limit`` edges as JSON, each with the file and row that state it."""
        edges = [int(k) for k in list(edges)[:limit]]
        if not edges:
            return []
        prov = store.provenance([self.eid[k] for k in edges])
        out = []
        for k in edges:
            d = self.edge_json(k)
            where = prov.get(self.eid[k]) or []
            d["evidence"] = [{"file": p.get("file"), "sheet": p.get("sheet"), "row": p.get("row")}
                             for p in where[:3]]
            if where:
                d["file"], d["row"] = where[0].get("file"), where[0].get("row")
            out.append(d)
        return out
