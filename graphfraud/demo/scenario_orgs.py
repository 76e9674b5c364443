"""Fraud organisations of a randomised scenario: mule tiers, rented accounts, handlers in
Vietnam, sister groups, cash-out endings and repeat victims.

A mix-in of the demo generator (``generator._Gen``); the classic demo does not use it.
"""

from __future__ import annotations

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import DAY, N_DAYS
from graphfraud.demo.records import Acct, Call, Login, Org, Txn
from graphfraud.demo.spelling import _country_of

TIER_SIZES = ((3, 6), (2, 3), (1, 3), (1, 2))
ATM_LIMIT = 5_000_000            # per withdrawal
ATM_MAX_PER_DAY = 10             # then the rest is withdrawn at the counter
ATM_DESCRIPTIONS = ("RUT TIEN ATM", "RUT TIEN ATM", "ATM WDL", "RUT TIEN MAT ATM")
COUNTER_DESCRIPTIONS = ("RUT TIEN MAT TAI QUAY", "rut tien mat")


class ScenarioOrgs:
    """Overrides :meth:`_Gen.build_orgs` with the scenario's organisations."""

    INSTALMENTS = ((1, 2, 3, 4), (4, 3, 2, 1))
    OTHER_TIER1_SHARE = 0.4

    sc = None   # the Scenario (set by the scenario generator)

    def build_orgs(self) -> None:
        rr, sc = self.rr, self.sc
        self._used_urls, self._used_handles = set(), set()
        self.co_kind: dict[str, str] = {}          # cash-out account -> foreign | crypto_p2p | atm | stays
        self.co_exits: dict[str, list[Acct]] = {}
        self.co_owner: dict[str, Org] = {}
        self.sister_groups: list[dict] = []
        self.repeat_plan: dict[int, list[int]] = {}   # org index -> earlier org indices to take a victim from
        k = self.n_orgs
        vn_orgs = set(rr.sample(range(k), round(sc.vn_handler_share * k)))
        sisters = self._plan_pairs(sc.sister_pairs)
        for a, b in self._plan_pairs(sc.repeat_victims, distinct=False):
            self.repeat_plan.setdefault(b, []).append(a)
        for i in range(k):
            org = self._new_org(i)
            org.handlers = "VN" if i in vn_orgs else "abroad"
            if i in vn_orgs:
                ips: list = []
                while len(ips) < len(org.ips):
                    ip = self.ip_in("VN")
                    if ip not in [x for x, _ in ips]:
                        ips.append((ip, "VN"))
                org.ips = ips
            share = sisters.get(i)
            if share and share[1] == "devices":
                farm = rr.sample(self.orgs[share[0]].devices, min(2, len(self.orgs[share[0]].devices)))
                org.devices.extend(farm)
                self.sister_groups.append({"orgs": [self.orgs[share[0]].id, org.id], "shared": "devices",
                                           "values": farm})
            self._scenario_accounts(org)
            if share and share[1] == "cashout":
                co = self.orgs[share[0]].cashout[0]
                org.cashout.insert(0, co)      # run by the first organisation's handlers
                self.sister_groups.append({"orgs": [self.orgs[share[0]].id, org.id], "shared": "cashout",
                                           "values": [co.number]})
            self._use_all_identifiers(org)
            self._scenario_campaign(org, i)

    def _plan_pairs(self, n: int, distinct: bool = True) -> dict | list:
        """``n`` pairs (earlier org, later org); sister pairs as {later: (earlier, shared)}."""
        rr = self.rr
        k = self.n_orgs
        if k < 2 or n <= 0:
            return {} if distinct else []
        pairs = []
        later = rr.sample(range(1, k), min(n, k - 1)) if distinct else [rr.randrange(1, k) for _ in range(n)]
        for b in later:
            pairs.append((rr.randrange(b), b))
        if not distinct:
            return pairs
        return {b: (a, rr.choice(("devices", "cashout"))) for a, b in pairs}

    # ------------------------------------------------------------ accounts

    def _scenario_accounts(self, org: Org) -> None:
        rr, sc = self.rr, self.sc
        shared_phone = rr.choice(org.prepaid_phones)
        org.tiers = []
        for level in range(sc.tiers):
            tier = []
            for _ in range(rr.randint(*TIER_SIZES[level])):
                a = (self._rented_mule(org, level) if rr.random() < sc.rented_share
                     else self._young_mule(org, level, shared_phone))
                tier.append(a)
            org.tiers.append(tier)
        org.tier1, org.tier2 = org.tiers[0], org.tiers[1]
        for _ in range(rr.choice((1, 1, 2))):
            a = self.new_acct("cashout", person=self.new_person(),
                              opened=org.start * DAY - rr.randint(60, 200) * DAY, biometric=rr.random() < 0.5)
            org.cashout.append(a)
            org.mule_devices[a.number] = [rr.choice(org.devices)]
            self.co_owner[a.number] = org
            kind = rr.choices(list(sc.cashout_mix), list(sc.cashout_mix.values()))[0]
            self.co_kind[a.number] = kind
            exits = []
            if kind in ("foreign", "crypto_p2p"):
                for _ in range(rr.choice((1, 1, 2))):
                    if kind == "foreign":
                        cc = org.base_cc if org.base_cc in V.FOREIGN_BANK_BY_COUNTRY else "KH"
                        holder = V.unaccent(self.profile(self.new_person())["name"]).upper()
                        ex = self.new_foreign_acct(cc, holder)
                    else:
                        ex = self.new_acct("exit_p2p", opened=-rr.randint(100, 900) * DAY)
                        self._p2p_trades(ex)
                    exits.append(ex)
                    org.exits.append(ex)
            self.co_exits[a.number] = exits

    def _ordinary_history(self, a: Acct, start: int) -> None:
        """The holder's own use of the account: money from family, everyday payments."""
        rr = self.rr
        days = min(N_DAYS - 1, start + 20)
        family = self.bg_acct(self.pick_people(1, exclusive=True)[0])
        for _ in range(rr.randint(1, 2)):
            self.home_txn(family, self.daytime(rr.randint(0, days), 8, 21), a,
                          self.amount(4_000_000, 0.5, 500_000, 20_000_000, 100_000),
                          rr.choice(("me gui", "gui tien tieu", "chuyen tien")), "ordinary")
        for pid in self.pick_people(rr.randint(3, 8), exclusive=False):
            self.home_txn(a, self.daytime(rr.randint(0, days), 7, 22), self.bg_acct(pid),
                          self.amount(350_000, 0.9, 20_000, 5_000_000), rr.choice(V.BACKGROUND_DESCRIPTIONS),
                          "ordinary")

    def _p2p_trades(self, trader: Acct) -> None:
        """A P2P USDT trader also trades with ordinary people: buyers pay it, sellers are paid."""
        rr = self.rr
        for pid in self.pick_people(min(self.n_bg // 4, rr.randint(5, 30)), exclusive=False):
            person = self.bg_acct(pid)
            for _ in range(rr.choice((1, 1, 2, 3))):
                t = self.daytime(rr.randint(0, N_DAYS - 1), 6, 23)
                amt = self.amount(8_000_000, 0.9, 500_000, 300_000_000, 100_000)
                if rr.random() < 0.7:
                    self.home_txn(person, t, trader, amt, rr.choice(V.EXIT_DESCRIPTIONS_CRYPTO), "p2p_trade")
                else:
                    self.home_txn(trader, t, person, amt, rr.choice(("ban USDT", "tt usdt", "CK")),
                                  "p2p_trade")

    def _young_mule(self, org: Org, level: int, shared_phone: str) -> Acct:
        """A new, unverified account opened weeks before the campaign."""
        rr = self.rr
        opened = org.start * DAY - rr.randint(14, 60) * DAY + rr.randint(8 * 3600, 17 * 3600)
        phone = None if rr.random() < 0.6 else shared_phone
        email = None if rr.random() < 0.7 else rr.choice(org.emails)
        a = self.new_acct(f"mule_tier{level + 1}", person=self.new_person(), opened=opened, biometric=False,
                          phone=phone, email=email)
        org.mule_devices[a.number] = rr.sample(org.devices, rr.randint(1, min(2, len(org.devices))))
        return a

    def _rented_mule(self, org: Org, level: int) -> Acct:
        """A real person's old, biometrically verified account, used from home before it was rented."""
        rr = self.rr
        if level == 0 and rr.random() < 0.5:   # someone from the background, with their transfer history
            a = self.full(self.bg_acct(self.pick_people(1, exclusive=True)[0], f"mule_tier{level + 1}"))
        else:
            a = self.new_acct(f"mule_tier{level + 1}", person=self.new_person())
            self._ordinary_history(a, org.start)
        a.biometric = True
        # the holder hands over the phone (own device) or the handlers install the app on theirs
        org.mule_devices[a.number] = ([a.device or ""] if rr.random() < 0.4
                                      else rr.sample(org.devices, rr.randint(1, min(2, len(org.devices)))))
        for _ in range(rr.randint(3, 8)):
            t = org.start * DAY - rr.randint(1, 60) * DAY + rr.randint(7 * 3600, 22 * 3600)
            self.logins.append(Login(t, a.number, a.bank, a.ip or "", a.device or "", "VN"))
        return a

    # ------------------------------------------------------------ campaign

    def _scenario_campaign(self, org: Org, index: int) -> None:
        rr, sc = self.rr, self.sc
        lo, hi = sc.victims
        victims = self.pick_people(rr.randint(max(lo, len(org.tier1)), max(hi, lo, len(org.tier1))),
                                   exclusive=True)
        org.rr_i = [rr.randrange(len(t)) for t in org.tiers] + [rr.randrange(len(org.cashout))]
        t1_cycle = rr.sample(org.tier1, len(org.tier1))
        arrivals: list[tuple[int, Acct, int]] = []
        plan = [(pid, None) for pid in victims]
        for a in self.repeat_plan.get(index, []):
            prior = [v for v in self.orgs[a].victims if v.get("repeat") is None]
            if prior:
                plan.append((prior[0]["person"], prior[0]))
        for vi, (pid, prior) in enumerate(plan):
            day = org.start + rr.randint(0, 15)
            if prior is not None:      # a recovery scam, days after the first one
                day = min(max(day, prior["last_t"] // DAY + rr.randint(2, 6)), N_DAYS - 3)
            v = self._scam_victim(org, pid, day, t1_cycle[vi % len(t1_cycle)], arrivals)
            if prior is not None:
                kind = rr.choice(("two_reports", "one_case"))
                for x, other in ((prior, v), (v, prior)):
                    x["repeat"] = {"kind": kind, "other": other, "first": x is prior}
                prior["repeat"]["orgs"] = v["repeat"]["orgs"] = [self._org_of(prior).id, org.id]
        self._exits(org, arrivals)
        self._side_activity(org)

    def _org_of(self, v: dict) -> Org:
        return next(o for o in self.orgs if any(x is v for x in o.victims))

    def _scam_victim(self, org: Org, pid: int, day: int, t1: Acct, arrivals: list) -> dict:
        """Calls, payments in instalments and the money's way to the cash-out accounts."""
        v = self._victim(org, pid, t1, lambda t1, t, amt, reached: self._forward(org, t1, amt, t, 1, reached,
                                                                                 arrivals), day)
        v["repeat"] = None
        return v

    def _forward(self, org: Org, src: Acct, amt: int, t: int, level: int, reached: set,
                 arrivals: list) -> None:
        """Tier ``level`` passes ``amt`` on within minutes: to the next tier or to a cash-out account."""
        rr = self.rr
        th = t + rr.randint(120, 25 * 60)
        if level == len(org.tiers):
            co = org.cashout[org.rr_i[-1] % len(org.cashout)]
            org.rr_i[-1] += 1
            c_amt = amt - int(amt * rr.uniform(0.0, 0.01)) // 1000 * 1000
            self._mule_txn(org, src, co, th, c_amt, rr.choice(V.MULE_DESCRIPTIONS))
            arrivals.append((th, co, c_amt))
            reached.add(co.number)
            return
        fee = (0.005, 0.02) if level == 1 else (0.0, 0.01)
        net = amt - int(amt * rr.uniform(*fee)) // 1000 * 1000
        nxt_tier = org.tiers[level]
        hops = [net]
        if net >= 10_000_000 and len(nxt_tier) > 1 and rr.random() < 0.35:
            hops = [net // 2 // 1000 * 1000 + rr.randint(-20, 20) * 100_000]
            hops.append(net - hops[0])
        for h_amt in hops:
            nxt = nxt_tier[org.rr_i[level] % len(nxt_tier)]
            org.rr_i[level] += 1
            self._mule_txn(org, src, nxt, th, h_amt, rr.choice(V.MULE_DESCRIPTIONS))
            self._forward(org, nxt, h_amt, th, level + 1, reached, arrivals)
            th += rr.randint(60, 300)

    def _exits(self, org: Org, arrivals: list) -> None:
        """Once per arrival day, each cash-out account ends the trail its own way."""
        for co_num, t, total in self._arrival_days(arrivals):
            co, kind, owner = self.accts[co_num], self.co_kind[co_num], self.co_owner[co_num]
            if kind == "atm":
                self._withdraw(owner, co, t, total)
            elif kind != "stays":
                self._pay_exits(owner, co, self.co_exits[co_num], t, total)

    def _withdraw(self, org: Org, co: Acct, t: int, total: int) -> None:
        """Cash withdrawals: up to ten at ATMs, the rest at the counter (no beneficiary account)."""
        rr = self.rr
        left = total // 100_000 * 100_000
        n = 0
        while left > 0:
            atm = n < ATM_MAX_PER_DAY
            amt = min(left, ATM_LIMIT) if atm else left
            x = Txn(t=t, src=co.number, src_bank=co.bank, dst="", dst_bank="", amount=amt,
                    channel="ATM" if atm else "Quầy", ip="", device="",
                    desc=rr.choice(ATM_DESCRIPTIONS if atm else COUNTER_DESCRIPTIONS), tag="planted")
            self.txns.append(x)
            org.txns.append(x)
            left -= amt
            n += 1
            t += rr.randint(40, 240)

    def _side_activity(self, org: Org) -> None:
        """Scam calls to people who do not fall for it; idle logins of the organisation's accounts."""
        rr = self.rr
        for ph in org.foreign_phones + org.prepaid_phones:
            for pid in self.pick_people(min(self.n_bg // 3, rr.randint(3, 12)), exclusive=False):
                cc = _country_of(ph)
                self.calls.append(Call(self.daytime(org.start + rr.randint(0, 16), 8, 20), ph,
                                         self.phone_of(pid), rr.choice((0, 0, 5, 12, 30, 45, 80)),
                                         rr.choice(V.SCAM_LOCAL_CALL_TYPES if cc == "VN"
                                                   else V.SCAM_FOREIGN_CALL_TYPES), cc))
        own = ([a for tier in org.tiers for a in tier]
               + [a for a in org.cashout if self.co_owner[a.number] is org])
        for a in own:
            for _ in range(rr.randint(2, 6)):
                self._mule_login(org, a, self.daytime(org.start + rr.randint(0, 18), 0, 23))
        for where in org.ips:
            self._mule_login(org, rr.choice(org.tier1 + org.tier2),
                             self.daytime(org.start + rr.randint(0, 18), 0, 23), where)

