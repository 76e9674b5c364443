"""The Neo4j store's whole graph, read as rows of lists the way the server sends it, gives the columns
the plain-row builder gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.store import arrays
from graphfraud.store.neo4j import whole_graph

NODE = st.tuples(st.sampled_from(["account", "phone", "device"]), st.text("0123456789ab", min_size=1, max_size=4),
                 st.sampled_from([None, "", "{}", '{"bank": "VCB"}', '{"name": "Lê Văn A"}']))


def _columns(g: arrays.GraphArrays) -> dict:
    return {"node_types": g.node_type_names, "ntype": g.ntype.tolist(), "values": g.values.tolist(),
            "props": [g.props[k] for k in range(len(g.props))], "edge_types": g.edge_type_names,
            "etype": g.etype.tolist(), "src": g.src.tolist(), "dst": g.dst.tolist(),
            "ts": np.nan_to_num(g.ts, nan=-1.0).tolist(), "amount": np.nan_to_num(g.amount, nan=-1.0).tolist(),
            "amount_text": g.amount_text.tolist(), "eid": g.eid.tolist(),
            "eprops": [g.eprops[k] for k in range(len(g.eprops))],
            "facets": {f: x.values(np.arange(len(g.eid))).tolist() for f, x in g.efacets.items()}}


def _rows_of_lists(items: list, chunk: int, fields: tuple) -> list[dict]:
    """``items`` (tuples of ``fields``) as the server sends them: a row of lists per ``chunk`` items,
    nulls written as the queries write them (ts NaN, amount and props '')."""
    out = []
    for k in range(0, len(items), chunk):
        part = items[k:k + chunk]
        row = {"n": len(part)}
        for j, f in enumerate(fields):
            none = float("nan") if f == "ts" else ""
            row[f] = [none if x[j] is None else x[j] for x in part]
        out.append(row)
    return out


@settings(max_examples=60, deadline=None)
@given(nodes=st.lists(NODE, min_size=1, max_size=12, unique_by=lambda n: (n[0], n[1])),
       picks=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.sampled_from(["transfer", "login", "call"]),
                                st.one_of(st.none(), st.integers(1_700_000_000, 1_700_100_000)),
                                st.sampled_from([None, "1500000", "12.50", 700000.0]),
                                st.sampled_from([None, "{}", '{"currency": "VND", "description": "chuyen tien"}'])),
                      max_size=30),
       chunk=st.integers(1, 7))
def test_rows_of_lists_give_the_plain_row_columns(nodes, picks, chunk):
    n = len(nodes)
    key = [f"{t}:{v}" for t, v, _ in nodes]
    edges = [(1000 + k, t, key[a % n], key[b % n], ts, amount, props)
             for k, (a, b, t, ts, amount, props) in enumerate(picks)]
    plain = arrays.build_arrays([t for t, _, _ in nodes], [v for _, v, _ in nodes], [p for _, _, p in nodes],
                                np.array([1000 + k for k in range(len(picks))], dtype=np.int64),
                                [e[1] for e in edges], np.array([a % n for a, *_ in picks], dtype=np.int64),
                                np.array([b % n for _, b, *_ in picks], dtype=np.int64), [e[4] for e in edges],
                                [None if e[5] is None else str(e[5]) for e in edges], [e[6] for e in edges])
    by_lists = whole_graph.read_graph_columns(_rows_of_lists(list(nodes), chunk, ("type", "value", "props")),
                                              _rows_of_lists(edges, chunk, whole_graph.EDGE_FIELDS))
    assert _columns(by_lists) == _columns(plain)


def test_a_row_whose_lists_were_shifted_by_a_null_is_refused():
    import pytest

    from graphfraud.errors import StoreError

    nodes = [{"n": 2, "type": ["account", "account"], "value": ["1", "2"], "props": ["", ""]}]
    edges = [{"n": 2, "id": [1, 2], "type": ["transfer", "transfer"], "src": ["account:1", "account:2"],
              "dst": ["account:2", "account:1"], "ts": [1.0], "amount": ["5", "6"], "props": ["", ""]}]
    with pytest.raises(StoreError, match="lists of \\[1, 2\\] items for 2 rows"):
        whole_graph.read_graph_columns(nodes, edges)
