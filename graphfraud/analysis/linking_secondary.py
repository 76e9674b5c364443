"""A victim's other payments: what a report does not describe can still tie its case to a group.

A victim scammed by two groups (a "recovery" scam weeks after the first) often files **one**
report, naming the account of one group. :mod:`~graphfraud.analysis.linking_loss` adds the
payments of the loss window to accounts other reports already know; when the victim paid a
mule of the second group that no other report names or paid, that payment stays out of the
loss, and the case is linked to the first group only.

Here every other payment of the window (to an account that is no reported victim's, see
:func:`~graphfraud.analysis.linking_loss.case_losses_and_rest`) is traced like the loss. Where
that money reaches an account that another case's **loss** reached, the two cases share
evidence exactly as ``money_flow`` evidence is weighed (idf, focus, significance, close money
only: shared infrastructure alone never links), and one meeting must weigh at least
:data:`MIN_STRONGEST` on its own (what the victim did not report as a loss is weaker evidence:
two weak meetings do not add up to a link). A pair linked only this way is a *secondary*
link: the case is listed in the other case's group and marked as a bridge, and never merges
two groups — a payment the victim did not report as a loss says the victim met that group,
not that the two groups are one.

>>> join_secondary([["a", "b"], ["c", "d"]], set(), {("a", "c"): "a"})
([['a', 'c', 'd'], ['a', 'b']], {'a'})
"""

from __future__ import annotations

from graphfraud.analysis.linking_evidence import (
    FOOTPRINT_SHARE,
    active_periods,
    focus,
    money_postings,
    victim_routes,
)
from graphfraud.analysis.linking_score import pair_items, score
from graphfraud.progress import counted

__all__ = ["secondary_money", "secondary_links", "join_secondary"]

MIN_STRONGEST = 0.4   # a secondary link rests on one strong meeting of the money, not weak ones adding up
_SEC = "\x00other payments"   # suffix of a case's id for its other payments: sorts like the id itself


def _shared(post: dict, secondary: dict) -> dict:
    """(money_flow, account) -> {case or case+_SEC: posting} where some case's other payments and
    another case's loss both reached the account."""
    out = {}
    for cid, reached in secondary.items():
        for acct, (share, chain) in reached.items():
            loss_cases = post.get(("money_flow", acct), {})
            if not any(c != cid for c in loss_cases):
                continue
            node = ("money_flow", acct)
            if node not in out:
                out[node] = dict(loss_cases)
            out[node][cid + _SEC] = (0, chain, share)
    return out


def secondary_links(store, post: dict, secondary: dict, footprint: set, n_cases: int, threshold: float,
                    strong: set, tied: dict) -> dict:
    """(case a, case b) -> (case whose other payments link it, score, items) for pairs not linked
    by their losses whose score, with the other payments' evidence added, reaches ``threshold``."""
    shared = _shared(post, secondary)
    if not shared:
        return {}
    active = active_periods({**post, **shared})
    focus_of = focus(store, shared, footprint, active)
    out = {}
    for (x, y), items in sorted(pair_items(shared, focus_of, n_cases).items()):
        if x.endswith(_SEC) == y.endswith(_SEC):
            continue        # two losses (already weighed) or two sets of other payments (nothing reported)
        who = (x if x.endswith(_SEC) else y)[:-len(_SEC)]
        pair = (x.removesuffix(_SEC), y.removesuffix(_SEC))
        if pair[0] == pair[1] or pair in strong:
            continue
        s = score(items, tied.get(pair, ()))
        if max(w for w, *_ in items.values()) < MIN_STRONGEST:
            continue
        if s >= threshold - 1e-12 and (pair not in out or out[pair][1] < s):
            out[pair] = (who, s, items)
    return out


def join_secondary(groups: list[list[str]], bridges: set, links) -> tuple[list[list[str]], set]:
    """Each case with a secondary link listed in the other case's group too, as a bridge.

    ``links``: (a, b) -> the case whose other payments link the pair (or a tuple starting with it)."""
    groups = [list(g) for g in groups]
    where: dict[str, set] = {}
    for gi, g in enumerate(groups):
        for c in g:
            where.setdefault(c, set()).add(gi)
    bridges = set(bridges)
    for (a, b), v in sorted(links.items()):
        who = v if isinstance(v, str) else v[0]
        other = b if who == a else a
        for gi in sorted(where.get(other, ())):
            if who in groups[gi]:
                continue
            groups[gi] = sorted(groups[gi] + [who])
            where.setdefault(who, set()).add(gi)
            bridges.add(who)
    return sorted(groups, key=lambda g: (-len(g), g)), bridges


def secondary_money(store, cases, rest: dict, k: int, lookback: int, dwell: int, cache: dict,
                    victims: set, stop: set, progress=None) -> dict:
    """case -> {account: (share, chain)} its other payments (``rest``: case -> edge ids) reached with
    a significant share, traced as the loss is (not into a victim, not past a busy account)."""
    out = {}
    for cid, eids in counted(progress, sorted(rest.items()), "link.secondary", "cases"):
        if not eids:
            continue
        _loss, routes, basis = victim_routes(store, cases[cid], k, lookback, dwell, cache, (eids, None))
        reached = money_postings(cid, None, routes, victims=victims, stop=stop)
        reached = {a: v for a, v in reached.items() if v[0] >= FOOTPRINT_SHARE}
        if reached:
            out[cid] = reached
    return out
