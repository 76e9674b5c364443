"""Headers written by people who never saw graphfraud's alias lists: fields recognised from their words."""

import pytest
from graphfraud.loaders.concepts import concept_field
from graphfraud.loaders.detect import detect

from graphfraud.load import load_files
from tests.conftest import write_csv, write_xlsx

# (headers as a unit, a bank or a telco writes them; the kind; header -> field; headers left unread)
LAYOUTS = [
    (["STT", "Họ và tên bị hại", "Năm sinh", "SĐT bị hại", "Số điện thoại đối tượng", "Số tài khoản nhận tiền",
      "Số tiền bị chiếm đoạt", "Thời gian chuyển tiền", "Thủ đoạn", "Mã hồ sơ"], "reports",
     {"Họ và tên bị hại": "victim_name", "SĐT bị hại": "victim_phone", "Số điện thoại đối tượng": "suspect_phone",
      "Số tài khoản nhận tiền": "suspect_account", "Số tiền bị chiếm đoạt": "amount_lost",
      "Thủ đoạn": "scam_type", "Mã hồ sơ": "case_id"},
     ["STT", "Năm sinh", "Thời gian chuyển tiền"]),
    (["Case ID", "Victim full name", "Victim phone number", "Scammer phone number", "Beneficiary account",
      "Amount lost (VND)", "Report date", "Scammer Facebook"], "reports",
     {"Victim full name": "victim_name", "Victim phone number": "victim_phone",
      "Scammer phone number": "suspect_phone", "Beneficiary account": "suspect_account",
      "Amount lost (VND)": "amount_lost", "Report date": "report_date", "Case ID": "case_id",
      "Scammer Facebook": "suspect_social"}, []),
    (["Mã GD", "Ngày GD", "STK chuyển", "Ngân hàng chuyển", "STK nhận", "Ngân hàng nhận", "Số tiền (VND)",
      "Nội dung CK", "Chi nhánh"], "transactions",
     {"Mã GD": "txn_id", "Ngày GD": "timestamp", "Số tiền (VND)": "amount", "Nội dung CK": "description",
      "STK chuyển": "from_account", "STK nhận": "to_account"}, ["Chi nhánh"]),
    (["Phí giao dịch (VND)", "Giá trị giao dịch", "STK chuyển", "STK nhận", "Thời gian"], "transactions",
     {"Giá trị giao dịch": "amount", "STK chuyển": "from_account", "STK nhận": "to_account"},
     ["Phí giao dịch (VND)"]),  # a fee column before the amount: never the amount
    (["Transaction Reference", "Value Date", "Sender Account No", "Sender Bank", "Receiver Account No",
      "Receiver Bank", "Amount (VND)", "Narrative"], "transactions",
     {"Transaction Reference": "txn_id", "Value Date": "timestamp", "Sender Account No": "from_account",
      "Receiver Account No": "to_account", "Amount (VND)": "amount", "Sender Bank": "from_bank",
      "Receiver Bank": "to_bank"}, []),
    (["Số thuê bao A", "Số thuê bao B", "Thời gian bắt đầu", "Thời lượng (giây)", "Loại cuộc gọi", "Gói cước"],
     "calls", {"Số thuê bao A": "caller", "Số thuê bao B": "callee", "Thời gian bắt đầu": "timestamp",
               "Thời lượng (giây)": "duration_s", "Loại cuộc gọi": "call_type"}, ["Gói cước"]),
    (["Calling Party", "Called Party", "Start Time", "Duration (s)"], "calls",
     {"Calling Party": "caller", "Called Party": "callee", "Start Time": "timestamp", "Duration (s)": "duration_s"},
     []),
    (["Số tài khoản", "Địa chỉ IP đăng nhập", "Mã thiết bị đăng nhập", "Thời gian đăng nhập", "Quốc gia"],
     "logins", {"Địa chỉ IP đăng nhập": "ip", "Mã thiết bị đăng nhập": "device_id", "Số tài khoản": "account"},
     []),
    (["Account Number", "Account Holder Name", "National ID No", "Registered Mobile", "Registered Email",
      "Open Date", "Biometric Status", "Ngày sinh", "Mô tả"], "accounts",
     {"Account Holder Name": "holder_name", "National ID No": "holder_id", "Registered Mobile": "phone",
      "Registered Email": "email", "Open Date": "opened_at", "Biometric Status": "biometric_verified"},
     ["Ngày sinh", "Mô tả"]),
    (["Số tài khoản", "Tên chủ tài khoản", "Số CCCD/CMND", "Ngày cấp", "SĐT đăng ký", "Email đăng ký",
      "Ngày mở TK", "Xác thực sinh trắc học", "Chi nhánh"], "accounts",
     {"Tên chủ tài khoản": "holder_name", "Số CCCD/CMND": "holder_id", "Email đăng ký": "email",
      "Xác thực sinh trắc học": "biometric_verified"}, ["Ngày cấp", "Chi nhánh"]),
    (["Tài khoản Facebook", "Nền tảng", "SĐT liên kết", "Email liên kết", "Tên hiển thị"], "social",
     {"Tài khoản Facebook": "social_account", "SĐT liên kết": "phone", "Email liên kết": "email"}, []),
    (["Ngày GD", "Mô tả", "Rút ra", "Gửi vào", "Số dư", "TK đối tác", "Tên đối tác", "NH đối tác"], "statements",
     {"Ngày GD": "timestamp", "Mô tả": "description", "Rút ra": "debit", "Gửi vào": "credit",
      "TK đối tác": "counterparty_account", "Tên đối tác": "counterparty_name", "NH đối tác": "counterparty_bank"},
     []),
    # money sent and money received, as some banks' app exports name them
    (["Ngày giao dịch", "Nội dung", "Số tiền chuyển đi", "Số tiền nhận được", "Số dư"], "statements",
     {"Ngày giao dịch": "timestamp", "Nội dung": "description", "Số tiền chuyển đi": "debit",
      "Số tiền nhận được": "credit", "Số dư": "balance"}, []),
    (["Ngày", "Mô tả", "Rút tiền", "Gửi tiền", "Số dư"], "statements",
     {"Ngày": "timestamp", "Mô tả": "description", "Rút tiền": "debit", "Gửi tiền": "credit", "Số dư": "balance"},
     []),
    # a login log's labels, device type and round-trip time are none of its fields (RBA dataset layout)
    (["Login Timestamp", "User ID", "Round-Trip Time [ms]", "IP Address", "Country", "Device Type",
      "Login Successful", "Is Attack IP", "Is Account Takeover", "Số tài khoản"], "logins",
     {"Login Timestamp": "timestamp", "IP Address": "ip", "Country": "country", "Số tài khoản": "account"},
     ["User ID", "Round-Trip Time [ms]", "Device Type", "Login Successful", "Is Attack IP", "Is Account Takeover"]),
    # a payment order's own account beside its payee's (the sides' words after "bank" and "account")
    (["order_id", "account_id", "bank_to", "account_to", "amount", "k_symbol"], "transactions",
     {"account_id": "from_account", "bank_to": "to_bank", "account_to": "to_account", "amount": "amount"},
     ["order_id", "k_symbol"]),
    (["caller", "receiver", "timestamp", "duration"], "calls",
     {"caller": "caller", "receiver": "callee", "timestamp": "timestamp", "duration": "duration_s"}, []),
    (["Posting Date", "Details", "Amount Out", "Amount In", "Balance"], "statements",
     {"Posting Date": "timestamp", "Details": "description", "Amount Out": "debit", "Amount In": "credit",
      "Balance": "balance"}, []),
]


@pytest.mark.parametrize("headers,kind,want,unread", LAYOUTS, ids=[f"{k}-{i}" for i, (_, k, _, _) in
                                                                  enumerate(LAYOUTS)])
def test_layouts_nobody_listed_map_by_their_words(headers, kind, want, unread):
    m = detect(headers)
    assert m.kind == kind
    got = {m.headers[i]: f for i, f in m.columns.items()}
    assert {h: got.get(h) for h in want} == want
    assert not [h for h in unread if h in got], got
    assert len(set(got.values())) == len(got)  # a field is read from one column


def test_an_alias_wins_and_a_tie_is_not_guessed():
    # "Tài khoản ghi nợ" is an alias of from_account: the words of "STK chuyển" come second
    m = detect(["Tài khoản ghi nợ", "STK chuyển", "Tài khoản ghi có"])
    assert {m.headers[i]: f for i, f in m.columns.items()} == {"Tài khoản ghi nợ": "from_account",
                                                                "Tài khoản ghi có": "to_account"}
    # a column of phones or emails: equally both, so neither
    assert concept_field("SĐT / Email", ["phone", "email"]) is None
    assert concept_field("SĐT", ["phone", "email"]) == "phone"
    # sender and receiver both named: no side can be chosen
    assert concept_field("Tài khoản chuyển nhận", ["from_account", "to_account"]) is None
    assert concept_field("Ngân hàng", ["from_bank", "to_bank"]) is None
    assert concept_field("Tên ngân hàng", ["holder_name", "account"]) is None


def test_a_victim_list_with_its_own_headers_loads_the_accounts_victims_paid(store, tmp_path):
    f = write_csv(tmp_path / "danh_sach_bi_hai.csv",
                  ["STT", "Mã hồ sơ", "Họ và tên bị hại", "SĐT bị hại", "Số tài khoản nhận tiền",
                   "Số tiền bị chiếm đoạt"],
                  [["1", "HS-01", "Lê Thị Hoa", "0912 345 678", "1903 4567 8901", "25.000.000"],
                   ["2", "HS-02", "Trần Văn Nam", "84987654321", "1903 4567 8901", "12.500.000"]])
    load_files(store, [f])
    cases = {e.src[1] for e in store.incident([("account", "190345678901")]) if e.type == "mention"}
    assert cases == {"HS-01", "HS-02"}
    victims = {e.dst[1] for e in store.incident([("case", "HS-01")]) if e.dst[0] == "phone"}
    assert victims == {"+84912345678"}


def test_an_english_bank_export_keeps_amounts_and_times(store, tmp_path):
    f = write_xlsx(tmp_path / "export.xlsx", {"Sheet1": [
        ["Transaction Reference", "Value Date", "Sender Account No", "Receiver Account No", "Amount (VND)"],
        ["TR1", "05/03/2024 09:30", "0011223344", "0555666777", "1,250,000"]]})
    load_files(store, [f])
    e = next(e for e in store.incident([("account", "0011223344")]) if e.type == "transfer")
    assert e.amount == "1250000" and e.ts is not None and e.props["txn_id"] == "TR1"


def test_an_api_log_with_nested_records_loads_as_logins(store, tmp_path):
    """JSON from an e-banking API: nested objects become dotted columns, read by their words."""
    import json

    f = tmp_path / "logins.json"
    f.write_text(json.dumps({"data": [
        {"account": {"number": "0071001234567", "bank": "VCB"}, "ts": "2024-03-05T10:00:00+07:00",
         "session": {"ip": "103.1.2.3", "device": {"id": "DEV-9000", "os": "Android"}}, "geo": {"country": "KH"}},
        {"account": {"number": "1903456789012", "bank": "TCB"}, "ts": "2024-03-05T11:00:00+07:00",
         "session": {"ip": "103.1.2.3", "device": {"id": "DEV-9000", "os": "Android"}}, "tags": ["a", "b"]},
    ]}), encoding="utf-8")
    rep = load_files(store, [f])
    sheet = rep.files[0].sheets[0]
    assert sheet.kind == "logins" and not store.rejects()
    assert {h: fl for h, fl in sheet.mapping["columns"].items()} == {
        "account.number": "account", "ts": "timestamp", "session.ip": "ip", "session.device.id": "device_id",
        "geo.country": "country"}
    logins = [e for e in store.incident([("ip", "103.1.2.3")]) if e.src[0] == "account"]
    assert {e.src[1] for e in logins} == {"0071001234567", "1903456789012"} and all(e.ts for e in logins)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_two_row_header_under_merged_cells(store, tmp_path, fmt):
    """"Tài khoản" merged over "Chuyển" | "Nhận": each column named by both rows; rows keep their numbers."""
    rows = [["Ngày giao dịch", "Tài khoản", "", "Số tiền"], ["", "Chuyển", "Nhận", ""],
            ["05/03/2024 10:00", "0011223344", "0555666777", "1.000.000"],
            ["05/03/2024 11:00", "0555666777", "0999888777", "900.000"]]
    f = write_csv(tmp_path / "t.csv", rows[0], rows[1:]) if fmt == "csv" else \
        write_xlsx(tmp_path / "t.xlsx", {"GD": rows})
    rep = load_files(store, [f])
    sheet = rep.files[0].sheets[0]
    assert sheet.kind == "transactions" and sheet.rows == 2 and not store.rejects()
    assert sheet.mapping["columns"] == {"Ngày giao dịch": "timestamp", "Tài khoản Chuyển": "from_account",
                                        "Tài khoản Nhận": "to_account", "Số tiền": "amount"}
    e = next(e for e in store.incident([("account", "0011223344")]) if e.type == "transfer")
    assert (e.dst[1], e.amount) == ("0555666777", "1000000")
    assert store.provenance([e.id])[e.id][0]["row"] == 3


def test_a_first_data_row_of_words_is_not_a_second_header_row(store, tmp_path):
    f = write_csv(tmp_path / "s.csv", ["Tài khoản MXH", "Nền tảng", "Tên hiển thị"],
                  [["fb.com/abc", "Facebook", "Nhận tiền"], ["t.me/xyz", "Telegram", "Chuyển khoản"]])
    rep = load_files(store, [f])
    assert rep.files[0].sheets[0].rows == 2


def test_a_semicolon_export_named_asc_is_read_as_text(store, tmp_path):
    from graphfraud.load import load_files

    f = tmp_path / "order.asc"
    f.write_text('"order_id";"account_id";"bank_to";"account_to";"amount";"k_symbol"\n'
                 '29401;1;"YZ";"87144583";2452.00;"SIPO"\n29402;2;"ST";"89597016";3372.70;"UVER"\n', encoding="utf-8")
    sheet = load_files(store, [f]).files[0].sheets[0]
    assert (sheet.kind, sheet.rows, sheet.rejects) == ("transactions", 2, 0)
    got = {(e.src[1], e.dst[1], e.amount) for e in store.incident([("account", "87144583")])}
    assert got == {("1", "87144583", "2452")}
