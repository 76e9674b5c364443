"""How much each shared node says that two cases are the work of the same people.

:mod:`~graphfraud.analysis.linking` collects *postings* (which cases reach which
identifier, account, device or caller, and how); this module turns the nodes two
cases share into weighted *evidence items* and a pair's *link score*.

Evidence is weighed by **how close to the victims it is**. What the victims were
told and whom they paid (a phone, account, social account or website a report
names; the scam phone that called them; the account their money went into, or
the next one) is the work of the people who scammed them. Infrastructure further
down the chain is often rented out to several operations at once: a laundering
service's cash-out account collects the money of many groups' mules, a device
farm logs into many groups' accounts. So the items fall into *families*:

``identifier``
    shared named identifiers (noisy-OR of the items: two names shared are two
    pieces of evidence);
``caller``
    the same phone called both victims (or called one victim and is named in
    the other report): the strongest such item. A phone that called both (base
    0.45) does not link two cases on its own: scam centres dial many people who
    are not their victims, and victims talk with ordinary phones the day they pay;
``money``
    the victims' money meets within :data:`CLOSE_DEPTH` transfers of the victims'
    payments (the account the victim paid, or the next one): the strongest item
    (money that meets at an account also meets everywhere downstream of it: one
    piece of evidence);
``infrastructure``
    the money meets only further down the chain, or the cases' suspect accounts
    were used from the same device or IP address: the strongest item, capped at
    :data:`INFRA_CAP`, below the link threshold.

A pair's link score is the noisy-OR of its families, ``1 - Π(1 - family)``.
Infrastructure alone therefore never links two cases; it adds to evidence closer
to the victims, and is reported between campaigns as their ``related`` relation.
"""

from __future__ import annotations

import math
from collections import defaultdict

BASE = {"shared_identifier": 0.9, "related_identifier": 0.7, "money_flow": 0.9, "device_reuse": 0.5,
        "ip_reuse": 0.3, "caller_named": 0.85, "caller": 0.45}
HOP_DECAY = 0.8
MIN_ITEM = 0.05
SIGNIFICANT_SHARE = 0.25     # a money share at or above this is fully significant
CLOSE_DEPTH = 2              # money meeting within this many transfers of the victims' payments is close
INFRA_CAP = 0.35             # infrastructure evidence alone stays below the default threshold
FAMILY = {"shared_identifier": "identifier", "shared_caller": "caller", "money_flow": "money",
          "device_reuse": "infrastructure"}


def depth(chain) -> int:
    """Transfers between a case's victim and the node a chain reaches (the mention hop excluded)."""
    return sum(1 for h in chain if h["edge"].type == "transfer")


def upstream(chain) -> set:
    """Accounts a chain's money passed through before its last account (the victim excluded)."""
    hops = [h for h in chain if h["edge"].type == "transfer"]
    return {h["to"] for h in hops[:-1]}


def is_infrastructure(label: str, chain_a, chain_b) -> bool:
    """True for evidence further from the victims than the accounts they paid or the next one."""
    if label == "device_reuse":
        return True
    return label == "money_flow" and max(depth(chain_a), depth(chain_b)) > CLOSE_DEPTH


def _item_weight(kind, node, base_w, xa, xb, da, db):
    """(label, weight) of one shared node for one pair of cases; weight None when it says nothing."""
    if kind == "money_flow":
        return "money_flow", BASE["money_flow"] * base_w * min(1.0, min(xa, xb) / SIGNIFICANT_SHARE)
    if kind == "device_reuse":
        if xa[0] == xb[0]:   # the same account reached by both: money flow says that, not reuse
            return "device_reuse", None
        w = (BASE["device_reuse"] if node[0] == "device" else BASE["ip_reuse"]) * base_w \
            * min(1.0, min(xa[1], xb[1]) / SIGNIFICANT_SHARE)
        return "device_reuse", w
    if kind == "shared_caller":
        if xa == xb == "named":     # both reports name it: a shared identifier, counted there
            return "shared_caller", None
        return "shared_caller", BASE["caller" if xa == xb == "called" else "caller_named"] * base_w
    role_w = BASE["shared_identifier" if xa == xb == "suspect" else "related_identifier"]
    return "shared_identifier", role_w * base_w * HOP_DECAY ** max(0, da + db - 2)


def _met_before(label, chain_a, chain_b) -> bool:
    """Deep money that had met before: implied by the earlier meeting, no evidence of its own."""
    return label == "money_flow" and is_infrastructure(label, chain_a, chain_b) \
        and bool(upstream(chain_a) & upstream(chain_b))


def idf(df: int, n_cases: int) -> float:
    """1 when two cases share a node, falling as more and more cases do."""
    return min(1.0, math.log(1 + n_cases / df) / math.log(1 + n_cases / 2)) if n_cases > 2 else 1.0


def pair_items(shared, focus_of, n_cases) -> dict:
    """(case a, case b) -> {(label, node): (weight, chain a, chain b, fact)} for every shared node."""
    pairs: dict[tuple, dict] = defaultdict(dict)
    for (kind, node), cs in sorted(shared.items()):
        base_w = idf(len(cs), n_cases) * focus_of.get((kind, node), 0.0)
        if base_w * 0.9 < MIN_ITEM:
            continue
        members = sorted(cs)
        for i, a in enumerate(members):
            da, chain_a, xa = cs[a]
            for b in members[i + 1:]:
                db, chain_b, xb = cs[b]
                label, w = _item_weight(kind, node, base_w, xa, xb, da, db)
                if w is None or w < MIN_ITEM or _met_before(label, chain_a, chain_b):
                    continue
                item = pairs[(a, b)].get((label, node))
                if item is None or item[0] < w:
                    fact = (xa[0], xb[0]) if label == "device_reuse" else node
                    pairs[(a, b)][(label, node)] = (w, chain_a, chain_b, fact)
    return pairs


def families(items: dict, tied=frozenset()) -> dict[str, float]:
    """family -> its value for one pair's items (see the module docstring); money meeting deep at
    an account in ``tied`` counts as close (:mod:`~graphfraud.analysis.linking_upstream`)."""
    out: dict[str, float] = {}
    ident = 1.0
    for (label, _node), (w, ca, cb, _fact) in items.items():
        if label == "shared_identifier":
            ident *= 1 - w
            continue
        deep = is_infrastructure(label, ca, cb) and not (label == "money_flow" and _node in tied)
        fam = "infrastructure" if deep else FAMILY[label]
        if fam == "infrastructure":
            w = min(w, INFRA_CAP)
        out[fam] = max(out.get(fam, 0.0), w)
    if ident < 1.0:
        out["identifier"] = 1 - ident
    return out


def score(items: dict, tied=frozenset()) -> float:
    """A pair's link score: the noisy-OR of its families."""
    p = 1.0
    for w in families(items, tied).values():
        p *= 1 - w
    return 1 - p
