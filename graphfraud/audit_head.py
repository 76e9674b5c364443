"""The audit log's chain head, kept in the store: what makes a cut or replaced log visible.

The hash chain of :mod:`graphfraud.audit` shows an entry edited or removed in
the middle of the log, but not the last entries removed, the log truncated or
deleted, or a whole new chain written from the all-zero start. So every time
an entry is appended, the store it concerns records the log's head — the
sequence number and hash of that entry (SQLite: ``meta`` row ``audit_head``;
Neo4j: one ``AuditHead`` node) — and ``graphfraud audit verify`` checks that
the log still holds that entry.

The head only moves along the chain it already knows: to the entry that
follows it, or further once the log is checked to still hold the recorded
entry (several stores may share one log through ``GRAPHFRAUD_AUDIT_LOG``). A
log cut short or rewritten therefore never moves it, and ``verify`` keeps
saying so.

Recording the head is best effort: a store that does not exist (a command that
failed before creating it), is read-only or busy for more than two seconds
keeps its previous head; ``verify`` then reports the entries written after it
as a note, not as tampering.

>>> nxt = next_head({"seq": 3, "hash": "c"}, {"seq": 4, "prev": "c", "hash": "d"}, lambda n: None)
>>> nxt
{'seq': 4, 'hash': 'd'}
>>> next_head({"seq": 3, "hash": "c"}, {"seq": 1, "prev": "0" * 64, "hash": "x"}, lambda n: None) is None
True
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graphfraud.errors import GraphFraudError


def next_head(cur: dict | None, entry: dict, hash_at) -> dict | None:
    """The head after ``entry`` was appended, or None when it must stay where it is.

    ``hash_at(n)`` reads the hash of entry ``n`` from the log (only when the entry does not
    directly follow the recorded head)."""
    new = {"seq": int(entry["seq"]), "hash": entry["hash"]}
    if cur is None:
        return new
    seq, h = int(cur.get("seq", 0)), cur.get("hash")
    if new["seq"] <= seq:
        return None  # the log went back: cut, deleted or rewritten from the start
    if new["seq"] == seq + 1:
        return new if entry.get("prev") == h else None
    return new if hash_at(seq) == h else None


def _open(config, readonly: bool):
    """The store of ``config`` if it exists (never created here), else None."""
    if config.uses_neo4j:
        from graphfraud.store.neo4j import Neo4jStore

        return Neo4jStore(config)
    path = str(config.store)
    if path == ":memory:" or not Path(path).is_file():
        return None
    from graphfraud.store.sqlite import SQLiteStore

    return SQLiteStore(path, readonly=readonly, check_pages=False)  # one row: no whole-file check


def read(config) -> dict | None:
    """The head the store of ``config`` recorded (None: no store, or none recorded yet)."""
    try:
        store = _open(config, readonly=not config.uses_neo4j)
    except GraphFraudError:
        return None
    if store is None:
        return None
    with store:
        return store.audit_head()


def advance(config, entry: dict, hash_at) -> bool:
    """Record ``entry`` as the head of the store of ``config`` when it continues the chain the
    store knows; True if recorded. Never raises: a store that cannot record keeps its head."""
    try:
        store = _open(config, readonly=False)
        if store is None:
            return False
        with store:
            new = next_head(store.audit_head(), entry, hash_at)
            if new is None:
                return False
            store.set_audit_head(new)
            return True
    except (GraphFraudError, sqlite3.Error, OSError):
        return False
