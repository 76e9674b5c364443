"""organizers: a flagged account where the victims' money leaves the chain in an export with no
descriptions and no banks: paid into the wider economy, or into an account only it pays and that keeps
it; and what does not count as either."""

from __future__ import annotations

import pytest

from graphfraud.analysis.mules import mules
from graphfraud.analysis.organizers import organizers
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

REPORT_HEADERS = ["Mã vụ việc", "Ngày trình báo", "Họ tên nạn nhân", "STK nạn nhân", "STK đối tượng",
                  "Số tiền bị lừa"]
TRANSFER_HEADERS = ["Thời gian", "Tài khoản chuyển", "Tài khoản nhận", "Số tiền"]


def _chain(org: int, day0: int, onward: str) -> tuple[list, list, tuple[str, str], str]:
    """Three reported victims of organisation ``org`` pay two mules, who pass the money to the
    organisation's cash-out account, which pays it to ``onward``."""
    mules_, cash_out = (f"1{org}10101010", f"1{org}20202020"), f"1{org}30303030"
    reports, tx = [], []
    for k in range(4):
        victim, mule, day = f"5{org}500000{k:02d}", mules_[k % 2], f"{day0 + k:02d}/03/2024"
        reports.append([f"VV-{org}-{k}", day, f"Nguyễn Văn {org}{k}", victim, mule, "50.000.000"])
        tx += [[f"{day} 10:00", victim, mule, "50.000.000"], [f"{day} 10:07", mule, cash_out, "49.500.000"],
               [f"{day} 10:40", cash_out, onward, "49.000.000"]]
    return reports, tx, mules_, cash_out


def _load(tmp_path, reports, tx):
    r = write_csv(tmp_path / "don.csv", REPORT_HEADERS, reports)
    t = write_csv(tmp_path / "gd.csv", TRANSFER_HEADERS, tx)
    st = SQLiteStore(tmp_path / "g.db")
    load_files(st, [r, t])
    return st


@pytest.mark.parametrize(("orgs", "customers"), [(3, 5), (5, 3)])
def test_cash_outs_of_several_organisations_buying_from_one_p2p_seller(tmp_path, orgs, customers):
    """A P2P crypto seller of a busy market is paid by the cash-out accounts of several organisations
    as well as by ordinary customers: three (or five) of its eight payers are flagged, yet it is the
    wider economy, and each cash-out account is listed as a cash-out point, not its mules."""
    seller = "4040404040"
    reports, tx, cash_outs, fed = [], [], [], set()
    for org in range(1, orgs + 1):
        r, t, mules_, cash_out = _chain(org, 2 + (30 // orgs) * (org - 1), seller)
        reports += r
        tx += t
        cash_outs.append(cash_out)
        fed |= set(mules_)
    for k in range(customers):   # the seller's other customers, on other days
        tx.append([f"{k + 2:02d}/04/2024 15:00", f"77700000{k:02d}", seller, "3.000.000"])
    with _load(tmp_path, reports, tx) as st:
        flagged = {m["value"] for m in mules(st)}
        accounts = {o["value"]: o for o in organizers(st) if o["type"] == "account"}
    assert set(cash_outs) <= flagged
    for cash_out in cash_outs:
        assert accounts[cash_out]["reasons"][0]["key"] == "org.cash_out.economy"
    assert not fed & set(accounts)


def test_a_mule_with_a_life_of_its_own_is_not_the_wider_economy(tmp_path):
    """The account the cash-out pays is a rented mule: four friends pay it too (its own life), but it
    passes the money on at once, as the other mules do. It is part of the chain, not the economy the
    money leaves into: the cash-out account is not a cash-out point through it."""
    rented, sink = "6060606060", "9090909090"
    reports, tx, _mules, _cash_out = _chain(1, 2, rented)
    for k in range(4):
        day = f"{2 + k:02d}/03/2024"
        tx.append([f"{day} 11:05", rented, sink, "48.500.000"])
    for k in range(4):   # friends and family, on other days
        tx.append([f"{k + 20:02d}/03/2024 18:00", f"88800000{k:02d}", rented, "2.000.000"])
    with _load(tmp_path, reports, tx) as st:
        accounts = {o["value"]: o for o in organizers(st) if o["type"] == "account"}
    assert not any(r["key"] == "org.cash_out.economy" for o in accounts.values() for r in o["reasons"])


def test_a_cash_out_paying_its_own_account_abroad_without_a_bank_column(tmp_path):
    """No bank column: the cash-out account's transfers to its organisation's account abroad look like
    any other. That account is paid by the cash-out account only and sends nothing on; the cash-out
    account chose where the money ends and is listed as a cash-out point beside it, its mules are not."""
    abroad = "8880001112"
    reports, tx, mules_, cash_out = _chain(1, 2, abroad)
    with _load(tmp_path, reports, tx) as st:
        flagged = {m["value"] for m in mules(st)}
        accounts = {o["value"]: o for o in organizers(st) if o["type"] == "account"}
    assert cash_out in flagged and abroad in accounts
    assert accounts[cash_out]["reasons"][0]["key"] == "org.cash_out.own_sink"
    assert "only it pays" in accounts[cash_out]["reasons"][0]["text"]
    assert not set(mules_) & set(accounts)


def test_a_mule_paying_a_sliver_to_an_account_only_it_pays_is_not_a_cash_out_point(tmp_path):
    """A mule of a chain pays its landlord (an account only it pays, that sends nothing on) from its own
    life: a sliver of the victims' money, not the place where the chain's money ends."""
    seller, landlord = "4040404040", "7070707070"
    reports, tx, mules_, _cash_out = _chain(1, 2, seller)
    for k in range(5):   # the seller's other customers
        tx.append([f"{k + 20:02d}/03/2024 15:00", f"77700000{k:02d}", seller, "3.000.000"])
    tx.append(["03/03/2024 12:00", mules_[0], landlord, "2.000.000"])
    with _load(tmp_path, reports, tx) as st:
        accounts = {o["value"]: o for o in organizers(st) if o["type"] == "account"}
    assert mules_[0] not in accounts
    assert not any(r["key"] == "org.cash_out.own_sink" for o in accounts.values() for r in o["reasons"])


def test_the_money_a_p2p_seller_pays_on_is_not_where_the_chain_ends(tmp_path):
    """The cash-out account buys USDT from a P2P seller, which has customers of its own and pays its
    supplier the next day. The trace follows amounts and times and carries the victims' money on to
    the supplier; but past the seller (the wider economy) it is everybody's money: the supplier is no
    organiser, the cash-out account is."""
    seller, supplier = "4040404040", "3030303030"
    reports, tx, mules_, cash_out = _chain(1, 2, seller)
    tx.append(["06/03/2024 09:30", seller, supplier, "180.000.000"])
    for k in range(6):   # the seller's other customers
        tx.append([f"{k + 1:02d}/03/2024 15:00", f"77700000{k:02d}", seller, "30.000.000"])
    with _load(tmp_path, reports, tx) as st:
        accounts = {o["value"]: o for o in organizers(st) if o["type"] == "account"}
    assert cash_out in accounts and supplier not in accounts
    assert not set(mules_) & set(accounts)


def test_the_economy_is_judged_by_its_own_final_score():
    """A P2P seller that the victims' money went through looks like a mule before its score sees the
    money leave the chain there (its suspicion), and not after (its score): it is the wider economy. An
    account whose final score says it passes the money on is not, however many ordinary payers it has."""
    from types import SimpleNamespace

    import numpy as np

    from graphfraud.analysis.organizers import _economy, _payers

    # account 0 is paid by accounts 1-7; account 1 is a flagged cash-out account, 2-7 ordinary customers
    s = np.arange(1, 8)
    d = np.zeros(7, dtype=np.int64)
    suspicion = np.array([0.6, 0.9, 0, 0, 0, 0, 0, 0])
    victim = np.zeros(8, dtype=bool)
    for own_score, economy in ((0.1, True), (0.9, False)):
        sc = SimpleNamespace(accounts=np.arange(8), suspicion=suspicion, extra={"victim": victim},
                             score=np.array([own_score, 0.9, 0, 0, 0, 0, 0, 0]))
        assert bool(_economy(sc, _payers(s, d, 8))[0]) is economy


def test_the_mule_score_counts_money_paid_into_the_wider_economy_as_leaving_the_chain(tmp_path):
    """With no descriptions and no banks, the cash-out accounts' USDT purchases from a P2P seller are
    transfers like any other; the seller is the wider economy, so the money leaves the chain there: the
    cash-out accounts' ``cash_out`` signal says so and scores them below their mules, with the reason."""
    seller = "4040404040"
    reports, tx, cash_outs, fed = [], [], [], set()
    for org in (1, 2, 3):
        r, t, mules_, cash_out = _chain(org, 2 + 10 * (org - 1), seller)
        reports += r
        tx += t
        cash_outs.append(cash_out)
        fed |= set(mules_)
    for k in range(5):   # the seller's other customers
        tx.append([f"{k + 2:02d}/04/2024 15:00", f"77700000{k:02d}", seller, "3.000.000"])
    with _load(tmp_path, reports, tx) as st:
        rows = {m["value"]: m for m in mules(st, include_all=True)}
    for cash_out in cash_outs:
        keys = [r["key"] for r in rows[cash_out]["reasons"]]
        assert "mule.cash_out.economy" in keys
        assert rows[cash_out]["score"] < min(rows[m]["score"] for m in fed)
    assert not any(r["key"].startswith("mule.cash_out") for m in fed for r in rows[m]["reasons"])
