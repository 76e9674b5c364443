"""An embedded store written as the CSV files of Neo4j's offline importer
(``neo4j-admin database import full``), with the graph model of the batched push.

What the files hold is what ``graphfraud push`` writes with ``UNWIND … MERGE`` into an
empty database (see ``cypher/load.cypher``):

* one node per identifier, labels ``<Type>`` and ``Entity``, properties ``key`` ("type:value"),
  ``type``, ``value``, ``props`` (JSON text, null keys
  dropped), the scalar copies for browsing (``bank``, ``name``, ...) and ``prov`` (one entry
  ``<load_id>#push\\t<JSON [[row, column], ...]>`` per load that mentions it);
* one relationship per fact, type ``TRANSFER``, ``CALL``, ...: ``id`` (the 64-bit fact key),
  ``ts``, ``time`` (a UTC datetime), ``disc``, ``amount`` (a number), ``amount_text`` (the
  exact decimal text), ``props`` and ``prov`` (as for nodes, column lists).

``Load``, ``Reject`` and ``AuditHead`` nodes are few and are written through Cypher once the
server runs again, as are the constraints and indexes (see :mod:`graphfraud.push_bulk`).

The importer's IDs are the embedded store's integer node ids (``--id-type=integer``), not stored: a
relationship line names its ends by number, so neither the files nor the importer's ID mapping
carry the two "type:value" texts of every fact (at 10^6 transfers, 3.4 million of each).

Strings are always quoted and numbers never, so that an empty string stays an empty string
and a missing value stays missing; list elements are separated by U+001F, which the JSON of
the provenance never holds unescaped. The importer is told to accept line breaks inside
values only when some value has one (it is slower then).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from graphfraud.errors import StoreError
from graphfraud.model import NEO4J_LABELS, NEO4J_RELS
from graphfraud.store.neo4j.slices import _pairs_json
from graphfraud.store.neo4j.writer import BROWSE_PROPS, merge_patch

ARRAY_SEP = "\x1f"
ARRAY_SEP_OPTION = "U+001F"
PUSH_TAG = "#push\t"
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
        out += ["--id-type=integer", f"--array-delimiter={ARRAY_SEP_OPTION}", "--delimiter=,", "--quote=\"",
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
                fh.write(f":ID,key:string,:LABEL,type:string,value:string,props:string{cols},prov:string[]\n")
                files.node_groups.append(path)
            key = f"{t}:{value}"
            texts = [value] + [v for _, kind, v in scalars if kind == "string"]
            files.multiline = files.multiline or _lines_in(*texts)
            cols = "".join("," + _scalar(kind, v) for _, kind, v in scalars)
            per = prov.of(nid)
            fh.write(f"{nid},{_q(key)},{label}{ARRAY_SEP}Entity,{_q(t)},{_q(value)},{_q(props)}{cols},"
                     f"{_q(_prov(per)) if per else ''}\n")
            files.nodes += 1
    finally:
        for fh in outs.values():
            fh.close()


def _sql_text(expr: str) -> str:
    """SQL for the quoted CSV field of the text ``expr``."""
    return f"'\"' || replace({expr}, '\"', '\"\"') || '\"'"


def _relationship_lines_sql() -> str:
    """One SELECT giving every fact as its CSV line, by id: SQLite formats the 3 million lines of
    10^6 transfers many times faster than Python would.

    The fields are those of REL_HEADER. ``amount`` is the exact decimal text, which the importer
    reads as a double as Cypher's ``toFloat`` does (both parse it with Java's
    ``Double.parseDouble``); a text that is no plain decimal gets none. ``prov`` groups the fact's
    rows of the finished loads per load, the loads in the order of their first row, each entry
    ``<load_id>#push<TAB>[[row, "columns"], ...]`` (what ``json.dumps`` writes): see _PROV_SQL."""
    rel = "CASE e.type " + " ".join(f"WHEN '{t}' THEN '{r}'" for t, r in sorted(NEO4J_RELS.items())) + " END"
    digits = "CASE WHEN substr(e.amount, 1, 1) = '-' THEN substr(e.amount, 2) ELSE e.amount END"
    amount = (f"CASE WHEN {digits} <> '' AND {digits} <> '.' AND {digits} NOT GLOB '*[^0-9.]*'"
              f" AND {digits} NOT GLOB '*.*.*' THEN e.amount ELSE '' END")
    return ("SELECT " + " || ',' || ".join([
        "e.src", "e.dst", rel, "e.id",
        "coalesce(e.ts, '')", _sql_text("coalesce(e.disc, '')"), amount,
        f"CASE WHEN e.amount IS NULL THEN '' ELSE {_sql_text('e.amount')} END",
        _sql_text("CASE WHEN e.props IS NULL OR e.props = '' THEN '{}' ELSE e.props END"),
        "CASE WHEN e.ts IS NULL THEN '' ELSE strftime('%Y-%m-%dT%H:%M:%SZ', e.ts, 'unixepoch') END",
        f"coalesce({_sql_text('p.prov')}, '')"]) + " || char(10)"
        " FROM edges e LEFT JOIN temp.bulk_prov p ON p.edge_id = e.id ORDER BY e.id")


# The provenance of every fact, gathered in one pass (a temporary table: the store stays read-only).
_PROV_SQL = (
    "INSERT INTO temp.bulk_prov SELECT edge_id, group_concat(entry, char(31)) FROM ("
    " SELECT edge_id, load_id || '#push' || char(9) || '[' || group_concat(pair, ', ') || ']' AS entry,"
    " min(rid) AS first FROM ("
    "  SELECT x.edge_id, x.load_id, x.rowid AS rid,"
    "   '[' || coalesce(x.row, 'null') || ', ' || json_quote(x.cols) || ']' AS pair FROM edge_src x"
    "   WHERE x.load_id IN (SELECT load_id FROM loads WHERE finished IS NOT NULL) ORDER BY x.edge_id, x.rowid)"
    " GROUP BY edge_id, load_id ORDER BY edge_id, first)"
    " GROUP BY edge_id ORDER BY edge_id")


def write_relationships(db, folder: Path, load_ids: set, files: ImportFiles) -> None:
    """One CSV file (header line first) with every fact, its type in a column; the provenance of
    the finished loads (``load_ids``: the same loads)."""
    unknown = [t for (t,) in db.execute("SELECT DISTINCT type FROM edges") if t not in NEO4J_RELS]
    if unknown:
        raise StoreError(f"fact type {unknown[0]!r} has no Neo4j relationship type")
    if db.execute("SELECT EXISTS(SELECT 1 FROM edges WHERE instr(disc, char(10)) OR instr(disc, char(13))"
                  " OR instr(amount, char(10)) OR instr(amount, char(13)))").fetchone()[0]:
        files.multiline = True
    path = folder / "relationships.csv"
    files.rel_files.append(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(REL_HEADER + "\n")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS bulk_prov(edge_id INTEGER PRIMARY KEY, prov TEXT)")
        try:
            db.execute("DELETE FROM temp.bulk_prov")
            db.execute(_PROV_SQL)
            cur = db.execute(_relationship_lines_sql())
            while True:
                part = cur.fetchmany(20000)
                if not part:
                    break
                fh.write("".join([r[0] for r in part]))
                files.relationships += len(part)
        finally:
            db.execute("DROP TABLE IF EXISTS temp.bulk_prov")


def write_import_files(db, folder: Path, load_ids: set) -> ImportFiles:
    """Write the nodes and relationships of the embedded store ``db`` (an sqlite3 connection)
    into ``folder`` for the importer; the provenance of the loads ``load_ids`` only."""
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(folder)
    write_nodes(db, folder, load_ids, files)
    write_relationships(db, folder, load_ids, files)
    return files
