"""Hostile CSV: a stray quote, rows of empty cells across chunk boundaries, mixed encodings. Every line
is a row loaded, a row rejected (file, row, reason), or a blank line; never text swallowed silently."""

import pytest
from graphfraud.loaders import read
from graphfraud.loaders.read_csv import MAX_ROW_LINES

from graphfraud.errors import EncodingError
from graphfraud.load import load_files
from tests.conftest import to_cp1258_text

HEADER = "Tài khoản ghi nợ,Tài khoản ghi có,Số tiền,Nội dung\n"


def _tx_rows(n: int, desc: str = "ok") -> list[str]:
    return [f"00112{i:05d},0099887766,100,{desc}\n" for i in range(n)]


def _stored_rows(store) -> set[int]:
    db = store.db
    return {r[0] for r in db.execute("SELECT row FROM edge_src UNION SELECT row FROM node_src")}


@pytest.mark.parametrize("desc", ["ok", "x" * 200, "x" * 4500])  # 1,000 rows after the quote: 10 KB, 200 KB, 4.5 MB
def test_a_stray_quote_rejects_its_row_and_the_rows_after_it_load(store, tmp_path, desc):
    """`"ck` opening a cell in row 4,000 of 5,000 swallowed the last 1,000 rows into one cell (0 rejects),
    or refused the file ("field larger than field limit") when more than 128 KiB followed it."""
    rows = _tx_rows(5000, desc)
    rows[3999] = rows[3999].replace(f",{desc}\n", ',"ck\n')
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 5000
    rejects = store.rejects()
    assert [(r["row"], r["column"]) for r in rejects] == [(4001, "*")]  # header line 1: row 4,000 is line 4,001
    assert "quote" in rejects[0]["reason"] and rejects[0]["file"] == str(p)
    assert store.stats()["edges"]["transfer"] == 4999
    assert store.nodes([("account", "0011204999")])  # the last row loaded
    assert _stored_rows(store) == set(range(2, 5002)) - {4001}


def test_a_quoted_cell_with_line_breaks_still_loads(store, tmp_path):
    """A real multi-line cell (fewer lines than MAX_ROW_LINES) is one row, not a stray quote."""
    note = "\n".join(f"dòng {i}" for i in range(MAX_ROW_LINES - 1))
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + f'0011223344,0011223355,100,"{note}"\n0011223366,0011223377,200,x\n', encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 2 and rep.total_rejects == 0
    assert _stored_rows(store) == {2, 2 + MAX_ROW_LINES - 1}


def test_two_stray_quotes_reject_only_their_rows(store, tmp_path):
    """A second stray quote far below the first must not close it: both rows are rejected, the rows
    between and after load."""
    rows = _tx_rows(400)
    rows[10] = rows[10].replace(",ok\n", ',"ck\n')
    rows[300] = rows[300].replace(",ok\n", ',ck"\n')  # a quote inside a cell is text
    rows[350] = rows[350].replace(",ok\n", ',"x\n')
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 400
    assert sorted(r["row"] for r in store.rejects()) == [12, 352]
    assert _stored_rows(store) == set(range(2, 402)) - {12, 352}


@pytest.mark.parametrize("chunk", [2, 5, 1000])
def test_rows_of_empty_cells_are_no_rows_whatever_the_chunking(store, tmp_path, monkeypatch, chunk):
    """`,,,` lines were rows when the fast reader read them and no rows when the line-counting one did:
    a ragged row after a chunk boundary made the rows reported differ from the rows stored."""
    monkeypatch.setattr(read, "CHUNK_ROWS", chunk)
    lines = [",,,\n" if i in (1, 6) else f"00112{i:05d},0099887766,100,ok\n" for i in range(12)]
    lines[10] = lines[10].replace("\n", ",extra\n")
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "".join(lines), encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 10
    assert [(r["row"], r["column"]) for r in store.rejects()] == [(12, "*")]
    assert _stored_rows(store) == {i + 2 for i in range(12)} - {3, 8}


def test_fifty_rows_of_empty_cells_in_a_large_file(store, tmp_path):
    lines = []
    for i in range(5000):
        lines.append(f"00112{i:05d},0099887766,100,ok\n")
        if i % 100 == 3:
            lines.append(",,,\n")
    lines.append("0011299999,0099887766,100,ok,extra\n")
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "".join(lines), encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 5001 == store.stats()["edges"]["transfer"]
    assert rep.total_rejects == 1


def test_utf8_rows_then_cp1258_rows_are_each_decoded_as_written(store, tmp_path):
    """A file appended to by two programs: the UTF-8 rows were read as cp1258 ("Nguyá»…n")."""
    head = "Số tài khoản,Chủ tài khoản\n0011223344,Nguyễn Văn Ấn\n".encode()
    tail = to_cp1258_text("0099887766,Trần Thị Bình\n").encode("cp1258")
    p = tmp_path / "acc.csv"
    p.write_bytes(head + tail)
    load_files(store, [p])
    names = {k[1]: v.get("holder_name") for k, v in
             store.nodes([("account", "0011223344"), ("account", "0099887766")]).items()}
    assert names == {"0011223344": "Nguyễn Văn Ấn", "0099887766": "Trần Thị Bình"}


def test_cp1258_rows_after_the_first_megabyte_of_utf8(store, tmp_path):
    """Detected as UTF-8 from its first megabyte; the cp1258 rows below were a refusal."""
    rows = "".join(f"00112{i:05d},Nguyễn Văn Ấn\n" for i in range(40000)).encode("utf-8")
    assert len(rows) > 1 << 20
    p = tmp_path / "acc.csv"
    p.write_bytes("Số tài khoản,Chủ tài khoản\n".encode() + rows 
                 + to_cp1258_text("0099887766,Trần Thị Bình\n").encode("cp1258"))
    rep = load_files(store, [p])
    assert rep.total_rows == 40001 and rep.total_rejects == 0
    assert store.nodes([("account", "0099887766")])[("account", "0099887766")]["holder_name"] == "Trần Thị Bình"


def test_a_line_neither_utf8_nor_cp1258_refuses_the_file_naming_the_line(store, tmp_path):
    p = tmp_path / "acc.csv"
    p.write_bytes("Số tài khoản,Chủ tài khoản\n0011223344,Nguyễn\n".encode() + b"0099887766,\x81\xff\n")
    with pytest.raises(EncodingError, match=r"acc\.csv: line 3 is neither UTF-8 nor cp1258"):
        load_files(store, [p])


def test_a_transfer_or_call_with_an_empty_end_is_a_reject(store, tmp_path):
    """The transfer was not stored and not rejected: its amount vanished from every total. A row with
    one account is a deposit (no sender) or a withdrawal (no receiver); one with none is a reject."""
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + ",0099887766,100,a\n0011223344,,200,b\n0011223344,0099887766,300,c\n,,400,d\n",
                 encoding="utf-8")
    rep = load_files(store, [p])
    assert rep.total_rows == 4
    assert sorted((r["row"], r["column"], r["reason"]) for r in store.rejects()) == [
        (5, "Tài khoản ghi có", "no receiver account: the transfer is not stored"),
        (5, "Tài khoản ghi nợ", "no sender account: the transfer is not stored")]
    one_sided = {(e.type, e.src[1], e.dst[1], e.amount) for e in store.incident(
        [("account", "0011223344"), ("account", "0099887766")]) if e.type != "transfer"}
    assert one_sided == {("deposit", "0099887766", "0099887766", "100"),
                         ("withdrawal", "0011223344", "0011223344", "200")}
    c = tmp_path / "calls.csv"
    c.write_text("Số gọi,Số bị gọi,Thời gian\n0912345678,,01/02/2024 10:00\n", encoding="utf-8")
    load_files(store, [c])
    assert [r["reason"] for r in store.rejects() if r["file"] == str(c)] == ["no called number: the call is not stored"]


def test_graphfraud_chunk_rows_5_on_a_12_line_file_reports_the_rows_it_stores(tmp_path):
    """The issue's reproducer, through the command line with the environment variable."""
    import json
    import os
    import subprocess
    import sys

    lines = [",,,\n" if i in (1, 6) else f"00112{i:05d},0099887766,100,ok\n" for i in range(12)]
    lines[10] = lines[10].replace("\n", ",extra\n")
    p = tmp_path / "tx.csv"
    p.write_text(HEADER + "".join(lines), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "graphfraud", "--store", str(tmp_path / "g.db"), "load", "--format",
                        "json", str(p)], capture_output=True, text=True, check=False,
                       env={**os.environ, "GRAPHFRAUD_CHUNK_ROWS": "5", "GRAPHFRAUD_AUDIT": "0"})
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["rows"], out["rejects"]) == (10, 1)
    s = subprocess.run([sys.executable, "-m", "graphfraud", "--store", str(tmp_path / "g.db"), "stats", "--format",
                        "json"], capture_output=True, text=True, check=False, env={**os.environ, "GRAPHFRAUD_AUDIT": "0"})
    assert json.loads(s.stdout)["edges"]["transfer"] == 10
