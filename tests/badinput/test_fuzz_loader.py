"""Fuzzing the loader: random bytes and random CSV/JSON shaped text either load or fail with a
graphfraud error naming the file — nothing else escapes, and a load that succeeds accounts for
every row: each data row of the file (as Python's csv module or json module reads it) is counted in
the file's rows under its own row number, and each of those rows was loaded (the provenance of a fact
or an identifier names it) or rejected (a reject names it), or both."""

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

from graphfraud.loaders.detect import header_score
from graphfraud.loaders.read import (
    HEADER_SCAN_ROWS,
    _pick_header,
    _sniff_delimiter,
    detect_encoding,
    read_tables,
)
from graphfraud.loaders.read_csv import MAX_ROW_LINES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graphfraud.errors import GraphFraudError
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore


def _examples(default: int) -> int:
    """Examples per property; GRAPHFRAUD_FUZZ_EXAMPLES runs a longer hunt."""
    return int(os.environ.get("GRAPHFRAUD_FUZZ_EXAMPLES", default))


TX_HEADER = ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"]  # a header every load detects
HEADERS = ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền", "Thời gian", "Địa chỉ IP", "SĐT", "STK",
           "Chủ tài khoản", "Số gọi", "Số bị gọi", "Mã vụ việc", "x", "", "=cmd|' /C calc'!A0"]
CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["0912 345 678", "9.12345678E8", "999.1.1.1", "01/02/2024 10:00", "1.500.000,50", "NA",
                     "'0011223344", "abc", "\"", ",", "\n", "=1+1", "+84 912 345 678", "::ffff:1.2.3.4"]),
)


_END = "\u2063END OF FILE\u2063\n"  # a line after the last: a cell still open at the end swallows it


def _csv_records(text: str, delim: str) -> list[tuple[int, list[str] | None]]:
    """(line the record starts on, cells) as the csv module reads them from each line on; a record whose
    quoted cell is still open at the end of the file, or spans more than MAX_ROW_LINES lines, is
    (line, None): rejected, and the next record starts on the line after its first."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
    out, i = [], 0
    while i < len(lines):
        reader = csv.reader(iter(lines[i:] + [_END]), delimiter=delim)
        rec = next(reader)
        used = reader.line_num
        if any(_END.strip() in c for c in rec) or used > MAX_ROW_LINES:
            out.append((i + 1, None))
            i += 1
        else:
            out.append((i + 1, rec))
            i += used
    return out


def _csv_data_rows(path: Path) -> tuple[list[int], list[int], list[int]]:
    """Row numbers (first line of each record) of a CSV read by the csv module: the data rows below the
    header row, the rows below it whose cells are all blank, and the rows with a value beyond the header
    or rejected whole. The delimiter and the header row are chosen as the loader chooses them; the
    records are counted independently."""
    encoding = detect_encoding(path)
    if encoding in ("utf-8", "utf-8-sig", "cp1258"):  # each line UTF-8 if it can be, else cp1258
        text = "".join(_decode_line(b) for b in re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$",
                                                          path.read_bytes()))
        text = text.removeprefix("\ufeff")
    else:
        with open(path, encoding=encoding, newline="") as fh:
            text = fh.read()
    delim = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text[:64 * 1024])
    records = _csv_records(text, delim)
    if not records:
        return [], [], []
    h = _pick_header([r or [] for _, r in records[:HEADER_SCAN_ROWS]], header_score)
    width = len(records[h][1] or [])
    below = records[h + 1:]
    return ([n for n, r in below if r is None or any(c.strip() for c in r)],
            [n for n, r in below if r is not None and not any(c.strip() for c in r)],
            [n for n, r in below if r is None or any(c.strip() for c in r[width:])])


def _decode_line(b: bytes) -> str:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("cp1258")


def _json_data_rows(path: Path) -> tuple[list[int], list[int], list[int]]:
    """Row N is the N-th record of the list (or of the one list inside an object, or of JSON lines)."""
    text = path.read_text(encoding=detect_encoding(path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        doc = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(doc, dict):
        (doc,) = [v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
    return list(range(1, len(doc) + 1)), [], [i for i, r in enumerate(doc, 1) if not isinstance(r, dict)]


def _check_accounting(path: Path, rep, store, chunk_rows: int | None = None) -> None:
    """Every data row is counted in the file's rows (under its row number), and each row counted was
    loaded (a fact or an identifier stated by that row) or rejected (a reject naming that row), or
    both (a row with one bad cell); nothing is stored or rejected under a row that was not read."""
    sheets = [s for f in rep.files for s in f.sheets]
    assert all(s.status == "loaded" for s in sheets), [(s.status, s.note) for s in sheets]
    expected, blank, ragged = _json_data_rows(path) if path.suffix == ".json" else _csv_data_rows(path)
    read = [t.row_number(i) for t in read_tables(path, header_score=header_score, chunk_rows=chunk_rows)
            for i in range(len(t.rows))]
    assert [n for n in read if n not in blank] == expected, f"rows read {read}, data rows {expected}"
    assert sum(s.rows for s in sheets) == len(read) == len(set(read))
    rejects = store.rejects()
    rejected = {r["row"] for r in rejects}
    assert sum(s.rejects for s in sheets) == len(rejects)
    # a row with values the table has no column for (beyond the header, or not an object) is reported
    assert set(ragged) <= {r["row"] for r in rejects if r["column"] == "*"}, f"unreported ragged rows {ragged}"
    stored = {r[0] for r in store.db.execute("SELECT row FROM edge_src UNION SELECT row FROM node_src")}
    assert set(read) == stored | rejected, (f"rows neither loaded nor rejected {sorted(set(read) - stored - rejected)}, "
                                            f"stored or rejected but not read {sorted((stored | rejected) - set(read))}")


def _run(tmp_path, name, data: bytes, chunk_rows: int | None = None):
    d = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis reuses tmp_path across examples
    p = d / name
    p.write_bytes(data)
    store = SQLiteStore(d / "g.db")
    try:
        try:
            rep = load_files(store, [p], chunk_rows=chunk_rows)
        except GraphFraudError as exc:
            assert name in str(exc) or str(p) in str(exc) or "headers" in str(exc), str(exc)
            assert store.stats()["total_edges"] == 0  # a refused file leaves nothing behind
            if "no rows below the header" in str(exc):
                assert not _csv_data_rows(p)[0], "refused as header-only, but it has data rows"
            return
        assert rep.files and rep.files[0].sha256
        _check_accounting(p, rep, store, chunk_rows)
    finally:
        store.close()


@settings(max_examples=_examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
@example(b"\xfe\xff\x00")   # a UTF-16 byte-order mark before an odd number of bytes
def test_random_bytes(tmp_path, data):
    _run(tmp_path, "fuzz.csv", data)


@settings(max_examples=_examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
                st.lists(st.sampled_from(HEADERS), max_size=3).map(lambda h: TX_HEADER + h)),
       st.lists(st.lists(CELL, max_size=8), max_size=12),
       st.sampled_from([",", ";", "\t"]))
# a line break inside a quoted cell: the fast reader numbered the rows after it one line too early
@example(TX_HEADER, [['"'], ['"'], ['0']], ",")
# pandas dropped the fields of a first data row beyond the header and 4 spare columns, with a warning
@example(["Tài khoản ghi nợ", "Tài khoản ghi có"], [["0011223366", "0011223377", "", "", "", "", "", "x"]], ",")
def test_random_csv(tmp_path, header, rows, sep):
    """Raw text: cells with quotes, separators and line breaks written unquoted; ragged rows."""
    text = "\n".join(sep.join(r) for r in [header, *rows])
    _run(tmp_path, "fuzz.csv", text.encode("utf-8"))


@settings(max_examples=_examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
                st.lists(st.sampled_from(HEADERS), max_size=3).map(lambda h: TX_HEADER + h)),
       st.lists(st.lists(CELL, max_size=8), max_size=12),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["\n", "\r\n"]),
       st.lists(st.integers(min_value=0, max_value=14), max_size=4))
# the sniffer took the comma of the one data cell for the delimiter of a header written with ';'
@example(["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"], [[",", ""]], ";", "\n", [])
# a data row with a cell past the header's last was read as the second row of a two-row header
@example(["Số gọi"], [["", "Called"]], ",", "\n", [])
def test_quoted_csv_with_blank_lines(tmp_path, header, rows, sep, eol, blanks):
    """Cells quoted as a spreadsheet writes them (quotes doubled, line breaks inside quotes), ragged
    rows, and blank lines anywhere (before the header too)."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=eol).writerows([header, *rows])
    lines = buf.getvalue().split(eol)
    for i in sorted(blanks, reverse=True):
        lines.insert(min(i, len(lines)), "")
    _run(tmp_path, "fuzz.csv", eol.join(lines).encode("utf-8"))


JSON_VALUE = st.one_of(CELL, st.integers(), st.floats(), st.none(), st.booleans())


@settings(max_examples=_examples(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.dictionaries(st.sampled_from(HEADERS), JSON_VALUE, max_size=6),
                          st.fixed_dictionaries({h: JSON_VALUE for h in TX_HEADER},
                                                optional={h: JSON_VALUE for h in HEADERS if h not in TX_HEADER})),
                max_size=10),
       st.booleans())
def test_random_json(tmp_path, records, wrapped):
    """Records with random keys and values, or with the keys of a transfer; a list, or one list inside
    an object."""
    _run(tmp_path, "fuzz.json", json.dumps({"data": records} if wrapped else records).encode("utf-8"))


@settings(max_examples=_examples(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.fixed_dictionaries({h: JSON_VALUE for h in TX_HEADER}), JSON_VALUE,
                          st.lists(CELL, max_size=3)), min_size=1, max_size=10))
def test_json_with_records_that_are_not_objects(tmp_path, records):
    """A list mixing transfer objects with numbers, text, null and lists: each non-object is a reject."""
    _run(tmp_path, "fuzz.json", json.dumps(records).encode("utf-8"))


def _line(kind: str, sep: str, cells: list[str], n: int) -> str:
    row = [f"00112{n:05d}", "0099887766", "100"]
    if kind == "stray quote":  # a quote opening a cell that never closes
        row[2] = '"ck'
    elif kind == "quote inside":  # text, not a quote opening a cell
        row.append('c"k')
    elif kind == "empty cells":
        return sep * 3
    elif kind == "blank":
        return ""
    elif kind == "ragged":
        row += ["", "", "", "", "x"]
    elif kind == "no sender":
        row[0] = ""
    elif kind == "random":
        row = cells
    return sep.join(row)


LINE_KINDS = ["row", "row", "row", "stray quote", "quote inside", "empty cells", "blank", "ragged", "no sender",
              "random"]


@settings(max_examples=_examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(LINE_KINDS), st.lists(CELL, max_size=5)), max_size=30),
       st.sampled_from([",", ";"]), st.integers(min_value=1, max_value=7), st.booleans())
# a stray quote swallowed every row after it into one cell, with no reject
@example([("row", []), ("stray quote", []), ("row", []), ("row", [])], ",", 200000, True)
# rows of empty cells were rows in a chunk the fast reader read, and none after it fell back
@example([("empty cells", []), ("row", []), ("row", []), ("ragged", []), ("empty cells", [])], ",", 2, True)
def test_transfer_lines_with_stray_quotes_empty_cells_and_chunk_boundaries(tmp_path, lines, sep, chunk, eol):
    """Transfer rows mixed with stray quotes, quotes inside cells, lines of empty cells, blank lines, ragged
    rows and rows with no sender, read in chunks of 1 to 7 rows: every line is a row loaded or rejected,
    whichever reader reads it and wherever the chunks end."""
    text = "\n".join([sep.join(TX_HEADER), *(_line(k, sep, c, i) for i, (k, c) in enumerate(lines))])
    _run(tmp_path, "fuzz.csv", (text + ("\n" if eol else "")).encode("utf-8"), chunk_rows=chunk)
