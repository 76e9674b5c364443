"""Facts on their way into Neo4j: nodes and relationships with their provenance, sliced and
grouped for the write queries, and the transactions that write relationship slices side by side."""

from __future__ import annotations

import collections
import json
import threading
from json.encoder import encode_basestring  # what json.dumps(text, ensure_ascii=False) writes
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from graphfraud.store.neo4j.store import Neo4jStore


class NodeFact:
    __slots__ = ("type", "value", "props", "tags", "prov", "rows")

    def __init__(self, type_, value, props, tags, prov, rows):
        self.type, self.value, self.props = type_, value, props
        self.tags, self.prov, self.rows = tags, prov, rows


class EdgeFact:
    __slots__ = ("id", "type", "src", "dst", "ts", "disc", "amount", "props", "tags", "prov", "rows")

    def __init__(self, id_, type_, src, dst, ts, disc, amount, props, tags, prov, rows):
        self.id, self.type, self.src, self.dst, self.ts, self.disc = id_, type_, src, dst, ts, disc
        self.amount, self.props, self.tags, self.prov, self.rows = amount, props, tags, prov, rows


def _rows(pairs) -> tuple[int, int] | None:
    if len(pairs) == 1:  # most facts are stated by one row
        row = pairs[0][0]
        return (row, row) if isinstance(row, int) else None
    rows = [p[0] for p in pairs if isinstance(p[0], int)]
    return (min(rows), max(rows)) if rows else None


_JSON_TEXT: dict[str, str] = {}  # column names as JSON strings


def _pairs_json(pairs: list) -> str:
    """``json.dumps(pairs, ensure_ascii=False)`` of [[row, columns], ...] provenance pairs,
    written directly: a load makes one such text per fact and per node."""
    parts = []
    for pair in pairs:
        row, cols = pair
        if type(row) is int and type(cols) is str:
            text = _JSON_TEXT.get(cols)
            if text is None:
                if len(_JSON_TEXT) > 10000:
                    _JSON_TEXT.clear()
                text = _JSON_TEXT[cols] = encode_basestring(cols)
            parts.append(f"[{row}, {text}]")
        else:
            parts.append(json.dumps(pair, ensure_ascii=False))
    return "[" + ", ".join(parts) + "]"


def _span(chunk) -> str:
    spans = [x.rows for x in chunk if x.rows]
    if not spans:
        return "rows unknown"
    return f"rows {min(s[0] for s in spans)}–{max(s[1] for s in spans)}"


def _slices(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class _EdgeRun:
    """The relationships of one type in a slice, ready to send: their ids (for edge_ids), the
    distinct keys of their end nodes and the rows of create_edges (positions in those keys)."""

    __slots__ = ("facts", "ids", "keys", "rows")

    def __init__(self, facts: list[EdgeFact]):
        pos: dict[str, int] = {}
        rows = []
        for e in facts:
            src, dst = f"{e.src[0]}:{e.src[1]}", f"{e.dst[0]}:{e.dst[1]}"
            si = pos.get(src)
            if si is None:
                si = pos[src] = len(pos)
            di = pos.get(dst)
            if di is None:
                di = pos[dst] = len(pos)
            rows.append([si, di, e.id, e.ts, e.disc, e.amount, e.props or "{}", e.prov])
        self.facts, self.ids, self.keys, self.rows = facts, [e.id for e in facts], list(pos), rows


class _EdgeSlice:
    """One slice of relationships, grouped by type (each query names one type)."""

    __slots__ = ("runs",)

    def __init__(self, chunk: list[EdgeFact]):
        by_type: dict[str, list] = {}
        for e in chunk:
            by_type.setdefault(e.type, []).append(e)
        self.runs = {t: _EdgeRun(facts) for t, facts in by_type.items()}


class NewFactTypes:
    """The relationship types whose facts were all new so far in one load or one push: their
    next slices are CREATEd without asking which exist (see ``_write_edge_slice``). One per load
    or push, handed to every slice it writes and shared by its writer threads (hence the lock);
    never kept on the store."""

    def __init__(self):
        self._types: set[str] = set()
        self._lock = threading.Lock()

    def __contains__(self, rel: str) -> bool:
        with self._lock:
            return rel in self._types

    def add(self, rel: str) -> None:
        with self._lock:
            self._types.add(rel)

    def discard(self, rel: str) -> None:
        with self._lock:
            self._types.discard(rel)


_BATCH_DONE = object()  # the helper thread has handed over every write of one batch


class _EdgeWriters:
    """Writes the relationship slices of one batch in WRITERS transactions side by side.

    The slices of a batch hold different facts (a batch's facts are distinct), and their
    nodes are written before them, so their transactions are independent; a deadlock
    between two of them is a transient error the driver retries. The server then uses
    more than one core. ``drain`` waits for every slice submitted (in order: counts, the
    first error) before anything else of the file is written; with one writer a slice is
    written at once, in this thread.
    """

    def __init__(self, store: Neo4jStore, progress, new_types: NewFactTypes):
        self.store, self.progress, self.created = store, progress, 0
        self.new_types = new_types
        self.pending: collections.deque = collections.deque()
        self.pool = None
        if store.writers > 1:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(store.writers, thread_name_prefix="graphfraud-neo4j-write")

    def submit(self, piece: _EdgeSlice, where: str, step: int) -> None:
        if self.pool is None:
            self.created += self.store._write_edge_slice(piece, where, self.new_types)
            if self.progress and step:
                self.progress(step)
            return
        while len(self.pending) >= self.store.writers:
            self._finish_one()
        self.pending.append((self.pool.submit(self.store._write_edge_slice, piece, where, self.new_types), step))

    def _finish_one(self) -> None:
        future, step = self.pending.popleft()
        self.created += future.result()
        if self.progress and step:
            self.progress(step)

    def drain(self) -> int:
        """Wait for every slice submitted; return how many relationships they created."""
        while self.pending:
            self._finish_one()
        created, self.created = self.created, 0
        return created

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:  # after an error: no slice is started, the running ones end
            self.pool.shutdown(wait=True, cancel_futures=True)


def _gated(items: Iterable, turns: threading.Semaphore, stop: threading.Event):
    """``items``, each taken only once ``turns`` grants one (never after ``stop``)."""
    it = iter(items)
    while True:
        while not turns.acquire(timeout=0.5):
            if stop.is_set():
                return
        if stop.is_set():
            return
        try:
            item = next(it)
        except StopIteration:
            return
        yield item

