"""Dates a month-first spreadsheet turned round: ``10/09/2024`` pasted into a sheet set to United States
English becomes a date cell of 9 October, while ``13/09/2024`` stays text. Such a cell is read as the
day-first dates written around it say, and the load's note names it; a sheet whose date cells are right
is read as stored. The layout is that of a relief account's statement a Vietnamese bank published in
2024 (the rows are made up)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from graphfraud.loaders.turned_dates import turn_back
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.load import load_files
from graphfraud.output.error_text import translate_error
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_xlsx

OWN = "1000007062914729"
HEADER = ["Stt", "Ngày giao dịch", "Nội dung giao dịch", "Số tiền giao dịch", "Số dư tài khoản"]
TITLE = [["SAO KÊ TÀI KHOẢN ỦY BAN MẶT TRẬN TỔ QUỐC (SỐ TIỀN CHUYỂN VÀO TK)"],
         [None, f"Số tài khoản: {OWN} tại Ngân hàng Chính sách xã hội"]]
VN = timedelta(hours=7)


def _rows(days):
    """One credit a row, dated by ``days`` (a text or a date cell each), from a donor of its own."""
    out, balance = [], 0
    for i, day in enumerate(days, start=1):
        balance += 100_000
        text = f"MBVCB.{6989712433 + i}.ung ho dong bao.CT tu {1015500950 + i} NGUYEN VAN {i} toi {OWN}"
        out.append([i, day, text, "100,000", f"{balance:,}"])
    return out


def _vn_days(stamps):
    """The Vietnam calendar days of epoch-second timestamps."""
    return sorted(datetime.fromtimestamp(t, timezone(VN)).date() for t in stamps)


def test_date_cells_a_spreadsheet_turned_round_are_read_as_the_dates_around_them(tmp_path):
    days = ["10/09/2024", datetime(2024, 10, 9), "10/09/2024", "11/09/2024", "30/09/2024", "01/10/2024",
            datetime(2024, 1, 10)]
    f = write_xlsx(tmp_path / "sao_ke.xlsx", {"01 10": [*TITLE, HEADER, *_rows(days)]})
    with SQLiteStore(tmp_path / "g.db") as s:
        rep = load_files(s, [f])
        edges = list(s.incident([("account", OWN)]))
    stamps = [e.ts for e in edges]
    # what the workbook stored is kept beside the reading
    kept = [e.props.get("extra", {}).get("Ngày giao dịch (as stored)") for e in edges]
    assert sorted(k for k in kept if k) == ["2024-01-10 00:00:00", "2024-10-09 00:00:00"]
    assert _vn_days(stamps) == [date(2024, 9, 10)] * 3 + [date(2024, 9, 11), date(2024, 9, 30)] + [
        date(2024, 10, 1)] * 2
    # read as the day their text gave, as the text dates around them are
    assert rep.files[0].sheets[0].dated_by_day == len(days)
    note = rep.files[0].sheets[0].note
    assert ("2 date cells that a spreadsheet had turned round (day and month) read as the dates written around "
            "them, rows 5 (Ngày giao dịch: 2024-10-09 → 2024-09-10), 10 (Ngày giao dịch: 2024-01-10 → 2024-10-01)"
            ) in note
    assert "2 ô ngày bị bảng tính đảo ngày và tháng được đọc theo các ngày ghi xung quanh, dòng 5" in \
        translate_error(note, "vi")


def test_date_cells_that_fit_the_rows_around_them_are_read_as_stored(tmp_path):
    # a date cell among text dates it agrees with: nothing is turned
    days = ["09/10/2024", datetime(2024, 10, 9), "09/10/2024", "13/10/2024"]
    f = write_xlsx(tmp_path / "sao_ke.xlsx", {"01 10": [*TITLE, HEADER, *_rows(days)]})
    with SQLiteStore(tmp_path / "g.db") as s:
        rep = load_files(s, [f])
        stamps = [e.ts for e in s.incident([("account", OWN)])]
    assert _vn_days(stamps) == [date(2024, 10, 9)] * 3 + [date(2024, 10, 13)]
    assert "turned round" not in rep.files[0].sheets[0].note
    # a column of date cells only, and text dates whose days are all 12 or less (either reading of
    # them is possible): nothing is turned either
    only = [(1, {1: "2024-09-10 00:00:00"}), (2, {1: "2024-10-05 00:00:00"})]
    assert turn_back(only, {(1, 1), (2, 1)}) == []
    ambiguous = [(1, {1: "05/09/2024"}), (2, {1: "2024-10-05 00:00:00"}), (3, {1: "07/09/2024"})]
    assert turn_back(ambiguous, {(2, 1)}) == [] and ambiguous[1][1][1] == "2024-10-05 00:00:00"
    # both readings fit between the text dates around the cell (10 September and 9 October): as stored
    both = [(1, {1: "05/09/2024"}), (2, {1: "2024-10-09 00:00:00"}), (3, {1: "15/10/2024"})]
    assert turn_back(both, {(2, 1)}) == [] and both[1][1][1] == "2024-10-09 00:00:00"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=1), st.booleans(), st.booleans()),
                min_size=2, max_size=60))
def test_a_column_in_time_is_turned_exactly_where_a_cell_was_swapped(cells):
    """Rows a day or less apart, day-first text dates between date cells: a date cell is read the other
    way exactly when the spreadsheet swapped it (a day of 12 or less that is not its month), and one
    stored right is never changed. The first row's day is above 12, so the column is day-first."""
    day = date(2024, 8, 25)
    rows, dated, swapped = [(0, {1: "25/08/2024"})], set(), []
    for n, (step, as_date, turn) in enumerate(cells, start=1):
        day += timedelta(days=step)
        if as_date and (n - 1, 1) not in dated and n < len(cells):   # a text date on either side
            turn = turn and day.day <= 12 and day.day != day.month
            stored = date(day.year, day.day, day.month) if turn else day
            rows.append((n, {1: f"{stored.isoformat()} 00:00:00"}))
            dated.add((n, 1))
            swapped += [(n, day.isoformat())] if turn else []
        else:
            rows.append((n, {1: day.strftime("%d/%m/%Y")}))
    got = turn_back(rows, dated)
    assert [(n, read) for n, _, _, read in got] == swapped
    assert all(col == 0 for _, col, _, _ in got)


def test_an_old_workbook_is_read_the_same_way(tmp_path):
    """An .xls statement (xlrd) whose date column mixes day-first text and a date cell turned round."""
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("01 10")
    ws.write(0, 0, TITLE[0][0])
    ws.write(1, 1, TITLE[1][1])
    for c, h in enumerate(HEADER):
        ws.write(3, c, h)
    when = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for i, row in enumerate(_rows(["10/09/2024", datetime(2024, 10, 9), "13/09/2024"])):
        for c, v in enumerate(row):
            if isinstance(v, datetime):
                ws.write(4 + i, c, v, when)
            else:
                ws.write(4 + i, c, v)
    f = tmp_path / "sao_ke.xls"
    book.save(str(f))
    with SQLiteStore(tmp_path / "g.db") as s:
        rep = load_files(s, [f])
        stamps = [e.ts for e in s.incident([("account", OWN)])]
    assert _vn_days(stamps) == [date(2024, 9, 10)] * 2 + [date(2024, 9, 13)]
    assert "rows 6 (Ngày giao dịch: 2024-10-09 → 2024-09-10)" in rep.files[0].sheets[0].note
