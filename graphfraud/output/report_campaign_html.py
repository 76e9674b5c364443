"""One campaign's own page of the case-linking report (``report --campaign N``, and each page of a
report split by campaign): its graph first, then the timeline, then the evidence, every table folded
(``<details>``) with its count in the heading.

What a page holds is capped so that it opens quickly in a browser whatever the store's size: at most
:data:`ROWS_MAX` rows per table and :data:`PAIRS_MAX` linked pairs of cases (a last row says how many
more there are; the JSON report holds them all); the graph draws at most
:data:`graphfraud.output.report.CAMPAIGN_GRAPH_MAX` nodes, grey "+N" boxes marking where the others hang.
"""

from __future__ import annotations

from graphfraud.output import report_text as rt
from graphfraud.output.html import esc, page
from graphfraud.output.i18n import fmt_int, t
from graphfraud.output.report_html import (
    REPORT_CSS,
    cards_html,
    cases_table,
    context_html,
    graph_html,
    has_graph,
    identifier_table,
    inputs_html,
    link_pairs,
    pair_html,
)
from graphfraud.output.report_timeline import timeline_svg

ROWS_MAX = 100   # rows of one evidence table on the page
PAIRS_MAX = 60   # linked pairs of cases on the page, each with its strongest evidence open

CAMPAIGN_CSS = """
.rp .back { margin: 6px 0 0; font-size: 13px; }
.rp .back a, .rp table.index a { color: #1d4ed8; }
.rp details.ev { border: 1px solid #e5e7eb; border-radius: 6px; margin: 8px 0; padding: 2px 10px; }
.rp details.ev > summary { cursor: pointer; padding: 4px 0; }
.rp details.ev > summary h3 { display: inline; font-size: 16px; margin: 0; }
.rp details.ev[open] > summary { border-bottom: 1px solid #e5e7eb; margin-bottom: 6px; }
.rp tr.more td { color: #6b7280; font-style: italic; }
.rp .gf-sub { color: #4b5563; font-size: 13px; margin: 2px 0 6px; }
.rp table.index td { white-space: nowrap; }
@media print {
  .rp.campaign-page .campaign { break-before: auto; }
  .rp .back { display: none; }
}
"""


def render_campaign_html(report: dict, lang: str, index: str | None = None) -> str:
    """The page of the report's campaign (``report["campaigns"]`` holds one); ``index``: the relative
    link to the index of campaigns, when the page is one of a split report."""
    c = report["campaigns"][0]
    n = int(c["group"])
    title = t("report.campaign_title", lang, n=n)
    parts = ['<main class="rp campaign-page">']
    if index:
        parts.append(f'<p class="back"><a href="{esc(rt.link_target(index))}">{esc(t("report.back_to_index", lang))}</a></p>')
    parts += [f"<h1>{esc(title)}</h1>", f'<p class="lead">{esc(rt.campaign_line(c, lang))}</p>',
              f'<p class="meta">{esc(rt.generated_line(report, lang))}</p>', cards_html(c, lang),
              context_html(c, lang), f'<section class="campaign" id="campaign-{n}">', _graph_section(c, lang)]
    svg = timeline_svg(c["cases"], lang)
    if svg:
        parts.append(f'<h2>{esc(t("timeline", lang))}</h2>{svg}')
    parts += [f'<h2>{esc(t("report.evidence", lang))}</h2><p class="meta">{esc(t("report.folded", lang))}</p>',
              _identifiers(c, lang), _folded(t("cases", lang), len(c["cases"]), cases_table(c["cases"], lang, ROWS_MAX),
                                             lang),
              _chains(c.get("links") or [], lang),
              _folded(t("inputs", lang), len(report["inputs"]), inputs_html(report, lang), lang),
              "</section></main>"]
    return page(f"{title} — graphfraud", "".join(parts), lang, extra_css=REPORT_CSS + CAMPAIGN_CSS,
                with_graph=has_graph(report))


def _graph_section(c: dict, lang: str) -> str:
    """The campaign's graph, with how many nodes it draws and how many it leaves out."""
    graph = graph_html(c, lang)
    if not graph:
        return ""
    size = c.get("graph") or {}
    sub = [t("shown", lang, nodes=fmt_int(size.get("nodes", 0), lang), edges=fmt_int(size.get("edges", 0), lang))]
    if size.get("omitted_nodes"):
        sub.append(t("omitted", lang, n=fmt_int(size["omitted_nodes"], lang)))
    return (f'<h2>{esc(t("graph", lang))}</h2><p class="gf-sub">{" · ".join(esc(s) for s in sub)}</p>'
            + graph)


def _folded(title: str, count: int, body: str, lang: str, line: str = "") -> str:
    """A folded section: its title and count in the heading, the table inside."""
    head = f"{title} ({fmt_int(count, lang)})" + (f" — {line}" if line else "")
    return f'<details class="ev"><summary><h3>{esc(head)}</h3></summary>{body}</details>'


def _identifiers(c: dict, lang: str) -> str:
    """The key identifiers, a folded table per kind (a kind the campaign has none of is left out)."""
    out = []
    for key, label in rt.IDENTIFIER_KINDS:
        rows = c["key_identifiers"].get(key) or []
        if rows:
            out.append(_folded(t(label, lang), len(rows), identifier_table(key, rows, lang, ROWS_MAX), lang))
    return "".join(out)


def _chains(links: list[dict], lang: str) -> str:
    """The evidence chains, folded: each linked pair with its strongest evidence (the first PAIRS_MAX)."""
    if not links:
        return ""
    pairs = link_pairs(links)
    body = "".join(pair_html(items, lang) for items in pairs[:PAIRS_MAX])
    if len(pairs) > PAIRS_MAX:
        body += f'<p class="none">{esc(t("report.more_pairs", lang, n=fmt_int(len(pairs) - PAIRS_MAX, lang)))}</p>'
    return _folded(t("evidence_chain", lang), len(links), body, lang,
                   line=t("report.chains", lang, pairs=fmt_int(len(pairs), lang)))
