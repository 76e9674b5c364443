"""link_cases: reported cases grouped into campaigns, on demo data and on small hand-made files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphfraud.analysis.linking import link_cases, pairwise_scores
from tests.analysis._stores import demo_store, open_ro
from tests.conftest import write_csv

REPORT_HEADER = ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
                 "suspect_phone", "suspect_account", "suspect_bank", "amount_lost", "scam_type"]
TXN_HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
              "description"]
MERCHANT, SETTLE = "5555500000", "5555500001"
A5, A6, Z, EXIT = "7777700005", "7777700006", "8888800000", "412345678901234"


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory):
    """Six reports:

    * C1 and C2 are unrelated: each victim's only loss went to the same busy merchant (30 other
      customers pay it too; it sweeps its takings to a settlement account every night);
    * C3 and C4 name the same scam phone, spelled differently;
    * C5 and C6 name different mule accounts, which both forward to the same account Z within minutes.
    """
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("link_hand")
    reports = [
        ["C1", "05/03/2024", "Nguyễn Văn An", "0912000001", "1111100001", "VCB", "0912 000 101", "", "",
         "2.000.000", "giả danh ngân hàng"],
        ["C2", "06/03/2024", "Trần Thị Bình", "0912000002", "1111100002", "ACB", "0912 000 102", "", "",
         "3.000.000", "việc làm online"],
        ["C3", "07/03/2024", "Lê Văn Cường", "0912000003", "1111100003", "TCB", "+84 988 777 666", "", "",
         "15.000.000", "giả danh công an"],
        ["C4", "09/03/2024", "Phạm Thị Dung", "0912000004", "1111100004", "MB", "0988.777.666", "", "",
         "20.000.000", "giả danh công an"],
        ["C5", "05/03/2024", "Hoàng Văn Em", "0912000005", "1111100005", "BIDV", "", A5, "VCB",
         "10.000.000", "đầu tư tiền ảo"],
        ["C6", "06/03/2024", "Vũ Thị Phương", "0912000006", "1111100006", "VPBank", "", A6, "TCB",
         "8.000.000", "đầu tư tiền ảo"],
    ]
    rp = write_csv(d / "don_to_giac.csv", REPORT_HEADER, reports)
    txns = [
        ["M1", "03/03/2024 10:00:00", "1111100001", "VCB", MERCHANT, "ACB", "2.000.000", "thanh toan"],
        ["M2", "04/03/2024 11:00:00", "1111100002", "ACB", MERCHANT, "ACB", "3.000.000", "thanh toan"],
    ]
    for i in range(30):
        day = 1 + i % 5
        txns.append([f"K{i}", f"0{day}/03/2024 {8 + i % 10:02d}:15:00", f"22222{i:05d}", "VCB", MERCHANT,
                     "ACB", f"{(i + 1) * 150_000}", "thanh toan mua hang"])
    by_day: dict[int, int] = {}
    for t in txns:
        by_day[int(t[1][:2])] = by_day.get(int(t[1][:2]), 0) + int(t[6].replace(".", ""))
    for day, total in sorted(by_day.items()):
        txns.append([f"S{day}", f"0{day}/03/2024 23:50:00", MERCHANT, "ACB", SETTLE, "VCB", str(total),
                     "KET CHUYEN DOANH THU"])
    txns += [
        ["F1", "03/03/2024 09:00:00", "1111100005", "BIDV", A5, "VCB", "10.000.000", "nap tien dau tu"],
        ["F2", "03/03/2024 09:10:00", A5, "VCB", Z, "MB", "9.900.000", "CK"],
        ["F3", "03/03/2024 14:00:00", "1111100006", "VPBank", A6, "TCB", "8.000.000", "nap USDT"],
        ["F4", "03/03/2024 14:05:00", A6, "TCB", Z, "MB", "7.900.000", "CK"],
        ["F5", "03/03/2024 16:00:00", Z, "MB", EXIT, "ACLEDA", "17.800.000", "mua USDT"],
    ]
    tp = write_csv(d / "sao_ke.csv", TXN_HEADER, txns)
    db = d / "graphfraud.db"
    with SQLiteStore(db) as st:
        load_files(st, [rp], kind="reports")
        load_files(st, [tp], kind="transactions")
    return db


def test_hand_made_campaigns(hand_store):
    with open_ro(hand_store) as st:
        groups = link_cases(st)
        singles = link_cases(st, min_size=1)
    assert [g["cases"] for g in groups] == [["C3", "C4"], ["C5", "C6"]]
    assert sorted(g["cases"] for g in singles) == [["C1"], ["C2"], ["C3", "C4"], ["C5", "C6"]]
    by = {tuple(g["cases"]): g for g in groups}
    g34 = by[("C3", "C4")]
    assert g34["total_loss"] == "35000000"
    assert g34["date_range"] == ["2024-03-07", "2024-03-09"]
    assert {v["case"] for v in g34["victims"]} == {"C3", "C4"}
    ev = g34["evidence"][0]
    assert ev["kind"] == "shared_identifier" and ev["via"] == [{"type": "phone", "value": "+84988777666"}]
    assert ev["cases"] == ["C3", "C4"] and 0 < ev["weight"] <= 1
    assert [h["edge"] for h in ev["chain"]] == ["mention", "mention"]
    assert all(h["file"] == "don_to_giac.csv" and h["row"] in (4, 5) for h in ev["chain"])
    g56 = by[("C5", "C6")]
    kinds = {(e["kind"], e["via"][0]["value"]) for e in g56["evidence"]}
    assert ("money_flow", Z) in kinds
    money = next(e for e in g56["evidence"] if e["kind"] == "money_flow" and e["via"][0]["value"] == Z)
    edges = [(h["edge"], h["from"]["value"], h["to"]["value"]) for h in money["chain"]]
    assert edges == [("mention", "C5", "1111100005"), ("transfer", "1111100005", A5), ("transfer", A5, Z),
                     ("transfer", A6, Z), ("transfer", "1111100006", A6), ("mention", "C6", "1111100006")]
    assert all(h["file"] and h["row"] for h in money["chain"])


def test_busy_merchant_links_nothing(hand_store):
    with open_ro(hand_store) as st:
        _groups, scores = link_cases(st, min_size=1, with_scores=True)
    # the merchant is reached by both victims' money, but 30 other customers pay it: almost no weight
    assert scores.get(("C1", "C2"), 0.0) < 0.1
    for (a, b), s in scores.items():
        if s >= 0.5:
            assert (a, b) in (("C3", "C4"), ("C5", "C6"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_campaigns_pairwise_f1(tmp_path_factory, seed):
    db, gt = demo_store(tmp_path_factory, seed)
    with open_ro(db) as st:
        groups = link_cases(st, min_size=1)
        hubs = set(gt["hubs"]) | set(gt["merchants"])
    score = pairwise_scores([g["cases"] for g in groups], gt["campaigns"])
    assert score["f1"] >= 0.95, score
    # no evidence runs through a hub or a merchant
    for g in groups:
        for e in g["evidence"]:
            assert e["via"][0]["value"] not in hubs
            assert e["chain"] and all("file" in h and "row" in h for h in e["chain"])


def test_pairwise_scores():
    s = pairwise_scores([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert (s["true_pairs"], s["predicted_pairs"], s["correct_pairs"]) == (2, 3, 1)
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == 0.5


def test_cli_link_cases_json(hand_store):
    from cli import cli

    res = CliRunner().invoke(cli, ["--store", str(hand_store), "link-cases", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [g["cases"] for g in data] == [["C3", "C4"], ["C5", "C6"]]
    for g in data:
        assert set(g) >= {"group", "cases", "victims", "total_loss", "date_range", "evidence"}
        for e in g["evidence"]:
            assert set(e) >= {"cases", "via", "kind", "weight", "chain"}
            assert e["kind"] in ("shared_identifier", "money_flow", "device_reuse")
    res = CliRunner().invoke(cli, ["--store", str(hand_store), "link-cases"])
    assert res.exit_code == 0 and "campaign" in res.output
