"""The Neo4j store gives the same answers as the embedded store on the same files."""

from __future__ import annotations

import itertools

import pytest

from graphfraud import api
from graphfraud.load import load_files
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.sqlite import SQLiteStore
from tests.neo4j.cases import case_files, edges_key, frames_key, loads_key, other_writers_files, strip_ids
from tests.neo4j.conftest import small_batches

pytestmark = pytest.mark.neo4j


def _load_both(files, embedded_config, neo4j_config, **kw):
    with SQLiteStore(embedded_config.store) as s:
        rep_s = load_files(s, files, **kw).as_json()
    with Neo4jStore(neo4j_config) as n:
        rep_n = load_files(n, files, **kw).as_json()
    return rep_s, rep_n


def _report_key(rep):
    keep = ("sheet", "kind", "status", "rows", "nodes_added", "edges_added", "edges_seen", "rejects")
    return [[tuple(s[k] for k in keep) for s in f["sheets"]] for f in rep["files"]]


def _all_keys(store):
    nodes, _ = store.graph_frames()
    return list(zip(nodes["type"], nodes["value"]))


@pytest.mark.parametrize("batch", [5000, 3])
def test_case_files_give_the_same_answers(tmp_path, embedded_config, neo4j_config, batch):
    files = case_files(tmp_path / "case") + other_writers_files(tmp_path / "case")
    neo4j_config = small_batches(neo4j_config, batch)
    rep_s, rep_n = _load_both(files, embedded_config, neo4j_config)
    assert _report_key(rep_n) == _report_key(rep_s)
    assert api.stats(neo4j_config) == api.stats(embedded_config)
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        keys = _all_keys(s)
        assert _all_keys(n) == keys
        assert n.nodes(keys) == s.nodes(keys)
        assert n.degrees(keys) == s.degrees(keys)
        for k in keys:
            es, en = s.incident([k]), n.incident([k])
            assert edges_key(en) == edges_key(es), k
            assert edges_key(n.incident([k], limit_per_node=1)) == \
                edges_key(s.incident([k], limit_per_node=1))
            assert edges_key(n.incident([k], types=("transfer", "call"))) == \
                edges_key(s.incident([k], types=("transfer", "call")))
            ps = s.provenance([e.id for e in es])
            pn = n.provenance([e.id for e in en])
            assert [strip_ids(pn[e.id]) for e in en] == [strip_ids(ps[e.id]) for e in es], k
            assert strip_ids(n.node_provenance(k)) == strip_ids(s.node_provenance(k)), k
        mentions = s.node_mentions(keys)
        assert mentions, "the case files name an identifier on its own (a CDR row with one number)"
        assert {k: strip_ids(v) for k, v in n.node_mentions(keys).items()} == \
            {k: strip_ids(v) for k, v in mentions.items()}
        assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
        assert frames_key(n.graph_frames(("transfer",))) == frames_key(s.graph_frames(("transfer",)))
        assert loads_key(n.loads()) == loads_key(s.loads())
        assert [{k: v for k, v in r.items() if k != "load_id"} for r in n.rejects()] == \
            [{k: v for k, v in r.items() if k != "load_id"} for r in s.rejects()]
        # paths: the same lengths between every pair (within 6 hops)
        for a, b in itertools.combinations(keys, 2):
            ps_, pn_ = s.shortest_path(a, b, 6), n.shortest_path(a, b, 6)
            assert (ps_ is None) == (pn_ is None), (a, b)
            if ps_ is not None:
                assert len(pn_) == len(ps_), (a, b)
                # a path from Neo4j is a real chain of edges from a to b
                here = a
                for e in pn_:
                    assert here in (e.src, e.dst)
                    here = e.other(here)
                assert here == b


def test_withdrawals_deposits_and_statements_written_by_others_trace_the_same(tmp_path, embedded_config,
                                                                              neo4j_config):
    """The money of the case files followed on both stores: a cash withdrawal ends a route, a cash
    deposit starts one, a statement named after its account gives both ends."""
    _load_both(case_files(tmp_path / "case") + other_writers_files(tmp_path / "case"), embedded_config,
               neo4j_config)
    for account, backward in (("0011223344", False), ("0555666777", False), ("0555666777", True),
                              ("0011223344", True)):
        got = api.trace(neo4j_config, account, backward=backward)
        assert strip_ids(got) == strip_ids(api.trace(embedded_config, account, backward=backward))
        assert {r["end"]["kind"] for r in got["routes"]}, (account, backward)
    kinds = {(r["end"]["kind"], r["hops"][-1]["type"]) for r in api.trace(neo4j_config, "0555666777")["routes"]}
    assert ("cashout", "withdrawal") in kinds
    back = api.trace(neo4j_config, "0555666777", backward=True)["routes"]
    assert ("cashin", "deposit") in {(r["end"]["kind"], r["hops"][0]["type"]) for r in back}


def test_find_and_path_commands_agree(tmp_path, embedded_config, neo4j_config):
    files = case_files(tmp_path / "case")
    _load_both(files, embedded_config, neo4j_config)
    for text in ("0912 345 678", "+855 12 345 678", "0011223344", "VV-2024-0001", "1.2.3.4", "DEV-A1"):
        for hops in (1, 2, 3):
            got = api.find(neo4j_config, text, hops=hops)
            want = api.find(embedded_config, text, hops=hops)
            assert strip_ids(got) == strip_ids(want), (text, hops)
    for a, b in (("0987654321", "0011223344"), ("+855 12 345 678", "0555666777"), ("DEV-B2", "VV-2024-0002")):
        assert api.path(neo4j_config, a, b)["length"] == api.path(embedded_config, a, b)["length"]


def test_same_facts_from_a_second_file_and_a_case_option(tmp_path, embedded_config, neo4j_config):
    files = case_files(tmp_path / "case")
    copy = tmp_path / "case" / "tx-copy.csv"
    copy.write_text(files[0].read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    _load_both(files[:1], embedded_config, neo4j_config)
    rep_s, rep_n = _load_both([copy], embedded_config, neo4j_config, case_id="VV-9")
    assert _report_key(rep_n) == _report_key(rep_s)
    assert api.stats(neo4j_config) == api.stats(embedded_config)
    got = api.find(neo4j_config, "0011223344", hops=2)
    assert strip_ids(got) == strip_ids(api.find(embedded_config, "0011223344", hops=2))


def test_demo_data_gives_the_same_answers(tmp_path, embedded_config, neo4j_config):
    from graphfraud.demo import generate

    manifest = generate(tmp_path / "demo", seed=11)
    files = [p for paths in manifest.files.values() for p in paths]
    rep_s, rep_n = _load_both(files, embedded_config, neo4j_config)
    assert _report_key(rep_n) == _report_key(rep_s)
    assert api.stats(neo4j_config) == api.stats(embedded_config)
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
        nodes, _ = s.graph_frames()
        keys = list(zip(nodes["type"], nodes["value"]))
        import random

        rnd = random.Random(5)
        sample = rnd.sample(keys, 40)
        for k in sample:
            got = api.find(neo4j_config, f"{k[0]}:{k[1]}", hops=2, limit=50)
            want = api.find(embedded_config, f"{k[0]}:{k[1]}", hops=2, limit=50)
            assert strip_ids(got) == strip_ids(want), k
        for a, b in zip(sample[::2], sample[1::2]):
            ps, pn = s.shortest_path(a, b, 6), n.shortest_path(a, b, 6)
            assert (None if ps is None else len(ps)) == (None if pn is None else len(pn)), (a, b)
