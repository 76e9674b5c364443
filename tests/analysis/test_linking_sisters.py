"""link_cases on hand-made case folders: campaigns that share only downstream infrastructure (a
cash-out account, a device) stay apart and are listed as related; cases of one campaign whose money
meets only deep in the chain, or whose only tie is the scam phone that called them, are linked."""

from __future__ import annotations

import pytest

from graphfraud.analysis.linking import link_cases
from tests.analysis._stores import open_ro
from tests.conftest import write_csv

REPORT_HEADER = ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
                 "suspect_phone", "suspect_account", "suspect_bank", "amount_lost", "scam_type"]
TXN_HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
              "description"]
LOGIN_HEADER = ["account", "bank", "device_id", "ip", "timestamp"]
CALL_HEADER = ["Số gọi", "Số bị gọi", "Thời gian gọi", "Thời lượng (giây)", "Loại cuộc gọi"]
KYC_HEADER = ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "SĐT"]
# group A: victims pay MA1 / MA2, who pass the money to TA; group B likewise through TB; TA and TB
# both pay the laundering service's cash-out account X, which buys USDT abroad
MA1, MA2, TA = "7100000001", "7100000002", "7100000005"
MB1, MB2, TB = "7200000001", "7200000002", "7200000005"
X, EXIT, DEVICE = "7900000009", "412345678901234", "d3v1c3f4rm000001"


def _pay(tid, when, src, dst, amount, desc="chuyen tien"):
    return [tid, when, src, "VCB", dst, "MB", amount, desc]


def _group(prefix, mules, tier2, day, scam, victims) -> tuple[list, list]:
    """Three reports of one group: two victims pay the first mule, one the second; all via tier2 to X."""
    reports, txns = [], []
    for i, (acct, mule) in enumerate(zip(victims, (mules[0], mules[0], mules[1])), start=1):
        d = day + i
        amount = 10_000_000 + i * 1_000_000
        reports.append([f"{prefix}{i}", f"{d + 2:02d}/03/2024", f"Nạn nhân {prefix}{i}", f"09120000{d:02d}",
                         acct, "VCB", "", mule, "MB", f"{amount:,}".replace(",", "."), scam])
        txns += [_pay(f"{prefix}{i}a", f"{d:02d}/03/2024 09:00:00", acct, mule, str(amount), "nap tien"),
                 _pay(f"{prefix}{i}b", f"{d:02d}/03/2024 09:10:00", mule, tier2, str(amount - 100_000)),
                 _pay(f"{prefix}{i}c", f"{d:02d}/03/2024 09:30:00", tier2, X, str(amount - 200_000)),
                 _pay(f"{prefix}{i}d", f"{d:02d}/03/2024 11:00:00", X, EXIT, str(amount - 300_000), "mua USDT")]
    return reports, txns


def _load(folder, reports, txns, logins=(), calls=(), kyc=()):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    db = folder / "graphfraud.db"
    with SQLiteStore(db) as store:
        load_files(store, [write_csv(folder / "don_to_giac.csv", REPORT_HEADER, reports)], kind="reports")
        load_files(store, [write_csv(folder / "sao_ke.csv", TXN_HEADER, txns)], kind="transactions")
        if logins:
            load_files(store, [write_csv(folder / "dang_nhap.csv", LOGIN_HEADER, logins)], kind="logins")
        if calls:
            load_files(store, [write_csv(folder / "cuoc_goi.csv", CALL_HEADER, calls)], kind="calls")
        if kyc:
            load_files(store, [write_csv(folder / "kyc.csv", KYC_HEADER, kyc)], kind="accounts")
    return db


@pytest.fixture(scope="module")
def sisters_store(tmp_path_factory):
    ra, ta = _group("SA", (MA1, MA2), TA, 1, "đầu tư", ["1100000001", "1100000002", "1100000003"])
    rb, tb = _group("SB", (MB1, MB2), TB, 10, "việc làm online", ["1200000001", "1200000002", "1200000003"])
    # the device farm: the cash-out account and one mule of each group on the same phone
    logins = [[X, "MB", DEVICE, "113.161.10.20", "05/03/2024 08:00:00"],
              [MA2, "MB", DEVICE, "113.161.10.21", "04/03/2024 08:00:00"],
              [MB2, "MB", DEVICE, "113.161.10.22", "13/03/2024 08:00:00"]]
    return _load(tmp_path_factory.mktemp("link_sisters"), ra + rb, ta + tb, logins)


def test_shared_cashout_and_device_do_not_merge_two_campaigns(sisters_store):
    with open_ro(sisters_store) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert [g["cases"] for g in groups] == [["SA1", "SA2", "SA3"], ["SB1", "SB2", "SB3"]]
    assert max(s for (a, b), s in scores.items() if a[:2] != b[:2]) < 0.5
    assert all(g["bridges"] == [] for g in groups)
    for g, other in zip(groups, (2, 1)):
        vias = {(r["kind"], r["via"][0]["value"]) for r in g["related"]}
        assert {r["group"] for r in g["related"]} == {other}
        assert vias == {("money_flow", X), ("device_reuse", DEVICE)}
        for r in g["related"]:
            assert r["cases"][0] in g["cases"] and r["cases"][1] in groups[other - 1]["cases"]
            assert r["chain"] and all(h["file"] and h["row"] for h in r["chain"])
        money = next(r for r in g["related"] if r["kind"] == "money_flow")
        hops = [(h["from"]["value"], h["to"]["value"]) for h in money["chain"] if h["edge"] == "transfer"]
        assert (TA, X) in hops and (TB, X) in hops


@pytest.mark.parametrize("tied", [False, True])
def test_money_meeting_deep_links_when_the_mules_pass_money_among_themselves(tmp_path, tied):
    # one report each: SA1's money goes MA1 -> TA -> X, SB1's MB1 -> TB -> X. Alone, the meeting at X
    # is shared infrastructure; when MA1 also paid TB (another victim's money), the mules are one
    # network and the meeting at X links the two cases
    ra, ta = _group("SA", (MA1, MA2), TA, 1, "đầu tư", ["1100000001"])
    rb, tb = _group("SB", (MB1, MB2), TB, 10, "đầu tư", ["1200000001"])
    tie = [_pay("U1a", "20/03/2024 10:00:00", "1500000001", MA1, "30000000", "nap tien"),
           _pay("U1b", "20/03/2024 10:05:00", MA1, TB, "29900000")] if tied else []
    db = _load(tmp_path, ra + rb, ta + tb + tie)
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    if not tied:
        assert scores[("SA1", "SB1")] < 0.5 and groups == []
        return
    assert scores[("SA1", "SB1")] >= 0.5
    (g,) = groups
    assert g["cases"] == ["SA1", "SB1"] and g["related"] == []
    (ev,) = g["evidence"]
    assert ev["kind"] == "money_flow" and ev["via"] == [{"type": "account", "value": X}]


@pytest.mark.parametrize("date_only", [False, True])
def test_the_scam_phone_named_in_one_report_called_the_other_victim(tmp_path, date_only):
    # C2 names neither the phone nor an account of C1's; the phone C1 names called C2's victim half an
    # hour before the payment. A phone that called C2's victim long before or after says nothing.
    # date_only: the bank's export gives the payments' dates only (read as 00:00, before the calls of
    # that morning); the calls of that day still count, those of other days still do not
    reports = [
        ["C1", "05/03/2024", "Nguyễn Văn An", "0912000001", "1100000001", "VCB", "0988 777 666", MA1, "MB",
         "10.000.000", "giả danh công an"],
        ["C2", "08/03/2024", "Trần Thị Bình", "0912000002", "1100000002", "ACB", "", MB1, "MB",
         "12.000.000", "giả danh công an"],
    ]
    txns = [_pay("P1", "03/03/2024 10:00:00", "1100000001", MA1, "10000000", "chuyen tien xac minh"),
            _pay("P2", "06/03/2024 15:00:00", "1100000002", MB1, "12000000", "chuyen tien xac minh")]
    if date_only:
        for t in txns:
            t[1] = t[1].split()[0]
    calls = [["0988777666", "0912000001", "03/03/2024 09:20:00", "900", "Thoại"],
             ["0988777666", "0912000002", "06/03/2024 14:30:00", "1200", "Thoại"],
             ["0977000111", "0912000001", "01/03/2024 12:00:00", "60", "Thoại"],
             ["0977000111", "0912000002", "07/03/2024 12:00:00", "60", "Thoại"]]
    db = _load(tmp_path, reports, txns, calls=calls)
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert scores[("C1", "C2")] >= 0.5
    (g,) = groups
    assert g["cases"] == ["C1", "C2"]
    (ev,) = [e for e in g["evidence"] if e["kind"] == "shared_caller"]
    assert ev["via"] == [{"type": "phone", "value": "+84988777666"}]
    assert [h["edge"] for h in ev["chain"]] == ["mention", "call", "mention"]
    call = ev["chain"][1]
    assert call["file"] == "cuoc_goi.csv" and call["row"] == 3
    assert not any(e["via"][0]["value"] == "+84977000111" for e in g["evidence"])


def test_report_lists_the_related_campaigns(sisters_store, tmp_path):
    import json

    from graphfraud import api
    from graphfraud.config import load_config

    cfg = load_config({"store": str(sisters_store)}, env={})
    api.report(cfg, tmp_path / "r.json", fmt="json", lang="en")
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [sorted((r["campaign"], r["via"][0]["value"]) for r in c["related"]) for c in rep["campaigns"]] == [
        [(2, X), (2, DEVICE)], [(1, X), (1, DEVICE)]]
    api.report(cfg, tmp_path / "r.md", fmt="md", lang="vi")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.count("Dùng chung hạ tầng với") == 2 and f"Chiến dịch 2 (account {X})" in text
