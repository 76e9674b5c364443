"""Ground truth of a randomised scenario: the classic keys, plus mule tiers, cash-out
endpoints, bridge cases, repeat victims, sister groups, duplicates and the knob values."""

from __future__ import annotations

from graphfraud.demo.truth import ground_truth


def _dedupe(xs) -> list:
    seen: set = set()
    return [x for x in xs if not (x in seen or seen.add(x))]


def scenario_ground_truth(G, n: int, k: int, rows: dict, rejects: list, n_xlsx_bg: int, no_id) -> dict:
    gt = ground_truth(G, n, k, rows, rejects, n_xlsx_bg)
    by_id = {o.id: o for o in G.orgs}
    for o in gt["organisations"]:
        org = by_id[o["id"]]
        o["tiers"] = [[a.number for a in tier] for tier in org.tiers]
        o["mule_accounts"] = [a for tier in o["tiers"] for a in tier]
        o["handlers"] = org.handlers
        o["cashout_kinds"] = {a.number: G.co_kind[a.number] for a in org.cashout}
    gt["mules"] = _dedupe(a for o in gt["organisations"] for a in o["mule_accounts"])
    depth = max(len(o["tiers"]) for o in gt["organisations"])
    gt["mules_by_tier"] = {str(i + 1): _dedupe(a for o in gt["organisations"] if i < len(o["tiers"])
                                               for a in o["tiers"][i]) for i in range(depth)}
    gt["cashout"] = _dedupe(gt["cashout"])
    reached = {c for org in G.orgs for v in org.victims for c in v["reached"]}
    gt["cashout_endpoints"] = _endpoints(G, [c for c in gt["cashout"] if c in reached])
    ends = {e["cashout"]: [] for e in gt["cashout_endpoints"]}
    for e in gt["cashout_endpoints"]:
        ends[e["cashout"]].append(e["account"])
    extra = {}
    for org in G.orgs:
        for v in org.victims:
            rep = v["repeat"]
            extra[(org.id, v["acct"].number)] = {
                "report_filed": bool(v.get("files")),
                "paid_accounts": sorted({x.dst for x in v["txns"]}),
                "endpoints_reached": sorted({a for c in v["reached"] for a in ends.get(c, [])}),
                "repeat": None if rep is None else {"kind": rep["kind"], "orgs": rep["orgs"],
                                                    "first": rep["first"]}}
    for v in gt["victims"]:
        v.update(extra[(v["org"], v["account"])])
    gt["campaigns"] = [o["cases"] for o in gt["organisations"]]
    gt["repeat_victims"], gt["bridges"] = _repeats(G)
    gt["sister_groups"] = G.sister_groups
    gt["duplicates"] = {"same_txn_id": sorted(G.dup_ids), "rows_added": dict(G.dup_extra),
                        "no_id_export": no_id}
    filed = [v for v in gt["victims"] if v["report_filed"]]
    gt["reported_share"] = len(filed) / max(1, len(gt["victims"]))
    gt["transfer_only"] = G.sc.transfer_only
    gt["scenario"] = G.sc.as_json()
    return gt


def _endpoints(G, cashouts: list[str]) -> list[dict]:
    """Every account where victims' money ends: the foreign or P2P account a cash-out account
    pays, or the cash-out account itself when it withdraws cash or keeps the money."""
    out = []
    for c in cashouts:
        kind, owner = G.co_kind[c], G.co_owner[c].id
        if kind in ("atm", "stays"):
            out.append({"account": c, "kind": kind, "org": owner, "cashout": c})
        for ex in G.co_exits[c]:
            out.append({"account": ex.number, "kind": kind, "org": owner, "cashout": c, "bank": ex.bank})
    return out


def _repeats(G) -> tuple[list[dict], list[str]]:
    out, bridges = [], []
    for org in G.orgs:
        for v in org.victims:
            rep = v["repeat"]
            if rep is None or not rep["first"]:
                continue
            other = rep["other"]
            cases = _dedupe(c for c in (v.get("case_id"), other.get("case_id")) if c)
            out.append({"account": v["acct"].number, "phone": v["phone"], "orgs": rep["orgs"],
                        "kind": rep["kind"], "cases": cases})
            if rep["kind"] == "one_case" and cases:
                bridges.extend(cases)
    return out, sorted(set(bridges))
