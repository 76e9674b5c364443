"""Keyed pseudonyms: stable under one key, unrelated under another, no raw identifier left."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.privacy import Redactor

K1, K2 = b"first key 123", b"second key 456"


@given(st.sampled_from(["phone", "account", "person", "email"]), st.text(min_size=1, max_size=30))
@settings(max_examples=200)
def test_stable_under_one_key_different_under_another(t, v):
    a, b, c = Redactor(K1), Redactor(K1), Redactor(K2)
    assert a.value(t, v) == b.value(t, v)
    assert a.value(t, v) != c.value(t, v)
    assert v not in a.value(t, v)[len(t) + 1:] or len(v) < 3


def test_find_result_has_no_raw_identifier_left():
    result = {"query": "0912 345 678", "matches": [{
        "type": "phone", "value": "+84912345678", "props": {"country": "VN"},
        "neighbours": [
            {"type": "account", "value": "0011223344", "bank": "VCB",
             "edge": {"type": "registered", "from": {"type": "person", "value": "001099012345"},
                      "to": {"type": "phone", "value": "+84912345678"}}},
            {"type": "case", "value": "VV-2024-0001",
             "props": {"victim_name": "Phạm Thị D", "narrative": "Đối tượng gọi từ 0912 345 678 yêu cầu chuyển "
                                                                 "50.000.000 đ vào STK 0011223344"}},
        ]}]}
    out = json.dumps(Redactor(K1).json(result), ensure_ascii=False)
    for raw in ("912345678", "912 345 678", "0011223344", "001099012345", "Phạm Thị D"):
        assert raw not in out, raw
    assert "VV-2024-0001" in out and "VCB" in out and "50.000.000" in out


def test_graph_redaction_keeps_structure():
    import networkx as nx

    g = nx.Graph()
    g.add_node("phone:+84912345678", type="phone", value="+84912345678", label="+84912345678")
    g.add_node("account:0011223344", type="account", value="0011223344", bank="VCB")
    g.add_edge("phone:+84912345678", "account:0011223344", type="registered")
    h = Redactor(K1).graph(g)
    assert h.number_of_nodes() == 2 and h.number_of_edges() == 1
    text = json.dumps(nx.node_link_data(h, edges="links"))
    assert "0011223344" not in text and "912345678" not in text
