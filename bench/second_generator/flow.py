"""The money flow: a victim's payment waits in a first-layer mule for the organisation's delay,
is split and forwarded to the next layer (or to a cash-out account), and each cash-out account is
emptied in a mix of P2P crypto purchases, ATM withdrawals and transfers to banks abroad. Events are
run in time order from a heap; every amount remembers which victims it came from."""

import datetime as dt
import heapq
import math

from .organisations import active, org_login, org_login_co
from .reference import rnd_round


def push(w, t, act, data):
    """Schedule ``act`` ("fwd" or "cash") at time t."""
    w.seq += 1
    heapq.heappush(w.heap, (t, w.seq, act, data))


def run_flow(w):
    """Run the scheduled forwards and cash-outs until none is left."""
    while w.heap:
        t, _, act, data = heapq.heappop(w.heap)
        if act == "fwd":
            do_forward(w, t, *data)
        elif act == "cash":
            do_cashout(w, t, *data)


def take(w, acct, t):
    """Money that has arrived at acct by time t (and not yet moved on)."""
    lst = w.pending.get(acct, [])
    now = [(v, a) for (ts, v, a) in lst if ts <= t]
    w.pending[acct] = [x for x in lst if x[0] > t]
    return now


def delay(w, org):
    """How long money waits in a mule of ``org`` (log-normal around the organisation's median)."""
    m = org["delay_med_min"]
    return dt.timedelta(minutes=max(0.5, math.exp(w.r.gauss(math.log(m), 0.8))))


def split(w, total, n):
    """``total`` in up to n parts, rounded as people type amounts."""
    r = w.r
    if n == 1:
        return [total]
    parts = []
    left = total
    for _ in range(n - 1):
        p = rnd_round(left * r.uniform(0.25, 0.6), 1000000 if left > 2e7 else 100000)
        if p >= left:
            break
        parts.append(p)
        left -= p
    parts.append(left)
    return parts


def do_forward(w, t, mule, org):
    """Forward what has reached ``mule`` to the next layer (a fee kept now and then)."""
    r = w.r
    batch = take(w, mule, t)
    if not batch:
        return
    total = int(sum(a for _, a in batch))
    vids = {v for v, _ in batch}
    i = w.acc[mule]
    if r.random() < 0.3:
        total = total - rnd_round(total * r.uniform(0.005, 0.02), 1000)
    layer = i["layer"]
    nxt_pool = org["layer"][layer + 1] if layer + 1 < len(org["layer"]) else org["cashout"]
    is_co = nxt_pool is org["cashout"]
    if total > 3e8:
        n = r.randint(2, 4)
    else:
        n = r.choices([1, 2, 3], weights=[6, 3, 1])[0]
    parts = split(w, total, n)
    ts = t
    for p in parts:
        dst = r.choice(org["cashout"] if is_co else active(w, nxt_pool, ts))
        ts = ts + dt.timedelta(seconds=r.randint(20, 400))
        ok = w.add_tx(ts, mule, dst, p, w.desc("mule_fwd", w.acc[dst]["holder"]),
                      login=org_login(w, org, mule))
        if not ok:
            continue
        w.pending[dst].extend((ts, v, p / len(vids)) for v in vids)
        w.got_money.add(dst)
        if is_co:
            push(w, ts + dt.timedelta(minutes=r.uniform(10, 720)), "cash", (dst, org))
        else:
            push(w, ts + delay(w, org), "fwd", (dst, org))


def do_cashout(w, t, co, org):
    """Empty cash-out account ``co``: crypto, ATM or abroad, by the organisation's mix."""
    r = w.r
    batch = take(w, co, t)
    if not batch:
        return
    for v, _ in batch:
        w.reached[v].add(co)
    total = int(sum(a for _, a in batch))
    mix = org["cash_mix"]
    ts = t
    left = total
    while left > 500000:
        how = r.choices(["crypto", "atm", "abroad"], weights=mix)[0]
        if how == "crypto":
            amt = min(left, rnd_round(r.uniform(2e7, 2.5e8), 1000000))
            seller = r.choice(w.p2p)
            ts += dt.timedelta(minutes=r.uniform(1, 40))
            w.add_tx(ts, co, seller, amt, w.desc("usdt", w.acc[seller]["holder"]),
                     login=org_login_co(w, org, co))
        elif how == "atm":
            amt = min(left, rnd_round(r.choice([5e6, 5e6, 3e6, 10e6]), 1000000))
            ts += dt.timedelta(minutes=r.uniform(1, 25))
            w.add_tx(ts, co, None, amt, w.desc("atm"))
        else:
            amt = min(left, rnd_round(r.uniform(5e7, 5e8), 1000000))
            fa, fb = r.choice(org["abroad_accts"])
            ts += dt.timedelta(minutes=r.uniform(2, 90))
            w.add_tx(ts, co, fa, amt, w.desc("abroad"), to_bank=fb, login=org_login_co(w, org, co))
        left -= amt
