"""The same phone in contact with two cases' victims: postings of callers for case linking.

A scam centre's phones call one victim after another; a report names the number
that called (sometimes), and the call records hold every call. So two cases are
linked when the same phone **called both victims** (or was called by them) in
the loss window, or called one victim and is named in the other report. Only a
conversation counts: a call of less than :data:`MIN_TALK` seconds (unanswered,
hung up at once: a scam centre dials many people who do not fall for it) talked
nobody into paying.

``post[("shared_caller", phone)][case] = (1, chain, role)`` with role ``called``
(a call between the phone and the case's victim; chain: the case's victim
mention, then the call with its file and row) or ``named`` (the report names
the phone as the suspect's). Only phones in contact with at least one victim
are posted.

How much a shared caller says (:func:`caller_focus`) falls with the number of
*other* people it was in contact with, ``1 / (1 + other / OTHER_CONTACTS)``: a
scam phone that called twenty people keeps about half its weight; a delivery
driver's or a call centre's number in contact with hundreds keeps almost none.
It also falls to half when those calls go both ways (:func:`one_way_factor`): a
scam centre's phone calls out and is seldom called back, where a relative's, a
friend's or a shop's phone is called about as often as it calls.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from graphfraud.analysis.linking_evidence import hop
from graphfraud.analysis.time_window import DAY_S, window

OTHER_CONTACTS = 40.0    # other contacts at which a caller keeps half its weight
CALL_SLACK = 86400       # calls up to a day after the report date still count
CALL_TO_PAYMENT = 86400  # a call counts when a payment of the victim's loss followed it within this time
MIN_TALK = 60            # seconds: a shorter call (unanswered, hung up) talked nobody into paying
TWO_WAY = (0.2, 0.35)    # share of the calls going the less usual way: full weight below, floor above
TWO_WAY_FLOOR = 0.5      # what a phone whose calls go both ways keeps of its weight as a shared caller
MIN_OTHER_CALLS = 5      # fewer calls with people outside the cases say nothing of how they go


def _until(c) -> int | None:
    rdate = c.props.get("report_date")
    try:
        return int(rdate) + CALL_SLACK if rdate is not None else None
    except (TypeError, ValueError):
        return None


def _talked(e) -> bool:
    """Whether a call was a conversation: :data:`MIN_TALK` seconds or more (or of unknown length)."""
    d = (e.props or {}).get("duration_s")
    try:
        return d is None or d == "" or float(d) >= MIN_TALK
    except (TypeError, ValueError):
        return True


def payment_windows(edges) -> tuple[list, list]:
    """The times the payments ``edges`` can have been made at, for :func:`_counts`: ``(latest,
    earliest)`` of each, in order of the latest (a payment whose file gave only the date can have
    been made at any time that day, see :mod:`graphfraud.analysis.time_window`)."""
    spans = sorted({(hi, lo) for lo, hi in (window(e) for e in edges)})
    return [hi for hi, _ in spans], [lo for _, lo in spans]


def _counts(e, paid, until, lookback) -> bool:
    """Whether the call ``e`` counts for a case (see :func:`call_postings`): it can have come before
    one of the ``paid`` payments (:func:`payment_windows`), by at most :data:`CALL_TO_PAYMENT`."""
    if e.ts is None:
        return False
    first, last = window(e)
    if until is not None and first > until:
        return False
    his, los = paid or ([], [])
    if not his:
        return until is not None and last >= until - CALL_SLACK - lookback
    j = bisect_left(his, first)
    while j < len(his) and his[j] - DAY_S < last + CALL_TO_PAYMENT:   # a window spans at most a day
        if los[j] <= last + CALL_TO_PAYMENT:
            return True
        j += 1
    return False


def call_postings(store, cases, ids, paid: dict, lookback: int, post) -> None:
    """Fill ``post`` with the callers in contact with the cases' victims (see the module docstring).

    ``paid``: case -> the :func:`payment_windows` of the victim's payments that are the case's
    loss; a call counts when one of them followed it within :data:`CALL_TO_PAYMENT` (a case whose
    loss was not found in the transfers: a call in the ``lookback`` before the report).
    """
    phones: dict[tuple, list] = defaultdict(list)    # victim phone -> [(case, mention edge)]
    for cid in ids:
        for key, e in cases[cid].victims:
            if key[0] == "phone":
                phones[key].append((cid, e))
    if not phones:
        return
    until = {cid: _until(cases[cid]) for cid in ids}

    found: dict[tuple, dict] = defaultdict(dict)
    for e in store.incident(sorted(phones), types=("call",)):
        for here, there in ((e.dst, e.src), (e.src, e.dst)):
            if here not in phones or there in phones or there[0] != "phone":
                continue
            if not _talked(e):
                continue
            for cid, mention in phones[here]:
                if not _counts(e, paid.get(cid), until[cid], lookback):
                    continue
                prev = found[there].get(cid)
                if prev is None or (e.ts or 0, e.id) < prev[0]:
                    found[there][cid] = ((e.ts or 0, e.id), [hop(mention, ("case", cid), here),
                                                              hop(e, here, there)])
    for phone, by_case in found.items():
        for cid, (_key, chain) in by_case.items():
            post[("shared_caller", phone)][cid] = (1, chain, "called")
    for cid in ids:
        for key, e, role in cases[cid].suspects:
            if key in found and role == "suspect":
                post[("shared_caller", key)][cid] = (1, [hop(e, ("case", cid), key)], "named")


def caller_focus(store, nodes, footprint: set) -> dict:
    """("shared_caller", phone) -> weight factor from the phone's contacts outside any case: how
    many there are (:data:`OTHER_CONTACTS`) and whether its calls with them go both ways
    (:func:`one_way_factor`)."""
    contacts: dict[tuple, set] = defaultdict(set)
    made: dict[tuple, int] = defaultdict(int)       # calls with people outside the cases, by the phone
    received: dict[tuple, int] = defaultdict(int)   # ... and to it
    wanted = set(nodes)
    for e in store.incident(sorted(wanted), types=("call",)):
        for here, there, count in ((e.src, e.dst, made), (e.dst, e.src, received)):
            if here in wanted:
                contacts[here].add(there)
                if there not in footprint:
                    count[here] += 1
    out = {}
    for node in wanted:
        other = sum(1 for x in contacts.get(node, ()) if x not in footprint)
        out[("shared_caller", node)] = (1.0 / (1.0 + other / OTHER_CONTACTS)
                                        * one_way_factor(made[node], received[node]))
    return out


def one_way_factor(made: int, received: int) -> float:
    """How much a phone's calls with people outside the cases look like a scam centre's: 1 when
    they go one way (a scam phone calls out and is seldom called back; a fake hotline is called and
    seldom calls), falling to :data:`TWO_WAY_FLOOR` where they go both ways as much as an ordinary
    phone's do (a relative, a friend or a shop that two victims happened to be in contact with
    before they paid). Fewer than :data:`MIN_OTHER_CALLS` such calls say nothing (1).

    >>> one_way_factor(40, 2), one_way_factor(3, 1), one_way_factor(6, 6)
    (1.0, 1.0, 0.5)
    """
    total = made + received
    if total < MIN_OTHER_CALLS:
        return 1.0
    two_way = min(made, received) / total
    lo, hi = TWO_WAY
    step = min(1.0, max(0.0, (two_way - lo) / (hi - lo)))
    return 1.0 - (1.0 - TWO_WAY_FLOOR) * step
