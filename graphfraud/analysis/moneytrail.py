"""Where reported victims' money went: a time-respecting trail over the whole graph.

Every reported case whose victim account is in the graph is traced forward with
:func:`graphfraud.analysis.trace.run_trace` (the same rules as ``graphfraud
trace``: money moves on only through transfers made after it arrived and within
the dwell window, split in proportion, a transfer's amount a capacity) from the
payments that make up the reported loss:

* the report's window: ``lookback`` (30 days) before the report date to the day
  after it (every payment of the victim when the report has no date);
* within it, the loss is matched as ``link-cases`` matches it
  (:func:`graphfraud.analysis.linking_evidence.loss_payments`): the payments to the
  account the report names as the suspect's, else counting back from the report
  until the reported loss is covered (all payments in the window when none is given).

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

import numpy as np

from graphfraud.analysis.graphview import GraphView

__all__ = ["DEFAULT_LOOKBACK", "MoneyTrail", "money_trail"]

DEFAULT_LOOKBACK = 30 * 86400
TRAIL_HOPS = 6                # victim -> up to four tiers of mules -> cash-out -> exit


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


def money_trail(gv: GraphView, row: np.ndarray, n_rows: int, lookback: int = DEFAULT_LOOKBACK,
                max_dwell: int | None = None) -> MoneyTrail:
    """Trace every reported victim's loss through the graph and sum what reached each account."""
    from graphfraud.analysis.linking_evidence import loss_payments, loss_window, view_cases
    from graphfraud.analysis.trace import DEFAULT_MAX_DWELL, run_trace
    from graphfraud.analysis.viewstore import ViewStore

    dwell = DEFAULT_MAX_DWELL if max_dwell is None else int(max_dwell)
    vs = ViewStore(None, gv)
    sums = _Sums(gv, row, n_rows, vs)
    cache: dict = {}
    for cid, case in sorted(view_cases(gv).items()):
        accounts, since, until, loss = loss_window(case, lookback)
        if not accounts:
            continue
        start_ids, _basis = loss_payments(vs, case, accounts, since, until, dwell, cache, loss)
        for key, _mention in accounts:
            sums.add(cid, run_trace(vs, key, since=since, until=until, max_hops=TRAIL_HOPS, max_dwell=dwell,
                                    min_amount_share=0.01, cache=cache, start_ids=start_ids))
    return sums.result()


class _Sums:
    """What the traces carried, summed per transfer and per account."""

    def __init__(self, gv: GraphView, row: np.ndarray, n_rows: int, vs):
        self.gv, self.row, self.n_rows = gv, row, n_rows
        self.vs = vs   # the ViewStore the traces read: it knows the position of every edge it gave out
        self.carried = np.zeros(gv.m)
        self.stays, self.exits = np.zeros(n_rows), np.zeros(n_rows)
        self.depth = np.full(n_rows, np.inf)
        self.best: dict[int, tuple[float, list]] = {}
        self.reach: dict[int, set] = {}

    def add(self, cid: str, tr) -> None:
        """One trace: each parcel's route counted once per distinct route prefix (a parcel that
        splits shares its prefix with its siblings), the best route kept per account."""
        gv, row = self.gv, self.row
        seen: dict[tuple, float] = {}
        for parcel, kind in tr.ends:
            ids: list[int] = []
            for hop, (e, got) in enumerate(parcel.route):
                ids.append(self.vs.position(e))
                amt = seen.setdefault(tuple(ids), float(got))
                r = int(row[int(gv.dst[ids[-1]])])
                if r >= 0:
                    self.depth[r] = min(self.depth[r], hop + 1)
                    self.reach.setdefault(r, set()).add(cid)
                    if amt > self.best.get(r, (-1.0, None))[0]:
                        self.best[r] = (amt, list(ids))
            _end(gv, row, parcel, kind, ids, self.stays, self.exits)
        for key, amt in seen.items():
            self.carried[key[-1]] += amt

    def result(self) -> MoneyTrail:
        carried = np.minimum(self.carried, np.nan_to_num(self.gv.amount, nan=0.0))
        return _per_account(self.gv, self.row, self.n_rows, carried, self.depth, self.stays, self.exits,
                            self.best, self.reach)


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
