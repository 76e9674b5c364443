"""What facts are made into: :class:`FactBatch` (one table's nodes, edges, mentions and rejects),
the edges' columns and segments, and the stable key of a fact."""

from __future__ import annotations

import hashlib
from itertools import repeat
from typing import NamedTuple


class FactBatch:
    """Facts from one table, in row order. Rows are user-visible row numbers.

    ``nodes``: (type, value) -> props; ``edges``: tuples of EDGE_COLUMNS; ``mentions``: (type,
    value, row, column header); ``rejects``: (row, column header, value, reason). ``segments``
    holds the same edges as columns (one EdgeSegment per emission, in emission order): the
    embedded store writes from them, and ``edges`` is made from them when first asked for.
    """

    duplicates = 0  # rows that repeat an earlier row of the file (see graphfraud.duplicates)
    dated_by_day = 0  # rows whose time is a date without a time of day (``time_precision: day``)
    serial_dates = 0  # timestamp cells that are a spreadsheet's serial date numbers (``45545``)
    scientific_amounts = 0  # rows whose amount is written in scientific notation (``1.0E7``)

    def __init__(self, nodes: dict | None = None, edges: list | None = None, mentions: list | None = None,
                 rejects: list | None = None, rows: int = 0, segments: list | None = None):
        self.nodes: dict[tuple[str, str], dict] = {} if nodes is None else nodes
        self.segments: list[EdgeSegment] = [] if segments is None else segments
        self._edges = edges  # None: made from segments when first asked for
        self.mentions: list[tuple] = [] if mentions is None else mentions
        self.rejects: list[tuple] = [] if rejects is None else rejects
        self.rows = rows

    @property
    def edges(self) -> list[tuple]:
        if self._edges is None:
            self._edges = [e for s in self.segments for e in s.tuples()]
        return self._edges

    @edges.setter
    def edges(self, value: list[tuple]) -> None:
        self._edges, self.segments = value, []

    def edge_rows(self) -> list:
        """The row of every edge, from the segments when the batch holds its edges as columns."""
        if self.segments:
            return [r for s in self.segments for r in s.row]
        return [e[9] for e in self.edges]   # a batch given its edges as tuples: the row is the 10th

    def __eq__(self, other) -> bool:
        if not isinstance(other, FactBatch):
            return NotImplemented
        return (self.nodes, self.edges, self.mentions, self.rejects, self.rows) == \
            (other.nodes, other.edges, other.mentions, other.rejects, other.rows)

    def __repr__(self) -> str:
        return (f"FactBatch(rows={self.rows}, nodes={len(self.nodes)}, edges={len(self.edges)}, "
                f"mentions={len(self.mentions)}, rejects={len(self.rejects)})")


EDGE_COLUMNS = ("type", "src_type", "src_value", "dst_type", "dst_value", "ts", "disc", "amount",
                "props", "row", "cols", "key")


class EdgeSegment(NamedTuple):
    """Edges of one emission (one type, one pair of end types, one column pair) as columns of
    equal length, in row order: row j is the tuple (type, src_type, src[j], dst_type, dst[j], ts[j],
    disc[j], amount[j], props[j], row[j], cols, key[j]) of ``FactBatch.edges``."""

    type: str
    src_type: str
    dst_type: str
    cols: str
    src: list
    dst: list
    ts: list
    disc: list
    amount: list
    props: list
    row: list
    key: list

    def tuples(self):
        return zip(repeat(self.type), repeat(self.src_type), self.src, repeat(self.dst_type), self.dst,
                   self.ts, self.disc, self.amount, self.props, self.row, repeat(self.cols), self.key)


def edge_key(etype: str, st: str, sv: str, dt: str, dv: str, ts, disc: str) -> int:
    """The stable id of an edge: a signed 64-bit hash of what makes it one fact
    (type, both ends, time, discriminator). The same fact from any file, in any
    store, gets the same id."""
    h = hashlib.blake2b(f"{etype}\x1f{st}\x1f{sv}\x1f{dt}\x1f{dv}\x1f{'' if ts is None else ts}\x1f{disc}".encode(),
                        digest_size=8).digest()
    return int.from_bytes(h, "big", signed=True)


def edge_keys(etype: str, st: str, sv, dt: str, dv, ts, disc) -> list[int]:
    """:func:`edge_key` of many edges with one type and end types (same values, one C-level pass
    for the digests): ``sv``, ``dv``, ``ts``, ``disc`` are sequences of equal length."""
    import numpy as np

    pre, mid = f"{etype}\x1f{st}\x1f", f"\x1f{dt}\x1f"
    blake = hashlib.blake2b
    digests = b"".join([blake(f"{pre}{a}{mid}{b}\x1f{'' if t is None else t}\x1f{d}".encode(),
                              digest_size=8).digest() for a, b, t, d in zip(sv, dv, ts, disc)])
    return np.frombuffer(digests, dtype=">i8").astype(np.int64).tolist()


# -- columns -------------------------------------------------------------------
