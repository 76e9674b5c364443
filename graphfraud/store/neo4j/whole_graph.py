"""The whole graph of a Neo4j database as columns (:class:`~graphfraud.store.arrays.GraphArrays`),
read as it streams in.

The server sends the relationships leaving each :data:`CHUNK` nodes as one row of lists (the named
query ``all_edges_columns``): at 10^6 transfers 3.4 million relationships arrive in about 125 rows,
where one row per relationship cost the driver about 50 microseconds each. Each row becomes integer
arrays and packed text before the next is read, so the client never holds millions of Python values
at once. The columns are the ones :func:`~graphfraud.store.arrays.build_arrays` makes from plain
rows: nodes in (type, value) order, edges in the canonical order, the same on both stores.
"""

from __future__ import annotations

import functools

import numpy as np

from graphfraud.store.arrays import JSONColumn, TextBuilder, TextColumn, ordered_from

CHUNK = 2_000     # nodes whose relationships the server sends as one row of lists


def give_back_freed_memory() -> None:
    """Return the pages of freed memory to the system (glibc's ``malloc_trim``; nothing elsewhere).

    The rows' arrays are many small blocks; freed, they stay in the process's heap, and the joined
    columns, allocated while they were still there, come on top: the client's peak held both.
    Given back as each column is joined, the peak holds the rows' arrays and one column more."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


class _Edges:
    """The columns of the relationships read so far."""

    def __init__(self, pos: dict):
        self.pos = pos
        self.type_code: dict[str, int] = {}
        self.ids, self.etype, self.src, self.dst, self.ts = [], [], [], [], []
        self.amount, self.props = TextBuilder(), TextBuilder()

    def add_columns(self, ids, types, src, dst, ts, amounts, props) -> None:
        """One row's fields (see :data:`EDGE_FIELDS`) as lists: ids, type names, end keys, times (NaN
        where there is none), amount texts and property maps ("" or None where there is none)."""
        codes, pos, n = self.type_code, self.pos, len(ids)
        self.ids.append(np.fromiter((int(x) for x in ids), dtype=np.int64, count=n))
        self.etype.append(np.fromiter((codes.setdefault(t, len(codes)) for t in types), dtype=np.int16, count=n))
        self.src.append(np.fromiter((pos[k] for k in src), dtype=np.int64, count=n))
        self.dst.append(np.fromiter((pos[k] for k in dst), dtype=np.int64, count=n))
        self.ts.append(np.array(ts, dtype=np.float64).reshape(n))
        self.amount.add(None if a is None or a == "" else str(a) for a in amounts)
        self.props.add(p or "{}" for p in props)

    def columns(self):
        """(type names in sorted order, type codes, src, dst, ts, ids, amount texts, property maps)."""
        def cat(name, dt):   # the chunks let go once joined, their pages given back
            xs = getattr(self, name)
            setattr(self, name, [])
            out = np.concatenate(xs) if xs else np.zeros(0, dtype=dt)
            del xs
            give_back_freed_memory()
            return out

        names = tuple(sorted(self.type_code))
        recode = np.zeros(max(len(names), 1), dtype=np.int8)
        for t, c in self.type_code.items():
            recode[c] = names.index(t)
        etype = recode[cat("etype", np.int16)] if self.etype else np.zeros(0, dtype=np.int8)
        src, dst, ts, ids = cat("src", np.int64), cat("dst", np.int64), cat("ts", np.float64), cat("ids", np.int64)
        amount = self.amount.finish(TextColumn)
        give_back_freed_memory()
        props = self.props.finish(JSONColumn)
        give_back_freed_memory()
        return names, etype, src, dst, ts, ids, amount, props


def _nodes_in_order(node_rows: list):
    """(types, type codes, values, props, key -> position) of the nodes (type, value, props) in
    (type, value) order."""
    node_rows = sorted(node_rows, key=lambda r: (r[0], r[1]))
    pos = {f"{t}:{v}": i for i, (t, v, _) in enumerate(node_rows)}
    types = tuple(sorted({r[0] for r in node_rows}))
    code = {t: k for k, t in enumerate(types)}
    ntype = np.fromiter((code[r[0]] for r in node_rows), dtype=np.int8, count=len(node_rows))
    values = np.array([r[1] for r in node_rows] + [None], dtype=object)[:-1]
    props = JSONColumn.from_strings([r[2] or "{}" for r in node_rows])
    return types, ntype, values, props, pos


def _arrays(nodes, edges: _Edges):
    """The ordered columns; the unordered ones are held by nothing but :func:`ordered_from`."""
    names = ("ntypes", "ntype", "values", "props", "edge_type_names", "etype", "src", "dst", "tsf", "ids",
             "amount_text", "eprops")
    return ordered_from(dict(zip(names, (*nodes[:4], *edges.columns()))))


EDGE_FIELDS = ("id", "type", "src", "dst", "ts", "amount", "props")


def read_graph_columns(node_chunks, edge_chunks):
    """Columns from rows of lists, as the named queries ``all_nodes_columns`` and
    ``all_edges_columns`` send them: node rows with ``n``, ``type``, ``value``, ``props``; edge rows
    with ``n`` and :data:`EDGE_FIELDS` (relationship types already named as the model names them).
    A row whose lists are not all ``n`` long (a null collected away) is refused."""
    node_rows = []
    for row in node_chunks:
        _check_lengths(row, ("type", "value", "props"))
        node_rows += zip(row["type"], row["value"], row["props"])
    nodes = _nodes_in_order(node_rows)
    del node_rows
    edges = _Edges(nodes[4])
    for row in edge_chunks:
        _check_lengths(row, EDGE_FIELDS)
        edges.add_columns(*(row[f] for f in EDGE_FIELDS))
    return _arrays(nodes, edges)


def _check_lengths(row, fields) -> None:
    n = row["n"]
    if any(len(row[f]) != n for f in fields):
        from graphfraud.errors import StoreError

        raise StoreError(f"the whole-graph read got lists of {sorted({len(row[f]) for f in fields})} items "
                         f"for {n} rows: a field that should never be null was null")
