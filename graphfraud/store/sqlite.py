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

Here: opening the file and the audit chain's head; the tables are in
:mod:`graphfraud.store.sqlite_schema`, the write path in :mod:`graphfraud.store.sqlite_write`,
the read path in :mod:`graphfraud.store.sqlite_read` and, for neighbourhoods read from the indexes
alone, :mod:`graphfraud.store.sqlite_local`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from graphfraud.errors import StoreError
from graphfraud.store.base import Store
from graphfraud.store.sqlite_copy import SQLiteCopyReader
from graphfraud.store.sqlite_local import SQLiteLocalReads
from graphfraud.store.sqlite_read import SQLiteReader
from graphfraud.store.sqlite_schema import SCHEMA, SCHEMA_VERSION
from graphfraud.store.sqlite_snapshot import SQLiteSnapshot
from graphfraud.store.sqlite_write import SQLiteWriter


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


class SQLiteStore(SQLiteWriter, SQLiteLocalReads, SQLiteSnapshot, SQLiteReader, SQLiteCopyReader, Store):
    backend = "embedded"

    def __init__(self, path: str | os.PathLike, readonly: bool = False, check_pages: bool = True):
        """``check_pages``: before opening an existing store for writing, check its pages (reads the
        whole file; see :meth:`_check_pages`); off only for a write of one row that cannot spread a
        damage, such as the audit chain's head."""
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
            elif not readonly and check_pages:
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
    def rejects_report_path(self) -> Path:
        """Beside the store's file: ``graphfraud.db.rejects.csv``."""
        return Path(str(self.path) + ".rejects.csv")

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
