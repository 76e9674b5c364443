"""The measures of one demo evaluation (:func:`graphfraud.analysis.evaluate.evaluate_demo`).

Each ``measure_*`` runs one analysis on the loaded store exactly as the CLI would,
scores it against the generator's ground truth ``gt`` and writes its columns into
``row``; the time each analysis takes goes into ``times``.
"""

from __future__ import annotations

import time

from graphfraud.analysis.eval_metrics import adjusted_rand_index, pairwise, prf

# The non-mule accounts the demo plants (ground-truth keys) whose flags the demo table counts.
_DECOYS = ("merchants", "merchant_settlement", "payroll", "hubs", "family_forwarders", "cashout")


def org_items(gt: dict) -> list[tuple[tuple[str, str], str]]:
    """(identifier, organisation) for every planted organisation identifier."""
    items = []
    fields = (("mule_accounts", "account"), ("cashout_accounts", "account"), ("scam_phones", "phone"),
              ("devices", "device"), ("ips", "ip"), ("socials", "social"), ("urls", "url"),
              ("emails", "email"))
    for org in gt["organisations"]:
        for f, t in fields:
            for v in org.get(f, []):
                items.append(((t, v), org["id"]))
    seen, out = set(), []
    for key, org in items:
        if key not in seen:
            seen.add(key)
            out.append((key, org))
    return out


def timed(times: dict, name: str, fn, *a, **kw):
    t0 = time.perf_counter()
    try:
        return fn(*a, **kw)
    finally:
        times[name] = round(time.perf_counter() - t0, 3)


def measure_mules(times: dict, row: dict, store, view, gt: dict) -> set:
    """Precision / recall / F1 of the flagged accounts; returns the flagged account values."""
    from graphfraud.analysis.mules import mules

    flagged = timed(times, "mules", mules, store, explain=False, view=view)
    fl = {m["value"] for m in flagged if m.get("type", "account") == "account"}
    m = prf(fl, gt["mules"])
    row.update({"mule_precision": m["precision"], "mule_recall": m["recall"], "mule_f1": m["f1"],
                "flagged": m["predicted"], "planted_mules": m["true"]})
    for name in _DECOYS:
        row[f"flagged_{name}"] = len(fl & set(gt.get(name, [])))
    return fl


def measure_communities(times: dict, row: dict, store, view, gt: dict) -> list[dict]:
    """Adjusted Rand index of the clusters against the planted organisations; returns the clusters."""
    from graphfraud.analysis.communities import communities

    clusters = timed(times, "communities", communities, store, view=view)
    where = {}
    for c in clusters:
        for mbr in c["members"]:
            where[(mbr["type"], mbr["value"])] = c["id"]
    items = org_items(gt)
    truth_l = [org for _, org in items]
    pred_l = [where.get(key, f"alone:{key[0]}:{key[1]}") for key, _ in items]
    row["community_ari"] = adjusted_rand_index(truth_l, pred_l)
    row["org_identifiers_clustered"] = sum(1 for key, _ in items if key in where) / max(1, len(items))
    return clusters


def measure_campaigns(times: dict, row: dict, store, gt: dict) -> None:
    """Pairwise precision / recall / F1 of the linked cases against the planted campaigns."""
    from graphfraud.analysis.linking import link_cases

    groups = timed(times, "link_cases", link_cases, store, min_size=1)
    lp = pairwise([g["cases"] for g in groups], gt["campaigns"])
    if not any(gt["campaigns"]):    # no reports in the folder: nothing to link
        lp = {"precision": None, "recall": None, "f1": None}
    row.update({"link_precision": lp["precision"], "link_recall": lp["recall"], "link_f1": lp["f1"]})


def measure_trace(times: dict, row: dict, store, gt: dict) -> None:
    """Share of victims whose forward trace reaches one (all) of the cash-out accounts their money reached."""
    from graphfraud.analysis.trace import trace, trace_keys
    from graphfraud.errors import NotFound

    victims = [v for v in gt["victims"] if v.get("account") and v.get("cashout_reached")]
    reached = reached_all = 0
    t0 = time.perf_counter()
    for v in victims:
        try:
            keys = {val for typ, val in trace_keys(trace(store, v["account"], evidence=False))
                    if typ == "account"}
        except NotFound:   # the victim's account is in no file loaded (no statement of it was asked for)
            keys = set()
        hit = set(v["cashout_reached"]) & keys
        reached += bool(hit)
        reached_all += hit == set(v["cashout_reached"])
    times["trace_total"] = round(time.perf_counter() - t0, 3)
    times["trace_mean"] = round(times["trace_total"] / max(1, len(victims)), 4)
    row["trace_recall"] = reached / len(victims) if victims else None
    row["trace_recall_all"] = reached_all / len(victims) if victims else None
    row["victims_traced"] = len(victims)


def measure_organizers(times: dict, row: dict, store, view, gt: dict, clusters: list[dict]) -> list[dict]:
    """Share of the planted cash-out accounts among the top 3×K organisers; returns the organisers."""
    from graphfraud.analysis.organizers import organizers

    k = len(gt["organisations"])
    orgs = timed(times, "organizers", organizers, store, top=5, communities=clusters, view=view,
                 explain=False)
    top = {(o["type"], o["value"]) for o in orgs[:3 * k]}
    cash = {("account", a) for a in gt["cashout"]}
    row["organizer_cashout_coverage"] = len(top & cash) / len(cash) if cash else None
    return orgs
