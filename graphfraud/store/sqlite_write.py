"""The write path of the embedded store: a file's batches of facts in one transaction, the
per-type counts kept in ``meta``, and rejects."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable
from itertools import repeat

from graphfraud.errors import StoreError
from graphfraud.progress import stage
from graphfraud.store.base import LoadCounts, LoadRecord
from graphfraud.store.sqlite_schema import EDGE_INDEXES


class SQLiteWriter:
    """Loads, nodes, edges, provenance and rejects written to the database file."""

    _set_aside: list | None = None  # indexes a running write_file dropped, to build again before its commit

    def is_loaded(self, sha256: str, sheet: str) -> bool:
        return self.db.execute("SELECT 1 FROM loads WHERE sha256=? AND sheet=? AND finished IS NOT NULL",
                               (sha256, sheet)).fetchone() is not None

    def write_file(self, loads: list[tuple[LoadRecord, Iterable]], progress=None) -> list[LoadCounts]:
        db = self.db
        results = []
        self._set_aside = None  # indexes dropped for this transaction (see _bulk_indexes)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS _n(type TEXT, value TEXT, props TEXT)")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS _e(seq INTEGER PRIMARY KEY, id INTEGER, type TEXT,"
                       " src INTEGER, dst INTEGER, ts INTEGER, disc TEXT, amount TEXT, props TEXT)")
            tally = self._stored_counts() or self._scan_counts()
            self._upgrade_indexes()
            for rec, batches in loads:
                counts = LoadCounts()
                if self.is_loaded(rec.sha256, rec.sheet):  # by another load that held the lock before this one
                    counts.already_loaded = True
                    results.append(counts)
                    continue
                db.execute(
                    "INSERT INTO loads(load_id, sha256, path, size, kind, sheet, mapping, case_id, started)"
                    " VALUES(?,?,?,?,?,?,?,?,?)",
                    (rec.load_id, rec.sha256, rec.path, rec.size, rec.kind, rec.sheet,
                     json.dumps(rec.mapping, ensure_ascii=False), rec.case_id, rec.started))
                staged: set[str] = set()  # edge types this load staged in _e
                for batch in batches:
                    self._write_batch(rec.load_id, batch, counts, tally, staged)
                    if progress:
                        progress(batch.rows)
                stage(progress, "load.merge")
                self._merge_edges(staged, counts, tally)
                db.execute(
                    "UPDATE loads SET finished=datetime('now'), rows=?, nodes_added=?, edges_added=?,"
                    " edges_seen=?, rejects=? WHERE load_id=?",
                    (counts.rows, counts.nodes_added, counts.edges_added, counts.edges_seen, counts.rejects,
                     rec.load_id))
                results.append(counts)
            if self._set_aside:
                stage(progress, "load.index")
            for _, sql in self._set_aside or ():
                db.execute(sql)
            if loads:
                tally["of"] = self._fingerprint()
                db.execute("INSERT OR REPLACE INTO meta VALUES('counts', ?)", (json.dumps(tally, sort_keys=True),))
            stage(progress, "load.commit")
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")  # the dropped indexes come back with it
            if isinstance(exc, sqlite3.DatabaseError):  # full disk, locked too long, a damaged file
                raise StoreError(f"cannot write the store {self.path}: {exc}") from None
            raise
        finally:
            self._set_aside = None
        return results

    def _upgrade_indexes(self) -> None:
        """Stores written before the edge indexes held both ends get them now, in the load's
        transaction: a breadth-first step then reads (edge, src, dst) from the index alone."""
        for name, cols in EDGE_INDEXES.items():
            have = [r[2] for r in self.db.execute("SELECT * FROM pragma_index_info(?)", (name,))]
            if have and have != list(cols):
                self.db.execute(f'DROP INDEX "{name}"')  # names and columns from EDGE_INDEXES only
                self.db.execute(f'CREATE INDEX "{name}" ON edges({", ".join(cols)})')

    def _merge_edges(self, staged: set[str], counts: LoadCounts, tally: dict) -> None:
        """Move the load's staged edges into the table in id order, one statement per type (each
        type counts the rows it added). Ties keep file order, and INSERT OR IGNORE keeps the first
        statement of a fact, as one row-by-row pass over the file would."""
        db = self.db
        for t in sorted(staged):
            before = db.total_changes
            db.execute("INSERT OR IGNORE INTO edges(id, type, src, dst, ts, disc, amount, props)"
                       " SELECT id, type, src, dst, ts, disc, amount, props FROM _e"
                       " WHERE type = ? ORDER BY id, seq", (t,))
            added = db.total_changes - before
            counts.edges_added += added
            tally["edges"][t] = tally["edges"].get(t, 0) + added
        db.execute("DELETE FROM _e")

    def _bulk_indexes(self, existing: int, adding: int) -> None:
        """Once per transaction, before its first edges: when a load brings more edges than the store
        holds, drop the edge indexes and build them again before the commit — sorting all entries
        once is cheaper than inserting the new ones one by one at random places. It all happens
        inside the transaction: readers, an interrupted load and the committed schema never see
        the store without them."""
        if self._set_aside is not None:
            return
        self._set_aside = []
        if existing >= adding:
            return
        rows = self.db.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
                               " AND name IN ('edges_src', 'edges_dst', 'edge_src_edge') ORDER BY rowid").fetchall()
        for name, _ in rows:
            self.db.execute(f'DROP INDEX "{name}"')
        self._set_aside = rows

    def _write_batch(self, load_id: str, batch, counts: LoadCounts, tally: dict, staged: set[str]) -> None:
        db = self.db
        counts.rows += batch.rows
        counts.rejects += len(batch.rejects)
        if batch.rejects:
            _insert(db, "INSERT INTO rejects VALUES", "(?,?,?,?,?)",
                    [(load_id, r, c, v, why) for r, c, v, why in batch.rejects])
        top = db.execute("SELECT coalesce(max(id), 0) FROM nodes").fetchone()[0]  # new nodes get larger ids
        db.execute("DELETE FROM _n")
        _insert(db, "INSERT INTO _n VALUES", "(?,?,?)", _node_rows(batch.nodes))
        # A new node's props are stored as json_patch(props, props): what the merge below made of
        # them when it also ran over new nodes (SQLite's compact JSON).
        cur = db.execute("INSERT OR IGNORE INTO nodes(type, value, props) SELECT type, value,"
                         " CASE WHEN props <> '{}' THEN json_patch(props, props) ELSE props END FROM _n")
        counts.nodes_added += cur.rowcount
        if cur.rowcount:
            _add(tally["nodes"], db.execute("SELECT type, count(*) FROM nodes WHERE id > ? GROUP BY type", (top,)))
        # first statement of a property wins; later files add keys they bring
        db.execute("UPDATE nodes SET props = json_patch(_n.props, nodes.props) FROM _n"
                   " WHERE _n.props <> '{}' AND nodes.type = _n.type AND nodes.value = _n.value"
                   " AND nodes.id <= ? AND nodes.props <> json_patch(_n.props, nodes.props)", (top,))
        ids: dict[str, dict[str, int]] = {}
        for t, v, i in db.execute(
                "SELECT _n.type, _n.value, nodes.id FROM _n JOIN nodes ON nodes.type=_n.type AND nodes.value=_n.value"):
            d = ids.get(t)
            if d is None:
                d = ids[t] = {}
            d[v] = i
        _insert(db, "INSERT INTO node_src VALUES", "(?,?,?,?)",
                [(ids[t][v], load_id, row, col) for t, v, row, col in batch.mentions])
        segments = batch.segments if batch.segments else _segments(batch.edges)
        if not segments:
            return
        n_edges = sum(len(s.key) for s in segments)
        counts.edges_seen += n_edges
        self._bulk_indexes(sum(tally["edges"].values()), n_edges)
        # Edges are staged in file order and merged into the table once per load, in id order
        # (_merge_edges): the table's B-tree is then written front to back, whatever the size of
        # the file, instead of at random places batch after batch.
        chain = itertools.chain.from_iterable
        cols = [list(chain(s.key for s in segments)), list(chain(repeat(s.type, len(s.key)) for s in segments)),
                list(chain(map(ids[s.src_type].__getitem__, s.src) for s in segments)),
                list(chain(map(ids[s.dst_type].__getitem__, s.dst) for s in segments)),
                list(chain(s.ts for s in segments)), list(chain(s.disc for s in segments)),
                list(chain(s.amount for s in segments)), list(chain(s.props for s in segments))]
        _insert_cols(db, "INSERT INTO _e(id, type, src, dst, ts, disc, amount, props) VALUES", "(?,?,?,?,?,?,?,?)",
                     cols)
        staged.update(s.type for s in segments)
        for s in segments:  # the load and the columns are one value per segment: written as literals
            lit = _literal(load_id), _literal(s.cols)
            if None in lit:
                _insert_cols(db, "INSERT INTO edge_src VALUES", "(?,?,?,?)",
                             [s.key, [load_id] * len(s.key), s.row, [s.cols] * len(s.key)])
            else:
                _insert_cols(db, "INSERT INTO edge_src VALUES", f"(?, {lit[0]}, ?, {lit[1]})", [s.key, s.row])

    # -- per-type counts ---------------------------------------------------------
    # write_file keeps the number of nodes and edges of each type in meta ('counts'), with the
    # number of finished loads and the largest node id it saw; stats() uses them when they still
    # describe the store (a store written before, or by another version, is counted by a scan).
    def _fingerprint(self) -> list[int]:
        loads = self.db.execute("SELECT count(*) FROM loads WHERE finished IS NOT NULL").fetchone()[0]
        top = self.db.execute("SELECT coalesce(max(id), 0) FROM nodes").fetchone()[0]
        return [loads, top]

    def _stored_counts(self) -> dict | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='counts'").fetchone()
            c = json.loads(row[0]) if row else None
        except (sqlite3.OperationalError, ValueError, TypeError):
            return None
        if not isinstance(c, dict) or not isinstance(c.get("nodes"), dict) or not isinstance(c.get("edges"), dict):
            return None
        return c if c.get("of") == self._fingerprint() else None

    def _scan_counts(self) -> dict:
        return {"nodes": dict(self.db.execute("SELECT type, count(*) FROM nodes GROUP BY type")),
                "edges": dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type"))}

    def record_rejects(self, load_id: str, rejects: list[tuple]) -> None:
        self.db.executemany("INSERT INTO rejects VALUES(?,?,?,?,?)",
                            [(load_id, r, c, v, why) for r, c, v, why in rejects])


_PLAIN = frozenset({str, int, bool, type(None)})  # values whose equality means equal JSON (with their type)


def _node_rows(nodes: dict) -> list[tuple]:
    """(type, value, props JSON) of a batch's nodes; equal props of plain values are encoded once."""
    out = []
    memo: dict = {}
    for (t, v), p in nodes.items():
        if not p:
            out.append((t, v, "{}"))
            continue
        types = tuple(map(type, p.values()))
        k = (tuple(p.items()), types) if _PLAIN.issuperset(types) else None
        j = memo.get(k) if k is not None else None
        if j is None:
            j = json.dumps(p, ensure_ascii=False, sort_keys=True, default=str)
            if k is not None:
                memo[k] = j
        out.append((t, v, j))
    return out


def _segments(edges: list[tuple]) -> list:
    """EdgeSegments of edges given as tuples: runs of one type, end types and columns, in order."""
    from graphfraud.facts import EdgeSegment

    out = []
    for (t, st, dt, cols), run in itertools.groupby(edges, key=lambda e: (e[0], e[1], e[3], e[10])):
        _, _, src, _, dst, ts, disc, amount, props, row, _, key = map(list, zip(*run))
        out.append(EdgeSegment(t, st, dt, cols, src, dst, ts, disc, amount, props, row, key))
    return out


_MAX_PARAMS = 999  # host parameters per statement every SQLite build accepts


def _insert(db, head: str, values: str, rows: list[tuple]) -> None:
    """``head`` ("INSERT ... VALUES") of ``rows``, in order, many rows per statement: the same
    rows in the same order as executemany with one row each, with far fewer statements to run."""
    per = max(1, _MAX_PARAMS // max(1, values.count("?")))
    chain = itertools.chain.from_iterable
    full = len(rows) - len(rows) % per
    if full:
        db.executemany(head + ",".join([values] * per), (tuple(chain(rows[i:i + per])) for i in range(0, full, per)))
    if full < len(rows):
        db.execute(head + ",".join([values] * (len(rows) - full)), tuple(chain(rows[full:])))


def _insert_cols(db, head: str, values: str, cols: list[list]) -> None:
    """:func:`_insert` of the rows given as columns of equal length: the parameters are laid out
    once, by slices, instead of as one tuple per row."""
    k = len(cols)
    n = len(cols[0]) if cols else 0
    if not n:
        return
    flat: list = [None] * (k * n)
    for j, c in enumerate(cols):
        flat[j::k] = c
    per = max(1, _MAX_PARAMS // k)
    step = per * k
    full = (n - n % per) * k
    if full:
        db.executemany(head + ",".join([values] * per), (flat[i:i + step] for i in range(0, full, step)))
    if full < len(flat):
        db.execute(head + ",".join([values] * (n - full // k)), flat[full:])


def _literal(value) -> str | None:
    """The SQL literal of a text value, or None for anything else (bound as a parameter instead)."""
    if type(value) is not str or "\x00" in value:
        return None
    return "'" + value.replace("'", "''") + "'"


def _add(into: dict, pairs) -> None:
    for t, k in pairs:
        into[t] = into.get(t, 0) + k


