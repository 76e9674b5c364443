"""Victims and calls: who is scammed (mostly people of the population, some from outside it), the
scam calls before and during the scam, the payments each scam type asks for (rising task deposits,
large "police" transfers, small "bank fee" payments, repeated "investment" deposits), whether the
victim reports it, and the background calls of everyone else (relatives, shippers and telesales,
workers abroad calling home)."""

import datetime as dt
import math

from . import identifiers as ids
from .flow import delay, push
from .organisations import active
from .people import person_activity, setup_person
from .reference import rnd_round


def make_victim(w, org, case_no):
    """One victim of ``org``: calls, payments into the first-layer mules, perhaps a report."""
    r, K = w.r, w.K
    stype = r.choice(org["types"])
    v = _pick_victim(w)
    w.acc[v]["is_victim"] = True
    t0 = w.start + dt.timedelta(days=r.uniform(0, w.days - 2))
    t0 = w.t_day(t0, 8, 21)
    sp = _scam_calls(w, org, v, t0)
    amts, gaps = payment_schedule(r, stype)
    vid = len(w.victims)
    paid = _pay(w, org, v, stype, t0, amts, gaps, vid)
    case = None
    if paid and r.random() < K["report_rate"]:
        case = w.F["case_fmt"].format(y=2024, n=case_no)
        rep_date = paid[-1][0] + dt.timedelta(days=r.expovariate(1 / 4.0))
        org["cases"].append(case)
        w.reports.append({"case": case, "date": rep_date, "victim": v, "stype": stype, "paid": paid,
                          "phones": sp, "org": org})
    w.victims.append({"vid": vid, "account": v, "case": case, "org": org["id"]})


def _pick_victim(w):
    """A person of the population (rarely one scammed before), or a new person from outside it."""
    r, K = w.r, w.K
    if r.random() < K["victims_from_pop"] and w.persons:
        v = r.choice(w.persons)
        tries = 0
        while (w.acc[v].get("is_victim") and r.random() > 0.01) and tries < 50:
            v = r.choice(w.persons)
            tries += 1
    else:
        v = setup_person(w, "victim_ext", mult=0.3)
        person_activity(w, v, 0.3)
    return v


def _scam_calls(w, org, v, t0):
    """Calls from one or two of the organisation's phones before and during the scam; those phones."""
    r = w.r
    sp = r.sample(org["phones"], r.randint(1, min(2, len(org["phones"]))))
    n_calls = r.randint(1, 7)
    for k in range(n_calls):
        if k == 0:
            ts = t0 - dt.timedelta(hours=r.uniform(0, 48))
        else:
            ts = t0 + dt.timedelta(hours=r.uniform(-24, 72))
        w.calls.append((r.choice(sp), w.acc[v]["phone"], ts,
                        r.randint(40, 2400) if r.random() < 0.85 else r.randint(0, 30)))
    return sp


def payment_schedule(r, stype):
    """(amounts, hours before each) of the payments a scam of type ``stype`` asks for."""
    if stype == "task":
        k = r.randint(2, 7)
        amts = [r.choice([100000, 200000, 300000, 500000])]
        for _ in range(k - 1):
            amts.append(rnd_round(amts[-1] * r.uniform(2, 4), 100000))
        gaps = [r.uniform(0.1, 30) for _ in amts]
    elif stype == "police":
        k = r.randint(1, 3)
        amts = [rnd_round(math.exp(r.gauss(math.log(2e8), 0.9)), 1000000) for _ in range(k)]
        gaps = [r.uniform(0.2, 48) for _ in amts]
    elif stype == "bank":
        k = r.randint(1, 2)
        amts = [rnd_round(math.exp(r.gauss(math.log(1.5e7), 0.8)), 100000) for _ in range(k)]
        gaps = [r.uniform(0.1, 3) for _ in amts]
    else:
        k = r.randint(2, 6)
        amts = [rnd_round(math.exp(r.gauss(math.log(3e7), 1.0)), 1000000) for _ in range(k)]
        gaps = [r.uniform(2, 96) for _ in amts]
    return amts, gaps


def _pay(w, org, v, stype, t0, amts, gaps, vid):
    """The victim's payments to active first-layer mules (a few as cash deposits, without a payer
    account); each schedules the mule's forward. Returns the (time, mule, amount) paid."""
    r = w.r
    t = t0
    paid = []
    mule = r.choice(active(w, org["layer"][0], t))
    for amt, g in zip(amts, gaps):
        t = t + dt.timedelta(hours=g)
        if t > w.end:
            break
        if stype == "task" and r.random() < 0.5 or w.acc[mule]["active"][1] < t:
            mule = r.choice(active(w, org["layer"][0], t))
        ts = w.t_day(t, 7, 23) if g > 24 else t
        cash = r.random() < 0.04
        ok = w.add_tx(ts, None if cash else v, mule, amt, w.desc("victim_" + stype, w.acc[v]["holder"]))
        if ok:
            paid.append((ts, mule, amt))
            w.pending[mule].append((ts, vid, amt))
            w.got_money.add(mule)
            push(w, ts + delay(w, org), "fwd", (mule, org))
    return paid


def background_calls(w, n):
    """n calls between people (half of them to relatives), shippers and telesales calling many
    people, workers abroad calling home."""
    r = w.r
    P = w.persons
    for _ in range(n):
        a = r.choice(P)
        b = r.choice(w.family.get(a) or P) if r.random() < 0.5 else r.choice(P)
        w.calls.append((w.acc[a]["phone"], w.acc[b]["phone"], w.rand_time(), int(r.expovariate(1 / 150))))
    # shippers and telesales calling many people
    for _ in range(r.randint(2, 6)):
        s = ids.phone(w)
        w.kinds.setdefault("phone_shipper_telesales", []).append(s)
        for _ in range(r.randint(50, 300)):
            q = r.choice(P)
            w.calls.append((s, w.acc[q]["phone"], w.rand_time(), r.randint(0, 120)))
    # overseas workers call home with their VN SIM roaming or foreign SIM
    for wk in w.overseas:
        for _ in range(r.randint(2, 10)):
            w.calls.append((w.acc[wk]["phone"], w.acc[r.choice(P)]["phone"], w.rand_time(),
                            r.randint(30, 1800)))
