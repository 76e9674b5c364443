"""The report as Markdown: the same sections as the page, as tables, without the graphs."""

from __future__ import annotations

import re

from graphfraud.output import report_text as rt
from graphfraud.output.controls import printable
from graphfraud.output.i18n import fmt_date, fmt_money, fmt_time, t

# ----------------------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def md(text) -> str:
    """Text safe in a Markdown table cell: special characters backslash-escaped, one line."""
    s = " ".join(printable(str("" if text is None else text)).split())
    return _MD_SPECIAL.sub(r"\\\1", s)


def md_table(head: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md(c) for c in r) + " |" for r in rows]
    return out + [""]


def render_markdown(report: dict, lang: str, index: str | None = None) -> str:
    """The report as Markdown; ``index``: a link back to the index of campaigns (a campaign's own page)."""
    out = [f"# {md(t('report.title', lang))}", ""]
    if index:
        out += [f"[{md(t('report.back_to_index', lang))}]({rt.link_target(index)})", ""]
    out += [md(rt.summary_line(report, lang)), "", md(t("report.method", lang)), "",
            "_" + md(rt.generated_line(report, lang)) + "_", ""]
    if not report["campaigns"]:
        out += [md(t("report.no_campaigns", lang)), ""]
    for c in report["campaigns"]:
        out += _campaign_md(c, lang)
    return "\n".join(out + inputs_md(report, lang))


def _campaign_md(c: dict, lang: str) -> list[str]:
    out = [f"## {md(t('campaign', lang, n=c['group']))}", "", md(rt.campaign_line(c, lang)), ""]
    if rt.bridges_line(c, lang):
        out += [md(rt.bridges_line(c, lang)), ""]
    if rt.related_line(c, lang):
        out += [md(rt.related_line(c, lang)), ""]
    out += [f"### {md(t('key_identifiers', lang))}", ""]
    for key, label in rt.IDENTIFIER_KINDS:
        rows = c["key_identifiers"].get(key) or []
        if rows:
            out += [f"#### {md(t(label, lang))}", ""] + _identifier_table(key, rows, lang)
    out += [f"### {md(t('cases', lang))}", ""]
    out += md_table([t(k, lang) for k in rt.CASE_COLUMNS],
                     [[cs["id"], fmt_date(cs.get("report_epoch"), lang), cs.get("victim_name"),
                       cs.get("scam_type"), fmt_money(cs.get("amount_lost"), lang), cs.get("unit"),
                       cs.get("narrative"), rt.where_all(cs.get("evidence"), lang)] for cs in c["cases"]])
    out += [f"### {md(t('evidence_chain', lang))}", ""]
    for ev in c.get("links") or []:
        out += [f"**{md(rt.link_title(ev, lang))}**", ""]
        out += md_table([t(k, lang) for k in rt.LINK_COLUMNS],
                         [[i, rt.hop_link(h, lang), f"{rt.type_name(h['from']['type'], lang)}: {h['from']['value']}",
                           f"{rt.type_name(h['to']['type'], lang)}: {h['to']['value']}", fmt_time(h.get("time"), lang),
                           fmt_money(h.get("amount"), lang), rt.where(h, lang)]
                          for i, h in enumerate(ev.get("chain") or [], start=1)])
    return out


def _identifier_table(key: str, rows: list[dict], lang: str) -> list[str]:
    if key in rt.SCORED_KINDS:
        return md_table([t("col.identifier", lang), t("col.score", lang), t("col.reasons", lang),
                          t("col.where", lang)],
                         [[r["value"] + (f" ({r['bank']})" if r.get("bank") else ""),
                           f"{r['score']:.2f}", "; ".join(r.get("reasons") or []),
                           rt.where_all(r.get("evidence"), lang)] for r in rows])
    return md_table([t("col.identifier", lang), t("col.cases", lang), t("col.where", lang)],
                     [[r["value"], ", ".join(r.get("cases") or []), rt.where_all(r.get("evidence"), lang)]
                      for r in rows])


def inputs_md(report: dict, lang: str) -> list[str]:
    """The input files with their SHA-256, and the command that reproduces the report."""
    out = [f"## {md(t('inputs', lang))}", ""]
    out += md_table([t(k, lang) for k in rt.INPUT_COLUMNS],
                     [[x["file"], x.get("sheet"), rt.kind_name(x.get("kind"), lang), x.get("rows"), x.get("sha256"),
                       x.get("loaded")] for x in report["inputs"]])
    if report.get("command"):
        command = printable(report["command"]).replace("`", "'")
        out += [f"{md(t('reproduce', lang))}:", "", "```", command, "```", ""]
    return out
