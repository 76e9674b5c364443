"""The case-linking report: content, evidence, hashes, languages, escaping, print layout."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud import api
from graphfraud.output import i18n
from graphfraud.output.report import md, timeline_svg, write_report
from tests.outputs.conftest import EVIL_CLOSE, EVIL_HEADER, EVIL_IMG, EVIL_SCRIPT, config_for
from tests.outputs.test_html import check_page_is_offline_and_locked, parse


@pytest.fixture(scope="module")
def demo_reports(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    cfg = config_for(demo_db)
    res = {}
    for fmt, lang in (("json", "vi"), ("html", "vi"), ("html", "en"), ("md", "en")):
        path = out / f"report-{lang}.{fmt}"
        res[(fmt, lang)] = (api.report(cfg, path, fmt=fmt, lang=lang), path)
    return res


def test_json_twin_has_campaigns_evidence_and_hashes(demo_reports, demo_db):
    summary, path = demo_reports[("json", "vi")]
    rep = json.loads(path.read_text(encoding="utf-8"))
    assert rep["summary"]["campaigns"] == summary["campaigns"] >= 2
    assert rep["command"].startswith("graphfraud --store ") and " report " in rep["command"]
    total = 0
    for c in rep["campaigns"]:
        assert len(c["cases"]) >= 2 and c["victims"] and c["total_loss"]
        total += int(c["total_loss"])
        assert c["date_range"][0] <= c["date_range"][1]
        for cs in c["cases"]:
            assert cs["id"] and "narrative" in cs
        ki = c["key_identifiers"]
        assert set(ki) >= {"scam_phones", "mule_accounts", "organizers", "social", "urls"}
        assert c["links"], "every campaign rests on at least one link"
        for link in c["links"]:
            assert len(link["cases"]) == 2 and link["chain"]
            for hop in link["chain"]:
                assert hop["file"] and hop["row"] is not None
        assert c["graph"]["nodes"] > 0
    assert rep["summary"]["total_loss"] == str(total)
    assert any(c["key_identifiers"]["mule_accounts"] for c in rep["campaigns"])
    for m in (m for c in rep["campaigns"] for m in c["key_identifiers"]["mule_accounts"]):
        assert m["reasons"] and 0 <= m["score"] <= 1
    # the SHA-256 of every input file, as loaded
    assert rep["inputs"]
    for x in rep["inputs"]:
        assert re.fullmatch(r"[0-9a-f]{64}", x["sha256"])
        assert hashlib.sha256(Path(x["path"]).read_bytes()).hexdigest() == x["sha256"]


def test_html_report_is_offline_printable_and_complete(demo_reports):
    summary, path = demo_reports[("html", "vi")]
    page = path.read_text(encoding="utf-8")
    tags = check_page_is_offline_and_locked(page)
    sections = [a for t, a in tags.tags if t == "section" and "campaign" in (a.get("class") or "")]
    assert len(sections) == summary["campaigns"]
    graphs = [s for s, a in tags.scripts if a.get("type") == "application/json"]
    assert len(graphs) == summary["campaigns"]
    assert page.count('class="gf-timeline"') == summary["campaigns"]
    assert page.count('class="gf-static"') == summary["campaigns"]
    assert "@media print" in page and "break-before: page" in page
    assert "Chiến dịch 1" in page and "Chuỗi bằng chứng" in page and "SHA-256" in page
    assert "graphfraud --store" in page


def test_languages(demo_reports):
    vi = demo_reports[("html", "vi")][1].read_text(encoding="utf-8")
    en = demo_reports[("html", "en")][1].read_text(encoding="utf-8")
    for key in ("report.title", "evidence_chain", "key_identifiers", "inputs", "timeline"):
        assert i18n.t(key, "vi") in vi and i18n.t(key, "en") in en
        assert i18n.t(key, "vi") not in en
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    md_text = demo_reports[("md", "en")][1].read_text(encoding="utf-8")
    assert md_text.startswith(("# Case\\-linking report", "# Case-linking report"))
    assert "## Campaign 1" in md_text and ("SHA\\-256" in md_text or "SHA-256" in md_text)


def test_i18n_table_is_complete():
    for key, (en, vi) in i18n.STRINGS.items():
        assert en.strip() and vi.strip(), key
        assert set(re.findall(r"\{(\w+)\}", en)) == set(re.findall(r"\{(\w+)\}", vi)), key
    assert i18n.fmt_money("17200000", "vi") == "17.200.000 ₫"
    assert i18n.fmt_money("17200000.5", "en") == "17,200,000.5 VND"
    assert i18n.fmt_date(1710349200, "vi") == "14/03/2024" and i18n.fmt_date(1710349200, "en") == "2024-03-14"


def test_evil_values_in_the_report_are_text(evil_db, tmp_path):
    cfg = config_for(evil_db)
    html_path, md_path, json_path = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "r.json"
    s = api.report(cfg, html_path, fmt="html", lang="en")
    assert s["campaigns"] == 1 and s["cases"] == 2
    page = html_path.read_text(encoding="utf-8")
    check_page_is_offline_and_locked(page)
    for raw in (EVIL_IMG, EVIL_SCRIPT, EVIL_CLOSE, EVIL_HEADER, "<b>An</b>"):
        assert raw not in page
    # the victim's name, as text
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert not [t for t, a in parse(page).tags if t in ("img", "b", "i")]
    api.report(cfg, md_path, fmt="md", lang="vi")
    text = md_path.read_text(encoding="utf-8")
    assert "<" not in text.replace("\\<", "") and ">" not in text.replace("\\>", "")
    api.report(cfg, json_path, fmt="json", lang="en")
    rep = json.loads(json_path.read_text(encoding="utf-8"))
    names = {c["victim_name"] for c in rep["campaigns"][0]["cases"]}
    assert EVIL_SCRIPT in names  # the JSON twin keeps the data exactly


def test_markdown_escape():
    assert md("a|b<c>`d`*e*_f_ [x](y)") == "a\\|b\\<c\\>\\`d\\`\\*e\\*\\_f\\_ \\[x\\](y)"
    assert md("line\nbreak") == "line break"


def test_timeline_svg_escapes_and_scales():
    cases = [{"id": "A<1>", "report_epoch": 1710349200, "amount_lost": "1000000", "victim_name": EVIL_IMG},
             {"id": "B", "report_epoch": 1710522000, "amount_lost": "3000000"}]
    svg = timeline_svg(cases, "en")
    assert svg.startswith("<svg") and "<circle" in svg and EVIL_IMG not in svg and "A&lt;1&gt;" in svg
    assert "4M" in svg
    assert timeline_svg([], "en") == ""


def test_report_refuses_existing_file_and_cli(evil_db, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old")
    r = CliRunner().invoke(cli, ["--store", str(evil_db), "report", str(out)])
    assert r.exit_code == 1 and "--force" in r.stderr and out.read_text() == "old"
    r = CliRunner().invoke(cli, ["--store", str(evil_db), "report", str(out), "--force", "--lang", "en",
                                 "--format", "html"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "1 campaigns" in r.stderr and "Case-linking report" in out.read_text(encoding="utf-8")


def test_no_campaigns(tmp_path):
    from graphfraud.store.sqlite import SQLiteStore

    db = tmp_path / "empty.db"
    SQLiteStore(db).close()
    with SQLiteStore(db) as s:
        r = write_report(s, tmp_path / "r.html", lang="en")
    assert r["campaigns"] == 0
    assert "No linked campaigns" in (tmp_path / "r.html").read_text(encoding="utf-8")
