"""The JSON of :func:`~graphfraud.analysis.linking.link_cases`: groups, victims, evidence chains, bridges.

Each group: ``{group, size, cases, victims, total_loss, date_range, evidence,
bridges, bridge_evidence, related}``. ``evidence`` lists the strongest items of every
linked pair of the group; a pair of cases listed together in two groups (two
bridges) is shown in both. ``bridges`` are the group's cases that are also
listed in another group; ``bridge_evidence`` says for each of them which groups
list it and, for each of those groups, the strongest item linking it there.
``related`` names the other groups it shares infrastructure with
(:mod:`~graphfraud.analysis.linking_related`).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from graphfraud.analysis.linking_related import related_hops, related_items, related_json
from graphfraud.analysis.tracer import fmt_amount, positive_amount


def _chosen(kept, strong, pairs, scores, evidence_per_link) -> dict[int, list]:
    """group index -> [((a, b), score, strongest items)] for the linked pairs inside each group."""
    where: dict[str, list] = defaultdict(list)
    for gi, g in enumerate(kept):
        for c in g:
            where[c].append(gi)
    chosen: dict[int, list] = defaultdict(list)
    for a, b in strong:
        both = sorted(set(where.get(a, ())) & set(where.get(b, ())))
        if not both:
            continue
        items = sorted(pairs[(a, b)].items(), key=lambda kv: (-kv[1][0], kv[0][0], kv[0][1]))
        for gi in both:
            chosen[gi].append(((a, b), scores[(a, b)], items[:evidence_per_link]))
    return chosen


def _hop_json_maker(store, chosen, extra_hops=()):
    from graphfraud.normalize.timestamp import format_epoch

    edge_ids = sorted({h["edge"].id for lst in chosen.values() for _, _, items in lst
                       for _, (_, ca, cb, _f) in items for h in ca + cb} | {h["edge"].id for h in extra_hops})
    prov = store.provenance(edge_ids) if edge_ids else {}

    def hop_json(h) -> dict:
        e = h["edge"]
        p = (prov.get(e.id) or [{}])[0]
        out = {"edge": e.type, "from": {"type": h["from"][0], "value": h["from"][1]},
               "to": {"type": h["to"][0], "value": h["to"][1]}}
        if e.ts is not None:
            out["time"] = format_epoch(e.ts)
        if e.amount is not None:
            out["amount"] = e.amount
        if e.type == "mention" and e.props.get("role"):
            out["role"] = e.props["role"]
        out.update({"file": p.get("file"), "sheet": p.get("sheet"), "row": p.get("row")})
        return out

    return hop_json


def _victims_and_loss(cases, g, basis) -> tuple[list, Decimal, list]:
    victims, loss, dates = [], Decimal(0), []
    for cid in g:
        c = cases[cid]
        v = {"case": cid, "name": c.props.get("victim_name")}
        for t in ("account", "phone"):
            vals = sorted({key[1] for key, _ in c.victims if key[0] == t})
            if vals:
                v[t] = vals[0] if len(vals) == 1 else vals
        if basis.get(cid):
            v["loss_matched_by"] = basis[cid]
        victims.append(v)
        amt = positive_amount(c.props.get("amount_lost"))
        if amt:
            loss += amt
        if c.props.get("report_date") is not None:
            try:
                dates.append(int(c.props["report_date"]))
            except (TypeError, ValueError):
                pass
    return victims, loss, dates


def _evidence_json(links, hop_json) -> list[dict]:
    evidence = []
    for (a, b), score, items in links:
        for (kind, node), (w, ca, cb, _fact) in items:
            chain = [hop_json(h) for h in ca] + [hop_json(h) for h in reversed(cb)]
            evidence.append({"cases": [a, b], "via": [{"type": node[0], "value": node[1]}], "kind": kind,
                             "weight": round(w, 4), "link_score": round(score, 4), "chain": chain})
    return evidence


def _bridge_json(kept, bridges, chosen, hop_json) -> dict[int, list]:
    """group index -> [{case, groups, evidence}] for the group's bridges."""
    listed: dict[str, list] = defaultdict(list)
    for gi, g in enumerate(kept):
        for c in g:
            if c in bridges:
                listed[c].append(gi)
    out: dict[int, list] = defaultdict(list)
    for x in sorted(listed):
        if len(listed[x]) < 2:
            continue
        why = []
        for gi in listed[x]:
            links = [lk for lk in chosen.get(gi, []) if x in lk[0]]
            if not links:
                continue
            pair, score, items = min(links, key=lambda lk: (-lk[1], lk[0]))
            ev = _evidence_json([(pair, score, items[:1])], hop_json)[0]
            ev["group"] = gi + 1
            ev["linked_cases"] = sorted({c for lk in links for c in lk[0]} - {x})
            why.append(ev)
        entry = {"case": x, "groups": [gi + 1 for gi in listed[x]], "evidence": why}
        for gi in listed[x]:
            out[gi].append(entry)
    return out


def groups_json(store, cases, groups, bridges, strong, pairs, scores, min_size, evidence_per_link,
                basis=None, tied=None) -> list[dict]:
    """The groups of at least ``min_size`` cases as JSON (see the module's docstring)."""
    from graphfraud.normalize.timestamp import format_epoch

    kept = [g for g in groups if len(g) >= min_size]
    chosen = _chosen(kept, strong, pairs, scores, evidence_per_link)
    shared = related_items(kept, pairs, tied or {})
    hop_json = _hop_json_maker(store, chosen, related_hops(shared))
    why = _bridge_json(kept, bridges, chosen, hop_json)
    related = related_json(kept, shared, hop_json)
    result = []
    for gi, g in enumerate(kept):
        victims, loss, dates = _victims_and_loss(cases, g, basis or {})
        entries = why.get(gi, [])
        result.append({
            "group": gi + 1, "size": len(g), "cases": g, "victims": victims, "total_loss": fmt_amount(loss),
            "date_range": ([format_epoch(min(dates))[:10], format_epoch(max(dates))[:10]] if dates
                           else [None, None]),
            "evidence": _evidence_json(chosen.get(gi, []), hop_json),
            "bridges": [e["case"] for e in entries],
            "bridge_evidence": entries,
            "related": related.get(gi, []),
        })
    return result
