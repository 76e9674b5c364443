"""Interactive graph pages that open offline and never run text from case files.

The graph is drawn by vis-network, the library shipped inside the pyvis package; its nodes,
edges and options are the dicts pyvis's ``Network`` would hold (built in
:mod:`~graphfraud.output.graph_payload`), but the page is rendered here, not by pyvis's template:
that template links Bootstrap from a CDN in every mode and puts headings and
menus in the page unescaped. Here:

* the vis-network library shipped inside the pyvis package and graphfraud's
  own script and style (``assets/``) are inlined; nothing is fetched from any
  host (:func:`assert_offline` checks every page before it is written);
* a Content-Security-Policy allows only those inline scripts, by SHA-256 hash,
  and no connections, frames, forms or remote images;
* every text from the data (names, handles, URLs, narratives, file names) is
  either HTML-escaped (:func:`esc`) or travels inside a JSON block that cannot
  close its ``<script>`` element (:func:`json_for_script`) and is put in the
  page by the script as DOM text nodes (``textContent``) — tooltips are DOM
  elements, never HTML strings;
* above :data:`PHYSICS_MAX` nodes the layout is computed in Python (igraph
  Fruchterman–Reingold, seeded) and physics is off, and the number of nodes is
  capped upstream (:mod:`graphfraud.analysis.subgraph`) with grey "+N" boxes where
  neighbours were left out, so a graph of 50,000 nodes still opens in seconds.

This module puts the page together (legend, graph block, page, ``export html``); its parts are
:mod:`~graphfraud.output.page_safety` (escaping, CSP, assets), :mod:`~graphfraud.output.graph_style`
(colours, shapes, facts), :mod:`~graphfraud.output.graph_layout`, :mod:`~graphfraud.output.graph_payload`
(the vis-network data) and :mod:`~graphfraud.output.graph_svg` (legend symbols, the static drawing).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from graphfraud.errors import OutputError
from graphfraud.output.graph_layout import LAYOUT_SEED, PHYSICS_MAX, layout  # noqa: F401 - the page's parts, here too
from graphfraud.output.graph_payload import HTML_MAX_EDGES, PLACEHOLDER_MAX, graph_payload  # noqa: F401
from graphfraud.output.graph_style import EDGE_STYLE, FACT_ORDER, MORE_STYLE, TYPE_STYLE, facts  # noqa: F401
from graphfraud.output.graph_svg import static_svg, symbol_svg  # noqa: F401 - static_svg: for the report
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_time, t
from graphfraud.output.page_safety import (  # noqa: F401
    ASSETS,
    _vis_dir,
    assert_offline,
    asset,
    csp,
    esc,
    json_for_script,
    script_hash,
)


def legend_html(payload: dict, lang: str) -> str:
    lg = payload["legend"]
    out = [f'<h3>{esc(t("legend", lang))}</h3>']
    if lg["types"]:
        out.append(f'<h4>{esc(t("node_types", lang))}</h4><ul class="gf-legend-types">')
        for ty, name, colour, shape, n in lg["types"]:
            out.append(f'<li><button type="button" class="gf-type" data-type="{esc(ty)}" aria-pressed="true">'
                       f'{symbol_svg(shape, colour)}<span>{esc(name)}</span>'
                       f'<span class="gf-n">{esc(fmt_int(n, lang))}</span></button></li>')
        out.append("</ul>")
    if lg["edges"]:
        out.append(f'<h4>{esc(t("edge_types", lang))}</h4><ul class="gf-legend-edges">')
        for _et, name, colour, dashed, n in lg["edges"]:
            out.append(f'<li>{symbol_svg("", colour, dashed=dashed, line=True)}<span>{esc(name)}</span>'
                       f'<span class="gf-n">{esc(fmt_int(n, lang))}</span></li>')
        out.append("</ul>")
    if lg["clusters"]:
        out.append(f'<h4>{esc(t("clusters", lang))}</h4><ul class="gf-legend-clusters">')
        for cid, colour, n in lg["clusters"]:
            out.append(f'<li><span class="gf-swatch" '
                       f'style="border-color:{esc(colour)}"></span><span>{esc(t("community", lang))} '
                       f'{esc(cid)}'
                       f'</span><span class="gf-n">{esc(fmt_int(n, lang))}</span></li>')
        out.append("</ul>")
    if lg["scores"]:
        out.append(f'<p class="gf-note">{esc(t("size_note", lang))}</p>')
    return "".join(out)


def _js_strings(lang: str) -> dict:
    keys = ("matches", "evidence", "reasons", "click_hint", "details", "value", "type", "focus", "time.hidden")
    return {k.replace(".", "_"): t(k, lang) for k in keys}


def _time_controls(payload: dict, lang: str) -> str:
    """The time filter: two dates (``dd/mm/yyyy`` under vi, ``yyyy-mm-dd`` under en, written in the
    page's language whatever the browser's), first set to the links' first and last days, a button
    back to every date and the count of what is hidden; only when some drawn link has a time."""
    span = payload.get("time")
    if not span:
        return ""
    fmt = esc(t("time.format", lang))
    inputs = []
    for cls, key, epoch in (("gf-from", "time.from", span["min"]), ("gf-to", "time.to", span["max"])):
        day = esc(fmt_date(epoch, lang))
        inputs.append(f'<label>{esc(t(key, lang))} <input type="text" class="{cls}" inputmode="numeric" '
                      f'size="10" value="{day}" data-default="{day}" placeholder="{fmt}" title="{fmt}"></label>')
    return (f'<div class="gf-time" role="group" aria-label="{esc(t("time.label", lang))}">{"".join(inputs)}'
            f'<button type="button" class="gf-time-clear">{esc(t("time.clear", lang))}</button>'
            '<span class="gf-hidden-count" aria-live="polite"></span></div>')


def graph_block(payload: dict, dom_id: str, lang: str, height: str = "calc(100vh - 150px)",
                label: str = "") -> str:
    """One interactive graph: toolbar, canvas, details panel, legend and its data (JSON, escaped)."""
    data = {"nodes": payload["nodes"], "edges": payload["edges"], "options": payload["options"],
            "physics": payload["physics"], "layout": payload.get("layout", "force"),
            "focus": payload.get("focus", []), "time": payload.get("time"), "lang": lang,
            "strings": _js_strings(lang)}
    focus_button = (f'<button type="button" class="gf-focus-go">{esc(t("focus.go", lang))}</button>'
                    if payload.get("focus") else "")
    flow_note = (f'<p class="gf-flow-note">{esc(t("flow.note", lang))}</p>'
                 if payload.get("layout") == "flow" else "")
    colour_select = ""
    if payload["legend"]["clusters"]:
        colour_select = (f'<label class="gf-colour-label">{esc(t("colour_by", lang))} <select class="gf-'
                         'colour">'
                         f'<option value="type">{esc(t("by_type", lang))}</option>'
                         f'<option value="cluster">{esc(t("by_cluster", lang))}</option></select></label>')
    if not payload["nodes"]:
        return (f'<section class="gf-graph gf-empty" id="{esc(dom_id)}">'
                f'<p>{esc(t("empty_graph", lang))}</p></section>')
    return (
        f'<section class="gf-graph" id="{esc(dom_id)}" aria-label="{esc(label)}" '
        f'data-gf-layout="{esc(payload.get("layout", "force"))}">'
        '<div class="gf-toolbar"><input type="search" class="gf-search" '
        f'placeholder="{esc(t("search", lang))}" '
        f'aria-label="{esc(t("search", lang))}"><span class="gf-count" aria-live="polite"></span>'
        f'<button type="button" class="gf-fit">{esc(t("fit", lang))}</button>{focus_button}{colour_select}'
        f'{_time_controls(payload, lang)}</div>{flow_note}'
        f'<div class="gf-main"><div class="gf-canvas" style="height:{esc(height)}"></div>'
        f'<aside class="gf-side"><div class="gf-details"><h3>{esc(t("details", lang))}</h3>'
        f'<p class="gf-hint">{esc(t("click_hint", lang))}</p></div>'
        f'<div class="gf-legend">{legend_html(payload, lang)}</div></aside></div>'
        f'<noscript><p>{esc(t("no_js", lang))}</p></noscript>'
        f'<script type="application/json" class="gf-data">{json_for_script(data)}</script></section>')

def page(title: str, body: str, lang: str, extra_css: str = "", with_graph: bool = True) -> str:
    """A complete page: CSP first, then styles, the body, and the inline scripts (hashed in the CSP)."""
    scripts = [asset("vis-network.min.js"), asset("graph.js")] if with_graph else []
    styles = (asset("vis-network.css") if with_graph else "") + "\n" + asset("graph.css") + "\n" + extra_css
    if "</style" in styles.lower():
        raise OutputError("internal error: a style would close its element")
    text = (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(scripts))}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{styles}</style>\n</head>\n<body>\n{body}\n"
        + "".join(f"<script>{s}</script>\n" for s in scripts)
        + "</body>\n</html>\n")
    assert_offline(text)
    return text


def selection_title(g, lang: str) -> str:
    sel = g.graph.get("selection") or {}
    kind = sel.get("kind", "all")
    value = sel.get(kind) if kind != "all" else None
    hops = sel.get("hops") or (2 if kind == "case" else 1)
    return t("title." + kind, lang, value=value, hops=hops) if kind != "all" else t("title.all", lang)


def _generator() -> str:
    from graphfraud import __version__

    return f"graphfraud {__version__}"


def now_text(lang: str) -> str:
    from graphfraud.normalize.timestamp import LOCAL_TZ

    return fmt_time(datetime.now(LOCAL_TZ).isoformat(), lang)


def graph_page(g, lang: str = "vi", command: str | None = None) -> str:
    """The whole page of ``graphfraud export html``."""
    title = selection_title(g, lang)
    payload = graph_payload(g, lang)
    c = payload["counts"]
    sub = [t("shown", lang, nodes=fmt_int(c["nodes"], lang), edges=fmt_int(c["edges"], lang))]
    if c["omitted"]:
        sub.append(t("omitted", lang, n=fmt_int(c["omitted"], lang)))
    if g.graph.get("scores_not_shown"):
        sub.append(t("scores_not_shown", lang))
    body = (f'<header class="gf-header"><h1>{esc(title)}</h1>'
            f'<p class="gf-sub">{" · ".join(esc(s) for s in sub)}</p></header>'
            + graph_block(payload, "graph", lang, label=title)
            + '<footer class="gf-'
              f'footer"><span>{esc(t("generated", lang, generator=_generator(), date=now_text(lang)))}'
            f'</span>' + (f' · <span>{esc(t("reproduce", lang))}: '
                          f'<code>{esc(command)}</code></span>' if command else "")
            + "</footer>")
    return page(f"{title} — graphfraud", body, lang)


def write_graph_page(g, out, force: bool = False, lang: str = "vi", command: str | None = None,
                     redactor=None) -> list[Path]:
    from graphfraud.output.safepath import write_atomic

    return [write_atomic(out, graph_page(g, lang, command), force=force, redactor=redactor)]
