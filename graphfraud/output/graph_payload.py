"""The vis-network data of a graph: nodes styled by type and score, parallel links merged, "+N
more" boxes, the layout, the options and the legend (see :mod:`graphfraud.output.html`)."""

from __future__ import annotations

import json
import math
from collections import Counter
from decimal import Decimal

from graphfraud.model import OWN_EDGE_TYPES
from graphfraud.output.graph_layout import FLOW_COLUMN, LAYOUT_SEED, PHYSICS_MAX, flow_layout, layout
from graphfraud.output.graph_style import (
    CLUSTER_COLOURS,
    EDGE_STYLE,
    MORE_STYLE,
    TRACE_COLOUR,
    TYPE_STYLE,
    _ev_lines,
    facts,
)
from graphfraud.output.i18n import fmt_int, fmt_money, fmt_time, has, t
from graphfraud.output.search_keys import search_keys
from graphfraud.textfmt import parse_decimal

PLACEHOLDER_MAX = 300      # at most this many "+N more" boxes
HTML_MAX_EDGES = 8000      # drawn links (after merging parallel ones) above which the weakest are left out
TIMES_MAX = 200            # a drawn link keeps the times of at most this many facts for the time filter
FOCUS_RING = "#111827"
FOCUS_STYLE = {"borderWidth": 5, "borderWidthSelected": 6,
               "shadow": {"enabled": True, "color": "rgba(250,204,21,0.95)", "size": 26, "x": 0, "y": 0}}
FLOW_ENDS = ("cashout", "abroad")   # trace ends drawn in the money-flow layout's rightmost column


class VisData:
    """The nodes and edges of a vis-network graph as dicts, the same ones pyvis's ``Network`` holds
    (its options, then ``id``, ``label``, ``shape``; ``from`` and ``to`` for a link). Built here, not
    with ``pyvis.network``: importing it imports IPython (about 0.3 s of every export), and its
    ``add_edge`` scans the list of node ids for each link. pyvis still supplies the vis-network
    library the page inlines (:func:`graphfraud.output.page_safety.asset`)."""

    def __init__(self) -> None:
        self.nodes: list[dict] = []
        self.edges: list[dict] = []

    def add_node(self, n_id: int, label, shape: str, **opts) -> None:
        colour = {"color": opts.pop("color")} if "color" in opts else {}    # first, as pyvis puts it
        self.nodes.append({**colour, **opts, "id": n_id, "label": label or n_id, "shape": shape})

    def add_edge(self, source: int, to: int, **opts) -> None:
        self.edges.append({**opts, "from": source, "to": to})


def is_flow(g) -> bool:
    """Whether a graph is drawn as a left-to-right money flow: a money trace (``export html --trace``)
    or a graph whose maker asked for it (``g.graph["layout"] = "flow"``, e.g. a report's money graph)."""
    sel = g.graph.get("selection") or {}
    return g.graph.get("layout") == "flow" or bool(g.graph.get("trace")) or sel.get("kind") == "trace"


def graph_payload(g, lang: str, seed: int = LAYOUT_SEED, physics_max: int = PHYSICS_MAX,
                  command_hint: str = "graphfraud export html OUT.html --around", flow: bool | None = None) -> dict:
    """The vis-network data of a networkx graph (from :func:`graphfraud.analysis.subgraph.build_graph`).

    ``flow`` (default: :func:`is_flow`) lays the graph out left to right along the money (source,
    mules by hop, cash-out), with positions fixed and each link labelled with its amount and time.
    """
    keys = list(g.nodes)
    index = {k: i for i, k in enumerate(keys)}
    links, dropped_links = _drawn_links(g, index)
    # "+N more" boxes for nodes whose neighbours the cap left out
    more = sorted(((d.get("hidden_neighbours") or 0, k) for k, d in g.nodes(data=True)
                   if d.get("hidden_neighbours")), key=lambda x: (-x[0], x[1]))[:PLACEHOLDER_MAX]
    n_real = len(keys)
    n_all = n_real + len(more)
    pairs = [(a, b) for (a, b, _), _m in links] + [(index[k], n_real + j) for j, (_, k) in enumerate(more)]
    flow = is_flow(g) if flow is None else flow
    pos, curves = _flow_positions(g, keys, links, pairs, n_all) if flow else (layout(n_all, pairs, seed), {})
    physics = n_all <= physics_max and not flow

    clusters = Counter(d.get("community") for _, d in g.nodes(data=True) if d.get("community") is not None)
    cluster_colour = {c: CLUSTER_COLOURS[i] if i < len(CLUSTER_COLOURS) else "#9ca3af"
                      for i, (c, _) in enumerate(sorted(clusters.items(), key=lambda x: (-x[1], str(x[0]))))}

    net = VisData()
    _add_nodes(net, g, keys, pos, cluster_colour, lang, n_all > physics_max, n_all > 600)
    _add_placeholders(net, g, more, n_real, pos, lang, command_hint)
    edge_types = _add_links(net, links, keys, lang, flow, curves)
    for j, (_cnt, k) in enumerate(more):
        net.add_edge(index[k], n_real + j, color={"color": "#9ca3af"}, dashes=True, width=1,
                     arrows={"to": {"enabled": False}},
                     gf={"t": "more", "tn": t("edge.more", lang), "f": [], "e": []})
    nodes, edges, options = net.nodes, net.edges, json.dumps(_vis_options(physics, n_all, seed))
    by_size = sorted(clusters.items(), key=lambda x: (-x[1], str(x[0])))[:16]
    return {
        "nodes": nodes, "edges": edges, "options": json.loads(options), "physics": physics,
        "layout": "flow" if flow else "force", "focus": [i for i, k in enumerate(keys) if g.nodes[k].get("focus")],
        "time": _time_range(links),
        "legend": {
            "types": _legend_types(g, keys, more, lang),
            "edges": _legend_edges(edge_types, lang),
            "clusters": [[str(c), cluster_colour[c], n] for c, n in by_size],
            "scores": any(g.nodes[k].get("mule_score") is not None
                          or g.nodes[k].get("organizer_score") is not None for k in keys),
        },
        "counts": {"nodes": n_real, "edges": g.number_of_edges(), "drawn_links": len(links),
                   "dropped_links": dropped_links, "placeholders": len(more),
                   "omitted": int(g.graph.get("omitted_nodes") or 0), "total": g.graph.get("nodes_total")},
    }


# an account's withdrawals and deposits (edges to itself) are drawn as loops on it
OWN_ANGLE = {"withdrawal": math.pi / 4, "deposit": 5 * math.pi / 4}


def _drawn_links(g, index: dict) -> tuple[list, int]:
    """The parallel links of one type merged into one drawn link: ([((a, b, type), merged)], how many
    drawn links were left out above HTML_MAX_EDGES, the weakest first)."""
    merged: dict[tuple, dict] = {}
    for u, v, _k, d in g.edges(keys=True, data=True):
        if u == v and d["type"] not in OWN_EDGE_TYPES:
            continue
        m = merged.setdefault((index[u], index[v], d["type"]),
                              {"n": 0, "amount": Decimal(0), "has_amount": False, "first": None, "last": None,
                               "ev": [], "traced": 0.0, "roles": set(), "times": [],
                               "whole": (g.nodes[u].get("own_links") or {}).get(d["type"]) if u == v
                               else d.get("parallel")})
        m["n"] += 1
        a = parse_decimal(d.get("amount"))
        if a is not None:
            m["amount"] += a
            m["has_amount"] = True
        ts = d.get("ts")
        if ts is not None:
            m["first"] = ts if m["first"] is None else min(m["first"], ts)
            m["last"] = ts if m["last"] is None else max(m["last"], ts)
            if len(m["times"]) <= TIMES_MAX:
                m["times"].append(int(ts))
        for e in d.get("evidence") or []:
            if len(m["ev"]) < 3:
                m["ev"].append(e)
        if d.get("traced_amount"):
            m["traced"] += float(d["traced_amount"])
        role = (d.get("props") or {}).get("role")
        if role:
            m["roles"].add(role)
    for m in merged.values():   # a group cut (an account's withdrawals, 18,000 logins): all counted, some drawn
        whole = m.pop("whole")
        if whole:
            has_amount = whole.get("amount") is not None
            m.update(n=whole["n"], amount=Decimal(whole["amount"]) if has_amount else Decimal(0),
                     has_amount=has_amount, first=whole["first"], last=whole["last"], shown=whole["shown"])
    links = list(merged.items())
    dropped_links = 0
    if len(links) > HTML_MAX_EDGES:
        order = sorted(range(len(links)), key=lambda i: (links[i][0][2] == "login", -links[i][1]["n"], i))
        keep = sorted(order[:HTML_MAX_EDGES])
        dropped_links = len(links) - len(keep)
        links = [links[i] for i in keep]
    return links, dropped_links


def _node_details(d: dict, ntype: str, comm, lang: str) -> tuple[list, list]:
    """An identifier's scores with their reasons, and its key facts, for its details panel."""
    reasons = []
    if d.get("mule_score") is not None:
        reasons.append({"title": t("mule_score", lang), "score": round(float(d["mule_score"]), 3),
                        "items": list(d.get("mule_reasons") or [])})
    if d.get("organizer_score") is not None:
        reasons.append({"title": t("organizer_score", lang),
                        "score": round(float(d["organizer_score"]), 3),
                        "items": list(d.get("organizer_reasons") or [])})
    fl = facts(ntype, d.get("props") or {}, lang)
    if comm is not None:
        fl.append([t("community", lang), str(comm)])
    if d.get("outside_neighbours"):
        fl.append([t("outside", lang), fmt_int(d["outside_neighbours"], lang)])
    if d.get("trace_end"):
        fl.append([t("trace_end", lang), ", ".join(t("end." + x, lang) if has("end." + x) else x
                                                   for x in d["trace_end"].split(","))])
    return reasons, fl


def _add_nodes(net, g, keys: list, pos: list, cluster_colour: dict, lang: str, laid_out: bool,
               small: bool) -> None:
    """The identifiers: shape and colour by type, size by score, border by cluster."""
    mule_max = max([d.get("mule_score") or 0 for _, d in g.nodes(data=True)] + [1.0])
    org_max = max([d.get("organizer_score") or 0 for _, d in g.nodes(data=True)] + [1.0])
    for i, k in enumerate(keys):
        d = g.nodes[k]
        ntype = d["type"]
        fill, shape = TYPE_STYLE.get(ntype, ("#9ca3af", "dot"))
        ms = (d.get("mule_score") or 0) / mule_max
        os_ = (d.get("organizer_score") or 0) / org_max
        score = max(ms, os_)
        size = (16 if ntype == "case" else 11) + 18 * score + (10 if d.get("focus") else 0)
        comm = d.get("community")
        border = cluster_colour.get(comm, "#374151") if comm is not None else "#374151"
        reasons, fl = _node_details(d, ntype, comm, lang)
        gf = {"k": k, "t": ntype, "tn": t("type." + ntype, lang) if has("type." + ntype) else ntype,
              "v": d["value"], "tc": fill, "cc": cluster_colour.get(comm), "c": comm, "f": fl, "r": reasons,
              "e": _ev_lines(d.get("evidence"), lang), "s": search_keys(ntype, d["value"], d.get("props"))}
        if d.get("focus"):
            gf["focus"] = True
        border_w = (2 if laid_out else 3) if comm is not None else 1
        opts = {"size": round(size, 1), "borderWidth": border_w,
                "color": {"background": fill, "border": border,
                          "highlight": {"background": fill, "border": "#111827"},
                          "hover": {"background": fill, "border": "#111827"}},
                "x": pos[i][0], "y": pos[i][1], "gf": gf,
                "font": {"size": 10 if small else 13, "color": "#111827", "strokeWidth": 3,
                         "strokeColor": "#ffffff", **({"bold": True} if d.get("focus") else {})}}
        if score >= 0.5:
            opts["shadow"] = {"enabled": True, "color": "rgba(220,38,38,0.55)", "size": 14, "x": 0, "y": 0}
        if d.get("focus"):   # the searched identifier: a thick dark ring in a yellow halo, bold label
            opts.update(FOCUS_STYLE)
            opts["color"] = {**opts["color"], "border": FOCUS_RING}
            opts["font"] = {**opts["font"], "size": opts["font"]["size"] + 3}
        net.add_node(i, label=d.get("label") or d["value"], shape=shape, **opts)


def _add_placeholders(net, g, more: list, n_real: int, pos: list, lang: str, command_hint: str) -> None:
    """The grey "+N more" boxes, each with the command that shows the neighbours left out."""
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


def _link_facts(etype: str, m: dict, lang: str) -> list:
    """What the details panel says of a drawn link: how many facts, when, how much, which roles."""
    ef = [[t("links_n", lang, n=fmt_int(m["n"], lang)), t("edge." + etype, lang) if has("edge." + etype)
           else etype]]
    if m.get("shown", m["n"]) < m["n"]:
        ef.append([t("own_shown", lang), t("own_shown_text" if m["has_amount"] else "parallel_shown_text", lang,
                                          k=fmt_int(m["shown"], lang), n=fmt_int(m["n"], lang))])
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
    return ef


def _add_links(net, links: list, keys: list, lang: str, flow: bool = False, curves: dict | None = None) -> Counter:
    """The drawn links: colour and arrow by type, width by amount or count, traced money in red, the
    times of their facts (for the time filter); in a money flow each is labelled with its amount and
    time. Return how many facts of each type they stand for."""
    edge_types = Counter()
    for (a, b, etype), m in links:
        colour, arrow, dashed = EDGE_STYLE.get(etype, ("#9ca3af", False, False))
        edge_types[etype] += m["n"]
        width = 1.0
        if m["has_amount"] and m["amount"] > 0:
            width = 1 + min(6.0, 1.2 * math.log10(1 + float(m["amount"]) / 1e6))
        elif m["n"] > 1:
            width = 1 + min(3.0, 0.6 * math.log2(m["n"]))
        ef = _link_facts(etype, m, lang)
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
        if m["first"] is not None:
            opts["gf"]["t0"], opts["gf"]["t1"] = int(m["first"]), int(m["last"])
            if len(m["times"]) <= TIMES_MAX and m.get("shown", m["n"]) == m["n"]:   # else the range filters
                opts["gf"]["ts"] = sorted(set(m["times"]))
        if a == b:   # a withdrawal loop above the account, a deposit loop below it: both seen
            opts["selfReference"] = {"angle": OWN_ANGLE.get(etype, math.pi / 4), "size": 18}
        if flow and (m["traced"] or m["has_amount"]):
            _flow_label(opts, m, lang, (curves or {}).get((a, b)))
        net.add_edge(a, b, **opts)
    return edge_types


def _flow_label(opts: dict, m: dict, lang: str, curve: str | None) -> None:
    """A money-flow link's label: the amount (traced, else the total) and when (``24/03/2024 16:25``
    under vi); a link closing a cycle (``curve="back"``, drawn right to left) or skipping columns
    (``"long"``) is drawn as a curve, so that it does not run through the accounts between."""
    lines = [fmt_money(round(m["traced"]) if m["traced"] else m["amount"], lang)]   # traced: whole đồng
    if m["n"] > 1:
        lines[0] += " · " + t("flow.transfers", lang, n=fmt_int(m["n"], lang))
    if m["first"] is not None:
        lines.append(fmt_time(m["first"], lang) + ("" if m["last"] == m["first"]
                                                   else " – " + fmt_time(m["last"], lang)))
    opts["label"] = "\n".join(lines)
    opts["font"] = {"size": 12, "color": "#7f1d1d" if m["traced"] else "#78350f", "strokeWidth": 4,
                    "strokeColor": "#ffffff", "align": "horizontal", "multi": False}
    if curve:
        opts["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.35 if curve == "back" else 0.12}
        opts["gf"]["back"] = curve == "back"


def _flow_positions(g, keys: list, links: list, pairs: list, n_all: int) -> tuple[list, dict]:
    """The money-flow layout's positions (:func:`graphfraud.output.graph_layout.flow_layout`): money
    links are the arcs, the focus (a trace's source) the roots, cash-out and abroad ends on the right.
    Also the links drawn curved: closing a cycle (``"back"``) or skipping columns (``"long"``)."""
    money = [(a, b) for (a, b, etype), m in links if a != b and (etype == "transfer" or m["traced"])]
    other = pairs[len(links):]          # "+N more" boxes after the node they hang from
    roots = [i for i, k in enumerate(keys) if g.nodes[k].get("focus")]
    last = [i for i, k in enumerate(keys)
            if set((g.nodes[k].get("trace_end") or "").split(",")) & set(FLOW_ENDS)]
    pos, back = flow_layout(n_all, money + other, roots, last)
    curves = {ab: "back" for ab in back}
    for (a, b, _), _m in links:
        if (a, b) not in back and abs(pos[b][0] - pos[a][0]) > 1.5 * FLOW_COLUMN:
            curves[(a, b)] = "long"
    return pos, curves


def _time_range(links: list) -> dict | None:
    """The span of the drawn links' times, for the time filter: epoch seconds and the dates (local
    time, ``YYYY-MM-DD`` as date inputs take them) with the UTC offset the page reads dates in."""
    from graphfraud.normalize.timestamp import format_epoch

    firsts = [m["first"] for _, m in links if m["first"] is not None]
    if not firsts:
        return None
    lo, hi = int(min(firsts)), int(max(m["last"] for _, m in links if m["last"] is not None))
    stamp = format_epoch(lo)
    offset = stamp[19:] if stamp[19:20] in ("+", "-") else "+07:00"
    return {"min": lo, "max": hi, "from": format_epoch(lo)[:10], "to": format_epoch(hi)[:10], "tz": offset}


def _vis_options(physics: bool, n_all: int, seed: int) -> dict:
    """vis-network's options: physics only for small graphs, edges hidden while large ones move."""
    return {
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


def _legend_types(g, keys: list, more: list, lang: str) -> list:
    """The legend's identifier types present, in the usual order, with their counts."""
    types_present = Counter(g.nodes[k]["type"] for k in keys)
    legend_types = []
    for ty in list(TYPE_STYLE) + sorted(set(types_present) - set(TYPE_STYLE)):
        if types_present.get(ty):
            colour, shape = TYPE_STYLE.get(ty, ("#9ca3af", "dot"))
            legend_types.append([ty, t("type." + ty, lang) if has("type." + ty) else ty, colour, shape,
                                 types_present[ty]])
    if more:
        legend_types.append(["more", t("type.more", lang), MORE_STYLE[0], "box", len(more)])
    return legend_types


def _legend_edges(edge_types: Counter, lang: str) -> list:
    """The legend's link types drawn, in the usual order, with how many facts each stands for."""
    legend_edges = []
    for et, n in sorted(edge_types.items(), key=lambda x: (list(EDGE_STYLE).index(x[0]) if x[0] in EDGE_STYLE
                                                           else 99, x[0])):
        colour, _arrow, dashed = EDGE_STYLE.get(et, ("#9ca3af", False, False))
        legend_edges.append([et, t("edge." + et, lang) if has("edge." + et) else et, colour, dashed, n])
    return legend_edges
