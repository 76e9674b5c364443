"""Follow money through time-respecting transfers: where did it go (or where did it come from)?

``trace(store, "0011 2233 44")`` starts at one account and follows its outgoing
transfers. Each piece of traced money (a *parcel*: an amount sitting in an
account since a time) moves on only through a transfer **out of that account at
or after the time the money arrived** and within the dwell window
(``max_dwell``, default 72 hours). A transfer made before the money arrived is
never followed.

How a parcel moves on (amount ``A`` arrived at time ``t``):

* the candidate transfers are the account's outgoing transfers in
  ``[t, t + max_dwell]``, in time order;
* the parcel leaves through the *first* of them that together carry at least
  ``A`` (less ``fee_tolerance``, default 5%: a fee or a rounding keeps a route
  whole); if they never add up to that, through all of them;
* ``A`` is allocated over those transfers in proportion to their amounts and
  capped by each transfer's amount (a split: one in, several out). What they do
  not carry stays in the account and ends a route there;
* a transfer's amount is a capacity shared by every parcel of one trace: two
  parcels arriving separately and leaving in one transfer (a merge) never carry
  more than that transfer did.

Parcels are processed in time order. A route ends where there is no qualifying
outgoing transfer, after ``max_hops`` transfers, or when the money comes back to
an account already on the route. The end's ``kind`` says how the money left:

* ``abroad``: the receiving account is at a bank known to be abroad
  (:func:`graphfraud.normalize.bank.is_foreign`; a bank code graphfraud does not
  know is not taken for one), or the last transfer's
  description says an international transfer;
* ``cashout``: the last transfer's description or channel says a withdrawal, an
  ATM, or a crypto purchase (``rút tiền``, ``ATM``, ``USDT``, ``P2P``...);
* ``unknown``: the money stops in that account (no transfer out within the dwell
  window, or only part of it went on);
* ``busy``: the account has more than ``max_degree`` edges (default 5,000: a payment
  aggregator, a big merchant or utility); money paid into it mixes with everybody
  else's, and it is not read;
* ``max_hops`` and ``cycle``.

Descriptions never hide money that is seen moving on: a victim's payment
described ``nạp USDT`` to an account that forwards it within minutes is followed
(the description is what the victim was told, the transfers are what happened).

``backward=True`` asks where the money came from: the same rules with time
reversed (incoming transfers at or before the time the money left, latest
first). Ends are ``abroad`` (sent from a foreign bank), ``cashin`` (a cash
deposit) or ``unknown`` (the money entered the graph there).

Parcels below ``min_amount_share`` of the traced total are dropped (reported as
``untraced``), so the trace stays small on big graphs. The trace reads only the
transfers of the accounts it visits (``store.incident`` on the frontier), never
the whole graph.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from graphfraud.errors import InvalidValue, NotFound, UsageError
from graphfraud.store.base import Edge

DEFAULT_MAX_DWELL = 72 * 3600
DEFAULT_MAX_HOPS = 6
DEFAULT_MIN_SHARE = 0.01
DEFAULT_FEE_TOLERANCE = 0.05
DEFAULT_MAX_ROUTES = 200
DEFAULT_MAX_DEGREE = 5_000   # accounts with more edges than this end a route (kind "busy")
MAX_PARCELS = 20_000   # work limit: a trace never expands more parcels than this

# folded (accent-free, lower-case) description patterns
_ABROAD_RE = re.compile(r"quoc te|nuoc ngoai|international|swift|overseas|cross.?border|kieu hoi ra")
_CASHOUT_RE = re.compile(
    r"rut tien|rut tm|rut mat|\batm\b|withdraw|cash ?out|\busdt\b|\busdc\b|\bbtc\b|bitcoin|\beth\b|crypto"
    r"|tien ao|tien dien tu|binance|okx|huobi|\bp2p\b|\botc\b")
_CASHIN_RE = re.compile(r"nop tien mat|nop tm|nop tien tai quay|cash deposit|\bdeposit\b")
_CASH_CHANNEL_RE = re.compile(r"\batm\b|rut tien|cash")


def parse_duration(value) -> int:
    """Seconds of a duration: ``48h``, ``90m``, ``2d``, ``1d12h``, ``3600`` (seconds), a timedelta."""
    if value is None:
        return DEFAULT_MAX_DWELL
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value <= 0:
            raise UsageError(f"a duration must be positive, not {value}")
        return int(value)
    text = str(value).strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return parse_duration(float(text))
    units = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
    parts = re.findall(r"(\d+(?:\.\d+)?)(w|d|h|min|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise UsageError(f"not a duration: {value!r} (write e.g. 48h, 90m, 2d, 1d12h)")
    total = sum(float(n) * units[u[0]] for n, u in parts)
    if total <= 0:
        raise UsageError(f"a duration must be positive, not {value!r}")
    return int(total)


def parse_time(value) -> int | None:
    """Epoch seconds of any timestamp spelling graphfraud reads (``01/03/2024``, ISO, epoch...)."""
    if value is None or value == "":
        return None
    from graphfraud.normalize.timestamp import normalize, to_epoch

    if isinstance(value, datetime):
        return to_epoch(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 100_000:
        return int(value)
    try:
        return int(normalize(str(value)).props["epoch"])
    except InvalidValue as exc:
        raise UsageError(f"not a time: {value!r} ({exc.reason})") from None


def _dec(text) -> Decimal | None:
    if text is None:
        return None
    try:
        d = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() and d > 0 else None


def fmt_amount(d: Decimal) -> str:
    """A decimal amount as text: whole numbers without decimals, else at most 2 decimals."""
    q = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    if q == q.to_integral_value():
        return str(q.to_integral_value())
    return format(q.normalize(), "f")


def _fold(text) -> str:
    if not text:
        return ""
    from graphfraud.normalize.base import fold

    return fold(str(text))


def is_foreign_bank(bank) -> bool:
    """True when an account's bank is known to be abroad (an unknown bank code is not evidence of that)."""
    if not bank:
        return False
    from graphfraud.normalize.bank import is_foreign

    return is_foreign(str(bank)) is True


def hop_kind(edge: Edge, to_props: dict | None, backward: bool = False) -> str | None:
    """How money leaves (forward) or enters (backward) the graph at this transfer, if it says so."""
    desc = _fold(edge.props.get("description"))
    chan = _fold(edge.props.get("channel"))
    far = (to_props or {}).get("bank")
    if is_foreign_bank(far) or _ABROAD_RE.search(desc):
        return "abroad"
    if backward:
        return "cashin" if _CASHIN_RE.search(desc) else None
    if _CASHOUT_RE.search(desc) or _CASH_CHANNEL_RE.search(chan):
        return "cashout"
    return None


@dataclass(order=True)
class _Parcel:
    order: tuple            # heap key: (time, seq) forward, (-time, seq) backward
    account: tuple = None   # where the money sits
    t: int = 0              # when it arrived (forward) / left (backward)
    amount: Decimal = Decimal(0)
    route: tuple = ()       # edges, in the order the money moved along the trace
    nodes: frozenset = frozenset()


class _Tracer:
    def __init__(self, store, backward: bool, max_hops: int, max_dwell: int, min_abs: Decimal,
                 fee_tolerance: float, since: int | None, until: int | None, cache: dict | None = None,
                 max_degree: int | None = DEFAULT_MAX_DEGREE):
        self.store = store
        self.backward = backward
        self.max_hops = max_hops
        self.dwell = max_dwell
        self.min_abs = min_abs
        self.tol = Decimal(str(fee_tolerance))
        self.since = since
        self.until = until
        # account -> its transfers (out forward, in backward); several traces may share one cache
        cache = {} if cache is None else cache
        self.flows: dict[tuple, list[tuple[int, str, Edge, Decimal]]] = cache.setdefault(
            "in" if backward else "out", {})
        self.props: dict[tuple, dict] = cache.setdefault("props", {})
        self.senders: dict[tuple, set] = cache.setdefault("senders", {})
        self.busy: set = cache.setdefault("busy", set())
        self.max_degree = max_degree
        self.capacity: dict[str, Decimal] = {}
        self.ends: list[tuple[_Parcel, str]] = []
        self.untraced = Decimal(0)
        self.parcels = 0
        self.truncated = False
        self.seq = 0

    # -- reading the store, only what is needed ---------------------------------
    def fetch(self, keys, source=None) -> None:
        need = sorted({k for k in keys if k not in self.flows})
        if not need:
            return
        for k in need:
            self.flows[k] = []
        if self.max_degree:
            # a very busy account (a payment aggregator, a big merchant) is not read: money paid
            # into it mixes with everybody else's, and reading it would read half the graph
            for k, d in self.store.degrees([k for k in need if k != source]).items():
                if d > self.max_degree:
                    self.busy.add(k)
        read = [k for k in need if k not in self.busy]
        for e in (self.store.incident(read, types=("transfer",)) if read else ()):
            if e.dst in self.flows and e.src != e.dst:   # who pays into each account (for other analyses)
                self.senders.setdefault(e.dst, set()).add(e.src)
            amt = _dec(e.amount)
            if e.ts is None or amt is None:
                continue
            here = e.dst if self.backward else e.src
            if here in self.flows and e.src != e.dst:
                self.flows[here].append((e.ts, e.id, e, amt))
        for k in need:
            self.flows[k].sort(key=lambda x: (x[0], x[1]))
        self.node_props(need)

    def node_props(self, keys) -> None:
        need = [k for k in keys if k not in self.props]
        if need:
            found = self.store.nodes(need)
            for k in need:
                self.props[k] = found.get(k, {})

    # -- moving money ------------------------------------------------------------
    def far(self, e: Edge) -> tuple:
        return e.src if self.backward else e.dst

    def push(self, heap, account, t, amount, route, nodes) -> None:
        self.seq += 1
        key = (-t if self.backward else t, self.seq)
        heapq.heappush(heap, _Parcel(key, account, t, amount, route, nodes))

    def take(self, e: Edge, amt: Decimal, want: Decimal) -> Decimal:
        left = self.capacity.get(e.id, amt)
        got = min(left, want)
        self.capacity[e.id] = left - got
        return got

    def candidates(self, p: _Parcel):
        rows = self.flows.get(p.account, [])
        if self.backward:
            lo = max(p.t - self.dwell, self.since if self.since is not None else p.t - self.dwell)
            out = [r for r in rows if lo <= r[0] <= p.t and (not p.route or r[2].id != p.route[-1][0].id)]
            out.sort(key=lambda r: (-r[0], r[1]))
        else:
            hi = p.t + self.dwell
            out = [r for r in rows if p.t <= r[0] <= hi and (not p.route or r[2].id != p.route[-1][0].id)]
        return [r for r in out if self.capacity.get(r[2].id, r[3]) > 0]

    def starts(self, source: tuple) -> list:
        """The transfers a trace starts with: the source's outgoing (backward: incoming) in [since, until]."""
        self.fetch([source], source=source)
        return [r for r in self.flows[source]
                if (self.since is None or r[0] >= self.since) and (self.until is None or r[0] <= self.until)]

    def run(self, source: tuple, start_ids=None) -> None:
        heap: list[_Parcel] = []
        starts = self.starts(source)
        if start_ids is not None:
            starts = [r for r in starts if r[1] in start_ids]
        self.total = sum((r[3] for r in starts), Decimal(0))
        self.min_amount = self.min_abs * self.total if self.total else Decimal(0)
        for ts, _eid, e, amt in starts:
            got = self.take(e, amt, amt)
            nxt = self.far(e)
            if got < self.min_amount:
                self.untraced += got
                continue
            if nxt == source:
                continue
            self.push(heap, nxt, ts, got, ((e, got),), frozenset((source, nxt)))
        while heap:
            if self.parcels >= MAX_PARCELS:
                self.truncated = True
                for p in heap:
                    self.ends.append((p, "truncated"))
                break
            p = heapq.heappop(heap)
            if p.account not in self.flows:
                # read the transfers of every account money is waiting in, in one batch
                self.fetch([p.account] + [q.account for q in heap if q.account not in self.flows])
            self.parcels += 1
            self.step(heap, p)

    def step(self, heap, p: _Parcel) -> None:
        if p.account in self.busy:
            self.ends.append((p, "busy"))
            return
        cands = self.candidates(p)
        if not cands:
            self.ends.append((p, self.end_kind(p)))
            return
        if len(p.route) >= self.max_hops:
            self.ends.append((p, "max_hops"))
            return
        need = p.amount * (1 - self.tol)
        chosen, cum = [], Decimal(0)
        for r in cands:
            chosen.append(r)
            cum += self.capacity.get(r[2].id, r[3])
            if cum >= need:
                break
        cap = cum
        moved = Decimal(0)
        for ts, _eid, e, amt in chosen:
            avail = self.capacity.get(e.id, amt)
            want = avail if cap <= p.amount else p.amount * avail / cap
            got = self.take(e, amt, want)
            moved += got
            if got <= 0:
                continue
            nxt = self.far(e)
            route = p.route + ((e, got),)
            if got < self.min_amount:
                self.untraced += got
                continue
            if nxt in p.nodes:
                self.ends.append((_Parcel((0, 0), nxt, ts, got, route, p.nodes), "cycle"))
                continue
            self.push(heap, nxt, ts, got, route, p.nodes | {nxt})
        rest = p.amount - moved
        if rest > max(p.amount * self.tol, self.min_amount):
            self.ends.append((_Parcel(p.order, p.account, p.t, rest, p.route, p.nodes), "unknown"))
        elif rest > 0:
            self.untraced += rest

    def end_kind(self, p: _Parcel) -> str:
        last = p.route[-1][0]
        return hop_kind(last, self.props.get(p.account), self.backward) or "unknown"


def run_trace(store, source: tuple, since: int | None = None, until: int | None = None,
              max_hops: int = DEFAULT_MAX_HOPS, max_dwell: int = DEFAULT_MAX_DWELL, backward: bool = False,
              min_amount_share: float = DEFAULT_MIN_SHARE, fee_tolerance: float = DEFAULT_FEE_TOLERANCE,
              cache: dict | None = None, start_ids=None,
              max_degree: int | None = DEFAULT_MAX_DEGREE) -> "_Tracer":
    """Run one trace from a node key (times in epoch seconds); the raw tracer, for other analyses.

    ``tracer.ends`` lists ``(parcel, kind)``; ``parcel.route`` is a tuple of ``(Edge, traced amount)``.
    Pass the same ``cache`` dict to several calls to read each account's transfers once;
    ``start_ids`` (edge ids) restricts the transfers the trace starts with.
    """
    tr = _Tracer(store, backward, max_hops, max_dwell, Decimal(str(min_amount_share)), fee_tolerance,
                 since, until, cache, max_degree)
    tr.run(source, start_ids)
    return tr


def _source_key(store, account_text) -> tuple[str, str]:
    from graphfraud.resolve import resolve

    if isinstance(account_text, tuple):
        key = tuple(account_text)
        if not store.nodes([key]):
            raise NotFound(f"{key[0]} {key[1]} is not in the graph")
        return key
    hits = resolve(store, str(account_text))
    accounts = [h for h in hits if h[0] == "account"]
    if not accounts:
        raise UsageError(f"{account_text!r} is not an account in the graph (found: "
                         f"{', '.join(f'{t} {v}' for t, v in hits)}); trace follows money from an account")
    return accounts[0]


def trace(store, account_text, since=None, max_hops: int = DEFAULT_MAX_HOPS, max_dwell=DEFAULT_MAX_DWELL,
          backward: bool = False, min_amount_share: float = DEFAULT_MIN_SHARE, until=None,
          fee_tolerance: float = DEFAULT_FEE_TOLERANCE, max_routes: int | None = DEFAULT_MAX_ROUTES,
          evidence: bool = True, max_degree: int | None = DEFAULT_MAX_DEGREE) -> dict:
    """Follow the money of one account forward (where it went) or backward (where it came from).

    ``since`` / ``until`` (any timestamp spelling) bound the transfers the trace
    starts with (forward: the account's outgoing transfers; backward: its
    incoming ones); backward, ``since`` also bounds every earlier hop.
    ``max_dwell``: how long money may sit in an account before it moves on
    (``48h``, ``90m``, ``2d`` or seconds). Returns ``{source, params, routes,
    endpoints, summary}``; each hop carries the traced amount, the transfer's own
    amount, its time, txn id and the file/sheet/row that states it.
    """
    if max_hops < 1:
        raise UsageError("--max-hops must be at least 1")
    if not 0 <= min_amount_share < 1:
        raise UsageError("min_amount_share must be in [0, 1)")
    dwell = parse_duration(max_dwell)
    t_since, t_until = parse_time(since), parse_time(until)
    source = _source_key(store, account_text)
    tr = _Tracer(store, backward, max_hops, dwell, Decimal(str(min_amount_share)), fee_tolerance,
                 t_since, t_until, max_degree=max_degree)
    tr.run(source)
    return _result(store, tr, source, dwell, t_since, t_until, max_routes, evidence)


def _result(store, tr: _Tracer, source, dwell, since, until, max_routes, evidence) -> dict:
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

    routes = []
    for p, kind in shown:
        hops = []
        # forward: the route is in money order; backward: reversed, so hops read earliest first
        edges = list(reversed(p.route)) if tr.backward else list(p.route)
        for e, carried in edges:
            hops.append({"from": node(e.src), "to": node(e.dst), "amount": fmt_amount(carried),
                         "transfer_amount": e.amount, "time": format_epoch(e.ts),
                         "txn_id": e.props.get("txn_id"),
                         "description": e.props.get("description"), "channel": e.props.get("channel"),
                         "edge_id": e.id,
                         "evidence": [{"file": x["file"], "sheet": x["sheet"], "row": x["row"]}
                                      for x in prov.get(e.id, [])]})
        end = {**node(p.account), "kind": kind}
        if cases.get(p.account):
            end["cases"] = cases[p.account]
        routes.append({"hops": hops, "amount": fmt_amount(p.amount), "end": end})
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
    src = node(source)
    return {
        "source": src,
        "direction": "backward" if tr.backward else "forward",
        "params": {"since": format_epoch(since) if since is not None else None,
                   "until": format_epoch(until) if until is not None else None,
                   "max_hops": tr.max_hops, "max_dwell_s": dwell, "min_amount_share": float(tr.min_abs),
                   "fee_tolerance": float(tr.tol), "max_degree": tr.max_degree},
        "traced_amount": fmt_amount(tr.total),
        "routes": routes,
        "endpoints": endpoints,
        "summary": {"routes": len(ends), "routes_shown": len(shown), "parcels": tr.parcels,
                    "accounts_read": len(tr.flows), "untraced_amount": fmt_amount(tr.untraced),
                    "truncated": tr.truncated},
    }


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
        path = [r["hops"][0]["from"]["value"]] + [h["to"]["value"] for h in r["hops"]] if r["hops"] else []
        first = (r["hops"][0]["evidence"] or [None])[0] if r["hops"] else None
        rows.append({"route": " → ".join(path), "hops": len(r["hops"]), "amount": r["amount"],
                     "ends": f"{r['end']['kind']} at {r['end']['value']}"
                             + (f" ({r['end']['bank']})" if r["end"].get("bank") else ""),
                     "first evidence": f"{first['file']} row {first['row']}" if first else ""})
    return rows
