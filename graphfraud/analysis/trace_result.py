"""What a trace returns: the JSON-ready routes, hops with their evidence, endpoints with the cases
that mention them, and the summary rows the demo and reports show."""

from __future__ import annotations

from decimal import Decimal

from graphfraud.analysis.tracer import Tracer, fmt_amount


def build_result(store, tr: Tracer, source, dwell, since, until, max_routes, evidence) -> dict:
    """The result of a tracer that has run: ``{source, direction, params, traced_amount, routes,
    endpoints, summary}`` (see :func:`graphfraud.analysis.trace.trace`)."""
    from graphfraud.normalize.timestamp import format_epoch

    ends = sorted(tr.ends, key=lambda pk: (-pk[0].amount, [e.id for e, _ in pk[0].route], pk[1]))
    shown = ends if max_routes is None else ends[:max_routes]
    keys = {source} | {p.account for p, _ in ends}
    for p, _ in shown:
        for e, _ in p.route:
            keys.update((e.src, e.dst))
    tr.node_props(sorted(keys))
    prov = store.provenance(sorted({e.id for p, _ in shown for e, _ in p.route})) if evidence else {}
    cases = _mentions(store, sorted({p.account for p, _ in ends}))

    def node(k):
        out = {"type": k[0], "value": k[1]}
        if k[0] == "account":
            out["bank"] = tr.props.get(k, {}).get("bank")
        return out

    return {
        "source": node(source),
        "direction": "backward" if tr.backward else "forward",
        "params": {"since": format_epoch(since) if since is not None else None,
                   "until": format_epoch(until) if until is not None else None,
                   "max_hops": tr.max_hops, "max_dwell_s": dwell, "min_amount_share": float(tr.min_abs),
                   "fee_tolerance": float(tr.tol), "max_degree": tr.max_degree},
        "traced_amount": fmt_amount(tr.total),
        "routes": [_route(p, kind, node, prov, cases, tr.backward, format_epoch) for p, kind in shown],
        "endpoints": _endpoints(ends, node, cases),
        "summary": {"routes": len(ends), "routes_shown": len(shown), "parcels": tr.parcels,
                    "accounts_read": len(tr.flows), "untraced_amount": fmt_amount(tr.untraced),
                    "truncated": tr.truncated},
    }


def _route(p, kind: str, node, prov: dict, cases: dict, backward: bool, format_epoch) -> dict:
    """One route: its hops (earliest first), the amount traced along it and where it ends."""
    hops = []
    # forward: the route is in money order; backward: reversed, so hops read earliest first
    edges = list(reversed(p.route)) if backward else list(p.route)
    for e, carried in edges:
        hops.append({"from": node(e.src), "to": node(e.dst), "type": e.type, "amount": fmt_amount(carried),
                     "transfer_amount": e.amount, "time": format_epoch(e.ts),
                     "txn_id": e.props.get("txn_id"),
                     "description": e.props.get("description"), "channel": e.props.get("channel"),
                     "edge_id": e.id,
                     "evidence": [{"file": x["file"], "sheet": x["sheet"], "row": x["row"]}
                                  for x in prov.get(e.id, [])]})
    end = {**node(p.account), "kind": kind}
    if cases.get(p.account):
        end["cases"] = cases[p.account]
    return {"hops": hops, "amount": fmt_amount(p.amount), "end": end}


def _endpoints(ends: list, node, cases: dict) -> list[dict]:
    """Every route's end, summed per (account, kind), largest amount first."""
    agg: dict[tuple, dict] = {}
    for p, kind in ends:
        a = agg.setdefault((p.account, kind),
                           {**node(p.account), "kind": kind, "amount": Decimal(0), "routes": 0})
        a["amount"] += p.amount
        a["routes"] += 1
    endpoints = sorted(agg.values(), key=lambda a: (-a["amount"], a["type"], a["value"], a["kind"]))
    for a in endpoints:
        a["amount"] = fmt_amount(a["amount"])
        k = (a["type"], a["value"])
        if cases.get(k):
            a["cases"] = cases[k]
    return endpoints


def _mentions(store, keys) -> dict:
    """Cases that mention each account (victim / suspect / related)."""
    out: dict = {}
    if not keys:
        return out
    wanted = set(keys)
    for e in store.incident(keys, types=("mention",)):
        if e.dst in wanted and e.src[0] == "case":
            out.setdefault(e.dst, []).append({"case": e.src[1], "role": e.props.get("role")})
    for k in out:
        out[k] = sorted({(c["case"], c["role"] or ""): c for c in out[k]}.values(),
                        key=lambda c: (c["case"], c["role"] or ""))
    return out


def trace_keys(result: dict) -> set[tuple[str, str]]:
    """Every account a trace's routes pass through or end at (for tests and evaluation)."""
    out = set()
    for r in result["routes"]:
        for h in r["hops"]:
            out.add((h["from"]["type"], h["from"]["value"]))
            out.add((h["to"]["type"], h["to"]["value"]))
    return out


def route_rows(result: dict, limit: int = 5) -> list[dict]:
    """One summary row per route (for the demo and reports)."""
    rows = []
    for r in result["routes"][:limit]:
        # a withdrawal or a deposit is drawn from an account to itself: the path names the account once
        path = [r["hops"][0]["from"]["value"]] + [h["to"]["value"] for h in r["hops"]
                                                  if h["to"] != h["from"]] if r["hops"] else []
        first = (r["hops"][0]["evidence"] or [None])[0] if r["hops"] else None
        rows.append({"route": " → ".join(path), "hops": len(r["hops"]), "amount": r["amount"],
                     "ends": f"{r['end']['kind']} at {r['end']['value']}"
                             + (f" ({r['end']['bank']})" if r["end"].get("bank") else ""),
                     "first evidence": f"{first['file']} row {first['row']}" if first else ""})
    return rows
