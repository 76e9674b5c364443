"""The detectors give the same answers on Neo4j as on the embedded store, on a randomised scenario
(several mule tiers, partial reporting, repeat victims, sister groups, look-alikes) and on a
transfer-only folder (the structure score)."""

from __future__ import annotations

import pytest

from graphfraud import api
from graphfraud.demo import generate
from graphfraud.demo.scenario import Scenario
from graphfraud.load import load_files
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.sqlite import SQLiteStore
from tests.neo4j.cases import strip_ids

pytestmark = pytest.mark.neo4j


def _both(files, embedded_config, neo4j_config):
    with SQLiteStore(embedded_config.store) as s:
        load_files(s, files)
    with Neo4jStore(neo4j_config) as n:
        load_files(n, files)


def _answers(config):
    mules = api.mules(config, explain=True)
    return {
        "mules": strip_ids(mules),
        "links": strip_ids(api.link_cases(config)),
        "organizers": strip_ids(api.organizers(config, top=5)),
        # the client's path on both stores (GDS on Neo4j: tests/neo4j/test_gds.py)
        "communities": strip_ids(api.communities(config, in_store=False)),
        "trace": strip_ids(api.trace(config, mules[0]["value"])) if mules else None,
    }


@pytest.mark.parametrize("seed", [106, 2])   # 106: four tiers, repeat victims; 2: transfers only
def test_a_randomised_scenario_gives_the_same_detections(tmp_path, embedded_config, neo4j_config, seed):
    sc = Scenario.draw(seed)
    manifest = generate(tmp_path / "demo", seed=seed, scenario=sc)
    files = [p for paths in manifest.files.values() for p in paths]
    _both(files, embedded_config, neo4j_config)
    want = _answers(embedded_config)
    assert want["mules"], "the scenario has mules to find"
    got = _answers(neo4j_config)
    for k in want:
        assert got[k] == want[k], k


@pytest.mark.parametrize("chunk", [3, 2000])
def test_the_whole_graph_read_in_rows_of_lists_is_the_embedded_stores(tmp_path, embedded_config, neo4j_config,
                                                                      monkeypatch, chunk):
    """The whole graph as the server sends it (the relationships of ``chunk`` nodes a row) gives
    the embedded store's columns, whatever the chunk."""
    from graphfraud.store.neo4j import whole_graph
    from tests.neo4j.cases import case_files
    from tests.test_whole_graph_columns import _columns

    _both(case_files(tmp_path / "case"), embedded_config, neo4j_config)
    monkeypatch.setattr(whole_graph, "CHUNK", chunk)
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        want, got = _columns(s.graph_arrays()), _columns(n.graph_arrays())
    assert chunk > 100 or len(got["values"]) > 2 * chunk   # several rows of lists were sent
    assert got == want
