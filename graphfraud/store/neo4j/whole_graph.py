"""The whole graph of a Neo4j database as columns (:class:`~graphfraud.store.arrays.GraphArrays`),
read as it streams in.

The relationships arrive in slices of :data:`SLICE` records; each slice becomes integer arrays and
packed text before the next is read, so the client never holds millions of Python rows at once (at
10^6 transfers, 3.4 million relationships of seven fields each). The columns are the ones
:func:`~graphfraud.store.arrays.build_arrays` makes from plain rows: nodes in (type, value) order,
edges in the canonical order, the same on both stores.
"""

from __future__ import annotations

import numpy as np

from graphfraud.store.arrays import JSONColumn, TextBuilder, TextColumn, ordered_arrays

SLICE = 100_000   # relationships turned into columns at a time


class _Edges:
    """The columns of the relationships read so far."""

    def __init__(self, pos: dict):
        self.pos = pos
        self.type_code: dict[str, int] = {}
        self.ids, self.etype, self.src, self.dst, self.ts = [], [], [], [], []
        self.amount, self.props = TextBuilder(), TextBuilder()

    def add(self, rows: list) -> None:
        """``rows``: (id, type, src key, dst key, ts, amount text, props text) records."""
        codes = self.type_code
        self.ids.append(np.fromiter((int(r[0]) for r in rows), dtype=np.int64, count=len(rows)))
        self.etype.append(np.fromiter((codes.setdefault(r[1], len(codes)) for r in rows), dtype=np.int16,
                                      count=len(rows)))
        self.src.append(np.fromiter((self.pos[r[2]] for r in rows), dtype=np.int64, count=len(rows)))
        self.dst.append(np.fromiter((self.pos[r[3]] for r in rows), dtype=np.int64, count=len(rows)))
        self.ts.append(np.fromiter((np.nan if r[4] is None else r[4] for r in rows), dtype=np.float64,
                                   count=len(rows)))
        self.amount.add(None if r[5] is None else str(r[5]) for r in rows)
        self.props.add(r[6] or "{}" for r in rows)

    def columns(self):
        """(type names in sorted order, type codes, src, dst, ts, ids, amount texts, property maps)."""
        cat = (lambda xs, dt: np.concatenate(xs) if xs else np.zeros(0, dtype=dt))
        names = tuple(sorted(self.type_code))
        recode = np.zeros(max(len(names), 1), dtype=np.int8)
        for t, c in self.type_code.items():
            recode[c] = names.index(t)
        etype = recode[cat(self.etype, np.int16)] if self.etype else np.zeros(0, dtype=np.int8)
        return (names, etype, cat(self.src, np.int64), cat(self.dst, np.int64), cat(self.ts, np.float64),
                cat(self.ids, np.int64), self.amount.finish(TextColumn), self.props.finish(JSONColumn))


def read_graph_arrays(node_rows: list, edge_records, slice_size: int = SLICE):
    """Columns from the nodes (type, value, props) and a stream of relationship records (see
    :meth:`_Edges.add`); ``edge_records`` is consumed ``slice_size`` records at a time."""
    node_rows = sorted(node_rows, key=lambda r: (r[0], r[1]))
    pos = {f"{t}:{v}": i for i, (t, v, _) in enumerate(node_rows)}
    types = tuple(sorted({r[0] for r in node_rows}))
    code = {t: k for k, t in enumerate(types)}
    ntype = np.fromiter((code[r[0]] for r in node_rows), dtype=np.int8, count=len(node_rows))
    values = np.array([r[1] for r in node_rows] + [None], dtype=object)[:-1]
    props = JSONColumn.from_strings([r[2] or "{}" for r in node_rows])
    del node_rows
    edges, part = _Edges(pos), []
    for rec in edge_records:
        part.append(rec)
        if len(part) == slice_size:
            edges.add(part)
            part = []
    if part:
        edges.add(part)
    names, etype, src, dst, tsf, ids, amount_text, eprops = edges.columns()
    return ordered_arrays(types, ntype, values, props, names, etype, src, dst, tsf, ids, amount_text, eprops)
