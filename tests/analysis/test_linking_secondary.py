"""link_cases: a victim's payments that its report does not describe still tie the case to the group
whose mule they paid, as a bridge listed in both groups, never merging them."""

from __future__ import annotations

from graphfraud.analysis.linking import link_cases
from graphfraud.analysis.linking_secondary import join_secondary
from tests.analysis._stores import open_ro
from tests.analysis.test_linking_bridges import REPORT_HEADER, TXN_HEADER, _pay
from tests.conftest import write_csv

# group A: victims pay mules MA1 / MA2 (and the repeat victim MA3), who pass the money to TA within
# minutes; TA pays the cash-out XA. Group B: victims pay MB1, who pays XB.
MA1, MA2, MA3, TA, XA = "7100000001", "7100000002", "7100000003", "7100000008", "7100000009"
MB1, XB = "7200000001", "7200000009"
A1, A2, B1, B2, R = "1100000001", "1100000002", "1200000001", "1200000002", "1300000001"
SHOP, LANDLORD = "9900000001", "9900000002"


def _reports():
    return [
        ["CA1", "05/03/2024", "Nguyễn Văn An", "0912000011", A1, "VCB", "", MA1, "MB", "10.000.000", "đầu tư"],
        ["CA2", "06/03/2024", "Trần Thị Bình", "0912000012", A2, "ACB", "", MA2, "MB", "12.000.000", "đầu tư"],
        ["CB1", "15/03/2024", "Phạm Thị Dung", "0912000021", B1, "BIDV", "", MB1, "VPBank", "9.000.000",
         "việc làm online"],
        ["CB2", "15/03/2024", "Hoàng Văn Em", "0912000022", B2, "VCB", "", MB1, "VPBank", "7.000.000",
         "việc làm online"],
        # scammed by group A first (not reported), then by group B ("we recover your money"): the
        # report names B's account and the amount paid to it only
        ["CR", "16/03/2024", "Đỗ Văn Giang", "0912000031", R, "MB", "", MB1, "VPBank", "15.000.000",
         "lấy lại tiền"],
    ]


def _transfers(r_pays_group_a: bool):
    rows = [
        _pay("A1a", "02/03/2024 09:00:00", A1, MA1, "10000000"), _pay("A1b", "02/03/2024 09:20:00", MA1, TA, "9900000"),
        _pay("A2a", "03/03/2024 10:00:00", A2, MA2, "12000000"), _pay("A2b", "03/03/2024 10:15:00", MA2, TA, "11900000"),
        _pay("TAx", "03/03/2024 12:00:00", TA, XA, "21700000"),
        _pay("B1a", "10/03/2024 09:00:00", B1, MB1, "9000000"), _pay("B1b", "10/03/2024 09:30:00", MB1, XB, "8900000"),
        _pay("B2a", "11/03/2024 10:00:00", B2, MB1, "7000000"), _pay("B2b", "11/03/2024 10:20:00", MB1, XB, "6900000"),
        _pay("Rc", "13/03/2024 16:00:00", R, MB1, "15000000"), _pay("Rd", "13/03/2024 16:10:00", MB1, XB, "14900000"),
        # the victim's own life: shopping and rent
        _pay("Rs1", "04/03/2024 18:00:00", R, SHOP, "350000"), _pay("Rs2", "09/03/2024 18:00:00", R, SHOP, "420000"),
        _pay("Rl", "05/03/2024 08:00:00", R, LANDLORD, "6000000"),
    ]
    if r_pays_group_a:
        rows += [_pay("Ra", "06/03/2024 14:00:00", R, MA3, "8000000"),
                 _pay("Rb", "06/03/2024 14:05:00", MA3, TA, "7900000"),
                 _pay("TAy", "06/03/2024 15:00:00", TA, XA, "7900000")]
    return rows


def _build(folder, r_pays_group_a: bool):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    rp = write_csv(folder / "don_to_giac.csv", REPORT_HEADER, _reports())
    tp = write_csv(folder / "sao_ke.csv", TXN_HEADER, _transfers(r_pays_group_a))
    db = folder / "graphfraud.db"
    with SQLiteStore(db) as store:
        load_files(store, [rp], kind="reports")
        load_files(store, [tp], kind="transactions")
    return db


def test_an_unreported_payment_to_a_mule_lists_the_case_in_that_group_too(tmp_path):
    with open_ro(_build(tmp_path, r_pays_group_a=True)) as st:
        groups = link_cases(st)
    assert [g["cases"] for g in groups] == [["CA1", "CA2", "CR"], ["CB1", "CB2", "CR"]]
    assert [g["bridges"] for g in groups] == [["CR"], ["CR"]]
    group_a = groups[0]
    (why,) = group_a["bridge_evidence"]
    assert why["case"] == "CR" and why["groups"] == [1, 2]
    here = [e for e in why["evidence"] if e["group"] == 1][0]
    assert here["kind"] == "money_flow" and here["via"] == [{"type": "account", "value": TA}]
    hops = [(h["from"]["value"], h["to"]["value"]) for h in here["chain"] if h["edge"] == "transfer"]
    assert (R, MA3) in hops and (MA3, TA) in hops
    assert all(h["file"] and h["row"] for h in here["chain"])


def test_without_that_payment_the_case_stays_in_its_reported_group_only(tmp_path):
    with open_ro(_build(tmp_path, r_pays_group_a=False)) as st:
        groups = link_cases(st)
    assert [g["cases"] for g in groups] == [["CB1", "CB2", "CR"], ["CA1", "CA2"]]
    assert [g["bridges"] for g in groups] == [[], []]


def test_join_secondary_adds_the_case_to_every_group_of_the_other_case():
    groups = [["a", "b"], ["c", "d"], ["e", "f"]]
    out, bridges = join_secondary(groups, set(), {("a", "c"): "a", ("a", "e"): ("a", 0.6), ("b", "d"): "d"})
    assert out == [["a", "b", "d"], ["a", "c", "d"], ["a", "e", "f"]] and bridges == {"a", "d"}
    # a case already in the other case's group is not added twice and is no bridge for it
    assert join_secondary([["a", "b"]], set(), {("a", "b"): "a"}) == ([["a", "b"]], set())
