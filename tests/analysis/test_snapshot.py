"""The graph columns and the snapshot beside the embedded store.

The snapshot is a cache: every whole-graph answer must be the same with it, without
it, after it goes stale, and when it is damaged. These tests compare the columns a
store hands out with the ones rebuilt from its tables and with ``graph_frames``.
"""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from tests.analysis._stores import demo_store, open_ro


def _columns(g) -> dict:
    """Every column of a GraphArrays as plain Python values."""
    return {
        "node_types": [g.node_type_names[c] for c in g.ntype.tolist()],
        "values": g.values.tolist(),
        "props": g.props.tolist(),
        "edge_types": [g.edge_type_names[c] for c in g.etype.tolist()],
        "src": g.src.tolist(), "dst": g.dst.tolist(),
        "ts": [None if math.isnan(x) else x for x in g.ts.tolist()],
        "amount": [None if math.isnan(x) else x for x in g.amount.tolist()],
        "amount_text": g.amount_text.tolist(), "eid": g.eid.tolist(), "eprops": g.eprops.tolist(),
    }


def test_snapshot_equals_tables_and_frames(tmp_path_factory, tmp_path):
    from graphfraud.store import snapshot
    from graphfraud.store.sqlite import SQLiteStore

    db0, _ = demo_store(tmp_path_factory, 1)
    db = tmp_path / "g.db"
    shutil.copy(db0, db)
    with SQLiteStore(db, readonly=True) as st:
        assert not snapshot.snapshot_dir(db).exists()
        first = st.graph_arrays()                      # read from the tables, snapshot written
        assert snapshot.snapshot_dir(db).is_dir()
        second = st.graph_arrays()                     # read from the snapshot
        direct, _ = st._read_arrays()
        nodes, edges = st.graph_frames()
    a, b, c = _columns(first), _columns(second), _columns(direct)
    assert a == b == c
    # the same graph as the pandas frames the stores also give (same node and edge order)
    assert a["values"] == nodes["value"].tolist()
    assert a["props"] == nodes["props"].tolist()
    assert a["eprops"] == edges["props"].tolist()
    assert sorted(a["eid"]) == sorted(edges["id"].tolist())
    assert len(a["src"]) == len(edges) > 1000


def test_edge_type_selection_and_facets(tmp_path_factory):
    from graphfraud.analysis.graphview import GraphView

    db, _ = demo_store(tmp_path_factory, 1)
    with open_ro(db) as st:
        whole = GraphView.from_store(st)
        part = GraphView.from_store(st, ("mention", "login"))
    assert part.edge_type_names == ("login", "mention")
    keep = whole.edges_of_type(("mention", "login"))
    assert part.eid.tolist() == [whole.eid[k] for k in keep.tolist()]
    assert part.src.tolist() == whole.src[keep].tolist()
    # facets answer exactly what parsing each property map answers
    for name in ("role", "country", "description"):
        assert name in whole.efacets
        every = np.arange(whole.m)
        assert whole.edge_prop(name, every) == [(whole.eprops[k] or {}).get(name) for k in range(whole.m)]
    roles = part.edge_prop("role", part.edges_of_type("mention"))
    assert {"victim", "suspect"} <= set(roles)


def test_snapshot_goes_stale_after_a_load(tmp_path):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    db = tmp_path / "g.db"
    f1 = tmp_path / "a.csv"
    f1.write_text("txn_id,timestamp,from_account,to_account,amount\nT1,01/03/2024 10:00,1000000001,1000000002,500000\n",
                  encoding="utf-8")
    f2 = tmp_path / "b.csv"
    f2.write_text("txn_id,timestamp,from_account,to_account,amount\nT2,02/03/2024 10:00,1000000002,1000000003,400000\n",
                  encoding="utf-8")
    with SQLiteStore(db) as st:
        load_files(st, [f1])
        assert st.graph_arrays().values.tolist() == ["1000000001", "1000000002"]
        load_files(st, [f2])
        g = st.graph_arrays()
        assert g.values.tolist() == ["1000000001", "1000000002", "1000000003"]
        assert g.amount_text.tolist() == ["500000", "400000"]
        load_files(st, [f2])                           # already loaded: nothing changes, snapshot kept
        assert st.graph_arrays().values.tolist() == g.values.tolist()


@pytest.mark.parametrize("damage", ["truncate", "meta", "remove_file"])
def test_damaged_snapshot_is_ignored(tmp_path_factory, tmp_path, damage):
    from graphfraud.store import snapshot
    from graphfraud.store.sqlite import SQLiteStore

    db0, _ = demo_store(tmp_path_factory, 2)
    db = tmp_path / "g.db"
    shutil.copy(db0, db)
    with SQLiteStore(db, readonly=True) as st:
        want = _columns(st.graph_arrays())
        d = snapshot.snapshot_dir(db)
        if damage == "truncate":
            p = d / "src.npy"
            p.write_bytes(p.read_bytes()[:100])
        elif damage == "meta":
            (d / "meta.json").write_text(json.dumps({"format": snapshot.FORMAT, "fingerprint": "x"}))
        else:
            (d / "eprops.buf").unlink()
        assert _columns(st.graph_arrays()) == want
        assert _columns(st.graph_arrays()) == want     # and the rewritten snapshot is good


def test_snapshot_in_a_folder_that_cannot_be_written(tmp_path_factory, tmp_path, monkeypatch):
    from graphfraud.store import snapshot
    from graphfraud.store.sqlite import SQLiteStore

    db0, _ = demo_store(tmp_path_factory, 1)
    db = tmp_path / "g.db"
    shutil.copy(db0, db)

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(snapshot.Path, "mkdir", refuse)
    with SQLiteStore(db, readonly=True) as st:
        g = st.graph_arrays()
    assert not snapshot.snapshot_dir(db).exists()
    assert len(g.values) > 100


text_items = hst.lists(hst.one_of(hst.none(), hst.text(alphabet=hst.characters(blacklist_characters="\x00"))),
                       max_size=40)


@settings(max_examples=200, deadline=None)
@given(text_items)
def test_text_column_round_trip(items):
    from graphfraud.store.arrays import TextColumn

    col = TextColumn.from_strings(items)
    assert col.tolist() == items
    assert len(col) == len(items)
    idx = np.arange(len(items))[::-1]
    assert col.take(idx).tolist() == items[::-1]
    assert col[idx].tolist() == items[::-1]


@settings(max_examples=100, deadline=None)
@given(hst.lists(hst.dictionaries(hst.sampled_from(["role", "country", "x", "extra"]),
                                  hst.one_of(hst.text(), hst.integers(), hst.booleans(), hst.none(),
                                             hst.dictionaries(hst.sampled_from(["role"]), hst.text()))),
                 max_size=30))
def test_facets_and_get_match_parsing(maps):
    from graphfraud.store.arrays import JSONColumn, edge_facets

    col = JSONColumn.from_strings([json.dumps(m, ensure_ascii=False, sort_keys=True) for m in maps])
    idx = np.arange(len(maps))
    facets = edge_facets(col)
    for name in ("role", "country"):
        want = [m.get(name) for m in maps]
        assert col.get(name, idx) == want
        if name in facets:
            assert facets[name].values(idx).tolist() == want
        else:  # left out only when some value is not a plain scalar
            assert any(isinstance(m.get(name), dict) for m in maps)


def test_text_with_nul_is_refused():
    from graphfraud.store.arrays import TextColumn

    with pytest.raises(ValueError):
        TextColumn.from_strings(["a", "b\x00c"])


def test_view_store_answers_as_the_store(tmp_path_factory):
    """incident / degrees / nodes from the graph in memory equal the store's own answers."""
    import random

    from graphfraud.analysis.viewstore import ViewStore

    db, truth = demo_store(tmp_path_factory, 3)
    with open_ro(db) as st:
        vs = ViewStore.wrap(st)
        assert ViewStore.wrap(vs) is vs
        rng = random.Random(3)
        gv = vs.view
        keys = [gv.node(i) for i in rng.sample(range(gv.n), 60)]
        keys += [("account", a) for a in truth["mules"][:10]] + [("account", "no-such-account")]
        for types in (None, ("transfer",), ("mention", "login"), ("owns", "registered", "social_link")):
            got, want = vs.incident(keys, types=types), st.incident(keys, types=types)
            assert [(e.id, e.type, e.src, e.dst, e.ts, e.amount, e.props) for e in got] == \
                   [(e.id, e.type, e.src, e.dst, e.ts, e.amount, e.props) for e in want]
            assert got == want and want == got and len(want) > 0   # the lazily read edges equal the store's
            assert [repr(e) for e in got] == [repr(e) for e in want]
        assert vs.degrees(keys) == st.degrees(keys)
        assert vs.nodes(keys) == st.nodes(keys)
        assert vs.stats() == st.stats()            # everything else goes to the store itself


@settings(max_examples=200, deadline=None)
@given(hst.lists(hst.tuples(hst.integers(0, 40), hst.sampled_from([0, 1, 2, 2**29 - 1, 2**29, 2**31]),
                            hst.integers(0, 3), hst.one_of(hst.just(float("nan")), hst.floats(-5, 5)),
                            hst.integers(-3, 3)), max_size=40))
def test_edge_order_is_the_plain_six_key_sort(rows):
    """Packing type, source and destination into one key orders edges exactly as sorting by each."""
    from graphfraud.store.arrays import edge_order

    etype, src, dst, ts, ids = (np.array(c) for c in zip(*rows)) if rows else (np.zeros(0, dtype=np.int64),) * 5
    etype, src, dst, ids = (x.astype(np.int64) for x in (etype, src, dst, ids))
    ts = ts.astype(np.float64)
    plain = np.lexsort((ids, np.isnan(ts), np.nan_to_num(ts, nan=0.0), dst, src, etype))
    assert edge_order(etype, src, dst, ts, ids).tolist() == plain.tolist()
