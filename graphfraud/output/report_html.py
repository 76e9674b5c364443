"""The report as an HTML page: interactive (each campaign's graph) and printable (a static drawing)."""

from __future__ import annotations

from graphfraud.output import report_text as rt
from graphfraud.output.html import esc, graph_block, graph_payload, page, static_svg
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, fmt_time, t
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
    """Every campaign of the report in one page, each section open."""
    title = t("report.title", lang)
    parts = [f'<main class="rp"><h1>{esc(title)}</h1>',
             f'<p class="lead">{esc(rt.summary_line(report, lang))}</p>',
             f'<p>{esc(t("report.method", lang))}</p>',
             f'<p class="meta">{esc(rt.generated_line(report, lang))}</p>']
    if not report["campaigns"]:
        parts.append(f'<p class="none">{esc(t("report.no_campaigns", lang))}</p>')
    else:
        parts.append(f'<nav class="toc"><h3>{esc(t("report.contents", lang))}</h3><ol>')
        for c in report["campaigns"]:
            parts.append('<li><a href="#campaign-'
                         f'{int(c["group"])}">{esc(t("campaign", lang, n=c["group"]))}</a> — '
                         f'{esc(rt.campaign_line(c, lang))}</li>')
        parts.append("</ol></nav>")
    for c in report["campaigns"]:
        parts.append(_campaign_html(c, lang))
    parts.append(f'<section class="inputs"><h2>{esc(t("inputs", lang))}</h2>{inputs_html(report, lang)}</section>')
    parts.append("</main>")
    return page(f"{title} — graphfraud", "".join(parts), lang, extra_css=REPORT_CSS, with_graph=has_graph(report))


def has_graph(report: dict) -> bool:
    return any(c.get("_graph") is not None and c["_graph"].number_of_nodes() for c in report["campaigns"])


def _campaign_html(c: dict, lang: str) -> str:
    n = int(c["group"])
    out = [f'<section class="campaign" id="campaign-{n}"><h2>{esc(t("campaign", lang, n=n))}</h2>',
           cards_html(c, lang), context_html(c, lang)]
    svg = timeline_svg(c["cases"], lang)
    if svg:
        out.append(f'<h3>{esc(t("timeline", lang))}</h3>{svg}')
    out.append(f'<h3>{esc(t("key_identifiers", lang))}</h3>')
    for key, label in rt.IDENTIFIER_KINDS:
        rows = c["key_identifiers"].get(key) or []
        if not rows and key in OPTIONAL_KINDS:
            continue
        out.append(f'<h4>{esc(t(label, lang))} ({esc(fmt_int(len(rows), lang))})</h4>')
        out.append(identifier_table(key, rows, lang) if rows else f'<p class="none">{esc(t("none", lang))}</p>')
    out.append(f'<h3>{esc(t("cases", lang))}</h3>' + cases_table(c["cases"], lang))
    out.append(f'<h3>{esc(t("evidence_chain", lang))}</h3>')
    for items in link_pairs(c.get("links") or []):
        out.append(pair_html(items, lang))
    graph = graph_html(c, lang)
    if graph:
        out.append(f'<h3>{esc(t("graph", lang))}</h3>{graph}')
    out.append("</section>")
    return "".join(out)


OPTIONAL_KINDS = ("emails", "organizers", "suspect_accounts")  # left out of a campaign that has none


def cards_html(c: dict, lang: str) -> str:
    """The campaign's cases, victims, total loss and period, as cards."""
    dr = c.get("date_range") or [None, None]
    cards = ((fmt_int(len(c["cases"]), lang), "cases"), (fmt_int(len(c["victims"]), lang), "victims"),
             (fmt_money(c["total_loss"], lang), "total_loss"),
             (f"{fmt_date(dr[0], lang)} – {fmt_date(dr[1], lang)}", "period"))
    return ('<div class="cards">'
            + "".join(f'<div class="card"><strong>{esc(v)}</strong><span>{esc(t(k, lang))}</span></div>'
                      for v, k in cards) + "</div>")


def context_html(c: dict, lang: str) -> str:
    """The campaign's bridge cases and the campaigns it shares infrastructure with ('' when none)."""
    out = ""
    if rt.bridges_line(c, lang):
        out += f'<p class="bridges">{esc(rt.bridges_line(c, lang))}</p>'
    if rt.related_line(c, lang):
        out += f'<p class="related">{esc(rt.related_line(c, lang))}</p>'
    return out


def graph_html(c: dict, lang: str) -> str:
    """The campaign's interactive graph and its static drawing for print ('' without a graph)."""
    g = c.get("_graph")
    if g is None or not g.number_of_nodes():
        return ""
    n = int(c["group"])
    payload = graph_payload(g, lang, command_hint="graphfraud export html OUT.html --around")
    label = t("graph", lang) + " — " + t("campaign", lang, n=n)
    return (graph_block(payload, f"graph-{n}", lang, height="620px", label=label)
            + f'<div class="gf-static-wrap"><p class="gf-static gf-caption">{esc(t("static_graph", lang))}</p>'
            + f"{static_svg(payload, title=label)}</div>")


def _where_cell(evidence, lang: str) -> str:
    return "<br>".join(esc(rt.where(e, lang)) for e in evidence or [])


def _more_row(hidden: int, columns: int, lang: str) -> str:
    """The last row of a table cut at its first rows: how many more there are, and where they are."""
    if hidden <= 0:
        return ""
    return f'<tr class="more"><td colspan="{columns}">{esc(t("report.more_rows", lang, n=fmt_int(hidden, lang)))}</td></tr>'


def identifier_table(key: str, rows: list[dict], lang: str, limit: int | None = None) -> str:
    """The key identifiers of one kind as a table (the first ``limit`` rows, then how many more)."""
    shown = rows if limit is None else rows[:limit]
    if key in rt.SCORED_KINDS:
        out = [rt.thead(("col.identifier", "col.score", "col.reasons", "col.where"), lang)]
        for r in shown:
            bank = f" ({esc(r['bank'])})" if r.get("bank") else ""
            reasons = "".join(f"<li>{esc(x)}</li>" for x in r.get("reasons") or [])
            out.append(f'<tr><td class="mono"><span class="id">{esc(r["value"])}</span>{bank}</td>'
                       f'<td class="num">{r["score"]:.2f}</td><td><ul class="reasons">{reasons}</ul></td>'
                       f'<td class="mono">{_where_cell(r.get("evidence"), lang)}</td></tr>')
        columns = 4
    else:
        out = [rt.thead(("col.identifier", "col.cases", "col.where"), lang)]
        for r in shown:
            extra = ", ".join(f"{v}" for k2, v in r.items() if k2 in ("country", "display_name", "bank"))
            ident = r["value"] + (f" — {extra}" if extra else "")
            out.append(f'<tr><td class="mono">{esc(ident)}</td><td>{esc(", ".join(r.get("cases") or []))}</td>'
                       f'<td class="mono">{_where_cell(r.get("evidence"), lang)}</td></tr>')
        columns = 3
    out.append(_more_row(len(rows) - len(shown), columns, lang) + "</tbody></table>")
    return "".join(out)


def cases_table(cases: list[dict], lang: str, limit: int | None = None) -> str:
    """The cases as a table, long narratives folded (the first ``limit`` cases, then how many more)."""
    shown = cases if limit is None else cases[:limit]
    out = [rt.thead(rt.CASE_COLUMNS, lang)]
    for cs in shown:
        narrative = cs.get("narrative") or ""
        short = narrative if len(narrative) <= 140 else narrative[:139] + "…"
        narr = (f"<details><summary>{esc(short)}</summary>{esc(narrative)}</details>" if len(narrative) > 140
                else esc(narrative))
        out.append(f'<tr><td class="mono">{esc(cs["id"])}</td>'
                   f'<td>{esc(fmt_date(cs.get("report_epoch"), lang))}</td>'
                   f'<td>{esc(cs.get("victim_name") or "")}</td><td>{esc(cs.get("scam_type") or "")}</td>'
                   f'<td class="num">{esc(fmt_money(cs.get("amount_lost"), lang))}</td>'
                   f'<td>{esc(cs.get("unit") or "")}</td>'
                   f'<td>{narr}</td><td class="mono">{_where_cell(cs.get("evidence"), lang)}</td></tr>')
    out.append(_more_row(len(cases) - len(shown), len(rt.CASE_COLUMNS), lang) + "</tbody></table>")
    return "".join(out)


def link_pairs(links: list[dict]) -> list[list[dict]]:
    """The links grouped by the pair of cases they link, strongest first within a pair, in first-seen order."""
    pairs: dict[tuple, list] = {}
    for ev in links:
        pairs.setdefault(tuple(ev.get("cases") or ()), []).append(ev)
    return list(pairs.values())


def pair_html(items: list[dict], lang: str) -> str:
    """A linked pair: its strongest evidence chain, the others folded under it."""
    out = link_html(items[0], lang)
    if len(items) > 1:
        out += ('<details class="more-links"><summary>'
                f'{esc(t("more_evidence", lang, n=len(items) - 1))}</summary>'
                + "".join(link_html(ev, lang) for ev in items[1:]) + "</details>")
    return out


def link_html(ev: dict, lang: str) -> str:
    """One evidence chain: its title and a table of its hops."""
    out = [f'<div class="link"><p>{esc(rt.link_title(ev, lang))}</p>' + rt.thead(rt.LINK_COLUMNS, lang)]
    for i, h in enumerate(ev.get("chain") or [], start=1):
        out.append(f'<tr><td class="num">{i}</td><td>{esc(rt.hop_link(h, lang))}</td>'
                   f'<td class="mono"><span class="ty">{esc(rt.type_name(h["from"]["type"], lang))}</span>'
                   f'<span class="id">{esc(h["from"]["value"])}</span></td>'
                   f'<td class="mono"><span class="ty">{esc(rt.type_name(h["to"]["type"], lang))}</span>'
                   f'<span class="id">{esc(h["to"]["value"])}</span></td>'
                   f'<td>{esc(fmt_time(h.get("time"), lang))}</td>'
                   f'<td class="num">{esc(fmt_money(h.get("amount"), lang))}</td>'
                   f'<td class="mono">{esc(rt.where(h, lang))}</td></tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def inputs_html(report: dict, lang: str) -> str:
    """The input files with their SHA-256 as a table, and the command that reproduces the report."""
    out = [rt.thead(rt.INPUT_COLUMNS, lang)]
    for x in report["inputs"]:
        rows = fmt_int(x["rows"], lang) if x.get("rows") is not None else ""
        out.append(f'<tr><td>{esc(x["file"])}</td><td>{esc(x.get("sheet") or "")}</td>'
                   f'<td>{esc(rt.kind_name(x.get("kind"), lang))}</td><td class="num">{esc(rows)}</td>'
                   f'<td class="mono">{esc(x.get("sha256") or "")}</td>'
                   f'<td>{esc(x.get("loaded") or "")}</td></tr>')
    out.append("</tbody></table>")
    if report.get("command"):
        out.append(f'<h3>{esc(t("reproduce", lang))}</h3><pre class="mono">{esc(report["command"])}</pre>')
    return "".join(out)
