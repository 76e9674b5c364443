"""The rows of a campaign in the case-linking report: its cases, what their reports name, and the
accounts and people the detectors flag in it (mules, organisers), each with the file rows behind it.

Used by :mod:`graphfraud.analysis.report_campaigns`; plain JSON-ready dicts, in the report's language
where they hold sentences (the reasons, with their message keys beside them)."""

from __future__ import annotations

from datetime import datetime

from graphfraud.analysis.reason_text import reason_texts

EVIDENCE_PER_IDENTIFIER = 4
EVIDENCE_PER_REASON_LIST = 6
IDENTIFIER_PROPS = ("country", "display_name", "platform", "url", "bank", "holder_name", "line_type")


def evidence_rows(rows) -> list[dict]:
    """File, sheet and row of each provenance record."""
    return [{"file": r.get("file"), "sheet": r.get("sheet"), "row": r.get("row")} for r in rows or []]


def as_int(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


def named_identifiers(store, case_keys: list) -> tuple[dict, dict]:
    """What the cases' reports name: identifier -> its roles, cases and mention facts; and the
    provenance of those facts."""
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
    return named, prov


def suspect_rows(named: dict, prov: dict, nprops: dict, ty: str) -> list[dict]:
    """The identifiers of type ``ty`` that the reports name as the suspect's (or related), in key order."""
    return [_ident(key, prov, d, _props_extra(nprops.get(key, {}))) for key, d in sorted(named.items())
            if key[0] == ty and d["roles"] & {"suspect", "related"}]


def _ident(key, prov: dict, d: dict, extra: dict) -> dict:
    out = {"type": key[0], "value": key[1], "cases": sorted(d["cases"]), "roles": sorted(d["roles"]),
           "evidence": [x for eid in d["edges"] for x in evidence_rows(prov.get(eid))][:EVIDENCE_PER_IDENTIFIER]}
    out.update(extra)
    return out


def _props_extra(p: dict) -> dict:
    return {k: p[k] for k in IDENTIFIER_PROPS if p.get(k) not in (None, "")}


def mule_rows(node_set: set, mules: dict, named: dict, lang: str) -> list[dict]:
    """The campaign's accounts scored as mules, highest first, with their reasons and evidence."""
    rows = []
    for key in sorted(node_set):
        m = mules.get(key)
        if m:
            rows.append({"type": key[0], "value": key[1], "bank": m.get("bank"),
                         "score": float(m.get("score") or 0),
                         "reasons": reason_texts(m.get("reasons"), lang),
                         "reason_keys": _reason_keys(m.get("reasons")),
                         "evidence": _reason_evidence(m.get("reasons")),
                         "cases": sorted(named.get(key, {}).get("cases", []))})
    rows.sort(key=lambda r: (-r["score"], r["value"]))
    return rows


def organizer_rows(node_set: set, nodes: list, found: dict, lang: str) -> list[dict]:
    """The organiser candidates in the campaign or in a cluster of its mules, highest first; each
    is added to ``node_set`` and ``nodes`` (the campaign's graph shows them)."""
    mules, membership = found["mules"], found["membership"]
    comms = {membership.get(key) for key in node_set if key in mules} - {None}
    rows = []
    for key, o in found["organizers"].items():
        if key in node_set or (o.get("community") is not None and str(o.get("community")) in comms):
            rows.append({"type": key[0], "value": key[1], "score": float(o.get("score") or 0),
                         "community": o.get("community"),
                         "reasons": reason_texts(o.get("reasons"), lang),
                         "reason_keys": _reason_keys(o.get("reasons"))})
            node_set.add(key)
            nodes.append(key)
    rows.sort(key=lambda r: (-r["score"], r["value"]))
    return rows


def _reason_keys(reasons) -> list[dict]:
    """The message key and parameters of each reason (its text is in ``reasons``, in the report's language)."""
    return [{"signal": r.get("signal"), "key": r["key"], "params": r.get("params") or {}}
            for r in reasons or [] if isinstance(r, dict) and r.get("key")]


def _reason_evidence(reasons) -> list[dict]:
    """The file rows behind the transfers and links the reasons cite, each once, the first few."""
    out: list[dict] = []
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
    return out[:EVIDENCE_PER_REASON_LIST]


def case_rows(store, cids: list, cprops: dict) -> list[dict]:
    """The campaign's cases as the report lists them, each with the file rows of its report."""
    cases = []
    for cid in cids:
        p = cprops.get(("case", cid), {})
        cases.append({"id": cid, "report_date": report_day(p.get("report_date")),
                      "report_epoch": as_int(p.get("report_date")), "scam_type": p.get("scam_type"),
                      "amount_lost": p.get("amount_lost"), "victim_name": p.get("victim_name"),
                      "unit": _unit(p), "narrative": p.get("narrative"),
                      "evidence": evidence_rows(store.node_provenance(("case", cid), limit=2))})
    return cases


def report_day(value) -> str | None:
    """The day of a report date (epoch seconds or ISO text) as ``YYYY-MM-DD``, in Vietnam time unless the
    text says otherwise; text that is not a date is kept (its first ten characters)."""
    from graphfraud.normalize.timestamp import format_epoch

    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_epoch(int(value))[:10]
    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d")
    except ValueError:
        return str(value)[:10] or None


def _unit(props: dict):
    """The police unit handling the case, from the report's own columns (``Đơn vị thụ lý``, ``unit``)."""
    from graphfraud.normalize.base import fold

    for k, v in (props.get("extra") or {}).items():
        name = fold(str(k or ""))
        if "thu ly" in name or "unit" in name or "don vi" in name:
            return v
    return None
