"""Organisers: the identifiers that control an organisation cluster.

For every cluster of :func:`graphfraud.analysis.communities.communities` that
holds at least one flagged mule account (or a case naming a member as the
suspect's), its members are scored by how directly they show control, and the
``top`` best of each cluster are listed with their reasons:

``cash_out`` (accounts, up to 1.0)
    a money sink: most of its inflow comes from mule accounts (inflow weighted by
    the senders' mule scores) and the money leaves the chain there — sent to
    foreign banks, for crypto or cash (see :mod:`graphfraud.analysis.mules`), or
    not sent on at all: ``score = mule_inflow_share × (0.3 + 0.7 × leaves) × collects``, where
    ``collects`` (up to 1) compares the chain's money it gathered with what one flagged mule passes
    on, so a shop paid once by a rented mule's own life is no cash-out point. A flagged mule is not its
    own organiser (score 0), unless it pays at least half of the victims' money traced to it into the
    wider economy (accounts many people outside the chain pay: a P2P crypto seller, a shop, a hub), as a
    cash-out account does in an export without descriptions, or to accounts that only it pays and that
    send nothing on, as a cash-out account paying its own account abroad does in an export without
    banks (``leaves`` counts those shares too).

``drives_mules`` (devices up to 0.9, IP addresses up to 0.7)
    used to log in to several mule accounts: ``share of its accounts that are
    mules × min(1, mule accounts / 3)``. IPs weigh less: NAT and CGNAT put
    unrelated people behind one address.

``scam_phone`` (phones, up to 0.8)
    calls reported victims' phones and is named as the suspect's phone in reports;
    foreign numbers rank higher (``× (0.75 + 0.25 × foreign)``):
    ``min(1, (victims called + reports naming it) / 4)``.

``scam_handle`` (social accounts, up to 0.8)
    named as the suspect in reports, or linked to a scam phone:
    ``min(1, (reports naming it + scam phones linked) / 2)``.

The caps order the kinds of evidence: the account where the money ends shows
control most directly, then the device operating the mules, then the phones
and handles that ran the scam, then a shared IP address. Output:
``[{type, value, score, community, reasons: [{signal, key, params, text, evidence}]}]``,
highest score first (ties by community, type, value). An account where reported
victims' money ends that belongs to no cluster is listed too, with community 0.
"""

from __future__ import annotations

import numpy as np

from graphfraud.analysis.graphview import GraphView, Positions
from graphfraud.analysis.moneytrail import TRAIL_HOPS
from graphfraud.analysis.reason_text import reason
from graphfraud.progress import counted, stage
from graphfraud.store.sorted_keys import distinct

__all__ = ["CAPS", "organizers"]

CAPS = {"cash_out": 1.0, "device": 0.9, "ip": 0.7, "scam_phone": 0.8, "scam_handle": 0.8}
COLLECTS_SHARE = 0.25   # a cash-out point collects at least this share of what a flagged mule passes on
ECONOMY_SENDERS = 5     # an account paid by at least this many accounts ...
ECONOMY_OUTSIDE = 1 / 3  # ... at least a third of them neither suspicious nor reported victims, and it is
                        # neither itself: the wider economy. A third, not nearly all: the cash-out accounts of
                        # several organisations buying at one P2P seller are flagged (they pass the money on)
                        # and can be most of its customers; what keeps a rented mule out is its own score
ECONOMY_LEAVES = 0.5    # a flagged account that pays this share of the victims' money there is a cash-out point


def organizers(store, top: int = 5, seed: int = 42, communities=None, view: GraphView | None = None,
               algorithm: str = "leiden", threshold: float | None = None, explain: bool = True,
               progress=None) -> list[dict]:
    """Top ``top`` organiser candidates of every organisation cluster, best first.

    ``communities``: clusters already computed by :func:`communities` on the same store (else they
    are computed with ``algorithm`` and ``seed``). ``threshold``: mule threshold (default
    :data:`graphfraud.analysis.mules.DEFAULT_THRESHOLD`). ``progress`` (see graphfraud.progress) is
    told the steps: scoring accounts, clusters, candidates, then the evidence of each cluster.
    """
    from graphfraud.analysis.communities import communities as _communities
    from graphfraud.analysis.mules import DEFAULT_THRESHOLD, score_accounts
    from graphfraud.errors import UsageError

    if top < 1:
        raise UsageError("--top must be at least 1")
    gv = view if view is not None else GraphView.from_store(store)
    thr = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    sc = score_accounts(gv, progress)
    if communities is None:
        communities = _communities(store, algorithm=algorithm, min_size=3, seed=seed, view=gv, progress=progress)
    stage(progress, "organizers.candidates")
    label = np.zeros(gv.n, dtype=np.int64)
    for c in communities:
        for mbr in c["members"]:
            i = gv.index_of(mbr["type"], mbr["value"])
            if i is not None:
                label[i] = int(c["id"])

    mule = np.zeros(gv.n)
    mule[sc.accounts] = sc.score
    flagged = np.zeros(gv.n, dtype=bool)
    flagged[sc.accounts] = np.round(sc.score, 4) >= thr
    candidates: list[tuple[float, int, str, dict]] = []   # (score, node, signal, facts)
    candidates += _cash_out(gv, sc, mule, flagged)
    candidates += _drivers(gv, mule, flagged)
    candidates += _scam_phones_and_handles(gv)

    # clusters that hold fraud: a flagged mule, or a case naming a member as the suspect's
    fraud = set(label[flagged].tolist())
    trail = sc.extra["trail"]   # ... or an account where reported victims' money ends
    ends = (trail.stays + trail.exits) > 0.5 * np.maximum(trail.traced_in, 1e-9)
    fraud |= set(label[sc.accounts[ends & (trail.traced_in > 0)]].tolist())
    M = gv.edges_of_type("mention")
    for k, role in zip(M.tolist(), gv.edge_prop("role", M)):
        if role == "suspect":
            fraud.add(int(label[int(gv.dst[k])]))
    fraud.discard(0)

    by_cluster: dict[int, list] = {}
    for score, i, signal, facts in candidates:
        cid = int(label[i])
        # an account where reported victims' money ends, or leaves the chain, is listed even in no cluster
        # (community 0)
        ends_money = signal == "cash_out" and facts["traced_in"] > 0 and (
            facts["ends_here"] > 0.5 or max(facts["economy"], facts["own_sink"]) >= ECONOMY_LEAVES)
        if score > 0 and (cid in fraud or (cid == 0 and ends_money)):
            by_cluster.setdefault(cid, []).append((score, i, signal, facts))
    out = []
    for cid, items in counted(progress, sorted(by_cluster.items()), "organizers.evidence", "clusters"):
        items.sort(key=lambda x: (-round(x[0], 4), int(x[1])))
        for score, i, signal, facts in (items if cid == 0 else items[:top]):
            out.append({"type": gv.type_of(i), "value": gv.values[i], "score": round(float(score), 4),
                        "community": cid, "reasons": _reasons(gv, store, i, signal, facts, explain)})
    out.sort(key=lambda r: (-r["score"], r["community"], r["type"], r["value"]))
    return out


# ============================================================================ candidates


def _cash_out(gv: GraphView, sc, mule: np.ndarray, flagged: np.ndarray):
    st = sc.stats
    x = sc.extra
    T, s, d = x["T"], x["Ts"], x["Td"]
    na = len(sc.accounts)
    a = np.nan_to_num(gv.amount[T], nan=0.0)
    trail = x["trail"]
    carried = trail.carried[T]          # the reported victims' money each transfer carried on
    payers = payers_of(sc)              # shared by the rules below: one sort of every transfer
    economy_rows = _economy(sc, payers)
    # how much of its inflow is mule money, or reported victims' money traced to it (whoever sent it),
    # not counting what came through the wider economy: past a P2P seller or a shop it is everybody's
    ms = np.where(economy_rows, 0.0, mule[sc.accounts])
    mule_in = np.bincount(d, a * ms[s], minlength=na)
    traced = st["traced_share"] * (1.0 - _past_the_economy(s, d, carried, economy_rows))
    share = np.maximum(np.divide(mule_in, st["in_amount"], out=np.zeros(na), where=st["in_amount"] > 0), traced)
    fl = flagged[sc.accounts]
    from_flagged = np.bincount(d[fl[s]], a[fl[s]], minlength=na)
    pairs = distinct(s[fl[s]].astype(np.int64) * na + d[fl[s]])
    senders = np.bincount(pairs % na, minlength=na)
    # the money leaves the chain here (abroad, crypto, cash), or the victims' money traced to it ends here
    ends_here = np.divide(trail.stays + trail.exits, trail.traced_in, out=np.zeros(na), where=trail.traced_in > 0)
    leaves = np.maximum(np.where(st["out_amount"] > 0, st["exit_share"], 1.0), np.minimum(ends_here, 1.0))
    collects = _collects(mule_in, trail.traced_in, st["out_amount"][fl])
    economy = _into_the_economy(sc, s, d, carried, economy_rows)
    own_sink = _into_its_own_sinks(sc, s, d, carried, payers[2])
    leaves = np.maximum(leaves, np.maximum(economy, own_sink))
    score = share * (0.3 + 0.7 * leaves) * collects
    # a flagged mule is a mule, not its organiser; unless the victims' money leaves the chain from it
    score = np.where(fl & (np.maximum(economy, own_sink) < ECONOMY_LEAVES), 0.0, score) * CAPS["cash_out"]
    out = []
    rows = np.nonzero(score > 0.05)[0].tolist()
    by_d, by_s = (Positions(d), Positions(s)) if rows else (None, None)   # each row's transfers, found once
    for r in rows:
        out.append((float(score[r]), int(sc.accounts[r]), "cash_out", {
            "row": r, "mule_share": float(share[r]), "mule_senders": int(senders[r]), "collects": float(collects[r]),
            "mule_in": float(from_flagged[r]),
            "leaves": float(leaves[r]), "exit_amount": float(st["exit_amount"][r]),
            "out_amount": float(st["out_amount"][r]), "in_amount": float(st["in_amount"][r]),
            "traced_in": float(st["traced_in"][r]), "ends_here": float(min(1.0, ends_here[r])),
            "economy": float(economy[r]), "own_sink": float(own_sink[r]),
            "chain": trail.chain.get(r, []), "cases": trail.case_ids.get(r, []),
            "T": T, "s": s, "d": d, "exit_tx": x["exit_tx"], "flagged": fl, "by_d": by_d, "by_s": by_s}))
    return out


def _payers(s: np.ndarray, d: np.ndarray, na: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (payer, payee) account rows of the transfers, each pair once, and per account row how
    many accounts pay it."""
    pair = distinct(s.astype(np.int64) * na + d)
    ps, pd = pair // na, pair % na
    return ps, pd, np.bincount(pd, minlength=na)


def _economy(sc, payers: tuple) -> np.ndarray:
    """Per account row: whether it is the wider economy: neither suspicious nor a reported victim, and
    paid by many accounts, at least :data:`ECONOMY_OUTSIDE` of them neither either (a P2P crypto
    seller, a shop, a hub). A rented mule paid by its own friends as well is not the economy: it passes
    the money on, and its score says so."""
    na = len(sc.accounts)
    inside = (sc.suspicion >= 0.5) | sc.extra["victim"]
    ps, pd, senders = payers
    outside = np.divide(np.bincount(pd[~inside[ps]], minlength=na), senders, out=np.zeros(na), where=senders > 0)
    # itself judged by its score: a seller the victims' money passed through looks like a mule until the
    # money is seen to leave the chain there (the score's cash_out term); a rented mule stays one
    itself = (sc.score >= 0.5) | sc.extra["victim"]
    return (senders >= ECONOMY_SENDERS) & (outside >= ECONOMY_OUTSIDE) & ~itself


def _into_the_economy(sc, s: np.ndarray, d: np.ndarray, carried: np.ndarray, economy: np.ndarray) -> np.ndarray:
    """Per account row: the share of the reported victims' money traced to it that it paid into the wider
    economy (:func:`_economy`). An export with no descriptions and no banks shows a cash-out account's
    purchase of USDT so: the money leaves the chain there, and the mule score may still have flagged
    the account for passing the money on."""
    na = len(sc.accounts)
    trail = sc.extra["trail"]
    into = economy[d]
    paid = np.bincount(s[into], carried[into], minlength=na)
    return np.minimum(1.0, np.divide(paid, trail.traced_in, out=np.zeros(na), where=trail.traced_in > 0))


def economy_share(sc) -> np.ndarray:
    """Per account row: the share of the reported victims' money traced to it that it paid into the
    wider economy (:func:`_economy`, from the scores ``sc`` as they are). The mule score counts it as
    money leaving the chain (its ``cash_out`` signal)."""
    x = sc.extra
    carried = x["trail"].carried[x["T"]]
    return _into_the_economy(sc, x["Ts"], x["Td"], carried, _economy(sc, payers_of(sc)))


def payers_of(sc) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_payers` of the scored transfers, sorted once per scoring and kept with the scores
    (the mule score's :func:`economy_share` and the organisers' rules both use them)."""
    x = sc.extra
    if "payers" not in x:
        x["payers"] = _payers(x["Ts"], x["Td"], len(sc.accounts))
    return x["payers"]


def _past_the_economy(s: np.ndarray, d: np.ndarray, carried: np.ndarray, economy: np.ndarray) -> np.ndarray:
    """Per account row: the share of the reported victims' money traced to it that came through the
    wider economy (:func:`_economy`), directly or further up. A P2P seller that a cash-out account
    bought USDT from pays its own suppliers with everybody's money: the trace, which follows amounts
    and times, carries the victims' money on to them, but that is not where the chain's money ended."""
    na = len(economy)
    traced = np.bincount(d, carried, minlength=na)
    past = np.zeros(na)
    for _ in range(TRAIL_HOPS):       # one more transfer from the economy each round
        came = np.bincount(d, carried * np.where(economy[s], 1.0, past[s]), minlength=na)
        past = np.minimum(1.0, np.divide(came, traced, out=np.zeros(na), where=traced > 0))
    return past


def _into_its_own_sinks(sc, s: np.ndarray, d: np.ndarray, carried: np.ndarray, senders: np.ndarray) -> np.ndarray:
    """Per account row: the share of the reported victims' money traced to it that it paid to accounts
    that only it pays and that send nothing on (not reported victims). Where an export has no bank
    column, an organisation's cash-out account sending the money to its own account abroad looks so:
    the account abroad keeps it, and only the cash-out account ever paid it. The mule score may have
    flagged the cash-out account for passing the money on; it chose where the chain's money ends."""
    na = len(sc.accounts)
    trail, st = sc.extra["trail"], sc.stats
    own = ((senders == 1) & (st["out_amount"] <= 0) & ~sc.extra["victim"])[d] & (s != d)
    paid = np.bincount(s[own], carried[own], minlength=na)
    return np.minimum(1.0, np.divide(paid, trail.traced_in, out=np.zeros(na), where=trail.traced_in > 0))


def _collects(mule_in: np.ndarray, traced_in: np.ndarray, mule_out: np.ndarray) -> np.ndarray:
    """Per account row, in [0, 1]: how much of the chain's money it collects, against what one flagged
    mule passes on (``COLLECTS_SHARE`` of the median outflow of the flagged mules, full at that). A
    cash-out point gathers the money of mules; a shop, a landlord or a friend paid once from a rented
    mule's own life is paid only by a mule too, and keeps the money too, but a sliver of it. 1 for
    every row when no mule is flagged (nothing to compare with)."""
    collected = np.maximum(mule_in, traced_in)
    moved = mule_out[mule_out > 0]
    if not len(moved):
        return np.ones(len(collected))
    return np.minimum(1.0, collected / (COLLECTS_SHARE * float(np.median(moved))))


def _drivers(gv: GraphView, mule: np.ndarray, flagged: np.ndarray):
    L = gv.edges_of_type("login")
    acc_c = gv.type_code("account")
    out = []
    for kind, cap in (("device", CAPS["device"]), ("ip", CAPS["ip"])):
        c = gv.type_code(kind)
        if c < 0 or acc_c < 0:
            continue
        m = (gv.ntype[gv.src[L]] == acc_c) & (gv.ntype[gv.dst[L]] == c)
        p = distinct(gv.src[L][m].astype(np.int64) * gv.n + gv.dst[L][m])
        acc, node = p // gv.n, p % gv.n
        users = np.bincount(node, minlength=gv.n)
        mules_on = np.bincount(node, flagged[acc].astype(np.float64), minlength=gv.n)
        share = np.divide(mules_on, users, out=np.zeros(gv.n), where=users > 0)
        score = share * np.minimum(1.0, mules_on / 3.0) * cap
        for i in np.nonzero(score > 0.05)[0].tolist():
            accts = acc[(node == i)]
            out.append((float(score[i]), int(i), "drives_mules", {
                "users": int(users[i]), "mules": int(mules_on[i]),
                "mule_accounts": [int(q) for q in accts.tolist() if flagged[q]]}))
    return out


def _scam_phones_and_handles(gv: GraphView):
    pc, soc = gv.type_code("phone"), gv.type_code("social")
    M = gv.edges_of_type("mention")
    suspect_cases: dict[int, set] = {}
    victim_phones = set()
    for k, role in zip(M.tolist(), gv.edge_prop("role", M)):
        x = int(gv.dst[k])
        if role == "suspect":
            suspect_cases.setdefault(x, set()).add(gv.values[int(gv.src[k])])
        elif role == "victim" and gv.ntype[x] == pc:
            victim_phones.add(x)
    called: dict[int, set] = {}
    call_edges: dict[int, list] = {}
    for k in gv.edges_of_type("call").tolist():
        a, b = int(gv.src[k]), int(gv.dst[k])
        if b in victim_phones and a not in victim_phones:
            called.setdefault(a, set()).add(b)
            call_edges.setdefault(a, []).append(k)
    out = []
    phone_score: dict[int, float] = {}
    for i in sorted(set(called) | {x for x in suspect_cases if gv.ntype[x] == pc}):
        if gv.ntype[i] != pc:
            continue
        nv, nc = len(called.get(i, ())), len(suspect_cases.get(i, ()))
        foreign = bool(gv.props_of(i).get("foreign"))
        score = min(1.0, (nv + nc) / 4.0) * (0.75 + 0.25 * foreign) * CAPS["scam_phone"]
        phone_score[i] = score
        if nv + nc >= 2:
            out.append((score, i, "scam_phone", {"victims_called": nv, "cases": sorted(suspect_cases.get(i, ())),
                                                 "foreign": foreign, "country": gv.props_of(i).get("country"),
                                                 "calls": call_edges.get(i, [])}))
    if soc >= 0:
        SL = gv.edges_of_type("social_link")
        linked: dict[int, list] = {}
        for k in SL.tolist():
            a, b = int(gv.src[k]), int(gv.dst[k])
            if gv.ntype[a] == soc and phone_score.get(b, 0.0) > 0 and (len(called.get(b, ())) + len(
                    suspect_cases.get(b, ()))) >= 2:
                linked.setdefault(a, []).append(k)
        for i in sorted(set(linked) | {x for x in suspect_cases if gv.ntype[x] == soc}):
            nc = len(suspect_cases.get(i, ()))
            nl = len({int(gv.dst[k]) for k in linked.get(i, [])})
            score = min(1.0, (nc + nl) / 2.0) * CAPS["scam_handle"]
            out.append((score, i, "scam_handle", {"cases": sorted(suspect_cases.get(i, ())), "links": linked.get(i, [])}))
    return out


# ============================================================================ reasons


def _money(x: float) -> str | None:
    """An amount for JSON: an exact decimal string (``"434300000"``)."""
    from graphfraud.textfmt import machine_amount

    return machine_amount(float(x))


def _reasons(gv: GraphView, store, i: int, signal: str, f: dict, explain: bool) -> list[dict]:
    if signal == "cash_out":
        T, s, r = f["T"], f["s"], f["row"]
        into, out_of = f["by_d"](r), f["by_s"](r)    # = np.nonzero(d == r), np.nonzero(s == r)
        inc = into[f["flagged"][s[into]]]
        outg = out_of[f["exit_tx"][out_of]]
        params = {"amount": _money(f["mule_in"]), "senders": int(f["mule_senders"]),   # from flagged mules
                  "share": round(f["mule_in"] / f["in_amount"], 4) if f["in_amount"] > 0 else 0.0,
                  "exit": round(f["exit_amount"] / f["out_amount"], 4) if f["out_amount"] > 0 else None,
                  "traced": _money(f["traced_in"]) if f["traced_in"] > 0 else None,
                  "cases": len(f["cases"]), "ends": round(float(f["ends_here"]), 4)}
        params["economy"] = round(float(f["economy"]), 4)
        params["own_sink"] = round(float(f["own_sink"]), 4)
        kind = "sink" if f["out_amount"] <= 0 else "own_sink" if f["flagged"][r] and (
            f["own_sink"] > f["economy"]) else "economy" if f["flagged"][r] or (
            f["economy"] > (params["exit"] or 0.0)) else "exits"
        text = reason("cash_out", "org.cash_out." + kind, params)
        ev = {"counts": {"mule_senders": f["mule_senders"], "exit_transfers": len(outg),
                         "cases": len(f["cases"])},
              "amounts": {"inflow": _money(f["in_amount"]), "from_mules": _money(f["mule_in"]),
                          "out_of_chain": _money(f["exit_amount"]), "victims_money": _money(f["traced_in"])},
              "cases": f["cases"][:20]}
        edges = list(dict.fromkeys([int(k) for k in f["chain"]] + [int(k) for k in T[inc[:2]]]
                                   + [int(k) for k in T[outg[:2]]]))
        if explain and store is not None:
            ev["transfers"] = gv.evidence(store, edges, limit=len(edges))
        return [{**text, **({"evidence": ev} if explain else {})}]
    if signal == "drives_mules":
        kind = gv.type_of(i)
        mules = [gv.values[q] for q in f["mule_accounts"]]
        text = reason("drives_mules", f"org.drives_mules.{'ip' if kind == 'ip' else 'device'}",
                      {"mules": int(f["mules"]), "users": int(f["users"])})
        ev = {"counts": {"accounts": f["users"], "mule_accounts": f["mules"]}, "accounts": mules[:20]}
        if explain and store is not None:
            le = [k for k in gv.csr("login", "in").edges_of(i).tolist() if int(gv.src[k]) in set(f["mule_accounts"])]
            ev["edges"] = gv.evidence(store, le, limit=2)
        return [{**text, **({"evidence": ev} if explain else {})}]
    if signal == "scam_phone":
        text = reason("scam_phone", "org.scam_phone" + (".foreign" if f["foreign"] else ""),
                      {"called": int(f["victims_called"]), "cases": len(f["cases"]),
                       "country": f.get("country") if f.get("foreign") else None})
        ev = {"counts": {"victims_called": f["victims_called"], "cases": len(f["cases"])}, "cases": f["cases"][:20]}
        if explain and store is not None:
            ev["calls"] = gv.evidence(store, f["calls"], limit=2)
        return [{**text, **({"evidence": ev} if explain else {})}]
    # scam_handle
    phones = sorted({gv.values[int(gv.dst[k])] for k in f["links"]})
    key = "org.scam_handle." + ("both" if f["cases"] and phones else "linked" if phones else "named")
    text = reason("scam_handle", key, {"cases": len(f["cases"]), "phones": phones})
    ev = {"counts": {"cases": len(f["cases"]), "scam_phones": len(phones)}, "cases": f["cases"][:20]}
    if explain and store is not None and f["links"]:
        ev["edges"] = gv.evidence(store, f["links"], limit=2)
    return [{**text, **({"evidence": ev} if explain else {})}]
