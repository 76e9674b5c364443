"""Group reported cases into campaigns: which reports are the work of the same people?

``link_cases(store)`` compares every reported case (``case`` node) with every
other through three kinds of evidence:

``shared_identifier``
    Both cases name the same phone, account, social account, URL, e-mail, IP or
    device as the suspect's (``mention`` edges with role ``suspect``; role
    ``related`` from transaction files counts too), or identifiers that are tied
    to each other within ``k`` hops through identity edges (``social_link``,
    ``registered``, ``owns``): a Zalo account named in one report is the phone
    named in another.
``money_flow``
    The victims' money reaches a common account: from each victim account the
    payments made in the loss window (``lookback`` before the report date, up to
    the day after it) are traced with :mod:`~graphfraud.analysis.trace` — time
    respecting, through the victim's payment and up to ``k`` onward transfers.
``device_reuse``
    Suspect accounts of the two cases (named in the reports, or receiving a
    significant share of the victim's money) were used from the same device or
    IP address (``login`` edges).

Each shared node ``x`` (an identifier, an account, a device) gives the pair one
*evidence item* of weight ::

    weight = base(kind) × idf(x) × focus(x) × significance × 0.8^(extra identity hops)

* ``base``: ``shared_identifier`` 0.9 (0.7 for role ``related``), ``money_flow``
  0.9, ``device_reuse`` 0.7;
* ``idf(x) = min(1, ln(1 + N/df) / ln(1 + N/2))`` — ``N`` cases in the store,
  ``df`` of them reach ``x``: 1 when two cases share it, falling as more and more
  cases do (an identifier every report names links nothing);
* ``focus(x)``: the share of ``x``'s distinct neighbours that belong to some
  case (victims, named identifiers, accounts the victims' money reached,
  the cases themselves). A cash-out account fed only by mules has focus 1; a
  merchant, an e-wallet top-up hub or a utility paid by thousands of other
  people, or a carrier-grade NAT IP shared by thousands of accounts, has a focus
  near 0 and so links nothing. Neighbours are counted over the edges that
  matter for the kind: senders of transfers into ``x`` for money, accounts
  logged in from ``x`` for devices and IPs, every non-login edge for named
  identifiers;
* ``significance`` (money only): ``min(1, share / 0.25)`` with ``share`` the
  smaller of the two cases' shares of their loss that reached ``x``, so a small
  everyday payment of a victim links nothing.

Items below 0.05 are dropped. A pair's **link score** is the noisy-OR of its
items, ``1 - Π(1 - weight)``; a pair is linked when the score is at least
``threshold`` (default **0.5**): one shared suspect phone or account named by
two victims (0.9), or money from both victims reaching the same mule, is enough;
weaker evidence must agree. Campaigns are the connected components of the
linked pairs (cases sorted, so the result is deterministic).
"""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal

from graphfraud.analysis.trace import (DEFAULT_MAX_DWELL, _dec, _Tracer, fmt_amount, parse_duration,
                                       run_trace)
from graphfraud.errors import UsageError

DEFAULT_THRESHOLD = 0.5
DEFAULT_LOOKBACK = 30 * 86400
BASE = {"shared_identifier": 0.9, "related_identifier": 0.7, "money_flow": 0.9, "device_reuse": 0.7,
        "ip_reuse": 0.45}
HOP_DECAY = 0.8
MIN_ITEM = 0.05
SIGNIFICANT_SHARE = 0.25     # a money share at or above this is fully significant
FOOTPRINT_SHARE = 0.05       # accounts reached with at least this share of a loss are the case's
LOSS_TOLERANCE = Decimal("0.05")
MIN_PASS_FOCUS = 0.2         # money is not followed through an account with a lower sender focus
IDENTITY_EDGES = ("social_link", "registered", "owns")
SUSPECT_ROLES = ("suspect", "related")
KINDS = ("shared_identifier", "money_flow", "device_reuse")


class _Case:
    __slots__ = ("id", "props", "victims", "suspects", "roles")

    def __init__(self, cid: str, props: dict):
        self.id = cid
        self.props = props
        self.victims: list[tuple[tuple, object]] = []    # (node, mention edge)
        self.suspects: list[tuple[tuple, object, str]] = []   # (node, mention edge, role)


def _cases(store):
    """Every case node with its mentions, read from the mention edges only."""
    from graphfraud.store.base import Edge

    g = store.graph_arrays(edge_types=("mention",))
    types = [g.node_type_names[c] for c in g.ntype.tolist()]
    values = g.values.tolist()
    cases: dict[str, _Case] = {}
    for i, t in enumerate(types):
        if t == "case":
            cases[values[i]] = _Case(values[i], g.props[i] or {})
    for eid, src, dst, ep in zip(g.eid.tolist(), g.src.tolist(), g.dst.tolist(), g.eprops.tolist()):
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


def _hop(e, frm: tuple, to: tuple) -> dict:
    return {"edge": e, "from": frm, "to": to}


def link_cases(store, k: int = 2, threshold: float = DEFAULT_THRESHOLD, lookback=DEFAULT_LOOKBACK,
               max_dwell=DEFAULT_MAX_DWELL, min_size: int = 2, evidence_per_link: int = 3,
               kinds=KINDS, with_scores: bool = False) -> list[dict]:
    """Campaigns: groups of reported cases linked by shared identifiers, money flow or device reuse.

    Each group: ``{group, cases, victims, total_loss, date_range, evidence}``;
    ``evidence`` lists, for each linked pair, its strongest items (``kind``,
    ``via``, ``weight``, ``chain`` of edges with file/sheet/row). Groups smaller
    than ``min_size`` (default 2: cases linked to no other) are left out.
    """
    if k < 1:
        raise UsageError("k must be at least 1")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise UsageError(f"unknown evidence kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}")
    if not 0 < threshold <= 1:
        raise UsageError("threshold must be in (0, 1]")
    lookback_s = parse_duration(lookback)
    dwell = parse_duration(max_dwell)
    from graphfraud.analysis.viewstore import ViewStore

    store = ViewStore.wrap(store)  # every victim is traced: neighbourhoods come from the graph in memory
    cases = _cases(store)
    ids = sorted(cases)
    n_cases = len(ids)
    if n_cases < 2 and min_size > 1:
        return []

    # postings: (kind, node) -> {case: (distance, chain, extra)}
    post: dict[tuple, dict] = defaultdict(dict)
    footprint: set = set(("case", c) for c in ids)

    # 1. named identifiers and those tied to them through identity edges, up to k hops
    for cid in ids:
        c = cases[cid]
        for key, _e in c.victims:
            footprint.add(key)
        for key, e, role in c.suspects:
            footprint.add(key)
    _expand_identities(store, cases, ids, k, post, footprint)

    # 2. the victims' money, traced through their payment and up to k onward transfers; it is not
    #    followed into another case's victim (a victim paying a victim says nothing about the scam)
    cache: dict = {}
    victim_accounts = {key for c in cases.values() for key, _ in c.victims if key[0] == "account"}
    traced = {cid: _victim_routes(store, cases[cid], k, lookback_s, dwell, cache) for cid in ids}
    #    first pass: which accounts the money reached; then the money is not followed through a
    #    busy account whose senders are mostly unrelated to any case (a merchant, a hub): past it,
    #    the victims' money is mixed with everybody else's
    reached: set = set()
    for cid in ids:
        for acct, (share, _chain) in _money_postings(cid, *traced[cid], victims=victim_accounts).items():
            if share >= FOOTPRINT_SHARE:
                reached.add(acct)
    senders = cache.get("senders", {})
    first = footprint | reached
    busy = {a for a in reached if a in senders and senders[a]
            and sum(1 for x in senders[a] if x in first) / len(senders[a]) < MIN_PASS_FOCUS}
    busy |= cache.get("busy", set())
    money_accounts: dict[str, dict] = {}
    for cid in ids:
        money_accounts[cid] = _money_postings(cid, *traced[cid], victims=victim_accounts, stop=busy)
        for acct, (share, chain) in money_accounts[cid].items():
            post[("money_flow", acct)][cid] = (0, chain, share)
            if share >= FOOTPRINT_SHARE and acct not in busy:
                footprint.add(acct)

    # 3. devices and IPs of the suspect accounts
    _device_postings(store, cases, ids, money_accounts, post)

    # weigh every node shared by two cases or more
    shared = {pk: cs for pk, cs in post.items() if len(cs) >= 2 and pk[0] in kinds}
    focus = _focus(store, shared, footprint)
    pairs: dict[tuple, dict] = defaultdict(dict)
    for (kind, node), cs in sorted(shared.items()):
        df = len(cs)
        idf = min(1.0, math.log(1 + n_cases / df) / math.log(1 + n_cases / 2)) if n_cases > 2 else 1.0
        base_w = idf * focus.get((kind, node), 0.0)
        if base_w * 0.9 < MIN_ITEM:
            continue
        members = sorted(cs)
        for i, a in enumerate(members):
            da, chain_a, xa = cs[a]
            for b in members[i + 1:]:
                db, chain_b, xb = cs[b]
                if kind == "money_flow":
                    w = BASE["money_flow"] * base_w * min(1.0, min(xa, xb) / SIGNIFICANT_SHARE)
                    label = "money_flow"
                elif kind == "device_reuse":
                    if xa[0] == xb[0]:   # the same account reached by both: money flow says that, not reuse
                        continue
                    w = (BASE["device_reuse"] if node[0] == "device" else BASE["ip_reuse"]) * base_w \
                        * min(1.0, min(xa[1], xb[1]) / SIGNIFICANT_SHARE)
                    label = "device_reuse"
                else:
                    role_w = BASE["shared_identifier" if xa == xb == "suspect" else "related_identifier"]
                    w = role_w * base_w * HOP_DECAY ** max(0, da + db - 2)
                    label = "shared_identifier"
                if w < MIN_ITEM:
                    continue
                item = pairs[(a, b)].get((label, node))
                if item is None or item[0] < w:
                    fact = (xa[0], xb[0]) if label == "device_reuse" else node
                    pairs[(a, b)][(label, node)] = (w, chain_a, chain_b, fact)
    scores = {pair: _score(items) for pair, items in pairs.items()}
    strong = sorted(pr for pr, s in scores.items() if s >= threshold - 1e-12)
    groups = _components(ids, strong)
    out = _groups_json(store, cases, groups, strong, pairs, scores, min_size, evidence_per_link)
    if with_scores:
        return out, scores
    return out


def _score(items: dict) -> float:
    """Noisy-OR of a pair's evidence items; one pair of accounts sharing many devices/IPs counts once."""
    best: dict = {}
    for (label, _node), (w, _, _, fact) in items.items():
        key = (label, fact)
        best[key] = max(best.get(key, 0.0), w)
    p = 1.0
    for w in best.values():
        p *= 1 - w
    return 1 - p


def _expand_identities(store, cases, ids, k, post, footprint) -> None:
    """Postings of named suspect identifiers and of identifiers tied to them within k hops."""
    # frontier per case: node -> (distance, chain, role)
    reach: dict[str, dict] = {}
    for cid in ids:
        c = cases[cid]
        r = {}
        for key, e, role in c.suspects:
            prev = r.get(key)
            if prev is None or (prev[2] != "suspect" and role == "suspect"):
                r[key] = (1, [_hop(e, ("case", cid), key)], role)
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
                    nxt[m] = (dist, chain + [_hop(e, n, m)], role)
            reach[cid].update(nxt)
            nxt_all[cid] = nxt
        frontier = nxt_all
    for cid in ids:
        for node, (d, chain, role) in reach[cid].items():
            post[("shared_identifier", node)][cid] = (d, chain, role)
            if d == 1:
                footprint.add(node)


def _victim_routes(store, c: _Case, k: int, lookback: int, dwell: int, cache: dict):
    """The victims' lost money, traced: (loss, [(victim key, mention edge, tracer)])."""
    accounts = [(key, e) for key, e in c.victims if key[0] == "account"]
    if not accounts:
        return None, []
    rdate = c.props.get("report_date")
    try:
        rdate = int(rdate) if rdate is not None else None
    except (TypeError, ValueError):
        rdate = None
    since = rdate - lookback if rdate is not None else None
    until = rdate + 86400 if rdate is not None else None
    loss = _dec(c.props.get("amount_lost"))
    start_ids = None
    if loss:
        # the payments that make up the reported loss: counting back from the report, the
        # victim's transfers in the window until they add up to the loss
        pays = []
        for key, _m in accounts:
            probe = _Tracer(store, False, 1, dwell, Decimal(0), 0.0, since, until, cache)
            pays += probe.starts(key)
        pays.sort(key=lambda r: (-r[0], r[1]))
        start_ids, cum = set(), Decimal(0)
        for ts, eid, _e, amt in pays:
            if cum >= loss * (1 - LOSS_TOLERANCE):
                break
            start_ids.add(eid)
            cum += amt
    traced = []
    for key, mention in accounts:
        tr = run_trace(store, key, since=since, until=until, max_hops=k + 1, max_dwell=dwell,
                       min_amount_share=0.0, cache=cache, start_ids=start_ids)
        traced.append((key, mention, tr))
    return loss, traced


def _money_postings(cid: str, loss, traced, victims=frozenset(), stop=frozenset()) -> dict:
    """Accounts the victims' money reached: account -> (share of the loss, chain from the case).

    The money is not followed into another case's victim (a victim paying a victim says
    nothing about the scam) nor past an account in ``stop`` (a busy account where the
    victims' money mixes with everybody else's).
    """
    into: dict[tuple, dict] = defaultdict(dict)   # account -> {route prefix ids: (amount, chain)}
    total = Decimal(0)
    for key, mention, tr in traced:
        total += tr.total
        for parcel, _kind in tr.ends:
            prefix = []
            chain = [_hop(mention, ("case", cid), key)]
            for e, carried in parcel.route:
                if (e.src in stop and e.src != key) or e.dst in victims:
                    break
                prefix.append(e.id)
                chain = chain + [_hop(e, e.src, e.dst)]
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


def _device_postings(store, cases, ids, money_accounts, post) -> None:
    """device/ip -> cases whose suspect accounts used it: (chain length, chain, (account, share))."""
    owners: dict[tuple, dict] = defaultdict(dict)   # account -> {case: (share, chain to the account)}
    for cid in ids:
        c = cases[cid]
        for key, e, role in c.suspects:
            if key[0] == "account":
                owners[key].setdefault(cid, (1.0, [_hop(e, ("case", cid), key)]))
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
                post[("device_reuse", e.dst)][cid] = (len(chain) + 1, chain + [_hop(e, e.src, e.dst)],
                                                      (e.src, share))


def _focus(store, shared: dict, footprint: set) -> dict:
    """Share of each shared node's distinct neighbours (over the edges that matter) that belong to a case."""
    wanted: dict[str, set] = defaultdict(set)
    for kind, node in shared:
        wanted[kind].add(node)
    types = {"money_flow": ("transfer",), "device_reuse": ("login",),
             "shared_identifier": ("mention", "call", "transfer", "social_link", "registered", "owns")}
    out = {}
    for kind in sorted(wanted):
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
                nb[here].add(there)
        for node in nodes:
            ns = nb.get(node)
            out[(kind, node)] = (sum(1 for n in ns if n in footprint) / len(ns)) if ns else 1.0
    return out


def _components(ids, strong) -> list[list[str]]:
    parent = {c: c for c in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in strong:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comp: dict[str, list] = defaultdict(list)
    for c in ids:
        comp[find(c)].append(c)
    return sorted((sorted(v) for v in comp.values()), key=lambda g: (-len(g), g[0]))


def _groups_json(store, cases, groups, strong, pairs, scores, min_size, evidence_per_link) -> list[dict]:
    from graphfraud.normalize.timestamp import format_epoch

    kept = [g for g in groups if len(g) >= min_size]
    where = {c: i for i, g in enumerate(kept) for c in g}
    chosen: dict[int, list] = defaultdict(list)
    for a, b in strong:
        if a not in where:
            continue
        items = sorted(pairs[(a, b)].items(), key=lambda kv: (-kv[1][0], kv[0][0], kv[0][1]))
        chosen[where[a]].append(((a, b), scores[(a, b)], items[:evidence_per_link]))
    edge_ids = sorted({h["edge"].id for lst in chosen.values() for _, _, items in lst
                       for _, (_, ca, cb, _f) in items for h in ca + cb})
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

    result = []
    for gi, g in enumerate(kept):
        victims, loss, dates = [], Decimal(0), []
        for cid in g:
            c = cases[cid]
            v = {"case": cid, "name": c.props.get("victim_name")}
            for t in ("account", "phone"):
                vals = sorted({key[1] for key, _ in c.victims if key[0] == t})
                if vals:
                    v[t] = vals[0] if len(vals) == 1 else vals
            victims.append(v)
            amt = _dec(c.props.get("amount_lost"))
            if amt:
                loss += amt
            if c.props.get("report_date") is not None:
                try:
                    dates.append(int(c.props["report_date"]))
                except (TypeError, ValueError):
                    pass
        evidence = []
        for (a, b), score, items in chosen.get(gi, []):
            for (kind, node), (w, ca, cb, _fact) in items:
                chain = [hop_json(h) for h in ca] + [hop_json(h) for h in reversed(cb)]
                evidence.append({"cases": [a, b], "via": [{"type": node[0], "value": node[1]}], "kind": kind,
                                 "weight": round(w, 4), "link_score": round(score, 4), "chain": chain})
        result.append({
            "group": gi + 1, "size": len(g), "cases": g, "victims": victims, "total_loss": fmt_amount(loss),
            "date_range": ([format_epoch(min(dates))[:10], format_epoch(max(dates))[:10]] if dates
                           else [None, None]),
            "evidence": evidence,
        })
    return result


def pairwise_scores(groups: list[list[str]], truth: list[list[str]], universe=None) -> dict:
    """Pairwise precision / recall / F1 of same-group case pairs against true groups."""
    def pairs_of(gs):
        out = set()
        for g in gs:
            g = sorted(set(g))
            for i, a in enumerate(g):
                for b in g[i + 1:]:
                    out.add((a, b))
        return out

    if universe is not None:
        u = set(universe)
        groups = [[c for c in g if c in u] for g in groups]
        truth = [[c for c in g if c in u] for g in truth]
    pred, true = pairs_of(groups), pairs_of(truth)
    tp = len(pred & true)
    precision = tp / len(pred) if pred else (1.0 if not true else 0.0)
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true),
            "predicted_pairs": len(pred), "correct_pairs": tp}


def campaign_rows(groups: list[dict]) -> list[dict]:
    """One summary row per campaign (for the demo and reports)."""
    rows = []
    for g in groups:
        best = sorted(g["evidence"], key=lambda e: (-e["weight"], e["kind"]))
        kinds = list(dict.fromkeys(f"{e['kind']} via {e['via'][0]['type']} {e['via'][0]['value']}"
                                   for e in best))
        rows.append({"campaign": g["group"], "cases": len(g["cases"]),
                     "case ids": ", ".join(g["cases"][:4]) + (" …" if len(g["cases"]) > 4 else ""),
                     "total loss": g["total_loss"], "reported": " – ".join(d or "?" for d in g["date_range"]),
                     "strongest evidence": "; ".join(kinds[:2])})
    return rows
