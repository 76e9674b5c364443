"""The index of a case-linking report split by campaign: one row per campaign (number, cases, victims,
total loss, period, key identifiers) linking to the campaign's own page, then the input files; in
html, md or json like the pages it links."""

from __future__ import annotations

import json

from graphfraud.output import report_text as rt
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, t

INDEX_COLUMNS = ("col.campaign", "col.cases", "col.victims", "col.loss", "col.period", "col.key_identifiers",
                 "col.mule_accounts")


def render_index(report: dict, links: dict, fmt: str, lang: str) -> str:
    """The index of ``report``'s campaigns; ``links``: campaign number -> its page, relative to the index."""
    from graphfraud.analysis.report_campaigns import campaign_index

    rows = campaign_index(report)
    folder = next(iter(links.values()), "").rpartition("/")[0]
    if fmt == "json":
        return _index_json(report, rows, links)
    if fmt == "md":
        return _index_md(report, rows, links, folder, lang)
    return _index_html(report, rows, links, folder, lang)


def _index_json(report: dict, rows: list[dict], links: dict) -> str:
    data = {**report, "report": "case-linking-index",
            "campaigns": [{**r, "file": links[r["campaign"]]} for r in rows]}
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


def _cells(r: dict, lang: str) -> list[str]:
    """A campaign's row as text (without its number)."""
    dr = r.get("date_range") or [None, None]
    return [fmt_int(r["cases"], lang), fmt_int(r["victims"], lang), fmt_money(r["total_loss"], lang),
            f"{fmt_date(dr[0], lang)} – {fmt_date(dr[1], lang)}", fmt_int(r["key_identifiers"], lang),
            fmt_int(r["mule_accounts"], lang)]


def _index_html(report: dict, rows: list[dict], links: dict, folder: str, lang: str) -> str:
    from graphfraud.output.html import esc, page
    from graphfraud.output.report_campaign_html import CAMPAIGN_CSS
    from graphfraud.output.report_html import REPORT_CSS, inputs_html

    title = t("report.index_title", lang)
    body = [f'<main class="rp"><h1>{esc(title)}</h1>',
            f'<p class="lead">{esc(rt.summary_line(report, lang))}</p>',
            f'<p>{esc(t("report.method", lang))}</p>',
            f'<p class="meta">{esc(rt.generated_line(report, lang))}</p>',
            f'<p>{esc(t("report.index_lead", lang, folder=folder))}</p>',
            rt.thead(INDEX_COLUMNS, lang).replace("<table>", '<table class="index">', 1)]
    for r in rows:
        n = r["campaign"]
        cells = "".join(f'<td class="num">{esc(x)}</td>' if i != 3 else f"<td>{esc(x)}</td>"
                        for i, x in enumerate(_cells(r, lang)))
        body.append(f'<tr><td><a href="{esc(rt.link_target(links[n]))}">{esc(t("campaign", lang, n=n))}</a></td>{cells}</tr>')
    body.append("</tbody></table>")
    body.append(f'<section class="inputs"><h2>{esc(t("inputs", lang))}</h2>{inputs_html(report, lang)}</section>'
                "</main>")
    return page(f"{title} — graphfraud", "".join(body), lang, extra_css=REPORT_CSS + CAMPAIGN_CSS,
                with_graph=False)


def _index_md(report: dict, rows: list[dict], links: dict, folder: str, lang: str) -> str:
    from graphfraud.output.report_markdown import inputs_md, md, md_table

    out = [f"# {md(t('report.index_title', lang))}", "", md(rt.summary_line(report, lang)), "",
           md(t("report.method", lang)), "", "_" + md(rt.generated_line(report, lang)) + "_", "",
           md(t("report.index_lead", lang, folder=folder)), ""]
    table = md_table([t(k, lang) for k in INDEX_COLUMNS], [])[:2]
    for r in rows:
        link = f"[{md(t('campaign', lang, n=r['campaign']))}]({rt.link_target(links[r['campaign']])})"
        table.append(f"| {link} | " + " | ".join(md(x) for x in _cells(r, lang)) + " |")
    table.append("")
    return "\n".join(out + table + inputs_md(report, lang))
