"""The importer's CSV files written from an embedded store (graphfraud/store/neo4j/bulk_files.py),
read back with Python's csv module: the values, types and provenance of the batched push."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime, timezone

from graphfraud.load import load_files
from graphfraud.push_bulk import importer_seconds
from graphfraud.store.neo4j.bulk_files import ARRAY_SEP, write_import_files
from graphfraud.store.sqlite import SQLiteStore
from tests.neo4j.cases import case_files


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _store(tmp_path):
    db = tmp_path / "g.db"
    with SQLiteStore(db) as s:
        load_files(s, case_files(tmp_path / "case"))
    return db


def test_files_hold_every_node_and_fact_with_typed_columns(tmp_path):
    db = _store(tmp_path)
    con = sqlite3.connect(db)
    loads = {r[0] for r in con.execute("SELECT load_id FROM loads WHERE finished IS NOT NULL")}
    files = write_import_files(con, tmp_path / "out", loads)
    n_nodes, n_edges = con.execute("SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM edges)").fetchone()
    assert (files.nodes, files.relationships) == (n_nodes, n_edges)
    assert not files.multiline
    rels = _rows(files.rel_files[0])
    header = rels[0]
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"] and "amount:double" in header
    by_id = {int(r[header.index("id:long")]): dict(zip(header, r)) for r in rels[1:]}
    for eid, ts, disc, amount in con.execute("SELECT id, ts, disc, amount FROM edges"):
        r = by_id[eid]
        assert r["disc:string"] == disc
        assert r["amount_text:string"] == (amount or "")
        assert r["ts:long"] == ("" if ts is None else str(ts))
        if amount:   # the importer reads it as Cypher's toFloat does
            assert float(r["amount:double"]) == float(amount)
        assert r["time:datetime"] == ("" if ts is None else
                                      datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        prov = r["prov:string[]"].split(ARRAY_SEP)
        assert all(p.split("\t")[0].endswith("#push") for p in prov)
        assert all(isinstance(json.loads(p.split("\t", 1)[1]), list) for p in prov)
    keys = {}
    for path in files.node_groups:
        rows = _rows(path)
        assert rows[0][:3] == [":ID", "key:string", ":LABEL"]
        for r in rows[1:]:
            keys[int(r[0])] = r[1]
            assert r[2].split(ARRAY_SEP)[1] == "Entity"
    assert keys == {i: f"{t}:{v}" for i, t, v in con.execute("SELECT id, type, value FROM nodes")}
    # a relationship names its ends by the importer's integer ids: the nodes' ids in the store
    for eid, src, dst in con.execute("SELECT id, src, dst FROM edges"):
        assert (by_id[eid][":START_ID"], by_id[eid][":END_ID"]) == (str(src), str(dst))
    assert "--id-type=integer" in files.options()


def test_a_value_with_quotes_and_a_line_break_is_kept_and_announced(tmp_path):
    db = _store(tmp_path)
    con = sqlite3.connect(db)
    nid = con.execute("SELECT id FROM nodes WHERE type = 'account' ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("UPDATE nodes SET props = ? WHERE id = ?",
                (json.dumps({"holder_name": 'Lê "Văn"\nC', "bank": "VCB"}, ensure_ascii=False), nid))
    ids = [r[0] for r in con.execute("SELECT id FROM edges WHERE amount IS NOT NULL ORDER BY id LIMIT 3")]
    for eid, amount in zip(ids, ("-12.50", "abc", ".5")):
        con.execute("UPDATE edges SET amount = ? WHERE id = ?", (amount, eid))
    con.commit()
    files = write_import_files(con, tmp_path / "out", set())
    assert files.multiline
    rels = _rows(files.rel_files[0])
    amounts = {int(r[3]): (r[6], r[7]) for r in rels[1:]}
    # a number where Cypher's toFloat gives one, the exact text beside it
    assert [amounts[i] for i in ids] == [("-12.50", "-12.50"), ("", "abc"), (".5", ".5")]
    assert "--multiline-fields=true" in files.options()
    found = [r for p in files.node_groups for r in _rows(p)[1:] if 'Lê "Văn"\nC' in r]
    assert len(found) == 1


def test_the_importers_own_time_is_read_from_its_log(tmp_path):
    log = tmp_path / "import.log"
    log.write_text("...\nIMPORT DONE in 1m 2s 345ms. \nImported:\n", encoding="utf-8")
    assert importer_seconds(log) == 62.345
    log.write_text("IMPORT DONE in 19s 436ms.", encoding="utf-8")
    assert importer_seconds(log) == 19.436
    assert importer_seconds(tmp_path / "missing.log") is None
