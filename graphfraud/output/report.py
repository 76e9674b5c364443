"""The case-linking report: campaigns of linked cases, with the evidence behind every link.

``build_report(store, lang)`` gathers the data (the JSON twin of the report);
``render_html`` / ``render_markdown`` / ``render_json`` write it for people and
other systems. Per campaign (from :func:`graphfraud.analysis.linking.link_cases`):
its cases, victims and total loss, a timeline of the reports (inline SVG drawn
here), the key identifiers (scam phones, mule accounts with their reasons,
organisers, social accounts, websites), every link between two cases with the
chain of file rows it rests on, and an interactive graph of the campaign (the
same offline vis-network section as ``export html``, with a static drawing for
print). The report ends with the SHA-256 of every input file and the command
that reproduces it. Every string is in :mod:`graphfraud.output.i18n` (vi, en).
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from graphfraud.output.controls import printable
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, fmt_time, has, t

CAMPAIGN_GRAPH_MAX = 250
LOOKBACK_S = 30 * 86400
FORMATS = ("html", "md", "json")


def _dec(x) -> Decimal:
    try:
        d = Decimal(str(x))
    except (InvalidOperation, ValueError, TypeError):
        return Decimal(0)
    return d if d.is_finite() else Decimal(0)


def _ev(rows) -> list[dict]:
    return [{"file": r.get("file"), "sheet": r.get("sheet"), "row": r.get("row")} for r in rows or []]


def _int(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------- gathering
def build_report(store, lang: str = "vi", k: int = 2, command: str | None = None, analyses=None,
                 graphs: bool = True) -> dict:
    """The report's data: plain JSON-ready dicts (the JSON twin), plus the campaign graphs (``_graph``)."""
    from graphfraud import __version__
    from graphfraud.errors import GraphFraudError
    from graphfraud.normalize.timestamp import LOCAL_TZ
    from graphfraud.output.exports import Analyses, analysis_function, graph_of
    from graphfraud.output.exports import reason_texts, require_analysis

    from graphfraud.analysis.viewstore import ViewStore

    link_cases = require_analysis("link_cases")
    store = ViewStore.wrap(store)  # hundreds of traces: answered from the graph in memory
    an = analyses or Analyses(store, lang=lang)
    groups = link_cases(store, k=k)
    mules = an.mules()
    organisers = an.organisers()
    membership = an.membership()
    trace = analysis_function("trace")
    campaigns = []
    for grp in groups:
        cids = list(grp["cases"])
        case_keys = [("case", c) for c in cids]
        cprops = store.nodes(case_keys)
        mentions = store.incident(case_keys, types=("mention",))
        named: dict[tuple, dict] = {}
        for e in mentions:
            if e.src[0] != "case":
                continue
            role = (e.props or {}).get("role") or "related"
            d = named.setdefault(e.dst, {"roles": set(), "cases": set(), "edges": []})
            d["roles"].add(role)
            d["cases"].add(e.src[1])
            d["edges"].append(e.id)
        prov = store.provenance(sorted({eid for d in named.values() for eid in d["edges"]}))
        chain_nodes = []
        for ev in grp.get("evidence", []):
            for h in ev.get("chain", []):
                chain_nodes += [(h["from"]["type"], h["from"]["value"]), (h["to"]["type"], h["to"]["value"])]
            for v in ev.get("via", []):
                chain_nodes.append((v["type"], v["value"]))
        # where the victims' money went (time-bounded, from the report dates)
        money_nodes: list[tuple] = []
        if trace is not None:
            for v in grp.get("victims", []):
                accts = v.get("account")
                accts = accts if isinstance(accts, list) else ([accts] if accts else [])
                rdate = _int((cprops.get(("case", v.get("case"))) or {}).get("report_date"))
                for a in accts:
                    try:
                        res = trace(store, ("account", a), since=(rdate - LOOKBACK_S) if rdate else None,
                                    until=(rdate + 86400) if rdate else None, max_hops=4, evidence=False)
                    except GraphFraudError:  # an account not in the graph or without transfers
                        continue
                    for r in res.get("routes", [])[:60]:
                        hops = [(h["to"]["type"], h["to"]["value"]) for h in r.get("hops", [])]
                        # only the routes that reach a flagged account or leave (abroad, cash-out):
                        # a victim's everyday payments in the same weeks are not the campaign's
                        if any(k2 in mules for k2 in hops) or (r.get("end") or {}).get("kind") in ("abroad",
                                                                                                  "cashout"):
                            money_nodes += hops
        nodes = case_keys + list(named) + chain_nodes + money_nodes
        node_set = set(nodes)
        # key identifiers
        suspects = {k2: d for k2, d in named.items() if d["roles"] & {"suspect", "related"}}

        def ident(key, d=None, extra=None):
            out = {"type": key[0], "value": key[1]}
            if d:
                out["cases"] = sorted(d["cases"])
                out["roles"] = sorted(d["roles"])
                out["evidence"] = [x for eid in d["edges"] for x in _ev(prov.get(eid))][:4]
            if extra:
                out.update(extra)
            return out

        nprops = store.nodes(sorted(node_set))

        def by_type(ty):
            return [ident(k2, d, _props_extra(nprops.get(k2, {}))) for k2, d in sorted(suspects.items())
                    if k2[0] == ty]

        mule_rows = []
        for key in sorted(node_set):
            m = mules.get(key)
            if m:
                mule_rows.append({"type": key[0], "value": key[1], "bank": m.get("bank"),
                                  "score": float(m.get("score") or 0),
                                  "reasons": reason_texts(m.get("reasons"), lang),
                                  "reason_keys": _reason_keys(m.get("reasons")),
                                  "evidence": _reason_evidence(m.get("reasons")),
                                  "cases": sorted(named.get(key, {}).get("cases", []))})
        mule_rows.sort(key=lambda r: (-r["score"], r["value"]))
        comms = {membership.get(key) for key in node_set if key in mules} - {None}
        org_rows = []
        for key, o in organisers.items():
            if key in node_set or (o.get("community") is not None and str(o.get("community")) in comms):
                org_rows.append({"type": key[0], "value": key[1], "score": float(o.get("score") or 0),
                                 "community": o.get("community"),
                                 "reasons": reason_texts(o.get("reasons"), lang),
                                 "reason_keys": _reason_keys(o.get("reasons"))})
                node_set.add(key)
                nodes.append(key)
        org_rows.sort(key=lambda r: (-r["score"], r["value"]))
        cases = []
        for cid in cids:
            p = cprops.get(("case", cid), {})
            cases.append({"id": cid, "report_date": fmt_time(p.get("report_date"), "en")[:10] or None,
                          "report_epoch": _int(p.get("report_date")), "scam_type": p.get("scam_type"),
                          "amount_lost": p.get("amount_lost"), "victim_name": p.get("victim_name"),
                          "unit": _unit(p), "narrative": p.get("narrative"),
                          "evidence": _ev(store.node_provenance(("case", cid), limit=2))})
        camp = {
            "group": grp["group"], "cases": cases, "victims": grp.get("victims", []),
            "total_loss": grp.get("total_loss"), "date_range": grp.get("date_range"),
            "key_identifiers": {
                "scam_phones": by_type("phone"),
                "mule_accounts": mule_rows,
                "suspect_accounts": by_type("account"),
                "organisers": org_rows,
                "social": by_type("social"),
                "urls": by_type("url"),
                "emails": by_type("email"),
            },
            "links": grp.get("evidence", []),
            "bridges": [{"case": b["case"], "campaigns": b["groups"]} for b in grp.get("bridge_evidence", [])],
            "related": [{"campaign": r["group"], "kind": r["kind"], "via": r["via"]}
                        for r in grp.get("related", [])],
        }
        if graphs:
            g = graph_of(store, nodes, an, focus=case_keys, max_nodes=CAMPAIGN_GRAPH_MAX,
                         selection={"kind": "campaign", "campaign": grp["group"]})
            camp["graph"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                             "omitted_nodes": g.graph.get("omitted_nodes", 0)}
            camp["_graph"] = g
        campaigns.append(camp)
    loads = store.loads()
    inputs = [{"file": _base(x.get("path")), "path": x.get("path"), "sheet": x.get("sheet") or None,
               "kind": x.get("kind"), "rows": x.get("rows"), "sha256": x.get("sha256"),
               "loaded": x.get("finished") or x.get("started")} for x in loads]
    # a bridge case is listed in two campaigns: the summary counts it once
    distinct = {cs["id"]: cs for c in campaigns for cs in c["cases"]}
    n_cases = len(distinct)
    n_victims = len({v.get("case") for c in campaigns for v in c["victims"]})
    loss = sum((_dec(cs.get("amount_lost")) for cs in distinct.values()), Decimal(0))
    return {
        "report": "case-linking", "lang": lang, "generator": f"graphfraud {__version__}",
        "generated": datetime.now(LOCAL_TZ).isoformat(timespec="seconds"),
        "command": command, "parameters": {"k": k},
        "summary": {"campaigns": len(campaigns), "cases": n_cases, "victims": n_victims,
                    "total_loss": _amount_text(loss)},
        "campaigns": campaigns,
        "inputs": inputs,
    }


def _amount_text(d: Decimal) -> str:
    return str(d.to_integral_value()) if d == d.to_integral_value() else format(d.normalize(), "f")


def _base(path) -> str:
    import os

    return os.path.basename(str(path)) if path else ""


def _unit(props: dict):
    extra = props.get("extra") or {}
    for k, v in extra.items():
        if "thu ly" in _fold(k) or "unit" in _fold(k) or "don vi" in _fold(k):
            return v
    return None


def _fold(text) -> str:
    from graphfraud.normalize.base import fold

    return fold(str(text or ""))


def _props_extra(p: dict) -> dict:
    out = {}
    for k in ("country", "display_name", "platform", "url", "bank", "holder_name", "line_type"):
        if p.get(k) not in (None, ""):
            out[k] = p[k]
    return out


def _reason_keys(reasons) -> list[dict]:
    """The message key and parameters of each reason (its text is in ``reasons``, in the report's language)."""
    return [{"signal": r.get("signal"), "key": r["key"], "params": r.get("params") or {}}
            for r in reasons or [] if isinstance(r, dict) and r.get("key")]


def _reason_evidence(reasons) -> list[dict]:
    out = []
    for r in reasons or []:
        if not isinstance(r, dict):
            continue
        ev = r.get("evidence") or {}
        for key in ("transfers", "edges"):
            for x in ev.get(key) or []:
                own = [x] if x.get("file") else []
                for e in x.get("evidence") or own:
                    item = {"file": e.get("file"), "sheet": e.get("sheet"), "row": e.get("row")}
                    if item not in out:
                        out.append(item)
    return out[:6]


def public(report: dict) -> dict:
    """What the JSON twin holds: the report, each campaign's graph as node-link data (networkx)."""
    from graphfraud.output.exports import to_json_data

    out = []
    for c in report["campaigns"]:
        d = {k: v for k, v in c.items() if not k.startswith("_")}
        if c.get("_graph") is not None:
            data = to_json_data(c["_graph"])
            d["graph"] = {**d.get("graph", {}), "nodes_data": data["nodes"], "edges_data": data["edges"]}
        out.append(d)
    return {**report, "campaigns": out}


# ----------------------------------------------------------------------------- shared text
def _name(ty: str, lang: str) -> str:
    return t("type." + ty, lang) if has("type." + ty) else ty


def _where(e: dict, lang: str) -> str:
    if not e or not e.get("file"):
        return ""
    sheet = f" [{e['sheet']}]" if e.get("sheet") else ""
    return f"{e['file']}{sheet}, {t('row', lang)} {e.get('row')}"


def _where_all(evidence, lang: str) -> str:
    return "; ".join(_where(e, lang) for e in evidence or [])


CASE_COLUMNS = ("col.case", "col.date", "col.victim", "col.scam_type", "col.loss", "col.unit",
                "col.narrative", "col.where")
INPUT_COLUMNS = ("col.file", "col.sheet", "col.kind", "col.rows", "col.sha256", "col.loaded")
LINK_COLUMNS = ("col.step", "col.link", "col.from", "col.to", "time_range", "col.amount", "col.where")


def _thead(keys, lang: str) -> str:
    """The start of a table: its header row (translated) and the body's opening tag."""
    from graphfraud.output.html import esc

    head = "".join(f"<th>{esc(t(k, lang))}</th>" for k in keys)
    return f"<table><thead><tr>{head}</tr></thead><tbody>"


def _hop_link(h: dict, lang: str) -> str:
    name = t("edge." + h["edge"], lang) if has("edge." + h["edge"]) else h["edge"]
    if h.get("role"):
        name += f" ({t('role.' + h['role'], lang) if has('role.' + h['role']) else h['role']})"
    return name


def _link_title(ev: dict, lang: str) -> str:
    kind = t("link.kind." + ev["kind"], lang) if has("link.kind." + ev["kind"]) else ev["kind"]
    via = ", ".join(f"{_name(v['type'], lang).lower()} {v['value']}" for v in ev.get("via", []))
    return t("link.pair", lang, a=ev["cases"][0], b=ev["cases"][1], via=via, kind=kind,
             weight=_decimal(ev.get("weight"), lang), score=_decimal(ev.get("link_score"), lang))


def _decimal(x, lang: str) -> str:
    """A weight or score: ``0,5055`` in Vietnamese, ``0.5055`` in English."""
    text = "" if x is None else str(x)
    return text.replace(".", ",") if lang == "vi" else text


def _kind(kind, lang: str) -> str:
    """A source kind (transactions, reports, ...) in ``lang``."""
    return t("source." + kind, lang) if kind and has("source." + kind) else (kind or "")


def money_short(amount, lang: str) -> str:
    a = float(_dec(amount))
    if lang == "vi":
        if a >= 1e9:
            return f"{a / 1e9:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " tỷ"
        if a >= 1e6:
            return f"{a / 1e6:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " tr"
        return fmt_int(a, lang)
    if a >= 1e9:
        return f"{a / 1e9:.2f}".rstrip("0").rstrip(".") + "B"
    if a >= 1e6:
        return f"{a / 1e6:.1f}".rstrip("0").rstrip(".") + "M"
    return fmt_int(a, lang)


# ----------------------------------------------------------------------------- timeline (inline SVG)
def timeline_svg(cases: list[dict], lang: str, width: int = 900, height: int = 230) -> str:
    """Reports over time: one dot per case (area ∝ loss), the cumulative loss as a step line."""
    from graphfraud.output.html import esc

    pts = sorted(((c["report_epoch"], float(_dec(c.get("amount_lost"))), c) for c in cases
                  if c.get("report_epoch") is not None), key=lambda x: (x[0], x[2]["id"]))
    if not pts:
        return ""
    left, right, top, bottom = 70, width - 20, 18, height - 46
    t0, t1 = pts[0][0] - 86400, pts[-1][0] + 86400
    span = max(t1 - t0, 1)
    total = sum(p[1] for p in pts) or 1.0
    biggest = max(p[1] for p in pts) or 1.0

    def x(ts):
        return left + (ts - t0) / span * (right - left)

    def y(v):
        return bottom - v / total * (bottom - top)

    out = [f'<svg class="gf-timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{esc(t("timeline", lang))}">',
           f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="#fafafa" '
           f'stroke="#e5e7eb"/>']
    # y axis: 0, half, total
    for frac in (0, 0.5, 1):
        yy = y(total * frac)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{right}" y2="{yy:.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="#4b5563">'
                   f'{esc(money_short(total * frac, lang))}</text>')
    # x axis ticks: about six dates
    days = max(1, int(span // 86400))
    step = max(1, math.ceil(days / 6))
    d0 = datetime.fromtimestamp(t0, tz=_tz()).replace(hour=0, minute=0, second=0, microsecond=0)
    d0 += timedelta(days=1)
    d = d0
    while d.timestamp() <= t1:
        xx = x(d.timestamp())
        out.append(f'<line x1="{xx:.1f}" y1="{bottom}" x2="{xx:.1f}" y2="{bottom + 5}" stroke="#6b7280"/>')
        out.append(f'<text x="{xx:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11" fill="#374151">'
                   f'{esc(fmt_date(int(d.timestamp()), lang))}</text>')
        d += timedelta(days=step)
    # cumulative loss (step line)
    cum = 0.0
    path = [f"M{x(t0):.1f},{y(0):.1f}"]
    for ts, amt, _c in pts:
        path.append(f"H{x(ts):.1f}")
        cum += amt
        path.append(f"V{y(cum):.1f}")
    path.append(f"H{x(t1):.1f}")
    out.append(f'<path d="{" ".join(path)}" fill="none" stroke="#b91c1c" stroke-width="2"/>')
    out.append(f'<text x="{left + 6}" y="{top + 14}" text-anchor="start" font-size="11" fill="#b91c1c">'
               f'{esc(t("timeline.cumulative", lang))}: '
               f'{esc(fmt_money(_amount_text(Decimal(str(cum))), lang))}</text>')
    # one dot per case, on the cumulative line where it adds its loss
    cum = 0.0
    for ts, amt, c in pts:
        cum += amt
        r = 3 + 9 * math.sqrt(amt / biggest) if biggest else 4
        label = f"{c['id']} — {fmt_date(ts, lang)} — {fmt_money(c.get('amount_lost'), lang)}"
        if c.get("victim_name"):
            label += f" — {c['victim_name']}"
        out.append(f'<circle cx="{x(ts):.1f}" cy="{y(cum):.1f}" r="{r:.1f}" fill="#ef4444" fill-'
                   'opacity="0.55" '
                   f'stroke="#7f1d1d"><title>{esc(label)}</title></circle>')
    out.append(f'<text x="{left}" y="{height - 8}" font-size="11" fill="#4b5563">'
               f'{esc(t("timeline", lang))} ({esc(fmt_int(len(pts), lang))} '
               f'{esc(t("cases", lang).lower())})</text>')
    out.append("</svg>")
    return "".join(out)


def _tz():
    from graphfraud.normalize.timestamp import LOCAL_TZ

    return LOCAL_TZ


# ----------------------------------------------------------------------------- HTML
REPORT_CSS = """
.rp { max-width: 1180px; margin: 0 auto; padding: 12px 20px 40px; }
.rp h1 { font-size: 24px; margin: 8px 0 4px; }
.rp h2 { font-size: 20px; margin: 28px 0 6px; border-bottom: 2px solid #b91c1c; padding-bottom: 3px; }
.rp h3 { font-size: 16px; margin: 18px 0 6px; }
.rp h4 { font-size: 14px; margin: 12px 0 4px; }
.rp .lead { font-size: 15px; }
.rp .meta { color: #4b5563; font-size: 12px; }
.rp .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.rp .card { border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 12px; background: #fafafa;
            min-width: 150px; }
.rp .card strong { display: block; font-size: 18px; }
.rp .card span { color: #4b5563; font-size: 12px; }
.rp table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 13px; }
.rp th, .rp td { border: 1px solid #e5e7eb; padding: 3px 6px; text-align: left; vertical-align: top; }
.rp th { background: #f3f4f6; font-weight: 600; }
.rp td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rp td.mono, .rp .mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px;
                          overflow-wrap: anywhere; }
.rp .id { white-space: nowrap; }
.rp .ty { display: block; color: #6b7280; font-size: 11px; font-family: "DejaVu Sans", Arial, sans-serif; }
.rp details { margin: 2px 0; }
.rp ul.reasons { margin: 0; padding-left: 16px; }
.rp .link { border-left: 3px solid #ef4444; padding: 2px 0 2px 10px; margin: 10px 0; }
.rp .link p { margin: 2px 0; font-weight: 600; }
.rp .toc a { color: #1d4ed8; }
.rp details.more-links { margin: -4px 0 12px 13px; }
.rp details.more-links > summary { cursor: pointer; color: #1d4ed8; font-size: 13px; }
.rp .none { color: #6b7280; font-style: italic; }
.rp .gf-graph { margin: 8px 0; }
@media print {
  .rp { max-width: none; padding: 0; }
  .rp .campaign { break-before: page; }
  .rp table, .rp .link, .rp svg { break-inside: avoid; }
  .rp details::details-content { content-visibility: visible; display: contents; }
  .rp .toc { display: none; }
}
"""


def render_html(report: dict, lang: str) -> str:
    from graphfraud.output.html import esc, graph_block, graph_payload, page, static_svg

    title = t("report.title", lang)
    parts = [f'<main class="rp"><h1>{esc(title)}</h1>',
             f'<p class="lead">{esc(_summary_line(report, lang))}</p>',
             f'<p>{esc(t("report.method", lang))}</p>',
             f'<p class="meta">{esc(_generated_line(report, lang))}</p>']
    if not report["campaigns"]:
        parts.append(f'<p class="none">{esc(t("report.no_campaigns", lang))}</p>')
    else:
        parts.append(f'<nav class="toc"><h3>{esc(t("report.contents", lang))}</h3><ol>')
        for c in report["campaigns"]:
            parts.append('<li><a href="#campaign-'
                         f'{int(c["group"])}">{esc(t("campaign", lang, n=c["group"]))}</a> — '
                         f'{esc(_campaign_line(c, lang))}</li>')
        parts.append("</ol></nav>")
    for c in report["campaigns"]:
        parts.append(_campaign_html(c, lang, esc, graph_block, graph_payload, static_svg))
    parts.append(_inputs_html(report, lang, esc))
    parts.append("</main>")
    return page(f"{title} — graphfraud", "".join(parts), lang, extra_css=REPORT_CSS,
                with_graph=any(c.get("_graph") is not None and c["_graph"].number_of_nodes()
                               for c in report["campaigns"]))


def _summary_line(report: dict, lang: str) -> str:
    s = report["summary"]
    return t("report.summary", lang, campaigns=fmt_int(s["campaigns"], lang), cases=fmt_int(s["cases"], lang),
             victims=fmt_int(s["victims"], lang), loss=fmt_money(s["total_loss"], lang))


def _generated_line(report: dict, lang: str) -> str:
    return t("generated", lang, generator=report["generator"], date=fmt_time(report["generated"], lang))


def _campaign_line(c: dict, lang: str) -> str:
    dr = c.get("date_range") or [None, None]
    return t("campaign.summary", lang, cases=fmt_int(len(c["cases"]), lang),
             victims=fmt_int(len(c["victims"]), lang), loss=fmt_money(c["total_loss"], lang),
             start=fmt_date(dr[0], lang) or "?", end=fmt_date(dr[1], lang) or "?")


def _bridges_line(c: dict, lang: str) -> str:
    """The campaign's bridge cases and the other campaigns that list them ('' when none)."""
    items = [f"{b['case']} ({', '.join(t('campaign', lang, n=g) for g in b['campaigns'] if g != c['group'])})"
             for b in c.get("bridges") or []]
    return t("campaign.bridges", lang, cases="; ".join(items)) if items else ""


def _related_line(c: dict, lang: str) -> str:
    """The other campaigns this one shares infrastructure with, and what ('' when none)."""
    items = [f"{t('campaign', lang, n=r['campaign'])} ({r['via'][0]['type']} {r['via'][0]['value']})"
             for r in c.get("related") or []]
    return t("campaign.related", lang, items="; ".join(items)) if items else ""


def _campaign_html(c, lang, esc, graph_block, graph_payload, static_svg) -> str:
    n = int(c["group"])
    dr = c.get("date_range") or [None, None]
    cards = ((fmt_int(len(c["cases"]), lang), "cases"), (fmt_int(len(c["victims"]), lang), "victims"),
             (fmt_money(c["total_loss"], lang), "total_loss"),
             (f"{fmt_date(dr[0], lang)} – {fmt_date(dr[1], lang)}", "period"))
    out = [f'<section class="campaign" id="campaign-{n}"><h2>{esc(t("campaign", lang, n=n))}</h2>',
           '<div class="cards">',
           *(f'<div class="card"><strong>{esc(v)}</strong><span>{esc(t(k, lang))}</span></div>'
             for v, k in cards),
           "</div>"]
    if _bridges_line(c, lang):
        out.append(f'<p class="bridges">{esc(_bridges_line(c, lang))}</p>')
    if _related_line(c, lang):
        out.append(f'<p class="related">{esc(_related_line(c, lang))}</p>')
    svg = timeline_svg(c["cases"], lang)
    if svg:
        out.append(f'<h3>{esc(t("timeline", lang))}</h3>{svg}')
    # key identifiers
    ki = c["key_identifiers"]
    out.append(f'<h3>{esc(t("key_identifiers", lang))}</h3>')
    for key, label in (("scam_phones", "scam_phones"), ("mule_accounts", "mule_accounts"),
                       ("suspect_accounts", "suspect_accounts"), ("organisers", "organisers"),
                       ("social", "social_handles"), ("urls", "urls"), ("emails", "emails")):
        rows = ki.get(key) or []
        if not rows and key in ("emails", "organisers", "suspect_accounts"):
            continue
        out.append(f'<h4>{esc(t(label, lang))} ({esc(fmt_int(len(rows), lang))})</h4>')
        if not rows:
            out.append(f'<p class="none">{esc(t("none", lang))}</p>')
            continue
        if key in ("mule_accounts", "organisers"):
            out.append(_thead(("col.identifier", "col.score", "col.reasons", "col.where"), lang))
            for r in rows:
                bank = f" ({esc(r['bank'])})" if r.get("bank") else ""
                ident = f'<span class="id">{esc(r["value"])}</span>{bank}'
                reasons = "".join(f"<li>{esc(x)}</li>" for x in r.get("reasons") or [])
                where = "<br>".join(esc(_where(e, lang)) for e in r.get("evidence") or [])
                out.append(f'<tr><td class="mono">{ident}</td><td class="num">{r["score"]:.2f}</td>'
                           f'<td><ul class="reasons">{reasons}</ul></td><td class="mono">{where}</td></tr>')
            out.append("</tbody></table>")
        else:
            out.append(_thead(("col.identifier", "col.cases", "col.where"), lang))
            for r in rows:
                extra = ", ".join(f"{v}" for k2, v in r.items() if k2 in ("country", "display_name", "bank"))
                ident = r["value"] + (f" — {extra}" if extra else "")
                where = "<br>".join(esc(_where(e, lang)) for e in r.get("evidence") or [])
                cases = ", ".join(r.get("cases") or [])
                out.append(f'<tr><td class="mono">{esc(ident)}</td><td>{esc(cases)}</td>'
                           f'<td class="mono">{where}</td></tr>')
            out.append("</tbody></table>")
    # cases
    out.append(f'<h3>{esc(t("cases", lang))}</h3>' + _thead(CASE_COLUMNS, lang))
    for cs in c["cases"]:
        narrative = cs.get("narrative") or ""
        short = narrative if len(narrative) <= 140 else narrative[:139] + "…"
        narr = (f"<details><summary>{esc(short)}</summary>{esc(narrative)}</details>" if len(narrative) > 140
                else esc(narrative))
        out.append(f'<tr><td class="mono">{esc(cs["id"])}</td>'
                   f'<td>{esc(fmt_date(cs.get("report_epoch"), lang))}</td>'
                   f'<td>{esc(cs.get("victim_name") or "")}</td><td>{esc(cs.get("scam_type") or "")}</td>'
                   f'<td class="num">{esc(fmt_money(cs.get("amount_lost"), lang))}</td>'
                   f'<td>{esc(cs.get("unit") or "")}</td>'
                   f'<td>{narr}</td><td '
                   f'class="mono">{"<br>".join(esc(_where(e, lang)) for e in cs.get("evidence") or [])}'
                   f'</td></tr>')
    out.append("</tbody></table>")
    # evidence chains: every linked pair with its strongest evidence; the others folded under it
    out.append(f'<h3>{esc(t("evidence_chain", lang))}</h3>')
    pairs: dict[tuple, list] = {}
    for ev in c.get("links") or []:
        pairs.setdefault(tuple(ev.get("cases") or ()), []).append(ev)
    for items in pairs.values():
        out.append(_link_html(items[0], lang, esc))
        if len(items) > 1:
            out.append('<details class="more-'
                       f'links"><summary>{esc(t("more_evidence", lang, n=len(items) - 1))}'
                       f'</summary>' + "".join(_link_html(ev, lang, esc) for ev in items[1:]) + "</details>")
    # graph
    g = c.get("_graph")
    if g is not None and g.number_of_nodes():
        payload = graph_payload(g, lang, command_hint="graphfraud export html OUT.html --around")
        label = t("graph", lang) + " — " + t("campaign", lang, n=n)
        out.append(f'<h3>{esc(t("graph", lang))}</h3>')
        out.append(graph_block(payload, f"graph-{n}", lang, height="620px", label=label))
        out.append('<div class="gf-static-wrap"><p class="gf-static gf-'
                   f'caption">{esc(t("static_graph", lang))}</p>'
                   f'{static_svg(payload, title=label)}</div>')
    out.append("</section>")
    return "".join(out)


def _link_html(ev: dict, lang: str, esc) -> str:
    out = [f'<div class="link"><p>{esc(_link_title(ev, lang))}</p>' + _thead(LINK_COLUMNS, lang)]
    for i, h in enumerate(ev.get("chain") or [], start=1):
        out.append(f'<tr><td class="num">{i}</td><td>{esc(_hop_link(h, lang))}</td>'
                   f'<td class="mono"><span class="ty">{esc(_name(h["from"]["type"], lang))}</span>'
                   f'<span class="id">{esc(h["from"]["value"])}</span></td>'
                   f'<td class="mono"><span class="ty">{esc(_name(h["to"]["type"], lang))}</span>'
                   f'<span class="id">{esc(h["to"]["value"])}</span></td>'
                   f'<td>{esc(fmt_time(h.get("time"), lang))}</td>'
                   f'<td class="num">{esc(fmt_money(h.get("amount"), lang))}</td>'
                   f'<td class="mono">{esc(_where(h, lang))}</td></tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def _inputs_html(report, lang, esc) -> str:
    out = [f'<section class="inputs"><h2>{esc(t("inputs", lang))}</h2>' + _thead(INPUT_COLUMNS, lang)]
    for x in report["inputs"]:
        rows = fmt_int(x["rows"], lang) if x.get("rows") is not None else ""
        out.append(f'<tr><td>{esc(x["file"])}</td><td>{esc(x.get("sheet") or "")}</td>'
                   f'<td>{esc(_kind(x.get("kind"), lang))}</td><td class="num">{esc(rows)}</td>'
                   f'<td class="mono">{esc(x.get("sha256") or "")}</td>'
                   f'<td>{esc(x.get("loaded") or "")}</td></tr>')
    out.append("</tbody></table>")
    if report.get("command"):
        out.append(f'<h3>{esc(t("reproduce", lang))}</h3><pre class="mono">{esc(report["command"])}</pre>')
    out.append("</section>")
    return "".join(out)


# ----------------------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def md(text) -> str:
    """Text safe in a Markdown table cell: special characters backslash-escaped, one line."""
    s = " ".join(printable(str("" if text is None else text)).split())
    return _MD_SPECIAL.sub(r"\\\1", s)


def _md_table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md(c) for c in r) + " |" for r in rows]
    return out + [""]


def render_markdown(report: dict, lang: str) -> str:
    out = [f"# {md(t('report.title', lang))}", "",
           md(_summary_line(report, lang)), "", md(t("report.method", lang)), "",
           "_" + md(_generated_line(report, lang)) + "_", ""]
    if not report["campaigns"]:
        out += [md(t("report.no_campaigns", lang)), ""]
    for c in report["campaigns"]:
        out += [f"## {md(t('campaign', lang, n=c['group']))}", "", md(_campaign_line(c, lang)), ""]
        if _bridges_line(c, lang):
            out += [md(_bridges_line(c, lang)), ""]
        if _related_line(c, lang):
            out += [md(_related_line(c, lang)), ""]
        ki = c["key_identifiers"]
        out += [f"### {md(t('key_identifiers', lang))}", ""]
        for key, label in (("scam_phones", "scam_phones"), ("mule_accounts", "mule_accounts"),
                           ("suspect_accounts", "suspect_accounts"), ("organisers", "organisers"),
                           ("social", "social_handles"), ("urls", "urls"), ("emails", "emails")):
            rows = ki.get(key) or []
            if not rows:
                continue
            out += [f"#### {md(t(label, lang))}", ""]
            if key in ("mule_accounts", "organisers"):
                out += _md_table([t("col.identifier", lang), t("col.score", lang), t("col.reasons", lang),
                                  t("col.where", lang)],
                                 [[r["value"] + (f" ({r['bank']})" if r.get("bank") else ""),
                                   f"{r['score']:.2f}", "; ".join(r.get("reasons") or []),
                                   _where_all(r.get("evidence"), lang)] for r in rows])
            else:
                out += _md_table([t("col.identifier", lang), t("col.cases", lang), t("col.where", lang)],
                                 [[r["value"], ", ".join(r.get("cases") or []),
                                   _where_all(r.get("evidence"), lang)] for r in rows])
        out += [f"### {md(t('cases', lang))}", ""]
        out += _md_table([t(k, lang) for k in CASE_COLUMNS],
                         [[cs["id"], fmt_date(cs.get("report_epoch"), lang), cs.get("victim_name"),
                           cs.get("scam_type"), fmt_money(cs.get("amount_lost"), lang), cs.get("unit"),
                           cs.get("narrative"), _where_all(cs.get("evidence"), lang)] for cs in c["cases"]])
        out += [f"### {md(t('evidence_chain', lang))}", ""]
        for ev in c.get("links") or []:
            out += [f"**{md(_link_title(ev, lang))}**", ""]
            out += _md_table([t(k, lang) for k in LINK_COLUMNS],
                             [[i, _hop_link(h, lang), f"{_name(h['from']['type'], lang)}: "
                                                      f"{h['from']['value']}",
                               f"{_name(h['to']['type'], lang)}: "
                               f"{h['to']['value']}", fmt_time(h.get("time"), lang),
                               fmt_money(h.get("amount"), lang), _where(h, lang)]
                              for i, h in enumerate(ev.get("chain") or [], start=1)])
    out += [f"## {md(t('inputs', lang))}", ""]
    out += _md_table([t(k, lang) for k in INPUT_COLUMNS],
                     [[x["file"], x.get("sheet"), _kind(x.get("kind"), lang), x.get("rows"), x.get("sha256"),
                       x.get("loaded")] for x in report["inputs"]])
    if report.get("command"):
        command = printable(report["command"]).replace("`", "'")
        out += [f"{md(t('reproduce', lang))}:", "", "```", command, "```", ""]
    return "\n".join(out)


def render_json(report: dict) -> str:
    return json.dumps(public(report), ensure_ascii=False, indent=1, default=str) + "\n"


def write_report(store, out, fmt: str = "html", lang: str = "vi", force: bool = False, k: int = 2,
                 command: str | None = None) -> dict:
    """Build the report and write it to ``out`` (html, md or json); return a summary."""
    from graphfraud.errors import UsageError
    from graphfraud.output.safepath import safe_output_path, write_atomic

    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    target = safe_output_path(out, force=force)  # refuse early, before the analyses run
    rep = build_report(store, lang=lang, k=k, command=command, graphs=fmt in ("html", "json"))
    from graphfraud.privacy import current

    if current() is not None:  # --redact: the report's own data, before it is rendered
        rep = current().json(rep)
    if fmt == "html":
        text = render_html(rep, lang)
    elif fmt == "md":
        text = render_markdown(rep, lang)
    else:
        text = render_json(rep)
    path = write_atomic(target, text, force=force)
    return {"format": fmt, "lang": lang, "out": str(path), **rep["summary"]}
