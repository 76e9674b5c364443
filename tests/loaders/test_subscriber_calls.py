"""One subscriber's list of calls, as a carrier sends it: the other party and the way each call went."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud.facts_subscriber import NO_DIRECTION
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

SUB = "+84912345678"


def _calls(store, number=SUB):
    return sorted((e.src[1], e.dst[1], e.props.get("duration_s")) for e in store.incident([("phone", number)])
                  if e.type == "call")


def test_a_subscriber_list_with_its_number_above_the_table(store, tmp_path):
    buf = io.StringIO()
    csv.writer(buf).writerows([
        ["DANH SÁCH CUỘC GỌI"], ["Số thuê bao: 0912 345 678", "Từ ngày 01/03/2024"], [],
        ["STT", "Số đối phương", "Hướng", "Thời gian bắt đầu", "Thời lượng (giây)"],
        ["1", "0987654321", "Gọi đi", "02/03/2024 10:00:00", "65"],
        ["2", "+855 12 345 678", "Gọi đến", "02/03/2024 11:00:00", "120"],
        ["3", "0977111222", "MO", "03/03/2024 09:00:00", "5"],
        ["4", "0977111222", "chuyển tiếp", "03/03/2024 09:30:00", "7"],
    ])
    f = tmp_path / "cdr_0912345678.csv"
    f.write_text(buf.getvalue(), encoding="utf-8")
    rep = load_files(store, [f])
    sheet = rep.files[0].sheets[0]
    assert sheet.kind == "calls" and sheet.mapping["above_the_table"]["Số thuê bao (row 2)"]["field"] == "subscriber"
    assert _calls(store) == sorted([("+85512345678", SUB, "120"), (SUB, "+84977111222", "5"),
                                    (SUB, "+84987654321", "65")])
    assert [(r["row"], r["value"], r["reason"]) for r in store.rejects()] == [(8, "chuyển tiếp", NO_DIRECTION)]
    e = next(e for e in store.incident([("phone", SUB)]) if e.src[1] == "+85512345678")
    assert store.provenance([e.id])[e.id][0]["columns"] == "other_party,subscriber"


def test_the_direction_written_in_the_call_type_column(store, tmp_path):
    f = write_csv(tmp_path / "list.csv", ["MSISDN", "Other party", "Call type", "Start time", "Duration"],
                  [["84912345678", "0987654321", "Outgoing call", "2024-03-02 10:00:00", "30"],
                   ["84912345678", "0987654321", "Incoming call", "2024-03-02 10:05:00", "40"]])
    load_files(store, [f])
    assert _calls(store) == sorted([("+84987654321", SUB, "40"), (SUB, "+84987654321", "30")])


def test_a_caller_and_callee_file_is_read_as_before(store, tmp_path):
    f = write_csv(tmp_path / "cdr.csv", ["Số gọi", "Số bị gọi", "Thời gian gọi", "Thời lượng (giây)"],
                  [["0912345678", "0987654321", "02/03/2024 10:00", "65"]])
    load_files(store, [f])
    assert _calls(store) == [(SUB, "+84987654321", "65")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["Gọi đi", "MO", "Outgoing", "Gọi đến", "MT", "Incoming"]),
                          st.integers(0, 9_999_999).map(lambda n: f"{n:07d}")), min_size=1, max_size=20))
def test_each_call_goes_the_way_its_row_says(tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("cdr")
    f = write_csv(tmp / "c.csv", ["Số thuê bao", "Số đối phương", "Hướng", "Thời gian", "Thời lượng"],
                  [["0912345678", f"098{n}", way, f"02/03/2024 10:{i % 60:02d}", str(i)]
                   for i, (way, n) in enumerate(rows)])
    with SQLiteStore(tmp / "g.db") as s:
        load_files(s, [f])
        got = sorted((e.props["duration_s"], e.src[1], e.dst[1]) for e in s.incident([("phone", SUB)]))
    want = sorted((str(i), SUB if way in ("Gọi đi", "MO", "Outgoing") else f"+8498{n}",
                   f"+8498{n}" if way in ("Gọi đi", "MO", "Outgoing") else SUB) for i, (way, n) in enumerate(rows))
    assert got == want
