"""The write path of the Neo4j store: a file's batches of facts -> nodes, relationships, loads, rejects.

Loads are written in managed write transactions of at most ``batch_size`` rows; every batch
converges when written again, and a file counts as loaded only once its ``Load`` node is
marked finished (see the package's docstring and ``cypher/load.cypher``).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import threading
from collections import defaultdict
from datetime import datetime, timezone
from typing import Iterable

from graphfraud.model import NEO4J_RELS
from graphfraud.store.base import LoadCounts, LoadRecord
from graphfraud.store.neo4j.slices import (
    _BATCH_DONE,
    EdgeFact,
    NewFactTypes,
    NodeFact,
    _EdgeSlice,
    _EdgeWriters,
    _gated,
    _pairs_json,
    _rows,
    _slices,
    _span,
)

BROWSE_PROPS = ("bank", "name", "holder_name", "display_name", "country", "carrier", "platform", "domain",
                "scam_type", "role")


def _now_sqlite() -> str:
    """The time in the embedded store's format for ``finished`` (SQLite ``datetime('now')``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


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


class Neo4jWriter:
    """Loads, nodes, relationships and rejects written to the server."""

    def is_loaded(self, sha256: str, sheet: str) -> bool:
        rows = self._read("is_loaded", sha256=sha256, sheet=sheet)
        return bool(rows and rows[0]["loaded"])

    def write_file(self, loads: list[tuple[LoadRecord, Iterable]], progress=None) -> list[LoadCounts]:
        self.ensure_schema()
        new_types = NewFactTypes()   # this load's: its slices of a type all new so far are CREATEd unasked
        results: list[LoadCounts] = []
        started: list[LoadRecord] = []
        try:
            for rec, batches in loads:
                name = os.path.basename(rec.path) + (f" [sheet {rec.sheet}]" if rec.sheet else "")
                self._write_tx(lambda tx, rec=rec: self._begin_load(tx, rec), f"starting the load of {name}")
                started.append(rec)
                counts = LoadCounts()
                with contextlib.closing(self._prepared(rec, name, batches)) as writes, \
                        _EdgeWriters(self, progress, new_types) as edges:
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

    def _write_nodes(self, chunk: list[NodeFact], where: str) -> int:
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

    def _write_edges(self, chunk: list[EdgeFact], where: str, new_types: NewFactTypes | None = None) -> int:
        """Write one slice of relationships; return how many were created."""
        return self._write_edge_slice(_EdgeSlice(chunk), where, NewFactTypes() if new_types is None else new_types)

    def _write_edge_slice(self, piece: _EdgeSlice, where: str, new_types: NewFactTypes) -> int:
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
                if rel not in new_types:
                    found = set(self._run(tx, "edge_ids", {"rel": rel}, ids=run.ids).single()["ids"])
                    if found:
                        rows = [r for r in rows if r[2] not in found]
                        again = [[e.id, e.tags, e.prov] for e in run.facts if e.id in found]
                        self._run(tx, "update_edge_prov", {"rel": rel}, rows=again).consume()
                    elif NEO4J_RELS.get(rel, rel) in self._unique_ids:
                        new_types.add(rel)
                if rows:
                    created += self._run(tx, "create_edges", {"rel": rel}, keys=run.keys, rows=rows) \
                        .consume().counters.relationships_created
            return created

        def safe(tx):
            created = 0
            for rel, run in piece.runs.items():
                new_types.discard(rel)
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
