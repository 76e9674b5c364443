"""Old Excel workbooks (.xls), written as a bank's statement export writes them."""

from datetime import datetime, timezone

import pytest
import xlwt
from graphfraud.loaders.read import read_tables
from graphfraud.loaders.read_xls import ERROR_CELL

from graphfraud.errors import InputError
from graphfraud.load import load_files

OWN = "0071001234567"


def _statement_xls(path):
    book = xlwt.Workbook()
    ws = book.add_sheet("Sao ke")
    ws.write(0, 0, "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM")
    ws.write(1, 0, f"Số tài khoản: {OWN}")
    for c, h in enumerate(["Ngày giao dịch", "Số tiền ghi nợ", "Số tiền ghi có", "Tài khoản đối ứng", "Nội dung"]):
        ws.write(3, c, h)
    when = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    ws.write(4, 0, datetime(2024, 3, 2, 10, 15), when)
    ws.write(4, 2, 15000000.0)
    ws.write(4, 3, 1903456789012)          # a number cell: read without ".0"
    ws.write(4, 4, "NGUYEN THI B chuyen tien")
    ws.write(5, 0, datetime(2024, 3, 2, 10, 40), when)
    ws.write(5, 1, 14800000)
    ws.write(5, 3, "0451000987654")
    ws.row(5).set_cell_error(4, 42, xlwt.Style.default_style)  # #N/A
    book.add_sheet("Trống")
    book.save(str(path))
    return path


def test_a_bank_statement_in_an_old_workbook(store, tmp_path):
    f = _statement_xls(tmp_path / "sao_ke.xls")
    rep = load_files(store, [f])
    sheet = rep.files[0].sheets[0]
    assert sheet.sheet == "Sao ke" and sheet.kind == "statements" and sheet.rows == 2
    got = sorted((e.src[1], e.dst[1], e.amount, e.ts) for e in store.incident([("account", OWN)])
                 if e.type == "transfer")
    utc = timezone.utc  # 10:15 and 10:40 Vietnam time
    assert got == sorted([("1903456789012", OWN, "15000000", int(datetime(2024, 3, 2, 3, 15, tzinfo=utc).timestamp())),
                          (OWN, "0451000987654", "14800000", int(datetime(2024, 3, 2, 3, 40, tzinfo=utc).timestamp()))])
    e = next(e for e in store.incident([("account", OWN)]) if e.dst[1] == OWN)
    prov = store.provenance([e.id])[e.id][0]
    assert (prov["file"], prov["sheet"], prov["row"]) == ("sao_ke.xls", "Sao ke", 5)
    assert [(r["row"], r["column"], r["value"], r["reason"]) for r in store.rejects()] == [
        (6, "Nội dung", "#N/A", ERROR_CELL)]


def test_a_web_page_named_xls_is_refused_saying_what_it_is(tmp_path):
    f = tmp_path / "export.xls"
    f.write_text("<html><body><table><tr><td>Số tài khoản</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="web page"):
        list(read_tables(f))
    g = tmp_path / "broken.xls"
    g.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match="not a readable .xls workbook"):
        list(read_tables(g))
