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

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.reason_text import reason
from graphfraud.textfmt import machine_amount

__all__ = ["reasons"]


def _money(x: float) -> str | None:
    """An amount for JSON: an exact decimal string (``"434300000"``)."""
    return machine_amount(float(x))


def _share(x) -> float:
    return round(float(x), 4)


def reasons(sc, store, r: int, explain: bool) -> list[dict]:
    from graphfraud.analysis.mules import SIGNALS

    gv = sc.view
    st, sg = sc.stats, sc.strength
    i = int(sc.accounts[r])
    x = sc.extra
    T, s, d = x["T"], x["Ts"], x["Td"]
    out = []

    def add(signal: str, text: tuple[str, dict], counts: dict, amounts: dict | None = None, edges=()):
        w = SIGNALS[signal][0]
        item = {**reason(signal, *text), "strength": round(float(sg[signal][r]), 3),
                "contribution": round(float(w * sg[signal][r]), 3)}
        if explain:
            ev: dict = {"counts": counts}
            if amounts:
                ev["amounts"] = amounts
            if store is not None and len(edges):
                ev["transfers" if signal not in ("foreign_logins", "shared_access") else "edges"] = \
                    gv.evidence(store, list(edges), limit=3)
            item["evidence"] = ev
        out.append(item)

    inc = np.nonzero(d == r)[0]
    outg = np.nonzero(s == r)[0]
    if sg["reported"][r] > 0:
        cases = sorted({gv.values[int(gv.src[k])] for k in gv.csr("mention", "in").edges_of(i).tolist()
                        if (gv.eprops[k] or {}).get("role") == "suspect"})
        men = [k for k in gv.csr("mention", "in").edges_of(i).tolist() if (gv.eprops[k] or {}).get("role") == "suspect"]
        add("reported", ("mule.reported", {"cases": len(cases), "case_ids": cases}),
            {"cases": len(cases)}, None, men)
        if explain and store is not None:
            out[-1]["evidence"]["cases"] = cases
            out[-1]["evidence"]["mentions"] = out[-1]["evidence"].pop("transfers", [])
    if sg["victim_money"][r] > 0:
        vk = inc[x["victim"][s[inc]]]
        add("victim_money", ("mule.victim_money", {"amount": _money(st["victim_amount"][r]),
                                                   "senders": int(st["victim_senders"][r]),
                                                   "share": _share(st["victim_share"][r])}),
            {"victim_senders": int(st["victim_senders"][r]), "transfers": int(len(vk))},
            {"from_victims": _money(st["victim_amount"][r]), "inflow": _money(st["in_amount"][r])},
            T[vk][np.argsort(-np.nan_to_num(gv.amount[T[vk]]), kind="stable")])
    if sg["traced_money"][r] > 0:
        trail = x["trail"]
        chain = trail.chain.get(r, [])
        cases = trail.case_ids.get(r, [])
        depth = st["trail_depth"][r]
        add("traced_money", ("mule.traced_money", {
            "amount": _money(st["traced_in"][r]), "cases": len(cases), "share": _share(st["traced_share"][r]),
            "hops": int(depth), "passed": _share(st["traced_passed"][r])}),
            {"cases": len(cases), "hops_from_victim": int(depth)},
            {"traced_in": _money(st["traced_in"][r]), "passed_on": _money(st["traced_out"][r]),
             "inflow": _money(st["in_amount"][r])}, chain)
        if explain:
            out[-1]["evidence"]["cases"] = cases[:20]
            if store is not None:   # the whole trail, victim first: every transfer with its file and row
                out[-1]["evidence"]["transfers"] = gv.evidence(store, chain, limit=len(chain))
    if sg["pass_through"][r] > 0:
        ex = []
        if len(inc) and len(outg):
            ex = [int(T[inc[0]])]
            later = outg[gv.ts[T[outg]] >= gv.ts[T[inc[0]]]]
            if len(later):
                ex.append(int(T[later[0]]))
        dwell = float(st["median_dwell_s"][r])
        add("pass_through", ("mule.pass_through", {
            "balance": _share(st["balance"][r]), "fast": _share(st["fast_share"][r]),
            "dwell": round(dwell, 1) if np.isfinite(dwell) else None}),
            {"in": int(st["in_count"][r]), "out": int(st["out_count"][r]),
             "median_dwell_minutes": None if not np.isfinite(st["median_dwell_s"][r])
             else round(float(st["median_dwell_s"][r]) / 60, 1)},
            {"in": _money(st["in_amount"][r]), "out": _money(st["out_amount"][r])}, ex)
    if sg["chain"][r] > 0.05:
        susp = np.maximum(sc.suspicion, x["victim"].astype(float))
        ins = inc[np.argsort(-susp[s[inc]], kind="stable")][:2] if len(inc) else inc
        outs = outg[np.argsort(-sc.suspicion[d[outg]], kind="stable")][:1] if len(outg) else outg
        add("chain", ("mule.chain", {"up": _share(st["chain_up"][r]), "down": _share(st["chain_down"][r])}),
            {"senders": int(st["senders"][r]), "receivers": int(st["receivers"][r])}, None,
            list(T[ins]) + list(T[outs]))
    if sg["relay"][r] > 0:
        rk = outg[x["relay_tx"][outg]]
        add("relay", ("mule.relay", {"relays": int(len(rk)), "weighted": round(float(st["relays"][r]), 2)}),
            {"relays": len(rk), "into_suspicious": round(float(st["relays"][r]), 2)}, None,
            T[rk][np.argsort(-np.nan_to_num(gv.amount[T[rk]]), kind="stable")])
    if sg["shared_access"][r] > 0.05:
        devs = x["dev_node"][x["dev_acc"] == r]
        others = sorted({int(sc.accounts[q]) for dv in devs.tolist()
                         for q in x["dev_acc"][x["dev_node"] == dv].tolist()
                         if q != r and sc.suspicion[q] >= 0.5})
        ips = x["ip_node"][x["ip_acc"] == r]
        oth_ip = sorted({int(sc.accounts[q]) for ip in ips.tolist()
                         for q in x["ip_acc"][x["ip_node"] == ip].tolist()
                         if q != r and sc.suspicion[q] >= 0.5})
        le = [k for k in gv.csr("login", "out").edges_of(i).tolist() if int(gv.dst[k]) in set(devs.tolist())]
        add("shared_access", ("mule.shared_access", {"devices": int(len(devs)), "accounts": len(others),
                                                     "ip_accounts": len(oth_ip)}),
            {"devices": int(len(devs)), "suspicious_accounts_on_devices": len(others),
             "suspicious_accounts_on_ips": len(oth_ip)}, None, le[:1] + [])
        if explain:
            out[-1].setdefault("evidence", {})["accounts"] = [gv.values[q] for q in (others or oth_ip)[:10]]
    if sg["foreign_logins"][r] > 0:
        fe = x["foreign_login_edges"]
        mine = fe[row_of(gv, sc, fe) == r] if len(fe) else fe
        countries = sorted({str((gv.props[int(gv.dst[k])] or {}).get("country") or
                                (gv.eprops[k] or {}).get("country") or "?") for k in mine.tolist()})
        add("foreign_logins", ("mule.foreign_logins", {"foreign": int(st["foreign_logins"][r]),
                                                       "logins": int(st["ip_logins"][r]), "countries": countries}),
            {"foreign_logins": int(st["foreign_logins"][r]), "logins": int(st["ip_logins"][r])}, None, mine[:2])
        if explain:
            out[-1]["evidence"]["countries"] = countries
    if sg["not_biometric"][r] > 0:
        add("not_biometric", ("mule.not_biometric", {"verified": gv.props_of(i).get("biometric_verified")}),
            {"biometric_verified": gv.props_of(i).get("biometric_verified")})
        if explain and store is not None:
            out[-1]["evidence"]["records"] = _node_rows(store, gv, i)
    if sg["young"][r] > 0:
        add("young", ("mule.young", {"days": round(float(st["age_days"][r]), 1)}),
            {"age_days": round(float(st["age_days"][r]), 1)}, None, T[inc[:1]] if len(inc) else [])
        if explain and store is not None:
            out[-1]["evidence"]["records"] = _node_rows(store, gv, i)
    if sg["holder_phone"][r] > 0:
        phones = [int(k) for k in gv.csr("registered", "out").edges_of(i).tolist()]
        shared, scam = st["phone_holders"][r] >= 2, bool(st["phone_suspect"][r])
        key = "mule.holder_phone." + ("both" if shared and scam else "holders" if shared else "scam")
        names = [gv.values[int(gv.dst[k])] for k in phones]
        add("holder_phone", (key, {"phones": names, "holders": int(st["phone_holders"][r])}),
            {"holders": int(st["phone_holders"][r]), "scam_phone": bool(st["phone_suspect"][r])}, None, phones[:1])
    if sg["cash_out"][r] > 0:
        ek = outg[x["exit_tx"][outg]]
        add("cash_out", ("mule.cash_out", {"share": _share(st["exit_share"][r])}),
            {"transfers": int(len(ek))}, {"out_of_chain": _money(st["exit_amount"][r])}, T[ek])
    ss = x.get("structure")
    if ss is not None and ss.score[r] > 0:
        _structure_reason(out, ss, r, explain)
    out.sort(key=lambda it: -abs(it["contribution"]))
    return out


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


def _node_rows(store, gv: GraphView, i: int) -> list[dict]:
    try:
        prov = store.node_provenance(gv.node(i), limit=20)
    except Exception:  # pragma: no cover - a backend without node provenance
        return []
    rows = [{"file": p.get("file"), "sheet": p.get("sheet"), "row": p.get("row")} for p in prov
            if p.get("file") and "kyc" in str(p.get("file")).lower()] or [
        {"file": p.get("file"), "sheet": p.get("sheet"), "row": p.get("row")} for p in prov]
    return rows[:2]
