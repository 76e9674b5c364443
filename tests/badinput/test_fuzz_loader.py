"""Fuzzing the loader: random bytes and random CSV/JSON shaped text either load or fail with a
graphfraud error naming the file — nothing else escapes, and a load that succeeds accounts for
every row (loaded rows + rejects)."""

import json
import tempfile
from pathlib import Path

from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud.errors import GraphFraudError
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore

HEADERS = ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền", "Thời gian", "Địa chỉ IP", "SĐT", "STK",
           "Chủ tài khoản", "Số gọi", "Số bị gọi", "Mã vụ việc", "x", "", "=cmd|' /C calc'!A0"]
CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["0912 345 678", "9.12345678E8", "999.1.1.1", "01/02/2024 10:00", "1.500.000,50", "NA",
                     "'0011223344", "abc", "\"", ",", "\n", "=1+1", "+84 912 345 678", "::ffff:1.2.3.4"]),
)


def _run(tmp_path, name, data: bytes):
    d = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis reuses tmp_path across examples
    p = d / name
    p.write_bytes(data)
    store = SQLiteStore(d / "g.db")
    try:
        rep = load_files(store, [p])
    except GraphFraudError as exc:
        assert name in str(exc) or str(p) in str(exc) or "headers" in str(exc), str(exc)
        assert store.stats()["total_edges"] == 0  # a refused file leaves nothing behind
        return
    finally:
        store.close()
    assert rep.files and rep.files[0].sha256


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
@example(b"\xfe\xff\x00")   # a UTF-16 byte-order mark before an odd number of bytes
def test_random_bytes(tmp_path, data):
    _run(tmp_path, "fuzz.csv", data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
       st.lists(st.lists(CELL, max_size=8), max_size=12),
       st.sampled_from([",", ";", "\t"]))
def test_random_csv(tmp_path, header, rows, sep):
    text = "\n".join(sep.join(r) for r in [header, *rows])
    _run(tmp_path, "fuzz.csv", text.encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(st.sampled_from(HEADERS), st.one_of(CELL, st.integers(), st.floats(),
                                                                   st.none(), st.booleans()), max_size=6),
                max_size=10))
def test_random_json(tmp_path, records):
    _run(tmp_path, "fuzz.json", json.dumps(records).encode("utf-8"))
