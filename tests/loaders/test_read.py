"""Reading real files: encodings, delimiters, sheets, JSON shapes, ragged rows."""

import pytest
from graphfraud.loaders.detect import header_score
from graphfraud.loaders.read import read_tables

from graphfraud.errors import EncodingError, InputError
from tests.conftest import write_csv, write_json, write_xlsx

HEADER = ["Số tài khoản", "Chủ tài khoản", "SĐT"]
ROWS = [["0011223344", "Nguyễn Văn Ấn", "0912 345 678"], ["0099887766", "NA", "+84 987 654 321"]]


def _all(path):
    tables = list(read_tables(path, header_score=header_score))
    rows = [r for t in tables for r in t.rows.values.tolist()]
    return tables, rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings(tmp_path, encoding):
    p = write_csv(tmp_path / "a.csv", HEADER, ROWS, encoding=encoding)
    tables, rows = _all(p)
    assert tables[0].headers == HEADER
    # every cell is text: leading zeros and "NA" survive; cp1258 comes back as NFC after cleaning
    import unicodedata
    assert [[unicodedata.normalize("NFC", c) for c in r] for r in rows] == ROWS
    assert tables[0].first_row == 2


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiters(tmp_path, delimiter):
    p = write_csv(tmp_path / "a.csv", HEADER, ROWS, delimiter=delimiter)
    _, rows = _all(p)
    assert rows == ROWS


def test_title_rows_above_the_header_are_skipped(tmp_path):
    p = tmp_path / "sao_ke.csv"
    p.write_text("SAO KÊ TÀI KHOẢN,,\nTừ ngày 01/03/2024,,\n" + ",".join(HEADER) + "\n" +
                 "\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    tables, rows = _all(p)
    assert tables[0].headers == HEADER
    assert rows == ROWS
    assert tables[0].first_row == 4


def test_ragged_rows_are_flagged_not_dropped(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text(",".join(HEADER) + "\n0011223344,A,0912345678,EXTRA\n0099887766,B\n", encoding="utf-8")
    tables, rows = _all(p)
    assert len(rows) == 2
    assert rows[1] == ["0099887766", "B", ""]
    assert tables[0].ragged and tables[0].ragged[0][0] == 2 and "4 fields" in tables[0].ragged[0][1]


def test_xlsx_sheets_and_number_cells(tmp_path):
    p = write_xlsx(tmp_path / "kyc.xlsx", {
        "Ghi chú": [["Báo cáo KYC"]],
        "KYC": [HEADER, ["0011223344", "Trần Thị B", 912345678], ["0099887766", "C", 84987654321.0]],
    })
    tables, rows = _all(p)
    assert [t.sheet for t in tables] == ["Ghi chú", "KYC"]
    kyc = tables[1]
    assert kyc.rows.values.tolist()[0] == ["0011223344", "Trần Thị B", "912345678"]
    assert kyc.rows.values.tolist()[1][2] == "84987654321"


def test_json_shapes(tmp_path):
    recs = [{"STK": "001", "Địa chỉ IP": "1.2.3.4"}, {"STK": "002", "Thiết bị": "abc"}]
    for name, doc in (("a.json", recs), ("b.json", {"data": recs})):
        tables, rows = _all(write_json(tmp_path / name, doc))
        assert tables[0].headers == ["STK", "Địa chỉ IP", "Thiết bị"]
        assert rows == [["001", "1.2.3.4", ""], ["002", "", "abc"]]
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join(__import__("json").dumps(r) for r in recs), encoding="utf-8")
    assert _all(p)[1] == [["001", "1.2.3.4", ""], ["002", "", "abc"]]


def test_empty_and_unknown_files_are_refused(tmp_path):
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        list(read_tables(tmp_path / "e.csv"))
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unknown file type"):
        list(read_tables(tmp_path / "x.pdf"))
    (tmp_path / "bad.csv").write_bytes(b"a,b\n\x81\x8d\x8f\x90,x\n")
    with pytest.raises(EncodingError, match="bad.csv"):
        list(read_tables(tmp_path / "bad.csv"))
