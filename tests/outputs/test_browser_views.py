"""Views an analyst acts on, in a real browser (headless Chromium, network blocked, as test_browser.py):
the searched identifier selected and centred at load, the search box centring what an officer types,
the trace page's money flowing left to right, and the time filter hiding and showing links.

Positions are read from vis-network (``getViewPosition``, ``getPosition``, ``getPositions``) and the
state from the page's DOM (``data-gf-*`` attributes, the hidden count); nothing depends on timing.
"""

from __future__ import annotations

import json

import pytest

from graphfraud.analysis.subgraph import Selection
from graphfraud.output.exports import export
from tests.outputs.test_browser import assert_clean, assert_drawn
from tests.outputs.test_views import as_typed, suspect_case_and_phone, suspect_phone, trace_source

pytestmark = pytest.mark.browser

VIEW = """(() => {
  const block = document.querySelector('.gf-graph');
  const net = block.gfNetwork;
  const key = %s;
  const id = key ? net.body.data.nodes.getIds({filter: n => n.gf.k === key})[0] : null;
  const view = net.getViewPosition();
  const at = id == null ? null : net.getPosition(id);
  return {id: id, view: view, at: at, scale: net.getScale(), selected: net.getSelectedNodes(),
          focusAttr: block.getAttribute('data-gf-focus'), found: block.getAttribute('data-gf-found'),
          centred: block.getAttribute('data-gf-centred'),
          node: id == null ? null : net.body.data.nodes.get(id),
          details: document.querySelector('.gf-details').textContent,
          count: (document.querySelector('.gf-count') || {}).textContent};
})()"""

STARTING_POINT = {"vi": "Điểm xuất phát", "en": "Starting point"}


def view_of(rep, key: str | None) -> dict:
    return rep.evaluate(VIEW % json.dumps(key))


def distance(a: dict, b: dict) -> float:
    return ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_searched_identifier_is_selected_and_centred_at_load(browser, demo_store, tmp_path, lang):
    phone = suspect_phone(demo_store)
    out = tmp_path / f"around-{lang}.html"
    export(demo_store, "html", out, Selection(around=as_typed(phone), hops=2), lang=lang)
    rep = browser.open(out)
    assert_clean(rep)
    assert_drawn(rep)
    v = view_of(rep, f"phone:{phone}")
    assert v["focusAttr"] == f"phone:{phone}" and v["centred"] == "1"
    assert v["selected"] == [v["id"]]
    assert distance(v["view"], v["at"]) < 1.0, v
    assert v["scale"] >= 1.0 - 1e-9
    assert phone in v["details"] and STARTING_POINT[lang] in v["details"]
    assert v["node"]["label"].startswith("<b>") and v["node"]["font"]["multi"] == "html"   # drawn bold
    # the button brings the view back to it after the analyst has moved away
    rep.evaluate("(() => { const n = document.querySelector('.gf-graph').gfNetwork;"
                 " n.fit({animation: false}); n.unselectAll(); })()")
    rep.evaluate("document.querySelector('.gf-focus-go').click()")
    v = view_of(rep, f"phone:{phone}")
    assert distance(v["view"], v["at"]) < 1.0 and v["selected"] == [v["id"]]
    assert_clean(rep)


def _search(browser, rep, text: str) -> None:
    rep.evaluate("(() => { const s = document.querySelector('.gf-search'); s.value = ''; s.focus(); })()")
    browser.call("Input.insertText", text=text)
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.pump(0.3)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_search_selects_and_centres_a_phone_typed_as_officers_do(browser, demo_store, tmp_path, lang):
    case, phone = suspect_case_and_phone(demo_store)
    out = tmp_path / f"case-{lang}.html"
    export(demo_store, "html", out, Selection(case=case), lang=lang)
    rep = browser.open(out)
    assert_clean(rep)
    before = view_of(rep, f"phone:{phone}")
    assert before["id"] is not None, "the case page does not hold its suspect phone"
    assert before["focusAttr"].startswith("case:") and before["id"] not in before["selected"]
    _search(browser, rep, as_typed(phone))                       # 0361 760 419
    v = view_of(rep, f"phone:{phone}")
    assert v["id"] in v["selected"] and v["found"] == f"phone:{phone}", v
    assert distance(v["view"], v["at"]) < 1.0 and v["scale"] >= 1.0 - 1e-9
    assert phone in v["details"]
    assert v["count"] and v["count"].split()[0].isdigit()
    assert_clean(rep)


def test_the_trace_page_runs_left_to_right_along_the_money(browser, demo_store, tmp_path):
    src = trace_source(demo_store)
    out = tmp_path / "trace.html"
    export(demo_store, "html", out, Selection(trace=src), lang="vi")
    rep = browser.open(out)
    assert_clean(rep)
    assert_drawn(rep)
    state = rep.evaluate("""(() => {
      const block = document.querySelector('.gf-graph');
      const net = block.gfNetwork;
      const pos = net.getPositions();
      const edges = net.body.data.edges.get().map(e => ({from: pos[e.from].x, to: pos[e.to].x,
                                                          back: !!e.gf.back, label: e.label}));
      const focus = net.body.data.nodes.getIds({filter: n => n.gf.focus});
      return {layout: block.getAttribute('data-gf-layout'), physics: net.physics.options.enabled,
              edges: edges, focus: focus, focusX: pos[focus[0]].x,
              minX: Math.min.apply(null, Object.values(pos).map(p => p.x)),
              maxX: Math.max.apply(null, Object.values(pos).map(p => p.x)),
              selected: net.getSelectedNodes(), key: block.getAttribute('data-gf-focus')};
    })()""")
    assert state["layout"] == "flow" and state["physics"] is False
    assert state["key"] == f"account:{src}" and state["selected"] == state["focus"]
    assert state["focusX"] == state["minX"] < state["maxX"]
    forward = [e for e in state["edges"] if not e["back"]]
    assert len(forward) >= 3
    assert all(e["from"] < e["to"] for e in forward), state["edges"]
    assert all("₫" in e["label"] and "/20" in e["label"] for e in state["edges"])
    assert_clean(rep)


TIME_STATE = """(() => {
  const block = document.querySelector('.gf-graph');
  const net = block.gfNetwork;
  const data = JSON.parse(block.querySelector('script.gf-data').textContent);
  const edges = net.body.data.edges.get();
  const nodes = net.body.data.nodes.get();
  return {hiddenEdges: edges.filter(e => e.hidden).map(e => e.gf),
          shownEdges: edges.filter(e => !e.hidden).map(e => e.gf),
          hiddenNodes: nodes.filter(n => n.hidden).map(n => n.id),
          focusHidden: nodes.filter(n => n.gf.focus && n.hidden).length,
          attrEdges: block.getAttribute('data-gf-hidden-edges'),
          attrNodes: block.getAttribute('data-gf-hidden-nodes'),
          text: block.querySelector('.gf-hidden-count').textContent,
          time: data.time};
})()"""


# ((lo, hi) => …): types the dates into the page's time filter and applies them
_SET_TIME_RANGE = """((lo, hi) => {
      const b = document.querySelector('.gf-graph');
      b.querySelector('.gf-from').value = lo;
      b.querySelector('.gf-to').value = hi;
      b.querySelector('.gf-to').dispatchEvent(new Event('change'));
    })"""


def _set_dates(rep, lo: str, hi: str, lang: str) -> dict:
    """Type the days (ISO ``2024-03-24``) into the filter as the page's language writes them."""
    def typed(day):
        return "/".join(reversed(day.split("-"))) if lang == "vi" else day

    rep.evaluate(f"{_SET_TIME_RANGE}({json.dumps(typed(lo))}, {json.dumps(typed(hi))})")
    return rep.evaluate(TIME_STATE)


def _has_time_in(gf: dict, lo: int, hi: int) -> bool:
    times = gf.get("ts") or [gf["t0"], gf["t1"]]
    return any(lo <= x <= hi for x in times) if gf.get("ts") else gf["t1"] >= lo and gf["t0"] <= hi


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_time_filter_hides_links_outside_the_dates_and_shows_them_again(browser, demo_store, tmp_path,
                                                                               lang):
    from datetime import datetime

    phone = suspect_phone(demo_store)
    out = tmp_path / f"time-{lang}.html"
    export(demo_store, "html", out, Selection(around=as_typed(phone), hops=2), lang=lang)
    rep = browser.open(out)
    assert_clean(rep)
    state = rep.evaluate(TIME_STATE)
    assert state["text"] == "" and not state["hiddenEdges"]
    span = state["time"]
    # one day: the day of the earliest link
    day = span["from"]
    lo = int(datetime.fromisoformat(f"{day}T00:00:00{span['tz']}").timestamp())
    hi = lo + 86399
    state = _set_dates(rep, day, day, lang)
    assert state["hiddenEdges"], "a one-day filter hid nothing"
    assert all("t0" in gf and not _has_time_in(gf, lo, hi) for gf in state["hiddenEdges"])
    assert all("t0" not in gf or _has_time_in(gf, lo, hi) for gf in state["shownEdges"])
    assert state["attrEdges"] == str(len(state["hiddenEdges"]))
    assert state["attrNodes"] == str(len(state["hiddenNodes"])) and state["hiddenNodes"]
    assert state["focusHidden"] == 0
    words = {"vi": "liên kết", "en": "links"}[lang]
    assert words in state["text"] and str(len(state["hiddenNodes"])) in state["text"]
    # the whole span again: nothing hidden
    state = _set_dates(rep, span["from"], span["to"], lang)
    assert not state["hiddenEdges"] and not state["hiddenNodes"] and state["text"] == ""
    # a day that is not one is marked and leaves that end open
    state = _set_dates(rep, "2024-02-31", span["to"], lang)
    assert not state["hiddenEdges"]
    assert rep.evaluate("document.querySelector('.gf-from').getAttribute('aria-invalid')") == "true"
    # the button shows every date again
    _set_dates(rep, day, day, lang)
    rep.evaluate("document.querySelector('.gf-time-clear').click()")
    state = rep.evaluate(TIME_STATE)
    assert not state["hiddenEdges"] and not state["hiddenNodes"] and state["text"] == ""
    first = day if lang == "en" else "/".join(reversed(day.split("-")))
    assert rep.evaluate("document.querySelector('.gf-from').value") == first
    assert_clean(rep)
