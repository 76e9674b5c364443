"""The Neo4j store on its own: idempotent loads, schema, interrupted loads, rejects, failures."""

from __future__ import annotations

import pytest

from graphfraud import api
from graphfraud.errors import BackendError, StoreError
from graphfraud.load import load_files
from graphfraud.store import open_store
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.sqlite import SQLiteStore
from tests.neo4j.cases import case_files, loads_key
from tests.neo4j.conftest import small_batches

pytestmark = pytest.mark.neo4j


def test_open_store_gives_neo4j(neo4j_config):
    with open_store(neo4j_config) as store:
        assert isinstance(store, Neo4jStore) and store.backend == "neo4j"
        assert store.stats() == {"nodes": {}, "edges": {}, "files": 0, "rejects": 0, "total_nodes": 0,
                                 "total_edges": 0}


def test_loading_twice_changes_nothing(tmp_path, neo4j_config):
    files = case_files(tmp_path / "case")
    api.load(neo4j_config, files)
    before = api.stats(neo4j_config)
    with Neo4jStore(neo4j_config) as n:
        loads_before = n.loads()
        frames_before = n.graph_frames()
    again = api.load(neo4j_config, files)
    assert all(s["status"] in {"already loaded", "skipped"} for f in again["files"] for s in f["sheets"])
    assert api.stats(neo4j_config) == before
    with Neo4jStore(neo4j_config) as n:
        assert n.loads() == loads_before
        after = n.graph_frames()
        assert after[0].equals(frames_before[0]) and after[1].equals(frames_before[1])


def test_constraints_exist_after_a_load(tmp_path, neo4j_config, neo4j_driver, neo4j_env):
    api.load(neo4j_config, case_files(tmp_path / "case")[:1])
    records, _, _ = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type",
                                               database_=neo4j_env["NEO4J_DATABASE"])
    got = {(r["labelsOrTypes"][0], tuple(r["properties"])) for r in records if r["type"] == "UNIQUENESS"}
    assert ("Entity", ("key",)) in got
    for label in ("Phone", "Account", "IP", "Device", "Social", "Email", "URL", "Person", "Case"):
        assert (label, ("value",)) in got, label
    assert ("Load", ("load_id",)) in got and ("Reject", ("rid",)) in got
    rows = api.query(neo4j_config, "constraints")
    assert {r["name"] for r in rows} >= {"entity_key", "Phone_value", "load_id"}
    assert all(r["state"] == "ONLINE" for r in api.query(neo4j_config, "indexes"))


def test_relationships_carry_browsable_properties(tmp_path, neo4j_config, neo4j_driver, neo4j_env):
    api.load(neo4j_config, case_files(tmp_path / "case")[:1])
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Account:Entity {value: '0011223344'})-[t:TRANSFER]->(b:Account) "
        "RETURN a.key AS key, a.bank AS bank, t.amount AS amount, t.amount_text AS text, t.time AS time, "
        "t.props AS props, b.value AS to ORDER BY t.seq", database_=neo4j_env["NEO4J_DATABASE"])
    r = records[0]
    assert r["key"] == "account:0011223344" and r["bank"] == "VCB"
    assert r["amount"] == 1500000.0 and r["text"] == "1500000" and r["to"] == "190355667788"
    assert r["time"].year == 2024 and '"txn_id": "FT001"' in r["props"]


def test_an_interrupted_load_is_not_loaded_and_reruns_cleanly(tmp_path, neo4j_config, embedded_config):
    from graphfraud.loaders.read import sha256_file

    from graphfraud.facts import FactBatch

    files = case_files(tmp_path / "case")
    # the reference: the embedded store
    with SQLiteStore(embedded_config.store) as s:
        load_files(s, files)
        want = s.stats()

    # a load whose batches stop with an error half-way
    with Neo4jStore(small_batches(neo4j_config, 2)) as n:
        real_write = n.write_file

        def crashing(loads, progress=None):
            def broken(batches):
                for i, b in enumerate(batches):
                    if i == 0:
                        half = FactBatch(nodes=b.nodes, edges=b.edges[: len(b.edges) // 2],
                                         mentions=b.mentions, rejects=b.rejects, rows=b.rows)
                        yield half
                        raise OSError("disk unplugged")
            return real_write([(rec, broken(batches)) for rec, batches in loads], progress)

        n.write_file = crashing
        with pytest.raises(OSError):
            load_files(n, files[:1])
        assert not n.is_loaded(sha256_file(files[0]), "")
        assert n.loads() == [] and n.stats()["files"] == 0
        assert n.stats()["total_nodes"] > 0  # facts written before the crash stay...
        e = n.incident([("account", "0011223344")])
        assert all(p == [] for p in n.provenance([x.id for x in e]).values())  # ...but are nobody's evidence
    # the same files again: everything converges to what the embedded store has
    with Neo4jStore(neo4j_config) as n:
        load_files(n, files)
        assert n.stats() == want


def test_a_crash_that_leaves_an_unfinished_load_behind(tmp_path, neo4j_config, embedded_config, neo4j_driver,
                                                       neo4j_env):
    files = case_files(tmp_path / "case")[:1]
    with SQLiteStore(embedded_config.store) as s:
        load_files(s, files)
        want, want_loads = s.stats(), loads_key(s.loads())
    with Neo4jStore(neo4j_config) as n:
        load_files(n, files)
    # as if the process had died before finishing: the Load node has no `finished`
    neo4j_driver.execute_query("MATCH (l:Load) REMOVE l.finished", database_=neo4j_env["NEO4J_DATABASE"])
    with Neo4jStore(neo4j_config) as n:
        assert n.loads() == [] and n.stats()["files"] == 0
        rep = load_files(n, files)
        assert rep.files[0].sheets[0].status in {"loaded", "already loaded"}
        assert n.stats() == want
        def same(loads):
            return [{k: v for k, v in r.items() if k not in {"nodes_added", "edges_added"}} for r in loads]
        assert same(loads_key(n.loads())) == same(want_loads)
        records, _, _ = neo4j_driver.execute_query("MATCH (l:Load) RETURN count(l) AS n",
                                                   database_=neo4j_env["NEO4J_DATABASE"])
        assert records[0]["n"] == 1  # the stale load is gone
        e = [x for x in n.incident([("account", "0011223344")]) if x.props.get("txn_id") == "FT001"][0]
        assert [p["row"] for p in n.provenance([e.id])[e.id]] == [2]


def test_record_rejects_and_rejects_listing(tmp_path, neo4j_config, embedded_config):
    files = case_files(tmp_path / "case")[:1]
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        load_files(s, files)
        load_files(n, files)
        for st in (s, n):
            lid = st.loads()[0]["load_id"]
            st.record_rejects(lid, [(99, "Số tiền", "x", "not an amount"), (98, "*", "", "ragged row")])
        strip = [[{k: v for k, v in r.items() if k != "load_id"} for r in st.rejects()] for st in (s, n)]
        assert strip[0] == strip[1]
        assert any(r["row"] == 99 for r in strip[1])


def test_a_failed_batch_names_the_file_and_rows(tmp_path, neo4j_config, monkeypatch):
    files = case_files(tmp_path / "case")[:1]
    import graphfraud.store.neo4j.connection as mod

    real = mod._text

    def broken(name, **kw):
        if name in {"create_edges", "merge_edges"}:  # the fast path and its fallback
            return "UNWIND $rows AS r WITH r, $base AS b RETURN r.i / 0 AS i, '' AS id"
        return real(name, **kw)

    monkeypatch.setattr(mod, "_text", broken)
    with Neo4jStore(neo4j_config) as n:
        with pytest.raises((StoreError, BackendError)) as err:
            load_files(n, files)
    msg = str(err.value)
    assert "tx.csv" in msg and "rows 2–" in msg and "\n" not in msg
    with Neo4jStore(neo4j_config) as n:
        assert n.loads() == []


def test_progress_counts_every_row(tmp_path, neo4j_config):
    files = case_files(tmp_path / "case")[:1]
    seen = []
    with Neo4jStore(small_batches(neo4j_config, 2)) as n:
        rep = load_files(n, files, progress=seen.append)
    assert sum(seen) == rep.total_rows == 7


def test_a_concurrent_writer_of_the_same_facts_makes_the_slice_merge(tmp_path, neo4j_config, embedded_config,
                                                                      monkeypatch):
    """Loads CREATE the nodes and facts they found missing; if another writer creates one of
    them in between, a uniqueness constraint refuses the slice and it is written again with
    MERGE. Simulated here: the look-ups of existing nodes and facts see nothing (as if they
    had run before the other writer committed), so every CREATE of the second file collides."""
    import graphfraud.store.neo4j.connection as mod
    from tests.neo4j.cases import frames_key

    files = case_files(tmp_path / "case")
    again = tmp_path / "case" / "tx-again.csv"  # the same facts as tx.csv, from another file
    again.write_text(files[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with SQLiteStore(embedded_config.store) as s:
        load_files(s, files + [again])
    with Neo4jStore(small_batches(neo4j_config, 4)) as n:
        load_files(n, files)

    real = mod._text
    used = []
    blind = {"node_props": True}  # the fallback's own look-up of node props sees the truth

    def racing(name, **kw):
        used.append(name)
        if name == "edge_ids":
            return "WITH $ids AS ids RETURN [] AS ids"
        if name == "node_props":
            blind["node_props"] = not blind["node_props"]
            if not blind["node_props"]:
                return "UNWIND $keys AS k WITH k WHERE false RETURN k AS key, null AS props"
        return real(name, **kw)

    monkeypatch.setattr(mod, "_text", racing)
    with Neo4jStore(small_batches(neo4j_config, 4)) as n:
        rep = load_files(n, [again])
    monkeypatch.setattr(mod, "_text", real)
    assert rep.files[0].sheets[0].status == "already loaded"  # nothing new: every fact was there
    assert "merge_edges" in used and "upsert_nodes" in used  # the slices were written again
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        assert n.stats() == s.stats()
        assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
        _same_neighbourhoods(s, n, node_provenance=True)


def test_a_file_whose_later_facts_exist_already(tmp_path, neo4j_config, embedded_config, monkeypatch):
    """After a slice of new facts the next slices are CREATEd without looking first; a fact
    that exists after all is refused by the uniqueness constraint and that slice is MERGEd."""
    import graphfraud.store.neo4j.connection as mod
    from tests.conftest import write_csv
    from tests.neo4j.cases import TX_HEADER, TX_ROWS, frames_key

    files = case_files(tmp_path / "case")
    new_rows = [[f"NEW{i}", f"0{i + 1}/03/2024 10:00", "0011 2233 44", "VCB", f"00700{i}12345", "VCB",
                 f"{i + 1}000000", "", "", ""] for i in range(6)]
    later = write_csv(tmp_path / "case" / "later.csv", TX_HEADER, new_rows + TX_ROWS)
    with SQLiteStore(embedded_config.store) as s:
        load_files(s, files[:1] + [later])
    with Neo4jStore(small_batches(neo4j_config, 4)) as n:
        load_files(n, files[:1])
    used = []
    real = mod._text
    monkeypatch.setattr(mod, "_text", lambda name, **kw: used.append(name) or real(name, **kw))
    with Neo4jStore(small_batches(neo4j_config, 4)) as n:
        rep = load_files(n, [later])
    monkeypatch.setattr(mod, "_text", real)
    assert "merge_edges" in used  # a slice met facts of tx.csv, unannounced, and was MERGEd
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        assert n.stats() == s.stats()
        assert rep.files[0].sheets[0].edges_added == \
            next(r["edges_added"] for r in s.loads() if r["path"] == str(later))
        assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
        _same_neighbourhoods(s, n)


@pytest.mark.parametrize("writers", ["1", "3"])
def test_writers_side_by_side_give_the_same_graph(tmp_path, neo4j_config, embedded_config, neo4j_env, writers):
    """Relationship slices are written by GRAPHFRAUD_NEO4J_WRITERS transactions side by side
    (default 2); one writer or several, the graph is the embedded store's."""
    from graphfraud.config import load_config
    from tests.neo4j.cases import frames_key

    files = case_files(tmp_path / "case")
    with SQLiteStore(embedded_config.store) as s:
        load_files(s, files)
        want = s.stats(), frames_key(s.graph_frames())
    seen = []
    config = load_config({"store": neo4j_config.store, "batch_size": 2},
                         env={**neo4j_env, "GRAPHFRAUD_NEO4J_WRITERS": writers})
    with Neo4jStore(config) as n:
        assert n.writers == int(writers)
        rep = load_files(n, files, progress=seen.append)
        assert (n.stats(), frames_key(n.graph_frames())) == want
    assert sum(seen) == rep.total_rows


def _same_neighbourhoods(s, n, node_provenance: bool = False) -> None:
    """Both stores give the same edges and provenance around a few identifiers of the case files."""
    from tests.neo4j.cases import edges_key, strip_ids

    for k in (("account", "0011223344"), ("account", "0555666777"), ("ip", "113.160.1.1")):
        es, en = s.incident([k]), n.incident([k])
        assert edges_key(en) == edges_key(es)
        ps, pn = s.provenance([e.id for e in es]), n.provenance([e.id for e in en])
        assert [strip_ids(pn[e.id]) for e in en] == [strip_ids(ps[e.id]) for e in es], k
        if node_provenance:
            assert strip_ids(n.node_provenance(k)) == strip_ids(s.node_provenance(k)), k


@pytest.mark.parametrize("order", ["social first", "reports first"])
def test_bare_handles_link_across_files_as_in_the_embedded_store(tmp_path, neo4j_config, order):
    from tests.badinput.test_handle_links import _files, _links

    social, reports = _files(tmp_path)
    files = [social, reports] if order == "social first" else [reports, social]
    with Neo4jStore(neo4j_config) as n:
        load_files(n, files)
        got = _links(n)
    with SQLiteStore(tmp_path / "g.db") as s:
        load_files(s, files)
        want = _links(s)
    assert got == want and len(got) == 3


def test_reads_inside_reading_share_one_transaction_and_answer_the_same(tmp_path, neo4j_config, monkeypatch):
    """``reading()``: many small reads (the evidence rows of every account a detector lists) in one
    read transaction; the answers are those of one transaction each."""
    api.load(neo4j_config, case_files(tmp_path / "case"))
    with Neo4jStore(neo4j_config) as n:
        ids = [e.id for e in n.incident([("account", "0011223344")])]
        assert ids
        want = [n.provenance([i]) for i in ids]
        opened = []
        real = n._session
        monkeypatch.setattr(n, "_session", lambda write: opened.append(write) or real(write))
        with n.reading():
            got = [n.provenance([i]) for i in ids]
            node = n.node_provenance(("account", "0011223344"))
        inside = len(opened)
        assert got == want and node == n.node_provenance(("account", "0011223344"))
        assert inside == 1 and len(opened) > inside   # one session for the block; one a read after it
        assert all(rows for rows in got)
