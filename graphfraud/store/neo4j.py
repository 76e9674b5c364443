"""The Neo4j store: the same graph in a Neo4j 5 server, through the official driver.

Every statement it runs is a named query of ``cypher/*.cypher`` (see
:mod:`graphfraud.queries`); values always travel as parameters, labels and
relationship types only come from the model's allow-list. The data model (see
docs/neo4j.md):

* one node per identifier, with its type label (``Phone``, ``Account``, ...) and
  ``Entity``; properties ``key`` ("type:value", unique), ``type``, ``value``
  (unique per label), ``props`` (the props as JSON text), a few scalar copies for
  browsing (``bank``, ``name``, ...) and ``prov`` (which file rows mention it);
* one relationship per fact (``TRANSFER``, ``CALL``, ``LOGIN``, ...), MERGEd on
  its ``id``: the fact's stable 64-bit key (:func:`graphfraud.facts.edge_key`, a
  hash of type, both ends, time and disc), the same id as on the embedded store;
  properties ``ts`` (epoch seconds), ``time`` (datetime), ``disc``, ``amount`` (a
  number: the float of the exact value), ``amount_text`` (the exact decimal text),
  ``props`` (JSON text) and ``prov``. Stores written before amounts were numbers hold
  the text in ``amount`` (and a float ``amount_num``); the readers take
  ``coalesce(amount_text, amount)``, so both layouts read the same and the
  :class:`~graphfraud.store.base.Edge` objects keep ``amount`` as exact text;
* bookkeeping nodes ``Load`` (one per file and sheet: sha256, path, kind, mapping,
  counts, ``finished`` once every batch is written) and ``Reject``, connected to
  nothing.

Loads are written in managed write transactions of at most ``batch_size`` rows.
Unlike the embedded store a file is not one transaction; instead every batch
converges when written again, and a file counts as loaded only once its ``Load``
node is marked finished, so a crashed load is simply run again.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import logging
import os
import queue
import re
import threading
import time
from collections import defaultdict
from datetime import datetime, timezone
from json.encoder import encode_basestring  # what json.dumps(text, ensure_ascii=False) writes
from typing import Iterable

from graphfraud.errors import BackendError, QueryError, StoreError, UsageError
from graphfraud.model import EDGE_TYPES, NEO4J_LABELS, NEO4J_RELS, NODE_TYPES
from graphfraud.store.base import Edge, LoadCounts, LoadRecord, Store, edge_order

# The driver logs to "neo4j"; without a handler of its own Python would print its
# warnings to stderr. graphfraud reports errors itself, as one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

NO_LIMIT = 2 ** 62
REL_TYPE = {rel: t for t, rel in NEO4J_RELS.items()}
BROWSE_PROPS = ("bank", "name", "holder_name", "display_name", "country", "carrier", "platform", "domain",
                "scam_type", "role")
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
WRITE_RETRIES = 3  # extra attempts of one batch after the connection was lost
WRITERS = 2  # transactions writing relationships side by side (env GRAPHFRAUD_NEO4J_WRITERS)
CONSTRAINT_FAILED = "Neo.ClientError.Schema.ConstraintValidationFailed"


@functools.lru_cache(maxsize=None)
def _text(name: str, label: str | None = None, rel: str | None = None, max_hops: int | None = None) -> str:
    from graphfraud.queries import get

    return get(name).render(label=label, rel=rel, max_hops=max_hops)


def _params(name: str, given: dict) -> dict:
    from graphfraud.queries import get

    want = set(get(name).params)
    if set(given) != want:
        raise QueryError(f"{get(name).where}: query {name!r} takes {sorted(want)}, was given {sorted(given)}")
    return given


def _writers(text: str | None) -> int:
    """How many transactions write relationships side by side: GRAPHFRAUD_NEO4J_WRITERS, 1..16."""
    if text is None or not text.strip():
        return WRITERS
    try:
        n = int(text)
    except ValueError:
        raise UsageError(f"GRAPHFRAUD_NEO4J_WRITERS must be a whole number, got {text!r}") from None
    if not 1 <= n <= 16:
        raise UsageError(f"GRAPHFRAUD_NEO4J_WRITERS must be 1 to 16, got {n}")
    return n


def _now_sqlite() -> str:
    """The time in the embedded store's format for ``finished`` (SQLite ``datetime('now')``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def shown_uri(uri: str) -> str:
    """The URI without any user:password part."""
    return re.sub(r"//[^/@]*@", "//", uri or "")


def merge_patch(target: dict, patch: dict) -> dict:
    """RFC 7396 merge patch, as SQLite's ``json_patch(target, patch)``: ``patch``'s keys win."""
    out = dict(target)
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict):
            base = out.get(k)
            out[k] = merge_patch(base if isinstance(base, dict) else {}, v)
        else:
            out[k] = v
    return out


class Neo4jStore(Store):
    backend = "neo4j"

    def __init__(self, config):
        from neo4j import GraphDatabase
        from neo4j.exceptions import ConfigurationError

        self.config = config
        self.uri = config.neo4j_uri
        self.user = config.neo4j_username or "neo4j"
        self.database = config.neo4j_database or "neo4j"
        self.batch_size = max(1, int(config.batch_size))
        self.writers = _writers(os.environ.get("GRAPHFRAUD_NEO4J_WRITERS"))
        self._password = config.neo4j_password
        self._schema_ready = False
        self._unique_ids: set[str] = set()  # relationship types whose `id` a constraint keeps unique
        self._unseen: dict[str, bool] = {}  # edge type -> this load's facts of it are new so far
        auth = (self.user, self._password) if self._password is not None else None
        scheme = (self.uri or "").partition("://")[0].lower() if "://" in (self.uri or "") else ""
        if scheme not in URI_SCHEMES:
            raise BackendError(self._scrub(
                f"invalid Neo4j URI {shown_uri(self.uri)!r}: use bolt://HOST:7687, neo4j://HOST:7687, "
                "or neo4j+s://... (Aura and other TLS servers)"))
        try:
            self.driver = GraphDatabase.driver(
                self.uri, auth=auth, connection_timeout=15.0, connection_acquisition_timeout=60.0,
                max_transaction_retry_time=30.0, notifications_min_severity="OFF",
                user_agent="graphfraud")
        except (ConfigurationError, ValueError, ImportError) as exc:
            raise BackendError(self._scrub(
                f"invalid Neo4j URI {shown_uri(self.uri)!r}: {_first_line(exc)} (use bolt://HOST:7687, "
                "neo4j://HOST:7687, or neo4j+s://... for Aura)")) from None
        try:  # one auto-commit statement: fails at once (no retries) if the server is not there
            from neo4j.exceptions import DriverError, Neo4jError

            try:
                with self._session(False) as s:
                    s.run("RETURN 1").consume()
            except (Neo4jError, DriverError) as exc:
                raise self._error(exc) from None
        except BaseException:
            self.driver.close()
            self.driver = None
            raise

    # -- plumbing --------------------------------------------------------------------
    def close(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.close()
            self.driver = None

    def __repr__(self) -> str:
        return f"Neo4jStore({shown_uri(self.uri)!r}, database={self.database!r})"

    def _scrub(self, text: str) -> str:
        pw = self._password
        if pw and len(pw) >= 1:
            text = text.replace(pw, "***")
        return text

    def _error(self, exc: BaseException, doing: str = "",
               query: bool = False) -> BackendError | StoreError | QueryError:
        """One clear line for a driver or server error; never the password.

        Connection, login and database problems are BackendError; a statement that
        failed while ``doing`` something (writing a batch) is a StoreError saying
        what; with ``query`` (an analyst's query) a refused statement is a QueryError.
        """
        from neo4j.exceptions import (AuthError, ClientError, ConfigurationError, DriverError, Neo4jError,
                                      ServiceUnavailable, SessionExpired)

        where = f"Neo4j at {shown_uri(self.uri)}"
        code = getattr(exc, "code", None) or ""
        if isinstance(exc, AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
            hint = " (NEO4J_PASSWORD is not set)" if self._password is None else ""
            msg = f"{where} refused user {self.user!r}: wrong user name or password{hint}"
        elif code == "Neo.ClientError.Security.AuthenticationRateLimit":
            msg = f"{where} refused user {self.user!r}: too many failed logins; wait a while and try again"
        elif code.startswith("Neo.ClientError.Security"):
            msg = f"{where}: user {self.user!r} is not allowed to do this: {_first_line(exc)}"
        elif code == "Neo.ClientError.Database.DatabaseNotFound":
            msg = f"{where} has no database {self.database!r} (set NEO4J_DATABASE or --neo4j-database)"
        elif isinstance(exc, (ServiceUnavailable, SessionExpired)):
            msg = f"cannot reach {where}: is the server running and the address right? ({_reason(exc)})"
        elif isinstance(exc, ConfigurationError):
            msg = f"invalid Neo4j settings for {shown_uri(self.uri)!r}: {_first_line(exc)}"
        elif query and (code == "Neo.ClientError.Statement.AccessMode"
                        or "read access mode" in str(exc).lower()):
            return QueryError(self._scrub("the query writes to the graph, and queries run read-only; "
                                          "add --write to allow writes"))
        elif query and isinstance(exc, ClientError) and code.startswith("Neo.ClientError.Statement"):
            return QueryError(self._scrub(f"{where} refused the query: {_first_line(exc)}"))
        elif isinstance(exc, Neo4jError):
            msg = (f"{where} failed{' ' + doing if doing else ''}: {_first_line(exc)} "
                   f"({code or type(exc).__name__})")
            if doing:
                return StoreError(self._scrub(msg))
        elif isinstance(exc, DriverError):
            msg = f"{where}: driver error{' ' + doing if doing else ''}: {_first_line(exc)}"
        else:
            msg = f"{where}: {type(exc).__name__}: {_first_line(exc)}"
        return BackendError(self._scrub(msg))

    def _session(self, write: bool):
        from neo4j import READ_ACCESS, WRITE_ACCESS

        if self.driver is None:
            raise StoreError("the Neo4j store is closed")
        return self.driver.session(database=self.database,
                                   default_access_mode=WRITE_ACCESS if write else READ_ACCESS)

    def _read_tx(self, work):
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            with self._session(False) as s:
                return s.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc) from None

    def _write_tx(self, work, doing: str = "", fallback=None):
        """Run ``work(tx)`` in a managed write transaction; retry a lost connection a few times.

        With ``fallback``: if a uniqueness constraint refuses ``work`` (another writer created
        one of the same nodes or facts after ``work`` looked), that transaction is rolled back
        and ``fallback(tx)`` runs instead, in a new one.
        """
        from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        attempt = 0
        while True:
            try:
                with self._session(True) as s:
                    return s.execute_write(work)
            except (ServiceUnavailable, SessionExpired) as exc:
                attempt += 1
                if attempt > WRITE_RETRIES:
                    raise self._error(exc, doing) from None
                time.sleep(min(8.0, 0.5 * 2 ** attempt))
            except (Neo4jError, DriverError) as exc:
                if fallback is not None and getattr(exc, "code", None) == CONSTRAINT_FAILED:
                    return self._write_tx(fallback, doing)
                raise self._error(exc, doing) from None

    def _read(self, name: str, render: dict | None = None, **params) -> list:
        text = _text(name, **(render or {}))
        params = _params(name, params)
        return self._read_tx(lambda tx: list(tx.run(text, params)))

    @staticmethod
    def _run(tx, name: str, render: dict | None = None, **params):
        return tx.run(_text(name, **(render or {})), _params(name, params))

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent), once per store object."""
        from neo4j.exceptions import DriverError, Neo4jError

        if self._schema_ready:
            return
        from graphfraud.queries import load_queries

        names = [n for n, q in load_queries().items()
                 if q.file.endswith("schema.cypher") and n != "await_indexes"]
        try:
            with self._session(True) as s:
                for name in names:
                    q = load_queries()[name]
                    if "label" in q.placeholders:
                        for label in NEO4J_LABELS.values():
                            s.run(_text(name, label=label)).consume()
                    elif "rel" in q.placeholders:
                        for rel in NEO4J_RELS.values():
                            s.run(_text(name, rel=rel)).consume()
                    else:
                        s.run(_text(name)).consume()
                s.run(_text("await_indexes"), {"seconds": 300}).consume()
                self._unique_ids = {r["labelsOrTypes"][0] for r in s.run(_text("constraints"))
                                    if r["entityType"] == "RELATIONSHIP" and r["properties"] == ["id"]
                                    and r["labelsOrTypes"] and ("UNIQUE" in r["type"] or "KEY" in r["type"])}
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc, "creating the schema (constraints and indexes)") from None
        self._schema_ready = True

    # -- loading -----------------------------------------------------------------------
    def is_loaded(self, sha256: str, sheet: str) -> bool:
        rows = self._read("is_loaded", sha256=sha256, sheet=sheet)
        return bool(rows and rows[0]["loaded"])

    def write_file(self, loads: list[tuple[LoadRecord, Iterable]], progress=None) -> list[LoadCounts]:
        self.ensure_schema()
        self._unseen = {}
        results: list[LoadCounts] = []
        started: list[LoadRecord] = []
        try:
            for rec, batches in loads:
                name = os.path.basename(rec.path) + (f" [sheet {rec.sheet}]" if rec.sheet else "")
                self._write_tx(lambda tx, rec=rec: self._begin_load(tx, rec), f"starting the load of {name}")
                started.append(rec)
                counts = LoadCounts()
                with contextlib.closing(self._prepared(rec, name, batches)) as writes, \
                        _EdgeWriters(self, progress) as edges:
                    for kind, payload, where, step in writes:
                        if kind == "edges":  # the slices of one batch, written side by side
                            edges.submit(payload, where, step)
                            continue
                        counts.edges_added += edges.drain()  # then the batch is written: go on
                        if kind == "batch":
                            counts.rows += payload[0]
                            counts.rejects += payload[1]
                            counts.edges_seen += payload[2]
                        elif kind == "nodes":
                            counts.nodes_added += self._write_nodes(payload, where)
                        elif kind == "rejects":
                            self._write_tx(lambda tx, rows=payload, rec=rec: self._run(
                                tx, "insert_rejects", rows=rows, load_id=rec.load_id).consume(), where)
                        if progress and step:
                            progress(step)
                    counts.edges_added += edges.drain()
                results.append(counts)
            finished = _now_sqlite()
            rows = [{"load_id": rec.load_id, "finished": finished, "rows": c.rows,
                     "nodes_added": c.nodes_added, "edges_added": c.edges_added, "edges_seen": c.edges_seen,
                     "rejects": c.rejects}
                    for rec, c in zip(started, results)]
            self._write_tx(lambda tx: self._run(tx, "finish_loads", rows=rows).consume(),
                           "finishing the load")
        except BaseException:
            for rec in started:  # best effort: leave no unfinished Load behind (a crash leaves one)
                try:  # one attempt, no retries: when the server is gone, the error is reported at once
                    with self._session(True) as s, s.begin_transaction() as tx:
                        self._run(tx, "forget_load", load_id=rec.load_id).consume()
                        tx.commit()
                except Exception:  # noqa: BLE001 - the first error is the one to report
                    pass
            raise
        return results

    def _begin_load(self, tx, rec: LoadRecord) -> None:
        self._run(tx, "remove_stale_loads", sha256=rec.sha256, sheet=rec.sheet, load_id=rec.load_id).consume()
        self._run(tx, "create_load", load_id=rec.load_id, sha256=rec.sha256, path=rec.path,
                  file=os.path.basename(rec.path), size=rec.size, kind=rec.kind, sheet=rec.sheet,
                  mapping=json.dumps(rec.mapping, ensure_ascii=False), case_id=rec.case_id,
                  started=rec.started).consume()

    def _prepared(self, rec: LoadRecord, name: str, batches: Iterable):
        """The writes of every batch of one file, in order, prepared by a helper thread.

        Building a batch's facts and their rows is Python work and writing them is the
        server's, so the helper prepares the next batch while this thread writes the current
        one (the driver waits for the server without holding the GIL). It stays at most one
        batch ahead; an error it meets is raised here, after the writes before it.
        """
        out: queue.Queue = queue.Queue()
        ahead = threading.Semaphore(2)  # the batch being written and the one being prepared
        stop = threading.Event()

        def prepare():
            try:
                for part, batch in enumerate(_gated(batches, ahead, stop)):
                    for item in self._batch_writes(rec, name, part, batch):
                        if stop.is_set():
                            return
                        out.put((None, item))
                    out.put((None, _BATCH_DONE))
                out.put((None, None))
            except BaseException as exc:  # noqa: BLE001 - raised again in the writing thread
                out.put((exc, None))

        helper = threading.Thread(target=prepare, name="graphfraud-neo4j-prepare", daemon=True)
        helper.start()
        try:
            while True:
                exc, item = out.get()
                if exc is not None:
                    raise exc
                if item is None:
                    return
                if item is _BATCH_DONE:
                    ahead.release()
                    continue
                yield item
        finally:
            stop.set()
            ahead.release()  # a helper waiting for its turn sees `stop`

    def _batch_writes(self, rec: LoadRecord, name: str, part: int, batch):
        """The writes of one FactBatch, ready to send: (kind, payload, where, progress step).

        First ("batch", (rows, rejects, edges seen), None, 0), then nodes, relationships and
        rejects in slices of batch_size; the steps add up to the batch's rows.
        """
        yield "batch", (batch.rows, len(batch.rejects), len(batch.edges)), None, 0
        tag = f"{rec.load_id}#{part}\t"
        # mentions of each node in this part, in order
        mentions: dict[tuple[str, str], list] = defaultdict(list)
        for t, v, row, col in batch.mentions:
            mentions[(t, v)].append([row, col])
        nodes = [NodeFact(t, v, p, [tag], [tag + _pairs_json(mentions[(t, v)])]
                          if (t, v) in mentions else [], _rows(mentions.get((t, v), ())))
                 for (t, v), p in batch.nodes.items()]
        # distinct facts (by their key), each with every row that states it, in order
        groups: dict[int, list] = {}
        for e in batch.edges:
            g = groups.get(e[11])
            if g is None:
                groups[e[11]] = [e, [[e[9], e[10]]]]
            else:
                g[1].append([e[9], e[10]])
        work = len(nodes) + len(groups) + len(batch.rejects)
        done_rows = finished = 0

        def step(n_items):
            nonlocal done_rows, finished
            finished += n_items
            target = batch.rows * finished // work
            out, done_rows = target - done_rows, target
            return out

        for chunk in _slices(nodes, self.batch_size):
            yield "nodes", chunk, f"{name}, {_span(chunk)}", step(len(chunk))
        # each slice of facts is made when it is next (the nodes are being written meanwhile)
        tags = [tag]
        for stated_facts in _slices(list(groups.values()), self.batch_size):
            chunk = [EdgeFact(e[11], e[0], (e[1], e[2]), (e[3], e[4]), e[5], e[6], e[7], e[8], tags,
                              [tag + _pairs_json(stated)], _rows(stated)) for e, stated in stated_facts]
            yield "edges", _EdgeSlice(chunk), f"{name}, {_span(chunk)}", step(len(chunk))
        for i0 in range(0, len(batch.rejects), self.batch_size):
            chunk = batch.rejects[i0:i0 + self.batch_size]
            rows = [{"rid": f"{rec.load_id}:{part}:{i0 + i}", "n": part * 10 ** 9 + i0 + i, "row": r,
                     "col": c, "value": v, "reason": why} for i, (r, c, v, why) in enumerate(chunk)]
            span = f"rows {min(r[0] for r in chunk)}–{max(r[0] for r in chunk)}"
            yield "rejects", rows, f"writing rejects of {name}, {span}", step(len(chunk))
        if batch.rows > done_rows:
            yield "progress", None, None, batch.rows - done_rows

    def _write_nodes(self, chunk: list["NodeFact"], where: str) -> int:
        """Upsert one slice of nodes; return how many were created.

        The nodes that do not exist yet are CREATEd (create_nodes), the others updated
        (upsert_nodes); if another writer creates one of them in between, the slice is
        written again with upsert_nodes alone (see load.cypher).
        """
        keys = [f"{n.type}:{n.value}" for n in chunk]

        def rows_by_type(tx):
            """(type -> rows in chunk order, keys of the nodes that exist)."""
            existing = {r["key"]: r["props"] for r in self._run(tx, "node_props", keys=keys)}
            by_type: dict[str, list] = defaultdict(list)
            for n, key in zip(chunk, keys):
                old_text = existing.get(key)
                if old_text is None:  # new: as the embedded store, json_patch(p, p) drops null keys
                    merged = merge_patch(n.props, n.props) if n.props else {}
                    changed = True
                else:
                    old = json.loads(old_text or "{}")
                    merged = merge_patch(n.props, old) if n.props else old
                    changed = merged != old
                row_set = {}
                if changed:
                    row_set = {"props": json.dumps(merged, ensure_ascii=False, default=str)}
                    for k in BROWSE_PROPS:
                        v = merged.get(k)
                        if isinstance(v, (str, int, float, bool)):
                            row_set[k] = v
                by_type[n.type].append({"value": n.value, "key": key, "set": row_set, "tags": n.tags,
                                        "prov": n.prov})
            return by_type, existing.keys()

        def fast(tx):
            by_type, found = rows_by_type(tx)
            created = 0
            for t, rows in by_type.items():
                new = [r for r in rows if r["key"] not in found]
                old = [r for r in rows if r["key"] in found] if len(new) < len(rows) else []
                if new:
                    created += self._run(tx, "create_nodes", {"label": t}, rows=new, type=t).consume() \
                        .counters.nodes_created
                if old:
                    created += self._run(tx, "upsert_nodes", {"label": t}, rows=old, type=t).consume() \
                        .counters.nodes_created
            return created

        def safe(tx):
            by_type, _ = rows_by_type(tx)
            created = 0
            for t, rows in by_type.items():
                summary = self._run(tx, "upsert_nodes", {"label": t}, rows=rows, type=t).consume()
                created += summary.counters.nodes_created
            return created

        return self._write_tx(fast, f"writing nodes of {where}", fallback=safe)

    def _write_edges(self, chunk: list["EdgeFact"], where: str) -> int:
        """Write one slice of relationships; return how many were created."""
        return self._write_edge_slice(_EdgeSlice(chunk), where)

    def _write_edge_slice(self, piece: _EdgeSlice, where: str) -> int:
        """Write one slice of relationships (prepared); return how many were created.

        Per relationship type: which ids exist already (edge_ids), CREATE the others
        (create_edges, each end node looked up once), replace the provenance of the existing
        ones (update_edge_prov). Once a slice of a type found none of its facts, the following
        slices of that type are CREATEd without asking: the `<REL>_id` uniqueness constraint
        refuses a fact that exists after all. If a constraint refuses a slice (a fact that was
        there, or another writer's), it is written again with merge_edges and the next slices
        of its types ask first again (see load.cypher).
        """
        def fast(tx):
            created = 0
            for rel, run in piece.runs.items():
                rows = run.rows
                if not self._unseen.get(rel):
                    found = set(self._run(tx, "edge_ids", {"rel": rel}, ids=run.ids).single()["ids"])
                    if found:
                        rows = [r for r in rows if r[2] not in found]
                        again = [[e.id, e.tags, e.prov] for e in run.facts if e.id in found]
                        self._run(tx, "update_edge_prov", {"rel": rel}, rows=again).consume()
                    elif NEO4J_RELS.get(rel, rel) in self._unique_ids:
                        self._unseen[rel] = True
                if rows:
                    created += self._run(tx, "create_edges", {"rel": rel}, keys=run.keys, rows=rows) \
                        .consume().counters.relationships_created
            return created

        def safe(tx):
            created = 0
            for rel, run in piece.runs.items():
                self._unseen[rel] = False
                rows = [{"id": e.id, "src": f"{e.src[0]}:{e.src[1]}", "dst": f"{e.dst[0]}:{e.dst[1]}",
                         "ts": e.ts, "disc": e.disc, "amount": e.amount, "props": e.props or "{}",
                         "tags": e.tags, "prov": e.prov} for e in run.facts]
                created += self._run(tx, "merge_edges", {"rel": rel}, rows=rows).consume().counters \
                    .relationships_created
            return created

        return self._write_tx(fast, f"writing relationships of {where}", fallback=safe)

    def record_rejects(self, load_id: str, rejects: list[tuple]) -> None:
        if not rejects:
            return
        self.ensure_schema()

        def work(tx):
            n0 = self._run(tx, "count_load_rejects", load_id=load_id).single()["n"]
            rows = [{"rid": f"{load_id}:r{n0 + i}", "n": 2 * 10 ** 18 + n0 + i, "row": r, "col": c,
                     "value": v, "reason": why} for i, (r, c, v, why) in enumerate(rejects)]
            self._run(tx, "insert_rejects", rows=rows, load_id=load_id).consume()

        self._write_tx(work, "recording rejects")

    def rejects(self, load_id: str | None = None) -> list[dict]:
        cols = ("file", "sheet", "row", "column", "value", "reason", "load_id")
        return [{c: r[c] for c in cols} for r in self._read("rejects", load_id=load_id)]

    # -- reading -----------------------------------------------------------------------
    def stats(self) -> dict:
        def work(tx):
            nodes, edges = {}, {}
            for t in sorted(NODE_TYPES):
                n = self._run(tx, "count_label", {"label": t}).single()["n"]
                if n:
                    nodes[t] = n
            for t in sorted(EDGE_TYPES):
                n = self._run(tx, "count_rel", {"rel": t}).single()["n"]
                if n:
                    edges[t] = n
            tot = self._run(tx, "load_totals").single()
            return nodes, edges, tot["files"], tot["rejects"]

        nodes, edges, files, rejects = self._read_tx(work)
        return {"nodes": nodes, "edges": edges, "files": files, "rejects": rejects,
                "total_nodes": sum(nodes.values()), "total_edges": sum(edges.values())}

    def nodes(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
        keys = list(dict.fromkeys(tuple(k) for k in keys))
        if not keys:
            return {}
        found = {r["key"]: r["props"] for r in self._read("nodes_by_key", keys=[f"{t}:{v}" for t, v in keys])}
        return {k: json.loads(found[f"{k[0]}:{k[1]}"] or "{}") for k in keys if f"{k[0]}:{k[1]}" in found}

    def degrees(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        keys = list(dict.fromkeys(tuple(k) for k in keys))
        if not keys:
            return {}
        found = {r["key"]: r["degree"] for r in self._read("degrees", keys=[f"{t}:{v}" for t, v in keys])}
        return {k: found[f"{k[0]}:{k[1]}"] for k in keys if f"{k[0]}:{k[1]}" in found}

    def incident(self, keys, types=None, limit_per_node=None) -> list[Edge]:
        keys = list(dict.fromkeys(tuple(k) for k in keys))
        if not keys:
            return []
        rels = [NEO4J_RELS[t] for t in (types if types else EDGE_TYPES) if t in NEO4J_RELS]
        if not rels:
            return []
        limit = int(limit_per_node) if limit_per_node else NO_LIMIT
        rows = self._read("incident", keys=[f"{t}:{v}" for t, v in keys], types=rels, limit=limit)
        out: dict[int, Edge] = {}
        for r in rows:
            if r["id"] not in out:
                out[r["id"]] = _edge(r["id"], r["type"], (r["st"], r["sv"]), (r["dt"], r["dv"]), r["ts"],
                                     r["amount"], r["props"])
        return sorted(out.values(), key=edge_order)

    def provenance(self, edge_ids: list[str]) -> dict[str, list[dict]]:
        ids = list(dict.fromkeys(str(i) for i in edge_ids))
        if not ids:
            return {}
        wanted = sorted({int(i) for i in ids if _is_int(i)})

        def work(tx):
            found = {}
            for rel in NEO4J_RELS.values():
                for r in self._run(tx, "edge_prov", {"rel": rel}, ids=wanted):
                    found[str(r["id"])] = r["prov"] or []
            return found

        entries = self._read_tx(work) if wanted else {}
        parsed = {eid: _parse_prov(entries.get(eid, [])) for eid in ids}
        loads = self._loads_by_id({lid for items in parsed.values() for lid, _, _ in items})
        return {eid: _prov_rows(parsed[eid], loads, 50) for eid in ids}

    def node_provenance(self, key, limit: int = 20) -> list[dict]:
        rows = self._read("node_prov", key=f"{key[0]}:{key[1]}")
        if not rows:
            return []
        r = rows[0]
        entries = list(r["prov"] or [])
        for side in (r["out_prov"], r["in_prov"]):
            for prov in side or ():
                entries.extend(prov or ())
        items = _parse_prov(entries)
        loads = self._loads_by_id({lid for lid, _, _ in items})
        return _prov_rows(items, loads, limit, by_column=True)

    def _loads_by_id(self, ids: set) -> dict[str, dict]:
        if not ids:
            return {}
        return {r["load_id"]: {"path": r["path"], "sha256": r["sha256"], "sheet": r["sheet"]}
                for r in self._read("loads_by_id", ids=sorted(ids))}

    def _graph_rows(self, edge_types=None):
        """Every node (type, value, props) and every edge of ``edge_types`` (id, type, src, dst, ts,
        amount, props), read in one transaction."""
        rels = [NEO4J_RELS[t] for t in (edge_types if edge_types else EDGE_TYPES) if t in NEO4J_RELS]

        def work(tx):
            nodes = [(r["type"], r["value"], r["props"]) for r in self._run(tx, "all_nodes")]
            edges = [(r["id"], REL_TYPE.get(r["type"], r["type"]), r["src"], r["dst"], r["ts"], r["amount"],
                      r["props"]) for r in self._run(tx, "all_edges", types=rels)] if rels else []
            return nodes, edges

        return self._read_tx(work)

    def graph_frames(self, edge_types=None):
        import numpy as np
        import pandas as pd

        node_rows, edge_rows = self._graph_rows(edge_types)
        nodes = pd.DataFrame(node_rows, columns=["type", "value", "props"])
        nodes = nodes.sort_values(["type", "value"], kind="stable").reset_index(drop=True)
        index = {f"{t}:{v}": i for i, (t, v) in enumerate(zip(nodes["type"], nodes["value"]))}
        nodes["props"] = [json.loads(p or "{}") for p in nodes["props"]]
        edges = pd.DataFrame(edge_rows, columns=["id", "type", "src", "dst", "ts", "amount", "props"])
        edges["src"] = np.array([index[k] for k in edges["src"]], dtype=np.int64)
        edges["dst"] = np.array([index[k] for k in edges["dst"]], dtype=np.int64)
        edges["id"] = edges["id"].astype(str)
        edges["amount_text"] = edges["amount"]
        edges["amount"] = pd.to_numeric(edges["amount"], errors="coerce")
        edges["ts"] = edges["ts"].astype("float64")
        edges["props"] = [json.loads(p or "{}") for p in edges["props"]]
        edges = edges.sort_values(["type", "src", "dst", "ts", "id"], kind="stable").reset_index(drop=True)
        return nodes, edges

    def graph_arrays(self, edge_types=None):
        """The whole graph as columns (see ``graphfraud.store.arrays``), read in one transaction."""
        import numpy as np

        from graphfraud.store.arrays import build_arrays

        node_rows, edge_rows = self._graph_rows(edge_types)
        types = [r[0] for r in node_rows]
        values = [r[1] for r in node_rows]
        pos = {f"{t}:{v}": i for i, (t, v) in enumerate(zip(types, values))}
        return build_arrays(
            types, values, [r[2] for r in node_rows], np.array([int(r[0]) for r in edge_rows], dtype=np.int64),
            [r[1] for r in edge_rows], np.array([pos[r[2]] for r in edge_rows], dtype=np.int64),
            np.array([pos[r[3]] for r in edge_rows], dtype=np.int64), [r[4] for r in edge_rows],
            [r[5] for r in edge_rows], [r[6] for r in edge_rows])

    def loads(self) -> list[dict]:
        cols = ("load_id", "sha256", "path", "sheet", "kind", "rows", "nodes_added", "edges_added",
                "edges_seen", "rejects", "started", "finished")
        return [{c: r[c] for c in cols} for r in self._read("finished_loads")]

    def audit_head(self) -> dict | None:
        rows = self._read("audit_head")
        return {"seq": int(rows[0]["seq"]), "hash": rows[0]["hash"]} if rows else None

    def set_audit_head(self, head: dict, wait: float = 2.0) -> None:
        self._write_tx(lambda tx: self._run(tx, "set_audit_head", seq=int(head["seq"]),
                                            hash=str(head["hash"])).consume(), "recording the audit chain head")

    def shortest_path(self, a: tuple[str, str], b: tuple[str, str], max_hops: int) -> list[Edge] | None:
        a, b = tuple(a), tuple(b)
        if a == b:
            return []
        if max_hops < 1:
            return None
        rows = self._read("shortest_path", {"max_hops": int(max_hops)},
                          a=f"{a[0]}:{a[1]}", b=f"{b[0]}:{b[1]}")
        if not rows:
            return None
        out = []
        for r in rows[0]["edges"]:
            st, _, sv = r["src"].partition(":")
            dt, _, dv = r["dst"].partition(":")
            out.append(_edge(r["id"], r["type"], (st, sv), (dt, dv), r["ts"], r["amount"], r["props"]))
        return out

    def community_labels(self, request):
        """Clusters computed by the server with the Graph Data Science library (see
        graphfraud/store/neo4j_gds.py); NotInStore where it is not installed."""
        from graphfraud.store.neo4j_gds import community_labels

        return community_labels(self, request)

    # -- the `query` command -----------------------------------------------------------
    def run_query(self, text: str, params: dict, write: bool = False) -> list[dict]:
        """Run one Cypher statement (an analyst's query); rows as plain JSON-ready dicts.

        Read-only unless ``write``: the transaction is opened in READ access mode, so
        the server refuses a statement that would write.
        """
        from neo4j.exceptions import DriverError, Neo4jError

        def work(tx):
            result = tx.run(text, params)
            return [{k: plain(v) for k, v in rec.items()} for rec in result]

        try:
            with self._session(write) as s:
                return s.execute_write(work) if write else s.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise self._error(exc, query=True) from None


# -- facts on their way in ---------------------------------------------------------------
class NodeFact:
    __slots__ = ("type", "value", "props", "tags", "prov", "rows")

    def __init__(self, type_, value, props, tags, prov, rows):
        self.type, self.value, self.props = type_, value, props
        self.tags, self.prov, self.rows = tags, prov, rows


class EdgeFact:
    __slots__ = ("id", "type", "src", "dst", "ts", "disc", "amount", "props", "tags", "prov", "rows")

    def __init__(self, id_, type_, src, dst, ts, disc, amount, props, tags, prov, rows):
        self.id, self.type, self.src, self.dst, self.ts, self.disc = id_, type_, src, dst, ts, disc
        self.amount, self.props, self.tags, self.prov, self.rows = amount, props, tags, prov, rows


def _rows(pairs) -> tuple[int, int] | None:
    if len(pairs) == 1:  # most facts are stated by one row
        row = pairs[0][0]
        return (row, row) if isinstance(row, int) else None
    rows = [p[0] for p in pairs if isinstance(p[0], int)]
    return (min(rows), max(rows)) if rows else None


_JSON_TEXT: dict[str, str] = {}  # column names as JSON strings


def _pairs_json(pairs: list) -> str:
    """``json.dumps(pairs, ensure_ascii=False)`` of [[row, columns], ...] provenance pairs,
    written directly: a load makes one such text per fact and per node."""
    parts = []
    for pair in pairs:
        row, cols = pair
        if type(row) is int and type(cols) is str:
            text = _JSON_TEXT.get(cols)
            if text is None:
                if len(_JSON_TEXT) > 10000:
                    _JSON_TEXT.clear()
                text = _JSON_TEXT[cols] = encode_basestring(cols)
            parts.append(f"[{row}, {text}]")
        else:
            parts.append(json.dumps(pair, ensure_ascii=False))
    return "[" + ", ".join(parts) + "]"


def _span(chunk) -> str:
    spans = [x.rows for x in chunk if x.rows]
    if not spans:
        return "rows unknown"
    return f"rows {min(s[0] for s in spans)}–{max(s[1] for s in spans)}"


def _slices(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class _EdgeRun:
    """The relationships of one type in a slice, ready to send: their ids (for edge_ids), the
    distinct keys of their end nodes and the rows of create_edges (positions in those keys)."""

    __slots__ = ("facts", "ids", "keys", "rows")

    def __init__(self, facts: list[EdgeFact]):
        pos: dict[str, int] = {}
        rows = []
        for e in facts:
            src, dst = f"{e.src[0]}:{e.src[1]}", f"{e.dst[0]}:{e.dst[1]}"
            si = pos.get(src)
            if si is None:
                si = pos[src] = len(pos)
            di = pos.get(dst)
            if di is None:
                di = pos[dst] = len(pos)
            rows.append([si, di, e.id, e.ts, e.disc, e.amount, e.props or "{}", e.prov])
        self.facts, self.ids, self.keys, self.rows = facts, [e.id for e in facts], list(pos), rows


class _EdgeSlice:
    """One slice of relationships, grouped by type (each query names one type)."""

    __slots__ = ("runs",)

    def __init__(self, chunk: list[EdgeFact]):
        by_type: dict[str, list] = {}
        for e in chunk:
            by_type.setdefault(e.type, []).append(e)
        self.runs = {t: _EdgeRun(facts) for t, facts in by_type.items()}


_BATCH_DONE = object()  # the helper thread has handed over every write of one batch


class _EdgeWriters:
    """Writes the relationship slices of one batch in WRITERS transactions side by side.

    The slices of a batch hold different facts (a batch's facts are distinct), and their
    nodes are written before them, so their transactions are independent; a deadlock
    between two of them is a transient error the driver retries. The server then uses
    more than one core. ``drain`` waits for every slice submitted (in order: counts, the
    first error) before anything else of the file is written; with one writer a slice is
    written at once, in this thread.
    """

    def __init__(self, store: Neo4jStore, progress):
        self.store, self.progress, self.created = store, progress, 0
        self.pending: collections.deque = collections.deque()
        self.pool = None
        if store.writers > 1:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(store.writers, thread_name_prefix="graphfraud-neo4j-write")

    def submit(self, piece: _EdgeSlice, where: str, step: int) -> None:
        if self.pool is None:
            self.created += self.store._write_edge_slice(piece, where)
            if self.progress and step:
                self.progress(step)
            return
        while len(self.pending) >= self.store.writers:
            self._finish_one()
        self.pending.append((self.pool.submit(self.store._write_edge_slice, piece, where), step))

    def _finish_one(self) -> None:
        future, step = self.pending.popleft()
        self.created += future.result()
        if self.progress and step:
            self.progress(step)

    def drain(self) -> int:
        """Wait for every slice submitted; return how many relationships they created."""
        while self.pending:
            self._finish_one()
        created, self.created = self.created, 0
        return created

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:  # after an error: no slice is started, the running ones end
            self.pool.shutdown(wait=True, cancel_futures=True)


def _gated(items: Iterable, turns: threading.Semaphore, stop: threading.Event):
    """``items``, each taken only once ``turns`` grants one (never after ``stop``)."""
    it = iter(items)
    while True:
        while not turns.acquire(timeout=0.5):
            if stop.is_set():
                return
        if stop.is_set():
            return
        try:
            item = next(it)
        except StopIteration:
            return
        yield item


# -- facts on their way out --------------------------------------------------------------
def _edge(eid, rel, src, dst, ts, amount, props) -> Edge:
    return Edge(str(eid), REL_TYPE.get(rel, rel), tuple(src), tuple(dst), ts, amount,
                json.loads(props or "{}"))


def _is_int(text: str) -> bool:
    try:
        int(text)
        return True
    except ValueError:
        return False


def _parse_prov(entries: list[str]) -> list[tuple[str, int, list]]:
    """Provenance entries -> [(load_id, position, [[row, columns], ...])] in the order written."""
    out = []
    for pos, entry in enumerate(entries):
        tag, sep, payload = entry.partition("\t")
        if not sep:
            continue
        load_id = tag.rpartition("#")[0]
        try:
            items = json.loads(payload)
        except ValueError:
            continue
        out.append((load_id, pos, items))
    return out


def _prov_rows(parsed, loads: dict, limit: int, by_column: bool = False) -> list[dict]:
    """Evidence rows ordered as the embedded store orders them: file path, sheet, row (and column)."""
    rows = []
    for load_id, _, items in parsed:
        ld = loads.get(load_id)
        if ld is None:  # a load that never finished (or is gone): not evidence
            continue
        for row, cols in items:
            rows.append((ld["path"], ld["sheet"] or "", row if row is not None else -1,
                         (cols or "") if by_column else "", {
                "file": os.path.basename(ld["path"]), "path": ld["path"], "sha256": ld["sha256"],
                "sheet": ld["sheet"] or None, "row": row, "columns": cols, "load_id": load_id}))
    rows.sort(key=lambda x: x[:4])  # stable: ties stay in the order they were stated
    return [r[4] for r in rows[:limit]]


def plain(value):
    """A value from the driver as plain JSON-ready data (nodes and relationships as dicts)."""
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Node):
        out = {"labels": sorted(value.labels)}
        out.update({k: plain(v) for k, v in value.items() if k != "prov"})
        return out
    if isinstance(value, Relationship):
        out = {"type": value.type}
        if value.start_node is not None and "key" in value.start_node:
            out["from"] = value.start_node["key"]
        if value.end_node is not None and "key" in value.end_node:
            out["to"] = value.end_node["key"]
        out.update({k: plain(v) for k, v in value.items() if k != "prov"})
        return out
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    return str(value)


def _first_line(exc: BaseException) -> str:
    msg = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(msg).strip().splitlines()[0] if str(msg).strip() else type(exc).__name__


def _texts(exc: BaseException, depth: int = 0) -> list[str]:
    """The messages of an error, its causes and (for exception groups) its members."""
    if exc is None or depth > 6:
        return []
    out = [str(exc)]
    for sub in getattr(exc, "exceptions", ()) or ():
        out += _texts(sub, depth + 1)
    for nxt in (exc.__cause__, exc.__context__):
        if nxt is not None and nxt is not exc:
            out += _texts(nxt, depth + 1)
    return out


def _reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words."""
    text = " ".join(_texts(exc))
    low = text.lower()
    if "connection refused" in low:
        return "connection refused"
    if "ssl" in low or "encrypt" in low or "certificate" in low:
        return ("TLS failed: use bolt:// or neo4j:// for a server without TLS, neo4j+s:// for one with it, "
                "neo4j+ssc:// for a self-signed certificate")
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low \
            or "no address associated" in low or "temporary failure in name resolution" in low:
        return "unknown host name"
    if "timed out" in low or "timeout" in low:
        return "connection timed out"
    m = re.search(r"\(reason ([^)]+)\)", text)
    if m:
        return m.group(1).strip()
    return _first_line(exc)

