"""A CSV saved from a spreadsheet whose date column was formatted as a number: ``45545`` is 10 September
2024 in the spreadsheet's 1900 date system. It is read as that date (not as 45,545 days after 1970, a
simulator's step no simulator reaches), and the load's note says how many cells were read so."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from graphfraud.load import load_files
from graphfraud.output.error_text import translate_error
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

VN = timezone(timedelta(hours=7))


def test_serial_date_numbers_in_a_csv_are_the_dates_they_stand_for(tmp_path):
    f = write_csv(tmp_path / "sao_ke.csv", ["Ngày giao dịch", "TK chuyển", "TK nhận", "Số tiền"], [
        ["45545", "0011001932418", "1015500952", "500000"],
        ["45545.5", "0011001932418", "1015500953", "200000"],
        ["10/09/2024 13:00", "0011001932418", "1015500954", "100000"],
        ["99999", "0011001932418", "1015500955", "100000"]])
    with SQLiteStore(tmp_path / "g.db") as s:
        rep = load_files(s, [f])
        got = sorted((e.dst[1], None if e.ts is None else datetime.fromtimestamp(e.ts, VN),
                      e.props.get("time_precision")) for e in s.incident([("account", "0011001932418")]))
        rejects = s.rejects()
    assert got == [("1015500952", datetime(2024, 9, 10, tzinfo=VN), "day"),
                   ("1015500953", datetime(2024, 9, 10, 12, tzinfo=VN), None),
                   ("1015500954", datetime(2024, 9, 10, 13, tzinfo=VN), None),
                   ("1015500955", None, None)]
    # a five-digit number past the serial dates of 2100 is neither a date nor a step: a reject
    assert [(r["value"], "neither a date nor a step number" in r["reason"]) for r in rejects] == [("99999", True)]
    note = rep.files[0].sheets[0].note
    assert "2 time cells are a spreadsheet's serial date number (45545 is 10/09/2024): read as that date" in note
    assert "2 ô thời gian là số ngày kiểu bảng tính (45545 là 10/09/2024): đọc thành ngày đó" in \
        translate_error(note, "vi")
