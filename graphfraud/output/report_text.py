"""The report's shared text, in its language: names of types and links, where a fact was read,
money in short, the summary lines of the report and of each campaign, table headers."""

from __future__ import annotations

from graphfraud.analysis.report_campaigns import as_decimal
from graphfraud.output.evidence_text import where, where_all  # noqa: F401 - rt.where, rt.where_all
from graphfraud.output.i18n import fmt_date, fmt_int, fmt_money, fmt_time, has, t


def type_name(ty: str, lang: str) -> str:
    return t("type." + ty, lang) if has("type." + ty) else ty


CASE_COLUMNS = ("col.case", "col.date", "col.victim", "col.scam_type", "col.loss", "col.unit",
                "col.narrative", "col.where")
INPUT_COLUMNS = ("col.file", "col.sheet", "col.kind", "col.rows", "col.sha256", "col.loaded")
LINK_COLUMNS = ("col.step", "col.link", "col.from", "col.to", "time_range", "col.amount", "col.where")
# the key identifiers of a campaign, in the order shown: (its key in the report, its title's key)
IDENTIFIER_KINDS = (("scam_phones", "scam_phones"), ("mule_accounts", "mule_accounts"),
                    ("suspect_accounts", "suspect_accounts"), ("organizers", "organizers"),
                    ("social", "social_handles"), ("urls", "urls"), ("emails", "emails"))
SCORED_KINDS = ("mule_accounts", "organizers")   # shown with a score and reasons


def thead(keys, lang: str) -> str:
    """The start of a table: its header row (translated) and the body's opening tag."""
    from graphfraud.output.html import esc

    head = "".join(f"<th>{esc(t(k, lang))}</th>" for k in keys)
    return f"<table><thead><tr>{head}</tr></thead><tbody>"


def hop_link(h: dict, lang: str) -> str:
    name = t("edge." + h["edge"], lang) if has("edge." + h["edge"]) else h["edge"]
    if h.get("role"):
        name += f" ({t('role.' + h['role'], lang) if has('role.' + h['role']) else h['role']})"
    return name


def link_title(ev: dict, lang: str) -> str:
    kind = t("link.kind." + ev["kind"], lang) if has("link.kind." + ev["kind"]) else ev["kind"]
    via = ", ".join(f"{type_name(v['type'], lang).lower()} {v['value']}" for v in ev.get("via", []))
    return t("link.pair", lang, a=ev["cases"][0], b=ev["cases"][1], via=via, kind=kind,
             weight=decimal_text(ev.get("weight"), lang), score=decimal_text(ev.get("link_score"), lang))


def decimal_text(x, lang: str) -> str:
    """A weight or score: ``0,5055`` in Vietnamese, ``0.5055`` in English."""
    text = "" if x is None else str(x)
    return text.replace(".", ",") if lang == "vi" else text


def kind_name(kind, lang: str) -> str:
    """A source kind (transactions, reports, ...) in ``lang``."""
    return t("source." + kind, lang) if kind and has("source." + kind) else (kind or "")


def money_short(amount, lang: str) -> str:
    a = float(as_decimal(amount))
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


def summary_line(report: dict, lang: str) -> str:
    s = report["summary"]
    return t("report.summary", lang, campaigns=fmt_int(s["campaigns"], lang), cases=fmt_int(s["cases"], lang),
             victims=fmt_int(s["victims"], lang), loss=fmt_money(s["total_loss"], lang))


def generated_line(report: dict, lang: str) -> str:
    return t("generated", lang, generator=report["generator"], date=fmt_time(report["generated"], lang))


def campaign_line(c: dict, lang: str) -> str:
    dr = c.get("date_range") or [None, None]
    return t("campaign.summary", lang, cases=fmt_int(len(c["cases"]), lang),
             victims=fmt_int(len(c["victims"]), lang), loss=fmt_money(c["total_loss"], lang),
             start=fmt_date(dr[0], lang) or "?", end=fmt_date(dr[1], lang) or "?")


def bridges_line(c: dict, lang: str) -> str:
    """The campaign's bridge cases and the other campaigns that list them ('' when none)."""
    items = [f"{b['case']} ({', '.join(t('campaign', lang, n=g) for g in b['campaigns'] if g != c['group'])})"
             for b in c.get("bridges") or []]
    return t("campaign.bridges", lang, cases="; ".join(items)) if items else ""


def related_line(c: dict, lang: str) -> str:
    """The other campaigns this one shares infrastructure with, and what ('' when none)."""
    items = [f"{t('campaign', lang, n=r['campaign'])} ({r['via'][0]['type']} {r['via'][0]['value']})"
             for r in c.get("related") or []]
    return t("campaign.related", lang, items="; ".join(items)) if items else ""



def link_target(path: str) -> str:
    """A relative link to another file of the report, percent-encoded (safe in an HTML attribute once
    escaped, and between Markdown's parentheses)."""
    from urllib.parse import quote

    return quote(path, safe="/.-_~")
