"""Banks' own account exports: a company's enquiry workbook (XLSX, bilingual headers, the account above
the table, a footer printed below it: the layout of a Techcombank "TRANSACTION ENQUIRY") and a person's
statement CSV (a key/value block above the table, money spent and money in as two columns named
"Số tiền chi tiêu" and "Tăng", "--" for none: a VPBank layout). Every name, account and amount here is
made up."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore

OWN = "19135065000012"
HEADER = ["Ngày KH thực hiện/Requesting date", "Ngày giao dịch/Transaction date", "Số bút toán/Reference number",
          "Ngân hàng đối tác / Remitter's bank", "Tài khoản đích/Remitter's account number",
          "Tên tài khoản đối ứng/Remitter's account name", "Diễn giải/Description", "Nợ/Debit", "Có/Credit",
          "Phí/Lãi\n  Fee/Interest", "Thuế/Transaction VAT", "Số dư/Running balance"]
ROWS = [   # newest first, as the bank lists them
    ("2026-03-27 21:55:11", "2026-03-27", "LD2607000117", "", None, "", "Thu no lai (LD-IN) - So khe uoc ST01",
     0, None, -2083562, None, 3543822612),
    ("2026-03-27 10:49:26", "2026-03-27", "LD2607000117", "", None, "", "Thu no goc (LD-PR) - So khe uoc ST01",
     -788620524, None, None, None, 3545906174),
    ("2026-03-27 16:44:03", "2026-03-27", "FT26086A0200001", "DAU TU VA PHAT TRIEN VN CN BINH DUONG", "/8630061100",
     "CONG TY TNHH A", "(B/O CONG TY TNHH A) TT TIEN HANG HDS 3270", None, 98874033, None, None, 4334526698),
    ("2026-03-19 10:54:35", "2026-03-19", "LD2533180000", "", None, "", "Thu no goc (LD-PR) - So khe uoc ST02",
     -1000000000, None, None, None, 250540608),
    ("2026-03-19 10:07:30", "2026-03-19", "LD2533180000", "", None, "", "Thu no goc (LD-PR) - So khe uoc ST02",
     -1000000000, None, None, None, 1250540608),
    ("2026-03-18 16:15:54", "2026-03-18", "FT26077111900090", "TECHCOMBANK", "4601540023", "CONG TY CP B",
     "TT TIEN HANG CHO CTY B", -500000000, None, None, None, 2250540608),
]


def _workbook(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Txn enquiry"
    for line in (["NGÂN HÀNG TMCP KỸ THƯƠNG VIỆT NAM"], ["TRUY VẤN GIAO DỊCH TÀI KHOẢN / TRANSACTION ENQUIRY "], [],
                 ["Số tài khoản/Account number", OWN, None, "Số dư hiện tại/Actual balance", None, None, 3543822612],
                 ["Tên tài khoản/Account name", "VND-TGTT-CTY TNHH C"], ["Loại tiền/Currency", "VND"],
                 [None, None, None, "Tổng ghi nợ/ Total debits", None, None, 3288620524],
                 [None, None, None, "Tổng ghi có/ Total credits", None, None, 98874033], [], HEADER):
        ws.append(line)
    for r in ROWS:
        ws.append(list(r))
    ws.append([])
    ws.append([None, "Phiếu này được in từ hệ thống ngân hàng điện tử / This paper is printed by electronic banking"])
    ws.append([None, f"Ngày giờ in/ Printed on{datetime(2026, 3, 28, 7, 39):%d/%m/%Y %H:%M:%S}"])
    wb.save(path)
    return path


@pytest.fixture
def loaded(tmp_path):
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [_workbook(tmp_path / "TRANSACTION_HISTORY.xlsx")])
        yield rep.files[0].sheets[0], st


def test_the_account_is_the_one_above_the_table_and_the_destination_account_is_the_counterparty(loaded):
    sheet, st = loaded
    assert sheet.kind == "statements"
    cols = sheet.mapping["columns"]
    assert cols["Tài khoản đích/Remitter's account number"] == "counterparty_account"
    assert "account" not in cols.values()
    assert sheet.mapping["above_the_table"]["Số tài khoản/Account number (row 4)"]["value"] == OWN
    # "/8630061100": the slash a SWIFT field writes before the account
    paid = [e for e in st.incident([("account", OWN)]) if e.src == ("account", "8630061100")]
    assert [e.amount for e in paid] == ["98874033"]


def test_every_posting_is_kept_and_the_sums_are_the_banks(loaded):
    """Two repayments of one loan on one day share the contract's reference (another minute each); the
    interest line at 0 beside its fee stores nothing and does not make the principal a contradiction."""
    _, st = loaded
    edges = st.incident([("account", OWN)])
    out = [e for e in edges if e.src == ("account", OWN) and (e.dst != e.src or e.type == "withdrawal")]
    into = [e for e in edges if e.dst == ("account", OWN) and e.src != e.dst]
    assert sum(Decimal(e.amount) for e in out) == 3288620524 and len(out) == 4
    assert sum(Decimal(e.amount) for e in into) == 98874033
    # the interest line and the two lines printed below the table: no amount, nothing stored
    assert [(r["row"], r["reason"].split(":")[0]) for r in st.rejects()] == \
        [(n, "no amount in the debit or the credit column") for n in (11, 18, 19)]


PERSONAL = ["\ufeff\"\",\" SAO KÊ TÀI KHOẢN\"", '"Họ và tên: ","NGUYEN VAN A"', '"Số tài khoản:","150100008"',
            '"Số dư:","6,369,331 ₫"', '"Ngày mở:","19/04/2018"', '"Tiền tệ:","VND"', '"Chi nhánh:","Cát Linh"',
            '"Tài khoản liên kết:",""',
            ('"Ngày giao dịch","Ngày hiệu lực","Nội dung giao dịch","Mã GD","Số tiền chi tiêu","Tăng",'
            '"Số dư sau giao dịch"'),
            ('"01/01/2022 01:35:00","01/01/2022","Hach toan lai-150100008-20211231","150100008-20211231","--",'
            '"16,050 VND","69,919,287 VND"'),
            ('"31/12/2021 18:19:00","31/12/2021","TRAN VAN B chuyen tien","FT21365110510529\\I2B","680,000 VND","--",'
            '"69,903,237 VND"'),
            ('"07/12/2021 16:57:00","07/12/2021","PHI CHUYEN TIEN","FX2134100301\\MKI","50,820 VND","--",'
            '"339,959,817 VND"'),
            ('"07/12/2021 16:57:00","07/12/2021","REMITTANCE 108.00 USD RATE 22980","FX2134100301\\MKI","--",'
            '"2,481,840 VND","340,010,637 VND"')]


def test_a_personal_statement_with_money_spent_and_money_in_columns(tmp_path):
    """A remittance credited and its fee debited at the same minute under one reference are two postings."""
    f = tmp_path / "01:12:2021 – 31:12:2021.csv"
    f.write_text("\n".join(PERSONAL) + "\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        sheet = load_files(st, [f]).files[0].sheets[0]
        edges = st.incident([("account", "150100008")])
        assert st.rejects() == []
    assert sheet.kind == "statements" and sheet.rows == 4
    assert sheet.mapping["columns"]["Số tiền chi tiêu"] == "debit" and sheet.mapping["columns"]["Tăng"] == "credit"
    spent = sorted(Decimal(e.amount) for e in edges if e.src == ("account", "150100008") and e.type != "deposit")
    came = sorted(Decimal(e.amount) for e in edges if e.dst == ("account", "150100008") and e.type != "withdrawal")
    assert spent == [50820, 680000] and came == [16050, 2481840]
