"""The report at scale: one campaign's report (--campaign N), and an index with one page per campaign
(--split): the links resolve, every file stays in the folder named, each page shows its graph before
its evidence and folds the evidence tables."""

import json
import re
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud import api
from graphfraud.errors import NotFound, UsageError
from graphfraud.output.i18n import t
from graphfraud.output.report import SPLIT_ABOVE, layout
from graphfraud.output.report_html import cases_table, identifier_table
from tests.outputs.conftest import EVIL_CLOSE, EVIL_IMG, EVIL_SCRIPT, config_for
from tests.outputs.test_browser import assert_clean, assert_drawn
from tests.outputs.test_html import check_page_is_offline_and_locked, parse


@pytest.fixture(scope="module")
def split_report(demo_db, tmp_path_factory):
    """The demo's report split by campaign, in html, md and json, in one folder."""
    out = tmp_path_factory.mktemp("split")
    cfg = config_for(demo_db)
    res = {fmt: api.report(cfg, out / f"report.{fmt}", lang="en", split=True) for fmt in ("html", "md", "json")}
    return out, res


@pytest.fixture(scope="module")
def campaign_two(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("one")
    cfg = config_for(demo_db)
    return {fmt: (api.report(cfg, out / f"c2.{fmt}", lang="vi", campaign=2), out / f"c2.{fmt}")
            for fmt in ("html", "json")}


def _links(page: str) -> list[str]:
    return [a["href"] for tag, a in parse(page).tags if tag == "a" and a.get("href")]


def test_campaign_report_holds_that_campaign_as_the_whole_report_does(campaign_two, demo_db, tmp_path):
    summary, path = campaign_two["json"]
    one = json.loads(path.read_text(encoding="utf-8"))
    whole_path = tmp_path / "all.json"
    api.report(config_for(demo_db), whole_path, lang="vi", split=False)
    whole = json.loads(whole_path.read_text(encoding="utf-8"))
    assert [c["group"] for c in one["campaigns"]] == [2]
    assert one["campaigns"][0] == whole["campaigns"][1]
    assert one["parameters"] == {"k": 2, "campaign": 2} and "--campaign 2" in one["command"]
    assert summary["campaigns"] == 1 and summary["cases"] == len(whole["campaigns"][1]["cases"])
    assert one["inputs"] == whole["inputs"]


def test_campaign_page_shows_the_graph_before_the_folded_evidence(campaign_two):
    _, path = campaign_two["html"]
    page = path.read_text(encoding="utf-8")
    tags = check_page_is_offline_and_locked(page)
    assert "<h1>Chiến dịch 2 — báo cáo liên kết vụ việc</h1>" in page
    graphs = [s for s, a in tags.scripts if a.get("type") == "application/json"]
    assert len(graphs) == 1
    folded = [a for tag, a in tags.tags if tag == "details" and "ev" in (a.get("class") or "").split()]
    assert len(folded) >= 4   # scam phones, mule accounts, ..., cases, evidence chains, input files
    assert all("open" not in a for a in folded), "the evidence is folded by default"
    assert page.index('class="gf-graph"') < page.index('<details class="ev"')
    assert page.index('class="gf-graph"') < page.index(t("evidence_chain", "vi"))
    # each folded heading says how many rows it holds
    heads = re.findall(r'<details class="ev"><summary><h3>(.*?)</h3></summary>', page)
    assert any(h.startswith(t("cases", "vi") + " (") for h in heads), heads
    assert all(re.search(r"\(\d[\d.]*\)", h) for h in heads), heads
    assert "Chiến dịch 1</h2>" not in page and 'id="campaign-1"' not in page


def test_missing_campaign_is_a_clear_error(demo_db, tmp_path):
    out = tmp_path / "c.html"
    with pytest.raises(NotFound, match=r"no campaign 99: the campaigns are numbered 1 to \d+"):
        api.report(config_for(demo_db), out, campaign=99)
    assert not out.exists()
    r = CliRunner().invoke(cli, ["--store", str(demo_db), "--lang", "vi", "report", str(out), "--campaign", "99"])
    assert r.exit_code == 1 and "không có chiến dịch 99" in r.stderr and not out.exists()
    r = CliRunner().invoke(cli, ["--store", str(demo_db), "--lang", "en", "report", str(out), "--campaign", "0"])
    assert r.exit_code == 2 and "--campaign must be at least 1" in r.stderr
    with pytest.raises(UsageError, match="give one of them"):
        api.report(config_for(demo_db), out, campaign=1, split=True)


def test_no_campaign_in_an_empty_store(tmp_path):
    from graphfraud.output.report import write_report
    from graphfraud.store.sqlite import SQLiteStore

    db = tmp_path / "empty.db"
    SQLiteStore(db).close()
    with SQLiteStore(db) as s, pytest.raises(NotFound, match="no two reported cases are linked"):
        write_report(s, tmp_path / "r.html", campaign=1)


def test_index_links_resolve_to_every_campaign_page(split_report):
    out, res = split_report
    n = res["html"]["campaigns"]
    assert all(r["pages_written"] == n and r["pages"] == str(out / "report-campaigns") for r in res.values())
    # every file written is inside the folder the user named
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted([f"report.{f}" for f in ("html", "md", "json")]
                             + [f"report-campaigns/campaign-{i}.{f}" for i in range(1, n + 1)
                                for f in ("html", "md", "json")])
    index = (out / "report.html").read_text(encoding="utf-8")
    check_page_is_offline_and_locked(index)
    hrefs = _links(index)
    assert hrefs == [f"report-campaigns/campaign-{i}.html" for i in range(1, n + 1)]
    for href in hrefs:
        page_path = out / unquote(href)
        page = page_path.read_text(encoding="utf-8")
        back = _links(page)
        assert back == ["../report.html"] and (page_path.parent / back[0]).resolve() == (out / "report.html")
    md = (out / "report.md").read_text(encoding="utf-8")
    md_links = re.findall(r"\]\(([^)]+)\)", md)
    assert md_links == [f"report-campaigns/campaign-{i}.md" for i in range(1, n + 1)]
    assert "](../report.md)" in (out / "report-campaigns" / "campaign-1.md").read_text(encoding="utf-8")
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["report"] == "case-linking-index" and data["summary"]["campaigns"] == n
    for row in data["campaigns"]:
        assert set(row) >= {"campaign", "cases", "victims", "total_loss", "key_identifiers", "file"}
        page = json.loads((out / row["file"]).read_text(encoding="utf-8"))
        assert page["campaigns"][0]["group"] == row["campaign"]
        assert len(page["campaigns"][0]["cases"]) == row["cases"] and row["key_identifiers"] > 0


def test_index_page_lists_every_campaign_in_both_languages(demo_db, tmp_path):
    cfg = config_for(demo_db)
    for lang in ("vi", "en"):
        s = api.report(cfg, tmp_path / lang / "r.html", lang=lang, split=True)
        page = (tmp_path / lang / "r.html").read_text(encoding="utf-8")
        assert t("report.index_title", lang) in page and t("col.key_identifiers", lang) in page
        assert page.count("<tr><td><a href=") == s["campaigns"]
        assert "vis.Network" not in page   # the index draws no graph: it opens at once


def test_split_pages_are_not_overwritten_without_force(demo_db, tmp_path):
    cfg = config_for(demo_db)
    page = tmp_path / "r-campaigns" / "campaign-1.html"
    page.parent.mkdir()
    page.write_text("mine")
    with pytest.raises(Exception, match="already exists; use --force"):
        api.report(cfg, tmp_path / "r.html", split=True)
    assert page.read_text() == "mine"
    api.report(cfg, tmp_path / "r.html", split=True, force=True)
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_layout_rule():
    assert layout(SPLIT_ABOVE) == "one" and layout(SPLIT_ABOVE + 1) == "split"
    assert layout(SPLIT_ABOVE + 1, split=False) == "one" and layout(2, split=True) == "split"
    assert layout(0, split=True) == "one"    # nothing to split: the page says there are no campaigns
    assert layout(50, campaign=3) == "campaign"


def test_tables_cut_at_their_first_rows_say_how_many_more():
    rows = [{"type": "phone", "value": f"+8490000{i:04d}", "cases": ["VV-1"], "evidence": []} for i in range(7)]
    html = identifier_table("scam_phones", rows, "en", limit=3)
    assert html.count("<tr><td") == 3 and "4 more rows are not shown" in html
    assert "more rows" not in identifier_table("scam_phones", rows, "en")
    cases = [{"id": f"VV-{i}", "narrative": "x"} for i in range(5)]
    assert "Còn 3 dòng không hiển thị" in cases_table(cases, "vi", limit=2)


def test_hostile_values_in_a_campaign_page_are_text(evil_db, tmp_path):
    out = tmp_path / "c.html"
    api.report(config_for(evil_db), out, lang="en", campaign=1)
    page = out.read_text(encoding="utf-8")
    check_page_is_offline_and_locked(page)
    for raw in (EVIL_IMG, EVIL_SCRIPT, EVIL_CLOSE):
        assert raw not in page
    assert not [tag for tag, a in parse(page).tags if tag in ("img", "b", "i")]


@pytest.mark.browser
def test_campaign_page_draws_its_graph_in_the_browser(browser, split_report):
    out, _ = split_report
    rep = browser.open(out / "report-campaigns" / "campaign-1.html")
    assert_clean(rep)
    assert_drawn(rep, graphs=1)
    state = rep.evaluate("""(() => ({
      open: document.querySelectorAll('details.ev[open]').length,
      folded: document.querySelectorAll('details.ev').length,
      graphFirst: !!(document.querySelector('.gf-graph').compareDocumentPosition(
          document.querySelector('details.ev')) & Node.DOCUMENT_POSITION_FOLLOWING)
    }))()""")
    assert state["open"] == 0 and state["folded"] >= 4 and state["graphFirst"]
    assert_clean(rep)
    index = browser.open(out / "report.html", wait_for=None)
    assert index.evaluate("document.querySelectorAll('table.index a').length") == len(
        list((out / "report-campaigns").glob("*.html")))
    assert_clean(index)


def test_no_raw_identifier_in_a_redacted_split_report(demo_db, tmp_path):
    from tests.privacy.test_redact_outputs import _raw_values

    raw = _raw_values(demo_db)
    runner = CliRunner(env={"GRAPHFRAUD_REDACT_KEY": "one key for this unit"})
    for fmt in ("html", "json"):
        r = runner.invoke(cli, ["--store", str(demo_db), "report", str(tmp_path / f"r.{fmt}"), "--split", "--redact"])
        assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["--store", str(demo_db), "report", str(tmp_path / "c.md"), "--campaign", "1", "--redact"])
    assert r.exit_code == 0, r.output
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 4
    for p in files:
        text = p.read_text(encoding="utf-8")
        leaked = sorted(v for v in raw if v in text)
        assert not leaked, (p.name, leaked[:5])
