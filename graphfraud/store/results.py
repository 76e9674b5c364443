"""Results of whole-graph analyses kept beside an embedded store: ``<store>.graph/results/``.

Scoring every account or clustering the whole graph takes seconds to minutes on
big stores, while an export of one neighbourhood wants only the scores of its
few nodes. The analyses' results (plain JSON) are kept here once computed, each
with the state of the store it was computed on (:func:`graphfraud.store.snapshot.fingerprint`
of the finished loads, and the graphfraud version): a result whose state differs
from the store's is never handed out, so a load after it makes it disappear from
view. Like the snapshot they sit in, they are a cache, never a source of truth;
a folder that cannot be written to simply keeps none.

Only a value that comes back from JSON exactly as it went in is kept
(:func:`keep` checks), so a kept result is the computed one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import uuid
from pathlib import Path

from graphfraud.store.jsontext import loads as _loads  # fast, and exact for long integers
from graphfraud.store.snapshot import snapshot_dir

FORMAT = 1
_NAME = re.compile(r"[a-z0-9_.-]{1,120}")


def results_dir(store_path) -> Path:
    return snapshot_dir(store_path) / "results"


def _file(store_path, name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a result name: {name!r}")
    return results_dir(store_path) / f"{name}.json"


def _stamp(state: str) -> str:
    from graphfraud import __version__

    return f"{FORMAT}:{__version__}:{state}"


def read(store_path, name: str, state: str):
    """The value kept under ``name`` for the store state ``state``, or None.

    The state is written first (:func:`keep`), so a result kept for other data is turned away
    from the head of its file, before its value (tens of MB for the clusters of 10^6 transfers)
    is decoded."""
    try:
        with open(_file(store_path, name), "rb") as f:
            head = _head(state)
            if f.read(len(head)) != head:
                return None
            f.seek(0)
            kept = _loads(f.read())
    except (OSError, ValueError):   # orjson's JSONDecodeError is a ValueError too
        return None
    if not isinstance(kept, dict) or kept.get("state") != _stamp(state):
        return None
    return kept.get("value")


def _head(state: str) -> bytes:
    """How the text :func:`keep` writes for ``state`` begins."""
    return ('{"state": ' + json.dumps(_stamp(state), ensure_ascii=False) + ", ").encode("utf-8")


def keep(store_path, name: str, state: str, value) -> bool:
    """Keep ``value`` under ``name`` for ``state``; False (nothing written) when it does not survive
    JSON unchanged or the folder cannot be written to."""
    try:
        text = json.dumps({"state": _stamp(state), "value": value}, ensure_ascii=False)
    except (TypeError, ValueError):
        return False
    if json.loads(text)["value"] != value:
        return False
    target = _file(store_path, name)
    if not target.parent.parent.is_dir():   # no snapshot folder: the store keeps no cache
        return False
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    try:
        target.parent.mkdir(exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False


# --------------------------------------------------------------------------- keyed look-ups
# A neighbourhood export wants the cluster of its thousand nodes, not the member lists of every
# cluster (190 MB of JSON at 10^7 transfers): beside a kept result, a SQLite file answers
# (type, value) -> text for the state it was written for.

def _index_file(store_path, name: str) -> Path:
    return _file(store_path, name).with_suffix(".index.sqlite")


def keep_index(store_path, name: str, state: str, rows) -> bool:
    """Keep ``rows`` ((type, value, text) each) as the look-up ``name`` for ``state``; False when
    the folder cannot be written to."""
    target = _index_file(store_path, name)
    if not target.parent.is_dir():
        return False
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.executescript("CREATE TABLE meta(state TEXT NOT NULL);"
                             "CREATE TABLE kv(type TEXT, value TEXT, text TEXT, PRIMARY KEY(type, value))"
                             " WITHOUT ROWID;")
            db.execute("INSERT INTO meta VALUES (?)", (_stamp(state),))
            db.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)", rows)
            db.commit()
        os.replace(tmp, target)
        return True
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False


class KeptIndex:
    """The look-up :func:`keep_index` kept: ``get((type, value))`` is its text or None."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def get(self, key, default=None):
        row = self._db.execute("SELECT text FROM kv WHERE type = ? AND value = ?", (key[0], key[1])).fetchone()
        return default if row is None else row[0]

    def keys(self) -> list[tuple[str, str]]:
        """Every node the look-up holds, in (type, value) order."""
        return [tuple(r) for r in self._db.execute("SELECT type, value FROM kv ORDER BY type, value")]

    def close(self) -> None:
        self._db.close()


def read_index(store_path, name: str, state: str) -> KeptIndex | None:
    """The look-up kept under ``name`` for ``state``, opened read-only, or None."""
    path = _index_file(store_path, name)
    if not path.is_file():
        return None
    db = None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        row = db.execute("SELECT state FROM meta").fetchone()
    except sqlite3.Error:   # damaged or foreign: a cache is only used when it is whole
        if db is not None:
            db.close()
        return None
    if row is None or row[0] != _stamp(state):
        db.close()
        return None
    return KeptIndex(db)
