"""The capped neighbourhood of export --around / --case: linear in what it visits, "+N"
placeholders for what the cap leaves out, the same choice as the plain breadth-first rule."""

import csv
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.analysis.neighbourhood import around
from graphfraud.store.base import Edge, Store

HUB = "0099887766"
COUNTERPARTIES = 50_000


class EdgeList:
    """A graph held as a list of edges, answering ``incident`` as the stores do."""

    def __init__(self, pairs):
        self.edges = [Edge(str(i), "transfer", a, b, None, None, {}) for i, (a, b) in enumerate(pairs)]

    def incident(self, keys, types=None, limit_per_node=None):
        keys = set(keys)
        return [e for e in self.edges if e.src in keys or e.dst in keys]

    def neighbour_keys(self, keys):   # the Store base's answer, derived from incident
        return Store.neighbour_keys(self, keys)


def reference(store, starts, hops, cap, flagged):
    """The rule written plainly (quadratic): frontier nodes take turns, flagged first."""
    kept, hidden, dropped, frontier = list(starts), Counter(), set(), list(starts)
    for _ in range(hops):
        cand = {f: [] for f in frontier}
        for e in store.incident(frontier):
            for here in (e.src, e.dst):
                if here in frontier:
                    there = e.other(here)
                    if there not in kept and there not in cand[here]:
                        cand[here].append(there)
        queues = {f: sorted(cand[f], key=lambda k: (k not in flagged, k[0] in ("ip", "device"), k))
                  for f in frontier}
        nxt = []
        while any(queues.values()):
            for f in frontier:
                q = queues[f]
                q[:] = [x for x in q if x not in kept]
                if not q:
                    continue
                if cap is not None and len(kept) >= cap:
                    hidden[f] += len(q)
                    dropped.update(q)
                    q.clear()
                    continue
                kept.append(q.pop(0))
                nxt.append(kept[-1])
        frontier = nxt
    return kept, hidden, len(dropped - set(kept))


node = st.tuples(st.sampled_from(["account", "phone", "ip"]), st.integers(0, 12).map(str))


@given(st.lists(st.tuples(node, node), max_size=60), st.integers(1, 3), st.one_of(st.none(), st.integers(1, 15)),
       st.sets(node, max_size=4))
@settings(max_examples=200, deadline=None)
def test_same_choice_as_the_plain_rule(pairs, hops, cap, flagged):
    g = EdgeList(pairs)
    starts = [("account", "0")]
    assert around(g, starts, hops, cap, flagged) == reference(g, starts, hops, cap, flagged)


@pytest.fixture(scope="module")
def hub_store(tmp_path_factory):
    """A store where one account paid 50,000 counterparties, and a case names that account."""
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("hub")
    with open(d / "tx.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount"])
        for i in range(COUNTERPARTIES):
            w.writerow([f"T{i}", f"01/02/2024 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}", HUB, "VCB",
                        str(20_000_000 + i), "MB", "100000"])
    with open(d / "rep.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "report_date", "victim_phone", "suspect_account", "suspect_bank", "amount_lost"])
        w.writerow(["VV-HUB-1", "02/02/2024", "0901234567", HUB, "VCB", "5000000"])
    with SQLiteStore(d / "g.db") as s:
        load_files(s, [d / "tx.csv", d / "rep.csv"])
    s = SQLiteStore(d / "g.db", readonly=True)
    yield s
    s.close()


@pytest.mark.parametrize("selection", [{"around": HUB}, {"case": "VV-HUB-1"}])
def test_a_hub_with_50000_counterparties_is_capped_with_a_placeholder(hub_store, selection):
    from graphfraud.analysis.annotations import Analyses
    from graphfraud.analysis.subgraph import Selection, build_graph
    from graphfraud.output import html as H
    from graphfraud.output.exports import DEFAULT_HTML_MAX_NODES

    g = build_graph(hub_store, Selection(**selection), Analyses(hub_store, enabled=False),
                    max_nodes=DEFAULT_HTML_MAX_NODES)
    assert g.number_of_nodes() == DEFAULT_HTML_MAX_NODES
    assert g.graph["omitted_nodes"] >= COUNTERPARTIES - DEFAULT_HTML_MAX_NODES
    hub = g.nodes[f"account:{HUB}"]
    assert hub["hidden_neighbours"] >= COUNTERPARTIES - DEFAULT_HTML_MAX_NODES
    more = [n for n in H.graph_payload(g, "en")["nodes"] if n["gf"]["t"] == "more"]
    assert any(n["gf"]["more"] == hub["hidden_neighbours"] and n["label"].startswith("+") for n in more)


def test_index_reads_of_the_embedded_store_equal_the_answers_derived_from_incident(hub_store):
    """neighbour_keys, edges_among, outside_counts and provenance of the embedded store (read from
    its indexes, in batches) give what the Store base derives from ``incident``, one edge at a time."""
    hub = ("account", HUB)
    sample = [hub, ("case", "VV-HUB-1"), ("account", "20000007"), ("account", "20049999"), ("phone", "+84901234567"),
              ("account", "not-there")]
    assert hub_store.neighbour_keys(sample) == Store.neighbour_keys(hub_store, sample)
    assert len(hub_store.neighbour_keys([hub])[hub]) >= COUNTERPARTIES
    drawn = sample + [("account", str(20_000_000 + i)) for i in range(0, COUNTERPARTIES, 7)]
    among = hub_store.edges_among(drawn)
    assert among == Store.edges_among(hub_store, drawn) and len(among) >= COUNTERPARTIES // 7
    assert hub_store.outside_counts(drawn) == Store.outside_counts(hub_store, drawn)
    assert hub_store.outside_counts(drawn)[hub] == len(hub_store.neighbour_keys([hub])[hub] - set(drawn)) > 40_000
    ids = [e.id for e in among[:500]]
    one_by_one = {e: hub_store.provenance([e])[e] for e in ids}
    assert hub_store.provenance(ids) == one_by_one and all(one_by_one.values())


def test_the_embedded_stores_light_walk_equals_the_one_derived_from_incident(hub_store):
    """incident_ends (ends and times, no contents) and full_edges of the embedded store give what the
    Store base derives from ``incident``; find walks with them and reads in full only what it lists."""
    from graphfraud.analysis.find import find

    hub = ("account", HUB)
    sample = [hub, ("case", "VV-HUB-1"), ("phone", "+84901234567"), ("account", "not-there")]
    ends = hub_store.incident_ends(sample)
    assert ends == Store.incident_ends(hub_store, sample) and len(ends) >= COUNTERPARTIES
    some = ends[::997]
    assert hub_store.full_edges(some) == Store.full_edges(hub_store, some)
    assert [(e.id, e.type, e.src, e.dst, e.ts) for e in hub_store.full_edges(some).values()] == \
        sorted(some, key=lambda e: int(e[0]))

    class Generic:   # the same store answering the walk as the Store base does
        def __getattr__(self, name):
            return getattr(hub_store, name)

        def incident_ends(self, keys):
            return Store.incident_ends(hub_store, keys)

        def full_edges(self, ends):
            return Store.full_edges(hub_store, ends)

    assert find(hub_store, HUB, hops=2, limit=300) == find(Generic(), HUB, hops=2, limit=300)
