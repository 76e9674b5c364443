"""An account's cash withdrawals and deposits on a graph page: at most OWN_SHOWN of each drawn (the
largest), one loop whose count, total and time range count them all."""

from __future__ import annotations

from decimal import Decimal

from graphfraud.analysis.subgraph import OWN_SHOWN, Selection, build_graph
from graphfraud.load import load_files
from graphfraud.output.graph_payload import graph_payload
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

ACCT, OTHER = "0011223344", "0099887766"


def test_a_busy_accounts_withdrawals_are_one_loop_that_counts_them_all(tmp_path):
    n = OWN_SHOWN + 15
    rows = [[f"W{i}", f"01/03/2024 {8 + i // 60:02d}:{i % 60:02d}", ACCT, "", f"{(i + 1) * 100_000}", "RUT TIEN ATM"]
            for i in range(n)]
    rows.append(["T1", "01/03/2024 07:00", OTHER, ACCT, "9.000.000", "CK"])
    f = write_csv(tmp_path / "tx.csv", ["Mã GD", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền",
                                        "Nội dung"], rows)
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [f])
        g = build_graph(st, Selection(around=ACCT))
    drawn = [d for _, _, d in g.edges(data=True) if d["type"] == "withdrawal"]
    assert len(drawn) == OWN_SHOWN
    assert min(Decimal(d["amount"]) for d in drawn) == Decimal((n - OWN_SHOWN + 1) * 100_000)   # the largest
    whole = g.nodes[f"account:{ACCT}"]["own_links"]["withdrawal"]
    total = sum(Decimal((i + 1) * 100_000) for i in range(n))
    assert (whole["n"], whole["shown"], Decimal(whole["amount"])) == (n, OWN_SHOWN, total)
    loop = [e for e in graph_payload(g, "en")["edges"] if e["gf"]["t"] == "withdrawal"]
    assert len(loop) == 1 and loop[0]["from"] == loop[0]["to"]
    facts = dict(loop[0]["gf"]["f"])
    assert f"{n} links" in loop[0]["gf"]["f"][0][0]
    assert facts["Rows shown"] == f"the {OWN_SHOWN} largest of {n} (the amount and times count them all)"
    assert any(k == "Total amount" and "63,000,000" in v for k, v in loop[0]["gf"]["f"])
