"""Which of a victim's payments are the loss, across all the reports at once.

:func:`~graphfraud.analysis.linking_evidence.loss_payments` matches one report's
loss to the victim's payments it describes (to the account the report names,
else counting back from the report date). A victim scammed twice in a few weeks
(a "recovery" scam: a second group promises to get the money back) often files
**one** report naming one account: the payments to the other group are in the
victim's statement, but not in what the report describes.

An investigator checks the victim's statement against the accounts other reports
already know: a payment in the loss window to an account that **another** report
names as the suspect's, or that another reported victim paid as their loss, is a
payment to a known scam account, and part of this victim's loss too
(:func:`case_losses`). Two exceptions:

* a victim who filed several reports described each loss in its own report: no
  payment is added to any of them (which report a payment none of them names
  belongs to cannot be told). Reports of one victim are those naming the same
  victim account or the same victim phone: a victim reporting a second scam
  often gives only the phone the first report also gave;
* a payment to another case's victim says nothing about the scam;
* a report whose stated loss the payments it describes already add up to (the
  payments to the account it names, or the latest ones before it) describes one
  scam in full: a payment to a known scam account made in the same days (from a
  day before the first described payment to a day after the last) is the same
  scam, the group having the victim pay several of its accounts; one made days
  before or after is a second scam the victim did not report here. It stays out
  of the loss, and the case is listed beside that group as a secondary link
  (:mod:`~graphfraud.analysis.linking_secondary`), which never merges two groups.
"""

from __future__ import annotations

from decimal import Decimal

from graphfraud.analysis.linking_evidence import (
    LOSS_TOLERANCE,
    loss_payments,
    loss_window,
    victim_accounts_of,
)
from graphfraud.analysis.time_window import DAY_S
from graphfraud.analysis.tracer import Tracer

SAME_VICTIM = ("account", "phone")   # reports naming the same victim account or phone: one victim


def _window_payments(store, accounts, since, until, dwell, cache) -> list:
    """Every payment (ts, edge id, edge, amount) of the victim accounts in the window."""
    pays = []
    for key, _m in accounts:
        probe = Tracer(store, False, 1, dwell, Decimal(0), 0.0, since, until, cache)
        pays += probe.starts(key)
    return pays


def case_losses(store, cases, ids, lookback: int, dwell: int, cache: dict) -> dict:
    """case -> (edge ids of its loss payments or None for every payment of the window, basis).

    First each report alone (:func:`~graphfraud.analysis.linking_evidence.loss_payments`);
    then every case whose loss is a set of payments gets the payments of its window to a
    known scam account (see the module docstring).
    """
    return case_losses_and_rest(store, cases, ids, lookback, dwell, cache)[0]


def case_losses_and_rest(store, cases, ids, lookback: int, dwell: int, cache: dict) -> tuple[dict, dict]:
    """(:func:`case_losses`, case -> edge ids of the other payments of its window): what the victim
    paid in the loss window beyond what its report describes, to accounts that are no reported
    victim's, for cases whose loss is a set of payments of a victim who filed one report."""
    first: dict = {}
    pays: dict = {}
    stated: dict = {}           # case -> the loss its report states (None: none)
    for cid in ids:
        accounts, since, until, loss = loss_window(cases[cid], lookback)
        stated[cid] = loss
        if not accounts:
            first[cid] = (None, None)
            pays[cid] = []
            continue
        first[cid] = loss_payments(store, cases[cid], accounts, since, until, dwell, cache, loss)
        pays[cid] = _window_payments(store, accounts, since, until, dwell, cache)
    victims = victim_accounts_of(cases)
    reporting: dict = {}        # victim account or phone -> the cases naming it as their victim
    for cid in ids:
        for key, _ in cases[cid].victims:
            if key[0] in SAME_VICTIM:
                reporting.setdefault(key, set()).add(cid)
    known_by: dict = {}         # account -> cases that know it (name it, or their loss paid it)
    for cid in ids:
        chosen = first[cid][0]
        for acct in cases[cid].named_accounts():
            known_by.setdefault(acct, set()).add(cid)
        for _ts, eid, e, _amt in pays[cid]:
            if chosen is not None and eid in chosen:
                known_by.setdefault(e.dst, set()).add(cid)
    out, rest = {}, {}
    for cid in ids:
        chosen, basis = first[cid]
        if chosen is None:
            out[cid] = first[cid]
            continue
        own = {key for key, _ in cases[cid].victims if key[0] in SAME_VICTIM}
        if any(reporting[key] - {cid} for key in own):
            out[cid] = first[cid]       # the victim filed several reports: each describes its own loss
            continue
        near = _described_days(stated[cid], pays[cid], chosen)
        extra = {eid for ts, eid, e, _amt in pays[cid]
                 if eid not in chosen and e.dst not in victims and known_by.get(e.dst, set()) - {cid}
                 and (near is None or ts is None or near[0] <= ts <= near[1])}
        out[cid] = (chosen | extra, basis)
        rest[cid] = {eid for _ts, eid, e, _amt in pays[cid] if eid not in out[cid][0] and e.dst not in victims}
    return out, rest


def _described_days(loss, pays: list, chosen: set) -> tuple | None:
    """Where the report states its ``loss`` and the payments ``chosen`` as that loss add up to it:
    the times from a day before the first of them to a day after the last (payments to other known
    scam accounts in those days are the same scam; earlier or later ones are another). Else None."""
    mine = [(ts, amt) for ts, eid, _e, amt in pays if eid in chosen]
    if not loss or sum((amt for _ts, amt in mine), Decimal(0)) < loss * (1 - LOSS_TOLERANCE):
        return None
    times = [ts for ts, _amt in mine if ts is not None]
    return (min(times) - DAY_S, max(times) + DAY_S) if times else None
