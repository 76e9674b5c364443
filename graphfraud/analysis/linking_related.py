"""Campaigns that share infrastructure: the ``related`` relation between groups of cases.

Shared infrastructure further down the chain (an account where the money of
several campaigns meets, a device or IP address their mules were used from) does
not merge two campaigns (:mod:`~graphfraud.analysis.linking_score`), but it is
worth knowing: the same laundering service or device farm serves both. Each group
lists the other groups it shares such evidence with::

    related: [{group, kind, via: [{type, value}], weight, cases: [a, b], chain}]

``kind`` is ``money_flow`` (both campaigns' money reached the account ``via``)
or ``device_reuse`` (suspect accounts of both used the device or IP ``via``);
``cases`` is the strongest pair of cases (one in each group) sharing it, and
``chain`` the edges from one case to the shared node and on to the other, each
with its file, sheet and row. At most :data:`RELATED_PER_GROUP` shared nodes are
listed for each other group, strongest first.
"""

from __future__ import annotations

from collections import defaultdict

from graphfraud.analysis.linking_score import is_infrastructure

MIN_RELATED = 0.1          # weaker shared infrastructure is not reported
RELATED_PER_GROUP = 3


def related_items(kept, pairs, tied) -> dict[tuple, dict]:
    """(group i, group j) -> {(label, node): (weight, a, b, chain a, chain b)}, i != j, for shared
    infrastructure between cases listed in different groups and never together in one."""
    where: dict[str, set] = defaultdict(set)
    for gi, g in enumerate(kept):
        for c in g:
            where[c].add(gi)
    out: dict[tuple, dict] = defaultdict(dict)
    for (a, b), items in sorted(pairs.items()):
        ga, gb = where.get(a, set()), where.get(b, set())
        if not ga or not gb or ga & gb:
            continue
        for (label, node), (w, ca, cb, _fact) in items.items():
            if w < MIN_RELATED or not is_infrastructure(label, ca, cb) or node in tied.get((a, b), ()):
                continue
            for i in ga:
                for j in gb:
                    for x, y, cx, cy, ka, kb in ((i, j, ca, cb, a, b), (j, i, cb, ca, b, a)):
                        prev = out[(x, y)].get((label, node))
                        if prev is None or w > prev[0]:
                            out[(x, y)][(label, node)] = (w, ka, kb, cx, cy)
    return out


def related_json(kept, items, hop_json) -> dict[int, list]:
    """group index -> its ``related`` list (see the module docstring)."""
    out: dict[int, list] = defaultdict(list)
    for (i, j), by_node in sorted(items.items()):
        best = sorted(by_node.items(), key=lambda kv: (-kv[1][0], kv[0]))[:RELATED_PER_GROUP]
        for (label, node), (w, a, b, ca, cb) in best:
            out[i].append({"group": j + 1, "kind": label, "via": [{"type": node[0], "value": node[1]}],
                           "weight": round(w, 4), "cases": [a, b],
                           "chain": [hop_json(h) for h in ca] + [hop_json(h) for h in reversed(cb)]})
    return out


def related_hops(items) -> list:
    """Every hop of the chains :func:`related_json` will show (to read their provenance at once)."""
    return [h for by_node in items.values() for (_w, _a, _b, ca, cb) in by_node.values() for h in ca + cb]
