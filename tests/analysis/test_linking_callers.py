"""link_cases and the phones two victims were in contact with before they paid: a phone that called
both no longer links their cases on its own (scam centres dial many people who are not their
victims, and victims talk with ordinary phones); with other evidence, a scam phone that calls people
(and is seldom called back) links them, and an ordinary phone, which its own contacts call about as
often as it calls them, does not."""

from __future__ import annotations

import itertools

import pytest

from graphfraud.analysis.linking import link_cases
from graphfraud.analysis.linking_calls import MIN_OTHER_CALLS, one_way_factor
from tests.analysis._stores import open_ro
from tests.conftest import write_csv

REPORT_HEADER = ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank",
                 "suspect_phone", "suspect_account", "suspect_bank", "amount_lost", "scam_type"]
TXN_HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
              "description"]
CALL_HEADER = ["Số gọi", "Số bị gọi", "Thời gian gọi", "Thời lượng (giây)"]
LOGIN_HEADER = ["account", "bank", "device_id", "ip", "timestamp"]
SHARED = "0987000111"   # the phone both victims talked with before paying
V1, V2 = "0912000001", "0912000002"


def _folder(tmp_path, shared_is_called_back: bool, same_ip: bool = False):
    """Two reports of different scams, paid to different mule accounts (nothing else in common, unless
    ``same_ip``: the two mules were used from one IP address, shared infrastructure that links nothing
    on its own). SHARED talked with each victim an hour before the payment, and twice with each of
    four other people: when ``shared_is_called_back``, each of them also calls it twice (an ordinary
    phone's life); else it only calls out (a scam phone's dial list)."""
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    reports = [["K1", "06/03/2024", "Nạn nhân 1", V1, "1111100001", "VCB", "", "7100000001", "MB",
                "12.000.000", "giả danh công an"],
               ["K2", "16/03/2024", "Nạn nhân 2", V2, "1111100002", "VCB", "", "7200000001", "TCB",
                "9.000.000", "việc làm online"]]
    txns = [["T1", "05/03/2024 10:00:00", "1111100001", "VCB", "7100000001", "MB", "12000000", "chuyen tien"],
            ["T2", "15/03/2024 15:00:00", "1111100002", "VCB", "7200000001", "TCB", "9000000", "chuyen tien"]]
    calls = [[SHARED, V1, "05/03/2024 09:00:00", "600"], [SHARED, V2, "15/03/2024 14:00:00", "420"]]
    for i in range(4):
        friend = f"0933000{i:03d}"
        for day in (1 + i, 20 + i):
            calls.append([SHARED, friend, f"{day:02d}/03/2024 19:00:00", "200"])
            if shared_is_called_back:
                calls.append([friend, SHARED, f"{day + 1:02d}/03/2024 20:00:00", "150"])
    db = tmp_path / "graphfraud.db"
    with SQLiteStore(db) as store:
        load_files(store, [write_csv(tmp_path / "don.csv", REPORT_HEADER, reports)], kind="reports")
        load_files(store, [write_csv(tmp_path / "sao_ke.csv", TXN_HEADER, txns)], kind="transactions")
        load_files(store, [write_csv(tmp_path / "cuoc_goi.csv", CALL_HEADER, calls)], kind="calls")
        if same_ip:
            logins = [["7100000001", "MB", "dev0000000000001", "103.21.40.7", "05/03/2024 08:00:00"],
                      ["7200000001", "TCB", "dev0000000000002", "103.21.40.7", "15/03/2024 08:00:00"]]
            load_files(store, [write_csv(tmp_path / "dang_nhap.csv", LOGIN_HEADER, logins)], kind="logins")
    return db


def _pairs(db) -> dict:
    with open_ro(db) as st:
        groups = link_cases(st)
    return {tuple(sorted(g["cases"])): g for g in groups}


def test_a_phone_that_called_both_victims_links_nothing_on_its_own(tmp_path):
    assert _pairs(_folder(tmp_path, shared_is_called_back=False)) == {}


def test_a_phone_that_only_calls_out_links_the_two_victims_with_other_evidence(tmp_path):
    groups = _pairs(_folder(tmp_path, shared_is_called_back=False, same_ip=True))
    assert list(groups) == [("K1", "K2")]
    ev = groups[("K1", "K2")]["evidence"]
    assert [(e["kind"], e["via"][0]["value"]) for e in ev] == [("shared_caller", "+84987000111"),
                                                               ("device_reuse", "103.21.40.7")]


def test_an_ordinary_phone_whose_contacts_call_it_back_links_nothing(tmp_path):
    assert _pairs(_folder(tmp_path, shared_is_called_back=True, same_ip=True)) == {}


@pytest.mark.parametrize(("made", "received", "factor"), [
    (40, 0, 1.0), (0, 40, 1.0),            # a dial list; a hotline that is only called
    (80, 20, 1.0),                         # called back a fifth of the time: still one way
    (13, 7, pytest.approx(0.5)),           # 35 % the other way: an ordinary phone
    (10, 10, 0.5),
    (MIN_OTHER_CALLS - 3, 2, 1.0),         # too few calls to tell
])
def test_one_way_factor(made, received, factor):
    assert one_way_factor(made, received) == factor


def test_one_way_factor_falls_as_the_calls_go_both_ways():
    shares = [one_way_factor(100 - k, k) for k in range(51)]
    assert all(a >= b for a, b in itertools.pairwise(shares))
    assert shares[0] == 1.0 and shares[-1] == 0.5
