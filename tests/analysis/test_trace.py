"""trace: money followed through time-respecting transfers, on real demo data and a hand-made file."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from graphfraud.analysis.trace import parse_duration, parse_time, trace, trace_keys
from graphfraud.errors import NotFound, UsageError
from tests.analysis._stores import demo_store, open_ro
from tests.conftest import write_csv

HEADER = ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount",
          "description"]
A, B, C, D, E, F, G, H, X = ("1000000001", "2000000002", "3000000003", "4000000004", "5000000005",
                             "600000000000006", "7000000007", "8000000008", "9000000009")


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory):
    """A small statement written by hand: a split, a fee, a merge, and transfers that must not be followed.

    A pays B 10,000,000 at 10:00. B had sent 5,000,000 to X at 09:00 (before the money arrived),
    then splits it: 4,950,000 to C at 10:05 and 4,950,000 to D at 10:06 (a fee of 100,000). C and D
    both pay E (4,950,000 at 10:10, 4,900,000 at 10:12: a fee), E sends 9,850,000 abroad at 11:00
    (a merge). E also paid G at 09:30 (before) and C pays H five days later (beyond the dwell window).
    """
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("trace_hand")
    rows = [
        ["T1", "01/03/2024 09:00:00", B, "VCB", X, "VCB", "5.000.000", "tra no"],
        ["T2", "01/03/2024 09:30:00", E, "ACB", G, "ACB", "1.000.000", "tien an"],
        ["T3", "01/03/2024 10:00:00", A, "BIDV", B, "VCB", "10.000.000", "chuyen tien"],
        ["T4", "01/03/2024 10:05:00", B, "VCB", C, "TCB", "4.950.000", "CK"],
        ["T5", "01/03/2024 10:06:00", B, "VCB", D, "MB", "4.950.000", "CK"],
        ["T6", "01/03/2024 10:10:00", C, "TCB", E, "ACB", "4.950.000", "thanh toan"],
        ["T7", "01/03/2024 10:12:00", D, "MB", E, "ACB", "4.900.000", "thanh toan"],
        ["T8", "01/03/2024 11:00:00", E, "ACB", F, "ACLEDA Bank Plc.", "9.850.000", "chuyen tien quoc te"],
        ["T9", "06/03/2024 10:00:00", C, "TCB", H, "TCB", "2.000.000", "tra no"],
    ]
    path = write_csv(d / "sao_ke.csv", HEADER, rows)
    db = d / "graphfraud.db"
    with SQLiteStore(db) as st:
        load_files(st, [path], kind="transactions")
    return db


def _hops(result):
    return [[(h["from"]["value"], h["to"]["value"], h["amount"]) for h in r["hops"]]
            for r in result["routes"]]


def test_forward_trace_split_fee_merge(hand_store):
    with open_ro(hand_store) as st:
        r = trace(st, "1000 0000 01")
    assert r["source"] == {"type": "account", "value": A, "bank": "BIDV"}
    assert r["traced_amount"] == "10000000"
    # every route goes A -> B -> (C | D) -> E -> F; nothing before the money arrived, nothing past the dwell
    seen = trace_keys(r)
    assert ("account", X) not in seen and ("account", G) not in seen and ("account", H) not in seen
    routes = sorted(_hops(r))
    assert routes == [
        [(A, B, "10000000"), (B, C, "4950000"), (C, E, "4950000"), (E, F, "4950000")],
        [(A, B, "10000000"), (B, D, "4950000"), (D, E, "4900000"), (E, F, "4900000")],
    ]
    assert {x["end"]["kind"] for x in r["routes"]} == {"abroad"}
    # the merge: both parcels leave E through one transfer, never more than it carried
    assert r["endpoints"] == [{"type": "account", "value": F, "bank": "ACLEDA", "kind": "abroad",
                               "amount": "9850000", "routes": 2}]
    hop = r["routes"][0]["hops"][-1]
    assert hop["transfer_amount"] == "9850000" and hop["txn_id"] == "T8"
    assert hop["evidence"] == [{"file": "sao_ke.csv", "sheet": None, "row": 9}]
    assert hop["time"].startswith("2024-03-01T11:00:00")


def test_transfer_before_arrival_is_never_followed(hand_store):
    with open_ro(hand_store) as st:
        # money arriving at B at 10:00 does not leave through B -> X at 09:00
        r = trace(st, B, since="01/03/2024 09:45")
        assert ("account", X) not in trace_keys(r)
        # starting at B from 09:00 includes that payment as a route of its own
        r = trace(st, B, since="2024-03-01T09:00:00+07:00")
        assert any(rt["hops"][0]["to"]["value"] == X for rt in r["routes"])
        # nothing leaves A after 10:00
        r = trace(st, A, since="01/03/2024 10:00:01")
        assert r["routes"] == [] and r["traced_amount"] == "0"


def test_a_transfer_dated_by_day_only_can_carry_money_that_came_that_day(tmp_path):
    # A's bank exports times; B's statement gives only the dates (read as 00:00). B -> C on 01/03 can
    # have come after A's payment at 10:00 that day and carries it on; B -> X on 29/02 cannot. From
    # C the money went on at 16:00, after it came (the day of B -> C, not its 00:00, bounds nothing).
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    export = [["T1", "01/03/2024 10:00:00", A, "BIDV", B, "VCB", "10.000.000", "chuyen tien"],
              ["T4", "01/03/2024 16:00:00", C, "TCB", D, "MB", "9.800.000", "CK"]]
    statement = [["S1", "29/02/2024", B, "VCB", X, "VCB", "5.000.000", "tra no"],
                 ["S2", "01/03/2024", B, "VCB", C, "TCB", "9.900.000", "CK"]]
    db = tmp_path / "graphfraud.db"
    with SQLiteStore(db) as st:
        load_files(st, [write_csv(tmp_path / "export.csv", HEADER, export),
                        write_csv(tmp_path / "sao_ke_vcb.csv", HEADER, statement)], kind="transactions")
        precision = {e.props.get("txn_id"): e.props.get("time_precision")
                     for e in st.incident([("account", B)], types=("transfer",))}
        assert precision == {"T1": None, "S1": "day", "S2": "day"}
        r = trace(st, A)
    assert _hops(r) == [[(A, B, "10000000"), (B, C, "9900000"), (C, D, "9800000")]]
    assert ("account", X) not in trace_keys(r)


def test_cash_withdrawn_in_small_parts_ends_the_route_and_cash_deposited_starts_one(tmp_path):
    # A pays B 100,000,000 and 1,000,000; B sends the large one to C, which takes it out at ATMs in
    # parts of 500,000 (each under the 1% of the trace that a part moving on must carry) and one row
    # with no receiver and no description. Backward from C: B's money came from A and from a cash
    # deposit (no sender account). Without withdrawals the route ended "unknown" at C and the small
    # parts were dropped as untraced.
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    rows = [["D1", "01/03/2024 09:00:00", "", "", B, "VCB", "30.000.000", "NOP TIEN MAT"],
            ["T1", "01/03/2024 10:00:00", A, "BIDV", B, "VCB", "100.000.000", "chuyen tien"],
            ["T2", "01/03/2024 10:01:00", A, "BIDV", B, "VCB", "1.000.000", "chuyen tien"],
            ["T3", "01/03/2024 10:20:00", B, "VCB", C, "TCB", "129.000.000", "CK"]]
    rows += [[f"W{i}", f"01/03/2024 11:{i:02d}:00", C, "TCB", "", "", "500.000", "RUT TIEN ATM"] for i in range(10)]
    rows += [["W99", "01/03/2024 12:00:00", C, "TCB", "", "", "120.000.000", ""]]
    db = tmp_path / "graphfraud.db"
    with SQLiteStore(db) as st:
        load_files(st, [write_csv(tmp_path / "sao_ke.csv", HEADER, rows)], kind="transactions")
        assert st.rejects() == []
        fwd = trace(st, A)
        back = trace(st, C, backward=True)
    cash = [r for r in fwd["routes"] if r["end"]["kind"] == "cashout"]
    assert len(cash) == 11 and {r["end"]["value"] for r in cash} == {C}
    assert all(r["hops"][-1]["type"] == "withdrawal" and r["hops"][-1]["to"] == r["hops"][-1]["from"] for r in cash)
    assert sum(Decimal(r["amount"]) for r in cash) == Decimal(100000000)
    assert fwd["summary"]["untraced_amount"] == "1000000"   # the 1,000,000 payment: under 1% of the total
    ends = {(r["end"]["kind"], r["end"]["value"], r["hops"][0]["type"]) for r in back["routes"]}
    assert ("cashin", B, "deposit") in ends and ("unknown", A, "transfer") in ends


def test_dwell_window_and_max_hops(hand_store):
    with open_ro(hand_store) as st:
        # C -> H happens five days after the money reached C: beyond the dwell window
        assert ("account", H) not in trace_keys(trace(st, B, since="01/03/2024 10:00", max_dwell="72h"))
        # the source's own transfers all start routes, whenever they were made
        assert ("account", H) in trace_keys(trace(st, C))
        r = trace(st, B, since="01/03/2024 10:00", max_dwell="2m")
        assert ("account", E) not in trace_keys(r)    # C and D hold the money longer than 2 minutes
        assert {x["end"]["kind"] for x in r["routes"]} == {"unknown"}
        r = trace(st, A, max_hops=2)
        assert {x["end"]["kind"] for x in r["routes"]} == {"max_hops"}
        assert {x["end"]["value"] for x in r["routes"]} == {C, D}
        # an account with more edges than max_degree is not read: the money mixes there
        r = trace(st, A, max_degree=3)
        assert [(x["end"]["value"], x["end"]["kind"], x["amount"]) for x in r["routes"]] == \
            [(B, "busy", "10000000")]


def test_backward_trace(hand_store):
    with open_ro(hand_store) as st:
        r = trace(st, F, backward=True)
        assert r["direction"] == "backward"
        seen = trace_keys(r)
        assert ("account", A) in seen and ("account", X) not in seen and ("account", G) not in seen
        assert {e["value"] for e in r["endpoints"]} == {A}
        # hops read in time order, earliest first
        for route in r["routes"]:
            times = [h["time"] for h in route["hops"]]
            assert times == sorted(times)
            assert route["hops"][0]["from"]["value"] == A and route["hops"][-1]["to"]["value"] == F
        total = sum(Decimal(e["amount"]) for e in r["endpoints"])
        assert total == Decimal("9850000")


def test_usage_errors(hand_store):
    with open_ro(hand_store) as st:
        with pytest.raises(NotFound):
            trace(st, "1234567890")
        with pytest.raises(UsageError):
            trace(st, A, max_dwell="soon")
        with pytest.raises(UsageError):
            trace(st, A, since="31/02/2024")
        with pytest.raises(UsageError):
            trace(st, A, max_hops=0)


def test_parse_duration_and_time():
    assert parse_duration("48h") == 48 * 3600
    assert parse_duration("90m") == 5400
    assert parse_duration("2d") == 2 * 86400
    assert parse_duration("1d12h") == 36 * 3600
    assert parse_duration(600) == 600
    for bad in ("", "h", "-2h", "2x"):
        with pytest.raises(UsageError):
            parse_duration(bad)
    assert parse_time("01/03/2024") == parse_time("2024-03-01T00:00:00+07:00") == 1709226000
    assert parse_time(None) is None
    assert parse_time(5) == 5 * 86400          # a simulation step


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_victim_reaches_its_cash_out(tmp_path_factory, seed):
    db, gt = demo_store(tmp_path_factory, seed)
    victims = [v for v in gt["victims"] if v["cashout_reached"]]
    assert len(victims) >= 20
    with open_ro(db) as st:
        for v in victims:
            r = trace(st, v["account"], evidence=False)
            reached = {val for typ, val in trace_keys(r) if typ == "account"}
            assert set(v["cashout_reached"]) <= reached, (v["case_id"], r["endpoints"][:3])
            # and the trace read only the neighbourhood it followed
            assert r["summary"]["accounts_read"] < 60


def test_backward_from_cash_out_finds_the_victims(tmp_path_factory):
    db, gt = demo_store(tmp_path_factory, 1)
    org = gt["organisations"][0]
    victims = {v["account"] for v in gt["victims"] if v["org"] == org["id"]}
    with open_ro(db) as st:
        found = set()
        for co in org["cashout_accounts"]:
            r = trace(st, co, backward=True)
            found |= {e["value"] for e in r["endpoints"]
                      if any(c["role"] == "victim" for c in e.get("cases", []))}
    assert found and found <= victims
    assert len(found) >= len(victims) * 0.8


def test_cli_trace_json(tmp_path_factory, hand_store):
    from cli import cli

    runner = CliRunner()
    res = runner.invoke(cli, ["--store", str(hand_store), "trace", A, "--max-dwell", "48h",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) >= {"source", "routes", "endpoints", "summary", "params", "traced_amount"}
    assert data["params"]["max_dwell_s"] == 48 * 3600
    hop = data["routes"][0]["hops"][0]
    assert set(hop) >= {"from", "to", "amount", "time", "txn_id", "evidence"}
    assert set(data["routes"][0]["end"]) >= {"type", "value", "kind"}
    res = runner.invoke(cli, ["--store", str(hand_store), "trace", F, "--backward", "--since", "01/03/2024",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["direction"] == "backward"
    res = runner.invoke(cli, ["--store", str(hand_store), "trace", A, "--max-dwell", "soon"])
    assert res.exit_code == 2 and "duration" in res.output
    res = runner.invoke(cli, ["--store", str(hand_store), "trace", A])
    assert res.exit_code == 0 and "Endpoints" in res.output
