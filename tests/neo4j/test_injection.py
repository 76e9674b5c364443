"""Injection through case data: hostile values and header names are stored verbatim on both
backends and leave the Neo4j schema (labels, relationship types, constraints) untouched."""

import json

from graphfraud.load import load_files
from graphfraud.store import open_store
from tests.conftest import write_csv

HOSTILE = [
    "Robert'); DROP TABLE nodes;--",
    'x" OR 1=1 //',
    "`) DETACH DELETE n //",
    "$param } MATCH (n) DETACH DELETE n //",
    "}]->(x) SET x.pwned = true //",
    "<script>alert(1)</script>",
]
HEADERS = ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "`weird` }) DETACH DELETE n //", "$x", "a'b\"c"]


def _files(tmp_path):
    rows = [[f"00112233{i:02d}", "VCB", v, v, v, v] for i, v in enumerate(HOSTILE)]
    return [write_csv(tmp_path / "kyc.csv", HEADERS, rows)]


def _schema(driver, db):
    with driver.session(database=db) as s:
        labels = sorted(r["label"] for r in s.run("CALL db.labels() YIELD label RETURN label"))
        rels = sorted(r["relationshipType"] for r in s.run(
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"))
        cons = sorted(r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name RETURN name"))
        keys = sorted(r["propertyKey"] for r in s.run("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey"))
    return labels, rels, cons, keys


def test_hostile_values_and_headers_are_stored_verbatim(neo4j_config, embedded_config, neo4j_driver, neo4j_env,
                                                        tmp_path):
    files = _files(tmp_path)
    with open_store(neo4j_config) as neo:  # the schema as the model makes it, before any hostile data
        load_files(neo, [write_csv(tmp_path / "plain.csv", HEADERS[:3], [["0099887766", "VCB", "An"]])])
    before = _schema(neo4j_driver, neo4j_env["NEO4J_DATABASE"])
    results = {}
    for name, cfg in (("embedded", embedded_config), ("neo4j", neo4j_config)):
        with open_store(cfg) as store:
            load_files(store, files)
            got = store.nodes([("account", f"00112233{i:02d}") for i in range(len(HOSTILE))])
            results[name] = json.dumps({k[1]: v for k, v in sorted(got.items())}, sort_keys=True,
                                       ensure_ascii=False)
            for i, v in enumerate(HOSTILE):
                props = got[("account", f"00112233{i:02d}")]
                assert props["holder_name"] == v
                assert props["extra"] == {HEADERS[3]: v, HEADERS[4]: v, HEADERS[5]: v}
            assert store.stats()["nodes"]["account"] >= len(HOSTILE)
    assert results["embedded"] == results["neo4j"]
    after = _schema(neo4j_driver, neo4j_env["NEO4J_DATABASE"])
    assert after[0] == before[0] and after[1] == before[1] and after[2] == before[2]
    assert not any("DELETE" in k or "$" in k or "`" in k for k in after[3])  # no hostile property key
    with neo4j_driver.session(database=neo4j_env["NEO4J_DATABASE"]) as s:
        assert s.run("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS c").single()["c"] == 0
