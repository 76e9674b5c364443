"""An append-only, hash-chained audit log of loads, queries and exports.

Each line of the log is one JSON entry: who (user, host), when (UTC), what
(action and its details, input files with their SHA-256), and ``prev`` — the
hash of the entry before it — and ``hash`` = SHA-256 of the entry itself. An
edited, removed or reordered line breaks the chain, which
``graphfraud audit verify`` reports with the first broken line.

The log sits beside the embedded store (``graphfraud.db.audit.jsonl``) or, for
Neo4j, in ``./graphfraud-audit.jsonl``; the configuration's ``audit_log``
(``GRAPHFRAUD_AUDIT_LOG``) names another file and its ``audit``
(``GRAPHFRAUD_AUDIT=0``, or ``audit = false`` in the config file) turns it off.
Each command of :mod:`graphfraud.api` is recorded by the :func:`audited` decorator. Secrets are never written: any detail whose name mentions a password,
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

import errno
import fcntl
import functools
import getpass
import hashlib
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from graphfraud.errors import GraphFraudError, StoreError

GENESIS = "0" * 64
_SECRET_WORDS = ("password", "secret", "token", "key")


def log_path(config) -> Path | None:
    """Where the audit log of this configuration lives (None when auditing is off)."""
    if not config.audit:
        return None
    if config.audit_log:
        return Path(config.audit_log)
    if config.uses_neo4j:
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
    """(seq, hash) of the last whole entry of an open log; a torn line (a write cut short) after it
    is passed over: the next entry still chains to the last one that was written whole."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    block = min(size, 65536)
    while block:
        fh.seek(size - block)
        lines = fh.read(block).split(b"\n")
        whole = lines if block == size else lines[1:]  # the first line of a block may be cut
        for line in reversed(whole):
            entry = _parse(line) if line.strip() else None
            if entry is not None:
                return int(entry["seq"]), entry["hash"]
        if block == size:
            break
        block = min(size, block * 4)
    return 0, GENESIS


def _parse(line: bytes) -> dict | None:
    try:
        entry = json.loads(line)
        int(entry["seq"])
        str(entry["hash"])
        return entry
    except (ValueError, KeyError, TypeError):
        return None


def _open_log(path: Path):
    """The log opened for appending, never through a symbolic link planted at its name."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    return os.fdopen(fd, "a+b")


def append(path, action: str, details: dict | None = None, inputs: list[dict] | None = None,
           on_written=None) -> dict:
    """Append one entry to the log at ``path`` and return it.

    ``on_written(entry, hash_at)``, if given, runs while the log is still locked: ``hash_at(n)``
    gives the hash of entry ``n`` of the log (None if there is none), see :mod:`graphfraud.audit_head`."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _open_log(path) as fh:
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
                torn = _ends_torn(fh)
                line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
                fh.write((b"\n" if torn else b"") + line)  # a torn last line stays a line of its own
                fh.flush()
                os.fsync(fh.fileno())
                if on_written is not None:
                    on_written(entry, lambda n: _hash_at(path, n))
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(f"cannot write the audit log {path}: it is a symbolic link; graphfraud does not "
                             "write through links (name the real file in GRAPHFRAUD_AUDIT_LOG)") from None
        raise StoreError(f"cannot write the audit log {path}: {exc.strerror}") from None
    return entry


def _ends_torn(fh) -> bool:
    """Whether the log's last line lacks its newline (a write cut short)."""
    end = fh.seek(0, os.SEEK_END)
    if end == 0:
        return False
    fh.seek(end - 1)
    return fh.read(1) != b"\n"


def _hash_at(path: Path, n: int) -> str | None:
    """The hash of the entry with sequence number ``n`` in the log (None if it has none)."""
    for entry in _walk(path):
        if entry is not None and entry.get("seq") == n:
            return entry.get("hash")
    return None


def _walk(path: Path):
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield _parse(line)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return str(os.getuid())


def verify(path, head: dict | None = None) -> dict:
    """Check the chain: ``{ok, entries, first_bad_line, reason}``; with ``head`` (the ``{seq, hash}``
    the store recorded, see :mod:`graphfraud.audit_head`) also that the log still holds that entry,
    so that removed last entries, a cut or deleted log and a chain rewritten from the start show."""
    path = Path(path)
    if not path.exists():
        if head:
            return _bad(path, 1, f"the audit log is missing, but the store recorded {head['seq']} entries "
                                 "in it: it was deleted or moved", head)
        return {"ok": True, "entries": 0, "first_bad_line": None, "reason": "no audit log yet", "path": str(path)}
    prev, n, at_head = GENESIS, 0, None
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            entry = _parse(line)
            if entry is None:
                why = ("the line is cut short (a write was interrupted or the log truncated)"
                       if not line.endswith(b"\n") else "not a whole JSON entry: a write was cut short (a torn line) or the line was edited")
                return _bad(path, n, why, head)
            if entry.get("prev") != prev:
                return _bad(path, n, "the chain is broken: a line before it was removed, changed or reordered", head)
            if entry.get("seq") != n:
                return _bad(path, n, f"sequence number {entry.get('seq')} where {n} was expected", head)
            if _digest(entry) != entry.get("hash"):
                return _bad(path, n, "the entry was changed after it was written", head)
            if head and n == head["seq"]:
                at_head = entry["hash"]
            prev = entry["hash"]
    out = {"ok": True, "entries": n, "first_bad_line": None, "reason": "", "path": str(path)}
    if not head:
        return out
    out["store_head"] = head
    if n < head["seq"]:
        return _bad(path, n + 1, f"the log ends at entry {n}, but the store recorded {head['seq']} entries: "
                                 "the last entries were removed, or the log was cut or replaced", head, n)
    if at_head != head["hash"]:
        return _bad(path, head["seq"], f"entry {head['seq']} is not the one the store recorded: the log was "
                                       "replaced by another chain", head, n)
    if n > head["seq"]:
        out["note"] = (f"{n - head['seq']} entries after the last one the store recorded (written while the "
                       "store could not record them, or by another store sharing this log)")
    return out


def _bad(path, n, reason, head=None, entries=None) -> dict:
    out = {"ok": False, "entries": n - 1 if entries is None else entries, "first_bad_line": n, "reason": reason,
           "path": str(path)}
    if head:
        out["store_head"] = head
    return out


def entries(path) -> list[dict]:
    """The whole entries of the log (a torn or garbled line is left out; ``verify`` reports it)."""
    path = Path(path)
    if not path.exists():
        return []
    return [e for e in _walk(path) if e is not None]


def record(config, action: str, details: dict | None = None, inputs: list[dict] | None = None) -> bool:
    """Append to this configuration's log, if auditing is on, and move the store's chain head.

    A log that cannot be written (read-only media, a link at its name) does not stop the
    command: one line on stderr says that no audit entry was written. False then."""
    import sys

    from graphfraud import audit_head

    p = log_path(config)
    if p is None:
        return True
    try:
        append(p, action, details, inputs, on_written=lambda e, hash_at: audit_head.advance(config, e, hash_at))
    except StoreError as exc:
        print(f"Warning: no audit entry could be written for this {action}: {exc}", file=sys.stderr)
        return False
    return True


def audited(action: str):
    """The decorator of an api function taking a configuration first: every call is recorded in the
    configuration's log as ``action``, with the call's arguments (not ``progress`` nor callables),
    the backend and how it ended (``ok``; ``error`` and the message of a graphfraud error, which is
    raised on; a ``load`` whose files were partly ``refused``). A load records each file's path and
    SHA-256 as its inputs; an output, where it was written (``out``)."""
    def decorate(fn):
        names = fn.__code__.co_varnames[1:fn.__code__.co_argcount]

        @functools.wraps(fn)
        def wrapper(config, *args, **kwargs):
            details = {k: v for k, v in {**dict(zip(names, args)), **kwargs}.items()
                       if k != "progress" and not callable(v)}
            details["backend"] = "neo4j" if config.uses_neo4j else "embedded"
            try:
                result = fn(config, *args, **kwargs)
            except GraphFraudError as exc:
                record(config, action, {**details, "status": "error", "error": str(exc)})
                raise
            record(config, action, *_outcome(action, result, details))
            return result
        return wrapper
    return decorate


def _outcome(action: str, result, details: dict) -> tuple[dict, list[dict]]:
    """The details and inputs of a call that returned ``result``."""
    inputs = []
    if action == "load":
        inputs = [{"path": f["file"], "sha256": f["sha256"]} for f in result["files"]]
        if result.get("refused"):
            return {**details, "refused": result["refused"], "status": "partly refused"}, inputs
    elif isinstance(result, dict) and "out" in result:
        details["out"] = result["out"]
    return {**details, "status": "ok"}, inputs
