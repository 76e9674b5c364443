"""A graph snapshot updated with what later loads added, without reading the whole store again.

Loads only add: new nodes, new edges, and property keys on existing nodes. The store hands over
those rows (:class:`Delta`); this module merges them into the snapshot on disk
(:class:`~graphfraud.store.snapshot.Base`) and returns the columns of the new snapshot. The result
equals a snapshot built from scratch (``tests/analysis/test_snapshot_update.py``):

* nodes stay in (type, value) order: the store gives that order of all its node ids, and old
  nodes keep their relative order in it, so their edges only need their node numbers mapped;
* old edges keep their relative order too (type, source, destination, time, id: the first three
  mapped by increasing maps); only the (type, source, destination) groups new edges fall into are
  sorted again, and placed among the others by one binary search;
* text columns keep their old buffer as it is (copied file to file, never read whole) with the
  new text appended; only the offsets are reordered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphfraud.store.arrays import (
    EDGE_FACETS,
    JSONColumn,
    TextBuilder,
    TextColumn,
    amounts_of,
    edge_facets,
    edge_order,
)
from graphfraud.store.snapshot import Base, TextParts
from graphfraud.store.sorted_keys import distinct

PACKED_NODE_BITS = 29  # type, source and destination fit one int64 key below 2^29 nodes (and 32 types)


@dataclass
class Delta:
    """What loads added since a snapshot, as the store holds it.

    ``order``: every node's store id, in (type, value) order; ``nodes``: (id, type, value, props
    JSON) of the nodes added; ``changed``: snapshot position -> props JSON of older nodes whose
    properties changed; ``edges``: the added edges as columns (id, type, source id, destination
    id, time, amount text, props JSON)."""

    order: np.ndarray
    nodes: list
    changed: dict
    edges: dict


def merge(base: Base, delta: Delta) -> dict:
    """The keyword arguments of :func:`graphfraud.store.snapshot.write_parts` for the merged snapshot
    (``meta`` without fingerprint and loads)."""
    n_old = len(base.sid)
    ntypes = tuple(sorted(set(base.meta["node_types"]) | {t for _, t, _, _ in delta.nodes}))
    etypes = tuple(sorted(set(base.meta["edge_types"]) | set(delta.edges["type"])))
    where = _positions(delta.order)
    # node i of the new order comes from old position k, or from added node n_old + j
    new_sids = np.array([s for s, _, _, _ in delta.nodes], dtype=np.int64)
    take_from = np.full(len(where), -1, dtype=np.int64)
    take_from[base.sid] = np.arange(n_old)
    take_from[new_sids] = n_old + np.arange(len(new_sids))
    idx = take_from[delta.order]
    if len(idx) and idx.min() < 0:
        raise ValueError("a node of the store is neither in the snapshot nor added")
    ntype = np.concatenate([_recode(base.num["ntype"], base.meta["node_types"], ntypes),
                            np.array([ntypes.index(t) for _, t, _, _ in delta.nodes], dtype=np.int8)])[idx]
    values = np.array(base.values + [v for _, _, v, _ in delta.nodes] + [None], dtype=object)[:-1][idx]
    props = _node_props(base, delta, idx)

    edges = _Edges(base, delta.edges, etypes, where[np.asarray(base.sid)], where)  # old node -> new number
    perm = edges.merge_order()
    num = {k: edges.merged(k, perm) for k in ("etype", "src", "dst", "ts", "amount", "eid")}
    num["ntype"] = ntype
    texts = {"props": props, "amount_text": _appended(base, "amount_text", edges.amount_text, perm),
             "eprops": _appended(base, "eprops", edges.eprops, perm)}
    meta = {"node_types": list(ntypes), "edge_types": list(etypes)}
    return {"meta": meta, "num": num, "sid": np.asarray(delta.order, dtype=np.int64), "texts": texts,
            "values": values.tolist(), "facets": _facets(base, edge_facets(edges.eprops), perm)}


class _Edges:
    """The old edges (mapped from the snapshot, node numbers of the new order) and the added ones;
    a merged column is computed only when it is written (one large column in memory at a time)."""

    def __init__(self, base: Base, new: dict, etypes: tuple, old_to_new: np.ndarray, where: np.ndarray):
        self.base, self.old_to_new, self.n_old = base, old_to_new, len(base.num["etype"])
        self.etype_old = _recode(base.num["etype"], base.meta["edge_types"], etypes)
        src, dst = where[np.asarray(new["src"], dtype=np.int64)], where[np.asarray(new["dst"], dtype=np.int64)]
        if len(src) and min(src.min(), dst.min()) < 0:
            raise ValueError("an added edge ends at a node the store does not list")
        self.amount_text = TextColumn.from_strings([None if a is None else str(a) for a in new["amount"]])
        self.eprops = JSONColumn.from_strings([p or "{}" for p in new["props"]])
        self.new = {"etype": np.array([etypes.index(t) for t in new["type"]], dtype=np.int8), "src": src, "dst": dst,
                    "ts": np.array([np.nan if t is None else t for t in new["ts"]], dtype=np.float64),
                    "eid": np.asarray(new["id"], dtype=np.int64), "amount": amounts_of(self.amount_text)}

    def old(self, name: str, idx=None) -> np.ndarray:
        """Column ``name`` of the old edges (of those at ``idx``), in the new node numbers and type codes."""
        if name == "etype":
            return self.etype_old if idx is None else self.etype_old[idx]
        col = self.base.num[name] if idx is None else self.base.num[name][idx]
        return self.old_to_new[col] if name in ("src", "dst") else np.asarray(col)

    def at(self, name: str, idx: np.ndarray) -> np.ndarray:
        """Column ``name`` of the merged edges ``idx`` (sorted: old ones first)."""
        cut = np.searchsorted(idx, self.n_old)
        return np.concatenate([self.old(name, idx[:cut]), self.new[name][idx[cut:] - self.n_old]])

    def merged(self, name: str, perm: np.ndarray):
        return lambda: np.concatenate([self.old(name), self.new[name]])[perm]

    def merge_order(self) -> np.ndarray:
        """The canonical edge order of the old edges (already in order) followed by the new ones:
        only the (type, source, destination) groups the new edges fall into are sorted again."""
        n_old, n_new = self.n_old, len(self.new["eid"])
        if not n_new:
            return np.arange(n_old)
        every = np.arange(n_old + n_new)
        cols = [np.concatenate([self.old(k), self.new[k]]) for k in ("etype", "src", "dst")]
        if not (cols[0].max() < 32 and max(cols[1].max(), cols[2].max()) < 1 << PACKED_NODE_BITS):
            return edge_order(*cols, self.at("ts", every), self.at("eid", every))
        key = (cols[0].astype(np.int64) << 58) | (cols[1].astype(np.int64) << 29) | cols[2].astype(np.int64)
        del cols
        groups = distinct(key[n_old:])
        at = np.minimum(np.searchsorted(groups, key[:n_old]), len(groups) - 1)
        touched = groups[at] == key[:n_old]
        del at
        block = np.concatenate([np.nonzero(touched)[0], np.arange(n_old, n_old + n_new)])
        block = block[edge_order(*(self.at(k, block) for k in ("etype", "src", "dst", "ts", "eid")))]
        rest = np.nonzero(~touched)[0]
        # no group is in both: a block edge goes before the first other edge of a larger key
        slot = np.searchsorted(key[rest], key[block]) + np.arange(len(block))
        perm = np.empty(n_old + n_new, dtype=np.int64)
        free = np.ones(len(perm), dtype=bool)
        free[slot] = False
        perm[slot] = block
        perm[free] = rest
        return perm


def _positions(order: np.ndarray) -> np.ndarray:
    """Store node id -> position in ``order`` (-1 for ids not there)."""
    where = np.full(int(order.max()) + 1 if len(order) else 1, -1, dtype=np.int64)
    where[order] = np.arange(len(order))
    return where


def _recode(codes: np.ndarray, old_names: list, new_names: tuple) -> np.ndarray:
    """Type codes of ``old_names`` as codes of ``new_names`` (a sorted superset: order is kept)."""
    table = np.array([new_names.index(t) for t in old_names] or [0], dtype=np.int8)
    return table[np.asarray(codes)] if len(codes) else np.zeros(0, dtype=np.int8)


def _node_props(base: Base, delta: Delta, idx: np.ndarray) -> TextParts:
    """Node props: the old buffer, then the added nodes' props and the changed ones appended."""
    old = base.text["props"]
    size = base.buf_path("props").stat().st_size
    changed = sorted(delta.changed.items())
    add = TextBuilder()
    add.add([p or "{}" for _, _, _, p in delta.nodes] + [p for _, p in changed])
    col = add.finish()
    start = np.concatenate([old.start, col.start[:len(delta.nodes)] + size + 1])
    end = np.concatenate([old.end, col.end[:len(delta.nodes)] + size + 1])
    for j, (pos, _) in enumerate(changed):
        start[pos] = col.start[len(delta.nodes) + j] + size + 1
        end[pos] = col.end[len(delta.nodes) + j] + size + 1
    present = None if old.present is None else np.concatenate([old.present, np.ones(len(delta.nodes), dtype=bool)])
    return TextParts([base.buf_path("props"), b"\x00", col.buf], start[idx], end[idx],
                     None if present is None else present[idx])


def _appended(base: Base, name: str, col: TextColumn, perm: np.ndarray) -> TextParts:
    """An edge text column: the old buffer, ``col``'s appended, offsets in the merged edge order."""
    old = base.text[name]
    size = base.buf_path(name).stat().st_size + 1

    def present():
        if old.present is None and col.present is None:
            return None
        mark = [old.present if old.present is not None else np.ones(len(old.start), dtype=bool),
                col.present if col.present is not None else np.ones(len(col), dtype=bool)]
        return np.concatenate(mark)[perm]

    return TextParts([base.buf_path(name), b"\x00", col.buf],
                     lambda: np.concatenate([old.start, col.start + size])[perm],
                     lambda: np.concatenate([old.end, col.end + size])[perm], present)


def _facets(base: Base, new: dict, perm: np.ndarray) -> dict:
    """The facets of the merged edges: names of the old ones first, the new names after them."""
    out = {}
    for f in EDGE_FACETS:
        if f not in base.facets or f not in new:
            continue  # left out where some value is not a plain scalar, as a full build does
        codes, names = base.facets[f]
        keys = {(type(v).__name__, v): k for k, v in enumerate(names)}
        names = list(names)
        table = []
        for v in new[f].names[:-1].tolist():
            k = keys.get((type(v).__name__, v))
            if k is None:
                k = keys[(type(v).__name__, v)] = len(names)
                names.append(v)
            table.append(k)
        recode = np.array([*table, -1], dtype=np.int32)
        out[f] = (np.concatenate([np.asarray(codes), recode[new[f].codes]])[perm], names)
    return out
