"""Planted fraud organisations of the classic demo, one scam campaign each: scam phones call
victims, victims pay tier-1 mules, which forward to tier-2 mules, which forward to the cash-out
accounts, which send the money abroad or buy USDT. A mix-in of the demo generator
(``generator._Gen``); :mod:`graphfraud.demo.scenario_orgs` overrides it for randomised scenarios."""

from __future__ import annotations

import math
import random

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import DAY, N_DAYS
from graphfraud.demo.records import Acct, Call, Login, Org, Txn
from graphfraud.demo.spelling import _country_of


def draw_loss(rr: random.Random, instalments: tuple, weights: tuple) -> tuple[int, list[int]]:
    """A victim's loss (log-uniform 5 million – 500 million, in 100,000s) and the instalments it is
    paid in (one below 20 million; else a number drawn from ``instalments`` with ``weights``)."""
    loss = int(round(math.exp(rr.uniform(math.log(5e6), math.log(5e8))) / 1e5)) * 100_000
    n_inst = 1 if loss < 20_000_000 else rr.choices(instalments, weights)[0]
    cuts = sorted(rr.uniform(0.2, 0.8) for _ in range(n_inst - 1))
    parts, prev = [], 0.0
    for c in cuts + [1.0]:
        parts.append(int(loss * (c - prev)) // 100_000 * 100_000)
        prev = c
    parts[-1] = loss - sum(parts[:-1])
    return loss, parts


class Organisations:
    """Builds the fraud organisations and runs their campaigns."""

    INSTALMENTS = ((1, 2, 3), (5, 3, 2))   # how many instalments a victim pays in, and their weights
    OTHER_TIER1_SHARE = 0.25               # chance that a later instalment goes to another tier-1 mule

    def build_orgs(self) -> None:
        self._used_urls: set[str] = set()
        self._used_handles: set[str] = set()
        for k in range(self.n_orgs):
            org = self._new_org(k)
            self._org_accounts(org)
            self._use_all_identifiers(org)
            self._run_campaign(org)

    def _new_org(self, k: int) -> Org:
        """An organisation's scam type, base, phones, devices, IPs and online identity."""
        rr = self.rr
        width = max(2, len(str(self.n_orgs)))
        stype = V.SCAM_TYPES[k % len(V.SCAM_TYPES)] if k < 4 else rr.choice(V.SCAM_TYPES)
        base = rr.choices(("KH", "CN", "PH"), (5, 2, 2))[0]
        org = Org(id=f"ORG-{k + 1:0{width}d}", scam_type=stype, base_cc=base,
                  start=rr.randint(3, N_DAYS - 26))
        self.orgs.append(org)
        phone_ccs = [base] + rr.sample(["KH", "LA", "CN", "PH", "MM"], rr.randint(0, 2))
        org.foreign_phones = [self.new_foreign_phone(c) for c in phone_ccs]
        if rr.random() < 0.5:
            org.foreign_phones.append(self.new_foreign_phone("US"))     # VoIP
        org.prepaid_phones = [self.new_vn_phone() for _ in range(rr.randint(1, 3))]
        org.devices = [self.new_device() for _ in range(rr.randint(2, 4))]
        ip_ccs = [base]
        if rr.random() < 0.4:
            ip_ccs.append(rr.choice([c for c in ("KH", "CN", "PH") if c != base]))
        while len(org.ips) < rr.randint(3, 6):
            cc = rr.choice(ip_ccs)
            ip = self.ip_in(cc)
            if ip not in [i for i, _ in org.ips]:
                org.ips.append((ip, cc))
        self._online_identity(org)
        return org

    def _online_identity(self, org: Org) -> None:
        """An organisation's scam websites, emails and social accounts, none shared with another."""
        rr, stype = self.rr, org.scam_type
        used_urls, used_handles = self._used_urls, self._used_handles
        for _ in range(rr.randint(1, 2)):
            while True:
                stem = (f"{rr.choice(V.URL_STEMS[stype])}{rr.choice(V.URL_SUFFIXES)}"
                        f".{rr.choice(V.URL_TLDS)}")
                if stem not in used_urls:
                    used_urls.add(stem)
                    org.urls.append(stem)
                    break
        for _ in range(rr.randint(1, 2)):
            e = (f"{rr.choice(V.EMAIL_STEMS[stype])}{rr.randint(10, 999)}"
                 f"@{rr.choice(('gmail.com', 'outlook.com', 'proton.me'))}")
            if e not in org.emails:
                org.emails.append(e)
        for _ in range(rr.randint(1, 2)):
            while True:
                h = (str(rr.randint(100_000_000_000_000, 100_099_999_999_999)) if rr.random() < 0.4
                     else f"{rr.choice(V.HANDLE_STEMS[stype])}.{rr.randint(1, 999)}")
                if "facebook:" + h not in used_handles:
                    break
            s = "facebook:" + h
            used_handles.add(s)
            org.socials.append(s)
            org.social_phone[s] = rr.choice(org.prepaid_phones)
        if stype in ("giả danh công an", "giả danh ngân hàng") or rr.random() < 0.3:
            z = rr.choice(org.prepaid_phones)
            org.socials.append("zalo:" + z)
            org.social_phone["zalo:" + z] = z
        if stype in ("đầu tư tiền ảo", "việc làm online") or rr.random() < 0.3:
            while True:
                h = rr.choice(V.HANDLE_STEMS[stype]).replace(".", "_") + f"_{rr.randint(1, 999)}"
                if "telegram:" + h not in used_handles:
                    break
            used_handles.add("telegram:" + h)
            org.socials.append("telegram:" + h)
            org.social_phone["telegram:" + h] = rr.choice(org.foreign_phones)

    def _org_accounts(self, org: Org) -> None:
        rr, base = self.rr, org.base_cc
        shared_phone = rr.choice(org.prepaid_phones)
        for tier, count in (("tier1", rr.randint(3, 6)), ("tier2", rr.randint(2, 3))):
            for _ in range(count):
                rented = rr.random() < 0.3
                person = self.new_person()
                opened = org.start * DAY - rr.randint(14, 60) * DAY + rr.randint(8 * 3600, 17 * 3600)
                phone = None if rented or rr.random() < 0.6 else shared_phone
                email = None if rented or rr.random() < 0.7 else rr.choice(org.emails)
                a = self.new_acct("mule_" + tier, person=person, opened=opened, biometric=rented,
                                  phone=phone, email=email)
                getattr(org, tier).append(a)
                org.mule_devices[a.number] = rr.sample(org.devices,
                                                       rr.randint(1, min(2, len(org.devices))))
                if rented:   # the real holder used it from home for a while
                    for _ in range(rr.randint(1, 3)):
                        t = opened + rr.randint(1, 10) * DAY
                        self.logins.append(Login(min(t, org.start * DAY - 3600), a.number, a.bank,
                                                 a.ip or "", a.device or "", "VN"))
        for _ in range(rr.choice((1, 1, 2))):
            person = self.new_person()
            a = self.new_acct("cashout", person=person,
                              opened=org.start * DAY - rr.randint(60, 200) * DAY,
                              biometric=rr.random() < 0.5)
            org.cashout.append(a)
            org.mule_devices[a.number] = [rr.choice(org.devices)]
        for j in range(rr.choice((1, 1, 2))):
            if j == 0 and rr.random() < 0.6:
                ex = self.new_foreign_acct(base if base in V.FOREIGN_BANK_BY_COUNTRY else "KH",
                                           V.unaccent(self.profile(self.new_person())["name"]).upper())
            else:
                ex = self.new_acct("exit_p2p", opened=-rr.randint(100, 900) * DAY)
            org.exits.append(ex)

    def _use_all_identifiers(self, org: Org) -> None:
        """Every organisation identifier is used somewhere in the files."""
        rr = self.rr
        mules = org.tier1 + org.tier2
        for d in org.devices:
            if not any(d in v for v in org.mule_devices.values()):
                org.mule_devices[rr.choice(mules).number].append(d)
        for e in org.emails:
            if not any(a.email == e for a in mules):
                pool = ([a for a in mules if a.email not in org.emails and not a.biometric]
                        or [a for a in mules if a.email not in org.emails])
                rr.choice(pool).email = e

    def _mule_login(self, org: Org, a: Acct, t: int, where: tuple[str, str] | None = None) -> tuple[str, str]:
        ip, cc = where or self.rr.choice(org.ips)
        dev = self.rr.choice(org.mule_devices[a.number])
        self.logins.append(Login(t - self.rr.randint(60, 240), a.number, a.bank, ip, dev,
                                 cc if self.rr.random() < 0.9 else None))
        return ip, dev

    def _mule_txn(self, org: Org, src: Acct, dst: Acct, t: int, amount: int, desc: str) -> Txn:
        ip, dev = self._mule_login(org, src, t)
        x = Txn(t=t, src=src.number, src_bank=src.bank, dst=dst.number, dst_bank=dst.bank, amount=amount,
                channel=self.rr.choice(("Mobile Banking", "Internet Banking", "Napas 247")), ip=ip,
                device=dev,
                desc=desc, tag="planted", dst_name=dst.holder)
        self.txns.append(x)
        org.txns.append(x)
        return x

    def _run_campaign(self, org: Org) -> None:
        rr = self.rr
        n_vic = rr.randint(max(6, len(org.tier1)), 14)
        victims = self.pick_people(n_vic, exclusive=True)
        if org is self.orgs[0]:
            victims[0] = self.star
        t1_cycle = rr.sample(org.tier1, len(org.tier1))
        turn = {"tier2": rr.randrange(len(org.tier2)), "cashout": rr.randrange(len(org.cashout))}
        call_phones = org.foreign_phones + org.prepaid_phones
        arrivals: list[tuple[int, Acct, int]] = []     # (t, cashout, amount)
        for vi, pid in enumerate(victims):
            self._classic_victim(org, pid, t1_cycle[vi % len(t1_cycle)], turn, arrivals)
        self._send_abroad(org, arrivals)
        self._campaign_noise(org, call_phones)

    def _classic_victim(self, org: Org, pid: int, t1: Acct, turn: dict[str, int],
                        arrivals: list[tuple[int, Acct, int]]) -> None:
        """One victim: scam calls, then payments to tier-1 mules, each passed on through the tiers."""
        self._victim(org, pid, t1, lambda t1, t, amt, reached: self._through_the_tiers(org, t1, t, amt, turn,
                                                                                       arrivals, reached))

    def _victim(self, org: Org, pid: int, t1: Acct, forward, day: int | None = None) -> dict:
        """One victim of ``org``: scam calls from ``day`` on (None: a day of the campaign's first 16), then
        payments in instalments to the tier-1 mule ``t1`` (a later one sometimes to another), each passed on
        with ``forward(t1, t, amount, reached)``; sometimes a payment to an everyday hub as well. The
        victim's record, also added to ``org.victims``."""
        rr = self.rr
        va = self.bg_acct(pid, "victim")
        vphone = self.phone_of(pid)
        last_call, first_caller, last_caller = self._scam_calls(org, vphone, day)
        t = last_call + rr.randint(300, 90 * 60)
        loss, parts = draw_loss(rr, *self.INSTALMENTS)
        reached: set[str] = set()
        vtx: list[Txn] = []
        for inst, amt in enumerate(parts):
            if inst and rr.random() < self.OTHER_TIER1_SHARE:
                t1 = rr.choice(org.tier1)
            x = self.home_txn(va, t, t1, amt, rr.choice(V.VICTIM_DESCRIPTIONS[org.scam_type]), "planted")
            org.txns.append(x)
            vtx.append(x)
            forward(t1, t, amt, reached)
            t += rr.randint(20 * 60, 3 * 3600)
        v = {"person": pid, "acct": va, "phone": vphone, "loss": loss, "txns": vtx,
             "first_caller": first_caller, "last_caller": last_caller, "reached": sorted(reached),
             "last_t": vtx[-1].t}
        org.victims.append(v)
        hubs = self.lookalikes["hubs"]
        if hubs and rr.random() < self.LOOKALIKE["hub_victim_share"]:   # also pays an everyday hub
            hub = rr.choice(hubs)
            self.home_txn(va, self.daytime(rr.randint(0, N_DAYS - 2), 7, 22), hub,
                          self.amount(300_000, 0.7, 20_000, 3_000_000),
                          rr.choice(self.hub_descs[hub.number]), "hub")
        return v

    def _scam_calls(self, org: Org, vphone: str, day: int | None) -> tuple[int, str, str]:
        """The calls that talk a victim into paying, from ``day`` on (None: a day of the campaign's first
        16): (time of the last, first caller, last caller)."""
        rr = self.rr
        if day is None:
            day = org.start + rr.randint(0, 15)
        call_phones = org.foreign_phones + org.prepaid_phones
        t = self.daytime(day, 8, 19)
        first_caller = None
        for j in range(rr.randint(1, 4)):
            caller = rr.choice(call_phones)
            first_caller = first_caller or caller
            dur = rr.randint(120, 2400)
            if caller.startswith("+84"):
                self.calls.append(Call(t, caller, vphone, dur, rr.choice(V.SCAM_LOCAL_CALL_TYPES), "VN"))
            else:
                cc = _country_of(caller)
                self.calls.append(Call(t, caller, vphone, dur, rr.choice(V.SCAM_FOREIGN_CALL_TYPES), cc))
            last_call, last_caller = t, caller
            t += dur + rr.randint(600, 20 * 3600)
        return last_call, first_caller, last_caller

    def _through_the_tiers(self, org: Org, t1: Acct, t: int, amt: int, turn: dict[str, int],
                           arrivals: list[tuple[int, Acct, int]], reached: set[str]) -> None:
        """A victim's payment to ``t1`` forwarded to tier 2 (sometimes split), then to a cash-out account."""
        rr = self.rr
        net = amt - int(amt * rr.uniform(0.005, 0.02)) // 1000 * 1000
        split = net >= 10_000_000 and len(org.tier2) > 1 and rr.random() < 0.35
        hops = [net] if not split else [net // 2 // 1000 * 1000 + rr.randint(-20, 20) * 100_000]
        if split:
            hops.append(net - hops[0])
        th = t + rr.randint(120, 25 * 60)
        for h_amt in hops:
            t2 = org.tier2[turn["tier2"] % len(org.tier2)]
            turn["tier2"] += 1
            self._mule_txn(org, t1, t2, th, h_amt, rr.choice(V.MULE_DESCRIPTIONS))
            # tier 2 -> cash-out
            tc = th + rr.randint(120, 25 * 60)
            c_amt = h_amt - int(h_amt * rr.uniform(0.0, 0.01)) // 1000 * 1000
            co = org.cashout[turn["cashout"] % len(org.cashout)]
            turn["cashout"] += 1
            self._mule_txn(org, t2, co, tc, c_amt, rr.choice(V.MULE_DESCRIPTIONS))
            arrivals.append((tc, co, c_amt))
            reached.add(co.number)
            th += rr.randint(60, 300)

    def _send_abroad(self, org: Org, arrivals: list[tuple[int, Acct, int]]) -> None:
        """Cash-out accounts send the money abroad / to crypto, once per arrival day."""
        for co_num, t, total in self._arrival_days(arrivals):
            self._pay_exits(org, self.accts[co_num], list(org.exits), t, total)

    def _arrival_days(self, arrivals: list[tuple[int, Acct, int]]):
        """Per cash-out account and day the money arrived, in order: (account number, when it is moved on,
        the day's total)."""
        rr = self.rr
        groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for tc, co, amt in arrivals:
            groups.setdefault((co.number, tc // DAY), []).append((tc, amt))
        for (co_num, _day), items in sorted(groups.items()):
            t = max(tc for tc, _ in items) + rr.randint(30 * 60, 3 * 3600)
            yield co_num, t, sum(a for _, a in items)

    def _pay_exits(self, org: Org, co: Acct, exits: list[Acct], t: int, total: int) -> None:
        """``co`` sends ``total`` to its exits (in two halves to two exits from 50 million on)."""
        rr = self.rr
        chunks = [total] if len(exits) == 1 or total < 50_000_000 else [total // 2, total - total // 2]
        for j, amt in enumerate(chunks):
            ex = exits[j % len(exits)]
            desc = rr.choice(V.EXIT_DESCRIPTIONS_FOREIGN if ex.role == "exit"
                             else V.EXIT_DESCRIPTIONS_CRYPTO)
            self._mule_txn(org, co, ex, t, amt // 1000 * 1000, desc)
            t += rr.randint(120, 900)

    def _campaign_noise(self, org: Org, call_phones: list[str]) -> None:
        """Calls to people who do not fall for it, and the mules' idle logins during the campaign."""
        rr = self.rr
        for ph in call_phones:
            for pid in self.pick_people(min(self.n_bg // 3, rr.randint(3, 12)), exclusive=False):
                t = self.daytime(org.start + rr.randint(0, 16), 8, 20)
                cc = _country_of(ph)
                self.calls.append(Call(t, ph, self.phone_of(pid), rr.choice((0, 0, 5, 12, 30, 45, 80)),
                                       rr.choice(V.SCAM_LOCAL_CALL_TYPES if cc == "VN"
                                                 else V.SCAM_FOREIGN_CALL_TYPES), cc))
        for a in org.tier1 + org.tier2 + org.cashout:
            for _ in range(rr.randint(2, 6)):
                self._mule_login(org, a, self.daytime(org.start + rr.randint(0, 18), 0, 23))
        for where in org.ips:    # each of the organisation's IPs shows up at least once
            self._mule_login(org, rr.choice(org.tier1 + org.tier2),
                             self.daytime(org.start + rr.randint(0, 18), 0, 23), where)
