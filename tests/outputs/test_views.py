"""Views an analyst acts on, statically: the searched identifier drawn distinctly, the left-to-right
money-flow layout of a trace (amounts and times on the links) and the data of the time filter."""

from __future__ import annotations

import json
import re

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.analysis.annotations import Analyses
from graphfraud.analysis.subgraph import Selection, build_graph
from graphfraud.output import html as H
from graphfraud.output.graph_layout import flow_layout
from graphfraud.output.graph_payload import FOCUS_STYLE, is_flow

VI_MONEY = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})? ₫")
EN_MONEY = re.compile(r"^\d{1,3}(,\d{3})*(\.\d{1,2})? VND")
VI_TIME = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")
EN_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def trace_source(store) -> str:
    """A victim's account (of the first case naming one) whose money went at least three hops."""
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.analysis.trace import trace

    gv = GraphView.from_store(store)
    for case in sorted(gv.values[i] for i in gv.nodes_of_type("case")):
        for e in store.incident([("case", case)], types=("mention",)):
            if e.dst[0] == "account" and (e.props or {}).get("role") == "victim":
                res = trace(store, e.dst)
                if any(len(r["hops"]) >= 3 for r in res["routes"]):
                    return e.dst[1]
    raise AssertionError("no victim account of the demo has a trace of three hops")


def suspect_case_and_phone(store) -> tuple[str, str]:
    """The first case that names a Vietnamese phone as the suspect's, and that phone."""
    from graphfraud.analysis.graphview import GraphView

    gv = GraphView.from_store(store)
    for case in sorted(gv.values[i] for i in gv.nodes_of_type("case")):
        for e in sorted(store.incident([("case", case)], types=("mention",)), key=lambda e: e.dst):
            if e.dst[0] == "phone" and e.dst[1].startswith("+84") and (e.props or {}).get("role") == "suspect":
                return case, e.dst[1]
    raise AssertionError("no case of the demo names a suspect phone")


def suspect_phone(store) -> str:
    return suspect_case_and_phone(store)[1]


def as_typed(phone: str) -> str:
    """``+84361760419`` as an officer types it: ``0361 760 419``."""
    local = "0" + phone[3:]
    return f"{local[:4]} {local[4:7]} {local[7:]}"


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 25).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60),
    st.lists(st.integers(0, n - 1), max_size=3), st.lists(st.integers(0, n - 1), max_size=3))))
def test_flow_layout_sends_every_arc_but_a_cycles_closing_one_to_the_right(case):
    n, arcs, roots, last = case
    pos, back = flow_layout(n, arcs, roots, last)
    assert len(pos) == n and pos == flow_layout(n, list(reversed(arcs)), roots, last)[0]
    assert back <= set(arcs)
    kept = {(a, b) for a, b in arcs if a != b and (a, b) not in back}
    for a, b in kept:
        assert pos[a][0] < pos[b][0], (a, b, pos)
    # what is left is acyclic: a back arc closes a cycle through the kept arcs
    dag = nx.DiGraph(list(kept))
    dag.add_nodes_from(range(n))
    assert nx.is_directed_acyclic_graph(dag)
    for a, b in back:
        assert a == b or nx.has_path(dag, b, a)
    # the cash-out ends money leaves no further are in the rightmost column
    right = max(x for x, _ in pos)
    for i in last:
        if not any(a == i for a, _ in kept):
            assert pos[i][0] == right
    # no two nodes on one spot
    assert len(set(pos)) == n


def test_a_trace_page_is_a_left_to_right_money_flow_with_amounts_and_times(demo_store):
    src = trace_source(demo_store)
    for lang, money, when in (("vi", VI_MONEY, VI_TIME), ("en", EN_MONEY, EN_TIME)):
        g = build_graph(demo_store, Selection(trace=src), Analyses(demo_store, enabled=False))
        assert is_flow(g)
        payload = H.graph_payload(g, lang)
        assert payload["layout"] == "flow" and payload["physics"] is False
        assert payload["options"]["physics"]["enabled"] is False
        x = {n["id"]: n["x"] for n in payload["nodes"]}
        source = next(n for n in payload["nodes"] if n["gf"]["k"] == f"account:{src}")
        assert payload["focus"] == [source["id"]] and source["x"] == min(x.values())
        forward = [e for e in payload["edges"] if not e["gf"].get("back")]
        assert forward and all(x[e["from"]] < x[e["to"]] for e in forward)
        for e in payload["edges"]:
            amount, *rest = e["label"].split("\n")
            assert money.match(amount), e["label"]
            assert rest and when.search(rest[0]), e["label"]
        # the drawing for print uses the same positions and labels
        svg = H.static_svg(payload)
        assert payload["edges"][0]["label"].split("\n")[0] in svg.replace("&#x27;", "'")
        page = H.graph_page(g, lang)
        assert 'data-gf-layout="flow"' in page and H.t("flow.note", lang) in page


def test_other_graphs_keep_the_force_layout_unless_asked(demo_store):
    g = build_graph(demo_store, Selection(around=as_typed(suspect_phone(demo_store))),
                    Analyses(demo_store, enabled=False))
    assert not is_flow(g) and H.graph_payload(g, "vi")["layout"] == "force"
    g.graph["layout"] = "flow"   # how a report asks for its money graph
    assert is_flow(g) and H.graph_payload(g, "vi")["layout"] == "flow"


def test_the_searched_identifier_is_ringed_bigger_and_named_as_the_focus(demo_store):
    phone = suspect_phone(demo_store)
    g = build_graph(demo_store, Selection(around=as_typed(phone), hops=2), Analyses(demo_store, enabled=False))
    payload = H.graph_payload(g, "vi")
    focus = [n for n in payload["nodes"] if n["gf"].get("focus")]
    assert [n["gf"]["k"] for n in focus] == [f"phone:{phone}"]
    assert payload["focus"] == [focus[0]["id"]]
    f = focus[0]
    assert f["borderWidth"] == FOCUS_STYLE["borderWidth"] and f["shadow"] == FOCUS_STYLE["shadow"]
    others = [n for n in payload["nodes"] if n["gf"]["t"] == "phone" and not n["gf"].get("focus")]
    assert others and f["size"] > max(n["size"] for n in others)
    assert all(n["borderWidth"] < FOCUS_STYLE["borderWidth"] for n in others)
    page = H.graph_page(g, "vi")
    assert H.t("focus.go", "vi") in page
    assert 'fill="#fde68a"' in H.static_svg(payload)     # the ring in the drawing for print


def test_links_carry_their_times_for_the_time_filter(demo_store):
    g = build_graph(demo_store, Selection(around=as_typed(suspect_phone(demo_store)), hops=2),
                    Analyses(demo_store, enabled=False))
    payload = H.graph_payload(g, "en")
    span = payload["time"]
    timed = [e for e in payload["edges"] if "t0" in e["gf"]]
    assert timed and span["min"] == min(e["gf"]["t0"] for e in timed)
    assert span["max"] == max(e["gf"]["t1"] for e in timed)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", span["from"]) and span["from"] <= span["to"]
    assert span["tz"] == "+07:00"
    for e in timed:
        assert e["gf"]["t0"] <= e["gf"]["t1"]
        if "ts" in e["gf"]:
            assert e["gf"]["ts"] == sorted(e["gf"]["ts"]) and e["gf"]["ts"][0] == e["gf"]["t0"]
            assert e["gf"]["ts"][-1] == e["gf"]["t1"]
    for lang, first in (("en", span["from"]), ("vi", "/".join(reversed(span["from"].split("-"))))):
        page = H.graph_page(g, lang)
        assert f'class="gf-from" inputmode="numeric" size="10" value="{first}" data-default="{first}"' in page
        for key in ("time.from", "time.to", "time.clear", "time.format"):
            assert H.t(key, lang) in page
        data = json.loads(re.search(r'class="gf-data">(.*?)</script>', page).group(1))
        assert data["time"] == span and data["strings"]["time_hidden"] == H.t("time.hidden", lang)
        assert data["lang"] == lang


def test_a_graph_without_times_has_no_time_filter():
    g = nx.MultiDiGraph()
    g.add_node("person:1", type="person", value="1", label="A", props={})
    g.add_node("account:2", type="account", value="2", label="2", props={})
    g.add_edge("person:1", "account:2", key="e1", type="owns", props={})
    payload = H.graph_payload(g, "vi")
    assert payload["time"] is None
    assert 'class="gf-from"' not in H.graph_page(g, "vi")
