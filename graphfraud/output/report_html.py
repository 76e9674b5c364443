"""The report as an HTML page: interactive (each campaign's graph) and printable (a static drawing)."""

from __future__ import annotations

from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, fmt_time, t
from graphfraud.output.report_text import (
    CASE_COLUMNS,
    INPUT_COLUMNS,
    LINK_COLUMNS,
    _bridges_line,
    _campaign_line,
    _generated_line,
    _hop_link,
    _kind,
    _link_title,
    _name,
    _related_line,
    _summary_line,
    _thead,
    _where,
)
from graphfraud.output.report_timeline import timeline_svg

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
    _identifiers_html(out, c["key_identifiers"], lang, esc)
    _cases_html(out, c["cases"], lang, esc)
    _links_html(out, c.get("links") or [], lang, esc)
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


def _identifiers_html(out: list, ki: dict, lang: str, esc) -> None:
    """The key identifiers, a table per kind, appended to ``out``."""
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


def _cases_html(out: list, cases: list, lang: str, esc) -> None:
    """The campaign's cases as a table (long narratives folded), appended to ``out``."""
    out.append(f'<h3>{esc(t("cases", lang))}</h3>' + _thead(CASE_COLUMNS, lang))
    for cs in cases:
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


def _links_html(out: list, links: list, lang: str, esc) -> None:
    """The evidence chains, appended to ``out``: every linked pair with its strongest evidence, the
    others folded under it."""
    out.append(f'<h3>{esc(t("evidence_chain", lang))}</h3>')
    pairs: dict[tuple, list] = {}
    for ev in links:
        pairs.setdefault(tuple(ev.get("cases") or ()), []).append(ev)
    for items in pairs.values():
        out.append(_link_html(items[0], lang, esc))
        if len(items) > 1:
            out.append('<details class="more-'
                       f'links"><summary>{esc(t("more_evidence", lang, n=len(items) - 1))}'
                       f'</summary>' + "".join(_link_html(ev, lang, esc) for ev in items[1:]) + "</details>")


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
