"""The report as Markdown: the same sections as the page, as tables, without the graphs."""

from __future__ import annotations

import re

from graphfraud.output.controls import printable
from graphfraud.output.i18n import fmt_date, fmt_money, fmt_time, t
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
    _where,
    _where_all,
)

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

