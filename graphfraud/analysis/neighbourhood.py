"""The neighbourhood of some nodes, a few hops out, with a cap on how many nodes it keeps.

What ``export --around`` and ``--case`` draw. Breadth first from the start
nodes; at each hop every frontier node offers its neighbours not kept yet
(flagged ones first, then people, accounts and phones before IPs and devices,
then by key), and the frontier nodes take turns, one neighbour each, so a hub
with 200,000 counterparties cannot crowd out the others. Once the cap is
reached, what is left of each node's turn is counted in ``hidden`` (drawn as a
"+N" placeholder) instead of being kept.

The work is linear in the neighbours the hops visit: they are read without the
edges' contents (:meth:`graphfraud.store.base.Store.neighbour_keys`), turns run
over the nodes that still have candidates, and a node's remaining candidates are
counted once, when the cap stops it.

>>> class Star:  # one hub, five counterparties
...     def neighbour_keys(self, keys):
...         hub = ("account", "hub")
...         return {hub: {("account", f"c{i}") for i in range(5)}} if hub in keys else {}
>>> kept, hidden, omitted = around(Star(), [("account", "hub")], hops=1, cap=3)
>>> [v for _, v in kept], hidden[("account", "hub")], omitted
(['hub', 'c0', 'c1'], 3, 3)
"""

from __future__ import annotations

from collections import Counter

_LAST_TYPES = ("ip", "device")  # shared infrastructure: drawn after people, accounts and phones


def around(store, starts, hops: int, cap: int | None, flagged=frozenset()):
    """``(kept, hidden, omitted)``: the nodes kept in visiting order, how many neighbours each kept
    node had left out by the cap, and how many distinct nodes were left out."""
    kept: dict = dict.fromkeys(tuple(s) for s in starts)
    hidden: Counter = Counter()
    dropped: set = set()
    frontier = list(kept)
    for _ in range(hops):
        if not frontier:
            break
        cand = _candidates(store, frontier, kept)
        queues = [(f, sorted(cand[f], key=lambda k: (k not in flagged, k[0] in _LAST_TYPES, k), reverse=True))
                  for f in frontier if cand[f]]
        frontier = _take_turns(queues, kept, cap, hidden, dropped)
    return list(kept), hidden, len(dropped.difference(kept))


def _candidates(store, frontier: list, kept: dict) -> dict:
    """Each frontier node's neighbours not kept yet."""
    found = store.neighbour_keys(sorted(set(frontier)))
    return {f: [k for k in found.get(f, ()) if k not in kept] for f in frontier}


def _take_turns(queues: list, kept: dict, cap: int | None, hidden: Counter, dropped: set) -> list:
    """Frontier nodes take one neighbour each in turn (each queue is reversed: its next one is
    last) until the cap; return the nodes newly kept (the next frontier)."""
    nxt: list = []
    while queues:
        still = []
        for f, q in queues:
            while q and q[-1] in kept:
                q.pop()
            if not q:
                continue
            if cap is not None and len(kept) >= cap:
                rest = [x for x in q if x not in kept]
                hidden[f] += len(rest)
                dropped.update(rest)
                continue
            there = q.pop()
            kept[there] = None
            nxt.append(there)
            if q:
                still.append((f, q))
        queues = still
    return nxt
