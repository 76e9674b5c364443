"""The exports in a real browser: headless Chromium, network blocked, read through the DevTools protocol.

Checked on every page: the graph canvas draws (non-blank pixels) with every
host unreachable, the page requested nothing but itself, no console error, no
uncaught exception, no CSP violation, no JavaScript dialog. Hostile case-file
values (``<img src=x onerror=alert(1)>``, ``<script>document.title='pwned'</script>``,
``</script><script>window.__pwned=1</script>``) in holder names, social handles,
narratives and column headers must not run: the title stays, no global is set,
no element is created, and the text is shown as text in tooltips and the
details panel.

These tests FAIL (they are not skipped) when Chromium is missing: install the
Debian package ``chromium`` (``scripts/test`` does it when run as root).
"""

from __future__ import annotations

import json

import pytest

from graphfraud.analysis.subgraph import Selection
from graphfraud.output.exports import export
from tests.outputs.conftest import EVIL_CLOSE, EVIL_HEADER, EVIL_IMG, EVIL_SCRIPT, config_for

pytestmark = pytest.mark.browser

CANVAS_PIXELS = """(() => {
  const out = [];
  document.querySelectorAll('.gf-graph canvas').forEach(c => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) ink++;
    }
    out.push({ink: ink, w: c.width, h: c.height});
  });
  return out;
})()"""

INJECTION_STATE = """(() => ({
  title: document.title,
  pwned: typeof window.__pwned,
  xss: typeof window.__xss,
  elements: document.querySelectorAll('img, b, i, svg script, iframe, object, embed').length,
  scripts: document.querySelectorAll('script').length,
  body: document.body.textContent
}))()"""


def assert_clean(rep):
    assert rep.foreign_requests == [], f"the page requested {rep.foreign_requests}"
    assert rep.errors == [], f"console errors: {rep.errors}"
    assert rep.dialogs == [], f"dialogs opened: {rep.dialogs}"


def assert_drawn(rep, graphs: int = 1):
    assert rep.evaluate("document.documentElement.getAttribute('data-gf-rendered')") == str(graphs)
    canvases = rep.evaluate(CANVAS_PIXELS)
    assert len(canvases) == graphs
    for c in canvases:
        assert c["w"] > 300 and c["h"] > 300
        assert c["ink"] > 500, f"the graph canvas is blank: {c}"


def test_graph_page_renders_offline(browser, demo_store, tmp_path):
    for sel in (Selection(), Selection(case=_first_case(demo_store))):
        out = tmp_path / f"{sel.kind}.html"
        export(demo_store, "html", out, sel, lang="vi")
        rep = browser.open(out)
        assert_clean(rep)
        assert_drawn(rep)
        n = rep.evaluate("document.querySelector('.gf-graph').gfNetwork.body.data.nodes.length")
        assert n > 10
        # search finds and selects; the type filter hides
        rep.evaluate("""(() => { const s = document.querySelector('.gf-search'); s.value = 'VV-';
                        s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()""")
        browser.pump(0.3)
        assert "kết quả" in rep.evaluate("document.querySelector('.gf-count').textContent")
        hidden = rep.evaluate("""(() => {
            document.querySelector('.gf-type[data-type=account]').click();
            const nodes = document.querySelector('.gf-graph').gfNetwork.body.data.nodes;
            return nodes.get({filter: n => n.hidden}).length; })()""")
        assert hidden > 0
        assert_clean(rep)


def _first_case(store) -> str:
    from tests.outputs.test_html import first_case

    return first_case(store)


# (needle => …): moves the view onto the node whose key is needle; its position on the screen
_FOCUS_NODE = """(needle => {
      const block = document.querySelector('.gf-graph');
      const net = block.gfNetwork;
      const ids = net.body.data.nodes.getIds({filter: n => n.gf.k === needle});
      if (!ids.length) return null;
      net.fit({nodes: [ids[0]], animation: false});
      net.moveTo({scale: 1.5, animation: false});
      net.focus(ids[0], {scale: 1.5, animation: false});
      const p = net.canvasToDOM(net.getPosition(ids[0]));
      const r = block.querySelector('.gf-canvas').getBoundingClientRect();
      const title = net.body.data.nodes.get(ids[0]).title;
      return {x: r.left + p.x, y: r.top + p.y, id: ids[0], titleIsElement: title instanceof HTMLElement,
              titleText: title.textContent};
    })"""


def _hover_and_click(browser, rep, key: str) -> dict:
    """Move the mouse over the node ``key`` (``type:value``) and click it; return what is shown."""
    pos = rep.evaluate(f"{_FOCUS_NODE}({json.dumps(key)})")
    assert pos is not None, f"no node {key!r}"
    browser.pump(0.3)
    for typ in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", type=typ, x=pos["x"], y=pos["y"], button="left",
                     clickCount=1)
        browser.pump(0.2)
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=pos["x"] + 1, y=pos["y"] + 1)
    for _ in range(25):   # the tooltip appears after vis-network's hover delay; allow a slow machine
        browser.pump(0.2)
        if rep.evaluate("""(() => { const t = document.querySelector('div.vis-tooltip');
                return !!t && getComputedStyle(t).visibility !== 'hidden'
                       && t.textContent.length > 0; })()"""):
            break
    shown = rep.evaluate("""(() => ({
      tooltip: (document.querySelector('div.vis-tooltip') || {}).textContent || '',
      tooltipVisible: !!document.querySelector('div.vis-tooltip') &&
                      getComputedStyle(document.querySelector('div.vis-tooltip')).visibility !== 'hidden',
      details: document.querySelector('.gf-details').textContent,
      detailsElements: document.querySelectorAll('.gf-details img, .gf-details b, .gf-details script').length
    }))()""")
    return {**pos, **shown}


def test_injected_markup_does_not_run_in_the_graph_page(browser, evil_store, tmp_path):
    out = tmp_path / "evil.html"
    export(evil_store, "html", out, Selection(), lang="en")
    rep = browser.open(out)
    assert_clean(rep)
    assert_drawn(rep)
    state = rep.evaluate(INJECTION_STATE)
    assert state["title"] == "Whole graph — graphfraud"
    assert state["pwned"] == "undefined" and state["xss"] == "undefined"
    assert state["elements"] == 0
    assert state["scripts"] == 3   # the data block, vis-network, graphfraud's script
    # the holder name of an account: shown as text in its tooltip and in the details panel
    for key, texts in (("account:9999888877", [EVIL_IMG]),
                       ("social:telegram:evil_handle", [EVIL_IMG + EVIL_SCRIPT]),
                       ("case:VV-EVIL-1", [EVIL_CLOSE, EVIL_HEADER, EVIL_SCRIPT]),
                       ("person:case:VV-EVIL-1", [EVIL_SCRIPT])):
        shown = _hover_and_click(browser, rep, key)
        assert shown["titleIsElement"], key
        assert shown["detailsElements"] == 0, key
        for text in texts:
            assert text in shown["titleText"] and text in shown["details"], (key, text, shown)
        assert shown["tooltipVisible"] and texts[0][:20] in shown["tooltip"], (key, shown)
    state = rep.evaluate(INJECTION_STATE)
    assert state["title"] == "Whole graph — graphfraud" and state["pwned"] == "undefined"
    assert state["elements"] == 0
    assert_clean(rep)


def test_report_renders_offline_and_prints(browser, demo_db, tmp_path):
    from graphfraud import api

    out = tmp_path / "report.html"
    s = api.report(config_for(demo_db), out, fmt="html", lang="vi")
    rep = browser.open(out, wait_for=f"document.documentElement.getAttribute('data-gf-rendered') === "
                                      f"'{s['campaigns']}'")
    assert_clean(rep)
    assert_drawn(rep, graphs=s["campaigns"])
    assert rep.evaluate("document.querySelectorAll('svg.gf-timeline circle').length") >= s["cases"]
    # print: the interactive graph is hidden, the static drawing shown, one page per campaign
    browser.call("Emulation.setEmulatedMedia", media="print")
    try:
        state = rep.evaluate("""(() => ({
          canvas: getComputedStyle(document.querySelector('.gf-canvas')).display,
          toolbar: getComputedStyle(document.querySelector('.gf-toolbar')).display,
          staticSvg: getComputedStyle(document.querySelector('svg.gf-static')).display,
          breaks: getComputedStyle(document.querySelector('.campaign')).breakBefore
        }))()""")
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")
    assert state == {"canvas": "none", "toolbar": "none", "staticSvg": "block", "breaks": "page"}
    pdf = browser.call("Page.printToPDF", printBackground=False, timeout=120)
    assert len(pdf["data"]) > 10000
    assert_clean(rep)


def test_injected_markup_does_not_run_in_the_report(browser, evil_db, tmp_path):
    from graphfraud import api

    out = tmp_path / "report.html"
    api.report(config_for(evil_db), out, fmt="html", lang="en")
    rep = browser.open(out)
    assert_clean(rep)
    assert_drawn(rep)
    state = rep.evaluate(INJECTION_STATE)
    assert state["title"] == "Case-linking report — graphfraud"
    assert state["pwned"] == "undefined" and state["xss"] == "undefined" and state["elements"] == 0
    for text in (EVIL_SCRIPT, "Nguyễn Văn <b>An</b>", EVIL_IMG):
        assert text in state["body"], text   # the victims' names and scam type, shown as text
    assert_clean(rep)


@pytest.mark.slow
def test_a_50000_node_graph_opens_in_seconds(browser, tmp_path):
    import csv
    import random
    import time

    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    rnd = random.Random(1)
    n = 50_000
    accts = [f"{10 ** 11 + i * 7919:012d}" for i in range(n)]
    f = tmp_path / "tx.csv"
    with open(f, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["txn_id", "timestamp", "from_account", "to_account", "amount"])
        for i in range(60_000):
            a = accts[i % n] if i < n else accts[int(rnd.paretovariate(1.2)) % n]
            b = accts[int(rnd.paretovariate(0.8)) % n] if rnd.random() < 0.5 else accts[rnd.randrange(n)]
            if a != b:
                w.writerow([f"T{i}", (f"{1 + i % 28:02d}/03/2024 "
                                     f"10:{i % 60:02d}"), a, b, 100000 + rnd.randrange(10 ** 7)])
    with SQLiteStore(tmp_path / "big.db") as s:
        load_files(s, [f])
        assert s.stats()["total_nodes"] == n
        out = tmp_path / "big.html"
        r = export(s, "html", out, Selection(), scores=False)
    assert r["nodes"] == 1000 and r["omitted_nodes"] == n - 1000
    assert out.stat().st_size < 6_000_000
    t0 = time.time()
    rep = browser.open(out, timeout=60)
    opened = time.time() - t0
    assert_clean(rep)
    assert_drawn(rep)
    assert opened < 20, f"the page took {opened:.1f} s to draw"
    drawn = rep.evaluate("document.querySelector('.gf-graph').gfNetwork.body.data.nodes.length")
    assert drawn <= 1000 + 300
    assert rep.evaluate("document.querySelector('.gf-graph').gfNetwork.physics.options.enabled") is False


def test_the_harness_sees_what_it_must_catch(browser, tmp_path):
    """Control: on a page that does run injected markup and fetch from a host, the checks above fire."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><title>t</title></head><body>"
                   "<img src=x onerror=\"window.__xss=1;alert(1)\">"
                   "<script>document.title='pwned'</script>"
                   "<img src=\"http://example.com/pixel.png\"><script>console.error('boom')</script>"
                   "</body></html>", encoding="utf-8")
    rep = browser.open(bad, wait_for="window.__xss === 1", settle=1.0)
    state = rep.evaluate(INJECTION_STATE)
    assert state["title"] == "pwned" and state["xss"] == "number"
    assert rep.dialogs == ["1"]
    assert any(u.startswith("http://example.com/") for u in rep.foreign_requests)
    assert any("boom" in e for e in rep.errors)


TYPE_AND_SEARCH = """((text) => {
  const s = document.querySelector('.gf-search');
  s.value = '';
  s.focus();
  return document.activeElement === s;
})(%s)"""

SEARCHED = """((needle) => {
  const net = document.querySelector('.gf-graph').gfNetwork;
  const ids = net.body.data.nodes.getIds({filter: n => n.gf.k === needle});
  return {id: ids[0], selected: net.getSelectedNodes(), count: document.querySelector('.gf-count').textContent,
          details: document.querySelector('.gf-details').textContent};
})(%s)"""


def _type_into_search(browser, rep, text: str, needle: str) -> dict:
    """Type ``text`` into the page's search box as a person would (key by key, then Enter)."""
    assert rep.evaluate(TYPE_AND_SEARCH % json.dumps(text))
    browser.call("Input.insertText", text=text)
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.pump(0.5)
    return rep.evaluate(SEARCHED % json.dumps(needle))


def test_search_box_finds_a_phone_as_officers_type_it_and_a_name_without_accents(browser, demo_store, tmp_path):
    """``0361 760 419`` finds ``+84361760419``; ``ho quang khanh`` finds ``Hồ Quang Khánh``."""
    from graphfraud.analysis.graphview import GraphView
    from graphfraud.normalize.base import fold

    gv = GraphView.from_store(demo_store)
    people = sorted(((gv.props_of(int(i)) or {}).get("name") or "", gv.values[i]) for i in gv.nodes_of_type("person"))
    name, person = next((n, v) for n, v in people if n and not n.isascii() and len(n.split()) >= 3)
    out = tmp_path / "person.html"
    export(demo_store, "html", out, Selection(around=f"person:{person}", hops=3), lang="vi")
    rep = browser.open(out)
    assert_clean(rep)
    phone = rep.evaluate("""(() => {
      const ns = document.querySelector('.gf-graph').gfNetwork.body.data.nodes.get();
      const ps = ns.map(n => n.gf.v).filter(v => /^\\+84\\d{9}$/.test(v || '')).sort();
      return ps[0] || null; })()""")
    assert phone, "the exported neighbourhood holds no Vietnamese phone"
    local = "0" + phone[3:]
    typed = f"{local[:4]} {local[4:7]} {local[7:]}"          # 0361 760 419
    shown = _type_into_search(browser, rep, typed, f"phone:{phone}")
    assert shown["id"] in shown["selected"], (typed, shown)
    assert phone in shown["details"] or len(shown["selected"]) > 1
    shown = _type_into_search(browser, rep, fold(name), f"person:{person}")   # ho quang khanh
    assert shown["id"] in shown["selected"], (fold(name), shown)
    assert "kết quả" in shown["count"]
    assert_clean(rep)
