"""The box-drawn tables of the listing commands: widths as a terminal counts them, folding that loses
nothing, and every line of a table equally wide."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.output.text_table import cell_width, fold, render

ALPHABET = st.sampled_from(list("abcxyz019 .,:-_/") + ["đ", "ố", "ư", "ạ", "e\u0301", "o\u0302\u0300", "中", "银",
                                                        "₫", "Ấ"])
CELL = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=CELL, width=st.integers(min_value=1, max_value=30))
def test_folding_keeps_every_character_and_the_width(text, width):
    lines = fold(text, width)
    assert all(cell_width(line) <= width or " " not in line and len(line) == 1 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=8),
       width=st.integers(min_value=20, max_value=120))
def test_every_line_of_a_table_is_equally_wide(rows, width):
    table = render(["Số tài khoản", "amount", "note"], rows, right={1}, width=width)
    widths = {cell_width(line) for line in table.split("\n")}
    assert len(widths) == 1
    # folded as far as needed, down to the longest header words ("khoản", "amount", "note") at most
    assert widths.pop() <= max(width, 3 * 3 + 1 + 5 + 6 + 4)


def test_wide_and_combining_characters_are_measured_as_shown():
    assert cell_width("Số tiền") == 7
    assert cell_width("So\u0301 tie\u0302\u0300n") == 7   # the same words, accents written apart
    assert cell_width("中国银行 BOC") == 12


def test_a_listing_command_prints_the_table_within_160_columns(tmp_path):
    """Through the command line, the output not a terminal: a long evidence column is folded so that
    the table stays within 160 columns, and every cell's words are still there."""
    from tests.conftest import write_csv

    note = "giả danh công an yêu cầu chuyển tiền vào tài khoản an toàn " * 4
    f = write_csv(tmp_path / "don.csv", ["Mã vụ việc", "SĐT đối tượng", "Tóm tắt"], [["VV-1", "0912 345 678", note]])
    db = str(tmp_path / "g.db")
    env_run = [sys.executable, "-m", "graphfraud", "--store", db]
    subprocess.run(env_run + ["load", str(f)], check=True, capture_output=True)
    out = subprocess.run(env_run + ["--lang", "vi", "find", "0912345678"], check=True, capture_output=True,
                         text=True).stdout
    lines = out.strip().split("\n")
    table = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert table and {cell_width(line) for line in table} == {cell_width(table[0])}
    assert cell_width(table[0]) <= 160
    assert "VV-1" in out and "Vụ việc" in out


def test_an_empty_listing_prints_its_title_and_no_table():
    """No rows and no columns named (an empty result list): the title alone; with columns named, the
    header of the table."""
    import io

    from graphfraud.output.tabular import print_table

    assert render([], []) == ""
    out = io.StringIO()
    print_table([], title="Tài khoản trung gian", file=out)
    assert out.getvalue() == "Tài khoản trung gian\n"
    out = io.StringIO()
    print_table([], columns=["account", "score"], file=out)
    assert "account" in out.getvalue() and out.getvalue().count("\n") == 4


def test_a_listing_command_with_nothing_to_list_succeeds(tmp_path):
    """`mules` on a store with no flagged account prints an empty table and exits 0."""
    from tests.conftest import write_csv

    f = write_csv(tmp_path / "gd.csv", ["Thời gian", "Tài khoản chuyển", "Tài khoản nhận", "Số tiền"],
                  [["01/03/2024 10:00", "0011223344", "0099887766", "1.000.000"]])
    run = [sys.executable, "-m", "graphfraud", "--store", str(tmp_path / "g.db")]
    subprocess.run(run + ["load", str(f)], check=True, capture_output=True)
    for lang in ("vi", "en"):
        r = subprocess.run(run + ["--lang", lang, "mules"], check=False, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
