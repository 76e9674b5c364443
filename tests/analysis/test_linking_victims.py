"""link_cases on hand-made case folders where a report gives the victim's phone and not the
victim's account: the account is found through that phone (a bank's customer registry, or the
victim's other report); a victim who filed two reports, one of them with the phone only, keeps
each loss to its own report, and a call before one report's loss is not the other's."""

from __future__ import annotations

from graphfraud.analysis.linking import link_cases
from tests.analysis._stores import open_ro
from tests.analysis.test_linking_sisters import _load, _pay

MA, MB = "7100000001", "7200000001"       # the accounts two groups' victims pay
TA, TB = "7100000005", "7200000005"       # each group's next tier


def _report(cid, day, phone, acct, mule, amount):
    return [cid, f"{day:02d}/03/2024", f"Nạn nhân {cid}", phone, acct, "VCB" if acct else "", "", mule,
            "MB" if mule else "", amount, "đầu tư"]


def _paid(tid, day, acct, mule, tier, amount):
    return [_pay(tid + "a", f"{day:02d}/03/2024 10:00:00", acct, mule, str(amount), "nap tien"),
            _pay(tid + "b", f"{day:02d}/03/2024 10:10:00", mule, tier, str(amount - 100_000))]


def _phone_only_victim(tmp_path, kyc):
    """A1 names MA; A2 gives only its victim's phone and amount; both victims paid MA."""
    reports = [_report("A1", 4, "0912000003", "1100000001", MA, "10.000.000"),
               _report("A2", 6, "0912000005", "", "", "11.000.000")]
    txns = _paid("A1", 3, "1100000001", MA, TA, 10_000_000) + _paid("A2", 5, "1100000002", MA, TA, 11_000_000)
    return _load(tmp_path, reports, txns, kyc=kyc)


def test_the_victim_account_registered_with_the_reported_phone_is_traced(tmp_path):
    db = _phone_only_victim(tmp_path, [["1100000002", "VCB", "NGUYEN VAN B", "0912 000 005"]])
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert scores[("A1", "A2")] >= 0.5
    assert [g["cases"] for g in groups] == [["A1", "A2"]]
    chain = groups[0]["evidence"][0]["chain"]
    # from A1 to the mule and back to A2: A2's payment, the registry row tying the account to the
    # phone A2's report gives, that report's row
    assert [(h["edge"], h["file"], h["row"]) for h in chain] == [
        ("mention", "don_to_giac.csv", 2), ("transfer", "sao_ke.csv", 2), ("transfer", "sao_ke.csv", 4),
        ("registered", "kyc.csv", 2), ("mention", "don_to_giac.csv", 3)]
    assert chain[-2]["to"] == {"type": "account", "value": "1100000002"}


def test_without_the_registry_a_phone_only_report_reaches_no_money(tmp_path):
    db = _phone_only_victim(tmp_path, [])
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert scores.get(("A1", "A2"), 0.0) < 0.5 and groups == []


def test_a_phone_shared_by_many_accounts_is_not_one_victims(tmp_path):
    kyc = [[f"11000000{i:02d}", "VCB", f"KHACH {i}", "0912000005"] for i in range(2, 7)]
    db = _phone_only_victim(tmp_path, kyc)
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert scores.get(("A1", "A2"), 0.0) < 0.5 and groups == []


def _two_reports_one_victim(tmp_path, first_names_account: bool):
    """R paid group A (day 5) then group B (day 12). R0 (day 7) names MA and gives the victim's phone
    only; R (day 14) names MB and the victim's account, and states more than it paid MB, so that the
    payment to MA would be taken as part of its loss were R0 not the same victim's report."""
    reports = [_report("A1", 4, "0912000003", "1100000001", MA, "10.000.000"),
               _report("A2", 5, "0912000004", "1100000002", MA, "11.000.000"),
               _report("B1", 11, "0912000011", "1200000001", MB, "12.000.000"),
               _report("B2", 12, "0912000012", "1200000002", MB, "13.000.000"),
               _report("R0", 7, "0912 000 099", "1300000001" if first_names_account else "", MA, "20.000.000"),
               _report("R", 14, "84912000099", "1300000001", MB, "60.000.000")]
    txns = (_paid("A1", 3, "1100000001", MA, TA, 10_000_000) + _paid("A2", 4, "1100000002", MA, TA, 11_000_000)
            + _paid("B1", 10, "1200000001", MB, TB, 12_000_000) + _paid("B2", 11, "1200000002", MB, TB, 13_000_000)
            + _paid("RA", 5, "1300000001", MA, TA, 20_000_000) + _paid("RB", 12, "1300000001", MB, TB, 30_000_000))
    # group B's phone talked with the victim two days before the payment to MB; R names it
    calls = [["0977000001", "0912000099", "10/03/2024 09:00:00", "300", "Gọi đi"],
             ["0977000001", "0912000011", "10/03/2024 08:00:00", "300", "Gọi đi"]]
    reports[-1][6] = "0977000001"
    return _load(tmp_path, reports, txns, calls=calls)


def test_a_victim_with_two_reports_one_giving_the_phone_only_keeps_each_loss_to_its_report(tmp_path):
    db = _two_reports_one_victim(tmp_path, first_names_account=False)
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert [g["cases"] for g in groups] == [["A1", "A2", "R0"], ["B1", "B2", "R"]]
    assert scores.get(("A1", "R"), 0.0) < 0.5
    # the call that came before the payment to group B is R's, not R0's: R0 is not linked to group B
    assert scores.get(("B1", "R0"), 0.0) < 0.5 and scores.get(("R", "R0"), 0.0) < 0.5


def test_the_same_two_reports_giving_the_account_both_times(tmp_path):
    db = _two_reports_one_victim(tmp_path, first_names_account=True)
    with open_ro(db) as st:
        groups, _scores = link_cases(st, with_scores=True)
    assert [g["cases"] for g in groups] == [["A1", "A2", "R0"], ["B1", "B2", "R"]]
