"""Terminal control characters and bidi overrides: stored as the file states them, never shown raw;
identifiers written with fullwidth digits or bidi controls are the identifiers they spell."""

import os
import subprocess
import sys

from graphfraud.load import load_files
from graphfraud.output.tabular import print_table
from tests.conftest import write_csv

ENV = {**os.environ, "GRAPHFRAUD_AUDIT": "0"}
ESC = "\x1b[2J\x1b]0;owned\x07\x9b31m"  # clear the screen, retitle the window, a one-byte CSI
REPORT_HEADER = ["Mã vụ việc", "Tên nạn nhân", "SĐT đối tượng", "Số tiền bị lừa", "Tóm tắt"]


def _run(*args):
    return subprocess.run([sys.executable, "-m", "graphfraud", *args], capture_output=True, text=True, env=ENV, check=False)


def test_fullwidth_digits_and_bidi_controls_in_accounts_and_case_ids_are_folded(store, tmp_path):
    """`０１２３…` and `\u202e0011223344` were rejected as accounts with "other characters"; `VV-２０２４`
    was another case than `VV-2024`, and a right-to-left override reached every output."""
    tx = write_csv(tmp_path / "tx.csv", ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền", "Mã vụ việc"],
                   [["００１１２２３３４４", "\u202e0099887766", "100", "ＶＶ-２０２４"],
                    ["0011223344", "0099887766\u2069", "200", "\u2066VV-2024\u2069"]])
    rep = load_files(store, [tx])
    assert rep.total_rejects == 0
    assert store.stats()["nodes"] == {"account": 2, "case": 1}
    assert store.nodes([("case", "VV-2024")]) and store.nodes([("account", "0011223344")])


def test_escape_sequences_in_a_narrative_reach_no_report_md_or_table(store, tmp_path):
    rows = [["VV-01", "Nguyễn Văn A", "0912345678", "1000000", f"gọi điện{ESC} giả danh công an"],
            ["VV-02", f"Trần{ESC} B", "0912345678", "2000000", f"\u202etext{ESC}"]]
    src = write_csv(tmp_path / "rp.csv", REPORT_HEADER, rows)
    db = tmp_path / "g.db"
    r = _run("--store", str(db), "load", str(src))
    assert r.returncode == 0, r.stderr
    r = _run("--store", str(db), "report", str(tmp_path / "r.md"))
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "giả danh công an" in text and "VV-02" in text
    assert not any(c in text for c in "\x1b\x07\x9b\u202e")
    import io
    out = io.StringIO()
    print_table([{"narrative": rows[0][4], "name\x1b[1m": rows[1][1]}], title=f"t{ESC}", file=out)
    assert "giả danh công an" in out.getvalue() and not any(c in out.getvalue() for c in "\x1b\x07\x9b")
