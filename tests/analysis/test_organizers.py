"""organizers: the identifiers controlling each organisation cluster, on real demo data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphfraud.analysis.communities import communities
from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.organizers import organizers
from graphfraud.errors import UsageError
from tests.analysis._stores import demo_store, open_ro

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module", params=SEEDS)
def ranked(request, tmp_path_factory):
    db, truth = demo_store(tmp_path_factory, request.param)
    with open_ro(db) as st:
        return request.param, organizers(st), truth


def test_top_3k_holds_the_cash_out_accounts(ranked):
    seed, result, truth = ranked
    k = truth["n_orgs"]
    top = {o["value"] for o in result[:3 * k] if o["type"] == "account"}
    cash_out = set(truth["cashout"])
    coverage = len(top & cash_out) / len(cash_out)
    assert coverage >= 0.9, (seed, coverage, sorted(cash_out - top))


def test_candidates_are_planted_organisers(ranked):
    seed, result, truth = ranked
    k = truth["n_orgs"]
    planted = {(x["type"], x["value"]) for o in truth["organisations"] for x in o["organizers"]}
    planted |= {("phone", p) for o in truth["organisations"] for p in o["scam_phones"]}
    planted |= {("ip", p) for o in truth["organisations"] for p in o["ips"]}
    hits = sum((o["type"], o["value"]) in planted for o in result[:3 * k])
    assert hits / (3 * k) >= 0.9, seed
    mules = set(truth["mules"])
    assert not [o for o in result if o["type"] == "account" and o["value"] in mules]


def test_shape_order_and_evidence(ranked):
    _seed, result, _truth = ranked
    assert result
    for o in result:
        assert set(o) == {"type", "value", "score", "community", "reasons"}
        assert 0 < o["score"] <= 1 and isinstance(o["community"], int) and o["reasons"]
        for r in o["reasons"]:
            assert r["signal"] in {"cash_out", "drives_mules", "scam_phone", "scam_handle"} and r["text"]
    assert [(-o["score"], o["community"], o["type"], o["value"]) for o in result] == sorted(
        (-o["score"], o["community"], o["type"], o["value"]) for o in result)
    per_cluster = {}
    for o in result:
        per_cluster[o["community"]] = per_cluster.get(o["community"], 0) + 1
    assert max(per_cluster.values()) <= 5
    cash = [o for o in result if o["reasons"][0]["signal"] == "cash_out"]
    assert cash
    for o in cash:
        rows = o["reasons"][0]["evidence"]["transfers"]
        assert rows and all(t["file"] and isinstance(t["row"], int) for t in rows)


def test_reuses_given_communities_and_is_deterministic(tmp_path_factory):
    db, _ = demo_store(tmp_path_factory, 1)
    with open_ro(db) as st:
        gv = GraphView.from_store(st)
        cl = communities(st, view=gv, seed=42)
        a = organizers(st, view=gv, communities=cl, top=3)
        b = organizers(st, top=3)
        assert json.dumps(a) == json.dumps(b)
        ids = {c["id"] for c in cl}
        assert {o["community"] for o in a} <= ids
        with pytest.raises(UsageError):
            organizers(st, top=0)


def test_cli_json_shape(tmp_path_factory):
    from cli import cli

    db, _truth = demo_store(tmp_path_factory, 2)
    r = CliRunner().invoke(cli, ["--store", str(db), "organizers", "--top", "3", "--format", "json"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data and all(set(o) == {"type", "value", "score", "community", "reasons"} for o in data)
    t = CliRunner().invoke(cli, ["--store", str(db), "organizers"], catch_exceptions=False)
    assert t.exit_code == 0 and "cash" in t.stdout


def test_a_shop_a_mule_paid_once_is_no_organiser(tmp_path):
    """A rented mule's own life pays a shop that the export shows nothing else of: paid by a mule only
    and keeping the money, as a cash-out point is, but only a sliver of what the mules pass on. The
    cash-out account that gathers the mules' money ranks first; the shop is not listed."""
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore
    from tests.conftest import write_csv

    mules, cash_out, shop, abroad = ("1010101010", "2020202020"), "3030303030", "4040404040", "8880001112"
    reports, transfers = [], []
    for k in range(6):
        victim, mule = f"55500000{k:02d}", mules[k % 2]
        reports.append([f"VV-{k}", f"0{k + 2}/03/2024", f"Nguyễn Văn {k}", victim, mule, "50.000.000"])
        transfers.append([f"0{k + 2}/03/2024 10:00", victim, mule, "", "50.000.000"])
        transfers.append([f"0{k + 2}/03/2024 10:07", mule, cash_out, "", "49.500.000"])
        transfers.append([f"0{k + 2}/03/2024 10:30", cash_out, abroad, "ACLEDA Bank Cambodia", "49.000.000"])
    transfers.append(["05/03/2024 15:00", mules[0], shop, "", "50.000"])
    r = write_csv(tmp_path / "don.csv", ["Mã vụ việc", "Ngày trình báo", "Họ tên nạn nhân", "STK nạn nhân",
                                         "STK đối tượng", "Số tiền bị lừa"], reports)
    t = write_csv(tmp_path / "gd.csv", ["Thời gian", "Tài khoản chuyển", "Tài khoản nhận", "Ngân hàng nhận",
                                        "Số tiền"], transfers)
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [r, t])
        result = organizers(st)
    accounts = [o["value"] for o in result if o["type"] == "account"]
    assert accounts[0] == cash_out and shop not in accounts


def test_a_flagged_account_paying_the_victims_money_to_a_p2p_seller_is_a_cash_out_point(tmp_path):
    """An export with no description and no bank: the organisers' account passes the victims' money on
    fast, so the mule score flags it, but it pays that money to a P2P crypto seller that many ordinary
    people pay too: the money leaves the chain there. It is listed as a cash-out point, first; the
    mules that fed it are not (the seller, where the traced money stays, may be, after it)."""
    from graphfraud.analysis.mules import mules
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore
    from tests.conftest import write_csv

    m1, m2, cash_out, seller = "1010101010", "2020202020", "3030303030", "4040404040"
    reports, tx = [], []
    for k in range(6):
        victim, mule, day = f"55500000{k:02d}", (m1, m2)[k % 2], f"{k + 2:02d}/03/2024"
        reports.append([f"VV-{k}", day, f"Nguyễn Văn {k}", victim, mule, "50.000.000"])
        tx += [[f"{day} 10:00", victim, mule, "50.000.000"], [f"{day} 10:07", mule, cash_out, "49.500.000"],
               [f"{day} 10:40", cash_out, seller, "49.000.000"]]
    for k in range(10):   # the seller's other customers, on other days
        tx.append([f"{k + 10:02d}/03/2024 15:00", f"77700000{k:02d}", seller, "3.000.000"])
    r = write_csv(tmp_path / "don.csv", ["Mã vụ việc", "Ngày trình báo", "Họ tên nạn nhân", "STK nạn nhân",
                                         "STK đối tượng", "Số tiền bị lừa"], reports)
    t = write_csv(tmp_path / "gd.csv", ["Thời gian", "Tài khoản chuyển", "Tài khoản nhận", "Số tiền"], tx)
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [r, t])
        flagged = {m["value"] for m in mules(st)}
        result = organizers(st)
    assert cash_out in flagged
    accounts = [o for o in result if o["type"] == "account"]
    assert accounts[0]["value"] == cash_out and accounts[0]["reasons"][0]["key"] == "org.cash_out.economy"
    assert not {m1, m2} & {o["value"] for o in accounts}
