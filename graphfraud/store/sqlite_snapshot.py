"""The embedded store's whole graph as columns (:class:`~graphfraud.store.arrays.GraphArrays`),
kept as a snapshot beside the file (:mod:`graphfraud.store.snapshot`): written when a load ends,
brought up to date with only what later loads added (:mod:`graphfraud.store.snapshot_merge`),
read from the tables in full only when there is no usable snapshot."""

from __future__ import annotations

import os
from contextlib import contextmanager

from graphfraud.progress import stage
from graphfraud.store import snapshot

_IDS_PER_QUERY = 900  # ids bound in one ``IN (...)``: below the 999 host parameters of any SQLite


class SQLiteSnapshot:
    """Whole-graph reads of the embedded store, through its snapshot."""

    def graph_arrays(self, edge_types=None):
        """The whole graph as columns (see ``graphfraud.store.arrays``), mapped from the snapshot
        beside the store, which is updated (or written) first when it is not current. A store whose
        folder cannot be written to keeps none: its tables are read for each command."""
        with self._read_transaction():
            fp = self.state()
            g = snapshot.read(self.path, fp)
            if g is None and self._bring_up_to_date(fp, self.progress) != "none":
                g = snapshot.read(self.path, fp)
            if g is None:
                g, _ = self._read_arrays(progress=self.progress)
        return g.select(edge_types) if edge_types else g

    def refresh_snapshot(self, progress=None) -> str:
        """Bring the snapshot up to the store's content (the end of a load): ``"current"`` (nothing
        to do), ``"updated"`` (what later loads added was merged in), ``"written"`` (read in full)
        or ``"none"`` (a store in memory, or a folder that cannot be written to)."""
        with self._read_transaction():
            fp = self.state()
            return "current" if snapshot.is_current(self.path, fp) else self._bring_up_to_date(fp, progress)

    def _bring_up_to_date(self, fp: str, progress) -> str:
        if str(self.path) == ":memory:" or not os.access(snapshot.snapshot_dir(self.path).parent, os.W_OK):
            return "none"
        if self._update_snapshot(fp, progress):
            return "updated"
        return "written" if self._write_read_in_full(fp, progress) else "none"

    @contextmanager
    def _read_transaction(self):
        """One read transaction: the state and every row read belong to the same committed store."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def _finished_loads(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT load_id FROM loads WHERE finished IS NOT NULL")]

    def _snapshot_state(self, fp: str) -> dict:
        """What a snapshot records of the store it was made from: the fingerprint, the finished loads,
        and the last provenance row of each kind. Provenance rows are only ever appended, in one
        writer's transaction at a time, so the rows a later load adds come after these."""
        marks = {t: self.db.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0]
                 for t in ("edge_src", "node_src")}  # table names from this fixed tuple only
        return {"fingerprint": fp, "loads": sorted(self._finished_loads()), "marks": marks}

    def _update_snapshot(self, fp: str, progress=None) -> bool:
        """Merge what the loads since the snapshot added into it; False where that cannot be done
        (no snapshot, one from other loads, or rows that do not add up), for a full read instead."""
        from graphfraud.store import snapshot_merge

        base = snapshot.read_base(self.path)
        finished = self._finished_loads()
        if base is None or not set(base.meta["loads"]) < set(finished) or "marks" not in base.meta:
            return False
        stage(progress, "snapshot.update")
        new = sorted(set(finished) - set(base.meta["loads"]))
        try:
            delta = self._snapshot_delta(base, new)
            if delta is None:
                return False
            parts = snapshot_merge.merge(base, delta)
        except (ValueError, IndexError, KeyError):
            return False
        parts["meta"].update(self._snapshot_state(fp))
        stage(progress, "snapshot.write")
        return snapshot.write_parts(self.path, **parts)

    def _snapshot_delta(self, base, new_loads: list[str]):
        """What ``new_loads`` added, as a :class:`~graphfraud.store.snapshot_merge.Delta`; None when
        the store's counts show more than they added (then the snapshot is read again in full)."""
        import numpy as np

        from graphfraud.store.snapshot_merge import Delta
        from graphfraud.store.sorted_keys import distinct

        db = self.db
        if len(new_loads) > _IDS_PER_QUERY:
            return None
        loads = ",".join("?" * len(new_loads))
        after = base.meta["marks"]
        seen = distinct(np.fromiter((r[0] for r in db.execute(
            f"SELECT edge_id FROM edge_src WHERE rowid > ? AND load_id IN ({loads})",
            (after["edge_src"], *new_loads))), dtype=np.int64))
        old = np.sort(base.num["eid"])
        at = np.minimum(np.searchsorted(old, seen), max(len(old) - 1, 0))
        known = old[at] == seen if len(old) else np.zeros(len(seen), dtype=bool)
        added = seen[~known]
        if len(base.num["eid"]) + len(added) != self._edge_total():
            return None
        edges = {k: [] for k in ("id", "type", "src", "dst", "ts", "amount", "props")}
        for row in self._rows_by_id("SELECT id, type, src, dst, ts, amount, props FROM edges", added):
            for k, v in zip(edges, row):
                edges[k].append(v)
        order = np.fromiter((r[0] for r in db.execute("SELECT id FROM nodes ORDER BY type, value")), dtype=np.int64)
        top = int(base.meta["top"])
        nodes = db.execute("SELECT id, type, value, props FROM nodes WHERE id > ? ORDER BY id", (top,)).fetchall()
        if len(order) != len(base.sid) + len(nodes):
            return None
        touched = {r[0] for r in db.execute(
            f"SELECT node_id FROM node_src WHERE rowid > ? AND load_id IN ({loads})", (after["node_src"], *new_loads))}
        touched.update(edges["src"], edges["dst"])
        for a, b in self._rows_by_id("SELECT src, dst FROM edges", seen[known]):
            touched.update((a, b))
        return Delta(order, nodes, self._changed_props(base, sorted(t for t in touched if t <= top)), edges)

    def _changed_props(self, base, ids: list[int]) -> dict[int, str]:
        """Snapshot position -> props of the nodes ``ids`` whose props are no longer the snapshot's."""
        import mmap

        import numpy as np

        where = np.full(int(base.meta["top"]) + 1, -1, dtype=np.int64)
        where[np.asarray(base.sid)] = np.arange(len(base.sid))
        out = {}
        with open(base.buf_path("props"), "rb") as f:
            size = base.buf_path("props").stat().st_size
            buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            for sid, props in self._rows_by_id("SELECT id, props FROM nodes", ids):
                k = int(where[sid])
                if base.text_item("props", k, buf) != props:
                    out[k] = props
        return out

    def _rows_by_id(self, select: str, ids):
        """Rows of ``select ... WHERE id IN (ids)``, a few hundred ids per query."""
        ids = [int(x) for x in ids]
        for i in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[i:i + _IDS_PER_QUERY]
            yield from self.db.execute(f"{select} WHERE id IN ({','.join('?' * len(part))})", part)

    def _edge_total(self) -> int:
        counts = self._stored_counts()
        if counts is not None:
            return sum(counts["edges"].values())
        return self.db.execute("SELECT count(*) FROM edges").fetchone()[0]

    def _read_arrays(self, chunk: int = 200_000, progress=None):
        """The whole graph read from the tables (:meth:`_read_columns`), edges in their canonical
        order; and the store id of each node."""
        from graphfraud.store.arrays import ordered_from

        cols = self._read_columns(chunk, progress)
        stage(progress, "snapshot.order")
        sid = cols.pop("sid")
        return ordered_from(cols), sid

    def _write_read_in_full(self, fp: str, progress=None) -> bool:
        """Read the whole graph from the tables and write it as the snapshot, putting one column at a
        time in edge order as it is written (the columns in order are never all in memory)."""
        from graphfraud.store.arrays import amounts_of, edge_facets, edge_order

        c = self._read_columns(progress=progress)
        stage(progress, "snapshot.order")
        order = edge_order(c["etype"], c["src"], c["dst"], c["tsf"], c["ids"])
        facets = {f: (_taken(x.codes, order), x.names[:-1].tolist()) for f, x in edge_facets(c["eprops"]).items()}
        num = {"ntype": c["ntype"], "etype": _taken(c["etype"], order), "src": _taken(c["src"], order),
               "dst": _taken(c["dst"], order), "ts": _taken(c["tsf"], order), "eid": _taken(c["ids"], order),
               "amount": lambda: amounts_of(c["amount_text"])[order]}
        texts = {"props": snapshot.TextParts.of(c["props"]), "amount_text": _text_taken(c["amount_text"], order),
                 "eprops": _text_taken(c["eprops"], order)}
        meta = {**self._snapshot_state(fp), "node_types": list(c["ntypes"]), "edge_types": list(c["edge_type_names"])}
        stage(progress, "snapshot.write")
        return snapshot.write_parts(self.path, meta, num, c["sid"], texts, c["values"].tolist(), facets)

    def _read_columns(self, chunk: int = 200_000, progress=None) -> dict:
        """The whole graph read from the tables as columns (:mod:`graphfraud.store.sqlite_columns`)."""
        from graphfraud.store.sqlite_columns import read_columns

        return read_columns(self.db, chunk, progress)

def _taken(col, order):
    """``col`` in ``order``, computed when the snapshot writes it."""
    return lambda: col[order]


def _text_taken(col, order) -> snapshot.TextParts:
    """A text column in ``order``: the buffer as it is, the offsets put in order when written."""
    return snapshot.TextParts([col.buf], _taken(col.start, order), _taken(col.end, order),
                              None if col.present is None else _taken(col.present, order))
