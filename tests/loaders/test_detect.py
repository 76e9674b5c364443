"""Kind and column detection from Vietnamese and English headers."""

import pytest
from graphfraud.loaders.detect import detect, parse_map_options, read_profile, write_profile

from graphfraud.errors import UnknownKindError, UsageError


@pytest.mark.parametrize("headers,kind,expect", [
    (["Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Ngân hàng chuyển", "Tài khoản ghi có",
      "Ngân hàng nhận", "Số tiền", "Nội dung"], "transactions",
     {"Tài khoản ghi nợ": "from_account", "Tài khoản ghi có": "to_account", "Số tiền": "amount",
      "Thời gian": "timestamp", "Ngân hàng chuyển": "from_bank"}),
    (["Debit Account", "Credit Account", "AMOUNT", "Transaction Time", "IP Address"], "transactions",
     {"Debit Account": "from_account", "Credit Account": "to_account", "IP Address": "ip"}),
    (["  SỐ   TÀI KHOẢN ", "Ngân hàng", "Chủ tài khoản", "CCCD", "SĐT", "Sinh trắc học"], "accounts",
     {"  SỐ   TÀI KHOẢN ": "account", "SĐT": "phone", "CCCD": "holder_id", "Sinh trắc học": "biometric_verified"}),
    (["STK", "Địa chỉ IP", "Thiết bị", "Thời gian đăng nhập", "Quốc gia"], "logins",
     {"STK": "account", "Địa chỉ IP": "ip", "Thiết bị": "device_id", "Quốc gia": "country"}),
    (["Số gọi", "Số bị gọi", "Thời gian", "Thời lượng (giây)", "Loại cuộc gọi"], "calls",
     {"Số gọi": "caller", "Số bị gọi": "callee", "Thời lượng (giây)": "duration_s"}),
    (["Mã vụ việc", "Họ tên nạn nhân", "SĐT nạn nhân", "SĐT đối tượng", "STK đối tượng", "Số tiền bị lừa"],
     "reports", {"SĐT đối tượng": "suspect_phone", "STK đối tượng": "suspect_account",
                 "Số tiền bị lừa": "amount_lost", "Mã vụ việc": "case_id"}),
    (["Tài khoản MXH", "Nền tảng", "SĐT", "Tên hiển thị"], "social",
     {"Tài khoản MXH": "social_account", "Nền tảng": "platform", "Tên hiển thị": "display_name"}),
    (["so_tai_khoan_ghi_no", "so_tai_khoan_ghi_co", "so_tien"], "transactions",
     {"so_tai_khoan_ghi_no": "from_account", "so_tien": "amount"}),
])
def test_detects_kind_and_columns(headers, kind, expect):
    m = detect(headers)
    assert m.kind == kind
    got = {headers[i]: f for i, f in m.columns.items()}
    for h, f in expect.items():
        assert got[h] == f


def test_unmapped_columns_are_kept_as_properties():
    m = detect(["Debit Account", "Credit Account", "Chi nhánh", "Số dư"])
    assert sorted(m.extra.values()) == ["Chi nhánh", "Số dư"]


def test_unknown_kind_lists_headers_and_how_to_map():
    with pytest.raises(UnknownKindError) as exc:
        detect(["foo", "bar"], source="x.csv")
    msg = str(exc.value)
    assert "'foo'" in msg and "'bar'" in msg and "--map" in msg and "--kind" in msg


def test_map_overrides_a_column_and_can_name_the_kind():
    m = detect(["src", "dst", "val"], kind="transactions",
               overrides=parse_map_options(["src=from_account", "dst=to_account", "val=amount"]))
    assert m.kind == "transactions"
    assert m.columns == {0: "from_account", 1: "to_account", 2: "amount"}


def test_map_rejects_unknown_field():
    with pytest.raises(UsageError):
        parse_map_options(["A=not_a_field"])
    with pytest.raises(UsageError):
        parse_map_options(["no equals sign"])


def test_profile_round_trip(tmp_path):
    m = detect(["src acct", "dst acct", "money"], kind="transactions",
               overrides=parse_map_options(["src acct=from_account", "dst acct=to_account", "money=amount"]))
    write_profile(tmp_path / "p.toml", m)
    kind, cols = read_profile(tmp_path / "p.toml")
    again = detect(["src acct", "dst acct", "money"], kind=kind, overrides=cols)
    assert again.kind == "transactions" and again.columns == m.columns


AML_HEADERS = ["Timestamp", "From Bank", "Account", "To Bank", "Account", "Amount Received", "Receiving Currency",
               "Amount Paid", "Payment Currency", "Payment Format", "Is Laundering"]


def test_an_account_column_after_a_bank_column_is_that_side_s_account():
    m = detect(AML_HEADERS)
    assert m.kind == "transactions"
    assert m.columns == {0: "timestamp", 1: "from_bank", 2: "from_account", 3: "to_bank", 4: "to_account",
                         7: "amount", 8: "currency", 9: "channel"}
    assert m.ignored == [10] and m.describe()["ignored"] == ["Is Laundering"]
    assert m.extra == {5: "Amount Received", 6: "Receiving Currency"}
    assert list(m.describe()["columns"])[2:5] == ["Account (column 3)", "To Bank", "Account (column 5)"]


def test_a_lone_account_column_is_not_given_a_side():
    with pytest.raises(UnknownKindError):
        detect(["Account", "From Bank", "Amount"], kind="transactions")
    m = detect(["From Bank", "Account", "Credit Account"])  # the "to" side is named: only "from" is inferred
    assert m.columns == {0: "from_bank", 1: "from_account", 2: "to_account"}


def test_duplicated_unmapped_headers_stay_apart():
    m = detect(["Debit Account", "Credit Account", "Note", "Note"])
    assert m.extra == {2: "Note (column 3)", 3: "Note (column 4)"}
