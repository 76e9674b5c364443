"""Statements as others export them: a table re-typed from the bank's PDF with camel-case English
headers, one file per account named after it (``Vietcombank-0011001932418-20240901-20240910.csv``),
split into several files, with counterparty cells that hold a name where the account was elided.
The layout is that of the charity statements Vietnamese banks published in September 2024 and
volunteers re-typed into CSV; the names and accounts here are made up."""

from __future__ import annotations

import csv

import pytest
from graphfraud.loaders.statement import stated_in_name

from graphfraud import facts_worker
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore

OWN, DONOR, OTHER = "1500201113838", "0491000183195", "0011002243133"
HEADER = ["PageId", "Date", "Time", "DocumentNumber", "ReferenceNumber", "TransactionDetails", "DebitAmount",
          "CreditAmount", "Balance", "OffsetAccount"]


def _row(page, ref, text, credit="", debit="", offset=""):
    return [str(page), "10/09/2024", "", "", ref, text, debit, credit, "", offset]


def _write(path, rows, header=HEADER):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _named(ref, account=DONOR, amount="500,000"):
    text = f"MBVCB.6987.{ref}.ung ho.CT tu {account} NGUYEN VAN A toi {OWN} UY BAN MTTQ tai AGRIBANK"
    return _row(1, ref, text, credit=amount)


def test_the_account_and_bank_come_from_the_file_name_and_camel_case_headers_are_read(tmp_path):
    f = _write(tmp_path / f"Agribank-{OWN}-20240901-20240912_parsed_001.csv", [
        _named("2871554"),
        _row(1, "2882370", "TRAN THI B ung ho cac tinh bi bao lu", credit="50,000"),
        _row(1, "2882371", "Phi SMS", debit="11,000"),
        _row(1, "2882372", "CT nhanh 247 den: LE VAN C chuyen tien", credit="300,000", offset="LE VAN C – A/C"),
    ])
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f])
        sheet = rep.files[0].sheets[0]
        edges = {e.props["txn_id"]: e for e in st.incident([("account", OWN)])}
        rejects = st.rejects()
        prov = st.provenance([edges["2882370"].id])[edges["2882370"].id][0]
        bank = st.nodes([("account", OWN)])[("account", OWN)]["bank"]
    assert sheet.kind == "statements"
    assert sheet.mapping["columns"] == {"Date": "timestamp", "Time": "time_of_day", "ReferenceNumber": "txn_id",
                                        "TransactionDetails": "description", "DebitAmount": "debit",
                                        "CreditAmount": "credit", "Balance": "balance",
                                        "OffsetAccount": "counterparty_account"}
    assert [v["value"] for v in sheet.mapping["above_the_table"].values()] == [OWN, "Agribank"]
    assert bank == "VBA"   # Agribank's code
    assert prov["columns"] == "account" and prov["row"] == 3
    assert f"{f.name} (tên tệp / file name)" in sheet.mapping["above_the_table"]
    assert {t: (e.type, e.src[1], e.dst[1], e.amount) for t, e in edges.items()} == {
        "2871554": ("transfer", DONOR, OWN, "500000"),       # the account the text names
        "2882370": ("deposit", OWN, OWN, "50000"),          # no sending account anywhere
        "2882371": ("withdrawal", OWN, OWN, "11000"),
        "2882372": ("deposit", OWN, OWN, "300000"),          # the cell holds a name: kept, and a reject
    }
    assert edges["2882372"].props["counterparty_text"] == "LE VAN C – A/C"
    assert [(r["row"], r["column"], r["value"]) for r in rejects] == [(5, "OffsetAccount", "LE VAN C – A/C")]


def test_a_statement_split_in_two_files_keeps_every_transfer(tmp_path):
    """The same donor gives the same amount twice on one day, one row in each file of the statement:
    two transfers. A row repeated in both files (the same reference) is one."""
    a = _write(tmp_path / f"Agribank-{OWN}-20240901-20240912_parsed_001.csv",
               [_named("4208900"), _named("4300000", account=OTHER)])
    b = _write(tmp_path / f"Agribank-{OWN}-20240901-20240912_parsed_002.csv",
               [_named("4207238"), _named("4300000", account=OTHER)])
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [a, b])
        refs = sorted((e.src[1], e.props["txn_id"]) for e in st.incident([("account", OWN)]))
    assert refs == [(OTHER, "4300000"), (DONOR, "4207238"), (DONOR, "4208900")]


@pytest.mark.parametrize("worker", [False, True])
def test_statement_orders_carry_over_from_a_file_read_in_a_second_process(tmp_path, monkeypatch, worker):
    monkeypatch.setattr(facts_worker, "MIN_BYTES", 0 if worker else 1 << 40)
    first = [_named(str(5000 + i), amount="100,000") for i in range(6)]
    a = _write(tmp_path / f"VCB-{OWN}-p1.csv", first)
    b = _write(tmp_path / f"VCB-{OWN}-p2.csv", [_named("6000", amount="100,000")])
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [a, b], chunk_rows=2)
        assert len([e for e in st.incident([("account", OWN)]) if e.type == "transfer"]) == 7


def test_a_file_name_with_no_single_account_gives_none():
    assert stated_in_name("sao_ke_thang_9_20240901_20240930.csv") == {}
    assert stated_in_name(f"{OWN}_{DONOR}.csv") == {}
    assert stated_in_name(f"sao ke {OWN} (1).xlsx")["account"][0] == OWN
    assert "bank" not in stated_in_name(f"sao ke {OWN}.xlsx")


def test_a_date_column_and_a_time_column_are_one_timestamp(tmp_path):
    """Vietinbank's export (and many call records) give the date and the time of day in two columns."""
    f = _write(tmp_path / f"Vietinbank-{OWN}-20240910-20240912.csv", [
        ["1", "10/09/2024", "12:01:29", "", "", "CT nhanh 247 den: A chuyen tien", "", "300,000", "", ""],
        ["1", "10/09/2024", "", "", "", "CT nhanh 247 den: B chuyen tien", "", "200,000", "", ""]])
    calls = tmp_path / "cuoc_goi.csv"
    calls.write_text("Giờ,Ngày,Số gọi,Số bị gọi\n09:05,16/03/2024,0912345678,0987654321\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f, calls])
        got = sorted((e.type, e.ts, e.props.get("time_precision")) for e in st.incident(
            [("account", OWN), ("phone", "+84912345678")]))
    assert rep.files[0].sheets[0].mapping["columns"]["Time"] == "time_of_day"
    assert rep.files[1].sheets[0].mapping["columns"] == {"Giờ": "time_of_day", "Ngày": "timestamp",
                                                         "Số gọi": "caller", "Số bị gọi": "callee"}
    day = 1725901200   # 10/09/2024 00:00 in Vietnam
    assert got == [("call", 1710554700, None),               # 16/03/2024 09:05
                   ("deposit", day, "day"), ("deposit", day + 12 * 3600 + 89, None)]


def test_a_second_date_is_kept_and_a_time_column_alone_is_the_timestamp(tmp_path):
    """Only a column that names a time (not a date) becomes the time of day: a posting date beside the
    transaction date is kept as a property; a "Giờ" column alone (full date and time) is the timestamp."""
    f = tmp_path / "sao_ke.csv"
    f.write_text("Số tài khoản,Ngày giao dịch,Ngày hiệu lực,Số tiền ghi nợ,Số tiền ghi có,Nội dung\n"
                 f"{OWN},10/09/2024,11/09/2024,,100.000,ung ho\n", encoding="utf-8")
    calls = tmp_path / "cdr.csv"
    calls.write_text("Giờ,Số gọi,Số bị gọi\n16/03/2024 09:05,0912345678,0987654321\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f, calls])
        edge = next(e for e in st.incident([("account", OWN)]))
        call = next(e for e in st.incident([("phone", "+84912345678")]))
    assert "time_of_day" not in rep.files[0].sheets[0].mapping["columns"].values()
    assert edge.props["extra"]["Ngày hiệu lực"] == "11/09/2024"
    assert rep.files[1].sheets[0].mapping["columns"]["Giờ"] == "timestamp" and call.ts == 1710554700


def test_a_statement_of_money_in_whose_title_says_so(tmp_path):
    """The layout of a statement the Bank for Social Policies exported as XLSX: the way of the money
    only in the title, the account in a cell of the second column, one amount column, a header
    repeated, an opening-balance row and a total row that move no money."""
    from tests.conftest import write_xlsx

    acct = "1000007062914729"
    rows = [["SAO KÊ TÀI KHOẢN ỦY BAN MẶT TRẬN TỔ QUỐC (SỐ TIỀN CHUYỂN VÀO TK)", None, None, None, None, None, None],
            [None, "Từ ngày 10/9 đến 15h30 ngày 01/10/2024", None, None, None, None, None],
            [None, f"Số tài khoản: {acct} tại Ngân hàng Chính sách xã hội TP Đà Nẵng", None, None, None, None, None],
            ["Stt", "Ngày giao dịch", "Ngày giá trị", "Nội dung giao dịch", "Số tiền giao dịch", "Số dư tài khoản",
             "Số tiền giao dịch"],
            ["Số dư đầu:", None, None, None, None, None, 0],
            [1, "\xa010/09/2024", "\xa010/09/2024", f"\xa0CREDIT MBVCB.1.CT tu {DONOR} NGUYEN VAN A toi {acct}",
             "\xa0500,000", "\xa0500,000", 500000],
            [2, "\xa010/09/2024", "\xa010/09/2024", "\xa0CREDIT Ung ho ba con mien bac", "\xa0200,000", "\xa0700,000",
             200000],
            [None, None, None, "Phát sinh đến 15h30 ngày 01/10", None, None, 700000]]
    f = write_xlsx(tmp_path / "sao_ke_vbsp.xlsx", {"01 10": rows})
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f])
        got = sorted((e.type, e.src[1], e.amount) for e in st.incident([("account", acct)]))
        rejects = [(r["row"], r["reason"].split(":")[0]) for r in st.rejects()]
    above = {v["field"]: v["value"] for v in rep.files[0].sheets[0].mapping["above_the_table"].values()}
    assert above == {"account": acct, "direction": "in"}
    assert got == [("deposit", acct, "200000"), ("transfer", DONOR, "500000")]
    assert rejects == [(5, "no amount"), (8, "no amount")]


def test_one_amount_column_gives_the_way_by_its_sign_and_a_credit_column_alone_is_money_in(tmp_path):
    """One amount column is a statement when the kind is named (found alone, it would also fit a
    transfers export whose receiver column is not recognised): its sign gives the way."""
    from graphfraud.errors import UnknownKindError

    signed = tmp_path / f"sao_ke_{OWN}.csv"
    signed.write_text("Ngày,Nội dung,Số tiền\n01/03/2024,CK tu 0011223344,+1.000.000\n"
                      "02/03/2024,rut tien ATM,-300.000\n03/03/2024,khong dau,50.000\n", encoding="utf-8")
    credits = tmp_path / f"tien_vao_{DONOR}.csv"
    credits.write_text("Ngày,Nội dung,Ghi có\n01/03/2024,ung ho,200.000\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        with pytest.raises(UnknownKindError):
            load_files(st, [signed])
        load_files(st, [signed], kind="statements")
        load_files(st, [credits])
        got = sorted((e.type, e.src[1], e.dst[1], e.amount) for e in st.incident([("account", OWN), ("account", DONOR)]))
        rejects = [(r["file"], r["row"], r["reason"].split(":")[0]) for r in st.rejects()]
    assert got == [("deposit", DONOR, DONOR, "200000"), ("transfer", "0011223344", OWN, "1000000"),
                   ("withdrawal", OWN, OWN, "300000")]
    from graphfraud.facts_statements import UNSIGNED

    assert rejects == [(str(signed), 4, UNSIGNED.split(":")[0])]


def test_a_second_time_that_is_no_time_of_day_is_kept_as_written(tmp_path):
    """A logout time beside the login time maps to time_of_day but is not joined (its cells give a date
    too, as the login's do): its text stays on the edge."""
    f = tmp_path / "dang_nhap.csv"
    f.write_text("Số tài khoản,Địa chỉ IP,Thời gian đăng nhập,Thời gian đăng xuất\n"
                 f"{OWN},113.160.1.1,16/03/2024 10:00:00,16/03/2024 11:30:00\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "g.db") as st:
        rep = load_files(st, [f])
        e = next(e for e in st.incident([("account", OWN)]) if e.type == "login")
    assert rep.files[0].sheets[0].mapping["columns"]["Thời gian đăng xuất"] == "time_of_day"
    assert e.ts == 1710558000 and e.props["extra"]["Thời gian đăng xuất"] == "16/03/2024 11:30:00"


@pytest.mark.parametrize(("header", "sign_in", "amount"), [
    (["STT", "Ngày", "Tham chiếu", " +/-", "Số tiền ", "Nội dung giao dịch"], "+", "1.450.000"),
    (["Ngày giao dịch", "Số tham chiếu", "Thay đổi", "Số tiền", "Mô tả"], "+", "1,450,000"),
])
def test_a_sign_column_gives_each_amount_its_way(tmp_path, header, sign_in, amount):
    """A charity's monthly statement re-typed from the bank's PDF: one amount column and a column of
    "+" (in) and "-" (out) named "+/-" or "Thay đổi"; the account is in the file name. A row the PDF's
    page overlap wrote twice (same reference) is counted once."""
    def row(n, ref, sign, amt, text):
        cells = {"STT": str(n), "Ngày": "28/11/2024", "Ngày giao dịch": "28/11/2024", "Tham chiếu": ref,
                 "Số tham chiếu": ref, " +/-": sign, "Thay đổi": sign, "Số tiền ": amt, "Số tiền": amt,
                 "Nội dung giao dịch": text, "Mô tả": text}
        return [cells[h] for h in header]
    rows = [row(1, "28/11/2024\n 5239 - 61351", sign_in, amount, f"MBVCB.77.CT tu {DONOR} NGUYEN VAN A toi {OWN}"),
            row(2, "28/11/2024\n 5239 - 70000", "-", "80.000.000" if "." in amount else "80,000,000", "CHI HO TRO"),
            row(3, "28/11/2024\n 5239 - 61351", sign_in, amount, f"MBVCB.77.CT tu {DONOR} NGUYEN VAN A toi {OWN}")]
    f = _write(tmp_path / f"Vietcombank-{OWN}-2024-11.csv", rows, header=header)
    with SQLiteStore(tmp_path / "g.db") as st:
        sheet = load_files(st, [f]).files[0].sheets[0]
        edges = st.incident([("account", OWN)])
        assert st.rejects() == []
    assert sheet.kind == "statements" and sheet.duplicates == 1
    assert [(e.src[1], e.dst[1], e.amount) for e in edges if e.type == "transfer"] == [(DONOR, OWN, "1450000")]
    assert [(e.type, e.amount) for e in edges if e.type == "withdrawal"] == [("withdrawal", "80000000")]


def test_load_account_names_the_account_of_a_statement_that_states_none(tmp_path):
    """A statement whose account is in no column, no line above the table and not in the file name is
    refused with what to do; ``load --account`` gives it. Where the file states another account, or
    has an account column, the file is refused and the others of the command still load."""
    from click.testing import CliRunner

    from cli import cli
    from graphfraud.errors import InputError, UnknownKindError

    header = ["Ngày giao dịch", "Số tham chiếu", "Thay đổi", "Số tiền", "Mô tả"]
    rows = [["30/11/2020", "5091 - 78715", "+", "300,000", f"CT tu {DONOR} NGUYEN VAN A toi {OWN}"]]
    bare = _write(tmp_path / "sao-ke-thang-11-2020.csv", rows, header=header)
    named = _write(tmp_path / f"Vietcombank-{OTHER}-2020-11.csv", [rows[0][:3] + ["200,000", "ung ho"]], header=header)
    with SQLiteStore(tmp_path / "a.db") as st, pytest.raises(UnknownKindError, match="need the account they belong"):
        load_files(st, [bare])
    with SQLiteStore(tmp_path / "b.db") as st:
        rep = load_files(st, [bare, named], statement_account=f"{OWN[:4]} {OWN[4:8]} {OWN[8:]}")
        assert [f.sheets[0].status for f in rep.files] == ["loaded", "refused"]
        assert f"--account {OWN} is not the account the file states ({OTHER}" in rep.files[1].sheets[0].note
        sheet = rep.files[0].sheets[0]
        assert sheet.mapping["above_the_table"] == {"--account (dòng lệnh / command line)": {"field": "account",
                                                                                            "value": OWN}}
        assert [(e.src[1], e.dst[1], e.amount) for e in st.incident([("account", OWN)])] == [(DONOR, OWN, "300000")]
    column = _write(tmp_path / "sk.csv", [[OTHER, "30/11/2020", "", "100.000", "ung ho"]],
                    header=["Số tài khoản", "Ngày giao dịch", "Số tiền ghi nợ", "Số tiền ghi có", "Nội dung"])
    with SQLiteStore(tmp_path / "d.db") as st, pytest.raises(InputError, match="'Số tài khoản' states one on every"):
        load_files(st, [column], statement_account=OWN)
    r = CliRunner().invoke(cli, ["--lang", "vi", "--store", str(tmp_path / "c.db"), "load", str(bare),
                                 "--account", "12ab-!"])
    assert r.exit_code != 0 and "--account '12ab-!' không phải là số tài khoản" in r.output


SEPAY = ["id", "gateway", "transactionDate", "accountNumber", "subAccount", "code", "content", "transferType",
         "description", "transferAmount", "accumulated", "referenceCode"]


def test_a_payment_notification_export_reads_its_transfer_type_as_the_way(tmp_path):
    """The export of a payment-notification service (SePay's layout): one amount column, and the way
    of each row in ``transferType`` (in / out); the counterparty's account is in the memo."""
    rows = [["92704", "Vietcombank", "2023-03-25 14:02:37", OWN, "", "", f"CT tu {DONOR} mua iphone", "in",
             f"BankAPINotify CT tu {DONOR} mua iphone", "2277000", "19077000", "MBVCB.3278907687"],
            ["92705", "Vietcombank", "2023-03-25 15:10:02", OWN, "", "", "rut tien mat", "out",
             "BankAPINotify rut tien mat", "500000", "18577000", "FT23084123456"]]
    f = _write(tmp_path / "sepay.csv", rows, header=SEPAY)
    with SQLiteStore(tmp_path / "g.db") as st:
        sheet = load_files(st, [f]).files[0].sheets[0]
        edges = st.incident([("account", OWN)])
        assert st.rejects() == []
    cols = sheet.mapping["columns"]
    assert sheet.kind == "statements" and cols["transferType"] == "direction" and cols["accumulated"] == "balance"
    assert cols["accountNumber"] == "account" and cols["transferAmount"] == "amount"
    got = {(e.type, e.src[1], e.dst[1], e.amount, e.props["txn_id"], e.props["balance"]) for e in edges}
    assert got == {("transfer", DONOR, OWN, "2277000", "MBVCB.3278907687", "19077000"),
                   ("withdrawal", OWN, OWN, "500000", "FT23084123456", "18577000")}


def test_a_transaction_type_of_payment_schemes_is_no_way(tmp_path):
    """A ``Transaction type`` column that names payment schemes is kept as written, not read as the way
    of the money: the debit and credit columns give it."""
    header = ["Ngày giao dịch", "Transaction type", "Ghi nợ", "Ghi có", "Tài khoản đối ứng", "Nội dung"]
    rows = [["10/09/2024 10:00", "NAPAS 247", "", "500.000", DONOR, "ung ho"],
            ["10/09/2024 11:00", "Internal", "200.000", "", OTHER, "chuyen"]]
    f = _write(tmp_path / f"Vietcombank-{OWN}-2024-09.csv", rows, header=header)
    with SQLiteStore(tmp_path / "g.db") as st:
        sheet = load_files(st, [f]).files[0].sheets[0]
        assert st.rejects() == []
        edges = st.incident([("account", OWN)])
    assert "Transaction type" not in sheet.mapping["columns"]
    assert {(e.src[1], e.dst[1], e.props["extra"]["Transaction type"]) for e in edges} == {
        (DONOR, OWN, "NAPAS 247"), (OWN, OTHER, "Internal")}


def test_a_ledger_code_column_is_not_the_account_stated_above_the_table(tmp_path):
    """A company's MB-style statement: the account above the table, and a ``Tài khoản`` column of its
    own ledger codes (131, 844). The rows are the stated account's; the codes are kept as written. A
    customs payment's ``+TK…`` (its declaration) names no account."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["SAO KÊ CHI TIẾT TÀI KHOẢN"])
    ws.append(["Tài khoản/Account No:", OWN])
    ws.append([])
    ws.append(["STT", "NGÀY GIAO DỊCH", "NGÀY HẠCH TOÁN", "PHÁT SINH NỢ", "PHÁT SINH CÓ", "SỐ DƯ",
               "ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN", "NỘI DUNG", "BÚT TOÁN", "Tài khoản"])
    ws.append(["1", "22/05/2025 17:06:15", "22/05/2025", "0", "143,183", "5,676,015,494", "CONG TY CP A",
               f"THANH TOAN TIEN HANG tu {DONOR}", "FT25142156820926", "131"])
    ws.append(["2", "22/05/2025 14:35:13", "22/05/2025", "3,497,489", "0", "5,675,872,311",
               "PHONG GIAO DICH SO 5 - KBNN KV I", "HQDT+ID0+MST0101234567+TK10720227 863+NDK2",
               "FT25142509687744", "844"])
    f = tmp_path / "saoke_mb.xlsx"
    wb.save(f)
    with SQLiteStore(tmp_path / "g.db") as st:
        sheet = load_files(st, [f]).files[0].sheets[0]
        edges = st.incident([("account", OWN)])
        assert st.nodes([("account", "131"), ("account", "10720227")]) == {}
    assert "Tài khoản" not in sheet.mapping["columns"] and "Tài khoản" in sheet.mapping["kept_as_properties"]
    assert sheet.mapping["columns"]["BÚT TOÁN"] == "txn_id"
    assert sheet.note.startswith("the column 'Tài khoản' does not hold the account stated above the table")
    from graphfraud.output.error_text import translate_error

    assert translate_error(sheet.note, "vi").startswith("cột 'Tài khoản' không chứa số tài khoản ghi phía trên bảng")
    got = {(e.type, e.src[1], e.dst[1], e.amount, e.props["extra"]["Tài khoản"]) for e in edges}
    assert got == {("transfer", DONOR, OWN, "143183", "131"), ("withdrawal", OWN, OWN, "3497489", "844")}
