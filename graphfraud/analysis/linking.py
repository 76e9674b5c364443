"""Group reported cases into campaigns: which reports are the work of the same people?

``link_cases(store)`` compares every reported case (``case`` node) with every
other through four kinds of evidence:

``shared_identifier``
    Both cases name the same phone, account, social account, URL, e-mail, IP or
    device as the suspect's (``mention`` edges with role ``suspect``; role
    ``related`` from transaction files counts too), or identifiers that are tied
    to each other within ``k`` hops through identity edges (``social_link``,
    ``registered``, ``owns``): a Zalo account named in one report is the phone
    named in another.
``shared_caller``
    The same phone called both victims, or called one victim and is named in the
    other report; a call counts when it lasted a minute or more and a payment of
    the victim's loss followed it within a day
    (:mod:`~graphfraud.analysis.linking_calls`).
``money_flow``
    The victims' money reaches a common account: from each victim account the
    payments that are the loss (in the loss window, ``lookback`` before the report
    date up to the day after it) are traced with :mod:`~graphfraud.analysis.trace`
    — time respecting, through the victim's payment and up to ``k`` + 2 onward
    transfers.
``device_reuse``
    Suspect accounts of the two cases (named in the reports, or receiving a
    significant share of the victim's money) were used from the same device or
    IP address (``login`` edges).

Each shared node ``x`` (an identifier, an account, a device, a caller) gives the
pair one *evidence item* of weight ::

    weight = base(kind) × idf(x) × focus(x) × significance × 0.8^(extra identity hops)

* ``base``: ``shared_identifier`` 0.9 (0.7 for role ``related``), ``money_flow``
  0.9, ``device_reuse`` 0.5 for a device and 0.3 for an IP, ``shared_caller``
  0.85 (named in one report, called the other victim) or 0.45 (called both: not enough alone);
* ``idf(x) = min(1, ln(1 + N/df) / ln(1 + N/2))`` — ``N`` cases in the store,
  ``df`` of them reach ``x``: 1 when two cases share it, falling as more and more
  cases do (an identifier every report names links nothing);
* ``focus(x)``: the share of ``x``'s distinct neighbours that belong to some
  case (victims, named identifiers, accounts the victims' money reached,
  the cases themselves). A merchant, an e-wallet top-up hub or a utility paid by
  thousands of other people, or a carrier-grade NAT IP shared by thousands of
  accounts, has a focus near 0 and so links nothing. Neighbours are counted over
  the edges that matter for the kind: senders of transfers into ``x`` for money,
  accounts logged in from ``x`` for devices and IPs, every non-login edge for
  named identifiers. A money account paid by only a few people outside any case
  keeps at least ``1 / (1 + others / 3)`` (a mule's unreported victims); an account's
  transfers more than a week before or after the cases' money came into it are not
  counted (a rented account's holder's own life); a caller's
  focus is ``1 / (1 + others / 40)`` over the people it was in contact with;
* ``significance`` (money and devices): ``min(1, share / 0.25)`` with ``share`` the
  smaller of the two cases' shares of their loss that reached ``x``, so a small
  everyday payment of a victim links nothing.

Items below 0.05 are dropped. Evidence is then weighed by how close to the
victims it is (:mod:`~graphfraud.analysis.linking_score`): money meeting more than
two transfers after the victims' payments, and devices or IPs, are *shared
infrastructure* (a laundering service's cash-out account, a device farm serve
many groups) — unless the mules upstream of the meeting point pass money among
themselves (:mod:`~graphfraud.analysis.linking_upstream`). A pair's **link score**
is the noisy-OR of its evidence families (named identifiers, callers, close
money, infrastructure capped at 0.35); a pair is linked when the score is at
least ``threshold`` (default **0.5**): one shared suspect phone or account named
by two victims (0.9), or money from both victims reaching the same mule, is
enough; a phone that called both victims (0.45) or shared infrastructure alone
never is. Campaigns that share
infrastructure are listed in each other's ``related``
(:mod:`~graphfraud.analysis.linking_related`).

A report giving the victim's phone and no victim account gets the accounts tied to that phone
(a customer registry, the victim's other report: :mod:`~graphfraud.analysis.linking_victims`).
Which of a victim's payments are the loss: first those the report describes
(to an account it names as the suspect's, up to the reported amount), else
counting back from the report date (:mod:`~graphfraud.analysis.linking_evidence`);
then the payments of the loss window to accounts other reports know (named as
the suspect's, or paid by another reported victim as their loss): a victim
scammed twice who reported once (:mod:`~graphfraud.analysis.linking_loss`). The victim's other
payments of the window, traced too, can list the case in a second group as a bridge, never merging
groups (:mod:`~graphfraud.analysis.linking_secondary`).

Campaigns are the connected components of the linked pairs, split at *bridge*
cases (:mod:`~graphfraud.analysis.linking_groups`): one case linked to two groups
that nothing else links (a victim scammed by two groups) is listed in both and
marked as a bridge; it never merges them. Two groups merge only through two
independent links. Cases are sorted, so the result is deterministic.
"""

from __future__ import annotations

from collections import defaultdict

from graphfraud.analysis.eval_metrics import pairwise as pairwise_scores  # noqa: F401  (the name callers use)
from graphfraud.analysis.linking_calls import call_postings, caller_focus, payment_windows
from graphfraud.analysis.linking_evidence import (
    FOOTPRINT_SHARE,
    active_periods,
    device_postings,
    expand_identities,
    focus,
    money_postings,
    victim_accounts_of,
    victim_routes,
    view_cases,
)
from graphfraud.analysis.linking_groups import group_cases
from graphfraud.analysis.linking_json import groups_json
from graphfraud.analysis.linking_loss import case_losses_and_rest
from graphfraud.analysis.linking_score import pair_items, score
from graphfraud.analysis.linking_secondary import join_secondary, secondary_links, secondary_money
from graphfraud.analysis.linking_upstream import tied_upstream
from graphfraud.analysis.linking_victims import find_victim_accounts
from graphfraud.analysis.trace import DEFAULT_MAX_DWELL, parse_duration
from graphfraud.errors import UsageError
from graphfraud.progress import counted, stage

DEFAULT_THRESHOLD = 0.5
DEFAULT_LOOKBACK = 30 * 86400
MIN_PASS_FOCUS = 0.2         # money is not followed through an account with a lower sender focus
KINDS = ("shared_identifier", "money_flow", "device_reuse", "shared_caller")


def _check(k, threshold, kinds) -> None:
    if k < 1:
        raise UsageError("k must be at least 1")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise UsageError(f"unknown evidence kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}")
    if not 0 < threshold <= 1:
        raise UsageError("threshold must be in (0, 1]")


def link_cases(store, k: int = 2, threshold: float = DEFAULT_THRESHOLD, lookback=DEFAULT_LOOKBACK,
               max_dwell=DEFAULT_MAX_DWELL, min_size: int = 2, evidence_per_link: int = 3,
               kinds=KINDS, with_scores: bool = False, progress=None) -> list[dict]:
    """Campaigns: groups of reported cases linked by shared identifiers, callers, money flow or devices.

    Each group: ``{group, cases, victims, total_loss, date_range, evidence, bridges,
    bridge_evidence, related}``; ``evidence`` lists, for each linked pair, its strongest items
    (``kind``, ``via``, ``weight``, ``chain`` of edges with file/sheet/row). A bridge
    case (linked to two groups that nothing else links) is listed in each of them and
    named in their ``bridges``. ``related`` names the other groups the group shares
    infrastructure with (a cash-out account, a device or IP). Groups smaller than
    ``min_size`` (default 2: cases linked to no other) are left out. ``progress`` (see
    graphfraud.progress) is told the steps, and the cases as their victims' money is traced.
    """
    _check(k, threshold, kinds)
    lookback_s = parse_duration(lookback)
    dwell = parse_duration(max_dwell)
    from graphfraud.analysis.viewstore import ViewStore

    store = ViewStore.wrap(store)  # every victim is traced: neighbourhoods come from the graph in memory
    stage(progress, "link.cases")
    cases = view_cases(store.view)   # from that graph too, not the snapshot read (and copied) again
    ids = sorted(cases)
    find_victim_accounts(store, cases, ids)   # a report giving the victim's phone only
    if len(ids) < 2 and min_size > 1:
        return ([], {}) if with_scores else []
    post, footprint, basis, secondary = _postings(store, cases, ids, k, lookback_s, dwell, progress)
    stage(progress, "link.score")
    shared = {pk: cs for pk, cs in post.items() if len(cs) >= 2 and pk[0] in kinds}
    focus_of = focus(store, shared, footprint, active_periods(post))
    focus_of.update(caller_focus(store, [n for kind, n in shared if kind == "shared_caller"], footprint))
    pairs = pair_items(shared, focus_of, len(ids))
    reached = {node for (kind, node), cs in post.items() if kind == "money_flow"
               and any(x >= FOOTPRINT_SHARE for _d, _c, x in cs.values())}
    tied: dict[tuple, set] = defaultdict(set)
    for a, b, node in tied_upstream(store, reached, pairs):
        tied[(a, b)].add(node)
    scores = {pair: score(items, tied.get(pair, ())) for pair, items in pairs.items()}
    strong = sorted(pr for pr, s in scores.items() if s >= threshold - 1e-12)
    groups, bridges = group_cases(ids, strong)
    extra = secondary_links(store, post, secondary, footprint, len(ids), threshold, set(strong), tied)
    if extra:   # a victim's other payments: listed in the other case's group too, never merging groups
        groups, bridges = join_secondary(groups, bridges, extra)
        for pair, (_who, s, items) in extra.items():
            pairs[pair] = {**pairs.get(pair, {}), **items}
            scores[pair] = s
        strong = sorted(set(strong) | set(extra))
    stage(progress, "link.evidence")
    out = groups_json(store, cases, groups, bridges, strong, pairs, scores, min_size, evidence_per_link,
                      basis, tied)
    if with_scores:
        return out, scores
    return out


def _postings(store, cases, ids, k, lookback_s, dwell, progress=None):
    """(postings (kind, node) -> {case: (distance, chain, extra)}, footprint, loss basis per case,
    case -> accounts its other payments reached: see linking_secondary)."""
    post: dict[tuple, dict] = defaultdict(dict)
    footprint: set = {("case", c) for c in ids}
    # 1. named identifiers and those tied to them through identity edges, up to k hops
    for cid in ids:
        footprint.update(key for key, _e in cases[cid].victims)
        footprint.update(key for key, _chain in cases[cid].found)
        footprint.update(key for key, _e, _r in cases[cid].suspects)
    expand_identities(store, cases, ids, k, post, footprint)
    # 2. the victims' money, traced through their payment and up to k onward transfers
    money_accounts, basis, paid, secondary = _money(store, cases, ids, k, lookback_s, dwell, footprint, progress)
    for cid in ids:
        for acct, (share, chain) in money_accounts[cid].items():
            post[("money_flow", acct)][cid] = (0, chain, share)
    # 3. devices and IPs of the suspect accounts
    stage(progress, "link.devices")
    device_postings(store, cases, ids, money_accounts, post)
    # 4. phones in contact with the victims in the loss window
    call_postings(store, cases, ids, paid, lookback_s, post)
    return post, footprint, basis, secondary


def _money(store, cases, ids, k, lookback_s, dwell, footprint, progress=None):
    """(case -> account -> (share, chain) its lost money reached, case -> loss basis, case -> loss times,
    case -> account -> (share, chain) its other payments reached).

    The money is not followed into another case's victim (a victim paying a victim says nothing
    about the scam). A first pass finds the accounts the money reached; then it is not followed
    through a busy account whose senders are mostly unrelated to any case (a merchant, a hub):
    past it, the victims' money is mixed with everybody else's.
    """
    cache: dict = {}
    victim_accounts = victim_accounts_of(cases)
    losses, rest = case_losses_and_rest(store, cases, ids, lookback_s, dwell, cache)
    traced = {cid: victim_routes(store, cases[cid], k, lookback_s, dwell, cache, losses[cid])
              for cid in counted(progress, ids, "link.trace", "cases")}
    reached: set = set()
    for cid in ids:
        loss, routes, _basis = traced[cid]
        for acct, (share, _chain) in money_postings(cid, loss, routes, victims=victim_accounts).items():
            if share >= FOOTPRINT_SHARE:
                reached.add(acct)
    senders = cache.get("senders", {})
    first = footprint | reached
    busy = {a for a in reached if a in senders and senders[a]
            and sum(1 for x in senders[a] if x in first) / len(senders[a]) < MIN_PASS_FOCUS}
    busy |= cache.get("busy", set())
    money_accounts: dict[str, dict] = {}
    for cid in ids:
        loss, routes, _basis = traced[cid]
        money_accounts[cid] = money_postings(cid, loss, routes, victims=victim_accounts, stop=busy)
        for acct, (share, _chain) in money_accounts[cid].items():
            if share >= FOOTPRINT_SHARE and acct not in busy:
                footprint.add(acct)
    paid = {cid: payment_windows(p.route[0][0] for _k, _m, tr in traced[cid][1] for p, _ in tr.ends if p.route)
            for cid in ids}
    secondary = secondary_money(store, cases, rest, k, lookback_s, dwell, cache, victim_accounts, busy, progress)
    return money_accounts, {cid: traced[cid][2] for cid in ids}, paid, secondary


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
                     "strongest evidence": "; ".join(kinds[:2]),
                     "bridges": ", ".join(g.get("bridges", []))})
    return rows
