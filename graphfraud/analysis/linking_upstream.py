"""Is money meeting deep in the chain one network's, or a service shared by several?

Two cases' money may meet only several transfers after the victims' payments. In
one organisation that is where its tiers of mules converge; but it is also where
a laundering service's cash-out account collects the money of several separate
organisations. The difference is upstream: one organisation's mules pass money
among themselves (every victim's money, reported or not, goes round the same
tiers), while two organisations that only share a cash-out account have no
transfers between their mules.

:func:`tied_upstream` answers, for each deep meeting point ``x`` of two cases, whether
the accounts each case's money passed through before ``x`` are **tied without**
``x``: within :data:`TIE_HOPS` transfers of each other (either direction, any
victim's money) among the accounts the reported victims' money reached, ``x``
itself left out. A tied deep meeting is evidence of one network, as close as the
accounts the victims paid; an untied one is shared infrastructure.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from graphfraud.analysis.linking_score import is_infrastructure, upstream
from graphfraud.analysis.tracer import positive_amount

TIE_HOPS = 2
PASS_SHARE = Decimal("0.9")   # a tie passes on at least this share of money the sender had just received
PASS_WINDOW = 86400           # ... within this time before


def _near(adj, start: set, goal: set, without) -> bool:
    """Whether some node of ``goal`` is within TIE_HOPS of ``start`` in ``adj`` avoiding ``without``."""
    seen, frontier = set(start), set(start)
    for _ in range(TIE_HOPS):
        nxt = set()
        for n in frontier:
            for m in adj.get(n, ()):
                if m != without and m not in seen:
                    seen.add(m)
                    nxt.add(m)
        if nxt & goal:
            return True
        frontier = nxt
    return False


def _passing(edges, dwell: int) -> list:
    """The transfers that pass money on: the sender received at least :data:`PASS_SHARE` of the
    amount within ``dwell`` seconds before (a mule forwarding a victim's money, not its holder's own payment)."""
    paid = [(e, positive_amount(e.amount)) for e in edges if e.ts is not None]   # each amount read once
    paid = [(e, amt) for e, amt in paid if amt]
    inflow: dict[tuple, list] = defaultdict(list)
    for e, amt in paid:
        inflow[e.dst].append((e.ts, amt))
    out = []
    for e, amt in paid:
        need = amt * PASS_SHARE
        if any(e.ts - dwell <= t <= e.ts and got >= need for t, got in inflow.get(e.src, ())):
            out.append(e)
    return out


def tied_upstream(store, reached: set, pairs: dict, dwell: int = PASS_WINDOW) -> set:
    """{(case a, case b, account)} of deep money meetings whose upstream accounts are tied without it."""
    deep = [(a, b, node, ca, cb) for (a, b), items in pairs.items()
            for (label, node), (_w, ca, cb, _f) in items.items()
            if label == "money_flow" and is_infrastructure(label, ca, cb)]
    if not deep:
        return set()
    adj: dict[tuple, set] = defaultdict(set)
    edges = list({e.id: e for e in store.incident(sorted(reached), types=("transfer",))}.values())
    for e in _passing(edges, dwell):
        if e.src in reached and e.dst in reached and e.src != e.dst:
            adj[e.src].add(e.dst)
            adj[e.dst].add(e.src)
    out = set()
    for a, b, node, ca, cb in deep:
        ua, ub = upstream(ca) - {node}, upstream(cb) - {node}
        if ua and ub and _near(adj, ua, ub, node):
            out.add((a, b, node))
    return out
