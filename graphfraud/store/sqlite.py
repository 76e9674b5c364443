"""The embedded store: one SQLite database file, no server.

Why SQLite (see docs/store.md for the measurements): it ships with Python,
gives atomic transactions per file (an interrupted load leaves nothing
half-written), lets readers work while a load writes (WAL), and answers the
point look-ups behind ``find`` and ``path`` from B-tree indexes without reading
the whole graph. Whole-graph analyses read the edge table once into arrays.

Tables: ``nodes`` (type, value, props), ``edges`` (type, src, dst, ts, disc,
amount, props; its id is the fact's stable key — a hash of type, both ends, time
and discriminator, see ``graphfraud.facts.edge_key`` — so a fact stated twice
is one edge), ``edge_src`` and ``node_src`` (provenance: load, row, columns),
``loads`` (one row per file and sheet: sha256, path, kind, mapping, counts),
``rejects``; ``meta`` also keeps the number of nodes and edges of each type
('counts', kept by every load) so that ``stats`` need not count the graph.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from itertools import repeat
from pathlib import Path
from typing import Iterable

from graphfraud.errors import StoreError
from graphfraud.store.base import Edge, LoadCounts, LoadRecord, Store, edge_order

SCHEMA_VERSION = 1

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS nodes(
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, value TEXT NOT NULL, props TEXT NOT NULL DEFAULT '{{}}',
    UNIQUE(type, value));
CREATE TABLE IF NOT EXISTS edges(
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL,
    ts INTEGER, disc TEXT NOT NULL DEFAULT '', amount TEXT, props TEXT NOT NULL DEFAULT '{{}}');
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, src);
CREATE INDEX IF NOT EXISTS edges_src ON edges(src, dst);
CREATE TABLE IF NOT EXISTS loads(
    load_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, path TEXT NOT NULL, size INTEGER, kind TEXT,
    sheet TEXT NOT NULL DEFAULT '', mapping TEXT, case_id TEXT, started TEXT, finished TEXT,
    rows INTEGER, nodes_added INTEGER, edges_added INTEGER, edges_seen INTEGER, rejects INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS loads_file ON loads(sha256, sheet);
CREATE TABLE IF NOT EXISTS edge_src(edge_id INTEGER NOT NULL, load_id TEXT NOT NULL, row INTEGER,
    cols TEXT);
CREATE INDEX IF NOT EXISTS edge_src_edge ON edge_src(edge_id);
CREATE TABLE IF NOT EXISTS node_src(node_id INTEGER NOT NULL, load_id TEXT NOT NULL, row INTEGER,
    col TEXT);
CREATE INDEX IF NOT EXISTS node_src_node ON node_src(node_id);
CREATE TABLE IF NOT EXISTS rejects(load_id TEXT NOT NULL, row INTEGER, col TEXT, value TEXT,
    reason TEXT);
"""


# the edge indexes: an end, then the other one, so that a step of a search is read from the index
EDGE_INDEXES = {"edges_src": ("src", "dst"), "edges_dst": ("dst", "src")}


def _on_read_only_media(path: Path, db: sqlite3.Connection) -> sqlite3.Connection:
    """``db``, or when the store sits on read-only media (a write-protected disk, a read-only
    mount) where SQLite cannot create the files a WAL store is read with, the store opened as
    unchangeable: every command that only reads still works, one that writes is refused."""
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        wal = Path(str(path) + "-wal")
        if not path.is_file() or os.access(path.parent, os.W_OK) or (wal.exists() and wal.stat().st_size):
            raise
    db.close()
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", uri=True,
                           isolation_level=None, timeout=60, check_same_thread=False)


class SQLiteStore(Store):
    backend = "embedded"
    _set_aside: list | None = None  # indexes a running write_file dropped, to build again before its commit

    def __init__(self, path: str | os.PathLike, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError(f"no store at {self.path}; load files first with `graphfraud load`")
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.db = sqlite3.connect(uri, uri=readonly, isolation_level=None, timeout=60,
                                      check_same_thread=False)
            self.db = _on_read_only_media(self.path, self.db)
            self.db.execute("PRAGMA busy_timeout=60000")
            if not readonly and not self._has_schema():
                # only a new store is written on open, so readers never wait for a running load
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.executescript(SCHEMA)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif not readonly:
                self._check_pages()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-262144")
            # temporary tables and large sorts (a load's staged edges, index builds) spill to a file
            # beyond this cache instead of growing in memory: faster to sort, and bounded at 10^7 rows
            self.db.execute("PRAGMA temp_store=FILE")
            self.db.execute("PRAGMA temp.cache_size=-262144")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc.strerror}") from None

    def _check_pages(self) -> None:
        """Refuse to write into a damaged store (zeroed or overwritten pages): a load would add to a file
        whose indexes no longer match its tables. Reads still answer from what is intact."""
        found = [r[0] for r in self.db.execute("PRAGMA quick_check(3)")]
        if found != ["ok"]:
            lines = [x.strip() for r in found for x in str(r).splitlines() if x.strip() and not x.startswith("***")]
            raise StoreError(f"the store {self.path} is damaged ({'; '.join(lines[:2])[:200]}); nothing was "
                             "written to it: load the files into a new store, or restore a copy")

    def _has_schema(self) -> bool:
        try:
            return self.db.execute("SELECT 1 FROM meta WHERE key='schema_version'").fetchone() is not None
        except sqlite3.OperationalError:
            return False

    def close(self) -> None:
        self.db.close()

    # -- the audit log's chain head (graphfraud/audit_head.py) ------------------------------
    def audit_head(self) -> dict | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='audit_head'").fetchone()
        except sqlite3.Error:
            return None
        return json.loads(row[0]) if row else None

    def set_audit_head(self, head: dict, wait: float = 2.0) -> None:
        try:
            self.db.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")  # never hold a command up for long
            self.db.execute("INSERT OR REPLACE INTO meta VALUES('audit_head', ?)",
                            (json.dumps({"seq": int(head["seq"]), "hash": str(head["hash"])}),))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot record the audit chain head in {self.path}: {exc}") from None

    # -- loading ---------------------------------------------------------------
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
                self._merge_edges(staged, counts, tally)
                db.execute(
                    "UPDATE loads SET finished=datetime('now'), rows=?, nodes_added=?, edges_added=?,"
                    " edges_seen=?, rejects=? WHERE load_id=?",
                    (counts.rows, counts.nodes_added, counts.edges_added, counts.edges_seen, counts.rejects,
                     rec.load_id))
                results.append(counts)
            for _, sql in self._set_aside or ():
                db.execute(sql)
            if loads:
                tally["of"] = self._fingerprint()
                db.execute("INSERT OR REPLACE INTO meta VALUES('counts', ?)", (json.dumps(tally, sort_keys=True),))
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
        rows = zip(chain(s.key for s in segments), chain(repeat(s.type, len(s.key)) for s in segments),
                   chain(map(ids[s.src_type].__getitem__, s.src) for s in segments),
                   chain(map(ids[s.dst_type].__getitem__, s.dst) for s in segments),
                   chain(s.ts for s in segments), chain(s.disc for s in segments),
                   chain(s.amount for s in segments), chain(s.props for s in segments))
        _insert(db, "INSERT INTO _e(id, type, src, dst, ts, disc, amount, props) VALUES", "(?,?,?,?,?,?,?,?)",
                list(rows))
        staged.update(s.type for s in segments)
        for s in segments:  # the load and the columns are one value per segment: written as literals
            lit = _literal(load_id), _literal(s.cols)
            if None in lit:
                _insert(db, "INSERT INTO edge_src VALUES", "(?,?,?,?)",
                        list(zip(s.key, repeat(load_id), s.row, repeat(s.cols))))
            else:
                _insert(db, "INSERT INTO edge_src VALUES", f"(?, {lit[0]}, ?, {lit[1]})", list(zip(s.key, s.row)))

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

    def rejects(self, load_id: str | None = None) -> list[dict]:
        q = ("SELECT loads.path, loads.sheet, rejects.row, rejects.col, rejects.value, rejects.reason,"
             " rejects.load_id FROM rejects JOIN loads USING(load_id)")
        args: tuple = ()
        if load_id:
            q += " WHERE rejects.load_id=?"
            args = (load_id,)
        q += " ORDER BY loads.path, loads.sheet, rejects.row, rejects.col"
        cols = ("file", "sheet", "row", "column", "value", "reason", "load_id")
        return [dict(zip(cols, r)) for r in self.db.execute(q, args)]

    # -- reading ---------------------------------------------------------------
    def stats(self) -> dict:
        c = self._stored_counts() or self._scan_counts()
        nodes = {t: k for t, k in sorted(c["nodes"].items()) if k}
        edges = {t: k for t, k in sorted(c["edges"].items()) if k}
        files, rejects = self.db.execute(
            "SELECT count(DISTINCT sha256), coalesce(sum(rejects), 0) FROM loads WHERE finished IS NOT NULL"
        ).fetchone()
        return {"nodes": nodes, "edges": edges, "files": files, "rejects": rejects,
                "total_nodes": sum(nodes.values()), "total_edges": sum(edges.values())}

    def _ids(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        out = {}
        for t, v in keys:
            r = self.db.execute("SELECT id FROM nodes WHERE type=? AND value=?", (t, v)).fetchone()
            if r:
                out[(t, v)] = r[0]
        return out

    def nodes(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        out = {}
        for t, v in keys:
            r = self.db.execute("SELECT props FROM nodes WHERE type=? AND value=?", (t, v)).fetchone()
            if r:
                out[(t, v)] = json.loads(r[0])
        return out

    def degrees(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        ids = self._ids(keys)
        out = {}
        for k, i in ids.items():
            a = self.db.execute("SELECT (SELECT count(*) FROM edges WHERE src=?) + "
                                "(SELECT count(*) FROM edges WHERE dst=?)", (i, i)).fetchone()[0]
            out[k] = a
        return out

    def incident(self, keys, types=None, limit_per_node=None) -> list[Edge]:
        ids = self._ids(list(keys))
        if not ids:
            return []
        by_id = {i: k for k, i in ids.items()}
        out: dict[int, Edge] = {}
        tfilter = ""
        targs: tuple = ()
        if types:
            tfilter = f" AND e.type IN ({','.join('?' * len(types))})"
            targs = tuple(types)
        lim = f" LIMIT {int(limit_per_node)}" if limit_per_node else ""
        q = ("SELECT e.id, e.type, s.type, s.value, d.type, d.value, e.ts, e.amount, e.props FROM edges e"
             " JOIN nodes s ON s.id=e.src JOIN nodes d ON d.id=e.dst WHERE e.{col}=?{tf}"
             " ORDER BY e.type, s.type, s.value, d.type, d.value, e.ts, e.id{lim}")
        for i in by_id:
            for col in ("src", "dst"):
                for r in self.db.execute(q.format(col=col, tf=tfilter, lim=lim), (i, *targs)):
                    if r[0] not in out:
                        out[r[0]] = Edge(str(r[0]), r[1], (r[2], r[3]), (r[4], r[5]), r[6], r[7], _loads(r[8]))
        return sorted(out.values(), key=edge_order)

    def provenance(self, edge_ids: list[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for eid in edge_ids:
            rows = self.db.execute(
                "SELECT l.path, l.sha256, l.sheet, s.row, s.cols, s.load_id FROM edge_src s"
                " JOIN loads l USING(load_id) WHERE s.edge_id=? ORDER BY l.path, l.sheet, s.row LIMIT 50",
                (int(eid),)).fetchall()
            out[eid] = [_prov(r) for r in rows]
        return out

    def shortest_path(self, a: tuple[str, str], b: tuple[str, str], max_hops: int) -> list[Edge] | None:
        """Bidirectional breadth-first search over the src/dst indexes, reading only (edge, src, dst)
        integers for the frontier (no joins, no property maps); the path's edges are read in full at
        the end. Deterministic: the smaller frontier grows first, ties go to the smaller edge id."""
        a, b = tuple(a), tuple(b)
        if a == b:
            return []
        ids = self._ids([a, b])
        if a not in ids or b not in ids or max_hops < 1:
            return None
        parents: list[dict] = [{ids[a]: None}, {ids[b]: None}]  # node id -> (edge id, previous node id)
        frontiers = [[ids[a]], [ids[b]]]
        hops = 0
        while frontiers[0] and frontiers[1] and hops < max_hops:
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            fset = set(frontiers[side])
            nxt, meet = [], None
            for eid, src, dst in sorted(self._frontier_edges(frontiers[side])):
                for here, there in ((src, dst), (dst, src)):
                    if here not in fset or there in parents[side]:
                        continue
                    parents[side][there] = (eid, here)
                    nxt.append(there)
                    if meet is None and there in parents[1 - side]:
                        meet = there
            hops += 1
            if meet is not None:
                return self._edges_by_id(_joined(parents, meet))
            frontiers[side] = sorted(set(nxt))
        return None

    def _frontier_edges(self, nodes: list[int], chunk: int = 500):
        for k in range(0, len(nodes), chunk):
            part = nodes[k:k + chunk]
            marks = ",".join("?" * len(part))
            yield from self.db.execute(f"SELECT id, src, dst FROM edges WHERE src IN ({marks})", part)
            yield from self.db.execute(f"SELECT id, src, dst FROM edges WHERE dst IN ({marks})", part)

    def _edges_by_id(self, edge_ids: list[int]) -> list[Edge]:
        out = []
        for eid in edge_ids:
            r = self.db.execute("SELECT e.id, e.type, s.type, s.value, d.type, d.value, e.ts, e.amount, e.props"
                                " FROM edges e JOIN nodes s ON s.id=e.src JOIN nodes d ON d.id=e.dst WHERE e.id=?",
                                (eid,)).fetchone()
            out.append(Edge(str(r[0]), r[1], (r[2], r[3]), (r[4], r[5]), r[6], r[7], _loads(r[8])))
        return out

    def node_provenance(self, key, limit: int = 20) -> list[dict]:
        """Where a node was stated: its stand-alone mentions and the edges it is an end of."""
        ids = self._ids([key])
        if not ids:
            return []
        i = ids[key]
        rows = self.db.execute(
            "SELECT * FROM (SELECT l.path, l.sha256, l.sheet, s.row, s.col, s.load_id FROM node_src s"
            " JOIN loads l USING(load_id) WHERE s.node_id=:i"
            " UNION ALL SELECT l.path, l.sha256, l.sheet, es.row, es.cols, es.load_id FROM edges e"
            " JOIN edge_src es ON es.edge_id=e.id JOIN loads l USING(load_id) WHERE e.src=:i"
            " UNION ALL SELECT l.path, l.sha256, l.sheet, es.row, es.cols, es.load_id FROM edges e"
            " JOIN edge_src es ON es.edge_id=e.id JOIN loads l USING(load_id) WHERE e.dst=:i)"
            " ORDER BY 1, 3, 4, 5 LIMIT :n", {"i": i, "n": limit}).fetchall()
        return [_prov(r) for r in rows]

    def graph_frames(self, edge_types=None):
        import numpy as np
        import pandas as pd

        nodes = pd.read_sql_query("SELECT id, type, value, props FROM nodes ORDER BY type, value", self.db)
        index = pd.Series(np.arange(len(nodes)), index=nodes["id"].to_numpy())
        q = "SELECT id, type, src, dst, ts, amount, props FROM edges"
        args: tuple = ()
        if edge_types:
            q += f" WHERE type IN ({','.join('?' * len(edge_types))})"
            args = tuple(edge_types)
        edges = pd.read_sql_query(q, self.db, params=args)
        edges["src"] = index.reindex(edges["src"].to_numpy()).to_numpy()
        edges["dst"] = index.reindex(edges["dst"].to_numpy()).to_numpy()
        edges["id"] = edges["id"].astype(str)
        edges["amount_text"] = edges["amount"]
        edges["amount"] = pd.to_numeric(edges["amount"], errors="coerce")
        edges["ts"] = edges["ts"].astype("float64")
        edges["props"] = [_loads(p) for p in edges["props"]]
        edges = edges.sort_values(["type", "src", "dst", "ts", "id"], kind="stable").reset_index(drop=True)
        nodes = nodes.drop(columns="id")
        nodes["props"] = [_loads(p) for p in nodes["props"]]
        return nodes, edges

    def graph_arrays(self, edge_types=None):
        """The whole graph as columns (see ``graphfraud.store.arrays``), from the snapshot beside the
        store when it is current, else read once from the tables and kept as the new snapshot."""
        from graphfraud.store import snapshot

        fp = snapshot.fingerprint(self.db.execute("SELECT load_id, finished FROM loads WHERE finished IS NOT NULL"))
        g = snapshot.read(self.path, fp)
        if g is None:
            g = self._read_arrays()
            snapshot.write(self.path, fp, g)
        return g.select(edge_types) if edge_types else g

    def _read_arrays(self, chunk: int = 200_000):
        """Read nodes and edges from the tables in chunks into columns (memory stays near the size of
        the columns themselves, not of millions of Python rows)."""
        import numpy as np

        from graphfraud.store.arrays import JSONColumn, TextBuilder, ordered_arrays

        ntypes = tuple(r[0] for r in self.db.execute("SELECT DISTINCT type FROM nodes ORDER BY type"))
        ncode = {t: k for k, t in enumerate(ntypes)}
        ids, codes, values, props = [], [], [], TextBuilder()
        cur = self.db.execute("SELECT id, type, value, props FROM nodes ORDER BY type, value")
        while rows := cur.fetchmany(chunk):
            i, t, v, p = zip(*rows)
            ids.append(np.array(i, dtype=np.int64))
            codes.append(np.fromiter(map(ncode.__getitem__, t), dtype=np.int8, count=len(t)))
            values.extend(v)
            props.add(p)
        node_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        pos = np.full(int(node_ids.max()) + 1 if len(node_ids) else 1, -1, dtype=np.int64)
        pos[node_ids] = np.arange(len(node_ids))

        etypes = tuple(r[0] for r in self.db.execute("SELECT DISTINCT type FROM edges ORDER BY type"))
        ecode = {t: k for k, t in enumerate(etypes)}
        cols: dict[str, list] = {k: [] for k in ("id", "type", "src", "dst", "ts")}
        amounts, eprops = TextBuilder(), TextBuilder()
        cur = self.db.execute("SELECT id, type, src, dst, ts, amount, props FROM edges")
        while rows := cur.fetchmany(chunk):
            i, t, a, b, ts, am, p = zip(*rows)
            cols["id"].append(np.array(i, dtype=np.int64))
            cols["type"].append(np.fromiter(map(ecode.__getitem__, t), dtype=np.int8, count=len(t)))
            cols["src"].append(pos[np.array(a, dtype=np.int64)])
            cols["dst"].append(pos[np.array(b, dtype=np.int64)])
            cols["ts"].append(np.array([np.nan if x is None else x for x in ts], dtype=np.float64))
            amounts.add(am)
            eprops.add(p)
        cat = {k: (np.concatenate(v) if v else np.zeros(0, dtype=np.float64 if k == "ts" else np.int64))
               for k, v in cols.items()}
        return ordered_arrays(ntypes, np.concatenate(codes) if codes else np.zeros(0, dtype=np.int8),
                              np.array(values + [None], dtype=object)[:-1], props.finish(JSONColumn), etypes,
                              cat["type"].astype(np.int8), cat["src"], cat["dst"], cat["ts"], cat["id"],
                              amounts.finish(), eprops.finish(JSONColumn))

    def loads(self) -> list[dict]:
        cols = ("load_id", "sha256", "path", "sheet", "kind", "rows", "nodes_added", "edges_added",
                "edges_seen", "rejects", "started", "finished")
        return [dict(zip(cols, r)) for r in self.db.execute(
            f"SELECT {', '.join(cols)} FROM loads ORDER BY started, path, sheet")]


try:  # orjson parses the property maps of a whole graph several times faster
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
    _loads = json.loads


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


def _literal(value) -> str | None:
    """The SQL literal of a text value, or None for anything else (bound as a parameter instead)."""
    if type(value) is not str or "\x00" in value:
        return None
    return "'" + value.replace("'", "''") + "'"


def _add(into: dict, pairs) -> None:
    for t, k in pairs:
        into[t] = into.get(t, 0) + k


def _joined(parents: list[dict], meet: int) -> list[int]:
    """Edge ids of the path through ``meet``: from the first search's root, then to the second's."""
    def walk(par):
        out, node = [], meet
        while par[node] is not None:
            eid, node = par[node]
            out.append(eid)
        return out
    return list(reversed(walk(parents[0]))) + walk(parents[1])


def _prov(r) -> dict:
    return {"file": os.path.basename(r[0]), "path": r[0], "sha256": r[1], "sheet": r[2] or None, "row": r[3],
            "columns": r[4], "load_id": r[5]}

