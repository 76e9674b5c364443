"""The case-linking report's data (its JSON twin): per campaign of linked cases, the cases, key
identifiers (scam phones, mules with their reasons, organisers, ...), the links between cases with
their evidence, and the campaign's graph; then the input files. Rendered by
:mod:`graphfraud.output.report_html` and :mod:`graphfraud.output.report_markdown`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from graphfraud.output.i18n import fmt_time

CAMPAIGN_GRAPH_MAX = 250
LOOKBACK_S = 30 * 86400


def _dec(x) -> Decimal:
    try:
        d = Decimal(str(x))
    except (InvalidOperation, ValueError, TypeError):
        return Decimal(0)
    return d if d.is_finite() else Decimal(0)


def _ev(rows) -> list[dict]:
    return [{"file": r.get("file"), "sheet": r.get("sheet"), "row": r.get("row")} for r in rows or []]


def _int(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------- gathering
def build_report(store, lang: str = "vi", k: int = 2, command: str | None = None, analyses=None,
                 graphs: bool = True) -> dict:
    """The report's data: plain JSON-ready dicts (the JSON twin), plus the campaign graphs (``_graph``)."""
    from graphfraud import __version__
    from graphfraud.analysis.annotations import Analyses
    from graphfraud.analysis.linking import link_cases
    from graphfraud.analysis.trace import trace
    from graphfraud.analysis.viewstore import ViewStore
    from graphfraud.normalize.timestamp import LOCAL_TZ

    store = ViewStore.wrap(store)  # hundreds of traces: answered from the graph in memory
    an = analyses or Analyses(store, lang=lang)
    groups = link_cases(store, k=k)
    found = {"mules": an.mules(), "organisers": an.organisers(), "membership": an.membership(),
             "trace": trace}
    campaigns = [_campaign(store, grp, an, found, lang, graphs) for grp in groups]
    loads = store.loads()
    inputs = [{"file": _base(x.get("path")), "path": x.get("path"), "sheet": x.get("sheet") or None,
               "kind": x.get("kind"), "rows": x.get("rows"), "sha256": x.get("sha256"),
               "loaded": x.get("finished") or x.get("started")} for x in loads]
    # a bridge case is listed in two campaigns: the summary counts it once
    distinct = {cs["id"]: cs for c in campaigns for cs in c["cases"]}
    n_cases = len(distinct)
    n_victims = len({v.get("case") for c in campaigns for v in c["victims"]})
    loss = sum((_dec(cs.get("amount_lost")) for cs in distinct.values()), Decimal(0))
    return {
        "report": "case-linking", "lang": lang, "generator": f"graphfraud {__version__}",
        "generated": datetime.now(LOCAL_TZ).isoformat(timespec="seconds"),
        "command": command, "parameters": {"k": k},
        "summary": {"campaigns": len(campaigns), "cases": n_cases, "victims": n_victims,
                    "total_loss": _amount_text(loss)},
        "campaigns": campaigns,
        "inputs": inputs,
    }


def _campaign(store, grp: dict, an, found: dict, lang: str, graphs: bool) -> dict:
    """One campaign of linked cases: its cases, key identifiers, links and (with ``graphs``) its graph."""
    from graphfraud.analysis.subgraph import graph_of
    from graphfraud.output.exports import apply_redaction

    cids = list(grp["cases"])
    case_keys = [("case", c) for c in cids]
    cprops = store.nodes(case_keys)
    named, prov = _named(store, case_keys)
    chain_nodes = _chain_nodes(grp)
    # where the victims' money went (time-bounded, from the report dates)
    money_nodes = _money_nodes(store, grp, cprops, found["mules"], found["trace"]) \
        if found["trace"] is not None else []
    nodes = case_keys + list(named) + chain_nodes + money_nodes
    node_set = set(nodes)
    # key identifiers
    suspects = {k2: d for k2, d in named.items() if d["roles"] & {"suspect", "related"}}
    nprops = store.nodes(sorted(node_set))

    def by_type(ty):
        return [_ident(k2, prov, d, _props_extra(nprops.get(k2, {}))) for k2, d in sorted(suspects.items())
                if k2[0] == ty]

    mule_rows = _mule_rows(node_set, found["mules"], named, lang)
    org_rows = _organiser_rows(node_set, nodes, found, lang)
    cases = _cases(store, cids, cprops)
    camp = {
        "group": grp["group"], "cases": cases, "victims": grp.get("victims", []),
        "total_loss": grp.get("total_loss"), "date_range": grp.get("date_range"),
        "key_identifiers": {
            "scam_phones": by_type("phone"),
            "mule_accounts": mule_rows,
            "suspect_accounts": by_type("account"),
            "organisers": org_rows,
            "social": by_type("social"),
            "urls": by_type("url"),
            "emails": by_type("email"),
        },
        "links": grp.get("evidence", []),
        "bridges": [{"case": b["case"], "campaigns": b["groups"]} for b in grp.get("bridge_evidence", [])],
        "related": [{"campaign": r["group"], "kind": r["kind"], "via": r["via"]}
                    for r in grp.get("related", [])],
    }
    if graphs:
        g = apply_redaction(graph_of(store, nodes, an, focus=case_keys, max_nodes=CAMPAIGN_GRAPH_MAX,
                                     selection={"kind": "campaign", "campaign": grp["group"]}))
        camp["graph"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                         "omitted_nodes": g.graph.get("omitted_nodes", 0)}
        camp["_graph"] = g
    return camp


def _named(store, case_keys: list) -> tuple[dict, dict]:
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


def _chain_nodes(grp: dict) -> list[tuple]:
    """The identifiers on the evidence chains that link the campaign's cases."""
    chain_nodes = []
    for ev in grp.get("evidence", []):
        for h in ev.get("chain", []):
            chain_nodes += [(h["from"]["type"], h["from"]["value"]), (h["to"]["type"], h["to"]["value"])]
        for v in ev.get("via", []):
            chain_nodes.append((v["type"], v["value"]))
    return chain_nodes


def _money_nodes(store, grp: dict, cprops: dict, mules: dict, trace) -> list[tuple]:
    """The accounts the victims' money reached in the weeks before their reports, on the routes
    that reach a flagged account or leave (abroad, cash-out)."""
    from graphfraud.errors import GraphFraudError

    money_nodes: list[tuple] = []
    for v in grp.get("victims", []):
        accts = v.get("account")
        accts = accts if isinstance(accts, list) else ([accts] if accts else [])
        rdate = _int((cprops.get(("case", v.get("case"))) or {}).get("report_date"))
        for a in accts:
            try:
                res = trace(store, ("account", a), since=(rdate - LOOKBACK_S) if rdate else None,
                            until=(rdate + 86400) if rdate else None, max_hops=4, evidence=False)
            except GraphFraudError:  # an account not in the graph or without transfers
                continue
            for r in res.get("routes", [])[:60]:
                hops = [(h["to"]["type"], h["to"]["value"]) for h in r.get("hops", [])]
                # only the routes that reach a flagged account or leave (abroad, cash-out):
                # a victim's everyday payments in the same weeks are not the campaign's
                if any(k2 in mules for k2 in hops) or (r.get("end") or {}).get("kind") in ("abroad",
                                                                                          "cashout"):
                    money_nodes += hops
    return money_nodes


def _ident(key, prov: dict, d=None, extra=None) -> dict:
    out = {"type": key[0], "value": key[1]}
    if d:
        out["cases"] = sorted(d["cases"])
        out["roles"] = sorted(d["roles"])
        out["evidence"] = [x for eid in d["edges"] for x in _ev(prov.get(eid))][:4]
    if extra:
        out.update(extra)
    return out


def _mule_rows(node_set: set, mules: dict, named: dict, lang: str) -> list[dict]:
    """The campaign's accounts scored as mules, highest first, with their reasons and evidence."""
    from graphfraud.analysis.annotations import reason_texts

    mule_rows = []
    for key in sorted(node_set):
        m = mules.get(key)
        if m:
            mule_rows.append({"type": key[0], "value": key[1], "bank": m.get("bank"),
                              "score": float(m.get("score") or 0),
                              "reasons": reason_texts(m.get("reasons"), lang),
                              "reason_keys": _reason_keys(m.get("reasons")),
                              "evidence": _reason_evidence(m.get("reasons")),
                              "cases": sorted(named.get(key, {}).get("cases", []))})
    mule_rows.sort(key=lambda r: (-r["score"], r["value"]))
    return mule_rows


def _organiser_rows(node_set: set, nodes: list, found: dict, lang: str) -> list[dict]:
    """The organiser candidates in the campaign or in a cluster of its mules, highest first; each
    is added to ``node_set`` and ``nodes`` (the campaign's graph shows them)."""
    from graphfraud.analysis.annotations import reason_texts

    mules, membership = found["mules"], found["membership"]
    comms = {membership.get(key) for key in node_set if key in mules} - {None}
    org_rows = []
    for key, o in found["organisers"].items():
        if key in node_set or (o.get("community") is not None and str(o.get("community")) in comms):
            org_rows.append({"type": key[0], "value": key[1], "score": float(o.get("score") or 0),
                             "community": o.get("community"),
                             "reasons": reason_texts(o.get("reasons"), lang),
                             "reason_keys": _reason_keys(o.get("reasons"))})
            node_set.add(key)
            nodes.append(key)
    org_rows.sort(key=lambda r: (-r["score"], r["value"]))
    return org_rows


def _cases(store, cids: list, cprops: dict) -> list[dict]:
    """The campaign's cases as the report lists them, each with the file rows of its report."""
    cases = []
    for cid in cids:
        p = cprops.get(("case", cid), {})
        cases.append({"id": cid, "report_date": fmt_time(p.get("report_date"), "en")[:10] or None,
                      "report_epoch": _int(p.get("report_date")), "scam_type": p.get("scam_type"),
                      "amount_lost": p.get("amount_lost"), "victim_name": p.get("victim_name"),
                      "unit": _unit(p), "narrative": p.get("narrative"),
                      "evidence": _ev(store.node_provenance(("case", cid), limit=2))})
    return cases


def _amount_text(d: Decimal) -> str:
    return str(d.to_integral_value()) if d == d.to_integral_value() else format(d.normalize(), "f")


def _base(path) -> str:
    import os

    return os.path.basename(str(path)) if path else ""


def _unit(props: dict):
    extra = props.get("extra") or {}
    for k, v in extra.items():
        if "thu ly" in _fold(k) or "unit" in _fold(k) or "don vi" in _fold(k):
            return v
    return None


def _fold(text) -> str:
    from graphfraud.normalize.base import fold

    return fold(str(text or ""))


def _props_extra(p: dict) -> dict:
    out = {}
    for k in ("country", "display_name", "platform", "url", "bank", "holder_name", "line_type"):
        if p.get(k) not in (None, ""):
            out[k] = p[k]
    return out


def _reason_keys(reasons) -> list[dict]:
    """The message key and parameters of each reason (its text is in ``reasons``, in the report's language)."""
    return [{"signal": r.get("signal"), "key": r["key"], "params": r.get("params") or {}}
            for r in reasons or [] if isinstance(r, dict) and r.get("key")]


def _reason_evidence(reasons) -> list[dict]:
    out = []
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
    return out[:6]


def public(report: dict) -> dict:
    """What the JSON twin holds: the report, each campaign's graph as node-link data (networkx)."""
    from graphfraud.output.writers import to_json_data

    out = []
    for c in report["campaigns"]:
        d = {k: v for k, v in c.items() if not k.startswith("_")}
        if c.get("_graph") is not None:
            data = to_json_data(c["_graph"])
            d["graph"] = {**d.get("graph", {}), "nodes_data": data["nodes"], "edges_data": data["edges"]}
        out.append(d)
    return {**report, "campaigns": out}
