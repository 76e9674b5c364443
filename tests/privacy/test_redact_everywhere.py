"""--redact against personal data planted where it used to leak: names (upper case, without
accents), handles, e-mails, web addresses, IPs in every spelling inside narratives and transfer
descriptions; an unmapped column kept as a property; a source file named after a person and a
phone. Every output format (html, json, csv folder and zip, graphml, gexf, report html/md/json)
is searched, accents and case folded, for every planted value."""

import csv
import json
import zipfile

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.normalize.base import fold

KEY = "a key for the planted data"
SOURCE = "0987654321_Tran Van Bao.csv"
UNMAPPED = "Tên người thụ hưởng"
NOTE = "Ghi chú nội bộ"

# what must never be found in a redacted output, in any case or accents
PLANTED = [
    "Trần Văn Bảo", "Phạm Thị Lan", "Nguyễn Thị Hoa", "Lê Văn Tám", "Công ty TNHH Hải Đăng", "Đỗ Minh Khôi",
    "baotran99", "bao.tran@gmail.com", "lan.pham@yahoo.com", "tam.le@yahoo.com", "khoi.do@outlook.com",
    "hoa.nguyen", "0987654321", "987654321", "987.654.321", "0912000111", "0903333444", "9999888877",
    "113.160.22.33", "2001:db8::1", "/bao?id=1", "vn/login", "login?ref", "ref=0987", UNMAPPED, "thu huong", "Tran_Van_Bao",
    "Võ Thị Mai", "7777666655",
]


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def planted_files(folder):
    _write(folder / SOURCE, [
        ["txn_id", "timestamp", "from_account", "from_bank", "to_account", "to_bank", "amount", "description",
         UNMAPPED],
        ["T1", "15/03/2024 10:00", "1111222233", "VCB", "9999888877", "MB", "5000000",
         "CK cho TRAN VAN BAO qua zalo @baotran99 mail Bao.Tran@Gmail.com", "TRAN VAN BAO"],
        ["T2", "15/03/2024 11:00", "9999888877", "MB", "5555666677", "TCB", "4900000",
         "chuyen https://lua-dao.vn/bao?id=1 ip 113.160.22.33:8080 ::ffff:113.160.22.33", "CONG TY TNHH HAI DANG"],
        ["T3", "15/03/2024 12:00", "2222333344", "ACB", "9999888877", "MB", "7000000",
         "Nguyen Thi Hoa chuyen tien 2001:db8::1 fb.com/hoa.nguyen sdt 0987.654.321", "NGUYEN THI HOA"],
    ])
    _write(folder / "kyc.csv", [
        ["account", "bank", "holder_name", "phone", "email", NOTE],
        ["9999888877", "MB", "Trần Văn Bảo", "0987654321", "bao.tran@gmail.com", "người quen của Lê Văn Tám 0912000111"],
        ["5555666677", "TCB", "Công ty TNHH Hải Đăng", "0901234567", "", ""],
        ["1111222233", "VCB", "Phạm Thị Lan", "0903333444", "lan.pham@yahoo.com", ""],
        ["2222333344", "ACB", "Nguyễn Thị Hoa", "0904444555", "", ""],
    ])
    _write(folder / "reports.csv", [
        ["case_id", "report_date", "victim_name", "victim_phone", "victim_account", "victim_bank", "suspect_phone",
         "suspect_account", "suspect_bank", "suspect_social", "amount_lost", "scam_type", "narrative"],
        ["VV-1", "16/03/2024", "Phạm Thị Lan", "0903333444", "1111222233", "VCB", "0987654321", "9999888877", "MB",
         "https://t.me/baotran99", "5000000", "investment",
         ("Bị hại Phạm Thị Lan (lan.pham@yahoo.com) được TRẦN VĂN BẢO gọi từ 0987.654.321, nhắn Telegram "
          "@baotran99, trang web http://dautu-vip.vn/login?ref=0987, IP 113.160.22.33")],
        ["VV-2", "18/03/2024", "Nguyễn Thị Hoa", "0904444555", "2222333344", "ACB", "0987654321", "9999888877", "MB",
         "https://t.me/baotran99", "7000000", "investment",
         ("Nạn nhân Nguyễn Thị Hoa bị Lê Văn Tám (tam.le@yahoo.com) và ĐỖ MINH KHÔI <khoi.do@outlook.com> lừa, "
          "chuyển vào 9999888877")],
    ])
    # a statement: the account stated above the table, a counterparty's name in its own column
    _write(folder / "sao_ke.csv", [
        ["Số tài khoản: 9999888877"], [],
        ["Ngày giao dịch", "Số tiền ghi nợ", "Số tiền ghi có", "Số dư", "Tài khoản đối ứng", "Tên tài khoản đối ứng",
         "Nội dung"],
        ["16/03/2024 09:00", "3.000.000", "", "2.000.000", "7777666655", "VÕ THỊ MAI", "chuyen cho VO THI MAI"],
    ])
    return [folder / SOURCE, folder / "kyc.csv", folder / "reports.csv", folder / "sao_ke.csv"]


@pytest.fixture(scope="module")
def planted_db(tmp_path_factory):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("planted")
    with SQLiteStore(d / "g.db") as s:
        load_files(s, planted_files(d))
    return d / "g.db"


def _run(db, *args):
    r = CliRunner(env={"GRAPHFRAUD_REDACT_KEY": KEY}).invoke(cli, ["--store", str(db), *args])
    assert r.exit_code == 0, r.output
    return r


def _texts(out) -> dict[str, str]:
    texts = {}
    for p in sorted(out.rglob("*")):
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as z:
                for name in z.namelist():
                    texts[f"{p.name}!{name}"] = name + "\n" + z.read(name).decode("utf-8-sig")
        elif p.is_file():
            texts[p.relative_to(out).as_posix()] = p.read_text(encoding="utf-8-sig")
    return texts


def _leaks(texts: dict[str, str]) -> list:
    found = []
    for name, text in texts.items():
        folded = fold(text)
        found += [(name, v) for v in PLANTED if v in text or v.lower() in text.lower() or fold(v) in folded]
    return found


@pytest.fixture(scope="module")
def redacted(planted_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    for fmt, target in (("html", "all.html"), ("json", "all.json"), ("graphml", "all.graphml"),
                        ("gexf", "all.gexf"), ("csv", "csvdir"), ("csv", "all.zip")):
        _run(planted_db, "export", fmt, str(out / target), "--redact")
    for value, name in (("bao.tran@gmail.com", "mail"), ("0987.654.321", "phone"), ("9999 8888 77", "account")):
        _run(planted_db, "export", "html", str(out / f"around-{name}.html"), "--around", value, "--redact")
    _run(planted_db, "export", "html", str(out / "case.html"), "--case", "VV-1", "--redact")
    for fmt in ("html", "md", "json"):
        _run(planted_db, "report", str(out / f"report.{fmt}"), "--redact")
    return out


def test_no_planted_value_in_any_redacted_output(redacted):
    texts = _texts(redacted)
    assert {"all.zip!nodes.csv", "all.zip!edges.csv", "csvdir/edges.csv", "report.md", "all.gexf"} <= set(texts)
    assert not _leaks(texts)


def test_the_planted_values_are_there_without_redact(planted_db, tmp_path):
    """The search above can fail: the same outputs without --redact hold the planted values."""
    out = tmp_path / "plain"
    out.mkdir()
    _run(planted_db, "export", "json", str(out / "all.json"))
    _run(planted_db, "export", "csv", str(out / "all.zip"))
    _run(planted_db, "report", str(out / "report.md"))
    found = {v for _, v in _leaks(_texts(out))}
    assert {"Trần Văn Bảo", "baotran99", "113.160.22.33", UNMAPPED, "0912000111", "Lê Văn Tám"} <= found


def test_redacted_text_keeps_its_links_and_the_scam_domain(redacted):
    data = json.loads((redacted / "all.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    holder = [n for n in nodes.values() if n["type"] == "account" and n.get("props", {}).get("holder_name")]
    tokens = {n["props"]["holder_name"] for n in holder}
    assert all(t.startswith("person-") for t in tokens)
    text = (redacted / "all.json").read_text(encoding="utf-8")
    assert "dautu-vip.vn/url-" in text and "lua-dao.vn/url-" in text  # the domain stays, its path does not
    bao = next(n["props"]["holder_name"] for n in holder if n["props"].get("bank") == "MBB")
    assert text.count(bao) >= 3  # the holder field, the upper-case name in a description and in a narrative
    assert "VV-1" in text and "5000000" in text


def test_the_around_value_is_not_in_the_title_nor_the_command(redacted):
    for name, kind in (("mail", "email:email-"), ("phone", "phone:phone-"), ("account", "account:account-")):
        page = (redacted / f"around-{name}.html").read_text(encoding="utf-8")
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        command = page.split("<code>graphfraud ", 1)[1].split("</code>", 1)[0]
        assert kind in title and f"--around {kind}" in command, (title, command)


def test_an_unmapped_column_stays_only_when_kept(planted_db, tmp_path):
    out = tmp_path / "kept.json"
    _run(planted_db, "export", "json", str(out), "--redact", "--keep-column", "ghi chu noi bo")
    text = out.read_text(encoding="utf-8")
    assert NOTE in text and UNMAPPED not in text
    assert "Tám" not in text and "0912000111" not in text  # a kept column's text is still redacted
    r = CliRunner().invoke(cli, ["--store", str(planted_db), "export", "json", str(tmp_path / "x.json"),
                                 "--keep-column", NOTE])
    assert r.exit_code == 2 and "--redact" in r.stderr
