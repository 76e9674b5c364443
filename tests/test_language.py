"""The language of every text: chosen by --lang, GRAPHFRAUD_LANG or the locale; catalogues complete in
both languages; numbers written for people in text and for machines in JSON."""

from __future__ import annotations

import string

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.config import default_lang
from graphfraud.output.error_text import translate_error
from graphfraud.textfmt import fmt_duration, fmt_money, fmt_num, machine_amount, render
from tests.conftest import write_csv
from tests.test_load import TX_HEADER, TX_ROWS


@pytest.mark.parametrize("env, lang", [
    ({}, "vi"),
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LANG": "POSIX"}, "vi"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "vi_VN"}, "vi"),
    ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "vi_VN", "LANG": "vi_VN"}, "en"),
    ({"LANG": "vi_VN.UTF-8", "GRAPHFRAUD_LANG": "en"}, "en"),
    ({"LANG": "en_US.UTF-8", "GRAPHFRAUD_LANG": "vi"}, "vi"),
    ({"GRAPHFRAUD_LANG": "xx", "LANG": "en_US"}, "en"),
])
def test_the_default_language_follows_graphfraud_lang_then_the_locale(env, lang):
    assert default_lang(env) == lang


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_catalogue_has_both_languages_with_the_same_fields():
    from graphfraud.analysis.reason_text import REASONS
    from graphfraud.output.cli_text import STRINGS
    from graphfraud.output.i18n import STRINGS as PAGE

    for name, catalogue in (("reasons", REASONS), ("cli", STRINGS), ("pages", PAGE)):
        for key, (en, vi) in catalogue.items():
            assert en and vi, (name, key)
            assert _fields(en) == _fields(vi), (name, key)


def test_numbers_for_people_and_for_machines():
    assert fmt_money("1785900000", "vi") == "1.785.900.000 ₫"
    assert fmt_money(1785900000.0, "en") == "1,785,900,000 VND"
    assert fmt_money("1234.5", "vi") == "1.234,5 ₫"
    assert fmt_num(1.5, "vi") == "1,5" and fmt_num(1234.5, "en") == "1,234.5"
    assert fmt_duration(1140, "vi") == "19 phút" and fmt_duration(5400, "en") == "1.5 h"
    assert fmt_duration(float("inf"), "vi") == "không có"
    assert machine_amount(1785900000.0) == "1785900000" and machine_amount(1234.5) == "1234.5"
    assert machine_amount("12.30") == "12.3" and machine_amount(float("nan")) is None
    assert render("{a:money} / {s:pct} / {c:list}", {"a": "434300000", "s": 0.654, "c": list("abcdefg")}, "vi") \
        == "434.300.000 ₫ / 65% / a, b, c, d, e …"


def test_a_reason_is_written_in_either_language_from_its_key_and_params():
    from graphfraud.analysis.reason_text import localize, reason

    r = reason("victim_money", "mule.victim_money", {"amount": "434300000", "senders": 3, "share": 0.98})
    assert r["text"] == "received 434,300,000 VND from 3 reported victim(s) (98% of its inflow)"
    v = localize(r, "vi")
    assert v["text"] == "nhận 434.300.000 ₫ từ 3 bị hại đã trình báo (98% tổng tiền vào)"
    assert (v["key"], v["params"]) == (r["key"], r["params"]) and localize(v, "en") == r
    s = localize(reason("structure", "mule.structure", {"shapes": ["cycle", "burst"]}), "vi")
    assert "tiền đi một vòng" in s["text"] and "money" not in s["text"]


def test_errors_and_notes_speak_the_chosen_language(tmp_path):
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    assert CliRunner().invoke(cli, ["--store", str(db), "load", str(f)]).exit_code == 0
    r = CliRunner(env={"GRAPHFRAUD_LANG": "vi"}).invoke(cli, ["--store", str(db), "find", "0912345678"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"Kho dữ liệu: {db} (nhúng)"
    assert r.stderr.splitlines()[1].startswith("Lỗi: '0912345678' không có trong đồ thị (đã tìm: ")
    r = CliRunner(env={"GRAPHFRAUD_LANG": "vi"}).invoke(cli, ["--store", str(db), "--lang", "en", "find", "0912345678"])
    assert r.stderr.splitlines()[1].startswith("Error: '0912345678' is not in the graph")
    r = CliRunner().invoke(cli, ["--store", str(db), "--lang", "vi", "load", str(tmp_path / "missing.csv")])
    assert r.exit_code == 1 and "không có tệp này" in r.stderr
    r = CliRunner().invoke(cli, ["--store", str(db), "--lang", "vi", "stats"])
    assert "nút" in r.stdout and "Chuyển tiền" in r.stdout and "Số lượng" in r.stdout
    r = CliRunner().invoke(cli, ["--store", str(db), "--lang", "vi", "stats", "--format", "csv"])
    assert r.stdout.splitlines()[0] == "what,type,count" and "transfer" in r.stdout   # machines: unchanged
    assert translate_error("an unknown message", "vi") == "an unknown message"


def test_a_commands_own_lang_wins_over_the_global_one(tmp_path):
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    assert CliRunner().invoke(cli, ["--store", str(db), "load", str(f)]).exit_code == 0
    for args, word in ((["--lang", "vi", "report", "r.html"], "Báo cáo liên kết vụ việc"),
                       (["--lang", "vi", "report", "r.html", "--lang", "en", "--force"], "Case-linking report"),
                       (["--lang", "en", "report", "r.html", "--force"], "Case-linking report")):
        r = CliRunner().invoke(cli, ["--store", str(db), *[a if a != "r.html" else str(tmp_path / a)
                                                             for a in args]])
        assert r.exit_code == 0, r.output
        assert word in (tmp_path / "r.html").read_text(encoding="utf-8"), args


def test_every_error_pattern_fills_its_vietnamese_from_its_own_groups():
    from graphfraud.output.error_text import errors

    for pattern, vi in errors():
        assert _fields(vi) <= set(pattern.groupindex), pattern.pattern
    samples = {
        "x.html already exists; use --force to overwrite it": "x.html đã tồn tại; dùng --force để ghi đè",
        "--hops must be at least 1": "--hops phải ít nhất là 1",
        "--format md contradicts the name r.html: .html is the extension of html; drop --format or name the "
        "file r.md": "--format md mâu thuẫn với tên r.html: .html là phần mở rộng của html; bỏ --format hoặc đặt "
                     "tên tệp r.md",
        "no store at /x/g.db; load files first with `graphfraud load`":
            "không có kho dữ liệu tại /x/g.db; hãy nạp tệp trước bằng `graphfraud load`",
        "2 of 3 files refused (the others were loaded): a.csv: no such file; b.xls: old .xls workbooks are not "
        "read; save it as .xlsx or CSV": "2/3 tệp bị từ chối (các tệp khác đã được nạp): a.csv: không có tệp này; "
                                         "b.xls: không đọc tệp .xls cũ; hãy lưu lại dưới dạng .xlsx hoặc CSV",
    }
    for en, vi in samples.items():
        assert translate_error(en, "vi") == vi
        assert translate_error(en, "en") == en
