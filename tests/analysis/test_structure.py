"""structure: laundering shapes from transfers alone, on small stores loaded from real CSV files."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np
import pytest

from tests.conftest import write_csv

HEAD = ["Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"]
T0 = datetime(2024, 3, 1, 8, 0, 0)


def _acct(k: int) -> str:
    return f"{1000000000 + k}"


def _row(at: datetime, a: str, b: str, amount: int) -> list:
    return [at.strftime("%Y-%m-%d %H:%M:%S"), a, b, str(amount)]


N_BG = 400


def _background(rng: random.Random, n: int = N_BG, per: int = 3) -> list[list]:
    """Ordinary accounts paying random others over 30 days (each knows few of the others)."""
    rows = []
    for k in range(n):
        for _ in range(per):
            other = rng.randrange(n)
            if other == k:
                continue
            at = T0 + timedelta(minutes=rng.randrange(30 * 24 * 60))
            rows.append(_row(at, _acct(k), _acct(other), rng.randrange(100, 5000) * 1000))
    return rows


PLANTED = {
    "group": [_acct(500 + i) for i in range(4)],          # four accounts all paying each other
    "cycle": [_acct(510 + i) for i in range(3)],          # money going round 510 → 511 → 512 → 510
    "gather": _acct(520),                                 # 4 senders in, 4 receivers out within 2 hours
    "split": (_acct(530), _acct(531)),                    # 530 → 3 intermediaries → 531
    "merchant": _acct(600),                               # 60 strangers pay it; weekly settlement
    "payroll": _acct(700),                                # one funding, pay day fan-out 16 h later
}


def _planted(rng: random.Random) -> list[list]:
    rows = []
    g = PLANTED["group"]
    for i, a in enumerate(g):
        for j, b in enumerate(g):
            if i < j:
                rows.append(_row(T0 + timedelta(days=i + j, hours=i), a, b, 7_000_000))
    c = PLANTED["cycle"]
    for i in range(3):
        rows.append(_row(T0 + timedelta(days=3, hours=2 * i), c[i], c[(i + 1) % 3], 9_000_000 - i * 10_000))
    h = PLANTED["gather"]
    for i in range(4):
        rows.append(_row(T0 + timedelta(days=10, minutes=10 * i), _acct(i), h, 5_000_000))
        rows.append(_row(T0 + timedelta(days=10, minutes=60 + 10 * i), h, _acct(140 - i), 4_950_000))
    a, b = PLANTED["split"]
    for i in range(3):
        mid = _acct(540 + i)
        rows.append(_row(T0 + timedelta(days=12, minutes=5 * i), a, mid, 3_000_000))
        rows.append(_row(T0 + timedelta(days=12, hours=2, minutes=5 * i), mid, b, 2_990_000))
    m = PLANTED["merchant"]
    for i in range(60):
        rows.append(_row(T0 + timedelta(hours=11 * i), _acct(800 + i), m, rng.randrange(50, 500) * 1000))
    for week in range(4):
        rows.append(_row(T0 + timedelta(days=7 * week + 6, hours=23), m, _acct(900), 20_000_000))
    p = PLANTED["payroll"]
    for month in range(2):
        pay = T0 + timedelta(days=14 * month)
        rows.append(_row(pay, _acct(950), p, 40_000_000))
        for e in range(20):
            rows.append(_row(pay + timedelta(hours=16, seconds=e), p, _acct(960 + e), 1_990_000))
    return rows


def _load(tmp_path, name: str, rows: list[list]):
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.analysis.structure import structure_scores
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    folder = tmp_path / name
    folder.mkdir()
    with SQLiteStore(folder / "g.db") as st:
        load_files(st, [write_csv(folder / "sao_ke.csv", HEAD, rows)])
        gv = GraphView.from_store(st)
    sc = structure_scores(gv)
    rowof = {gv.values[i]: r for r, i in enumerate(sc.accounts.tolist())}
    return gv, sc, rowof


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    rng = random.Random(7)
    rows = _background(rng) + _planted(rng)
    return _load(tmp_path_factory.mktemp("structure"), "main", rows)


def _s(scored, signal: str, acct: str) -> float:
    _, sc, rowof = scored
    return float(sc.strength[signal][rowof[acct]])


def test_closed_group_fires_on_accounts_that_all_pay_each_other(scored):
    for a in PLANTED["group"]:
        assert _s(scored, "closed_group", a) >= 0.5, a
    assert _s(scored, "closed_group", PLANTED["merchant"]) == 0.0
    assert _s(scored, "closed_group", PLANTED["payroll"]) == 0.0


def test_cycle_fires_where_money_comes_back(scored):
    _, sc, rowof = scored
    for a in PLANTED["cycle"]:
        assert _s(scored, "cycle", a) >= 0.4, a
        assert sc.stats["cycle_shortest"][rowof[a]] == 3
    assert _s(scored, "cycle", PLANTED["merchant"]) == 0.0
    assert _s(scored, "cycle", PLANTED["payroll"]) == 0.0


def test_gather_scatter_and_pass_through_fire_on_the_collector(scored):
    _, sc, rowof = scored
    h = PLANTED["gather"]
    assert _s(scored, "fan_in_out", h) >= 0.9
    assert _s(scored, "pass_through", h) >= 0.9
    assert sc.stats["fan_in"][rowof[h]] == 4 and sc.stats["fan_out"][rowof[h]] == 4
    for look_alike in (PLANTED["merchant"], PLANTED["payroll"]):
        assert _s(scored, "fan_in_out", look_alike) == 0.0, look_alike


def test_scatter_gather_fires_on_both_ends(scored):
    _, sc, rowof = scored
    a, b = PLANTED["split"]
    for x in (a, b):
        assert _s(scored, "fan_out_in", x) >= 0.5, x
        assert sc.stats["split_merge_intermediaries"][rowof[x]] == 3
    assert _s(scored, "fan_out_in", PLANTED["payroll"]) == 0.0


def test_planted_shapes_rank_first_and_look_alikes_are_not_flagged(scored):
    gv, sc, rowof = scored
    flagged = {gv.values[i] for i in sc.accounts[sc.flagged].tolist()}
    planted = PLANTED["group"] + PLANTED["cycle"] + [PLANTED["gather"], *PLANTED["split"]]
    look_alikes = (PLANTED["merchant"], PLANTED["payroll"], _acct(900), _acct(950))
    assert flagged & set(planted)
    background = {_acct(k) for k in range(N_BG)}
    assert len(flagged - set(planted) - background) == 0
    assert len(flagged & background) <= 5          # chance triangles among 400 random accounts
    for a in look_alikes:
        assert a not in flagged
    background = [_acct(k) for k in range(N_BG) if not (k < 4 or 137 <= k <= 140)]   # not in a shape
    bar = max(float(np.quantile(sc.score[[rowof[a] for a in background]], 0.95)),
              max(float(sc.score[rowof[a]]) for a in look_alikes))
    for a in planted:
        assert sc.score[rowof[a]] > bar, (a, sc.score[rowof[a]], bar)


def test_threshold_is_reachable_on_a_store_of_transfers_only(scored):
    _, sc, _ = scored
    assert 0.0 < sc.threshold <= float(sc.score.max())
    assert sc.flagged.any()
    assert ((sc.score >= 0) & (sc.score <= 1)).all()
    for v in sc.strength.values():
        assert ((v >= 0) & (v <= 1)).all()


def test_reasons_speak_english_and_vietnamese(scored):
    _, sc, rowof = scored
    r = rowof[PLANTED["gather"]]
    en, vi = sc.reasons(r, "en"), sc.reasons(r, "vi")
    assert en and len(en) == len(vi)
    assert any("gathers money" in x for x in en)
    assert any("gom tiền" in x for x in vi)


def test_same_rows_in_another_order_give_the_same_scores(tmp_path, scored):
    rng = random.Random(7)
    rows = _background(rng) + _planted(rng)
    random.Random(99).shuffle(rows)
    _, sc2, rowof2 = _load(tmp_path, "shuffled", rows)
    _, sc, rowof = scored
    assert set(rowof) == set(rowof2)
    order = [rowof2[v] for v in sorted(rowof, key=rowof.get)]
    assert np.array_equal(sc.score, sc2.score[order])
    assert sc.threshold == sc2.threshold


def test_time_unit_and_window_follow_the_data(tmp_path):
    """Whole-day steps (as a simulator's step numbers are read) give a one-day unit."""
    rng = random.Random(3)
    rows = []
    for k in range(60):
        for _ in range(4):
            rows.append([str(rng.randrange(1, 60)), _acct(k), _acct(rng.randrange(60)), "1000"])
    from graphfraud.analysis import structure_time as stime

    gv, sc, _ = _load(tmp_path, "steps", [r for r in rows if r[1] != r[2]])
    T = gv.edges_of_type("transfer")
    assert stime.time_unit(gv.ts[T]) == 86400.0
    assert sc.info["time_unit_s"] == 86400.0
    assert sc.info["window_units"] >= 1.0


def _split_rows(rng: random.Random, repeat_share: float) -> list[list]:
    """Background where ``repeat_share`` of the accounts pay one counterparty twice on the same morning
    (rent in two parts, a family's top-ups), and one account 980 paid by 981 in four parts at once."""
    rows = _background(rng)
    for k in range(int(N_BG * repeat_share)):
        at = T0 + timedelta(days=rng.randrange(28), hours=8)
        other = _acct((k + 7) % N_BG)
        rows += [_row(at, _acct(k), other, 2_000_000), _row(at + timedelta(minutes=30), _acct(k), other, 1_500_000)]
    at = T0 + timedelta(days=15, hours=9)
    rows += [_row(at + timedelta(minutes=4 * i), _acct(981), _acct(980), 9_000_000 + 1000 * i) for i in range(4)]
    return rows


def test_split_fires_on_a_payment_in_parts_where_account_pairs_rarely_repeat(tmp_path):
    _, sc, rowof = _load(tmp_path, "rare", _split_rows(random.Random(5), 0.0))
    both = [float(sc.strength["split"][rowof[_acct(k)]]) for k in (980, 981)]
    assert min(both) > 0.3
    others = np.delete(sc.strength["split"], [rowof[_acct(980)], rowof[_acct(981)]])
    assert float(others.max()) == 0.0
    assert any("split" in x for x in sc.reasons(rowof[_acct(980)], "en"))
    assert any("chia nhỏ" in x for x in sc.reasons(rowof[_acct(980)], "vi"))


def test_split_counts_for_little_where_the_stores_own_pairs_often_repeat(tmp_path):
    _, rare, rare_row = _load(tmp_path, "rare", _split_rows(random.Random(5), 0.0))
    _, sc, rowof = _load(tmp_path, "common", _split_rows(random.Random(5), 0.5))
    here = float(sc.strength["split"][rowof[_acct(980)]])
    assert here < 0.5 * float(rare.strength["split"][rare_row[_acct(980)]])
    assert float(sc.strength["split"].max()) < 0.2   # below what a reason names
    assert not any("split" in x for x in sc.reasons(rowof[_acct(980)], "en"))


@pytest.mark.parametrize(("logged_in", "alone"), [(0, True), (40, True), (300, False)])
def test_structure_speaks_when_most_accounts_are_known_by_their_transfers_alone(tmp_path, logged_in, alone):
    """One bank's log-ins beside everybody's transfers leave most accounts known by their transfers
    alone: the transfer-structure score still flags the planted shapes. Log-ins of most accounts
    let the other signals speak instead."""
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.analysis.mules import mules, transfers_only
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    rng = random.Random(7)
    rows = _background(rng) + _planted(rng)
    logins = [[_acct(k), "VCB", f"dev-{k}", f"14.160.{k // 250}.{k % 250 + 1}", "01/03/2024 08:00:00"]
              for k in range(logged_in)]
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [write_csv(tmp_path / "sao_ke.csv", HEAD, rows)])
        if logins:
            load_files(st, [write_csv(tmp_path / "dang_nhap.csv", ["account", "bank", "device_id", "ip", "timestamp"],
                                      logins)], kind="logins")
        gv = GraphView.from_store(st)
        assert transfers_only(gv) is alone
        flagged = {m["value"] for m in mules(st, explain=False, view=gv)}
    planted = set(PLANTED["group"] + PLANTED["cycle"] + [PLANTED["gather"], *PLANTED["split"]])
    if alone:
        assert flagged & planted
