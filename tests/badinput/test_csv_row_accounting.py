"""CSV rows are all accounted for, under the line they start on, whichever reader reads them: the fast
one (pandas, in chunks) or the line-counting one (blank lines, ragged rows, line breaks in cells)."""

import pytest
from graphfraud.loaders import read

from graphfraud.load import load_files

HEADER = "Tài khoản ghi nợ,Tài khoản ghi có,Số tiền,Địa chỉ IP\n"


def _reject_rows(store):
    return sorted((r["row"], r["column"]) for r in store.rejects())


def test_a_first_row_longer_than_the_header_and_spare_columns_is_a_reject(store, tmp_path):
    """pandas kept the first fields of such a row and dropped the rest with a warning."""
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "0011223366,0011223377,200,,,,,,,0099887766\n0011223344,0011223355,100,\n",
                 encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 2
    assert _reject_rows(store) == [(2, "*")]


def test_a_line_break_inside_a_quoted_cell_does_not_shift_later_row_numbers(store, tmp_path):
    p = tmp_path / "tx.csv"
    p.write_text(HEADER.replace("\n", ",Nội dung\n")
                 + '0011223344,0011223355,100,1.2.3.4,"chuyen\ntien"\n'
                 + "0011223366,0011223377,200,999.1.1.1,x\n", encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 2
    assert _reject_rows(store) == [(4, "Địa chỉ IP")]  # the bad IP is on line 4


def test_a_blank_line_far_down_a_large_file_does_not_shift_later_row_numbers(store, tmp_path):
    rows = [f"00112{i:05d},0099887766,100,1.2.3.4\n" for i in range(3000)]  # > 64 KB before the blank line
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "".join(rows) + "\n" + "0011223366,0011223377,200,999.1.1.1\n", encoding="utf-8")
    assert p.stat().st_size > 64 * 1024
    rep = load_files(store, [p])
    assert rep.total_rows == 3001
    assert _reject_rows(store) == [(3003, "Địa chỉ IP")]  # header line 1, rows 2..3001, blank 3002


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_rows_filling_the_last_chunk_exactly_are_loaded_not_refused(store, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(read, "CHUNK_ROWS", chunk)
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "\n0011223344,0011223355,100,\n0011223366,0011223377,200,\n", encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 2 and rep.files[0].sheets[0].status == "loaded"


def test_falling_back_to_the_line_counting_reader_mid_file_loses_no_row(store, tmp_path, monkeypatch):
    """The fast reader read a chunk holding a row of blank cells, then met a ragged row: the line-counting
    reader goes on after the last line the fast one read. The row of blank cells is no row in either
    reader (it was counted when the fast one read it, and not when the line-counting one did)."""
    monkeypatch.setattr(read, "CHUNK_ROWS", 2)
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + " , , , \n0011223344,0011223355,100,\n0011223366,0011223377,200,,x\n"
                 + "0011223388,0011223399,300,999.1.1.1\n", encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 3
    assert _reject_rows(store) == [(4, "*"), (5, "Địa chỉ IP")]
    assert store.nodes([("account", "0011223388")])
