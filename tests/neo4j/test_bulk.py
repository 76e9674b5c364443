"""``push --bulk``: an empty database filled by Neo4j's offline importer holds what the batched
push writes, and answers as the embedded store does; a database that holds data is refused.

The importer needs the server stopped, so these tests start a server of their own
(``bulk_server``: a temporary state folder, a free port, no plugins), which the import stops
and starts again on the same port; never the tests' shared server, never the user's.
"""

from __future__ import annotations

import random

import pytest

from graphfraud import api
from graphfraud.config import load_config
from graphfraud.demo import generate
from graphfraud.errors import StoreError, UsageError
from graphfraud.load import load_files
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.sqlite import SQLiteStore
from tests.neo4j.cases import frames_key, loads_key, strip_ids
from tests.neo4j.conftest import clear_database, start_server, stop_server

pytestmark = pytest.mark.neo4j


def _driver(env):
    """A driver of its own: the import starts the database's transaction ids again, so a driver that
    has seen transactions before it would wait for them (its bookmarks) after it."""
    from neo4j import GraphDatabase

    return GraphDatabase.driver(env["NEO4J_URI"], auth=(env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"]))


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory):
    """The connection settings of a server of this module's own, which the import may stop."""
    state = tmp_path_factory.mktemp("neo4j-bulk-state")
    with pytest.MonkeyPatch.context() as mp:
        # what `push --bulk` runs (scripts/neo4j-local import) finds this server by these
        mp.setenv("GRAPHFRAUD_NEO4J_HOME", str(state))
        mp.setenv("NEO4J_LOCAL_PLUGINS", "none")
        mp.delenv("NEO4J_LOCAL_PORT", raising=False)
        env = start_server(state, plugins="none")
        try:
            yield env
        finally:
            stop_server(state)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """An embedded store holding the demo data (all seven files)."""
    folder = tmp_path_factory.mktemp("bulk-demo")
    manifest = generate(folder / "demo", seed=11)
    files = [p for paths in manifest.files.values() for p in paths]
    cfg = load_config({"store": str(folder / "embedded.db")}, env={})
    with SQLiteStore(cfg.store) as s:
        load_files(s, files)
    return cfg


def _config(env, tmp_path):
    return load_config({"store": str(tmp_path / "unused.db")}, env=dict(env))


def _everything(driver, database):
    """Every node's labels and properties, every relationship's type, ends and properties, sorted;
    a missing ``prov`` and an empty one read the same (no provenance)."""
    def props(p):
        p = dict(p)
        if not p.get("prov"):
            p.pop("prov", None)
        return sorted((k, repr(v)) for k, v in p.items())

    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p",
                                       database_=database)
    rels, _, _ = driver.execute_query("MATCH (a)-[r]->(b) RETURN type(r) AS t, a.key AS a, b.key AS b, "
                                      "properties(r) AS p", database_=database)
    node_rows = sorted((sorted(r["labels"]), props(r["p"])) for r in nodes
                       if "Load" not in r["labels"] and "AuditHead" not in r["labels"])
    rel_rows = sorted((r["t"], r["a"], r["b"], props(r["p"])) for r in rels)
    return node_rows, rel_rows


def _schema(driver, database):
    rows, _, _ = driver.execute_query("SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties "
                                      "RETURN name, type, entityType, labelsOrTypes, properties ORDER BY name",
                                      database_=database)
    return [dict(r) for r in rows]


def test_bulk_import_writes_what_the_batched_push_writes(bulk_server, demo_store, tmp_path):
    env = bulk_server
    db = env["NEO4J_DATABASE"]
    cfg = _config(env, tmp_path)
    with _driver(env) as driver:
        clear_database(driver, db)
        api.push(cfg, demo_store.store)
        want, want_schema = _everything(driver, db), _schema(driver, db)
        with Neo4jStore(cfg) as n:
            want_loads = loads_key(n.loads())
        clear_database(driver, db)

    result = api.push(cfg, demo_store.store, bulk=True, bulk_files=str(tmp_path / "files"))
    assert result["bulk"] and result["edges"] == sum(result["stats"]["edges"].values())
    with _driver(env) as driver:
        got = _everything(driver, db)
        got_schema = _schema(driver, db)
    assert len(got[1]) == len(want[1]) > 20000
    assert got[0] == want[0]
    assert got[1] == want[1]
    assert got_schema == want_schema   # the constraints and indexes, created afterwards
    with Neo4jStore(cfg) as n:
        assert loads_key(n.loads()) == want_loads
    # the importer's files stay where they were asked for
    assert (tmp_path / "files" / "relationships.csv").is_file()
    assert "IMPORT DONE" in (tmp_path / "files" / "import.log").read_text(encoding="utf-8")


def test_bulk_import_answers_as_the_embedded_store(bulk_server, demo_store, tmp_path):
    env = bulk_server
    db = env["NEO4J_DATABASE"]
    cfg = _config(env, tmp_path)
    with _driver(env) as driver:
        clear_database(driver, db)
    api.push(cfg, demo_store.store, bulk=True)
    assert api.stats(cfg) == api.stats(demo_store)
    with SQLiteStore(demo_store.store) as s, Neo4jStore(cfg) as n:
        assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
        assert [{k: v for k, v in r.items() if k != "load_id"} for r in n.rejects()] == \
            [{k: v for k, v in r.items() if k != "load_id"} for r in s.rejects()]
        nodes, _ = s.graph_frames()
        keys = random.Random(3).sample(list(zip(nodes["type"], nodes["value"])), 60)
        assert n.nodes(keys) == s.nodes(keys)
        for k in keys:
            es, en = s.incident([k], limit_per_node=5), n.incident([k], limit_per_node=5)
            assert [(e.type, e.src, e.dst, e.ts, e.amount, e.props) for e in en] == \
                [(e.type, e.src, e.dst, e.ts, e.amount, e.props) for e in es]
            ps, pn = s.provenance([e.id for e in es]), n.provenance([e.id for e in en])
            assert [strip_ids(pn[e.id]) for e in en] == [strip_ids(ps[e.id]) for e in es], k
            assert strip_ids(n.node_provenance(k)) == strip_ids(s.node_provenance(k)), k
        # amounts are numbers beside their exact text
        big = s.db.execute("SELECT count(*) FROM edges WHERE type = 'transfer' AND CAST(amount AS REAL) > 1e7") \
            .fetchone()[0]
    with _driver(env) as driver:
        rows, _, _ = driver.execute_query("MATCH ()-[t:TRANSFER]->() WHERE t.amount > 1e7 "
                                          "RETURN count(t) AS n, min(t.amount_text) AS text", database_=db)
    assert rows[0]["n"] == big > 0 and isinstance(rows[0]["text"], str)
    assert strip_ids(api.mules(cfg, explain=True)) == strip_ids(api.mules(demo_store, explain=True))
    assert strip_ids(api.communities(cfg, in_store=False)) == strip_ids(api.communities(demo_store))


def test_bulk_import_refuses_a_database_that_holds_data(bulk_server, demo_store, tmp_path):
    env = bulk_server
    db = env["NEO4J_DATABASE"]
    cfg = _config(env, tmp_path)
    with _driver(env) as driver:
        clear_database(driver, db)
        driver.execute_query("CREATE (:Phone:Entity {key: 'phone:+84900000001', type: 'phone', "
                             "value: '+84900000001'})", database_=db)
        with pytest.raises(StoreError, match="empty database only.*1 nodes"):
            api.push(cfg, demo_store.store, bulk=True)
        rows, _, _ = driver.execute_query("MATCH (n) RETURN collect(n.key) AS keys", database_=db)
    assert rows[0]["keys"] == ["phone:+84900000001"]    # untouched: the server was never stopped


def test_bulk_import_refuses_a_server_elsewhere(demo_store, tmp_path):
    cfg = load_config({"store": str(tmp_path / "x.db")},
                      env={"NEO4J_URI": "bolt://10.0.0.5:7687", "NEO4J_PASSWORD": "x"})
    with pytest.raises(UsageError, match="local server"):
        api.push(cfg, demo_store.store, bulk=True)
    # the files alone can be written for a server elsewhere
    out = api.push(cfg, demo_store.store, bulk_files=str(tmp_path / "files"))
    assert out["importer_options"][0].startswith("--nodes=")
    assert (tmp_path / "files" / "import.args").read_text(encoding="utf-8").splitlines() == out["importer_options"]
