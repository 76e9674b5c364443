"""Hostile XLSX: a stale or bomb `<dimension ref>` tag, formula cells without a saved value."""

import re
import tracemalloc
import zipfile

import pytest
from graphfraud.loaders import read_xlsx
from graphfraud.loaders.detect import header_score
from graphfraud.loaders.read import read_tables

from graphfraud.errors import InputError
from graphfraud.load import load_files
from tests.conftest import write_xlsx

HEADER = ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền", "Thời gian", "Nội dung", "Địa chỉ IP"]
ROWS = [[f"00112{i:05d}", "0099887766", 100, "01/02/2024 10:00", "x", f"1.2.3.{i}"] for i in range(10)]


def _set_dimension(path, ref: str) -> None:
    """Rewrite the `<dimension ref>` tag of every sheet, as a program that does not update it leaves it."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="%s"/>' % ref.encode(), data)
                assert n == 1
            out.writestr(info, data)


@pytest.mark.parametrize("ref", ["A1:F6", "A1:D5", "A1:A1"])
def test_a_stale_dimension_tag_loses_no_row_or_column(store, tmp_path, ref):
    """The read-only reader trusted the tag: with A1:F6 rows 7-11 vanished, with A1:D5 columns E-F too."""
    p = write_xlsx(tmp_path / "tx.xlsx", {"GD": [HEADER, *ROWS]})
    _set_dimension(p, ref)
    rep = load_files(store, [p])
    sheet = rep.files[0].sheets[0]
    assert sheet.rows == 10 and rep.total_rejects == 0
    assert set(sheet.mapping["columns"]) == set(HEADER)
    assert store.stats()["edges"] == {"transfer": 10, "login": 10}


def test_a_dimension_bomb_reads_only_the_cells_present(tmp_path):
    """A1:XFD1048576 with one cell in the last row and column: a million rows of 16,384 empty cells were
    handed out. Now the reader keeps the cells present: a few megabytes at most."""
    import openpyxl

    p = tmp_path / "bomb.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [HEADER, *ROWS]:
        ws.append(r)
    ws.cell(row=1048576, column=16384, value="far")
    wb.save(p)
    _set_dimension(p, "A1:XFD1048576")
    tracemalloc.start()
    try:
        tables = list(read_tables(p, header_score=header_score))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 << 20, f"{peak / 2**20:.0f} MiB"
    (t,) = tables
    assert [t.row_number(i) for i in range(len(t.rows))] == [*range(2, 12), 1048576]
    assert t.ragged == [(1048576, "row has 16384 cells, the header has 6")]


def test_a_header_reaching_the_last_column_over_many_rows_is_refused_in_one_line(store, tmp_path, monkeypatch):
    """Rows x header width is checked before the table is made."""
    monkeypatch.setattr(read_xlsx, "MAX_CELLS", 100_000)
    import openpyxl

    p = tmp_path / "wide.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [HEADER, *ROWS]:
        ws.append(r)
    ws.cell(row=1, column=16384, value="ghi chú")
    wb.save(p)
    with pytest.raises(InputError, match=r"wide\.xlsx \[sheet Sheet\]: 10 rows under a header 16,384 columns wide"):
        load_files(store, [p])


def test_a_formula_without_a_saved_value_is_a_reject(store, tmp_path):
    """openpyxl (and other writers that do not calculate) save formulas without their value: the sender
    account of row 3 read as empty, and the transfer vanished with no reject."""
    rows = [list(r) for r in ROWS[:3]]
    rows[1][0] = "=A2"
    p = write_xlsx(tmp_path / "tx.xlsx", {"GD": [HEADER, *rows]})
    rep = load_files(store, [p])
    assert rep.total_rows == 3
    got = sorted((r["row"], r["column"], r["value"], r["reason"]) for r in store.rejects())
    assert got == [(3, "Tài khoản ghi nợ", "", "no sender account: the transfer is not stored"),
                   (3, "Tài khoản ghi nợ", "=A2", read_xlsx.NO_SAVED_VALUE)]
    assert store.stats()["edges"]["transfer"] == 2
    assert "deposit" not in store.stats()["edges"]   # the cell was not empty: no deposit is made of it


def test_blank_rows_in_a_sheet_are_no_rows_and_later_rows_keep_their_numbers(store, tmp_path):
    p = write_xlsx(tmp_path / "tx.xlsx", {"GD": [HEADER, ROWS[0], [None] * 6, ["", " "], ROWS[1] + ["", "x"]]})
    rep = load_files(store, [p])
    assert rep.total_rows == 2
    assert [(r["row"], r["column"]) for r in store.rejects()] == [(5, "*")]
