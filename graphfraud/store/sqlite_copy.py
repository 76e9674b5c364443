"""The embedded store read page by page for ``graphfraud push`` (see :mod:`graphfraud.push`): its
finished loads, and its nodes, facts and rejects in id order, each with its provenance grouped per
load. Only this module and the store's own read and write paths run SQL on the file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

LOAD_COLUMNS = ("load_id", "sha256", "path", "size", "kind", "sheet", "mapping", "case_id", "started", "finished",
                "rows", "nodes_added", "edges_added", "edges_seen", "rejects")


class SQLiteCopyReader:
    """What push reads from :class:`~graphfraud.store.sqlite.SQLiteStore`."""

    def finished_loads(self) -> list[dict]:
        """The loads whose every batch was written, in the order they were made."""
        rows = self.db.execute(f"SELECT {', '.join(LOAD_COLUMNS)} FROM loads WHERE finished IS NOT NULL"
                               " ORDER BY rowid").fetchall()
        return [dict(zip(LOAD_COLUMNS, r)) for r in rows]

    def node_pages(self, size: int, load_ids: set) -> Iterator[list[tuple]]:
        """Pages of at most ``size`` nodes: ``(id, type, value, props, {load id: [[row, column], ...]})``,
        the mentions of ``load_ids`` only."""
        last = 0
        while True:
            rows = self.db.execute("SELECT id, type, value, props FROM nodes WHERE id > ? ORDER BY id LIMIT ?",
                                   (last, size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            ment = self._sources("SELECT node_id, load_id, row, col FROM node_src WHERE node_id IN ({})"
                                 " ORDER BY rowid", [r[0] for r in rows], load_ids)
            yield [(*r, ment.get(r[0], {})) for r in rows]

    def edge_pages(self, size: int, load_ids: set) -> Iterator[list[tuple]]:
        """Pages of at most ``size`` facts: ``(id, type, (src type, value), (dst type, value), ts, disc,
        amount, props, {load id: [[row, columns], ...]})``, the statements of ``load_ids`` only."""
        last = None  # edge ids are signed 64-bit fact keys
        while True:
            rows = self.db.execute(
                "SELECT e.id, e.type, s.type, s.value, d.type, d.value, e.ts, e.disc, e.amount, e.props"
                " FROM edges e JOIN nodes s ON s.id = e.src JOIN nodes d ON d.id = e.dst"
                " WHERE (?1 IS NULL OR e.id > ?1) ORDER BY e.id LIMIT ?2", (last, size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            stated = self._sources("SELECT edge_id, load_id, row, cols FROM edge_src WHERE edge_id IN ({})"
                                   " ORDER BY rowid", [r[0] for r in rows], load_ids)
            yield [(eid, et, (st, sv), (dt, dv), ts, disc, amount, props, stated.get(eid, {}))
                   for eid, et, st, sv, dt, dv, ts, disc, amount, props in rows]

    def reject_pages(self, size: int) -> Iterator[list[tuple]]:
        """Pages of at most ``size`` rejects: ``(rowid, load id, row, column, value, reason)``."""
        last = 0
        while True:
            rows = self.db.execute("SELECT rowid, load_id, row, col, value, reason FROM rejects WHERE rowid > ?"
                                   " ORDER BY rowid LIMIT ?", (last, size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield rows

    def _sources(self, sql: str, ids: list, load_ids) -> dict:
        """Provenance rows of the given node or edge ids, grouped: id -> load id -> [[row, columns], ...]."""
        out: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for i in range(0, len(ids), 900):  # in pieces SQLite accepts
            part = ids[i:i + 900]
            for fid, lid, row, cols in self.db.execute(sql.format(",".join("?" * len(part))), part):
                if lid in load_ids:
                    out[fid][lid].append([row, cols])
        return out
