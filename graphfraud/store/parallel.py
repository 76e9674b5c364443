"""Parallel links drawn in part: of the edges of one type between the same two nodes, which are read
in full, and what all of them add up to.

A graph page draws the edges of one type between two nodes as one link. An account that logged in
18,000 times from one device, or a statement's thousands of cash withdrawals (an account's edges to
itself), would otherwise cost 18,000 edges read with their properties and evidence for one line on
the page. :func:`cap_parallel` keeps the first ``shown`` of each group (the largest amounts, then the
earliest, then by id) and totals every group it cut: how many, how many kept, the exact sum of the
amounts, the first and last time. The stores give it the edges' ends, times and amounts only
(:meth:`graphfraud.store.base.Store.links_among`), and read in full only the edges kept.

>>> rows = [(str(i), "login", ("account", "a"), ("device", "d"), 100 + i, None) for i in range(5)]
>>> keep, totals = cap_parallel(rows, shown=2)
>>> sorted(keep), totals[(("account", "a"), ("device", "d"), "login")]
(['0', '1'], {'n': 5, 'shown': 2, 'amount': None, 'first': 100, 'last': 104})
"""

from __future__ import annotations

from decimal import Decimal

from graphfraud.model import OWN_EDGE_TYPES
from graphfraud.textfmt import parse_decimal

OWN_SHOWN = 20   # an account's withdrawals (deposits) drawn at most: the largest; all are counted


def shown_for(src, dst, etype: str, shown: int | None, own_shown: int = OWN_SHOWN) -> int | None:
    """How many edges of a group are kept: an account's own withdrawals or deposits at most
    ``own_shown`` (always), any other group ``shown`` (``None``: all)."""
    if src == dst and etype in OWN_EDGE_TYPES:
        return own_shown if shown is None else min(shown, own_shown)
    return shown


def cap_parallel(rows, shown: int | None = None, own_shown: int = OWN_SHOWN) -> tuple[set, dict]:
    """``rows`` are ``(edge id, type, src, dst, ts, amount)``; return the ids kept and, for every
    group ``(src, dst, type)`` with more edges than it keeps, ``{"n", "shown", "amount" (exact
    text; ``None`` when none has one), "first", "last"}``. An account's own withdrawals (deposits) are totalled whenever there
    is one, so that a page can say what they add up to."""
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r[2], r[3], r[1]), []).append(r)
    keep: set = set()
    totals: dict = {}
    for (src, dst, etype), group in groups.items():
        k = shown_for(src, dst, etype, shown, own_shown)
        own = src == dst and etype in OWN_EDGE_TYPES
        if k is None or (len(group) <= k and not own):   # kept whole: its amounts are not even parsed
            keep.update(r[0] for r in group)
            continue
        amounts = [parse_decimal(r[5]) for r in group]
        order = sorted(range(len(group)), key=lambda i: (-(amounts[i] or Decimal(0)), group[i][4] or 0,
                                                          group[i][0]))
        keep.update(group[i][0] for i in order[:k])
        times = [r[4] for r in group if r[4] is not None]
        totals[(src, dst, etype)] = {
            "n": len(group), "shown": min(len(group), k),
            "amount": None if all(a is None for a in amounts)
            else str(sum((a for a in amounts if a is not None), Decimal(0))),
            "first": min(times) if times else None, "last": max(times) if times else None}
    return keep, totals
