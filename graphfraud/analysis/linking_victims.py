"""A report that gives the victim's phone but not the victim's account: the accounts found through it.

A victim reporting a second scam often gives only the phone the first report also
gave with the account; a bank's customer registry (KYC) gives the accounts
registered with a phone. An investigator reads the victim's statement from those
accounts, so :func:`find_victim_accounts` gives such a report the accounts tied to
its victim phone in the graph:

* an account registered with the phone (``registered`` account → phone, a KYC row);
* an account owned by a person the phone is registered to (``registered`` person →
  phone, then ``owns`` person → account): the victim of another report naming the
  same phone and an account, or a KYC customer.

More than :data:`MAX_ACCOUNTS` such accounts are not one person's (a shop's or a
family's phone): none is taken. Each account found carries the chain of edges
that ties it to the report (the report's mention of the phone, then the
registry or report rows), so the evidence built on it cites every row.
"""

from __future__ import annotations

from collections import defaultdict

from graphfraud.analysis.linking_evidence import hop

MAX_ACCOUNTS = 3   # more accounts behind one victim phone are not one person's


def find_victim_accounts(store, cases: dict, ids) -> None:
    """Set ``found`` of every case whose report names a victim phone and no victim account: a list
    of (account, chain from the case to it) (see the module docstring)."""
    want: dict[tuple, list] = defaultdict(list)    # victim phone -> [(case, mention edge)]
    for cid in ids:
        c = cases[cid]
        if any(key[0] == "account" for key, _e in c.victims):
            continue
        for key, e in c.victims:
            if key[0] == "phone":
                want[key].append((cid, e))
    if not want:
        return
    holders: dict[tuple, list] = defaultdict(list)   # phone -> registered edges into it
    for e in store.incident(sorted(want), types=("registered",)):
        if e.dst in want and e.src[0] in ("account", "person"):
            holders[e.dst].append(e)
    persons = sorted({e.src for es in holders.values() for e in es if e.src[0] == "person"})
    owned: dict[tuple, list] = defaultdict(list)      # person -> owns edges to accounts
    for e in store.incident(persons, types=("owns",)) if persons else ():
        if e.dst[0] == "account":
            owned[e.src].append(e)
    for phone, reports in sorted(want.items()):
        leads = _leads(phone, holders.get(phone, ()), owned)
        if not leads or len(leads) > MAX_ACCOUNTS:
            continue
        for cid, mention in reports:
            cases[cid].found = [(acct, [hop(mention, ("case", cid), phone)] + leads[acct]) for acct in sorted(leads)]


def _leads(phone: tuple, registered, owned: dict) -> dict:
    """account -> the hops from the phone to it (the first found, in edge order)."""
    leads: dict[tuple, list] = {}
    for r in registered:
        if r.src[0] == "account":
            leads.setdefault(r.src, [hop(r, phone, r.src)])
            continue
        for o in owned.get(r.src, ()):
            leads.setdefault(o.dst, [hop(r, phone, r.src), hop(o, r.src, o.dst)])
    return leads
