"""An embedded store written as the CSV files of Neo4j's offline importer
(``neo4j-admin database import full``), with the graph model of the batched push.

What the files hold is what ``graphfraud push`` writes with ``UNWIND … MERGE`` into an
empty database (see ``cypher/load.cypher``):

* one node per identifier, labels ``<Type>`` and ``Entity``, properties ``key`` (the
  importer's ID, "type:value"), ``type``, ``value``, ``props`` (JSON text, null keys
  dropped), the scalar copies for browsing (``bank``, ``name``, ...) and ``prov`` (one entry
  ``<load_id>#push\\t<JSON [[row, column], ...]>`` per load that mentions it);
* one relationship per fact, type ``TRANSFER``, ``CALL``, ...: ``id`` (the 64-bit fact key),
  ``ts``, ``time`` (a UTC datetime), ``disc``, ``amount`` (a number), ``amount_text`` (the
  exact decimal text), ``props`` and ``prov`` (as for nodes, column lists).

``Load``, ``Reject`` and ``AuditHead`` nodes are few and are written through Cypher once the
server runs again, as are the constraints and indexes (see :mod:`graphfraud.push_bulk`).

Strings are always quoted and numbers never, so that an empty string stays an empty string
and a missing value stays missing; list elements are separated by U+001F, which the JSON of
the provenance never holds unescaped. The importer is told to accept line breaks inside
values only when some value has one (it is slower then).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from graphfraud.errors import StoreError
from graphfraud.model import NEO4J_LABELS, NEO4J_RELS
from graphfraud.store.neo4j.slices import _pairs_json
from graphfraud.store.neo4j.writer import BROWSE_PROPS, merge_patch

ARRAY_SEP = "\x1f"
ARRAY_SEP_OPTION = "U+001F"
PUSH_TAG = "#push\t"
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_CSV_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
REL_HEADER = (":START_ID,:END_ID,:TYPE,id:long,ts:long,disc:string,amount:double,amount_text:string,"
              "props:string,time:datetime,prov:string[]")


@dataclass
class ImportFiles:
    """The files written for one import: importer options, counts and whether values span lines."""

    folder: Path
    node_groups: list[Path] = field(default_factory=list)
    rel_files: list[Path] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    multiline: bool = False

    def options(self) -> list[str]:
        """The importer's options naming these files (one argument each)."""
        out = [f"--nodes={p}" for p in self.node_groups] + [f"--relationships={p}" for p in self.rel_files]
        out += ["--id-type=string", f"--array-delimiter={ARRAY_SEP_OPTION}", "--delimiter=,", "--quote=\"",
                "--ignore-empty-strings=false", "--trim-strings=false", "--legacy-style-quoting=false",
                f"--multiline-fields={'true' if self.multiline else 'false'}"]
        return out


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _lines_in(*texts) -> bool:
    return any(t is not None and ("\n" in t or "\r" in t) for t in texts)


def _prov(per_load: dict) -> str:
    """The ``prov`` list of one node or fact, in the importer's array form."""
    return ARRAY_SEP.join(lid + PUSH_TAG + _pairs_json(pairs) for lid, pairs in per_load.items())


def _sources_in_order(db, sql: str, load_ids: set):
    """(id, {load id: [[row, column(s)], ...]}) of every node or fact with provenance, by id;
    the loads in the order of their first row, as ``push._sources`` groups them."""
    cur_id, per = None, {}
    for fid, lid, row, cols in db.execute(sql):
        if fid != cur_id:
            if cur_id is not None:
                yield cur_id, per
            cur_id, per = fid, {}
        if lid in load_ids:
            per.setdefault(lid, []).append([row, cols])
    if cur_id is not None:
        yield cur_id, per


class _Merged:
    """Walks a sorted stream of (id, provenance) beside a sorted stream of rows."""

    def __init__(self, stream):
        self._it = iter(stream)
        self._next = next(self._it, None)

    def of(self, fid) -> dict:
        while self._next is not None and self._next[0] < fid:
            self._next = next(self._it, None)
        if self._next is not None and self._next[0] == fid:
            return self._next[1]
        return {}


def _node_row(t: str, value: str, props_text: str):
    """(scalar columns with their CSV types, props JSON text) of one node, as create_nodes sets them."""
    props = json.loads(props_text or "{}")
    merged = merge_patch(props, props) if props else {}
    scalars = []
    for k in BROWSE_PROPS:
        v = merged.get(k)
        if isinstance(v, (str, int, float, bool)):
            scalars.append((k, _CSV_TYPES[type(v)], v))
    return scalars, json.dumps(merged, ensure_ascii=False, default=str)


def _scalar(kind: str, v) -> str:
    if kind == "string":
        return _q(v)
    if kind == "boolean":
        return "true" if v else "false"
    return repr(v)


def write_nodes(db, folder: Path, load_ids: set, files: ImportFiles) -> None:
    """One CSV file (header line first) per label and set of scalar columns."""
    outs: dict[tuple, object] = {}
    prov = _Merged(_sources_in_order(
        db, "SELECT node_id, load_id, row, col FROM node_src ORDER BY node_id, rowid", load_ids))
    try:
        for nid, t, value, props_text in db.execute("SELECT id, type, value, props FROM nodes ORDER BY id"):
            label = NEO4J_LABELS.get(t)
            if label is None:
                raise StoreError(f"node type {t!r} has no Neo4j label")
            scalars, props = _node_row(t, value, props_text)
            sig = (label, tuple((k, kind) for k, kind, _ in scalars))
            fh = outs.get(sig)
            if fh is None:
                path = folder / f"nodes-{label}-{len(outs)}.csv"
                fh = outs[sig] = path.open("w", encoding="utf-8", newline="")
                cols = "".join(f",{k}:{kind}" for k, kind in sig[1])
                fh.write(f"key:ID,:LABEL,type:string,value:string,props:string{cols},prov:string[]\n")
                files.node_groups.append(path)
            key = f"{t}:{value}"
            texts = [value] + [v for _, kind, v in scalars if kind == "string"]
            files.multiline = files.multiline or _lines_in(*texts)
            cols = "".join("," + _scalar(kind, v) for _, kind, v in scalars)
            per = prov.of(nid)
            fh.write(f"{_q(key)},{label}{ARRAY_SEP}Entity,{_q(t)},{_q(value)},{_q(props)}{cols},"
                     f"{_q(_prov(per)) if per else ''}\n")
            files.nodes += 1
    finally:
        for fh in outs.values():
            fh.close()


class _Times:
    """``datetime({epochSeconds: ts})`` as the importer's datetime text (UTC), one date per day."""

    def __init__(self):
        self._days: dict[int, str] = {}

    def __call__(self, ts: int) -> str:
        day, sec = divmod(int(ts), 86400)
        d = self._days.get(day)
        if d is None:
            if len(self._days) > 100000:
                self._days.clear()
            d = self._days[day] = datetime.fromtimestamp(day * 86400, timezone.utc).strftime("%Y-%m-%d")
        h, rest = divmod(sec, 3600)
        return f"{d}T{h:02d}:{rest // 60:02d}:{rest % 60:02d}Z"


def _amount(text) -> str:
    """``toFloat(amount)`` of the batched path: the float of a decimal text, else nothing."""
    if text is None or not _NUMBER.fullmatch(text):
        return ""
    return repr(float(text))


def write_relationships(db, folder: Path, load_ids: set, files: ImportFiles) -> None:
    """One CSV file (header line first) with every fact, its type in a column."""
    path = folder / "relationships.csv"
    files.rel_files.append(path)
    prov = _Merged(_sources_in_order(
        db, "SELECT edge_id, load_id, row, cols FROM edge_src ORDER BY edge_id, rowid", load_ids))
    when = _Times()
    rels = dict(NEO4J_RELS)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(REL_HEADER + "\n")
        rows = db.execute("SELECT e.id, e.type, s.type || ':' || s.value, d.type || ':' || d.value, e.ts,"
                          " e.disc, e.amount, e.props FROM edges e JOIN nodes s ON s.id = e.src"
                          " JOIN nodes d ON d.id = e.dst ORDER BY e.id")
        out = []
        for eid, et, src, dst, ts, disc, amount, props in rows:
            rel = rels.get(et)
            if rel is None:
                raise StoreError(f"fact type {et!r} has no Neo4j relationship type")
            disc = disc or ""
            if not files.multiline and _lines_in(disc, amount, src, dst):
                files.multiline = True
            per = prov.of(eid)
            out.append(f"{_q(src)},{_q(dst)},{rel},{eid},{'' if ts is None else ts},{_q(disc)},{_amount(amount)},"
                       f"{'' if amount is None else _q(amount)},{_q(props or '{}')},"
                       f"{'' if ts is None else when(ts)},{_q(_prov(per)) if per else ''}\n")
            if len(out) >= 20000:
                fh.write("".join(out))
                files.relationships += len(out)
                out = []
        fh.write("".join(out))
        files.relationships += len(out)


def write_import_files(db, folder: Path, load_ids: set) -> ImportFiles:
    """Write the nodes and relationships of the embedded store ``db`` (an sqlite3 connection)
    into ``folder`` for the importer; the provenance of the loads ``load_ids`` only."""
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(folder)
    write_nodes(db, folder, load_ids, files)
    write_relationships(db, folder, load_ids, files)
    return files
