"""The signals of the mule score read from transfers, reports and logins (vectorised per account row).

:func:`flows` reads every account-to-account transfer of a view once; the other
functions fill ``c.sg`` (signal strengths in [0, 1]) and ``c.st`` (the raw
measures the explanations quote) for one group of signals each. The model that
weighs them, and the rounds that propagate suspicion, are in
:mod:`graphfraud.analysis.mules`; the definitions in ``docs/detection.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.analysis.moneytrail import MoneyTrail, money_trail
from graphfraud.analysis.mule_flow import relayed, relayed_on
from graphfraud.analysis.robust import robust_fence
from graphfraud.normalize.bank import is_foreign
from graphfraud.store.sorted_keys import distinct, grouped_order, query_order, ranks, search

__all__ = ["FORWARD_WINDOW_S", "Access", "Flows", "access_signals", "exits", "flows", "layering",
           "pass_through", "report_signals", "trail_signals"]

FORWARD_WINDOW_S = 3600          # "money out soon after money in": within an hour
TRACED_FULL_SHARE = 0.5          # victims' money this share of an account's inflow: full strength
TRACED_FULL_PASSED = 0.8         # ... when it passed on at least this share of it
LAYERING_FULL_SHARE = 0.3        # hops of a fast chain this share of its money in or out: full strength
_EXIT_RE = re.compile(r"\b(usdt|usdc|btc|bitcoin|eth|crypto|tien ao|binance|okx|bybit|huobi|p2p|otc"
                      r"|rut tien|rut tien mat|tien mat|quoc te|nuoc ngoai|ra nuoc ngoai|western union"
                      r"|swift|remit|remittance)\b")


@dataclass
class Flows:
    """Transfers between two different accounts: positions ``T`` in the view, sender and receiver rows
    ``s``/``d``, amounts ``a`` (0 where none), times ``t`` (NaN where none), per-row totals."""

    gv: GraphView
    acc: np.ndarray
    row: np.ndarray
    T: np.ndarray
    s: np.ndarray
    d: np.ndarray
    a: np.ndarray
    t: np.ndarray
    st: dict = field(default_factory=dict)
    sg: dict = field(default_factory=dict)

    @property
    def na(self) -> int:
        return len(self.acc)


def flows(gv: GraphView) -> Flows:
    acc = gv.nodes_of_type("account")
    na = len(acc)
    row = np.full(gv.n, -1, dtype=np.int64)
    row[acc] = np.arange(na)
    T = gv.edges_of_type("transfer")
    s, d = row[gv.src[T]], row[gv.dst[T]]
    ok = (s >= 0) & (d >= 0) & (s != d)
    T, s, d = T[ok], s[ok], d[ok]
    c = Flows(gv, acc, row, T, s, d, np.nan_to_num(gv.amount[T], nan=0.0), gv.ts[T])
    st = c.st
    st["in_amount"], st["out_amount"] = np.bincount(d, c.a, minlength=na), np.bincount(s, c.a, minlength=na)
    # money that leaves or enters with no other account named (cash at an ATM or a counter) is part of
    # the totals; a withdrawal leaves the chain (see exits)
    st["cash_out_amount"] = _own_sums(gv, row, "withdrawal", na)
    st["in_amount"] = st["in_amount"] + _own_sums(gv, row, "deposit", na)
    st["out_amount"] = st["out_amount"] + st["cash_out_amount"]
    st["in_count"], st["out_count"] = np.bincount(d, minlength=na), np.bincount(s, minlength=na)
    pair = distinct(s.astype(np.int64) * na + d)
    st["senders"] = np.bincount(pair % na, minlength=na)
    st["receivers"] = np.bincount(pair // na, minlength=na)
    return c


def _own_sums(gv: GraphView, row: np.ndarray, etype: str, na: int) -> np.ndarray:
    """Per account row: the amounts of its ``withdrawal`` or ``deposit`` edges (account to itself)."""
    e = gv.edges_of_type(etype)
    r = row[gv.src[e]]
    ok = r >= 0
    return np.bincount(r[ok], np.nan_to_num(gv.amount[e][ok], nan=0.0), minlength=na)


def report_signals(c: Flows) -> np.ndarray:
    """``reported`` and ``victim_money``; returns the rows that are reported victims' accounts."""
    gv, na, st, sg, s, d, a = c.gv, c.na, c.st, c.sg, c.s, c.d, c.a
    M = gv.edges_of_type("mention")
    role = np.array(gv.edge_prop("role", M) + [None], dtype=object)[:-1]
    mrow = c.row[gv.dst[M]]
    victim = np.zeros(na, dtype=bool)
    victim[mrow[(mrow >= 0) & (role == "victim")]] = True
    sus = (mrow >= 0) & (role == "suspect")
    sus_pairs = distinct(mrow[sus].astype(np.int64) * gv.n + gv.src[M][sus])
    st["suspect_cases"] = np.bincount(sus_pairs // gv.n, minlength=na)
    sg["reported"] = 1.0 - 0.5 ** st["suspect_cases"]
    vt = victim[s]
    vin = np.bincount(d[vt], a[vt], minlength=na)
    vpairs = distinct(s[vt].astype(np.int64) * na + d[vt])
    st["victim_senders"] = np.bincount(vpairs % na, minlength=na)
    st["victim_amount"] = vin
    vshare = np.divide(vin, st["in_amount"], out=np.zeros(na), where=st["in_amount"] > 0)
    st["victim_share"] = vshare
    sg["victim_money"] = np.minimum(1.0, st["victim_senders"] / 2.0) * np.minimum(1.0, vshare / 0.5)
    return victim


def pass_through(c: Flows) -> None:
    """``pass_through``: in/out balance and the share of inflow sent on within the hour; median dwell."""
    na, st = c.na, c.st
    timed = ~np.isnan(c.t)
    ts_, ss, dd, aa = c.t[timed], c.s[timed], c.d[timed], c.a[timed]
    t0 = float(ts_.min()) if len(ts_) else 0.0
    rel = (ts_ - t0).astype(np.int64)
    out_key = ss.astype(np.int64) * (1 << 34) + rel
    o = np.argsort(out_key, kind="stable")
    out_key_s, out_amt_s = out_key[o], aa[o]
    cum = np.concatenate([[0.0], np.cumsum(out_amt_s)])
    in_key = dd.astype(np.int64) * (1 << 34) + rel
    order = query_order(out_key_s, in_key)   # both searches in the keys' own order
    j = search(out_key_s, in_key, "left", order)
    k = search(out_key_s, in_key + FORWARD_WINDOW_S, "right", order)
    has_next = (j < len(out_key_s)) & ((out_key_s[np.minimum(j, len(out_key_s) - 1)] >> 34) == dd) if len(
        out_key_s) else np.zeros(len(dd), dtype=bool)
    dwell = np.where(has_next, (out_key_s[np.minimum(j, max(len(out_key_s) - 1, 0))] & ((1 << 34) - 1)) - rel
                     if len(out_key_s) else 0, np.inf).astype(np.float64)
    window_out = cum[k] - cum[j] if len(out_key_s) else np.zeros(len(dd))
    fwd = np.minimum(aa, window_out)
    in_timed = np.bincount(dd, aa, minlength=na)
    fast = np.divide(np.bincount(dd, fwd, minlength=na), in_timed, out=np.zeros(na), where=in_timed > 0)
    in_amt, out_amt = st["in_amount"], st["out_amount"]
    balance = np.divide(np.minimum(in_amt, out_amt), np.maximum(in_amt, out_amt), out=np.zeros(na),
                        where=np.maximum(in_amt, out_amt) > 0)
    fast = np.minimum(fast, balance)
    st["fast_share"], st["balance"] = fast, balance
    st["median_dwell_s"] = _median_per_row(dd, dwell, na)
    balance_f = np.clip((balance - 0.5) / 0.4, 0.0, 1.0)
    c.sg["pass_through"] = balance_f * np.clip(fast / 0.8, 0.0, 1.0)


def _median_per_row(rows: np.ndarray, x: np.ndarray, n: int) -> np.ndarray:
    med = np.full(n, np.inf)
    if len(rows):
        order = grouped_order(rows, ranks(x, stable=False))   # equal values in any order: same medians
        r_s, x_s = rows[order], x[order]
        starts = np.searchsorted(r_s, np.arange(n), side="left")
        ends = np.searchsorted(r_s, np.arange(n), side="right")
        cnt = ends - starts
        has = cnt > 0
        lo = starts[has] + (cnt[has] - 1) // 2
        hi = starts[has] + cnt[has] // 2
        with np.errstate(invalid="ignore"):
            med[has] = (x_s[lo] + x_s[hi]) / 2.0
    return med


def exits(c: Flows) -> np.ndarray:
    """Per transfer: it leaves the chain (to a bank known to be abroad, or described as crypto, cash or
    international); the per-row exit amounts (with the withdrawals) and shares."""
    gv, na, st = c.gv, c.na, c.st
    banks = gv.node_prop("bank", c.acc)
    abroad = {b: is_foreign(b) is True for b in set(banks)}   # an unknown bank is not evidence of abroad
    foreign_bank = np.array([abroad[b] for b in banks] + [False], dtype=bool)[:-1]
    from graphfraud.normalize.base import fold

    desc = gv.edge_prop("description", c.T)
    is_cash = {x: bool(x) and bool(_EXIT_RE.search(fold(str(x)))) for x in set(desc)}   # few distinct texts
    cash_desc = np.array([is_cash[x] for x in desc] + [False], dtype=bool)[:-1]
    exit_tx = foreign_bank[c.d] | cash_desc
    exit_amt = np.bincount(c.s[exit_tx], c.a[exit_tx], minlength=na) + st["cash_out_amount"]
    st["exit_amount"] = exit_amt
    st["foreign_bank"] = foreign_bank.astype(np.float64)
    st["exit_share"] = np.divide(exit_amt, st["out_amount"], out=np.zeros(na), where=st["out_amount"] > 0)
    return exit_tx


def trail_signals(c: Flows, exit_tx: np.ndarray) -> tuple[MoneyTrail, np.ndarray, np.ndarray]:
    """``traced_money`` and the first ``cash_out``; returns the trail, how much each row holds of the
    victims' money (in [0, 1]) and the relaying transfers."""
    gv, na, st, sg, s, d = c.gv, c.na, c.st, c.sg, c.s, c.d
    trail = money_trail(gv, c.row, na)
    st["traced_in"], st["traced_out"] = trail.traced_in, trail.traced_out
    carried = trail.carried[c.T]
    # victims' money that came in through the chain (what arrives through an exit transfer has left it)
    in_chain = np.bincount(d[~exit_tx], carried[~exit_tx], minlength=na)
    st["traced_share"] = np.divide(in_chain, st["in_amount"], out=np.zeros(na), where=st["in_amount"] > 0)
    # passed on inside the chain: what leaves it here (abroad, crypto, cash) is cash-out, not layering
    kept_in_chain = np.bincount(s[~exit_tx], carried[~exit_tx], minlength=na)
    st["traced_passed"] = np.divide(kept_in_chain, trail.traced_in, out=np.zeros(na),
                                    where=trail.traced_in > 0)
    st["trail_depth"], st["trail_cases"] = trail.depth, trail.cases
    holds = np.clip(st["traced_share"] / TRACED_FULL_SHARE, 0.0, 1.0)
    sg["traced_money"] = holds * np.clip(st["traced_passed"] / TRACED_FULL_PASSED, 0.0, 1.0)
    # where victims' money ends (stays, or leaves the chain from here): a cash-out point, not a mule
    st["ends_here"] = np.minimum(1.0, np.divide(trail.stays + trail.exits, trail.traced_in, out=np.zeros(na),
                                                where=trail.traced_in > 0))
    sg["cash_out"] = np.clip((np.maximum(st["exit_share"], st["ends_here"] * holds) - 0.2) / 0.6, 0.0, 1.0)
    return trail, holds, relayed(s, d, c.t, c.a, na) & ~exit_tx


def layering(c: Flows, relay_tx: np.ndarray, victim: np.ndarray, trail: MoneyTrail) -> tuple[np.ndarray, np.ndarray]:
    """``layering``: the account sits inside a chain of fast, nearly whole hops. A hop is a relay
    (the sender received its amount in the hours before, see ``relay_tx``) whose receiver passes it on
    in the hours after; an account's share is the larger of its outflow and its inflow made of hops.
    Suspicion plays no part: a chain of rented accounts no victim reported is still a chain. A reported
    victim's payment of its loss (a transfer the trail of the victims' money starts with) is the scam,
    not the victim's layering, whatever arrived before it (a loan, a relative's help); it still counts
    for the mule that passes it on. Returns the hops and those that count for their sender."""
    na, st, s, d, a = c.na, c.st, c.s, c.d, c.a
    hop = relay_tx & relayed_on(s, d, c.t, a)
    loss = victim[s] & (trail.carried[c.T] > 0)
    sent = hop & ~loss
    out_share = np.divide(np.bincount(s[sent], a[sent], minlength=na), st["out_amount"], out=np.zeros(na),
                          where=st["out_amount"] > 0)
    in_share = np.divide(np.bincount(d[hop], a[hop], minlength=na), st["in_amount"], out=np.zeros(na),
                         where=st["in_amount"] > 0)
    st["layering_share"] = np.maximum(out_share, in_share)
    st["layering_hops"] = np.bincount(s[sent], minlength=na) + np.bincount(d[hop], minlength=na)
    c.sg["layering"] = np.clip(st["layering_share"] / LAYERING_FULL_SHARE, 0.0, 1.0)
    return hop, sent


@dataclass
class Access:
    """Who logs in from which device and IP: (account row, node) pairs and the damping of busy ones."""

    dev_acc: np.ndarray
    dev_node: np.ndarray
    ip_acc: np.ndarray
    ip_node: np.ndarray
    dev_damp: np.ndarray
    ip_damp: np.ndarray
    foreign_login_edges: np.ndarray


def access_signals(c: Flows) -> Access:
    """``foreign_logins``; the device and IP use that ``shared_access`` propagates over."""
    gv, na, st = c.gv, c.na, c.st
    L = gv.edges_of_type("login")
    lrow = c.row[gv.src[L]]
    ldst = gv.dst[L]
    is_ip = (lrow >= 0) & (gv.ntype[ldst] == gv.type_code("ip"))
    is_dev = (lrow >= 0) & (gv.ntype[ldst] == gv.type_code("device"))
    ip_foreign_node = np.zeros(gv.n, dtype=bool)
    ips = gv.nodes_of_type("ip")
    ip_foreign_node[ips] = np.array([bool(x) for x in gv.node_prop("foreign", ips)] + [False],
                                    dtype=bool)[:-1]
    lcountry = np.array(gv.edge_prop("country", L) + [None], dtype=object)[:-1]
    not_vn = {x: x is not None and str(x).upper() not in ("VN", "VNM", "VIET NAM", "VIETNAM")
              for x in set(lcountry.tolist())}
    says_abroad = np.array([not_vn[x] for x in lcountry.tolist()] + [False], dtype=bool)[:-1]
    foreign_login = is_ip & (ip_foreign_node[ldst] | says_abroad)
    n_ip_logins = np.bincount(lrow[is_ip], minlength=na)
    n_foreign = np.bincount(lrow[foreign_login], minlength=na)
    st["ip_logins"], st["foreign_logins"] = n_ip_logins, n_foreign
    c.sg["foreign_logins"] = np.divide(n_foreign, n_ip_logins, out=np.zeros(na), where=n_ip_logins > 0)

    def uses(mask):
        p = distinct(lrow[mask].astype(np.int64) * gv.n + ldst[mask])
        return (p // gv.n).astype(np.int64), (p % gv.n).astype(np.int64)

    dev_acc, dev_node = uses(is_dev)
    ip_acc, ip_node = uses(is_ip)
    dev_users = np.bincount(dev_node, minlength=gv.n)
    ip_users = np.bincount(ip_node, minlength=gv.n)
    dev_fence = robust_fence(dev_users[dev_users > 0])
    ip_fence = robust_fence(ip_users[ip_users > 0])
    st["device_fence"], st["ip_fence"] = np.full(na, dev_fence), np.full(na, ip_fence)
    return Access(dev_acc, dev_node, ip_acc, ip_node, np.minimum(1.0, dev_fence / np.maximum(dev_users, 1)),
                  np.minimum(1.0, ip_fence / np.maximum(ip_users, 1)), L[foreign_login])
