"""Interactive graph pages that open offline and never run text from case files.

The graph is built with pyvis (its ``Network`` holds the vis-network nodes,
edges and options) but the page is rendered here, not by pyvis's template:
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
  capped upstream (:mod:`graphfraud.output.exports`) with grey "+N" boxes where
  neighbours were left out, so a graph of 50,000 nodes still opens in seconds.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import math
import re
from collections import Counter
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from graphfraud.errors import OutputError
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, fmt_time, has, t
from graphfraud.output.search_keys import search_keys

ASSETS = Path(__file__).with_name("assets")
PHYSICS_MAX = 300          # above this many drawn nodes: precomputed layout, physics off
PLACEHOLDER_MAX = 300      # at most this many "+N more" boxes
HTML_MAX_EDGES = 8000      # drawn links (after merging parallel ones) above which the weakest are left out
LAYOUT_SEED = 7

# identifier type -> (fill colour, vis-network shape)
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "case": ("#dc2626", "star"),
    "phone": ("#2563eb", "triangle"),
    "account": ("#d97706", "square"),
    "person": ("#059669", "dot"),
    "social": ("#7c3aed", "diamond"),
    "url": ("#db2777", "triangleDown"),
    "email": ("#0891b2", "hexagon"),
    "ip": ("#64748b", "dot"),
    "device": ("#92400e", "hexagon"),
}
MORE_STYLE = ("#e5e7eb", "box")
# link type -> (colour, drawn with an arrow, dashed)
EDGE_STYLE: dict[str, tuple[str, bool, bool]] = {
    "transfer": ("#b45309", True, False),
    "call": ("#1d4ed8", True, False),
    "login": ("#94a3b8", True, True),
    "owns": ("#047857", True, False),
    "registered": ("#0f766e", True, True),
    "social_link": ("#6d28d9", False, True),
    "mention": ("#ef4444", True, False),
}
TRACE_COLOUR = "#dc2626"
CLUSTER_COLOURS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45",
                   "#469990", "#9a6324", "#800000", "#808000", "#000075", "#fabed4", "#aaffc3", "#dcbeff")
FACT_ORDER = ("holder_name", "name", "national_id", "bank", "opened_at", "biometric_verified", "display_name",
              "platform", "country", "foreign", "line_type", "url", "host", "domain", "kind", "report_date",
              "scam_type", "amount_lost", "victim_name", "narrative")


# ----------------------------------------------------------------------------- escaping
def esc(value) -> str:
    """Text for HTML element content or a quoted attribute."""
    return _html.escape("" if value is None else str(value), quote=True)


_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``, U+2028/9 escaped,
    so a value such as ``</script><script>…`` cannot close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_UNSAFE[m.group(0)], text)


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp(scripts: list[str]) -> str:
    """The page's Content-Security-Policy: its own inline scripts (by hash) and styles, nothing remote."""
    hashes = " ".join(dict.fromkeys(script_hash(s) for s in scripts))
    return ("default-src 'none'; script-src " + hashes + "; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
            "worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'")


_REMOTE_ATTR = re.compile(
    r"""<[^>]*?\s(?:src|href|action|formaction|poster|background|data|xlink:href|srcset|ping)\s*=\s*["']?\s*"""
    r"""(?:[a-z][a-z0-9+.-]*:)?//""", re.I)
_REMOTE_TAG = re.compile(r"<\s*(?:link|iframe|frame|object|embed|base|meta\s+http-"
                         r"equiv\s*=\s*[\"']?refresh)\b",
                         re.I)
_REMOTE_CSS = re.compile(r"""@import|url\(\s*["']?\s*(?:https?:|//)""", re.I)


def assert_offline(page: str) -> None:
    """Refuse a page that would load anything from a host: remote src/href, link/iframe/object tags,
    CSS imports or remote url(), or a script without the page's CSP."""
    m = _REMOTE_ATTR.search(page) or _REMOTE_TAG.search(page) or _REMOTE_CSS.search(page)
    if m:
        raise OutputError("internal error: the page would reference a remote resource near "
                          f"{m.group(0)[:80]!r}")
    if "Content-Security-Policy" not in page:
        raise OutputError("internal error: the page has no Content-Security-Policy")


# ----------------------------------------------------------------------------- assets
@lru_cache(maxsize=None)
def _vis_dir() -> Path:
    import pyvis

    d = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    if not (d / "vis-network.min.js").is_file():
        raise OutputError(f"pyvis is installed without its vis-network library ({d}); reinstall pyvis")
    return d


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """An inlined asset: ``vis-network.min.js`` / ``vis-network.css`` (from pyvis) or ours."""
    path = _vis_dir() / name if name.startswith("vis-network") else ASSETS / name
    text = path.read_text(encoding="utf-8")
    low = text.lower()
    if "</script" in low or "</style" in low or "<!--" in low:
        raise OutputError(f"asset {name} cannot be inlined safely")
    return text


# ----------------------------------------------------------------------------- layout
def layout(n: int, pairs: list[tuple[int, int]], seed: int = LAYOUT_SEED,
           spacing: float = 70.0) -> list[tuple[float, float]]:
    """Seeded Fruchterman–Reingold positions (igraph) in screen pixels.

    Each connected component is laid out on its own and the components are
    packed in rows, largest first, so isolated nodes form a tidy grid instead of
    drifting around the main component.
    """
    if n == 0:
        return []
    import random

    import igraph as ig

    g = ig.Graph(n=n, edges=sorted(set((min(a, b), max(a, b)) for a, b in pairs if a != b)))
    comps = sorted((sorted(c) for c in g.connected_components()), key=lambda c: (-len(c), c[0]))
    blocks = []
    ig.set_random_number_generator(random.Random(seed))
    try:
        for comp in comps:
            m = len(comp)
            if m == 1:
                coords = [(0.0, 0.0)]
            elif m == 2:
                coords = [(0.0, 0.0), (1.0, 0.0)]
            else:
                sub = g.subgraph(comp)
                r0 = math.sqrt(m)
                start = [[math.cos(2 * math.pi * i / m) * r0, math.sin(2 * math.pi * i / m) * r0]
                         for i in range(m)]
                coords = sub.layout_fruchterman_reingold(seed=start, niter=500 if m <= 2000 else 250,
                                                         grid="nogrid" if m <= PHYSICS_MAX else "grid").coords
            xs, ys = [c[0] for c in coords], [c[1] for c in coords]
            span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
            k = (spacing * (1.6 * math.sqrt(m) if m > 2 else 1)) / span if m > 1 else 0.0
            pts = [((x - min(xs)) * k, (y - min(ys)) * k) for x, y in coords]
            blocks.append((comp, pts, max(p[0] for p in pts), max(p[1] for p in pts)))
    finally:
        ig.set_random_number_generator(random)
    area = sum((w + spacing) * (h + spacing) for _, _, w, h in blocks)
    row_max = max(max(w for _, _, w, _ in blocks) + spacing, math.sqrt(area) * 1.4)
    out: list = [None] * n
    x = y = row_h = 0.0
    for comp, pts, w, h in blocks:
        if x > 0 and x + w > row_max:
            x, y, row_h = 0.0, y + row_h + spacing, 0.0
        for node, (px, py) in zip(comp, pts):
            out[node] = (x + px, y + py)
        x += w + spacing
        row_h = max(row_h, h)
    xs = [p[0] for p in out]
    ys = [p[1] for p in out]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [(round(px - cx, 1), round(py - cy, 1)) for px, py in out]


# ----------------------------------------------------------------------------- facts
def _fact_value(name: str, value, lang: str) -> str:
    if value is None or value == "":
        return ""
    if name in ("opened_at", "report_date"):
        return fmt_date(value, lang)
    if name == "amount_lost":
        return fmt_money(value, lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, str) and has(f"value.{name}.{value}"):
        return t(f"value.{name}.{value}", lang)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def facts(node_type: str, props: dict, lang: str) -> list[list[str]]:
    """Key facts of an identifier as [label, text] pairs (labels translated, values as stored)."""
    out = []
    for name in FACT_ORDER:
        if name in props and props[name] not in (None, ""):
            if name == "name" and node_type != "person":
                continue
            out.append([t("fact." + name, lang), _fact_value(name, props[name], lang)])
    for k, v in sorted((props.get("extra") or {}).items()):
        if v not in (None, ""):
            out.append([str(k), _fact_value(k, v, lang)])
    return out


def _ev_lines(ev, lang: str) -> list[str]:
    return [f"{e.get('file')}" + (f" [{e['sheet']}]" if e.get("sheet") else "") + f" — {t('row', lang)} "
                                                                                  f"{e.get('row')}"
            for e in ev or []]


def _dec(text):
    try:
        d = Decimal(str(text))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return d if d.is_finite() else None


# ----------------------------------------------------------------------------- the vis-network data
def graph_payload(g, lang: str, seed: int = LAYOUT_SEED, physics_max: int = PHYSICS_MAX,
                  command_hint: str = "graphfraud export html OUT.html --around") -> dict:
    """The vis-network data of a networkx graph (from :func:`graphfraud.output.exports.build_graph`)."""
    from pyvis.network import Network

    keys = list(g.nodes)
    index = {k: i for i, k in enumerate(keys)}
    # merge parallel links of one type into one drawn link
    merged: dict[tuple, dict] = {}
    for u, v, _k, d in g.edges(keys=True, data=True):
        if u == v:
            continue
        m = merged.setdefault((index[u], index[v], d["type"]),
                              {"n": 0, "amount": Decimal(0), "has_amount": False, "first": None, "last": None,
                               "ev": [], "traced": 0.0, "roles": set()})
        m["n"] += 1
        a = _dec(d.get("amount"))
        if a is not None:
            m["amount"] += a
            m["has_amount"] = True
        ts = d.get("ts")
        if ts is not None:
            m["first"] = ts if m["first"] is None else min(m["first"], ts)
            m["last"] = ts if m["last"] is None else max(m["last"], ts)
        for e in d.get("evidence") or []:
            if len(m["ev"]) < 3:
                m["ev"].append(e)
        if d.get("traced_amount"):
            m["traced"] += float(d["traced_amount"])
        role = (d.get("props") or {}).get("role")
        if role:
            m["roles"].add(role)
    links = list(merged.items())
    dropped_links = 0
    if len(links) > HTML_MAX_EDGES:
        order = sorted(range(len(links)), key=lambda i: (links[i][0][2] == "login", -links[i][1]["n"], i))
        keep = sorted(order[:HTML_MAX_EDGES])
        dropped_links = len(links) - len(keep)
        links = [links[i] for i in keep]
    # "+N more" boxes for nodes whose neighbours the cap left out
    more = sorted(((d.get("hidden_neighbours") or 0, k) for k, d in g.nodes(data=True)
                   if d.get("hidden_neighbours")), key=lambda x: (-x[0], x[1]))[:PLACEHOLDER_MAX]
    n_real = len(keys)
    n_all = n_real + len(more)
    pairs = [(a, b) for (a, b, _), _m in links] + [(index[k], n_real + j) for j, (_, k) in enumerate(more)]
    pos = layout(n_all, pairs, seed)
    physics = n_all <= physics_max

    mule_max = max([d.get("mule_score") or 0 for _, d in g.nodes(data=True)] + [1.0])
    org_max = max([d.get("organiser_score") or 0 for _, d in g.nodes(data=True)] + [1.0])
    clusters = Counter(d.get("community") for _, d in g.nodes(data=True) if d.get("community") is not None)
    cluster_colour = {c: CLUSTER_COLOURS[i] if i < len(CLUSTER_COLOURS) else "#9ca3af"
                      for i, (c, _) in enumerate(sorted(clusters.items(), key=lambda x: (-x[1], str(x[0]))))}

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    small = n_all > 600
    for i, k in enumerate(keys):
        d = g.nodes[k]
        ntype = d["type"]
        fill, shape = TYPE_STYLE.get(ntype, ("#9ca3af", "dot"))
        ms = (d.get("mule_score") or 0) / mule_max
        os_ = (d.get("organiser_score") or 0) / org_max
        score = max(ms, os_)
        size = (16 if ntype == "case" else 11) + 18 * score + (5 if d.get("focus") else 0)
        comm = d.get("community")
        border = cluster_colour.get(comm, "#374151") if comm is not None else "#374151"
        reasons = []
        if d.get("mule_score") is not None:
            reasons.append({"title": t("mule_score", lang), "score": round(float(d["mule_score"]), 3),
                            "items": list(d.get("mule_reasons") or [])})
        if d.get("organiser_score") is not None:
            reasons.append({"title": t("organiser_score", lang),
                            "score": round(float(d["organiser_score"]), 3),
                            "items": list(d.get("organiser_reasons") or [])})
        fl = facts(ntype, d.get("props") or {}, lang)
        if comm is not None:
            fl.append([t("community", lang), str(comm)])
        if d.get("outside_neighbours"):
            fl.append([t("outside", lang), fmt_int(d["outside_neighbours"], lang)])
        if d.get("trace_end"):
            fl.append([t("trace_end", lang), ", ".join(t("end." + x, lang) if has("end." + x) else x
                                                       for x in d["trace_end"].split(","))])
        gf = {"k": k, "t": ntype, "tn": t("type." + ntype, lang) if has("type." + ntype) else ntype,
              "v": d["value"], "tc": fill, "cc": cluster_colour.get(comm), "c": comm, "f": fl, "r": reasons,
              "e": _ev_lines(d.get("evidence"), lang), "s": search_keys(ntype, d["value"], d.get("props"))}
        if d.get("focus"):
            gf["focus"] = True
        border_w = (2 if n_all > physics_max else 3) if comm is not None else 1
        opts = {"size": round(size, 1), "borderWidth": border_w,
                "color": {"background": fill, "border": border,
                          "highlight": {"background": fill, "border": "#111827"},
                          "hover": {"background": fill, "border": "#111827"}},
                "x": pos[i][0], "y": pos[i][1], "gf": gf,
                "font": {"size": 10 if small else 13, "color": "#111827", "strokeWidth": 3,
                         "strokeColor": "#ffffff", **({"bold": True} if d.get("focus") else {})}}
        if score >= 0.5:
            opts["shadow"] = {"enabled": True, "color": "rgba(220,38,38,0.55)", "size": 14, "x": 0, "y": 0}
        net.add_node(i, label=d.get("label") or d["value"], shape=shape, **opts)
    for j, (cnt, k) in enumerate(more):
        pid = n_real + j
        d = g.nodes[k]
        hint = t("more_hint", lang, n=fmt_int(cnt, lang), value=d["value"],
                 command=f"{command_hint} {d['type']}:{d['value']}")
        net.add_node(pid, label=t("more", lang, n=fmt_int(cnt, lang)), shape=MORE_STYLE[1],
                     color={"background": MORE_STYLE[0], "border": "#9ca3af"},
                     font={"size": 11, "color": "#374151"}, x=pos[pid][0], y=pos[pid][1], borderWidth=1,
                     gf={"k": None, "t": "more", "tn": t("type.more", lang), "v": t("more", lang, n=cnt),
                         "more": cnt, "f": [[t("fact.degree", lang), fmt_int(cnt, lang)]], "r": [],
                         "e": [], "hint": hint, "tc": MORE_STYLE[0]})
    edge_types = Counter()
    for (a, b, etype), m in links:
        colour, arrow, dashed = EDGE_STYLE.get(etype, ("#9ca3af", False, False))
        edge_types[etype] += m["n"]
        width = 1.0
        if m["has_amount"] and m["amount"] > 0:
            width = 1 + min(6.0, 1.2 * math.log10(1 + float(m["amount"]) / 1e6))
        elif m["n"] > 1:
            width = 1 + min(3.0, 0.6 * math.log2(m["n"]))
        ef = [[t("links_n", lang, n=fmt_int(m["n"], lang)), t("edge." + etype, lang) if has("edge." + etype)
               else etype]]
        if m["first"] is not None:
            span = fmt_time(m["first"], lang)
            if m["last"] != m["first"]:
                span += " – " + fmt_time(m["last"], lang)
            ef.append([t("time_range", lang), span])
        if m["has_amount"]:
            ef.append([t("total_amount", lang), fmt_money(m["amount"], lang)])
        if m["roles"]:
            ef.append([t("type", lang), ", ".join(t("role." + r, lang) if has("role." + r) else r
                                                   for r in sorted(m["roles"]))])
        opts = {"color": {"color": colour, "highlight": "#111827", "hover": "#111827", "opacity": 0.85},
                "width": round(width, 2), "dashes": dashed,
                "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.55}},
                "gf": {"t": etype, "tn": t("edge." + etype, lang) if has("edge." + etype) else etype,
                       "f": ef, "e": _ev_lines(m["ev"], lang),
                       "ends": [keys[a], keys[b]]}}
        if m["traced"]:
            opts["color"] = {"color": TRACE_COLOUR, "highlight": "#111827", "hover": "#111827"}
            opts["width"] = round(2 + min(6.0, 1.2 * math.log10(1 + m["traced"] / 1e6)), 2)
            opts["label"] = fmt_money(m["traced"], lang)
            opts["font"] = {"size": 11, "color": "#7f1d1d", "strokeWidth": 3, "strokeColor": "#ffffff",
                            "align": "top"}
            ef.append([t("traced_amount", lang), fmt_money(m["traced"], lang)])
        net.add_edge(a, b, **opts)
    for j, (_cnt, k) in enumerate(more):
        net.add_edge(index[k], n_real + j, color={"color": "#9ca3af"}, dashes=True, width=1,
                     arrows={"to": {"enabled": False}},
                     gf={"t": "more", "tn": t("edge.more", lang), "f": [], "e": []})
    net.options = {
        "autoResize": True,
        "nodes": {"borderWidthSelected": 3, "scaling": {"label": {"drawThreshold": 7}}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -2500, "springLength": 110, "springConstant": 0.03,
                                  "damping": 0.5, "avoidOverlap": 0.2},
                    "stabilization": {"enabled": physics, "iterations": 200, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_all > 800,
                        "hideEdgesOnZoom": n_all > 2000, "multiselect": True, "navigationButtons": False,
                        "keyboard": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
    }
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    types_present = Counter(g.nodes[k]["type"] for k in keys)
    legend_types = []
    for ty in list(TYPE_STYLE) + sorted(set(types_present) - set(TYPE_STYLE)):
        if types_present.get(ty):
            colour, shape = TYPE_STYLE.get(ty, ("#9ca3af", "dot"))
            legend_types.append([ty, t("type." + ty, lang) if has("type." + ty) else ty, colour, shape,
                                 types_present[ty]])
    if more:
        legend_types.append(["more", t("type.more", lang), MORE_STYLE[0], "box", len(more)])
    legend_edges = []
    for et, n in sorted(edge_types.items(), key=lambda x: (list(EDGE_STYLE).index(x[0]) if x[0] in EDGE_STYLE
                                                           else 99, x[0])):
        colour, _arrow, dashed = EDGE_STYLE.get(et, ("#9ca3af", False, False))
        legend_edges.append([et, t("edge." + et, lang) if has("edge." + et) else et, colour, dashed, n])
    by_size = sorted(clusters.items(), key=lambda x: (-x[1], str(x[0])))[:16]
    return {
        "nodes": nodes, "edges": edges, "options": json.loads(options), "physics": physics,
        "legend": {
            "types": legend_types,
            "edges": legend_edges,
            "clusters": [[str(c), cluster_colour[c], n] for c, n in by_size],
            "scores": any(g.nodes[k].get("mule_score") is not None
                          or g.nodes[k].get("organiser_score") is not None for k in keys),
        },
        "counts": {"nodes": n_real, "edges": g.number_of_edges(), "drawn_links": len(links),
                   "dropped_links": dropped_links, "placeholders": len(more),
                   "omitted": int(g.graph.get("omitted_nodes") or 0), "total": g.graph.get("nodes_total")},
    }


# ----------------------------------------------------------------------------- HTML pieces
def symbol_svg(shape: str, colour: str, size: int = 14, dashed: bool = False, line: bool = False) -> str:
    """A small inline SVG of a legend symbol (no external references)."""
    c = esc(colour)
    s = size
    h = s / 2
    if line:
        dash = ' stroke-dasharray="3 2"' if dashed else ""
        return (f'<svg class="gf-sym" width="{s + 8}" height="{s}" viewBox="0 0 {s + 8} {s}" aria-'
                'hidden="true">'
                f'<line x1="1" y1="{h}" x2="{s + 7}" y2="{h}" stroke="{c}" stroke-width="2.5"{dash}/></svg>')
    body = _shape_svg(shape, h, h, h - 1, c, "#374151")
    return (f'<svg class="gf-sym" width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true">'
            f'{body}</svg>')


def _shape_svg(shape: str, x: float, y: float, r: float, fill: str, stroke: str, sw: float = 1) -> str:
    a = f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"'
    if shape in ("dot", "circle", "ellipse"):
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {a}/>'
    if shape in ("square", "box"):
        k = 0.7 if shape == "box" else 1
        return f'<rect x="{x - r:.1f}" y="{y - r * k:.1f}" width="{2 * r:.1f}" height="{2 * r * k:.1f}" {a}/>'
    if shape == "triangle":
        pts = [(x, y - r), (x + r * 0.95, y + r * 0.8), (x - r * 0.95, y + r * 0.8)]
    elif shape == "triangleDown":
        pts = [(x, y + r), (x + r * 0.95, y - r * 0.8), (x - r * 0.95, y - r * 0.8)]
    elif shape == "diamond":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif shape == "hexagon":
        pts = [(x + r * math.cos(math.pi / 3 * i), y + r * math.sin(math.pi / 3 * i)) for i in range(6)]
    elif shape == "star":
        pts = [(x + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * i),
                y - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * i)) for i in range(10)]
    else:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {a}/>'
    return '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + f'" {a}/>'


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
    keys = ("matches", "evidence", "reasons", "click_hint", "details", "value", "type", "focus")
    return {k: t(k, lang) for k in keys}


def graph_block(payload: dict, dom_id: str, lang: str, height: str = "calc(100vh - 150px)",
                label: str = "") -> str:
    """One interactive graph: toolbar, canvas, details panel, legend and its data (JSON, escaped)."""
    data = {"nodes": payload["nodes"], "edges": payload["edges"], "options": payload["options"],
            "physics": payload["physics"], "strings": _js_strings(lang)}
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
        f'<section class="gf-graph" id="{esc(dom_id)}" aria-label="{esc(label)}">'
        '<div class="gf-toolbar"><input type="search" class="gf-search" '
        f'placeholder="{esc(t("search", lang))}" '
        f'aria-label="{esc(t("search", lang))}"><span class="gf-count" aria-live="polite"></span>'
        f'<button type="button" class="gf-fit">{esc(t("fit", lang))}</button>{colour_select}</div>'
        f'<div class="gf-main"><div class="gf-canvas" style="height:{esc(height)}"></div>'
        f'<aside class="gf-side"><div class="gf-details"><h3>{esc(t("details", lang))}</h3>'
        f'<p class="gf-hint">{esc(t("click_hint", lang))}</p></div>'
        f'<div class="gf-legend">{legend_html(payload, lang)}</div></aside></div>'
        f'<noscript><p>{esc(t("no_js", lang))}</p></noscript>'
        f'<script type="application/json" class="gf-data">{json_for_script(data)}</script></section>')


def static_svg(payload: dict, width: int = 1000, height: int = 620, labels_max: int = 120,
               title: str = "") -> str:
    """A static drawing of the graph (same layout) for printing; text escaped, nothing remote."""
    nodes = payload["nodes"]
    if not nodes:
        return ""
    xs = [n["x"] for n in nodes]
    ys = [n["y"] for n in nodes]
    pad = 30
    span_x = max(max(xs) - min(xs), 1)
    span_y = max(max(ys) - min(ys), 1)
    k = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)

    def px(n):
        return pad + (n["x"] - min(xs)) * k + ((width - 2 * pad) - span_x * k) / 2, \
            pad + (n["y"] - min(ys)) * k + ((height - 2 * pad) - span_y * k) / 2

    where = {n["id"]: px(n) for n in nodes}
    out = [f'<svg class="gf-static" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{esc(title)}">']
    for e in payload["edges"]:
        a, b = where.get(e["from"]), where.get(e["to"])
        if a is None or b is None:
            continue
        colour = e.get("color", {}).get("color", "#9ca3af")
        dash = ' stroke-dasharray="4 3"' if e.get("dashes") else ""
        out.append(f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                   f'stroke="{esc(colour)}" '
                   f'stroke-width="{min(float(e.get("width", 1)), 4):.1f}" stroke-opacity="0.7"{dash}/>')
    show_labels = len(nodes) <= labels_max
    for n in nodes:
        x, y = where[n["id"]]
        r = max(3.0, min(14.0, float(n.get("size", 10)) * 0.55))
        col = n.get("color", {})
        out.append(_shape_svg(n.get("shape", "dot"), x, y, r, esc(col.get("background", "#9ca3af")),
                              esc(col.get("border", "#374151")), 1.2))
        if show_labels:
            out.append(f'<text x="{x:.1f}" y="{y + r + 9:.1f}" text-anchor="middle" font-size="8">'
                       f'{esc(n.get("label", ""))}</text>')
    out.append("</svg>")
    return "".join(out)


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
    body = (f'<header class="gf-header"><h1>{esc(title)}</h1>'
            f'<p class="gf-sub">{" · ".join(esc(s) for s in sub)}</p></header>'
            + graph_block(payload, "graph", lang, label=title)
            + '<footer class="gf-'
              f'footer"><span>{esc(t("generated", lang, generator=_generator(), date=now_text(lang)))}'
            f'</span>' + (f' · <span>{esc(t("reproduce", lang))}: '
                          f'<code>{esc(command)}</code></span>' if command else "")
            + "</footer>")
    return page(f"{title} — graphfraud", body, lang)


def write_graph_page(g, out, force: bool = False, lang: str = "vi", command: str | None = None) -> list[Path]:
    from graphfraud.output.safepath import write_atomic

    return [write_atomic(out, graph_page(g, lang, command), force=force)]
