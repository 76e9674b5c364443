"""The demo's summary rows of campaigns and money routes, written in Vietnamese or English.

Like :func:`graphfraud.analysis.linking.campaign_rows` and
:func:`graphfraud.analysis.trace_result.route_rows`, but every word for people is in ``lang``:
evidence kinds, the end of a route (``chuyển ra nước ngoài tại ...``), file rows, dates.
"""

from __future__ import annotations

from graphfraud.output.cli_text import tr, type_name
from graphfraud.output.i18n import fmt_date

__all__ = ["campaign_rows", "route_rows"]


def campaign_rows(groups: list[dict], lang: str = "en") -> list[dict]:
    """One row per campaign: cases, loss (machine value), period, the two strongest pieces of evidence."""
    rows = []
    for g in groups:
        best = sorted(g["evidence"], key=lambda e: (-e["weight"], e["kind"]))
        kinds = list(dict.fromkeys(tr("link.via", lang, kind=type_name(e["kind"], lang, "link.kind"),
                                      via=f"{e['via'][0]['type']}:{e['via'][0]['value']}") for e in best))
        rows.append({"campaign": g["group"], "cases": len(g["cases"]),
                     "case ids": ", ".join(g["cases"][:4]) + (" …" if len(g["cases"]) > 4 else ""),
                     "total loss": g["total_loss"],
                     "reported": " – ".join(fmt_date(d, lang) if d else "?" for d in g["date_range"]),
                     "strongest evidence": "; ".join(kinds[:2]),
                     "bridges": ", ".join(g.get("bridges", []))})
    return rows


def route_rows(result: dict, lang: str = "en", limit: int = 5) -> list[dict]:
    """One row per route of a money trace: accounts, hops, amount (machine value), where it ends."""
    rows = []
    for r in result["routes"][:limit]:
        path = [r["hops"][0]["from"]["value"]] + [h["to"]["value"] for h in r["hops"]] if r["hops"] else []
        first = (r["hops"][0]["evidence"] or [None])[0] if r["hops"] else None
        end = r["end"]
        rows.append({"route": " → ".join(path), "hops": len(r["hops"]), "amount": r["amount"],
                     "ends": tr("route.end", lang, kind=type_name(end["kind"], lang, "end"), value=end["value"])
                             + (f" ({end['bank']})" if end.get("bank") else ""),
                     "first evidence": f"{first['file']} {tr('row', lang)} {first['row']}" if first else ""})
    return rows
