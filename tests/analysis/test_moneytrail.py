"""The money trail of reported victims on a hand-made case folder: second-tier mules found through it,
with the whole chain of transfers (file and row) as evidence; where the money ends is a cash-out point;
relays of just-arrived money into the chain count, a family forwarder's do not."""

from __future__ import annotations

import numpy as np
import pytest

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.mules import mules, score_accounts
from graphfraud.analysis.organizers import organizers
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

REPORT_HEADER = ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
                 "suspect_phone", "suspect_account", "suspect_bank", "amount_lost", "scam_type"]
TXN_HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
              "description"]
V1, V2, V3 = "1100000001", "1100000002", "1100000003"        # victims; all three report
T1, T2 = "7100000001", "7100000002"                          # tier 1: paid by the victims
DEEP = "7300000003"                                          # tier 2: paid only by tier 1
CASH = "7900000009"                                          # where the money stays
FAMILY, COUSIN, SHOP = "5500000001", "5500000002", "5500000003"


def _pay(tid, when, src, dst, amount, desc="chuyen tien"):
    return [tid, when, src, "VCB", dst, "MB", amount, desc]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("trail")
    reports = write_csv(d / "don_to_giac.csv", REPORT_HEADER, [
        ["C1", "06/03/2024", "Nguyễn Văn An", "0912000011", V1, "VCB", "", T1, "MB", "20.000.000", "đầu tư"],
        ["C2", "07/03/2024", "Trần Thị Bình", "0912000012", V2, "ACB", "", T2, "MB", "30.000.000", "đầu tư"],
        ["C3", "08/03/2024", "Lê Văn Cường", "0912000013", V3, "TCB", "", T1, "MB", "25.000.000", "đầu tư"],
    ])
    rows = [
        _pay("V1a", "02/03/2024 09:00:00", V1, T1, "20000000", "nap tien dau tu"),
        _pay("T1a", "02/03/2024 09:12:00", T1, DEEP, "19800000"),
        _pay("D1a", "02/03/2024 13:40:00", DEEP, CASH, "19700000"),
        _pay("V2a", "04/03/2024 10:00:00", V2, T2, "30000000", "nap tien dau tu"),
        _pay("T2a", "04/03/2024 10:09:00", T2, DEEP, "29700000"),
        _pay("D2a", "04/03/2024 15:30:00", DEEP, CASH, "29600000"),
        _pay("V3a", "05/03/2024 08:00:00", V3, T1, "25000000", "nap tien dau tu"),
        _pay("T1b", "05/03/2024 08:20:00", T1, DEEP, "24800000"),
        _pay("D3a", "05/03/2024 11:00:00", DEEP, CASH, "24700000"),
        # a family forwarder: a relative's money passed on within hours, to a cousin and a shop
        _pay("F1", "03/03/2024 08:00:00", COUSIN, FAMILY, "5000000", "gui tien"),
        _pay("F2", "03/03/2024 11:00:00", FAMILY, COUSIN, "4500000", "tra lai"),
        _pay("F3", "06/03/2024 08:00:00", COUSIN, FAMILY, "3000000", "gui tien"),
        _pay("F4", "06/03/2024 09:30:00", FAMILY, SHOP, "2800000", "mua hang"),
    ]
    tx = write_csv(d / "sao_ke.csv", TXN_HEADER, rows)
    db = d / "g.db"
    with SQLiteStore(db) as st:
        load_files(st, [reports, tx])
    return db


def _row(sc, value):
    gv = sc.view
    return int(sc.row[gv.index_of("account", value)])


def test_the_trail_reaches_the_second_tier_and_ends_at_the_cash_out(store):
    with SQLiteStore(store, readonly=True) as st:
        sc = score_accounts(GraphView.from_store(st))
    trail = sc.extra["trail"]
    deep, cash = _row(sc, DEEP), _row(sc, CASH)
    assert trail.depth[deep] == 2 and trail.depth[_row(sc, T1)] == 1 and trail.cases[deep] == 3
    assert trail.traced_in[deep] == pytest.approx(19_800_000 + 29_700_000 + 24_800_000)
    assert sc.stats["traced_passed"][deep] > 0.99 and sc.strength["traced_money"][deep] == 1.0
    # the money stays in CASH: a cash-out point, not a mule
    assert trail.stays[cash] > 0.9 * trail.traced_in[cash] and sc.strength["traced_money"][cash] == 0.0
    assert sc.strength["cash_out"][cash] > 0.9
    # nothing of the victims' money reached the family forwarder; its relays go to nobody suspicious
    # (what remains is the floor of everybody's suspicion, 1/(1+e^4.5))
    fam = _row(sc, FAMILY)
    assert trail.traced_in[fam] == 0 and sc.strength["relay"][fam] < 0.05
    # the relays of the tier-1 accounts go into the chain
    assert sc.strength["relay"][_row(sc, T1)] > 0.5


def test_a_second_tier_mule_is_explained_by_its_whole_trail(store):
    with SQLiteStore(store, readonly=True) as st:
        rows = mules(st, include_all=True, threshold=0.0)
    deep = next(r for r in rows if r["value"] == DEEP)
    reason = next(x for x in deep["reasons"] if x["signal"] == "traced_money")
    assert reason["evidence"]["counts"] == {"cases": 3, "hops_from_victim": 2}
    chain = reason["evidence"]["transfers"]
    assert [(t["from"]["value"], t["to"]["value"]) for t in chain][-1][1] == DEEP
    assert chain[0]["from"]["value"] in {V1, V2, V3}
    assert all(t["file"] == "sao_ke.csv" and isinstance(t["row"], int) for t in chain)


def test_organisers_rank_the_account_where_the_money_ends(store):
    with SQLiteStore(store, readonly=True) as st:
        res = organizers(st, top=5, explain=False)
    accounts = [o["value"] for o in res if o["type"] == "account"]
    assert CASH in accounts and FAMILY not in accounts and COUSIN not in accounts
    cash = next(o for o in res if o["value"] == CASH)
    assert cash["reasons"][0]["signal"] == "cash_out" and "ended here" in cash["reasons"][0]["text"]


def test_scores_do_not_depend_on_the_order_of_the_rows(store, tmp_path):
    import csv

    rows = list(csv.reader(open(store.parent / "sao_ke.csv", encoding="utf-8")))
    shuffled = write_csv(tmp_path / "sao_ke.csv", rows[0], rows[1:][::-1])
    db = tmp_path / "g.db"
    with SQLiteStore(db) as st:
        load_files(st, [store.parent / "don_to_giac.csv", shuffled])
        b = score_accounts(GraphView.from_store(st))
    with SQLiteStore(store, readonly=True) as st:
        a = score_accounts(GraphView.from_store(st))
    assert np.allclose(a.score, b.score) and list(a.view.values[a.accounts]) == list(b.view.values[b.accounts])
