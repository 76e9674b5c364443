"""The Neo4j store's neighbourhood reads (ends, counts and totals from the server; contents only of
what is drawn or listed) give what the Store base derives from ``incident``, and the drawn
neighbourhoods equal the embedded store's."""

from __future__ import annotations

import pytest

from graphfraud.analysis.subgraph import Selection, build_graph
from graphfraud.load import load_files
from graphfraud.store.base import Store
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.parallel import cap_parallel
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_json
from tests.neo4j.cases import case_files

pytestmark = pytest.mark.neo4j

HUB = "0011223344"


def _files(folder):
    files = case_files(folder)
    logins = [{"STK": HUB, "Ngân hàng": "VCB", "Thiết bị": "DEV-HUB", "Địa chỉ IP": "14.160.0.9",
               "Thời gian": f"{1 + i // 24:02d}/03/2024 {i % 24:02d}:10"} for i in range(45)]
    return [*files, write_json(folder / "many_logins.json", logins)]


def _keys(store):
    nodes, _ = store.graph_frames()
    return sorted(zip(nodes["type"], nodes["value"]))


def test_neighbourhood_reads_equal_the_ones_derived_from_incident(tmp_path, neo4j_config):
    files = _files(tmp_path / "case")
    with Neo4jStore(neo4j_config) as n:
        load_files(n, files)
        every = _keys(n)
        some = every[::2] + [("account", "not-there")]
        assert len(every) >= 20
        assert n.neighbour_keys(some) == Store.neighbour_keys(n, some)
        assert n.outside_counts(some) == Store.outside_counts(n, some)
        assert n.edges_among(some) == Store.edges_among(n, some)
        rows = Store.among_ends(n, every)   # derived from incident
        assert sorted(n.among_ends(every)) == sorted(rows)
        for shown in (None, 1, 20):
            keep, totals = cap_parallel(rows, shown)
            assert n.links_among(every, shown) == ([e for e in Store.edges_among(n, every) if e.id in keep], totals)
        ends = n.incident_ends(some)
        assert ends == Store.incident_ends(n, some) and len(ends) >= 45
        assert n.full_edges(ends[::3]) == Store.full_edges(n, ends[::3])


def test_drawn_neighbourhoods_equal_the_embedded_stores(tmp_path, neo4j_config, embedded_config):
    files = _files(tmp_path / "case")
    with SQLiteStore(embedded_config.store) as s, Neo4jStore(neo4j_config) as n:
        load_files(s, files)
        load_files(n, files)
        for sel in (Selection(around=HUB, hops=2), Selection(case="VV-2024-0001"), Selection(around="DEV-HUB")):
            want, got = (build_graph(st, sel, per_link=20) for st in (s, n))
            assert sorted(got.nodes) == sorted(want.nodes)
            drawn = sorted((u, v, d["type"], d.get("ts"), d.get("amount"), str(d.get("parallel"))) for u, v, d in
                           want.edges(data=True))
            assert sorted((u, v, d["type"], d.get("ts"), d.get("amount"), str(d.get("parallel"))) for u, v, d in
                          got.edges(data=True)) == drawn
            assert got.graph.get("edges_total") == want.graph.get("edges_total")
            assert [got.nodes[k].get("outside_neighbours") for k in sorted(got.nodes)] == \
                [want.nodes[k].get("outside_neighbours") for k in sorted(want.nodes)]
