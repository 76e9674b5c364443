"""Confounders: legitimate accounts whose traffic has the marks of a mule account — many
counterparties, money in and straight out, round amounts, logins from abroad. Shops with their daily
settlement, bill collectors, e-wallet hubs, payroll, small traders, money changers, P2P crypto
sellers, workers abroad sending money home, relatives forwarding it."""

import datetime as dt
import math

from .people import ext_account, person_activity
from .reference import rnd_round


def confounder_activity(w, budget):
    """About ``budget`` transfers of the confounders, each kind a fixed share of it."""
    days = [w.start + dt.timedelta(days=d) for d in range(w.days + 1)]
    _merchants(w, budget, days)
    _billers(w, budget, days)
    _hubs(w, budget)
    _payroll(w)
    _traders(w, budget)
    _changers(w, budget)
    _p2p_sellers(w, budget)
    _overseas_workers(w)
    _forwarders(w)


def _merchants(w, budget, days):
    """Many external payers, then the day's (or week's) takings settled to the owner."""
    r = w.r
    per_m = max(3, int(budget * 0.22 / max(1, len(w.merchants)) / w.days))
    for m in w.merchants:
        payers = [ext_account(w) for _ in range(r.randint(20, 120))]
        for d in days:
            tot = 0
            for _ in range(w.pois(per_m * r.uniform(0.5, 1.5))):
                amt = rnd_round(math.exp(r.gauss(math.log(2.5e5), 0.9)), 1000)
                w.add_tx(w.t_day(d), r.choice(payers), m, amt, w.desc("shop"))
                tot += amt
            if w.acc[m]["settle"] == "daily" or d.weekday() == 0:
                ts = d.replace(hour=r.choice([17, 18, 22, 23]), minute=r.randint(0, 59))
                factor = r.uniform(3, 8 if w.acc[m]["settle"] == "weekly" else 1.5)
                w.add_tx(ts, m, w.merchant_owner[m], rnd_round(max(tot, 1e6) * factor, 1000),
                         w.desc("settle"))


def _billers(w, budget, days):
    """Lots of small external payments (just a sample) and a few big outflows."""
    r = w.r
    for b in w.billers:
        for _ in range(int(budget * 0.02)):
            w.add_tx(w.rand_time(), ext_account(w), b, rnd_round(r.uniform(1e5, 2e6), 1), w.desc("bill"))
        for d in days[::7]:
            w.add_tx(w.t_day(d), b, ext_account(w), rnd_round(r.uniform(5e8, 5e9), 1000), "")


def _hubs(w, budget):
    """E-wallet hubs: external top-ups in, withdrawals out to many."""
    r = w.r
    for h in w.hubs:
        for _ in range(int(budget * 0.05 / len(w.hubs))):
            w.add_tx(w.rand_time(), ext_account(w), h,
                     r.choice([100000, 200000, 500000, 1000000, 2000000, 5000000]), w.desc("topup"))
        for _ in range(int(budget * 0.03 / len(w.hubs))):
            w.add_tx(w.rand_time(), h, ext_account(w), rnd_round(r.uniform(1e5, 2e7), 1000), w.desc("hubout"))


def _payroll(w):
    """Revenue in, then salaries out to many (employees at other banks too)."""
    r = w.r
    for c in w.payrolls:
        ext_emp = [ext_account(w) for _ in range(r.randint(10, 120))]
        revenue = [ext_account(w) for _ in range(r.randint(1, 4))]
        for m in w.months():
            day = m.replace(day=min(w.payday[c], 28), hour=8, minute=45)
            w.add_tx(day - dt.timedelta(days=r.randint(1, 3)), r.choice(revenue), c,
                     rnd_round(len(ext_emp) * 13e6, 1e6), "")
            for e in ext_emp:
                w.add_tx(day + dt.timedelta(seconds=r.randint(0, 3600)), c, e,
                         rnd_round(math.exp(r.gauss(math.log(11e6), 0.45)), 1000),
                         w.desc("salary", w.acc[c]["holder"]))


def _traders(w, budget):
    """Small traders: many counterparties in and out, turnover within a day."""
    r = w.r
    P = w.persons
    for t in w.traders:
        person_activity(w, t, 0.6)
        sup = [ext_account(w) for _ in range(r.randint(5, 25))]
        cust = [ext_account(w) for _ in range(r.randint(20, 100))] + r.sample(P, min(len(P), 10))
        n_sales = int(budget * 0.12 / max(1, len(w.traders)))
        for _ in range(n_sales):
            ts = w.rand_time()
            amt = rnd_round(math.exp(r.gauss(math.log(1.2e6), 1.0)), 1000)
            w.add_tx(ts, r.choice(cust), t, amt, w.desc("trade"))
            if r.random() < 0.35:
                w.add_tx(ts + dt.timedelta(minutes=r.randint(20, 600)), t, r.choice(sup),
                         rnd_round(amt * r.uniform(1.5, 6), 10000), w.desc("trade"))


def _changers(w, budget):
    """Money changers: large round amounts both ways, fast."""
    r = w.r
    P = w.persons
    for c in w.changers:
        person_activity(w, c, 0.5)
        clients = [ext_account(w) for _ in range(r.randint(15, 60))] + r.sample(P, min(len(P), 5))
        for _ in range(int(budget * 0.03 / len(w.changers))):
            ts = w.rand_time()
            amt = rnd_round(r.uniform(5e6, 3e8), 1000000)
            w.add_tx(ts, r.choice(clients), c, amt, w.desc("change"))
            if r.random() < 0.7:
                w.add_tx(ts + dt.timedelta(minutes=r.randint(2, 180)), c, r.choice(clients),
                         rnd_round(amt * r.uniform(0.6, 1.4), 1000000), w.desc("change"))


def _p2p_sellers(w, budget):
    """P2P USDT sellers: external buyers pay them, now and then they move money to their own accounts."""
    r = w.r
    for s in w.p2p:
        person_activity(w, s, 0.4)
        own = [ext_account(w) for _ in range(r.randint(1, 3))]
        buyers = [ext_account(w) for _ in range(r.randint(20, 80))]
        for _ in range(int(budget * 0.04 / len(w.p2p))):
            ts = w.rand_time()
            w.add_tx(ts, r.choice(buyers), s, rnd_round(math.exp(r.gauss(math.log(2e7), 1.0)), 1000),
                     w.desc("usdt"))
            if r.random() < 0.15:
                w.add_tx(ts + dt.timedelta(minutes=r.randint(5, 300)), s, r.choice(own + buyers),
                         rnd_round(r.uniform(2e7, 3e8), 1000000), w.desc("p2pself"))


def _overseas_workers(w):
    """Workers abroad: remittances in, most of it sent home each month; they log in from abroad."""
    r = w.r
    P = w.persons
    for wk in w.overseas:
        person_activity(w, wk, 0.25)
        fam = r.choice(w.forwarders) if r.random() < 0.6 else r.choice(P)
        remit = ext_account(w)
        for m in w.months():
            ts = w.t_day(m + dt.timedelta(days=r.randint(0, 27)))
            amt = rnd_round(r.uniform(15e6, 45e6), 100000)
            w.add_tx(ts, remit, wk, amt, w.desc("remit"))
            w.add_tx(ts + dt.timedelta(hours=r.uniform(0.2, 30)), wk, fam,
                     rnd_round(amt * r.uniform(0.5, 0.95), 500000), w.desc("sendhome", w.acc[wk]["holder"]))


def _forwarders(w):
    """Family forwarders: receive, and pass it on to relatives within hours."""
    r = w.r
    P = w.persons
    for f in w.forwarders:
        person_activity(w, f, 0.7)
        rel = r.sample(P, r.randint(1, 3))
        for _ in range(w.pois(w.days / 30 * 3)):
            src = r.choice(w.overseas) if r.random() < 0.3 else ext_account(w)
            ts = w.rand_time()
            amt = rnd_round(r.uniform(3e6, 40e6), 500000)
            w.add_tx(ts, src, f, amt, w.desc("family"))
            left = amt
            for q in rel:
                part = rnd_round(left * r.uniform(0.3, 0.9), 500000) if q != rel[-1] else left
                part = min(part, left)
                if part <= 0:
                    break
                w.add_tx(ts + dt.timedelta(minutes=r.randint(5, 400)), f, q, part,
                         w.desc("forward_family", w.acc[q]["holder"]))
                left -= part
