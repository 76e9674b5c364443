"""What each reported case reaches: the postings :mod:`~graphfraud.analysis.linking` compares.

A *posting* says that a case reaches a node (an identifier, an account, a device)
and how: ``post[(kind, node)][case] = (distance, chain, extra)``. Three readers
fill it:

* :func:`expand_identities`: the identifiers a report names as the suspect's and
  those tied to them within ``k`` hops of identity edges;
* :func:`victim_routes` and :func:`money_postings`: the accounts the victims'
  lost money reached (time-respecting traces, :mod:`~graphfraud.analysis.trace`);
* :func:`device_postings`: the devices and IPs the cases' suspect accounts used.

Which payments are the loss (:func:`loss_payments`): first the payments the
report *describes*, the victim's transfers in the loss window to an account the
report names as the suspect's (``mention`` role ``suspect``), counting back from
the report date until they cover ``amount_lost``; only when the report names no
account, or none of the victim's payments reaches one, the victim's transfers in
the window counting back from the report date until they cover the loss.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from graphfraud.analysis.tracer import Tracer, positive_amount, run_trace

FOOTPRINT_SHARE = 0.05       # accounts reached with at least this share of a loss are the case's
DEEP_EXTRA_HOPS = 2          # money is followed this many transfers further, to find shared cash-out points
LOSS_TOLERANCE = Decimal("0.05")
FEW_SENDERS = 3.0            # senders outside any case at which a money account keeps half its focus
ACTIVE_PAD = 7 * 86400       # an account's neighbours count this long before / after the cases' money came in
IDENTITY_EDGES = ("social_link", "registered", "owns")
SUSPECT_ROLES = ("suspect", "related")
# how a case's loss was matched to the victim's payments
LOSS_NAMED = "named_account"     # payments to the account the report names
LOSS_COUNT_BACK = "report_date"  # counting back from the report date until the loss is covered
LOSS_WINDOW = "window"           # no amount reported: every payment in the loss window


class Case:
    __slots__ = ("found", "id", "props", "suspects", "victims")

    def __init__(self, cid: str, props: dict):
        self.id = cid
        self.props = props
        self.victims: list[tuple[tuple, object]] = []    # (node, mention edge)
        self.suspects: list[tuple[tuple, object, str]] = []   # (node, mention edge, role)
        self.found: list[tuple[tuple, list]] = []    # (victim account, chain): see linking_victims

    def named_accounts(self) -> set:
        """Accounts the report names as the suspect's (role ``suspect``, not ``related``)."""
        return {key for key, _e, role in self.suspects if role == "suspect" and key[0] == "account"}


def view_cases(gv) -> dict[str, Case]:
    """Every case node with its mentions, from a :class:`~graphfraud.analysis.graphview.GraphView`
    already in memory (its mention edges only)."""
    M = gv.edges_of_type("mention")
    types = [gv.node_type_names[c] for c in gv.ntype.tolist()]
    eprops = [gv.eprops[k] for k in M.tolist()]
    return _cases(types, gv.values.tolist(), gv.props,
                  zip(gv.eid[M].tolist(), gv.src[M].tolist(), gv.dst[M].tolist(), eprops))


def _cases(types: list, values: list, props, mentions) -> dict[str, Case]:
    from graphfraud.store.base import Edge

    cases: dict[str, Case] = {}
    for i, t in enumerate(types):
        if t == "case":
            cases[values[i]] = Case(values[i], props[i] or {})
    for eid, src, dst, ep in mentions:
        if types[src] != "case":
            continue
        c = cases[values[src]]
        key = (types[dst], values[dst])
        e = Edge(str(eid), "mention", ("case", c.id), key, None, None, ep or {})
        role = (ep or {}).get("role") or "related"
        if role == "victim":
            c.victims.append((key, e))
        elif role in SUSPECT_ROLES:
            c.suspects.append((key, e, role))
    return cases


def victim_accounts_of(cases: dict) -> set:
    """Every victim account of the cases: named in their reports or found through a victim phone."""
    return {key for c in cases.values() for key, _ in c.victims + c.found if key[0] == "account"}


def hop(e, frm: tuple, to: tuple) -> dict:
    return {"edge": e, "from": frm, "to": to}


def expand_identities(store, cases, ids, k, post, footprint) -> None:
    """Postings of named suspect identifiers and of identifiers tied to them within k hops."""
    reach: dict[str, dict] = {}   # case -> node -> (distance, chain, role)
    for cid in ids:
        r = {}
        for key, e, role in cases[cid].suspects:
            prev = r.get(key)
            if prev is None or (prev[2] != "suspect" and role == "suspect"):
                r[key] = (1, [hop(e, ("case", cid), key)], role)
        reach[cid] = r
    frontier = {cid: dict(r) for cid, r in reach.items()}
    victims = {key for c in cases.values() for key, _ in c.victims}
    for dist in range(2, k + 1):
        nodes = sorted({n for f in frontier.values() for n in f if n[0] != "case"})
        if not nodes:
            break
        nbrs: dict[tuple, list] = defaultdict(list)
        for e in store.incident(nodes, types=IDENTITY_EDGES):
            nbrs[e.src].append((e, e.dst))
            nbrs[e.dst].append((e, e.src))
        nxt_all = {}
        for cid in ids:
            nxt = {}
            for n, (d, chain, role) in frontier[cid].items():
                for e, m in nbrs.get(n, ()):
                    if m in reach[cid] or m in nxt or m in victims or m[0] == "case":
                        continue
                    nxt[m] = (dist, chain + [hop(e, n, m)], role)
            reach[cid].update(nxt)
            nxt_all[cid] = nxt
        frontier = nxt_all
    for cid in ids:
        for node, (d, chain, role) in reach[cid].items():
            post[("shared_identifier", node)][cid] = (d, chain, role)
            if d == 1:
                footprint.add(node)


def _count_back(pays: list, loss: Decimal) -> set:
    """Edge ids of the latest payments (counting back from the report) that add up to the loss."""
    chosen, cum = set(), Decimal(0)
    for _ts, eid, _e, amt in sorted(pays, key=lambda r: (-r[0], r[1])):
        if cum >= loss * (1 - LOSS_TOLERANCE):
            break
        chosen.add(eid)
        cum += amt
    return chosen


def loss_payments(store, c: Case, accounts, since, until, dwell: int, cache: dict, loss):
    """(edge ids of the victim's payments that are the loss or None for all of the window, basis)."""
    pays = []
    for key, _m in accounts:
        probe = Tracer(store, False, 1, dwell, Decimal(0), 0.0, since, until, cache)
        pays += probe.starts(key)
    named = c.named_accounts()
    described = [r for r in pays if r[2].dst in named]
    if described:
        return (_count_back(described, loss) if loss else {r[1] for r in described}), LOSS_NAMED
    if not loss:
        return None, LOSS_WINDOW
    return _count_back(pays, loss), LOSS_COUNT_BACK


def loss_window(c, lookback: int):
    """(victim accounts with the chain of edges from the case to each, since, until, reported loss)
    of one case: the accounts its report names, or those found through its victim phone
    (:mod:`~graphfraud.analysis.linking_victims`)."""
    accounts = [(key, [hop(e, ("case", c.id), key)]) for key, e in c.victims if key[0] == "account"] or c.found
    rdate = c.props.get("report_date")
    try:
        rdate = int(rdate) if rdate is not None else None
    except (TypeError, ValueError):
        rdate = None
    since = rdate - lookback if rdate is not None else None
    until = rdate + 86400 if rdate is not None else None
    return accounts, since, until, positive_amount(c.props.get("amount_lost"))


def victim_routes(store, c: Case, k: int, lookback: int, dwell: int, cache: dict, start=None):
    """The victims' lost money, traced: (loss, [(victim key, chain from the case to it, tracer)], loss basis).

    ``start``: (edge ids of the loss payments, basis) when already matched
    (:func:`~graphfraud.analysis.linking_loss.case_losses`); else :func:`loss_payments`."""
    accounts, since, until, loss = loss_window(c, lookback)
    if not accounts:
        return None, [], None
    start_ids, basis = start if start is not None else loss_payments(store, c, accounts, since, until, dwell,
                                                                     cache, loss)
    traced = []
    for key, lead in accounts:
        tr = run_trace(store, key, since=since, until=until, max_hops=k + 1 + DEEP_EXTRA_HOPS, max_dwell=dwell,
                       min_amount_share=0.0, cache=cache, start_ids=start_ids)
        traced.append((key, lead, tr))
    return loss, traced, basis


def money_postings(cid: str, loss, traced, victims=frozenset(), stop=frozenset()) -> dict:
    """Accounts the victims' money reached: account -> (share of the loss, chain from the case).

    The money is not followed into another case's victim (a victim paying a victim says
    nothing about the scam) nor past an account in ``stop`` (a busy account where the
    victims' money mixes with everybody else's).
    """
    into: dict[tuple, dict] = defaultdict(dict)   # account -> {route prefix ids: (amount, chain)}
    total = Decimal(0)
    for key, lead, tr in traced:
        total += tr.total
        for parcel, _kind in tr.ends:
            prefix = []
            chain = list(lead)
            for e, carried in parcel.route:
                if (e.src in stop and e.src != key) or e.dst in victims:
                    break
                prefix.append(e.id)
                chain = chain + [hop(e, e.src, e.dst)]
                into[e.dst][tuple(prefix)] = (carried, chain)
    loss = loss or total
    if not loss:
        return {}
    out = {}
    for acct, prefixes in into.items():
        amount = sum((a for a, _ in prefixes.values()), Decimal(0))
        best = max(prefixes.values(), key=lambda x: (x[0], -len(x[1])))
        share = float(min(Decimal(1), amount / loss))
        if share > 0:
            out[acct] = (share, best[1])
    return out


def device_postings(store, cases, ids, money_accounts, post) -> None:
    """device/ip -> cases whose suspect accounts used it: (chain length, chain, (account, share))."""
    owners: dict[tuple, dict] = defaultdict(dict)   # account -> {case: (share, chain to the account)}
    for cid in ids:
        c = cases[cid]
        for key, e, _role in c.suspects:
            if key[0] == "account":
                owners[key].setdefault(cid, (1.0, [hop(e, ("case", cid), key)]))
        own = {k for k, _ in c.victims}
        for acct, (share, chain) in money_accounts[cid].items():
            if share >= FOOTPRINT_SHARE and acct not in own:
                prev = owners[acct].get(cid)
                if prev is None or share > prev[0]:
                    owners[acct][cid] = (share, chain)
    if not owners:
        return
    for e in store.incident(sorted(owners), types=("login",)):
        if e.src not in owners or e.dst[0] not in ("device", "ip"):
            continue
        for cid, (share, chain) in owners[e.src].items():
            prev = post[("device_reuse", e.dst)].get(cid)
            if prev is None or share > prev[2][1]:
                post[("device_reuse", e.dst)][cid] = (len(chain) + 1, chain + [hop(e, e.src, e.dst)],
                                                      (e.src, share))


def active_periods(post: dict) -> dict:
    """account -> (first, last) time the cases' lost money (a significant share) came into it."""
    out = {}
    for (kind, node), cs in post.items():
        if kind != "money_flow" or len(cs) < 2:
            continue
        times = [chain[-1]["edge"].ts for _d, chain, share in cs.values()
                 if share >= FOOTPRINT_SHARE and chain[-1]["edge"].ts is not None]
        if times:
            out[node] = (min(times), max(times))
    return out


def _in_period(e, here, active) -> bool:
    """Whether a transfer edge falls within :data:`ACTIVE_PAD` of ``here``'s active period (if any)."""
    span = active.get(here)
    if span is None or e.type != "transfer" or e.ts is None:
        return True
    return span[0] - ACTIVE_PAD <= e.ts <= span[1] + ACTIVE_PAD


def focus(store, shared: dict, footprint: set, active=None) -> dict:
    """Share of each shared node's distinct neighbours (over the edges that matter) that belong to a case.

    ``active``: account -> (first, last) time the cases' money came into it
    (:func:`active_periods`); an account's transfers more than :data:`ACTIVE_PAD` outside
    that period are not counted (a rented account's holder's own life before and after)."""
    active = active or {}
    wanted: dict[str, set] = defaultdict(set)
    for kind, node in shared:
        wanted[kind].add(node)
    types = {"money_flow": ("transfer",), "device_reuse": ("login",),
             "shared_identifier": ("mention", "call", "transfer", "social_link", "registered", "owns")}
    out = {}
    for kind in sorted(set(wanted) & set(types)):
        nodes = wanted[kind]
        nb: dict[tuple, set] = defaultdict(set)
        for e in store.incident(sorted(nodes), types=types[kind]):
            for here, there in ((e.src, e.dst), (e.dst, e.src)):
                if here not in nodes:
                    continue
                if kind == "money_flow" and here != e.dst:
                    continue
                if kind == "device_reuse" and there[0] != "account":
                    continue
                if not _in_period(e, here, active):
                    continue
                nb[here].add(there)
        for node in nodes:
            ns = nb.get(node)
            if not ns:
                out[(kind, node)] = 1.0
                continue
            inside = sum(1 for n in ns if n in footprint)
            out[(kind, node)] = inside / len(ns)
            if kind == "money_flow":    # a mule paid by a few people outside any case is still a mule
                out[(kind, node)] = max(out[(kind, node)], 1.0 / (1.0 + (len(ns) - inside) / FEW_SENDERS))
    return out
