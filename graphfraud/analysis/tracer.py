"""The tracer behind :func:`graphfraud.analysis.trace.trace`: parcels of money moved on through
time-respecting transfers, capacities shared by one trace, and how a route ends (the rules are in
:mod:`graphfraud.analysis.trace`). :func:`run_trace` gives other analyses the raw :class:`Tracer`."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from graphfraud.analysis.time_window import DAY_S, day_only, window
from graphfraud.store.base import Edge
from graphfraud.textfmt import parse_decimal

DEFAULT_MAX_DWELL = 72 * 3600
DEFAULT_MAX_HOPS = 6
DEFAULT_MIN_SHARE = 0.01
DEFAULT_FEE_TOLERANCE = 0.05
DEFAULT_MAX_DEGREE = 5_000   # accounts with more edges than this end a route (kind "busy")
MAX_PARCELS = 20_000   # work limit: a trace never expands more parcels than this

# folded (accent-free, lower-case) description patterns
_ABROAD_RE = re.compile(r"quoc te|nuoc ngoai|international|swift|overseas|cross.?border|kieu hoi ra")
_CASHOUT_RE = re.compile(
    r"rut tien|rut tm|rut mat|\batm\b|withdraw|cash ?out|\busdt\b|\busdc\b|\bbtc\b|bitcoin|\beth\b|crypto"
    r"|tien ao|tien dien tu|binance|okx|huobi|\bp2p\b|\botc\b")
_CASHIN_RE = re.compile(r"nop tien mat|nop tm|nop tien tai quay|cash deposit|\bdeposit\b")
_CASH_CHANNEL_RE = re.compile(r"\batm\b|rut tien|cash")


def positive_amount(text) -> Decimal | None:
    """A transfer's amount as a Decimal; None unless it is a finite number above zero."""
    d = parse_decimal(text)
    return d if d is not None and d > 0 else None


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


class Tracer:
    """One trace: parcels waiting in accounts (a heap in time order), the transfers read so far, and
    the ends reached (``ends``: ``(parcel, kind)``)."""

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
        # money that leaves (forward) or enters (backward) with no other account: a route ends there
        self.own, self.own_end = ("deposit", "cashin") if backward else ("withdrawal", "cashout")
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
        for e in (self.store.incident(read, types=("transfer", self.own)) if read else ()):
            if e.type == "transfer" and e.dst in self.flows and e.src != e.dst:   # who pays into each account
                self.senders.setdefault(e.dst, set()).add(e.src)
            amt = positive_amount(e.amount)
            if e.ts is None or amt is None:
                continue
            here = e.dst if self.backward else e.src
            if here in self.flows and (e.src != e.dst or e.type == self.own):
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
            # a transfer whose file gave only its day (read as 00:00) can have left after the money came
            out = [r for r in rows if (p.t <= r[0] or (r[0] > p.t - DAY_S and day_only(r[2]))) and r[0] <= hi
                   and (not p.route or r[2].id != p.route[-1][0].id)]
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
            if e.type == self.own:   # the money left (backward: came) in cash, however small the part
                self.ends.append((_Parcel((0, 0), source, self.moved_at(e, None), got, ((e, got),),
                                          frozenset((source,))), self.own_end))
                continue
            if got < self.min_amount:
                self.untraced += got
                continue
            if nxt == source:
                continue
            self.push(heap, nxt, self.moved_at(e, None), got, ((e, got),), frozenset((source, nxt)))
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
            if e.type == self.own:
                # withdrawn in cash (backward: deposited): the route ends here, however small the part (a
                # cash-out account's money leaves in many ATM withdrawals; it moves no further)
                self.ends.append((_Parcel(p.order, p.account, self.moved_at(e, p.t), got, route, p.nodes),
                                  self.own_end))
                continue
            if got < self.min_amount:
                self.untraced += got
                continue
            if nxt in p.nodes:
                self.ends.append((_Parcel((0, 0), nxt, ts, got, route, p.nodes), "cycle"))
                continue
            self.push(heap, nxt, self.moved_at(e, p.t), got, route, p.nodes | {nxt})
        rest = p.amount - moved
        if rest > max(p.amount * self.tol, self.min_amount):
            self.ends.append((_Parcel(p.order, p.account, p.t, rest, p.route, p.nodes), "unknown"))
        elif rest > 0:
            self.untraced += rest

    def moved_at(self, e: Edge, after: int | None) -> int:
        """A parcel's time after transfer ``e``: forward the earliest the money can have arrived (not
        before it came to the sender, ``after``), backward the latest it can have left (the day's
        end for a transfer whose file gave only the date; see :mod:`graphfraud.analysis.time_window`)."""
        first, last = window(e)
        if self.backward:
            return last if after is None else min(last, after)
        return first if after is None else max(first, after)

    def end_kind(self, p: _Parcel) -> str:
        last = p.route[-1][0]
        return hop_kind(last, self.props.get(p.account), self.backward) or "unknown"


def run_trace(store, source: tuple, since: int | None = None, until: int | None = None,
              max_hops: int = DEFAULT_MAX_HOPS, max_dwell: int = DEFAULT_MAX_DWELL, backward: bool = False,
              min_amount_share: float = DEFAULT_MIN_SHARE, fee_tolerance: float = DEFAULT_FEE_TOLERANCE,
              cache: dict | None = None, start_ids=None,
              max_degree: int | None = DEFAULT_MAX_DEGREE) -> Tracer:
    """Run one trace from a node key (times in epoch seconds); the raw tracer, for other analyses.

    ``tracer.ends`` lists ``(parcel, kind)``; ``parcel.route`` is a tuple of ``(Edge, traced amount)``.
    Pass the same ``cache`` dict to several calls to read each account's transfers once;
    ``start_ids`` (edge ids) restricts the transfers the trace starts with.
    """
    tr = Tracer(store, backward, max_hops, max_dwell, Decimal(str(min_amount_share)), fee_tolerance,
                since, until, cache, max_degree)
    tr.run(source, start_ids)
    return tr
