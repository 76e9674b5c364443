"""Organisations and their mules: the scam compounds abroad (their IPs, devices, scam phones,
handlers, social accounts, scam types), the layers of mule accounts — rented from real people who go
on living their own lives, or opened with stolen identities — and the cash-out accounts, with the
organisation's logins into them, the fees paid to renters, test transfers and cold calls."""

import datetime as dt
import math

from . import identifiers as ids
from .people import new_account, person_activity, setup_person
from .reference import FOREIGN_BANKS, IP24

# words the organisations' social handles are made of (support, tasks, investment, hiring, police, shops)
HANDLE_WORDS = ["hotro", "cskh", "nhiemvu", "dautu", "tuyendung", "congan", "vip", "sanpham", "tiktokshop",
                "lazada"]


def make_org(w, o, scale):
    """Organisation number ``o`` with its infrastructure, habits and accounts."""
    org = {"id": f"ORG{o + 1}"}
    _infrastructure(w, org)
    _socials(w, org)
    _habits(w, org, scale)
    _accounts(w, org)
    return org


def _infrastructure(w, org):
    """Countries it works from, IPs (and Vietnamese proxies), devices, scam types and phones."""
    r = w.r
    org["countries"] = r.sample(["KH", "KH", "KH", "CN", "PH", "MM", "LA"], r.randint(1, 2))
    org["countries"] = list(dict.fromkeys(org["countries"]))
    org["ips"] = [ids.ip(r, r.choice(org["countries"])) for _ in range(r.randint(3, 14))]
    org["vn_proxy"] = [ids.ip(r, "VN") for _ in range(r.randint(0, 4))]
    org["p_foreign"] = r.uniform(0.55, 1.0) if org["vn_proxy"] else 1.0
    org["devices"] = [ids.device(r, "android") for _ in range(r.randint(2, 10))]
    org["cash_devices"] = [ids.device(r, r.choice(["android", "ios"])) for _ in range(r.randint(1, 2))]
    org["types"] = r.sample(["task", "police", "bank", "invest"], r.randint(1, 2))
    org["phones"] = []
    for _ in range(r.randint(3, 14)):
        org["phones"].append(ids.phone(w) if r.random() < 0.6 else
                             ids.foreign_phone(w, r.choice(org["countries"])))
    org["handler_phones"] = [ids.phone(w) for _ in range(r.randint(1, 2))]


def _socials(w, org):
    """Telegram, Facebook and Zalo accounts the victims are contacted from."""
    r = w.r
    plat = ["telegram", "zalo", "facebook"]
    org["socials"] = []
    for _ in range(r.randint(1, 5)):
        p = r.choice(plat)
        h = r.choice(HANDLE_WORDS) + r.choice(["_", ""] if p == "telegram" else ["_", "", "."]) + \
            str(r.randint(1, 9999))
        org["socials"].append(("t.me/" + h) if p == "telegram" else
                              (f"https://facebook.com/{h}" if p == "facebook" else f"zalo:{ids.phone(w)}"))


def _habits(w, org, scale):
    """Layers of mules, how long money waits in each, victims, cash-out mix, fees, accounts abroad."""
    r = w.r
    org["layers"] = r.choices([1, 2, 3], weights=[3, 4, 2])[0]
    org["delay_med_min"] = math.exp(r.uniform(math.log(3), math.log(240)))
    org["n_victims"] = max(6, int(r.uniform(10, 55) * math.sqrt(scale)))
    org["cash_mix"] = [r.random() ** 2 for _ in range(3)]   # crypto, atm, abroad
    org["pay_fee"] = r.random() < 0.5
    org["abroad_accts"] = []
    for _ in range(r.randint(1, 3)):
        fb = r.choice(FOREIGN_BANKS)
        fa = str(r.randint(1, 9)) + "".join(r.choice("0123456789") for _ in range(fb[2] - 1))
        org["abroad_accts"].append((fa, fb[0]))


def _accounts(w, org):
    """Mules of each layer (fewer in each deeper layer), then the cash-out accounts."""
    r = w.r
    n1 = max(3, int(org["n_victims"] / r.uniform(2.5, 7)))
    nl = [n1, max(2, int(n1 / r.uniform(1.5, 3.5))), max(1, int(n1 / r.uniform(3, 6)))][:org["layers"]]
    org["layer"] = []
    for li, n in enumerate(nl):
        row = []
        for _ in range(n):
            row.append(make_mule(w, org, li))
        org["layer"].append(row)
    org["cashout"] = []
    for _ in range(r.randint(1, 4)):
        co = make_cashout(w, org)
        org["cashout"].append(co)
    # stolen identities reused: the same CCCD/holder for mules at several banks
    stolen = [m for row in org["layer"] for m in row if w.acc[m]["mtype"] == "stolen"]
    for _ in range(len(stolen) // 4):
        x, y = r.sample(stolen, 2) if len(stolen) >= 2 else (stolen[0], stolen[0])
        for f in ("holder", "cccd", "sex", "year", "phone"):
            w.acc[y][f] = w.acc[x][f]


def make_mule(w, org, layer):
    """A mule of ``layer``: a real person's account rented out, or one opened online with a stolen
    identity (recently, at a digital bank, often failing the biometric check)."""
    r, K = w.r, w.K
    rented = r.random() < K["rent_share"]
    if rented:
        a = setup_person(w, "mule", mult=1.0)
        i = w.acc[a]
        i["mtype"] = "rented"
        if r.random() < 0.3:   # opened an extra account to rent it out
            i["opened"] = w.start - dt.timedelta(days=r.randint(5, 120))
    else:
        open_d = w.start + dt.timedelta(days=r.uniform(-60, w.days * 0.6))
        a = new_account(w, "mule", opened=open_d, bio=r.random() < K["stolen_bio"], digital=True,
                        phone=r.choice(org["handler_phones"]) if r.random() < 0.2 else None)
        i = w.acc[a]
        i["mtype"] = "stolen"
        i["devices"] = []
    i["org"] = org["id"]
    i["layer"] = layer
    # active window
    if layer == 0:
        ln = r.uniform(5, 25)
    else:
        ln = r.uniform(10, w.days)
    st = w.start + dt.timedelta(days=r.uniform(0, max(1, w.days - ln * 0.6)))
    if i["mtype"] == "stolen":
        st = max(st, i["opened"] + dt.timedelta(days=r.uniform(0.5, 5)))
    i["active"] = (st, st + dt.timedelta(days=ln))
    nd = r.choice([1, 1, 1, 2])
    i["org_devices"] = r.sample(org["devices"], min(nd, len(org["devices"])))
    w.mules.append(a)
    return a


def make_cashout(w, org):
    """An account the organisation empties: to P2P crypto sellers, at ATMs, to banks abroad."""
    r = w.r
    comp = r.random() < 0.3
    open_d = w.start - dt.timedelta(days=r.uniform(10, 400))
    a = new_account(w, "cashout", opened=open_d, company=comp, bio=r.random() < 0.5)
    i = w.acc[a]
    i["org"] = org["id"]
    i["org_devices"] = list(org["cash_devices"])
    i["mtype"] = "cashout"
    w.cashouts.append(a)
    return a


def org_login(w, org, acct):
    """(account, device, ip, country) of the organisation's session on a mule account."""
    r = w.r
    dev = r.choice(w.acc[acct]["org_devices"])
    if r.random() < org["p_foreign"]:
        ipaddr = r.choice(org["ips"])
    else:
        ipaddr = r.choice(org["vn_proxy"])
    cc = None
    for c, blocks in IP24.items():
        if any(ipaddr.startswith(b + ".") for b in blocks):
            cc = c
    return (acct, dev, ipaddr, cc)


def org_login_co(w, org, co):
    """The organisation's session on a cash-out account (country not stated)."""
    r = w.r
    return (co, r.choice(org["cash_devices"]), r.choice(org["ips"]), None)


def active(w, accts, t):
    """The accounts whose active window holds ``t``; else the one whose window is nearest."""
    act = [a for a in accts if w.acc[a]["active"][0] <= t <= w.acc[a]["active"][1]]
    if act:
        return act
    return [min(accts, key=lambda a: min(abs((w.acc[a]["active"][0] - t).total_seconds()),
                                         abs((w.acc[a]["active"][1] - t).total_seconds())))]


def fraud_extras(w):
    """Mule fees, test transfers, recruiting calls, cash-out logins, rented mules' own life."""
    r = w.r
    for org in w.orgs:
        allm = [m for row in org["layer"] for m in row]
        for m in allm:
            _mule_extras(w, org, m, allm)
        for co in org["cashout"]:
            for _ in range(r.randint(3, 15)):
                _acct, dev, ipaddr, _cc = org_login_co(w, org, co)
                w.logins.append((co, w.rand_time(), ipaddr, dev, None))
        # cold calls to people who did not pay
        # (dial lists are huge: most numbers called are outside the modelled population)
        for _ in range(org["n_victims"] * r.randint(2, 10)):
            callee = w.acc[r.choice(w.persons)]["phone"] if r.random() < 0.08 else ids.phone(w)
            w.calls.append((r.choice(org["phones"]), callee, w.rand_time(), r.randint(0, 90)))


def _mule_extras(w, org, m, allm):
    r = w.r
    i = w.acc[m]
    a0, a1 = i["active"]
    if i["mtype"] == "rented":
        person_activity(w, m, w.K["own_traffic"] * r.uniform(0.3, 1.5))
        # recruiter calls the person who rents the account out
        for _ in range(r.randint(0, 3)):
            w.calls.append((r.choice(org["handler_phones"]), i["phone"],
                            a0 - dt.timedelta(hours=r.uniform(1, 200)), r.randint(30, 600)))
        if org["pay_fee"]:
            src = r.choice(org["cashout"])
            w.add_tx(a0 + dt.timedelta(days=r.uniform(0, 7)), src, m,
                     r.choice([1500000, 2000000, 3000000, 5000000]), w.desc("fee"),
                     login=org_login_co(w, org, src))
    elif r.random() < 0.5:
        src = r.choice(org["cashout"] + allm)
        if src != m:
            w.add_tx(a0 - dt.timedelta(hours=r.uniform(0.5, 24)), src, m,
                     r.choice([1000, 2000, 10000, 50000]), w.desc("test"))
    # extra org logins (checking balances) during the active window
    for _ in range(r.randint(1, 6)):
        t = a0 + (a1 - a0) * r.random()
        _acct, dev, ipaddr, cc = org_login(w, org, m)
        w.logins.append((m, t, ipaddr, dev, cc))
