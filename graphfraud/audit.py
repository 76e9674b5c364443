"""An append-only, hash-chained audit log of loads, queries and exports.

Each line of the log is one JSON entry: who (user, host), when (UTC), what
(action and its details, input files with their SHA-256), and ``prev`` — the
hash of the entry before it — and ``hash`` = SHA-256 of the entry itself. An
edited, removed or reordered line breaks the chain, which
``graphfraud audit verify`` reports with the first broken line.

The log sits beside the embedded store (``graphfraud.db.audit.jsonl``) or, for
Neo4j, in ``./graphfraud-audit.jsonl``; ``GRAPHFRAUD_AUDIT_LOG`` names another
file and ``GRAPHFRAUD_AUDIT=0`` (or ``audit = false`` in the config) turns it
off. Secrets are never written: any detail whose name mentions a password,
secret, key or token is dropped.

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> log = os.path.join(d, "a.jsonl")
>>> _ = append(log, "load", {"files": ["x.csv"]})
>>> _ = append(log, "export", {"out": "g.html", "neo4j_password": "hunter2"})
>>> verify(log)["ok"], verify(log)["entries"]
(True, 2)
>>> "hunter2" in open(log).read()
False
"""

from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from graphfraud.errors import StoreError

GENESIS = "0" * 64
_SECRET_WORDS = ("password", "secret", "token", "key")


def log_path(config) -> Path | None:
    """Where the audit log of this configuration lives (None when auditing is off)."""
    if not getattr(config, "audit", True):
        return None
    env = os.environ.get("GRAPHFRAUD_AUDIT_LOG")
    if env:
        return Path(env)
    if getattr(config, "uses_neo4j", False):
        return Path("graphfraud-audit.jsonl")
    store = str(config.store)
    if store == ":memory:":
        return None
    return Path(store + ".audit.jsonl")


def _scrub(obj):
    if isinstance(obj, dict):
        return {k: _scrub(v) for k, v in obj.items()
                if not any(w in str(k).lower() for w in _SECRET_WORDS)}
    if isinstance(obj, (list, tuple)):
        return [_scrub(v) for v in obj]
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def _digest(entry: dict) -> str:
    body = json.dumps({k: v for k, v in entry.items() if k != "hash"}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _last(fh) -> tuple[int, str]:
    """(seq, hash) of the last entry of an open log."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return 0, GENESIS
    block = min(size, 65536)
    while True:
        fh.seek(size - block)
        tail = fh.read(block)
        lines = tail.rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or block == size:
            last = json.loads(lines[-1])
            return int(last["seq"]), last["hash"]
        block = min(size, block * 4)


def append(path, action: str, details: dict | None = None, inputs: list[dict] | None = None) -> dict:
    """Append one entry to the log at ``path`` and return it."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                seq, prev = _last(fh)
                entry = {
                    "seq": seq + 1,
                    "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "user": _user(), "host": socket.gethostname(), "action": action,
                    "details": _scrub(details or {}), "inputs": _scrub(inputs or []), "prev": prev,
                }
                entry["hash"] = _digest(entry)
                fh.seek(0, os.SEEK_END)
                fh.write((json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError as exc:
        raise StoreError(f"cannot write the audit log {path}: {exc.strerror}") from None
    return entry


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return str(os.getuid())


def verify(path) -> dict:
    """Check the chain: ``{ok, entries, first_bad_line, reason}``."""
    path = Path(path)
    if not path.exists():
        return {"ok": True, "entries": 0, "first_bad_line": None, "reason": "no audit log yet", "path": str(path)}
    prev, n = GENESIS, 0
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                return _bad(path, n, "not a JSON line")
            if entry.get("prev") != prev:
                return _bad(path, n, "the chain is broken: a line before it was removed, changed or reordered")
            if entry.get("seq") != n:
                return _bad(path, n, f"sequence number {entry.get('seq')} where {n} was expected")
            if _digest(entry) != entry.get("hash"):
                return _bad(path, n, "the entry was changed after it was written")
            prev = entry["hash"]
    return {"ok": True, "entries": n, "first_bad_line": None, "reason": "", "path": str(path)}


def _bad(path, n, reason) -> dict:
    return {"ok": False, "entries": n - 1, "first_bad_line": n, "reason": reason, "path": str(path)}


def entries(path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def record(config, action: str, details: dict | None = None, inputs: list[dict] | None = None) -> None:
    """Append to this configuration's log, if auditing is on."""
    p = log_path(config)
    if p is not None:
        append(p, action, details, inputs)
