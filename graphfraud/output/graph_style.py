"""How identifiers and links look in a graph page: colour and shape by type, and the key facts
and evidence lines of an identifier's details panel."""

from __future__ import annotations

import json

from graphfraud.output.evidence_text import where
from graphfraud.output.i18n import fmt_date, fmt_money, has, t

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
    "withdrawal": ("#b91c1c", True, True),
    "deposit": ("#15803d", True, True),
    "mention": ("#ef4444", True, False),
    "same_person": ("#059669", False, True),
}
TRACE_COLOUR = "#dc2626"
CLUSTER_COLOURS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45",
                   "#469990", "#9a6324", "#800000", "#808000", "#000075", "#fabed4", "#aaffc3", "#dcbeff")
FACT_ORDER = ("holder_name", "name", "national_id", "bank", "opened_at", "biometric_verified", "display_name",
              "platform", "country", "foreign", "line_type", "url", "host", "domain", "kind", "report_date",
              "scam_type", "amount_lost", "victim_name", "narrative")


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
    if node_type == "person" and isinstance(props.get("aliases"), dict):   # graphfraud/person_links.py
        out.append([t("fact.aliases", lang), ", ".join(sorted(str(a) for a in props["aliases"]))])
    for k, v in sorted((props.get("extra") or {}).items()):
        if v not in (None, ""):
            out.append([str(k), _fact_value(k, v, lang)])
    return out


def _ev_lines(ev, lang: str) -> list[str]:
    return [w for w in (where(e, lang) for e in ev or []) if w]

