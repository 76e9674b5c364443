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
  belongs to cannot be told);
* a payment to another case's victim says nothing about the scam.
"""

from __future__ import annotations

from decimal import Decimal

from graphfraud.analysis.linking_evidence import loss_payments, loss_window
from graphfraud.analysis.tracer import Tracer


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
    for cid in ids:
        accounts, since, until, loss = loss_window(cases[cid], lookback)
        if not accounts:
            first[cid] = (None, None)
            pays[cid] = []
            continue
        first[cid] = loss_payments(store, cases[cid], accounts, since, until, dwell, cache, loss)
        pays[cid] = _window_payments(store, accounts, since, until, dwell, cache)
    victims = {key for c in cases.values() for key, _ in c.victims if key[0] == "account"}
    reporting: dict = {}        # victim account -> the cases naming it as their victim
    for cid in ids:
        for key, _ in cases[cid].victims:
            if key[0] == "account":
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
        own = {key for key, _ in cases[cid].victims if key[0] == "account"}
        if any(reporting[key] - {cid} for key in own):
            out[cid] = first[cid]       # the victim filed several reports: each describes its own loss
            continue
        extra = {eid for _ts, eid, e, _amt in pays[cid]
                 if eid not in chosen and e.dst not in victims and known_by.get(e.dst, set()) - {cid}}
        out[cid] = (chosen | extra, basis)
        rest[cid] = {eid for _ts, eid, e, _amt in pays[cid] if eid not in out[cid][0] and e.dst not in victims}
    return out, rest
