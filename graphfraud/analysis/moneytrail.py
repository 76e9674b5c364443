"""Where reported victims' money went: a time-respecting trail over the whole graph.

Every reported case whose victim account is in the graph is traced forward with
:func:`graphfraud.analysis.trace.run_trace` (the same rules as ``graphfraud
trace``: money moves on only through transfers made after it arrived and within
the dwell window, split in proportion, a transfer's amount a capacity) from the
payments that make up the reported loss:

* the report's window: ``lookback`` (30 days) before the report date to the day
  after it (every payment of the victim when the report has no date);
* within it, the payments to the account the report names as the suspect's come
  first (a report names the account the victim was told to pay, and the amount);
* then, counting back from the report, further payments until the reported loss
  is covered (``amount_lost``; all payments in the window when no loss is given).

The traces are read from the graph in memory (:class:`ViewStore`), so this costs
a few milliseconds per victim. What they carried is summed per transfer (capped
at the transfer's amount: two victims' traces never claim more than a transfer
moved) and then per account:

``traced_in``   victims' money that reached the account (over all cases);
``traced_out``  of it, what the account passed on (within the dwell window);
``depth``       the fewest transfers between a victim and the account (1 = paid by a victim);
``cases``       how many reported cases' money reached it;
``stays``       money whose trail ends in the account (nothing moved on: it stayed);
``exits``       money the account sent out of the chain: abroad, or described as a
                cash withdrawal or a crypto purchase (see :func:`trace.hop_kind`);
``chain``       the strongest trail from a victim to the account (edge positions), the
                evidence an analyst checks row by row.

Second-tier (and deeper) mules never receive from a victim, but the trail reaches
them; cash-out accounts are where it ends (``stays`` + ``exits``). Deterministic:
cases are traced in id order and ties keep the first trail found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from graphfraud.analysis.graphview import GraphView

__all__ = ["MoneyTrail", "money_trail", "DEFAULT_LOOKBACK"]

DEFAULT_LOOKBACK = 30 * 86400
TRAIL_HOPS = 6                # victim -> up to four tiers of mules -> cash-out -> exit
LOSS_TOLERANCE = Decimal("0.05")


@dataclass
class MoneyTrail:
    """Per account row (``row`` maps a node index to it, -1 for non-accounts)."""

    traced_in: np.ndarray
    traced_out: np.ndarray
    depth: np.ndarray            # fewest hops from a victim (inf where never reached)
    cases: np.ndarray            # number of cases whose money reached the account
    stays: np.ndarray
    exits: np.ndarray
    carried: np.ndarray          # per edge of the view: victims' money it carried
    chain: dict = field(default_factory=dict)        # row -> edge positions, victim first
    case_ids: dict = field(default_factory=dict)     # row -> sorted case ids

    @property
    def traced(self) -> bool:
        return bool(self.carried.any())


def _case_windows(gv: GraphView, lookback: int):
    """Per case node: (case id, report epoch or None, loss or None, victim accounts, named accounts)."""
    M = gv.edges_of_type("mention")
    role = gv.edge_prop("role", M)
    acc = gv.type_code("account")
    by_case: dict[int, tuple[list, list]] = {}
    for k, r in zip(M.tolist(), role):
        c, x = int(gv.src[k]), int(gv.dst[k])
        if gv.ntype[x] != acc or gv.type_of(c) != "case":
            continue
        victims, named = by_case.setdefault(c, ([], []))
        if r == "victim":
            victims.append(x)
        elif r == "suspect":
            named.append(x)
    out = []
    for c in sorted(by_case, key=lambda i: gv.values[i]):
        victims, named = by_case[c]
        if not victims:
            continue
        props = gv.props_of(c)
        rdate = _int(props.get("report_date"))
        out.append((gv.values[c], rdate, _positive(props.get("amount_lost")), sorted(set(victims)),
                    {gv.node(x) for x in named}))
    return out


def _int(x):
    try:
        return int(x) if x is not None else None
    except (TypeError, ValueError):
        return None


def _positive(x) -> Decimal | None:
    from graphfraud.analysis.trace import _dec

    return _dec(x)


def _loss_payments(probe_rows: list, named: set, loss: Decimal | None) -> set | None:
    """Edge ids of the payments that make up a reported loss (None: every payment in the window)."""
    if loss is None:
        return None
    first = [r for r in probe_rows if r[2].dst in named]
    rest = sorted((r for r in probe_rows if r[2].dst not in named), key=lambda r: (-r[0], r[1]))
    chosen, cum = set(), Decimal(0)
    for ts, eid, _e, amt in sorted(first, key=lambda r: (-r[0], r[1])) + rest:
        if cum >= loss * (1 - LOSS_TOLERANCE):
            break
        chosen.add(eid)
        cum += amt
    return chosen


def _trace_case(vs, victim_key, since, until, named, loss, dwell, cache):
    from graphfraud.analysis.trace import _Tracer, run_trace

    probe = _Tracer(vs, False, 1, dwell, Decimal(0), 0.0, since, until, cache)
    start_ids = _loss_payments(probe.starts(victim_key), named, loss)
    return run_trace(vs, victim_key, since=since, until=until, max_hops=TRAIL_HOPS, max_dwell=dwell,
                     min_amount_share=0.01, cache=cache, start_ids=start_ids)


def money_trail(gv: GraphView, row: np.ndarray, n_rows: int, lookback: int = DEFAULT_LOOKBACK,
                max_dwell: int | None = None) -> MoneyTrail:
    """Trace every reported victim's loss through the graph and sum what reached each account."""
    from graphfraud.analysis.trace import DEFAULT_MAX_DWELL
    from graphfraud.analysis.viewstore import ViewStore

    dwell = DEFAULT_MAX_DWELL if max_dwell is None else int(max_dwell)
    vs = ViewStore(None, gv)
    pos = {eid: k for k, eid in enumerate(gv.eid.tolist())}
    carried = np.zeros(gv.m)
    stays, exits = np.zeros(n_rows), np.zeros(n_rows)
    depth = np.full(n_rows, np.inf)
    best: dict[int, tuple[float, list]] = {}
    reach: dict[int, set] = {}
    cache: dict = {}
    for cid, rdate, loss, victims, named in _case_windows(gv, lookback):
        since = rdate - lookback if rdate is not None else None
        until = rdate + 86400 if rdate is not None else None
        for v in victims:
            tr = _trace_case(vs, gv.node(v), since, until, named, loss, dwell, cache)
            seen: dict[tuple, float] = {}
            for parcel, kind in tr.ends:
                ids = []
                for hop, (e, got) in enumerate(parcel.route):
                    ids.append(pos[e.id])
                    key = tuple(ids)
                    amt = float(got)
                    if key not in seen:
                        seen[key] = amt
                    r = int(row[int(gv.dst[ids[-1]])])
                    if r >= 0:
                        depth[r] = min(depth[r], hop + 1)
                        reach.setdefault(r, set()).add(cid)
                        if amt > best.get(r, (-1.0, None))[0]:
                            best[r] = (amt, list(ids))
                _end(gv, row, parcel, kind, ids, stays, exits)
            for key, amt in seen.items():
                carried[key[-1]] += amt
    carried = np.minimum(carried, np.nan_to_num(gv.amount, nan=0.0))
    return _per_account(gv, row, n_rows, carried, depth, stays, exits, best, reach)


def _end(gv, row, parcel, kind, ids, stays, exits) -> None:
    """Where a trail ends: money that stays in an account, or leaves the chain from it."""
    if kind == "unknown" and ids:
        r = int(row[int(gv.dst[ids[-1]])])
        if r >= 0:
            stays[r] += float(parcel.amount)
    elif kind in ("abroad", "cashout") and ids:
        r = int(row[int(gv.src[ids[-1]])])
        if r >= 0:
            exits[r] += float(parcel.amount)


def _per_account(gv, row, n_rows, carried, depth, stays, exits, best, reach) -> MoneyTrail:
    T = gv.edges_of_type("transfer")
    s, d = row[gv.src[T]], row[gv.dst[T]]
    ok = (s >= 0) & (d >= 0) & (s != d)
    c = carried[T][ok]
    traced_in = np.bincount(d[ok], c, minlength=n_rows)
    traced_out = np.bincount(s[ok], c, minlength=n_rows)
    n_cases = np.zeros(n_rows)
    for r, cs in reach.items():
        n_cases[r] = len(cs)
    return MoneyTrail(traced_in=traced_in, traced_out=traced_out, depth=depth, cases=n_cases, stays=stays,
                      exits=exits, carried=carried, chain={r: ids for r, (_a, ids) in best.items()},
                      case_ids={r: sorted(cs) for r, cs in reach.items()})
