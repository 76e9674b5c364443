"""The embedded store's reads of a neighbourhood without its edges' contents.

A drawn neighbourhood needs, of the edges around its nodes, mostly their ends: who
the neighbours are (to pick the nodes), how many neighbours lie outside (the
"+N" counts) and which edges join two drawn nodes. Read through
:meth:`~graphfraud.store.sqlite_read.SQLiteReader.incident`, a hub with 200,000
counterparties costs 200,000 edges with their property maps decoded; here those
answers come from the ``(src, dst)`` / ``(dst, src)`` indexes alone, and only the
edges that are drawn are read in full. The answers are the ones
:class:`~graphfraud.store.base.Store` derives from ``incident``.
"""

from __future__ import annotations

import json
from collections import defaultdict

from graphfraud.store.base import Edge, edge_order, ends_order
from graphfraud.store.jsontext import loads as _loads  # fast, and exact for long integers
from graphfraud.store.sqlite_read import _prov

CHUNK = 20_000   # ids per statement (passed as one JSON array)


def _chunks(ids: list[int]):
    for k in range(0, len(ids), CHUNK):
        yield json.dumps(ids[k:k + CHUNK])


class SQLiteLocalReads:
    """``neighbour_keys``, ``incident_ends``, ``edges_among``, ``among_ends``, ``full_edges``,
    ``outside_counts`` and a batched ``provenance`` and ``node_mentions``."""

    def neighbour_keys(self, keys) -> dict:
        ids = self._ids([tuple(k) for k in keys])
        out = {}
        q = ("SELECT type, value FROM nodes WHERE id IN"
             " (SELECT dst FROM edges WHERE src=:i UNION SELECT src FROM edges WHERE dst=:i)")
        for key, i in ids.items():
            out[key] = {(t, v) for t, v in self.db.execute(q, {"i": i})}
        return out

    def incident_ends(self, keys) -> list[tuple]:
        """As :meth:`Store.incident_ends`: read from the edges' rows without their property maps, the
        ends named in one look-up of the distinct nodes met."""
        ids = self._ids([tuple(k) for k in keys])
        rows: dict[int, tuple] = {}
        for i in ids.values():
            for col in ("src", "dst"):
                for r in self.db.execute(f"SELECT id, type, src, dst, ts FROM edges WHERE {col}=?", (i,)):
                    rows[r[0]] = r
        key_of = self._keys_of({r[2] for r in rows.values()} | {r[3] for r in rows.values()})
        out = [(str(r[0]), r[1], key_of[r[2]], key_of[r[3]], r[4]) for r in rows.values()]
        return sorted(out, key=ends_order)

    def _keys_of(self, node_ids) -> dict[int, tuple[str, str]]:
        out = {}
        q = "SELECT id, type, value FROM nodes WHERE id IN (SELECT value FROM json_each(?))"
        for part in _chunks(sorted(node_ids)):
            out.update((r[0], (r[1], r[2])) for r in self.db.execute(q, (part,)))
        return out

    def edges_among(self, keys) -> list[Edge]:
        key_of = {i: k for k, i in self._ids([tuple(k) for k in keys]).items()}   # both ends are drawn
        rows = self._among(key_of, props=True)
        return sorted((Edge(str(r[0]), r[1], key_of[r[2]], key_of[r[3]], r[4], r[5], _loads(r[6])) for r in rows),
                      key=edge_order)

    def among_ends(self, keys) -> list[tuple]:
        key_of = {i: k for k, i in self._ids([tuple(k) for k in keys]).items()}
        return [(str(r[0]), r[1], key_of[r[2]], key_of[r[3]], r[4], r[5]) for r in self._among(key_of, props=False)]

    def full_edges(self, ends: list[tuple]) -> dict[str, Edge]:
        """As :meth:`Store.full_edges`: the ends as given, the amounts and property maps read by id."""
        by_id = {e[0]: e for e in ends}
        found = {}
        q = "SELECT id, amount, props FROM edges WHERE id IN (SELECT value FROM json_each(?))"
        for part in _chunks(sorted(int(i) for i in by_id)):
            found.update((str(i), (a, p)) for i, a, p in self.db.execute(q, (part,)))
        return {i: Edge(*by_id[i][:5], found[i][0], _loads(found[i][1]))
                for i in sorted(found, key=int)}

    def _among(self, key_of: dict, props: bool) -> list[tuple]:
        """``(id, type, src, dst, ts, amount[, props])`` of the edges whose two ends are in ``key_of``."""
        ids = sorted(key_of)
        if not ids:
            return []
        every = json.dumps(ids)
        # "+e.dst": the other end is checked against the set, not looked up in the index once per
        # (src, dst) pair of the two lists (10^8 look-ups for 10^4 nodes)
        q = ("SELECT e.id, e.type, e.src, e.dst, e.ts, e.amount" + (", e.props" if props else "") + " FROM edges e"
             " WHERE e.src IN (SELECT value FROM json_each(:part))"
             " AND +e.dst IN (SELECT value FROM json_each(:every))")
        out: list[tuple] = []
        for part in _chunks(ids):
            out.extend(self.db.execute(q, {"part": part, "every": every}))
        return out

    def outside_counts(self, keys) -> dict:
        found = self._ids([tuple(k) for k in keys])
        by_id = {i: k for k, i in found.items()}
        ids = sorted(by_id)
        if not ids:
            return {}
        every = json.dumps(ids)
        q = ("WITH pairs(a, b) AS (SELECT src, dst FROM edges WHERE src IN (SELECT value FROM json_each(:part))"
             " UNION SELECT dst, src FROM edges WHERE dst IN (SELECT value FROM json_each(:part)))"
             " SELECT a, count(*) FROM pairs WHERE b NOT IN (SELECT value FROM json_each(:every)) GROUP BY a")
        out = {}
        for part in _chunks(ids):
            for a, n in self.db.execute(q, {"part": part, "every": every}):
                out[by_id[a]] = n
        return out

    def provenance(self, edge_ids: list[str]) -> dict[str, list[dict]]:
        """Where each edge was stated (at most 50 rows per edge, by file, sheet and row)."""
        wanted = {e: int(e) for e in edge_ids}
        rows: dict[int, list] = defaultdict(list)
        q = ("SELECT s.edge_id, l.path, l.sha256, l.sheet, s.row, s.cols, s.load_id FROM edge_src s"
             " JOIN loads l USING(load_id) WHERE s.edge_id IN (SELECT value FROM json_each(?))"
             " ORDER BY s.edge_id, l.path, l.sheet, s.row, s.rowid")
        for part in _chunks(sorted(set(wanted.values()))):
            for r in self.db.execute(q, (part,)):
                if len(rows[r[0]]) < 50:
                    rows[r[0]].append(r[1:])
        return {e: [_prov(r) for r in rows.get(i, [])] for e, i in wanted.items()}

    def node_mentions(self, keys, limit: int = 20) -> dict:
        """The rows that name each node on its own (at most ``limit``, by file, sheet, row, column)."""
        by_id = {i: k for k, i in self._ids([tuple(k) for k in keys]).items()}
        rows: dict = defaultdict(list)
        q = ("SELECT s.node_id, l.path, l.sha256, l.sheet, s.row, s.col, s.load_id FROM node_src s"
             " JOIN loads l USING(load_id) WHERE s.node_id IN (SELECT value FROM json_each(?))"
             " ORDER BY s.node_id, l.path, l.sheet, s.row, s.col")
        for part in _chunks(sorted(by_id)):
            for r in self.db.execute(q, (part,)):
                if len(rows[r[0]]) < limit:
                    rows[r[0]].append(_prov(r[1:]))
        return {by_id[i]: found for i, found in rows.items()}
