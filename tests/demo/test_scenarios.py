"""Randomised demo scenarios: deterministic draws, and every knob visible in the files and
the ground truth. The classic demo (no scenario) is unchanged."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import Counter
from dataclasses import replace

import pytest

from graphfraud.demo import _vocab as V
from graphfraud.demo import generate
from graphfraud.demo.generator import FILE_NAMES, GROUND_TRUTH_NAME
from graphfraud.demo.scenario import CASHOUT_KINDS, Scenario, as_scenario
from graphfraud.demo.scenario_files import NO_ID_NAME
from tests.demo._demo_read import digits, parse_amount, read_table, records

# content digests of the classic demo (seed 7), taken before scenarios existed
CLASSIC_SEED7 = {
    "bank_statement_tcb_mb.xlsx": "53d34d6503fd4bd7c87fc6a4c76b575b",
    "cuoc_goi_cdr.csv": "211db7261337cf60ede365a32fc68dc1",
    "dang_nhap_ebanking.json": "e5d2fa9f1be50b547ca1cb02c03a6dcf",
    "don_to_giac.csv": "aebdfa0350cbe1fdb5eb7c3c6c4a43aa",
    "ground_truth.json": "48e6a8d31d04f0ee4ee50e18d9ad5304",
    "mang_xa_hoi.csv": "d213f1e9186918aa3ecf1ac7f822ca02",
    "sao_ke_giao_dich.csv": "406d2faf4b14c86b3baa42ea6476a65f",
    "thong_tin_tai_khoan_kyc.xlsx": "cd41807d5d23347e5db7e8e7fea41efe",
}
BASE = Scenario(seed=0, n_orgs=4, tiers=2, report_rate=1.0, rented_share=0.3)


def _digest(path) -> str:
    """sha256 of a file; of an XLSX, of its members (independent of the zip library)."""
    h = hashlib.sha256()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                h.update(name.encode())
                h.update(z.read(name))
    else:
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def _gen(tmp_path, sc: Scenario, seed: int = 11, name: str = "case"):
    m = generate(tmp_path / name, seed=seed, scenario=sc)
    return m, json.loads(m.ground_truth.read_text(encoding="utf-8"))


def _transfers(m) -> list[dict]:
    """Every row of the exports that carry transaction ids: id, src, dst, amount, raw row."""
    out = []
    for path in m.files["transactions"]:
        if path.name == NO_ID_NAME:
            continue
        amount_col = 6 if path.suffix == ".csv" else 7
        _, rows = read_table(path)
        for r in rows:
            out.append({"id": r[0], "src": digits(r[2]), "dst": digits(r[4]),
                        "amount": parse_amount(r[amount_col]), "desc": r[-2], "row": tuple(map(str, r))})
    return out


# --------------------------------------------------------------------------- the draw


def test_draw_is_deterministic_per_seed_and_varies_across_seeds():
    assert Scenario.draw(5) == Scenario.draw(5) == as_scenario(5)
    draws = [Scenario.draw(s) for s in range(1, 41)]
    for knob in ("n_orgs", "tiers", "report_rate", "rented_share", "vn_handler_share", "repeat_victims",
                 "sister_pairs", "duplicate_rate", "no_id_export", "transfer_only", "full_amount_share"):
        assert len({getattr(d, knob) for d in draws}) > 1, knob
    assert {d.tiers for d in draws} == {2, 3, 4}
    assert any(d.report_rate < 0.35 for d in draws) and any(d.report_rate >= 0.35 for d in draws)
    for d in draws:
        assert set(d.cashout_mix) == set(CASHOUT_KINDS) and abs(sum(d.cashout_mix.values()) - 1) < 0.01
        assert 0.2 <= d.report_rate <= 1.0
    assert len({json.dumps(d.lookalikes, sort_keys=True) for d in draws}) == len(draws)


def test_same_scenario_same_bytes(tmp_path):
    sc = Scenario.draw(3)
    a, _ = _gen(tmp_path, sc, 3, "a")
    b, _ = _gen(tmp_path, sc, 3, "b")
    names = sorted(p.name for p in a.out_dir.iterdir())
    assert names == sorted(p.name for p in b.out_dir.iterdir())
    for n in names:
        assert (a.out_dir / n).read_bytes() == (b.out_dir / n).read_bytes(), n


def test_classic_demo_is_unchanged(demo_case):
    got = {p.name: _digest(p) for p in demo_case.out_dir.iterdir() if p.is_file()}
    assert got == CLASSIC_SEED7
    gt = json.loads(demo_case.ground_truth.read_text(encoding="utf-8"))
    assert "scenario" not in gt


# --------------------------------------------------------------------------- knobs


def test_deep_tiers_never_receive_from_a_victim(tmp_path):
    m, gt = _gen(tmp_path, replace(BASE, tiers=4))
    assert set(gt["mules_by_tier"]) == {"1", "2", "3", "4"}
    assert set(gt["mules"]) == {a for tier in gt["mules_by_tier"].values() for a in tier}
    txns = _transfers(m)
    victims = {v["account"] for v in gt["victims"]}
    senders: dict[str, set] = {}
    for x in txns:
        senders.setdefault(x["dst"], set()).add(x["src"])
    tier_of = {a: int(t) for t, accts in gt["mules_by_tier"].items() for a in accts}
    for acct, tier in tier_of.items():
        got = senders.get(acct, set())
        if tier >= 2:
            assert not got & victims, acct
            assert any(tier_of.get(s) == tier - 1 for s in got), acct   # fed by the tier above
    assert all(len(o["tiers"]) == 4 for o in gt["organisations"])


@pytest.mark.parametrize("kind", CASHOUT_KINDS)
def test_cashout_endpoints_of_each_kind(tmp_path, kind):
    mix = {k: float(k == kind) for k in CASHOUT_KINDS}
    m, gt = _gen(tmp_path, replace(BASE, cashout_mix=mix))
    ends = gt["cashout_endpoints"]
    assert ends and {e["kind"] for e in ends} == {kind}
    txns = _transfers(m)
    sent = Counter(x["src"] for x in txns if x["src"] in set(gt["cashout"]))
    if kind == "stays":
        assert not sent and {e["account"] for e in ends} <= set(gt["cashout"])
    elif kind == "atm":
        wd = [x for x in txns if x["src"] in set(gt["cashout"])]
        assert wd and all(x["dst"] == "" for x in wd)
        assert any("ATM" in x["desc"] for x in wd)
    else:
        exits = {e["account"] for e in ends}
        assert exits.isdisjoint(gt["cashout"])
        assert {x["dst"] for x in txns if x["src"] in set(gt["cashout"])} <= exits
    for v in gt["victims"]:
        assert v["endpoints_reached"], v["account"]


def test_partial_reporting_names_one_paid_account(tmp_path):
    m, gt = _gen(tmp_path, replace(BASE, report_rate=0.35, full_amount_share=0.0, n_orgs=5))
    filed = [v for v in gt["victims"] if v["report_filed"]]
    assert 0.25 <= len(filed) / len(gt["victims"]) <= 0.45
    assert gt["reported_share"] == pytest.approx(len(filed) / len(gt["victims"]))
    reports = records(m.files["reports"][0])
    assert len(reports) == len({v["case_id"] for v in filed})
    by_case = {r["Mã vụ việc"]: r for r in reports}
    partial = 0
    for v in filed:
        rep = v["reported"]
        if rep["suspect_account"]:
            assert rep["suspect_account"] in v["paid_accounts"]
            assert digits(by_case[v["case_id"]]["STK đối tượng"]) == rep["suspect_account"]
        assert parse_amount(by_case[v["case_id"]]["Số tiền thiệt hại"]) == rep["amount"]
        assert rep["amount"] == rep["paid_to_named_account"]
        partial += rep["amount"] < v["amount_lost"]
    assert partial >= 1          # some reports give less than the whole loss
    for v in gt["victims"]:
        assert v["report_filed"] == (v["case_id"] is not None)


def test_repeat_victims_two_reports_or_one_bridge_case(tmp_path):
    seen = set()
    for seed in range(11, 19):
        m, gt = _gen(tmp_path, replace(BASE, repeat_victims=2, report_rate=0.3), seed, f"s{seed}")
        for r in gt["repeat_victims"]:
            seen.add(r["kind"])
            assert len(r["orgs"]) == 2 and r["orgs"][0] != r["orgs"][1]
            inst = [v for v in gt["victims"] if v["account"] == r["account"]]
            assert sorted(v["org"] for v in inst) == sorted(r["orgs"])
            camp = {o["id"]: set(o["cases"]) for o in gt["organisations"]}
            if r["kind"] == "one_case":
                (case,) = r["cases"]
                assert case in gt["bridges"]
                assert all(case in camp[o] for o in r["orgs"])
                assert sum(case in c for c in gt["campaigns"]) == 2
            else:
                assert len(r["cases"]) == 2
                assert [c for c in r["cases"] if c in gt["bridges"]] == []
        if seen == {"one_case", "two_reports"}:
            break
    assert seen == {"one_case", "two_reports"}


def test_sister_groups_share_devices_or_a_cashout_account(tmp_path):
    kinds = set()
    for seed in range(11, 19):
        m, gt = _gen(tmp_path, replace(BASE, sister_pairs=2), seed, f"s{seed}")
        orgs = {o["id"]: o for o in gt["organisations"]}
        logins = records(m.files["logins"][0])
        for g in gt["sister_groups"]:
            kinds.add(g["shared"])
            a, b = (orgs[i] for i in g["orgs"])
            key = "devices" if g["shared"] == "devices" else "cashout_accounts"
            for val in g["values"]:
                assert val in a[key] and val in b[key]
            if g["shared"] == "devices":   # the shared devices log into both organisations' accounts
                for o in (a, b):
                    accts = set(o["mule_accounts"]) | set(o["cashout_accounts"])
                    devs = {str(r["device_id"]).lower() for r in logins
                            if digits(r["account_number"]) in accts}
                    assert devs & set(g["values"]), (o["id"], g)
        if kinds == {"devices", "cashout"}:
            break
    assert kinds == {"devices", "cashout"}


def test_duplicate_rows_and_an_export_without_ids(tmp_path):
    m, gt = _gen(tmp_path, replace(BASE, duplicate_rate=0.03, no_id_export=True))
    dup = gt["duplicates"]
    assert dup["same_txn_id"]
    rows_by_id: dict[str, list] = {}
    for x in _transfers(m):
        rows_by_id.setdefault(x["id"], []).append(x)
    for tid in dup["same_txn_id"]:
        rows = rows_by_id[tid]
        assert len(rows) == 2 and rows[0]["row"] != rows[1]["row"], tid      # twice, formatted differently
        assert rows[0]["amount"] == rows[1]["amount"] and rows[0]["src"] == rows[1]["src"]
    assert all(len(v) == 1 for k, v in rows_by_id.items() if k not in set(dup["same_txn_id"]))
    no_id = dup["no_id_export"]
    path = m.out_dir / NO_ID_NAME
    assert path in m.files["transactions"]
    header, rows = read_table(path)
    assert not any("giao dịch" in h.lower() and "mã" in h.lower() for h in header)
    assert len(rows) == len(no_id["txn_ids"]) + len(no_id["twice"]) == m.rows[NO_ID_NAME]
    pairs = Counter((digits(r[1]), digits(r[3]), parse_amount(r[5])) for r in rows)
    by_id = {x["id"]: x for x in _transfers(m)}
    for tid in no_id["twice"]:
        x = by_id[tid]
        assert pairs[(x["src"], x["dst"], x["amount"])] >= 2


def test_transfer_only_folder_has_only_bank_exports(tmp_path):
    m, gt = _gen(tmp_path, replace(BASE, transfer_only=True))
    names = {p.name for p in m.out_dir.iterdir()}
    assert names == set(FILE_NAMES["transactions"]) | {GROUND_TRUTH_NAME}
    assert set(m.files) == {"transactions"}
    assert gt["transfer_only"] is True and gt["reported_share"] == 0
    assert all(c == [] for c in gt["campaigns"])
    assert gt["mules"] and gt["cashout_endpoints"]


def test_rented_mules_are_old_verified_accounts_used_from_home(tmp_path):
    m, gt = _gen(tmp_path, replace(BASE, rented_share=1.0, vn_handler_share=1.0))
    kyc = {digits(r["Số tài khoản"]): r for r in records(m.files["accounts"][0])}
    for a in gt["mules"]:
        assert kyc[a]["Sinh trắc học"] in ("Có", "Đã xác thực", "Y"), a
    assert all(o["handlers"] == "VN" for o in gt["organisations"])
    mules = set(gt["mules"])
    countries = {r["country_code"] for r in records(m.files["logins"][0])
                 if digits(r["account_number"]) in mules}
    assert countries <= {"VN", None}
    vn_nets = set(V.IP_NETS["VN"])
    assert all(ip.rsplit(".", 1)[0] in vn_nets for o in gt["organisations"] for ip in o["ips"])


def test_lookalike_parameters_follow_the_scenario(tmp_path):
    looks = {"merchants": 5, "merchant_customers": (30, 40), "payroll": 3, "staff": (12, 20), "workers": 7,
             "forward_seconds": (600, 1200), "hubs": 2, "hub_victim_share": 0.5}
    m, gt = _gen(tmp_path, replace(BASE, lookalikes=looks))
    assert len(gt["merchants"]) == 5 and len(gt["payroll"]) == 3 and len(gt["hubs"]) == 2
    assert len(gt["legit_foreign_login_accounts"]) == 7
    assert gt["scenario"]["lookalikes"]["merchant_customers"] == [30, 40]
    txns = _transfers(m)
    for merch in gt["merchants"]:
        assert 30 <= len({x["src"] for x in txns if x["dst"] == merch}) <= 40


def test_scenario_folder_loads_with_only_the_planted_rejects(tmp_path):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    m, gt = _gen(tmp_path, replace(BASE, cashout_mix={"foreign": 0.0, "crypto_p2p": 0.0, "atm": 1.0,
                                                      "stays": 0.0}, no_id_export=True, duplicate_rate=0.02))
    with SQLiteStore(tmp_path / "g.db") as store:
        rep = load_files(store, m.all_files())
        rejects = store.rejects()
        assert rep.total_rejects == len(rejects)
        assert len(rejects) == len(gt["expected_rejects"])
        # a cash withdrawal (ATM or counter: a sender, no beneficiary) is a withdrawal edge citing its rows
        withdrawals = set()
        for p in m.files["transactions"]:
            header, rows = read_table(p)
            src, dst = [header.index(h) for h in (("Debit Account", "Credit Account") if "Debit Account" in header
                                                 else ("Tài khoản ghi nợ", "Tài khoản ghi có"))]
            withdrawals |= {(p.name, i + 2) for i, r in enumerate(rows) if r[src] not in ("", None)
                            and r[dst] in ("", None)}
        _, edges = store.graph_frames(edge_types=["withdrawal"])
        ids = [str(i) for i in edges["id"]]
        cited = {(x["file"], x["row"]) for got in store.provenance(ids).values() for x in got}
        assert withdrawals and cited == withdrawals
        assert (edges["src"] == edges["dst"]).all()
        assert store.stats()["nodes"]["case"] == len({v["case_id"] for v in gt["victims"] if v["case_id"]})


@pytest.mark.parametrize("seed", [103, 5])
def test_every_organisation_identifier_occurs_in_the_files(tmp_path, seed):
    m, gt = _gen(tmp_path, replace(Scenario.draw(seed), transfer_only=False), seed)
    texts = []
    for p in m.all_files():
        if p.suffix == ".xlsx":
            texts += [" ".join("" if c is None else str(c) for c in r) for r in read_table(p)[1]]
        else:
            texts.append(p.read_text(encoding="utf-8-sig"))
    text = "\n".join(texts).lower()
    for org in gt["organisations"]:
        for v in org["devices"] + org["ips"] + org["mule_accounts"] + org["cashout_accounts"]:
            assert v.lower() in text, (org["id"], v)
    for e in gt["cashout_endpoints"]:
        assert e["account"] in text
