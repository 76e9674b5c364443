"""One account's statement (sao kê): the account read above the table, debits out, credits in, rows
without a counterparty kept as withdrawals and deposits, rows whose direction is unknown rejected with
their reason."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from graphfraud.loaders.statement import stated_above
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from graphfraud.errors import UnknownKindError
from graphfraud.facts_statements import BOTH, NEITHER, NO_COUNTERPARTY, NO_DIRECTION
from graphfraud.load import load_files
from tests.conftest import write_xlsx

OWN = "0071001234567"
HEADER = ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư", "Nội dung",
          "Tài khoản đối ứng", "Tên tài khoản đối ứng", "Ngân hàng đối ứng"]
TITLE = [["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"], ["SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT"],
         [f"Số tài khoản: {OWN}", "", "Tên tài khoản: NGUYEN VAN A"], ["Từ ngày: 01/03/2024", "Đến ngày: 31/03/2024"], []]
ROWS = [
    ["1", "01/03/2024", "", "", "", "200.000", "Số dư đầu kỳ", "", "", ""],
    ["2", "02/03/2024 10:15", "FT001", "0", "15.000.000", "15.200.000", "NGUYEN THI B chuyen tien",
     "1903456789012", "NGUYEN THI B", "Techcombank"],
    ["3", "02/03/2024 10:40", "FT002", "-14.800.000", "-", "400.000", "chuyen tien", "0451 000 987 654",
     "TRAN VAN C", "VCB"],
    ["4", "03/03/2024 08:00", "FEE01", "11.000", "", "389.000", "Phi SMS Banking", "", "", ""],
    ["5", "04/03/2024 09:00", "FT003", "1.000.000", "2.000.000", "389.000", "?", "0451000987654", "", "VCB"],
    ["6", "05/03/2024 09:00", "FT004", "abc", "", "389.000", "chuyen", "0451000987654", "", "VCB"],
]


def _write(path, rows, title=TITLE, header=HEADER):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerows([*title, header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    return path


def _transfers(store):
    out = {}
    for e in store.incident([("account", OWN)]):
        if e.type == "transfer":
            out[e.props["txn_id"]] = (e.src[1], e.dst[1], e.amount)
    return out


def test_statement_with_its_account_above_the_table(store, tmp_path):
    f = _write(tmp_path / "sao_ke_vcb.csv", ROWS)
    rep = load_files(store, [f])
    sheet = rep.files[0].sheets[0]
    assert sheet.kind == "statements"
    assert sheet.mapping["above_the_table"] == {
        "Số tài khoản (row 3)": {"field": "account", "value": OWN},
        "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM (row 1)": {"field": "bank",
                                                         "value": "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"}}
    assert _transfers(store) == {
        "FT001": ("1903456789012", OWN, "15000000"),    # a credit: into the account
        "FT002": (OWN, "0451000987654", "14800000"),    # a debit written with a sign, "-" in the credit
        "FT004": (OWN, "0451000987654", None),          # a debit that cannot be read: stored, no amount
    }
    assert store.nodes([("account", OWN)])[("account", OWN)]["bank"] == "VCB"
    assert store.nodes([("account", "1903456789012")])[("account", "1903456789012")]["bank"] == "TCB"
    got = {(r["row"], r["reason"]) for r in store.rejects()}
    assert (7, NEITHER) in got           # the opening balance moves no money
    assert not any(r == 10 for r, _ in got)   # a fee has no counterparty: a withdrawal of the account
    fee = [e for e in store.incident([("account", OWN)]) if e.type == "withdrawal"]
    assert [(e.src[1], e.dst[1], e.amount, e.props["description"]) for e in fee] == [
        (OWN, OWN, "11000", "Phi SMS Banking")]
    assert store.provenance([fee[0].id])[fee[0].id][0]["row"] == 10
    assert (11, BOTH) in got
    assert any(r["row"] == 12 and r["value"] == "abc" for r in store.rejects())
    edge = next(e for e in store.incident([("account", OWN)]) if e.props.get("txn_id") == "FT002")
    prov = store.provenance([edge.id])[edge.id][0]
    assert prov["row"] == 9 and prov["columns"] == "account,counterparty_account"
    assert edge.props["counterparty_name"] == "TRAN VAN C" and edge.props["balance"] == "400.000"
    assert "counterparty_from" not in edge.props  # read from its column
    again = load_files(store, [f])
    assert again.files[0].sheets[0].status == "already loaded"


def test_both_sides_statements_of_one_transfer_are_one_edge(store, tmp_path):
    """The sender's bank and the receiver's write their own reference and time; two transfers of the same
    amount on one day stay two, each matched with its counterpart; a repeated row is one transfer."""
    them = "0451000987654"
    mine = _write(tmp_path / "a.csv", [
        ["1", "02/03/2024 10:40:05", "FT9", "5.000.000", "", "", "", them, "", "VCB"],
        ["2", "02/03/2024 16:02:00", "FT10", "5.000.000", "", "", "", them, "", "VCB"],
        ["3", "03/03/2024 09:00:00", "FT11", "700.000", "", "", "", them, "", "VCB"]])
    theirs = _write(tmp_path / "b.csv", [
        ["1", "02/03/2024 10:40:31", "NAPAS-771", "", "5.000.000", "", "", OWN, "", ""],
        ["2", "02/03/2024 16:02:40", "NAPAS-802", "", "5.000.000", "", "", OWN, "", ""],
        ["2", "02/03/2024 16:02:40", "NAPAS-802", "", "5.000.000", "", "", OWN, "", ""]],
                    title=[["Số tài khoản", them]])
    load_files(store, [mine, theirs])
    edges = sorted((e for e in store.incident([("account", OWN)]) if e.type == "transfer"), key=lambda e: e.ts)
    assert [(e.src[1], e.dst[1], e.amount) for e in edges] == [(OWN, them, "5000000")] * 2 + [(OWN, them, "700000")]
    files = [sorted((p["file"], p["row"]) for p in store.provenance([e.id])[e.id]) for e in edges]
    assert files == [[("a.csv", 7), ("b.csv", 3)], [("a.csv", 8), ("b.csv", 4), ("b.csv", 5)], [("a.csv", 9)]]


def test_counterparty_named_only_in_the_description(store, tmp_path):
    """Vietcombank-style statements have no counterparty column: the account the text names is read,
    and the transfer says so; a text naming no other account, or two, leaves a withdrawal."""
    header = ["STT", "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư",
              "Nội dung chi tiết"]
    rows = [
        ["1", "02/03/2024", "5213.1", "", "15.000.000", "15.200.000",
         f"MBVCB.5123456789.012345.NGUYEN THI B chuyen tien.CT tu 1903456789012 NGUYEN THI B toi {OWN} NGUYEN VAN A"],
        ["2", "02/03/2024", "5213.2", "14.800.000", "", "400.000", "IBFT chuyển tiền tới TK: 0451-000-987654 TRAN VAN C"],
        ["3", "03/03/2024", "5213.3", "11.000", "", "389.000", "Phi SMS Banking thang 02, nap dien thoai 0912345678"],
        ["4", "04/03/2024", "5213.4", "100.000", "", "289.000", "CT tu 111111111 toi 222222222"],
    ]
    f = _write(tmp_path / "vcb.csv", rows, header=header)
    rep = load_files(store, [f])
    assert rep.files[0].sheets[0].kind == "statements"
    edges = {e.props["txn_id"]: e for e in store.incident([("account", OWN)]) if e.type == "transfer"}
    assert {t: (e.src[1], e.dst[1], e.amount) for t, e in edges.items()} == {
        "5213.1": ("1903456789012", OWN, "15000000"), "5213.2": (OWN, "0451000987654", "14800000")}
    assert all(e.props["counterparty_from"] == "description" for e in edges.values())
    prov = store.provenance([edges["5213.2"].id])[edges["5213.2"].id][0]
    assert prov["columns"] == "account,description"
    # a text naming no other account, or two, names no counterparty: the debit is a withdrawal
    alone = {e.props["txn_id"]: e.amount for e in store.incident([("account", OWN)]) if e.type == "withdrawal"}
    assert alone == {"5213.3": "11000", "5213.4": "100000"}
    assert not any(r["reason"] == NO_COUNTERPARTY for r in store.rejects())


def test_xlsx_statement_with_a_label_cell_and_english_headers(store, tmp_path):
    f = write_xlsx(tmp_path / "statement.xlsx", {"Statement": [
        ["Account statement"],
        ["Số tài khoản / Account No.", "19034567890123", None, "Currency", "VND"],
        ["Date", "Description", "Debit", "Credit", "Balance", "Counterparty account", "Counterparty bank"],
        ["01/04/2024", "salary", None, "10,000,000", "10,000,000", "0011223344", "Vietcombank"],
        ["02/04/2024", "rent", "4,000,000", None, "6,000,000", "0555666777", "MB"],
    ]})
    rep = load_files(store, [f])
    assert rep.files[0].sheets[0].kind == "statements"
    ends = {(e.src[1], e.dst[1], e.amount) for e in store.incident([("account", "19034567890123")])
            if e.type == "transfer"}
    assert ends == {("0011223344", "19034567890123", "10000000"), ("19034567890123", "0555666777", "4000000")}
    prov = [store.provenance([e.id])[e.id][0] for e in store.incident([("account", "19034567890123")])]
    assert sorted(p["row"] for p in prov) == [4, 5] and {p["sheet"] for p in prov} == {"Statement"}


def test_amount_and_marker_columns_with_the_account_in_each_row(store, tmp_path):
    f = tmp_path / "export.csv"
    f.write_text("Account number,Posting date,Amount,D/C,Counterparty account,Ref\n"
                 "111222333,2024-05-01,500.00,D,444555666,R1\n"
                 "111222333,2024-05-02,250.00,CR,777888999,R2\n"
                 "444555666,2024-05-03,100.00,Có,111222333,R3\n"
                 "444555666,2024-05-04,100.00,X,111222333,R4\n", encoding="utf-8")
    load_files(store, [f])
    ends = {(e.src[1], e.dst[1], e.amount) for n in ("111222333", "444555666")
            for e in store.incident([("account", n)]) if e.type == "transfer"}
    assert ends == {("111222333", "444555666", "500"), ("777888999", "111222333", "250"),
                    ("111222333", "444555666", "100")}
    assert any(r["row"] == 5 and r["reason"] == NO_DIRECTION and r["value"] == "X" for r in store.rejects())


def test_a_long_title_block(store, tmp_path):
    """A statement converted from a bank's PDF: logo, address, branch, period and balances above the table."""
    title = [[f"Dòng tiêu đề {i}"] for i in range(18)] + [[f"Số tài khoản: {OWN}"], ["Loại tiền: VND"]]
    f = _write(tmp_path / "pdf.csv", ROWS[1:3], title=title)
    rep = load_files(store, [f])
    assert rep.files[0].sheets[0].kind == "statements" and len(_transfers(store)) == 2


def test_statement_without_its_account_is_refused_saying_what_to_add(store, tmp_path):
    f = _write(tmp_path / "no_account.csv", ROWS[1:3], title=[["SAO KÊ"]])
    with pytest.raises(UnknownKindError, match="Số tài khoản"):
        load_files(store, [f])
    assert not store.stats()["total_edges"]


def test_title_block_labels():
    got = stated_above([(1, ["Techcombank - Chi nhánh Hà Nội"]), (2, ["Tên tài khoản: TRAN VAN C"]),
                        (3, ["STK:", "1903 4567 8901", "Loại tiền: VND"]), (4, ["Tài khoản: 999999999"])])
    assert got == {"account": ("1903 4567 8901", "STK (row 3)"),
                   "bank": ("Techcombank - Chi nhánh Hà Nội", "Techcombank - Chi nhánh Hà Nội (row 1)")}
    assert stated_above([(1, ["Tên tài khoản: NGUYEN VAN A"]), (2, ["Số dư: 1.000.000"])]) == {}


def test_cli_loads_a_statement_and_names_its_account(tmp_path):
    f = _write(tmp_path / "sao_ke.csv", ROWS[1:3])
    r = CliRunner().invoke(cli, ["--lang", "vi", "--store", str(tmp_path / "g.db"), "load", str(f), "--format",
                                 "json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    sheet = json.loads(r.stdout)["files"][0]["sheets"][0]
    assert sheet["kind"] == "statements" and sheet["edges_added"] == 2
    r = CliRunner().invoke(cli, ["--lang", "en", "--store", str(tmp_path / "g.db"), "load", "--kind", "statements",
                                 str(_write(tmp_path / "x.csv", ROWS[1:2], title=[["SAO KÊ"]]))])
    assert r.exit_code != 0 and "Số tài khoản" in r.output
    r = CliRunner().invoke(cli, ["--lang", "vi", "--store", str(tmp_path / "g.db"), "load", str(tmp_path / "x.csv")])
    assert r.exit_code != 0 and "các dòng sao kê cần số tài khoản" in r.output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 10**9), st.sampled_from(["123456789", "987654321"]),
                          st.sampled_from(["plain", "signed", "zero_other"])), min_size=1, max_size=25))
def test_each_row_is_one_transfer_the_way_its_column_says(tmp_path_factory, rows):
    from graphfraud.store.sqlite import SQLiteStore

    tmp = tmp_path_factory.mktemp("stmt")
    lines = []
    for i, (out, amount, other, style) in enumerate(rows):
        text = f"{amount:,}".replace(",", ".")
        cell = "-" + text if style == "signed" else text
        empty = "0" if style == "zero_other" else ""
        lines.append([str(i), f"0{1 + i % 9}/03/2024", f"R{i}", cell if out else empty, empty if out else cell, "",
                      "", other, "", ""])
    f = _write(tmp / "s.csv", lines)
    with SQLiteStore(tmp / "g.db") as s:
        load_files(s, [f])
        got = sorted((e.props["txn_id"], e.src[1], e.dst[1], e.amount) for e in s.incident([("account", OWN)]))
        assert not s.rejects()
    want = sorted((f"R{i}", OWN if out else other, other if out else OWN, str(amount))
                  for i, (out, amount, other, _) in enumerate(rows))
    assert got == want
