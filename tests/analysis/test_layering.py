"""The ``layering`` signal: an account inside a chain of fast, nearly whole hops (money in, on, and on
again within hours). It needs no report naming the account, so a chain of rented accounts whose victims
never reported is found when it feeds where reported money ends; a family that passes money on hands it
to somebody who keeps it, and a chain of relatives passing it on twice is not flagged by speed alone."""

from __future__ import annotations

import numpy as np
import pytest

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.mule_flow import relayed, relayed_on
from graphfraud.analysis.mules import DEFAULT_THRESHOLD, SIGNALS, mules, score_accounts
from graphfraud.analysis.reason_text import localize
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

TXN_HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
              "description"]
T1, T2, T3, CASH = "7100000001", "7200000002", "7300000003", "7900000009"   # nobody reported this chain
PAYERS = ["1100000001", "1100000002", "1100000003", "1100000004"]
SON, PARENT, SIBLING, GRANDMA = "5500000001", "5500000002", "5500000003", "5500000004"
KEEPER_FAMILY, KEEPER = "6600000001", "6600000002"
VICTIM, SUSPECT, LENDER = "1900000001", "7999999999", "1900000002"   # another case, reported
REPORT_HEADER = ["case_id", "report_date", "victim_name", "victim_account", "victim_bank", "suspect_account",
                 "suspect_bank", "amount_lost"]


def _pay(tid, when, src, dst, amount, desc="chuyen tien"):
    return [tid, when, src, "VCB", dst, "MB", amount, desc]


def _chain_rows():
    rows = []
    for k, payer in enumerate(PAYERS):
        day = f"{k + 2:02d}/03/2024"
        amount = 20_000_000 + 1_000_000 * k
        rows += [_pay(f"P{k}", f"{day} 09:00:00", payer, T1, str(amount), "thanh toan don hang"),
                 _pay(f"A{k}", f"{day} 09:10:00", T1, T2, str(amount - 100_000)),
                 _pay(f"B{k}", f"{day} 09:25:00", T2, T3, str(amount - 200_000)),
                 _pay(f"C{k}", f"{day} 09:40:00", T3, CASH, str(amount - 300_000))]
    return rows


def _family_rows():
    # relatives passing money on within the half hour, twice in a row: speed, and nothing else
    rows = []
    for k in range(3):
        day = f"{k + 10:02d}/03/2024"
        rows += [_pay(f"S{k}", f"{day} 08:00:00", SON, PARENT, "5000000", "gui tien ve nha"),
                 _pay(f"Q{k}", f"{day} 08:30:00", PARENT, SIBLING, "4800000", "gui em"),
                 _pay(f"R{k}", f"{day} 09:00:00", SIBLING, GRANDMA, "4500000", "bieu ba")]
    # a forwarder whose receiver keeps the money: relays, but no chain
    rows += [_pay("K0", "15/03/2024 08:00:00", SON, KEEPER_FAMILY, "3000000", "gui tien"),
             _pay("K1", "15/03/2024 09:00:00", KEEPER_FAMILY, KEEPER, "2900000", "tra no")]
    return rows


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    d = tmp_path_factory.mktemp("layering")
    # one reported case: the store is not "transfers only", so the transfer-structure score stays off
    # and what flags the chain is the mule score's own signals
    reports = write_csv(d / "don_to_giac.csv", REPORT_HEADER, [
        ["C9", "20/03/2024", "Phạm Văn Dũng", VICTIM, "VCB", SUSPECT, "MB", "10.000.000"]])
    # ... whose money goes to the same cash-out account as the unreported chain's
    # ... a victim who borrowed the money half an hour before paying it
    victim_pays = [_pay("L9", "19/03/2024 09:30:00", LENDER, VICTIM, "10000000", "cho vay"),
                   _pay("V9", "19/03/2024 10:00:00", VICTIM, SUSPECT, "10000000", "dau tu"),
                   _pay("V9b", "19/03/2024 10:20:00", SUSPECT, CASH, "9900000")]
    tx = write_csv(d / "sao_ke.csv", TXN_HEADER, _chain_rows() + _family_rows() + victim_pays)
    db = d / "g.db"
    with SQLiteStore(db) as st:
        load_files(st, [reports, tx])
    with SQLiteStore(db, readonly=True) as st:
        yield score_accounts(GraphView.from_store(st)), db


def _row(sc, value):
    return int(sc.row[sc.view.index_of("account", value)])


def test_relayed_on_is_the_receiver_passing_the_money_on_in_the_window_after():
    src, dst = np.array([0, 1, 2, 1]), np.array([1, 2, 3, 4])
    t = np.array([0.0, 600.0, 1200.0, 50_000.0])
    amount = np.array([100.0, 95.0, 90.0, 10.0])
    assert relayed_on(src, dst, t, amount, window=3600).tolist() == [True, True, False, False]
    # a hop of the chain: relayed by its sender and relayed on by its receiver
    hop = relayed(src, dst, t, amount, 5, window=3600) & relayed_on(src, dst, t, amount, window=3600)
    assert hop.tolist() == [False, True, False, False]


def test_an_unreported_chain_is_layering_and_a_family_that_keeps_the_money_is_not(scores):
    sc, _ = scores
    lay = sc.strength["layering"]
    # T1 relays each payment into T2, which passes it on within minutes: both are inside the chain
    assert lay[_row(sc, T1)] == 1.0 and lay[_row(sc, T2)] == 1.0
    assert sc.stats["layering_hops"][_row(sc, T1)] == len(PAYERS)
    # the payers paid once from their own money, and CASH keeps what arrives
    assert all(lay[_row(sc, p)] == 0.0 for p in PAYERS) and lay[_row(sc, CASH)] == 0.0
    # a forwarder whose receiver keeps the money relays, but is in no chain
    assert sc.strength["relay"][_row(sc, KEEPER_FAMILY)] < 0.05 and lay[_row(sc, KEEPER_FAMILY)] == 0.0


def test_relatives_passing_money_on_twice_within_hours_are_not_flagged_by_speed_alone(scores):
    sc, _ = scores
    parent, sibling = _row(sc, PARENT), _row(sc, SIBLING)
    assert sc.strength["layering"][parent] == 1.0 and sc.strength["pass_through"][parent] > 0.9
    # the chain's own speed does not make the next relative suspicious to the one before (were layering
    # part of the suspicion others see, the parent's relays into the sibling would count in full)
    assert sc.strength["relay"][parent] < 0.5
    assert sc.score[parent] < DEFAULT_THRESHOLD and sc.score[sibling] < DEFAULT_THRESHOLD
    # layering counts less than a signal of its own: it needs the account to relay, as ``relay`` does
    assert SIGNALS["layering"][0] < SIGNALS["relay"][0]


def test_the_unreported_chain_is_flagged_and_its_reason_cites_the_hops(scores):
    sc, db = scores
    # T1, T2 and T3 pass the payers' money on within minutes, again and again, into the account where a
    # reported victim's money ends: flagged, though no report names them (without layering T1 scores 0.41)
    assert "structure" not in sc.extra
    assert all(sc.score[_row(sc, m)] >= DEFAULT_THRESHOLD for m in (T1, T2, T3))
    assert sc.score[_row(sc, T1)] > max(sc.score[_row(sc, PARENT)], sc.score[_row(sc, SIBLING)])
    with SQLiteStore(db, readonly=True) as st:
        rows = mules(st, include_all=True, threshold=0.0)
    t1 = next(r for r in rows if r["value"] == T1)
    reason = next(x for x in t1["reasons"] if x["signal"] == "layering")
    assert reason["params"] == {"hops": len(PAYERS), "share": 1.0}
    assert reason["evidence"]["counts"]["hops"] == len(PAYERS)
    cited = reason["evidence"]["transfers"]
    assert cited and all(c["file"] == "sao_ke.csv" and c["row"] >= 2 for c in cited)
    assert "chain of fast hops" in reason["text"]
    assert "chuỗi chuyển tiền nhanh" in localize(reason, "vi")["text"]


def test_a_victims_loss_payment_of_borrowed_money_is_not_the_victims_layering(scores):
    """The victim paid the scammer money a relative had lent it half an hour before, and the scammer's
    account passed it on at once: a hop, but the victim's payment is the scam, not its layering."""
    sc, _ = scores
    assert sc.extra["layer_tx"][sc.extra["Ts"] == _row(sc, VICTIM)].any()
    assert sc.strength["layering"][_row(sc, VICTIM)] == 0.0
    # for the account that passed the victim's money on, it is a hop in
    assert sc.strength["layering"][_row(sc, SUSPECT)] == 1.0
