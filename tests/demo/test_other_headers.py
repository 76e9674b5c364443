"""The same case written by someone else: every header of the demo files spelled another way (none of
them an alias graphfraud lists), loaded and analysed, gives the same graph and the same answers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from graphfraud.loaders.fields import ALIASES

from graphfraud.analysis.linking import link_cases
from graphfraud.analysis.mules import mules
from graphfraud.load import load_files
from graphfraud.normalize.base import fold
from graphfraud.store.sqlite import SQLiteStore

# demo header -> how another unit, bank or telco writes it
OTHER = {
    "Mã giao dịch": "Mã GD", "Thời gian": "Ngày giờ GD", "Tài khoản ghi nợ": "STK chuyển tiền",
    "Ngân hàng chuyển": "NH chuyển tiền", "Tài khoản ghi có": "Số TK người nhận", "Ngân hàng nhận": "NH nhận tiền",
    "Số tiền": "Số tiền (VND)", "Loại tiền": "Loại tiền tệ GD", "Kênh": "Kênh GD", "Địa chỉ IP": "IP truy cập",
    "Mã thiết bị": "ID thiết bị", "Nội dung": "Nội dung CK",
    "Transaction ID": "Txn Reference", "Transaction Date": "Posting Date", "Debit Account": "Sender Account No",
    "Debit Bank": "Sender Bank Code", "Credit Account": "Receiver Account No", "Beneficiary Bank": "Receiving Bank",
    "Amount": "Amount (VND)", "Currency": "Txn Currency", "Channel": "Payment Channel",
    "IP Address": "IP máy khách", "Device ID": "Device Fingerprint", "Remarks": "Narrative Text",
    "Số gọi": "Số thuê bao A", "Số bị gọi": "Số thuê bao B", "Thời gian gọi": "Thời gian bắt đầu",
    "Thời lượng (giây)": "Thời lượng cuộc gọi (s)", "Loại cuộc gọi": "Loại dịch vụ", "Quốc gia gọi": "Quốc gia của số gọi",
    "account_number": "acct_no", "bank_code": "bank_id", "ip_address": "login_ip",
    "device_id": "device_fingerprint", "login_time": "event_time", "country_code": "geo_country",
    "Chủ tài khoản": "Họ tên chủ TK", "Số CCCD": "CCCD/CMND", "SĐT đăng ký": "Số điện thoại liên hệ",
    "Email": "Địa chỉ email", "Sinh trắc học": "Đã xác thực sinh trắc", "Ngày mở TK": "Ngày mở tài khoản KH",
    "Mã vụ việc": "Số hồ sơ vụ việc", "Ngày tiếp nhận": "Ngày tiếp nhận đơn",
    "Họ tên nạn nhân": "Họ và tên người bị hại", "SĐT nạn nhân": "Điện thoại bị hại",
    "STK nạn nhân": "Tài khoản của bị hại", "Ngân hàng nạn nhân": "NH của bị hại",
    "SĐT đối tượng": "SĐT lừa đảo liên hệ", "STK đối tượng": "Số tài khoản nhận tiền",
    "Ngân hàng đối tượng": "Ngân hàng đối tượng nhận tiền", "MXH đối tượng": "Facebook/Zalo đối tượng",
    "Website lừa đảo": "Đường link lừa đảo", "Email đối tượng": "Email của đối tượng",
    "Số tiền thiệt hại": "Tổng số tiền bị chiếm đoạt", "Thủ đoạn": "Hình thức lừa đảo nêu trong đơn",
    "Nội dung vụ việc": "Tóm tắt nội dung", "Tài khoản MXH": "Link Facebook/Zalo", "Nền tảng": "Ứng dụng",
    "Số điện thoại": "SĐT liên kết", "Tên hiển thị": "Tên hiển thị trên MXH",
}
_ALIAS = {fold(a) for names in ALIASES.values() for a in names}


def _rewrite(src: Path, dst: Path) -> None:
    """``src`` with each header of :data:`OTHER` replaced, cells untouched."""
    if src.suffix == ".csv":
        text = src.read_text(encoding="utf-8-sig")
        head, _, rest = text.partition("\n")
        cells = next(csv.reader([head.rstrip("\r")]))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow([OTHER.get(c, c) for c in cells])
        dst.write_text(buf.getvalue() + ("\r\n" if head.endswith("\r") else "\n") + rest, encoding="utf-8-sig")
    elif src.suffix == ".json":
        rows = json.loads(src.read_text(encoding="utf-8"))
        dst.write_text(json.dumps([{OTHER.get(k, k): v for k, v in r.items()} for r in rows], ensure_ascii=False),
                       encoding="utf-8")
    else:
        import openpyxl

        wb = openpyxl.load_workbook(src)
        for ws in wb.worksheets:
            for cell in ws[1]:
                cell.value = OTHER.get(cell.value, cell.value)
        wb.save(dst)


def _answers(db: Path, files: list[Path]) -> dict:
    with SQLiteStore(db) as store:
        load_files(store, files)
        flagged = sorted((m["value"], round(m["score"], 6)) for m in mules(store, explain=False))
        cases = sorted(sorted(str(c) for c in g["cases"]) for g in link_cases(store))
        return {"stats": store.stats()["edges"], "rejects": len(store.rejects()), "mules": flagged, "cases": cases}


@pytest.mark.slow
def test_the_demo_with_every_header_written_another_way_gives_the_same_answers(demo_case, tmp_path):
    assert not [h for h in OTHER.values() if fold(h) in _ALIAS], "a rewritten header is an alias: not a test"
    files = list(demo_case.all_files())
    other = []
    for p in files:
        other.append(tmp_path / p.name)
        _rewrite(p, other[-1])
    original = _answers(tmp_path / "original.db", files)
    rewritten = _answers(tmp_path / "rewritten.db", other)
    assert original["mules"] and original["cases"]
    assert rewritten == original
