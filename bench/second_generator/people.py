"""People and accounts: the account registry (holder, citizen id, phone, opening date, biometric
check), the population of ordinary people with their households, employers, relatives and shops,
the legitimate businesses and busy individuals whose traffic looks like laundering, and the everyday
activity of one person over the period."""

import datetime as dt
import math

from . import identifiers as ids
from .reference import GIV_F, GIV_M, IP24, deacc, rnd_round

# company names: "CONG TY TNHH" + trade + a given name + a lucky word
COMPANY_TRADES = ["THUONG MAI", "DICH VU", "TM DV", "XNK", "CONG NGHE", "DAU TU"]
COMPANY_TAILS = ["PHAT", "THINH", "AN", "VIET", "HUNG", "LONG", "GROUP"]


def new_account(w, role, bank=None, holder=None, sex=None, year=None, opened=None, bio=None,
                phone=None, cccd=None, modelled=True, digital=False, company=False):
    """Open an account of the modelled population (it can appear in the KYC registry and the logins)."""
    r = w.r
    bank = bank or ids.pick_bank(w, digital)
    a = ids.account_number(w, bank)
    if holder is None:
        if company:
            holder = "CONG TY TNHH " + r.choice(COMPANY_TRADES) + " " + \
                deacc(r.choice(GIV_M + GIV_F)).upper() + " " + r.choice(COMPANY_TAILS)
            sex, year = "M", r.randint(1970, 1990)
        else:
            holder, sex = ids.person_name(r)
            year = year or r.randint(1958, 2005)
    year = year or r.randint(1960, 2004)
    if opened is None:
        opened = w.start - dt.timedelta(days=int(r.expovariate(1 / 1400)) + 30)
    info = {"acct": a, "role": role, "bank": bank, "holder": holder, "sex": sex or "M", "year": year,
            "opened": opened, "bio": (r.random() < 0.9) if bio is None else bio,
            "phone": phone or ids.phone(w), "cccd": cccd or ids.citizen_id(r, sex or "M", year),
            "modelled": modelled, "devices": [], "home_ip": None, "company": company}
    w.acc[a] = info
    return a


def ext_account(w):
    """An account outside the modelled population: only its number and bank are known."""
    bank = ids.pick_bank(w)
    a = ids.account_number(w, bank)
    w.acc[a] = {"acct": a, "role": "external", "bank": bank, "modelled": False, "holder": None}
    return a


def setup_person(w, role="ordinary", bank=None, cc="VN", mult=1.0):
    """A person's account with their phone's device(s) and home network in country ``cc``."""
    a = new_account(w, role, bank=bank)
    i = w.acc[a]
    i["devices"] = [ids.device(w.r)]
    if w.r.random() < 0.15:
        i["devices"].append(ids.device(w.r))
    i["home_cc"] = cc
    b = w.r.choice(IP24[cc]).split(".")
    i["home_ip"] = f"{b[0]}.{b[1]}.{w.r.randint(0, 255)}" if cc == "VN" else ".".join(b)
    i["mult"] = mult
    if role == "ordinary":
        w.persons.append(a)
    return a


def build_population(w, n_persons):
    """Ordinary people, then the confounders: businesses and people with mule-like traffic."""
    r = w.r
    for _ in range(n_persons):
        a = setup_person(w)
        w.kinds["ordinary"].append(a)
    P = w.kinds["ordinary"]
    # households share a phone/device (couples: 1 device logging into 2 accounts)
    for _ in range(max(1, n_persons // 15)):
        x, y = r.sample(P, 2)
        w.acc[y]["devices"] = [w.acc[x]["devices"][0]]
        w.acc[y]["home_ip"] = w.acc[x]["home_ip"]
    _businesses(w, n_persons)
    _busy_people(w, n_persons)
    for kind, lst in [("merchant", w.merchants), ("biller", w.billers), ("payment_hub", w.hubs),
                      ("payroll", w.payrolls), ("small_trader", w.traders), ("money_changer", w.changers),
                      ("p2p_seller", w.p2p), ("overseas_worker", w.overseas),
                      ("family_forwarder", w.forwarders)]:
        w.kinds[kind] = list(lst)
    _relations(w, P)


def _businesses(w, n):
    """Shops, bill collectors, e-wallet hubs and employers paying salaries."""
    r = w.r
    w.merchants = [new_account(w, "merchant", company=r.random() < 0.6) for _ in range(max(4, n // 35))]
    w.billers = [new_account(w, "biller", company=True) for _ in range(r.randint(2, 4))]
    w.hubs = [new_account(w, "payment_hub", company=True, bank=r.choice(["VCB", "BIDV", "CTG", "TCB"]))
              for _ in range(r.randint(1, 3))]
    w.payrolls = [new_account(w, "payroll", company=True) for _ in range(max(2, n // 90))]


def _busy_people(w, n):
    """Small traders, money changers, P2P crypto sellers, workers abroad and family forwarders."""
    r = w.r
    w.traders = [setup_person(w, "small_trader") for _ in range(max(3, n // 35))]
    w.changers = [setup_person(w, "money_changer") for _ in range(r.randint(1, 4))]
    w.p2p = [setup_person(w, "p2p_seller") for _ in range(r.randint(3, 9))]
    w.overseas = []
    for _ in range(max(3, n // 40)):
        cc = r.choices(["KR", "JP", "TW", "KH", "LA", "CN"], weights=[30, 30, 25, 6, 5, 4])[0]
        w.overseas.append(setup_person(w, "overseas_worker", cc=cc))
    # dormitory: some overseas workers share one NAT'd /24 and even a device
    if len(w.overseas) >= 4:
        grp = r.sample(w.overseas, r.randint(2, 4))
        blk = w.acc[grp[0]]["home_ip"]
        for g in grp:
            w.acc[g]["home_ip"] = blk
            w.acc[g]["home_cc"] = w.acc[grp[0]]["home_cc"]
    w.forwarders = [setup_person(w, "family_forwarder") for _ in range(max(3, n // 30))]


def _relations(w, P):
    """Who owns each shop, offices' logins, employers and paydays, relatives, favourite shops."""
    r = w.r
    w.merchant_owner = {}
    for m in w.merchants:
        w.merchant_owner[m] = r.choice(P) if r.random() < 0.4 else ext_account(w)
        w.acc[m]["settle"] = r.choice(["daily", "weekly", "daily"])
    for c in w.merchants + w.payrolls + w.billers:
        i = w.acc[c]
        i["devices"] = [ids.device(r) for _ in range(r.randint(1, 3))]
        i["home_cc"], i["home_ip"] = "VN", r.choice(IP24["VN"])
    w.employer = {p: (r.choice(w.payrolls) if r.random() < 0.55 else None) for p in P}
    w.payday = {c: r.choice([5, 10, 15, 25, 28]) for c in w.payrolls}
    w.family = {p: r.sample(P, r.randint(1, 3)) for p in P}
    w.fav_merch = {p: r.sample(w.merchants, min(len(w.merchants), r.randint(1, 5))) for p in P}


def person_activity(w, p, mult=1.0):
    """Everyday activity of one person over the period (also used for rented mules and the busy
    confounders); ``mult`` scales how much of it there is."""
    i = w.acc[p]
    _income_and_rent(w, p, i, mult)
    _spending(w, p, i, mult)
    _occasional(w, p, i, mult)


def _income_and_rent(w, p, i, mult):
    r = w.r
    P = w.persons
    emp = w.employer.get(p, "x")
    if emp == "x":   # not yet assigned (mules, traders ...)
        emp = r.choice(w.payrolls) if r.random() < 0.5 else None
        w.employer[p] = emp
    salary = rnd_round(math.exp(r.gauss(math.log(11e6), 0.45)), 1000)
    for m in w.months():
        if r.random() > mult and mult < 1:
            continue
        if emp:
            day = min(w.payday[emp], 28)
            ts = m.replace(day=day, hour=9) + dt.timedelta(minutes=r.randint(0, 40), seconds=r.randint(0, 59))
            w.add_tx(ts, emp, p, salary + r.choice([0, 0, r.randint(-50, 200) * 10000]),
                     w.desc("salary", w.acc[emp]["holder"]))
        elif r.random() < 0.5:
            src = ext_account(w)
            w.add_tx(w.t_day(m + dt.timedelta(days=r.randint(0, 27))), src, p, rnd_round(salary, 100000),
                     w.desc("salary"))
        if r.random() < 0.25:
            land = r.choice(P) if r.random() < 0.5 else ext_account(w)
            w.add_tx(w.t_day(m + dt.timedelta(days=r.randint(0, 6))), p, land,
                     rnd_round(r.uniform(2.5e6, 9e6), 100000), w.desc("rent", i["holder"]))


def _counts(w, mult):
    """Poisson draws of events per month, over the period, scaled by ``mult``."""
    frac = w.days / 30.0
    return lambda x: w.pois(x * frac * mult)


def _spending(w, p, i, mult):
    r = w.r
    P = w.persons
    lam = _counts(w, mult)
    fam = w.family.get(p) or r.sample(P, 2)
    for _ in range(lam(1.3)):
        w.add_tx(w.rand_time(), p, r.choice(fam), rnd_round(math.exp(r.gauss(math.log(1.5e6), 0.8)), 100000),
                 w.desc("family", i["holder"]))
    for _ in range(lam(1.6)):
        q = r.choice(P) if r.random() < 0.5 else ext_account(w)
        w.add_tx(w.rand_time(), p, q, rnd_round(math.exp(r.gauss(math.log(4e5), 0.9)), 10000),
                 w.desc("friend", i["holder"]))
    for _ in range(lam(1.6)):
        q = r.choice(P) if r.random() < 0.5 else ext_account(w)
        w.add_tx(w.rand_time(), q, p, rnd_round(math.exp(r.gauss(math.log(4e5), 0.9)), 10000),
                 w.desc("friend", w.acc[q].get("holder")))
    fm = w.fav_merch.get(p) or r.sample(w.merchants, 2)
    for _ in range(lam(5.5)):
        q = r.choice(fm) if r.random() < 0.7 else ext_account(w)
        w.add_tx(w.rand_time(), p, q, rnd_round(math.exp(r.gauss(math.log(2.2e5), 0.9)), 1000),
                 w.desc("shop", i["holder"]))
    for _ in range(lam(1.4)):
        w.add_tx(w.rand_time(), p, r.choice(w.hubs),
                 r.choice([50000, 100000, 200000, 300000, 500000, 1000000, 2000000]), w.desc("topup"))
    for _ in range(lam(0.3)):
        w.add_tx(w.rand_time(), r.choice(w.hubs), p, rnd_round(r.uniform(1e5, 5e6), 1000), w.desc("hubout"))
    for _ in range(lam(1.0)):
        w.add_tx(w.rand_time(), p, r.choice(w.billers), rnd_round(r.uniform(1.5e5, 2e6), 1), w.desc("bill"))


def _occasional(w, p, i, mult):
    """Rare crypto purchases and currency exchange, and logins without a transfer (balance checks)."""
    r = w.r
    if r.random() < 0.04:
        for _ in range(r.randint(1, 3)):
            w.add_tx(w.rand_time(), p, r.choice(w.p2p), rnd_round(r.uniform(1e6, 50e6), 1000),
                     w.desc("usdt", i["holder"]))
    if r.random() < 0.03:
        ch = r.choice(w.changers)
        amt = rnd_round(r.uniform(5e6, 80e6), 100000)
        t = w.rand_time()
        if r.random() < 0.5:
            w.add_tx(t, p, ch, amt, w.desc("change", i["holder"]))
        else:
            w.add_tx(t, ch, p, amt, w.desc("change"))
    if i.get("home_ip"):
        lam = _counts(w, mult)
        for _ in range(lam(2.0)):
            w.logins.append((p, w.rand_time(), ids.ip(r, i["home_cc"], i["home_ip"]), r.choice(i["devices"]),
                             i["home_cc"]))
