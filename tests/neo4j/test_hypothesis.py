"""Random small transaction, call and login files: both stores agree on stats and path lengths."""

from __future__ import annotations

import itertools
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud.config import load_config
from graphfraud.load import load_files
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv
from tests.neo4j.cases import edges_key, frames_key, strip_ids
from tests.neo4j.conftest import clear_database

pytestmark = pytest.mark.neo4j

ACCOUNTS = [f"{n:010d}" for n in (11223344, 19035566, 55566677, 77788899, 12121212, 90909090)]
PHONES = ["0912345678", "0987654321", "+855 12 345 678", "0366123456", "+86 138 0013 8000"]
IPS = ["113.160.1.1", "1.2.3.4", "8.8.8.8", "10.0.0.5", "999.1.1.1"]
DEVICES = ["DEV-A1", "DEV-B2", "iphone-77", ""]
TIMES = ["01/02/2024 09:15", "01/02/2024 09:15", "02/02/2024 10:00", "03/02/2024 11:00", "", "not a date"]
AMOUNTS = ["1.500.000", "200000", "300000", "abc", "", "1,470,000 VND"]

transfer = st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), st.sampled_from(TIMES),
                     st.sampled_from(AMOUNTS), st.sampled_from(IPS + [""]), st.sampled_from(DEVICES))
call = st.tuples(st.sampled_from(PHONES), st.sampled_from(PHONES), st.sampled_from(TIMES),
                 st.sampled_from(["10", "20", ""]))
login = st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(IPS), st.sampled_from(DEVICES),
                  st.sampled_from(TIMES))
kyc = st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(PHONES))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(transfers=st.lists(transfer, min_size=1, max_size=25), calls=st.lists(call, max_size=15),
       logins=st.lists(login, max_size=15), owners=st.lists(kyc, max_size=5),
       batch=st.sampled_from([1, 4, 5000]), seed=st.integers(0, 1000))
def test_random_files_agree(neo4j_env, neo4j_driver, transfers, calls, logins, owners, batch, seed):
    clear_database(neo4j_driver, neo4j_env["NEO4J_DATABASE"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = [write_csv(tmp / "tx.csv", ["Debit Account", "Credit Account", "Time", "Amount", "IP Address",
                                            "Device"], [list(t) for t in transfers])]
        if calls:
            files.append(write_csv(tmp / "calls.csv", ["Caller", "Callee", "Time", "Duration"],
                                   [list(c) for c in calls]))
        if logins:
            files.append(write_csv(tmp / "logins.csv", ["Account", "IP Address", "Device", "Time"],
                                   [list(x) for x in logins]))
        if owners:
            files.append(write_csv(tmp / "kyc.csv", ["Account", "Phone", "Holder name"],
                                   [[a, p, "Nguyễn Văn An"] for a, p in owners]))
        emb = load_config({"store": str(tmp / "e.db")}, env={})
        neo = load_config({"batch_size": batch}, env=dict(neo4j_env))
        with SQLiteStore(emb.store) as s, Neo4jStore(neo) as n:
            rep_s = load_files(s, files).as_json()
            rep_n = load_files(n, files).as_json()
            assert [[(x["rows"], x["nodes_added"], x["edges_added"], x["edges_seen"], x["rejects"])
                     for x in f["sheets"]] for f in rep_n["files"]] == \
                [[(x["rows"], x["nodes_added"], x["edges_added"], x["edges_seen"], x["rejects"])
                  for x in f["sheets"]] for f in rep_s["files"]]
            assert n.stats() == s.stats()
            assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
            nodes, _ = s.graph_frames()
            keys = list(zip(nodes["type"], nodes["value"]))
            rnd = random.Random(seed)
            pairs = list(itertools.combinations(keys, 2))
            for a, b in rnd.sample(pairs, min(20, len(pairs))):
                for hops in (2, 6):
                    ps, pn = s.shortest_path(a, b, hops), n.shortest_path(a, b, hops)
                    lengths = [None if p is None else len(p) for p in (ps, pn)]
                    assert lengths[0] == lengths[1], (a, b, hops)
            for k in rnd.sample(keys, min(5, len(keys))):
                assert edges_key(n.incident([k])) == edges_key(s.incident([k]))
                en, es = n.incident([k]), s.incident([k])
                pn, ps = n.provenance([e.id for e in en]), s.provenance([e.id for e in es])
                assert [strip_ids(pn[e.id]) for e in en] == [strip_ids(ps[e.id]) for e in es]
            # loading the same files again changes nothing
            load_files(n, files)
            assert n.stats() == s.stats()
