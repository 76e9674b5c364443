"""Why an account scores as a mule: one reason per signal, with the file rows behind it.

``reasons(scores, store, r, explain)`` turns the signals of row ``r`` of an
:class:`~graphfraud.analysis.mules.AccountScores` into ``[{signal, key, params,
text, strength, contribution, evidence}]``, strongest contribution first: ``key``
and ``params`` name the sentence of :mod:`graphfraud.analysis.reason_text`
(``text`` is it in English; ``localize`` writes it in Vietnamese); ``evidence``
(with ``explain``) holds counts, amounts and example transfers or logins, each
with the file and row that state it.
"""

from __future__ import annotations

import numpy as np

from graphfraud.analysis.graphview import GraphView, Positions
from graphfraud.analysis.reason_text import reason
from graphfraud.analysis.subgraph_attrs import provenance_order
from graphfraud.textfmt import machine_amount

__all__ = ["reasons"]


def _money(x: float) -> str | None:
    """An amount for JSON: an exact decimal string (``"434300000"``)."""
    return machine_amount(float(x))


def _share(x) -> float:
    return round(float(x), 4)


def _where(sc, name: str, make=None) -> Positions:
    """The :class:`~graphfraud.analysis.graphview.Positions` of ``sc.extra[name]`` (or of the array
    ``make()`` gives, kept under ``name``), built once per scores and kept beside them."""
    cache = sc.extra.setdefault("_where", {})
    if name not in cache:
        cache[name] = Positions(sc.extra[name] if make is None else make())
    return cache[name]


class _Account:
    """Row ``r`` of the scores with what every reason needs, and the list the reasons go into."""

    def __init__(self, sc, store, r: int, explain: bool):
        self.sc, self.store, self.r, self.explain = sc, store, r, explain
        self.gv = sc.view
        self.st, self.sg = sc.stats, sc.strength
        self.i = int(sc.accounts[r])
        self.x = sc.extra
        self.T, self.s, self.d = self.x["T"], self.x["Ts"], self.x["Td"]
        self.inc = _where(sc, "Td")(r)
        self.outg = _where(sc, "Ts")(r)
        self.out: list[dict] = []

    def add(self, signal: str, text: tuple[str, dict], counts: dict, amounts: dict | None = None, edges=()):
        from graphfraud.analysis.mules import SIGNALS

        w = SIGNALS[signal][0]
        sg, r = self.sg, self.r
        item = {**reason(signal, *text), "strength": round(float(sg[signal][r]), 3),
                "contribution": round(float(w * sg[signal][r]), 3)}
        if self.explain:
            ev: dict = {"counts": counts}
            if amounts:
                ev["amounts"] = amounts
            if self.store is not None and len(edges):
                ev["transfers" if signal not in ("foreign_logins", "shared_access") else "edges"] = \
                    self.gv.evidence(self.store, list(edges), limit=3)
            item["evidence"] = ev
        self.out.append(item)

    def evidence(self) -> dict:
        """The evidence of the reason added last."""
        return self.out[-1]["evidence"]


def _reported(a: _Account) -> None:
    gv = a.gv
    cases = sorted({gv.values[int(gv.src[k])] for k in gv.csr("mention", "in").edges_of(a.i).tolist()
                    if (gv.eprops[k] or {}).get("role") == "suspect"})
    men = [k for k in gv.csr("mention", "in").edges_of(a.i).tolist() if (gv.eprops[k] or {}).get("role") == "suspect"]
    a.add("reported", ("mule.reported", {"cases": len(cases), "case_ids": cases}),
          {"cases": len(cases)}, None, men)
    if a.explain and a.store is not None:
        a.evidence()["cases"] = cases
        a.evidence()["mentions"] = a.evidence().pop("transfers", [])


def _victim_money(a: _Account) -> None:
    st, r, gv, T, inc = a.st, a.r, a.gv, a.T, a.inc
    vk = inc[a.x["victim"][a.s[inc]]]
    a.add("victim_money", ("mule.victim_money", {"amount": _money(st["victim_amount"][r]),
                                                 "senders": int(st["victim_senders"][r]),
                                                 "share": _share(st["victim_share"][r])}),
          {"victim_senders": int(st["victim_senders"][r]), "transfers": len(vk)},
          {"from_victims": _money(st["victim_amount"][r]), "inflow": _money(st["in_amount"][r])},
          T[vk][np.argsort(-np.nan_to_num(gv.amount[T[vk]]), kind="stable")])


def _traced_money(a: _Account) -> None:
    st, r = a.st, a.r
    trail = a.x["trail"]
    chain = trail.chain.get(r, [])
    cases = trail.case_ids.get(r, [])
    depth = st["trail_depth"][r]
    a.add("traced_money", ("mule.traced_money", {
        "amount": _money(st["traced_in"][r]), "cases": len(cases), "share": _share(st["traced_share"][r]),
        "hops": int(depth), "passed": _share(st["traced_passed"][r])}),
        {"cases": len(cases), "hops_from_victim": int(depth)},
        {"traced_in": _money(st["traced_in"][r]), "passed_on": _money(st["traced_out"][r]),
         "inflow": _money(st["in_amount"][r])}, chain)
    if a.explain:
        a.evidence()["cases"] = cases[:20]
        if a.store is not None:   # the whole trail, victim first: every transfer with its file and row
            a.evidence()["transfers"] = a.gv.evidence(a.store, chain, limit=len(chain))


def _pass_through(a: _Account) -> None:
    st, r, gv, T, inc, outg = a.st, a.r, a.gv, a.T, a.inc, a.outg
    ex = []
    if len(inc) and len(outg):
        ex = [int(T[inc[0]])]
        later = outg[gv.ts[T[outg]] >= gv.ts[T[inc[0]]]]
        if len(later):
            ex.append(int(T[later[0]]))
    dwell = float(st["median_dwell_s"][r])
    a.add("pass_through", ("mule.pass_through", {
        "balance": _share(st["balance"][r]), "fast": _share(st["fast_share"][r]),
        "dwell": round(dwell, 1) if np.isfinite(dwell) else None}),
        {"in": int(st["in_count"][r]), "out": int(st["out_count"][r]),
         "median_dwell_minutes": None if not np.isfinite(st["median_dwell_s"][r])
         else round(float(st["median_dwell_s"][r]) / 60, 1)},
        {"in": _money(st["in_amount"][r]), "out": _money(st["out_amount"][r])}, ex)


def _chain(a: _Account) -> None:
    st, r, sc, T, inc, outg = a.st, a.r, a.sc, a.T, a.inc, a.outg
    susp = np.maximum(sc.suspicion, a.x["victim"].astype(float))
    ins = inc[np.argsort(-susp[a.s[inc]], kind="stable")][:2] if len(inc) else inc
    outs = outg[np.argsort(-sc.suspicion[a.d[outg]], kind="stable")][:1] if len(outg) else outg
    a.add("chain", ("mule.chain", {"up": _share(st["chain_up"][r]), "down": _share(st["chain_down"][r])}),
          {"senders": int(st["senders"][r]), "receivers": int(st["receivers"][r])}, None,
          list(T[ins]) + list(T[outs]))


def _relay(a: _Account) -> None:
    st, r, T = a.st, a.r, a.T
    rk = a.outg[a.x["relay_tx"][a.outg]]
    a.add("relay", ("mule.relay", {"relays": len(rk), "weighted": round(float(st["relays"][r]), 2)}),
          {"relays": len(rk), "into_suspicious": round(float(st["relays"][r]), 2)}, None,
          T[rk][np.argsort(-np.nan_to_num(a.gv.amount[T[rk]]), kind="stable")])


def _layering(a: _Account) -> None:
    st, r, T = a.st, a.r, a.T
    hops = np.concatenate([a.inc[a.x["layer_tx"][a.inc]], a.outg[a.x["layer_sent"][a.outg]]])
    a.add("layering", ("mule.layering", {"hops": len(hops), "share": _share(st["layering_share"][r])}),
          {"hops": len(hops)}, None, T[hops][np.argsort(-np.nan_to_num(a.gv.amount[T[hops]]), kind="stable")])


def _suspicious_sharers(a: _Account, nodes: np.ndarray, node_key: str, acc_key: str) -> list[int]:
    """Suspicious accounts (suspicion >= 0.5) other than this one that use one of ``nodes``."""
    x, sc, r = a.x, a.sc, a.r
    users = _where(sc, node_key)
    return sorted({int(sc.accounts[q]) for n in nodes.tolist()
                   for q in x[acc_key][users(n)].tolist()
                   if q != r and sc.suspicion[q] >= 0.5})


def _shared_access(a: _Account) -> None:
    x, r, gv = a.x, a.r, a.gv
    devs = x["dev_node"][_where(a.sc, "dev_acc")(r)]
    others = _suspicious_sharers(a, devs, "dev_node", "dev_acc")
    ips = x["ip_node"][_where(a.sc, "ip_acc")(r)]
    oth_ip = _suspicious_sharers(a, ips, "ip_node", "ip_acc")
    le = [k for k in gv.csr("login", "out").edges_of(a.i).tolist() if int(gv.dst[k]) in set(devs.tolist())]
    a.add("shared_access", ("mule.shared_access", {"devices": len(devs), "accounts": len(others),
                                                   "ip_accounts": len(oth_ip)}),
          {"devices": len(devs), "suspicious_accounts_on_devices": len(others),
           "suspicious_accounts_on_ips": len(oth_ip)}, None, le[:1] + [])
    if a.explain:
        a.out[-1].setdefault("evidence", {})["accounts"] = [gv.values[q] for q in (others or oth_ip)[:10]]


def _foreign_logins(a: _Account) -> None:
    st, r, gv = a.st, a.r, a.gv
    fe = a.x["foreign_login_edges"]
    mine = fe[_where(a.sc, "foreign_login_rows", lambda: row_of(gv, a.sc, fe))(r)] if len(fe) else fe
    countries = sorted({str((gv.props[int(gv.dst[k])] or {}).get("country") or
                            (gv.eprops[k] or {}).get("country") or "?") for k in mine.tolist()})
    a.add("foreign_logins", ("mule.foreign_logins", {"foreign": int(st["foreign_logins"][r]),
                                                     "logins": int(st["ip_logins"][r]), "countries": countries}),
          {"foreign_logins": int(st["foreign_logins"][r]), "logins": int(st["ip_logins"][r])}, None, mine[:2])
    if a.explain:
        a.evidence()["countries"] = countries


def _not_biometric(a: _Account) -> None:
    gv, i = a.gv, a.i
    a.add("not_biometric", ("mule.not_biometric", {"verified": gv.props_of(i).get("biometric_verified")}),
          {"biometric_verified": gv.props_of(i).get("biometric_verified")})
    if a.explain and a.store is not None:
        a.evidence()["records"] = _node_rows(a.store, gv, i)


def _young(a: _Account) -> None:
    st, r, inc = a.st, a.r, a.inc
    a.add("young", ("mule.young", {"days": round(float(st["age_days"][r]), 1)}),
          {"age_days": round(float(st["age_days"][r]), 1)}, None, a.T[inc[:1]] if len(inc) else [])
    if a.explain and a.store is not None:
        a.evidence()["records"] = _node_rows(a.store, a.gv, a.i)


def _holder_phone(a: _Account) -> None:
    st, r, gv = a.st, a.r, a.gv
    phones = [int(k) for k in gv.csr("registered", "out").edges_of(a.i).tolist()]
    shared, scam = st["phone_holders"][r] >= 2, bool(st["phone_suspect"][r])
    key = "mule.holder_phone." + ("both" if shared and scam else "holders" if shared else "scam")
    names = [gv.values[int(gv.dst[k])] for k in phones]
    a.add("holder_phone", (key, {"phones": names, "holders": int(st["phone_holders"][r])}),
          {"holders": int(st["phone_holders"][r]), "scam_phone": bool(st["phone_suspect"][r])}, None, phones[:1])


def _cash_out(a: _Account) -> None:
    st, r = a.st, a.r
    ek = a.outg[a.x["exit_tx"][a.outg]]
    # the larger way out: abroad, crypto or cash, or into the wider economy (organizers.economy_share)
    key, share = max(("mule.cash_out", st["exit_share"][r]), ("mule.cash_out.economy", st["economy_share"][r]),
                     key=lambda ks: ks[1])
    a.add("cash_out", (key, {"share": _share(share)}),
          {"transfers": len(ek)}, {"out_of_chain": _money(st["exit_amount"][r])}, a.T[ek])


# The functions writing the signals' reasons, each named for its signal, in output order before sorting by
# contribution; a reason is given when its signal's strength is above 0, or above the floor named here.
_WRITERS = (_reported, _victim_money, _traced_money, _pass_through, _chain, _relay, _layering, _shared_access,
            _foreign_logins, _not_biometric, _young, _holder_phone, _cash_out)
_FLOORS = {"chain": 0.05, "shared_access": 0.05}


def reasons(sc, store, r: int, explain: bool) -> list[dict]:
    a = _Account(sc, store, r, explain)
    for write in _WRITERS:
        signal = write.__name__.removeprefix("_")
        if a.sg[signal][r] > _FLOORS.get(signal, 0):
            write(a)
    ss = a.x.get("structure")
    if ss is not None and ss.score[r] > 0:
        _structure_reason(a.out, ss, r, explain)
    a.out.sort(key=lambda it: -abs(it["contribution"]))
    return a.out


def _structure_reason(out: list, ss, r: int, explain: bool) -> None:
    """Transfers only: the laundering shapes of :mod:`graphfraud.analysis.structure` behind the score."""
    shapes = ss.fired(r)
    if not shapes:
        return
    item = {**reason("structure", "mule.structure", {"shapes": shapes}),
            "strength": round(float(ss.score[r]), 3),
            "contribution": round(float(ss.score[r] / max(ss.threshold, 1e-9)), 3)}
    if explain:
        item["evidence"] = {"counts": {name: round(float(v[r]), 3) for name, v in sorted(ss.strength.items())
                                       if v[r] > 0},
                            "threshold": round(float(ss.threshold), 4)}
    out.append(item)


def row_of(gv: GraphView, sc, edges: np.ndarray) -> np.ndarray:
    return sc.row[gv.src[edges]]


KYC_LINKS = (("owns", "in"), ("registered", "out"))   # what a registry (KYC) row states of an account


def _node_rows(store, gv: GraphView, i: int) -> list[dict]:
    """The first two rows behind an account's registry facts (biometric check, opening date): those
    of its ``owns`` and ``registered`` links, which a KYC row states with them, by file, sheet and
    row, each row once. An account no registry row names cites the first rows of all its links.
    Only the few registry links are read, not the thousands of transfers of a busy account."""
    eids = [gv.eid[k] for t, d in KYC_LINKS for k in gv.csr(t, d).edges_of(i).tolist()]
    prov = store.provenance(eids) if eids else {}
    rows = sorted((p for e in eids for p in prov.get(e, ())), key=provenance_order)
    if not rows:
        rows = store.node_provenance(gv.node(i), limit=20)
    cited = {(p.get("file"), p.get("sheet"), p.get("row")): None for p in rows}   # a row once, in order
    return [{"file": f, "sheet": sh, "row": r} for f, sh, r in list(cited)[:2]]
