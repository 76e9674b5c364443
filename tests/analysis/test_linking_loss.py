"""link_cases on hand-made case folders: a victim's payment that the report does not describe but
that went to an account other reports know is part of the loss (a recovery scam reported once);
a call of a few seconds is no caller evidence; a payment of a rented account's holder is no tie
between two groups' mules; the holder's history before the scam does not hide a shared account."""

from __future__ import annotations

from tests.analysis._stores import open_ro
from tests.analysis.test_linking_sisters import _load, _pay

MA, MB = "7100000001", "7200000001"       # the accounts two groups' victims pay
TA, TB = "7100000005", "7200000005"       # each group's next tier


def _reports(r_named: str, r_amount: str) -> list:
    """A1, A2 paid group A; B1, B2 group B; R paid A, then B, and filed one report naming ``r_named``."""
    row = ["", "", "", "", "", "VCB", "", "", "MB", "", "đầu tư"]
    out = []
    for cid, day, acct, mule, amount in (("A1", 3, "1100000001", MA, "10.000.000"),
                                         ("A2", 4, "1100000002", MA, "11.000.000"),
                                         ("B1", 12, "1200000001", MB, "12.000.000"),
                                         ("B2", 13, "1200000002", MB, "13.000.000"),
                                         ("R", 16, "1300000001", r_named, r_amount)):
        r = list(row)
        r[0], r[1], r[2], r[3], r[4], r[7], r[9] = (cid, f"{day:02d}/03/2024", f"Nạn nhân {cid}",
                                                    f"09120000{day:02d}", acct, mule, amount)
        out.append(r)
    return out


def _txns() -> list:
    out = []
    for tid, day, acct, mule, tier, amount in (("A1", 2, "1100000001", MA, TA, 10_000_000),
                                               ("A2", 3, "1100000002", MA, TA, 11_000_000),
                                               ("B1", 11, "1200000001", MB, TB, 12_000_000),
                                               ("B2", 12, "1200000002", MB, TB, 13_000_000),
                                               ("RA", 5, "1300000001", MA, TA, 20_000_000),
                                               ("RB", 14, "1300000001", MB, TB, 30_000_000)):
        out += [_pay(tid + "a", f"{day:02d}/03/2024 10:00:00", acct, mule, str(amount), "nap tien"),
                _pay(tid + "b", f"{day:02d}/03/2024 10:10:00", mule, tier, str(amount - 100_000))]
    return out


def test_payment_to_an_account_other_reports_know_is_part_of_the_loss(tmp_path):
    # R names only group B's account and the amount paid to it; its earlier payment to MA, the account
    # A1 and A2 paid, is part of its loss too: R is linked to both groups and listed in both
    db = _load(tmp_path, _reports(MB, "30.000.000"), _txns())
    with open_ro(db) as st:
        from graphfraud.analysis.linking import link_cases

        groups, scores = link_cases(st, with_scores=True)
    assert scores[("A1", "R")] >= 0.5 and scores[("B1", "R")] >= 0.5
    assert [g["cases"] for g in groups] == [["A1", "A2", "R"], ["B1", "B2", "R"]]
    assert all(g["bridges"] == ["R"] for g in groups)


def test_a_victim_with_two_reports_keeps_each_loss_to_its_own_report(tmp_path):
    # the same victim filed two reports, R (naming MB) and R0 (naming MA): R's payment to MA is R0's
    # loss, not R's, so R stays with group B and R0 with group A
    reports = _reports(MB, "30.000.000")
    r0 = list(reports[-1])
    r0[0], r0[1], r0[7], r0[9] = "R0", "07/03/2024", MA, "20.000.000"
    db = _load(tmp_path, reports + [r0], _txns())
    with open_ro(db) as st:
        from graphfraud.analysis.linking import link_cases

        groups, scores = link_cases(st, with_scores=True)
    assert [g["cases"] for g in groups] == [["A1", "A2", "R0"], ["B1", "B2", "R"]]
    assert scores.get(("A1", "R"), 0.0) < 0.5


def _second_victim(reports: list, txns: list, r_amount: str, day_b: int) -> tuple[list, list]:
    """A second victim S like R: pays group A on day 5, group B on ``day_b``, names MB in one report."""
    s = list(reports[-1])
    s[0], s[2], s[3], s[4], s[9] = "S", "Nạn nhân S", "0912000099", "1300000002", r_amount
    for t, day, mule, tier, amount in (("a", 5, MA, TA, 20_000_000), ("b", day_b, MB, TB, 30_000_000)):
        txns = txns + [_pay(f"S{t}1", f"{day:02d}/03/2024 11:00:00", "1300000002", mule, str(amount), "nap tien"),
                       _pay(f"S{t}2", f"{day:02d}/03/2024 11:10:00", mule, tier, str(amount - 100_000))]
    return reports + [s], txns


def test_two_victims_of_both_groups_who_report_only_the_second_do_not_merge_them(tmp_path):
    # R and S each paid group A on day 5 and group B on day 14, and each filed one report naming
    # B's account and the amount paid to it: the reports describe B's scam in full. The payments to
    # A nine days before are another scam: R and S are listed beside group A (bridges), and the two
    # groups stay apart; before, the two victims were two independent links that merged them
    reports, txns = _second_victim(_reports(MB, "30.000.000"), _txns(), "30.000.000", 14)
    db = _load(tmp_path, reports, txns)
    with open_ro(db) as st:
        from graphfraud.analysis.linking import link_cases

        groups = link_cases(st)
    assert [g["cases"] for g in groups] == [["A1", "A2", "R", "S"], ["B1", "B2", "R", "S"]]
    assert all(g["bridges"] == ["R", "S"] for g in groups)


def test_a_report_stating_more_than_the_named_account_got_keeps_the_other_payments(tmp_path):
    # the same two victims, but each report states the whole 50,000,000 they lost: the payment to A's
    # account is part of what the report describes, so both cases are strongly tied to A as well,
    # and the two groups are one campaign as far as the evidence goes
    reports, txns = _second_victim(_reports(MB, "50.000.000"), _txns(), "50.000.000", 14)
    db = _load(tmp_path, reports, txns)
    with open_ro(db) as st:
        from graphfraud.analysis.linking import link_cases

        groups = link_cases(st)
    assert [g["cases"] for g in groups] == [["A1", "A2", "B1", "B2", "R", "S"]]


def test_payments_to_other_known_accounts_the_same_day_are_the_same_scam(tmp_path):
    # R and S paid A's account MA and, the next day, B's account MB, each report naming MB and the
    # amount paid to it: payments a day apart are one scam (a group has its victims pay several of
    # its accounts), so both cases are tied to both groups' accounts as before
    reports, txns = _second_victim(_reports(MB, "30.000.000"), _txns(), "30.000.000", 6)
    moved = {"RBa": ("10:00", MB, "30000000"), "RBb": ("10:10", TB, "29900000")}
    txns = [t if t[0] not in moved else
            _pay(t[0], f"06/03/2024 {moved[t[0]][0]}:00", t[2], moved[t[0]][1], moved[t[0]][2], "nap tien")
            for t in txns]
    db = _load(tmp_path, reports, txns)
    with open_ro(db) as st:
        from graphfraud.analysis.linking import link_cases

        groups = link_cases(st)
    assert [g["cases"] for g in groups] == [["A1", "A2", "B1", "B2", "R", "S"]]


def test_a_call_of_a_few_seconds_is_no_caller_evidence(tmp_path):
    # C1 names the phone that called C2's victim just before the payment; a call of 5 seconds (hung up)
    # links nothing, a conversation of 15 minutes does
    from graphfraud.analysis.linking import link_cases

    reports = [["C1", "05/03/2024", "Nguyễn Văn An", "0912000001", "1100000001", "VCB", "0988 777 666", MA,
                "MB", "10.000.000", "giả danh công an"],
               ["C2", "08/03/2024", "Trần Thị Bình", "0912000002", "1100000002", "ACB", "", MB, "MB",
                "12.000.000", "giả danh công an"]]
    txns = [_pay("P1", "03/03/2024 10:00:00", "1100000001", MA, "10000000"),
            _pay("P2", "06/03/2024 15:00:00", "1100000002", MB, "12000000")]
    scores = {}
    for seconds in ("5", "900"):
        calls = [["0988777666", "0912000002", "06/03/2024 14:30:00", seconds, "Thoại"]]
        folder = tmp_path / seconds
        folder.mkdir()
        db = _load(folder, reports, txns, calls=calls)
        with open_ro(db) as st:
            _groups, s = link_cases(st, with_scores=True)
        scores[seconds] = s.get(("C1", "C2"), 0.0)
    assert scores["5"] < 0.5 <= scores["900"]


def test_a_payment_of_the_holders_own_is_no_tie_between_two_groups(tmp_path):
    # as in test_linking_sisters: SA1's money goes MA1 -> TA -> X, SB1's MB1 -> TB -> X. MA1 paying TB
    # 3 million two days after it last received money is the holder paying a friend, not a mule
    # passing a victim's money on: the meeting at X stays shared infrastructure
    from graphfraud.analysis.linking import link_cases
    from tests.analysis.test_linking_sisters import MA1, MA2, MB1, MB2, TA, TB, _group

    ra, ta = _group("SA", (MA1, MA2), TA, 1, "đầu tư", ["1100000001"])
    rb, tb = _group("SB", (MB1, MB2), TB, 10, "đầu tư", ["1200000001"])
    own = [_pay("U1", "04/03/2024 18:00:00", MA1, TB, "3000000", "tra tien an")]
    db = _load(tmp_path, ra + rb, ta + tb + own)
    with open_ro(db) as st:
        groups, scores = link_cases(st, with_scores=True)
    assert scores[("SA1", "SB1")] < 0.5 and groups == []


def _shared_account_store(folder, everyday_day: int):
    """Two reports name and paid the rented account MA (3 and 4 March); fifteen other people paid MA
    their everyday transfers on day ``everyday_day`` of March or of January."""
    reports = _reports(MB, "30.000.000")[:2]
    txns = _txns()[:4]
    month = "03" if everyday_day > 0 else "01"
    day = abs(everyday_day)
    txns += [_pay(f"E{i}", f"{day:02d}/{month}/2024 {8 + i % 10:02d}:00:00", f"15000000{i:02d}", MA, "300000")
             for i in range(15)]
    return _load(folder, reports, txns)


def test_a_rented_accounts_history_before_the_scam_does_not_hide_it(tmp_path):
    # the same fifteen payers in January (the holder's life before the account was rented) leave the
    # two victims linked; in the week of the victims' payments (a shop's customers) they do not
    from graphfraud.analysis.linking import link_cases

    scores = {}
    for name, day in (("before", -10), ("during", 5)):
        folder = tmp_path / name
        folder.mkdir()
        with open_ro(_shared_account_store(folder, day)) as st:
            _groups, s = link_cases(st, with_scores=True)
        scores[name] = s.get(("A1", "A2"), 0.0)
    assert scores["during"] < 0.5 <= scores["before"]
