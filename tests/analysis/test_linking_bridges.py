"""link_cases on hand-made case folders: a victim scammed by two groups is a bridge, not a merger;
a report that names the suspect's account has its loss matched to the payment to that account."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.analysis.linking import link_cases, pairwise_scores
from graphfraud.analysis.linking_groups import group_cases
from tests.analysis._stores import open_ro
from tests.conftest import write_csv

REPORT_HEADER = ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
                 "suspect_phone", "suspect_account", "suspect_bank", "amount_lost", "scam_type"]
TXN_HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
              "description"]
# group A: victims pay mules MA1 / MA2, who forward to the cash-out XA; group B likewise
MA1, MA2, XA = "7100000001", "7100000002", "7100000009"
MB1, MB2, XB = "7200000001", "7200000002", "7200000009"
A1, A2, A3, B1, B2, B3 = "1100000001", "1100000002", "1100000003", "1200000001", "1200000002", "1200000003"
R1, R2 = "1300000001", "1300000002"     # victims scammed by both groups
LANDLORD = "9900000001"                  # an unrelated, larger payment of victim A3


def _reports(second_bridge: bool) -> list[list]:
    rows = [
        ["CA1", "05/03/2024", "Nguyễn Văn An", "0912000011", A1, "VCB", "", MA1, "MB", "10.000.000", "đầu tư"],
        ["CA2", "06/03/2024", "Trần Thị Bình", "0912000012", A2, "ACB", "0988000001", "", "", "12.000.000",
         "đầu tư"],
        ["CA3", "10/03/2024", "Lê Văn Cường", "0912000013", A3, "TCB", "", MA2, "MB", "5.000.000", "đầu tư"],
        ["CB1", "15/03/2024", "Phạm Thị Dung", "0912000021", B1, "BIDV", "", MB1, "VPBank", "9.000.000",
         "việc làm online"],
        ["CB2", "15/03/2024", "Hoàng Văn Em", "0912000022", B2, "VCB", "0977000002", "", "", "7.000.000",
         "việc làm online"],
        ["CB3", "16/03/2024", "Vũ Thị Phương", "0912000023", B3, "ACB", "", MB2, "VPBank", "6.000.000",
         "việc làm online"],
        # the victim of group A, scammed again by group B ("we recover your money"): one report, both losses
        ["CR1", "14/03/2024", "Đỗ Văn Giang", "0912000031", R1, "MB", "0966000003", "", "", "23.000.000",
         "lấy lại tiền"],
    ]
    if second_bridge:
        rows.append(["CR2", "15/03/2024", "Ngô Thị Hoa", "0912000032", R2, "TCB", "0955000004", "", "",
                     "11.000.000", "lấy lại tiền"])
    return rows


def _pay(tid, when, src, dst, amount, desc="chuyen tien"):
    return [tid, when, src, "VCB", dst, "MB", amount, desc]


def _transfers(second_bridge: bool) -> list[list]:
    rows = [
        _pay("A1a", "02/03/2024 09:00:00", A1, MA1, "10000000", "nap tien dau tu"),
        _pay("A1b", "02/03/2024 09:20:00", MA1, XA, "9900000"),
        _pay("A2a", "03/03/2024 10:00:00", A2, MA1, "12000000", "nap tien dau tu"),
        _pay("A2b", "03/03/2024 10:15:00", MA1, XA, "11900000"),
        _pay("A3a", "04/03/2024 11:00:00", A3, MA2, "5000000", "nap tien dau tu"),
        _pay("A3b", "04/03/2024 11:10:00", MA2, XA, "4950000"),
        # larger, later and unrelated: counting back from the report would take it for the loss
        _pay("A3x", "08/03/2024 15:00:00", A3, LANDLORD, "40000000", "tien nha thang 3"),
        _pay("R1a", "06/03/2024 14:00:00", R1, MA1, "8000000", "nap tien dau tu"),
        _pay("R1b", "06/03/2024 14:05:00", MA1, XA, "7900000"),
        _pay("B1a", "10/03/2024 09:00:00", B1, MB1, "9000000", "phi nhan viec"),
        _pay("B1b", "10/03/2024 09:30:00", MB1, XB, "8900000"),
        _pay("B2a", "11/03/2024 10:00:00", B2, MB1, "7000000", "phi nhan viec"),
        _pay("B2b", "11/03/2024 10:20:00", MB1, XB, "6900000"),
        _pay("B3a", "12/03/2024 11:00:00", B3, MB2, "6000000", "phi nhan viec"),
        _pay("B3b", "12/03/2024 11:05:00", MB2, XB, "5950000"),
        _pay("R1c", "13/03/2024 16:00:00", R1, MB1, "15000000", "phi lay lai tien"),
        _pay("R1d", "13/03/2024 16:10:00", MB1, XB, "14900000"),
    ]
    if second_bridge:
        rows += [
            _pay("R2a", "07/03/2024 08:00:00", R2, MA2, "5000000", "nap tien dau tu"),
            _pay("R2b", "07/03/2024 08:10:00", MA2, XA, "4950000"),
            _pay("R2c", "14/03/2024 08:00:00", R2, MB2, "6000000", "phi lay lai tien"),
            _pay("R2d", "14/03/2024 08:10:00", MB2, XB, "5950000"),
        ]
    return rows


def _build(folder, second_bridge: bool, shared_device: bool = False):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    rp = write_csv(folder / "don_to_giac.csv", REPORT_HEADER, _reports(second_bridge))
    tp = write_csv(folder / "sao_ke.csv", TXN_HEADER, _transfers(second_bridge))
    db = folder / "graphfraud.db"
    with SQLiteStore(db) as store:
        load_files(store, [rp], kind="reports")
        load_files(store, [tp], kind="transactions")
        if shared_device:   # mule MA2 (group A, only CA3 pays it) and mule MB2 (group B, only CB3) on one phone
            lp = write_csv(folder / "dang_nhap.csv", ["account", "bank", "device_id", "ip", "timestamp"], [
                [MA2, "MB", "a1b2c3d4e5f60718", "113.161.10.20", "04/03/2024 10:00:00"],
                [MB2, "VPBank", "a1b2c3d4e5f60718", "27.72.100.3", "12/03/2024 10:30:00"]])
            load_files(store, [lp], kind="logins")
    return db


@pytest.fixture(scope="module")
def bridge_store(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("link_bridge"), second_bridge=False)


@pytest.fixture(scope="module")
def two_bridges_store(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("link_two_bridges"), second_bridge=True)


def test_one_bridge_case_does_not_merge_two_campaigns(bridge_store):
    with open_ro(bridge_store) as st:
        groups, scores = link_cases(st, with_scores=True)
    # the repeat victim is linked to both groups (connected components would chain them) ...
    assert scores[("CA1", "CR1")] >= 0.5 and scores[("CB1", "CR1")] >= 0.5
    assert max((s for (a, b), s in scores.items() if {a[:2], b[:2]} == {"CA", "CB"}), default=0.0) < 0.5
    # ... and is listed in both, marked as a bridge
    assert [g["cases"] for g in groups] == [["CA1", "CA2", "CA3", "CR1"], ["CB1", "CB2", "CB3", "CR1"]]
    assert [g["bridges"] for g in groups] == [["CR1"], ["CR1"]]
    truth = [["CA1", "CA2", "CA3", "CR1"], ["CB1", "CB2", "CB3", "CR1"]]
    score = pairwise_scores([g["cases"] for g in groups], truth)
    assert score["precision"] == 1.0 and score["recall"] == 1.0
    for g, mule in zip(groups, (MA1, MB1)):
        (why,) = g["bridge_evidence"]
        assert why["case"] == "CR1" and why["groups"] == [1, 2]
        assert [e["group"] for e in why["evidence"]] == [1, 2]
        here = why["evidence"][g["group"] - 1]
        assert here["kind"] == "money_flow" and here["link_score"] >= 0.5
        assert set(here["linked_cases"]) == set(g["cases"]) - {"CR1"}
        assert all(h["file"] and h["row"] for h in here["chain"])
        # the bridge's own links into the group are part of the group's evidence
        assert any("CR1" in e["cases"] for e in g["evidence"])
        assert not any(set(e["cases"]) - set(g["cases"]) for e in g["evidence"])
        hops = [(h["from"]["value"], h["to"]["value"]) for e in g["evidence"] if "CR1" in e["cases"]
                for h in e["chain"] if h["edge"] == "transfer"]
        assert (R1, mule) in hops


def test_report_naming_an_account_is_matched_to_the_payment_to_it(bridge_store):
    with open_ro(bridge_store) as st:
        groups = link_cases(st)
    basis = {v["case"]: v.get("loss_matched_by") for g in groups for v in g["victims"]}
    assert basis == {"CA1": "named_account", "CA2": "report_date", "CA3": "named_account",
                     "CR1": "report_date", "CB1": "named_account", "CB2": "report_date",
                     "CB3": "named_account"}
    group_a = groups[0]
    # CA3 paid 40,000,000 to a landlord after paying the mule it names 5,000,000: its loss is the latter
    a3 = [e for e in group_a["evidence"] if "CA3" in e["cases"]]
    assert a3 and all(e["kind"] == "money_flow" and e["via"] == [{"type": "account", "value": XA}] for e in a3)
    for e in a3:
        hops = [(h["from"]["value"], h["to"]["value"], h.get("amount")) for h in e["chain"]
                if h["edge"] == "transfer"]
        assert (A3, MA2, "5000000") in hops
    assert not any(h["to"]["value"] == LANDLORD for g in groups for e in g["evidence"] for h in e["chain"])


def test_two_independent_bridges_merge_the_groups(two_bridges_store):
    # CR1 and CR2 each paid both groups: no single case separates them, so they are one campaign
    with open_ro(two_bridges_store) as st:
        groups = link_cases(st)
    assert [g["cases"] for g in groups] == [["CA1", "CA2", "CA3", "CB1", "CB2", "CB3", "CR1", "CR2"]]
    assert groups[0]["bridges"] == [] and groups[0]["bridge_evidence"] == []


def test_a_bridge_and_a_device_shared_by_the_mules_do_not_merge_the_groups(tmp_path):
    # CR1 is linked to both groups through its payments; mules MA2 and MB2 used the same phone. A device
    # shared by two groups' mules is infrastructure (a device farm serves many groups): it does not link
    # CA3 and CB3, so CR1 stays a bridge; each group lists the other as related through the device
    db = _build(tmp_path, second_bridge=False, shared_device=True)
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert 0 < scores[("CA3", "CB3")] < 0.5
    assert [g["cases"] for g in groups] == [["CA1", "CA2", "CA3", "CR1"], ["CB1", "CB2", "CB3", "CR1"]]
    assert [g["bridges"] for g in groups] == [["CR1"], ["CR1"]]
    for g, other in zip(groups, (2, 1)):
        (rel,) = [r for r in g["related"] if r["kind"] == "device_reuse"]
        assert rel["group"] == other and rel["via"] == [{"type": "device", "value": "a1b2c3d4e5f60718"}]
        assert sorted(rel["cases"]) == ["CA3", "CB3"]
        assert [h["edge"] for h in rel["chain"]] == ["mention", "login", "login", "mention"]


def test_pairwise_scores_with_a_case_in_two_groups():
    s = pairwise_scores([["a", "b", "x"], ["c", "d", "x"]], [["a", "b", "x"], ["c", "d", "x"]])
    assert (s["true_pairs"], s["predicted_pairs"], s["correct_pairs"]) == (6, 6, 6)
    assert s["precision"] == 1.0 and s["recall"] == 1.0
    merged = pairwise_scores([["a", "b", "c", "d", "x"]], [["a", "b", "x"], ["c", "d", "x"]])
    assert merged["predicted_pairs"] == 10 and merged["precision"] == pytest.approx(0.6)
    # the same pair listed in two groups counts once
    twice = pairwise_scores([["a", "x", "y"], ["b", "x", "y"]], [["a", "x", "y"], ["b", "x", "y"]])
    assert twice["true_pairs"] == twice["predicted_pairs"] == 5


def _clique(names):
    return list(itertools.combinations(sorted(names), 2))


def test_group_cases_shapes():
    left, right = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    ids = left + right + ["x", "y", "s"]
    # x links to both cliques; s hangs on a1 only; y links to nothing
    strong = sorted(_clique(left) + _clique(right) + [("a1", "x"), ("b2", "x"), ("a1", "s")])
    groups, bridges = group_cases(ids, strong)
    assert groups == [["a1", "a2", "a3", "s", "x"], ["b1", "b2", "b3", "x"], ["y"]] and bridges == {"x"}
    # a single link between two groups: one of its two ends is listed in both (the one in the larger group)
    groups, bridges = group_cases(left + right + ["a4"], sorted(_clique(left + ["a4"]) + _clique(right)
                                                                 + [("a4", "b1")]))
    assert groups == [["a1", "a2", "a3", "a4"], ["a4", "b1", "b2", "b3"]] and bridges == {"a4"}
    # a chain inside one group is not split when a side would be a single case
    groups, bridges = group_cases(["p", "q", "r"], [("p", "q"), ("q", "r")])
    assert groups == [["p", "q", "r"]] and bridges == set()


@st.composite
def _graphs(draw):
    n = draw(st.integers(2, 9))
    ids = [f"c{i}" for i in range(n)]
    all_pairs = list(itertools.combinations(ids, 2))
    strong = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=len(all_pairs)))
    return ids, sorted(strong)


@settings(max_examples=200, deadline=None)
@given(_graphs(), st.randoms(use_true_random=False))
def test_group_cases_properties(graph, rnd):
    ids, strong = graph
    groups, bridges = group_cases(ids, strong)
    # deterministic whatever the input order
    shuffled_ids, shuffled = list(ids), list(strong)
    rnd.shuffle(shuffled_ids)
    rnd.shuffle(shuffled)
    assert group_cases(shuffled_ids, shuffled) == (groups, bridges)
    listed = {}
    for gi, g in enumerate(groups):
        assert g == sorted(set(g))
        for c in g:
            listed.setdefault(c, []).append(gi)
    assert set(listed) == set(ids)
    assert bridges == {c for c, gs in listed.items() if len(gs) > 1}
    adj = {c: set() for c in ids}
    for a, b in strong:
        adj[a].add(b)
        adj[b].add(a)
    for g in groups:   # every group is connected through its own links
        seen, stack = {g[0]}, [g[0]]
        while stack:
            for y in adj[stack.pop()] & set(g):
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        assert seen == set(g)
    if not bridges:   # nothing to split at: the groups are the connected components
        comps = {frozenset(g) for g in groups}
        assert all(not (adj[c] - g) for g in comps for c in g)
    # two linked cases that are not bridges are in the same group
    for a, b in strong:
        if a not in bridges and b not in bridges:
            assert listed[a] == listed[b], (a, b)


def test_report_lists_the_bridge_in_both_campaigns_and_counts_it_once(bridge_store, tmp_path):
    from graphfraud import api
    from graphfraud.config import load_config

    cfg = load_config({"store": str(bridge_store)}, env={})
    out = tmp_path / "r.json"
    summary = api.report(cfg, out, fmt="json", lang="en")
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert summary["campaigns"] == 2 and rep["summary"]["cases"] == 7 and rep["summary"]["victims"] == 7
    assert rep["summary"]["total_loss"] == "72000000"
    assert [c["bridges"] for c in rep["campaigns"]] == [[{"case": "CR1", "campaigns": [1, 2]}]] * 2
    md_path = tmp_path / "r.md"
    api.report(cfg, md_path, fmt="md", lang="vi")
    text = md_path.read_text(encoding="utf-8")
    assert text.count("vụ việc cầu nối") == 2 and "CR1 (Chiến dịch 2)" in text
