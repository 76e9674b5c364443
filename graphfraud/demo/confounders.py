"""Legitimate look-alikes that must not be flagged: merchants (huge fan-in, weekly settlement),
payroll accounts (huge fan-out on pay day), overseas workers and the family forwarders who pass
their money on, and busy hubs everybody pays. A mix-in of the demo generator (``generator._Gen``)."""

from __future__ import annotations

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import DAY, N_DAYS
from graphfraud.demo.records import Call, Login


class Confounders:
    """Builds the look-alikes, then their settlements."""

    # look-alike parameters (None: grows with the number of organisations); scenarios vary them
    LOOKALIKE = {"merchants": None, "merchant_customers": (60, 150), "payroll": None, "staff": (40, 130),
                 "workers": None, "forward_seconds": (3600, 5 * 3600), "hubs": None, "hub_victim_share": 0.6}

    def build_confounders(self) -> None:
        self._merchants()
        self._payroll()
        self._overseas_workers()
        self._hubs()

    def _merchants(self) -> None:
        """Merchants: huge fan-in, weekly settlement to one settlement account."""
        rr, k = self.rr, self.n_orgs
        for m in range(self.LOOKALIKE["merchants"] or max(3, k // 2)):
            kind, desc = rr.choice(V.MERCHANT_KINDS)
            name, tax = self.company(f"{kind} {rr.choice(V.COMPANY_NAMES)}")
            acct = self.new_acct("merchant", holder=name.upper(), holder_id=tax)
            settle_bank = rr.choice([b.key for b in V.BANKS if b.key != acct.bank])
            settle = self.new_acct("merchant_settlement", bank=settle_bank, holder=V.unaccent(name).upper(),
                                   holder_id=tax, phone=acct.phone, email=acct.email)
            self.lookalikes["merchants"].append(acct)
            self.lookalikes["merchant_settlement"].append(settle)
            n_cust = min(self.n_bg - 20, rr.randint(*self.LOOKALIKE["merchant_customers"]))
            for c in self.pick_people(n_cust, exclusive=False):
                cust = self.bg_acct(c)
                for _ in range(rr.choice((1, 1, 1, 2, 2, 3))):
                    t = self.daytime(rr.randint(0, N_DAYS - 3), 8, 22)
                    amt = self.amount(350_000, 0.9, 20_000, 20_000_000)
                    self.home_txn(cust, t, acct, amt, rr.choice((desc, desc, "QR " + desc, "CK")), "merchant",
                                  channel=rr.choice(("VietQR", "Mobile Banking", "Napas 247")))

    def _payroll(self) -> None:
        """Payroll: one big funding transfer, then salaries to many employees on pay day."""
        rr, k = self.rr, self.n_orgs
        for p in range(self.LOOKALIKE["payroll"] or max(2, k // 4)):
            name, tax = self.company()
            bank = rr.choices([b.key for b in V.BANKS], [b.weight for b in V.BANKS])[0]
            main = self.new_acct("company", bank=bank, holder=V.unaccent(name).upper(), holder_id=tax)
            pay = self.new_acct("payroll", bank=bank, holder=V.unaccent(name).upper(), holder_id=tax,
                                phone=main.phone, email=main.email)
            pay.device, pay.ip = main.device, main.ip
            self.lookalikes["payroll"].append(pay)
            n_staff = min(self.n_bg - 20, rr.randint(*self.LOOKALIKE["staff"]))
            staff = self.pick_people(n_staff, exclusive=False)
            salary = {e: self.amount(11_000_000, 0.45, 5_000_000, 80_000_000, 100_000) for e in staff}
            payday = rr.choice((4, 9))            # the 5th or the 10th
            for month, first_day in ((2, 0), (3, 31)):
                day = first_day + payday
                total = sum(salary.values())
                self.home_txn(main, self.daytime(day - 1, 14, 17), pay, total,
                              f"chuyen tien luong thang {month:02d}/2024", "payroll",
                              channel="Internet Banking")
                t = day * DAY + rr.randint(8 * 3600, 9 * 3600)
                for e in staff:
                    t += rr.randint(1, 25)
                    self.home_txn(pay, t, self.bg_acct(e), salary[e],
                                  f"{V.unaccent(name).upper()} TRA LUONG THANG {month:02d}/2024", "payroll",
                                  channel="Internet Banking")

    def _overseas_workers(self) -> None:
        """Overseas workers -> family forwarders -> relatives."""
        rr, k = self.rr, self.n_orgs
        for w in range(self.LOOKALIKE["workers"] or max(4, k)):
            cc = rr.choice(("JP", "JP", "KR", "TW"))
            person = self.new_person()
            wk = self.new_acct("overseas_worker", person=person, biometric=True)
            wk.ip = self.ip_in(cc)
            self.lookalikes["legit_foreign_login_accounts"].append(wk)
            foreign_phone = self.new_foreign_phone(cc)
            fw_person, *relatives = self.pick_people(1 + rr.randint(1, 3), exclusive=True)
            fw = self.bg_acct(fw_person, "family_forwarder")
            self.lookalikes["family_forwarders"].append(fw)
            ips = [wk.ip, self.ip_in(cc)]
            for _ in range(rr.randint(6, 14)):
                self.logins.append(Login(self.daytime(rr.randint(0, N_DAYS - 1), 0, 23), wk.number, wk.bank,
                                         rr.choice(ips), wk.device or "", cc))
            for first in (rr.randint(5, 12), rr.randint(35, 43)):
                t = self.daytime(first, 17, 22)
                amt = self.amount(25_000_000, 0.35, 8_000_000, 80_000_000, 100_000)
                self.logins.append(Login(t - rr.randint(60, 300), wk.number, wk.bank, wk.ip, wk.device or "",
                                         cc))
                x = self.home_txn(wk, t, fw, amt,
                                  rr.choice(("gui tien ve nha", "con gui bo me", "tien gui me")), "family")
                x.ip = rr.choice(ips)
                self.calls.append(Call(t - rr.randint(600, 7200), foreign_phone, self.phone_of(fw_person),
                                       rr.randint(120, 1800), "OTT", cc))
                t2 = t + rr.randint(*self.LOOKALIKE["forward_seconds"])
                left = amt
                for r in relatives:
                    part = int(round(amt * rr.uniform(0.15, 0.3) / 100_000)) * 100_000
                    if part <= 0 or part >= left:
                        continue
                    left -= part
                    self.home_txn(fw, t2, self.bg_acct(r), part,
                                  rr.choice(("gui tien hoc cho con", "tien tieu cho em", "me gui",
                                             "anh gui")),
                                  "family")
                    t2 += rr.randint(60, 1800)

    def _hubs(self) -> None:
        """Hubs: utility / e-wallet accounts everybody pays."""
        rr, k = self.rr, self.n_orgs
        for h in range(self.LOOKALIKE["hubs"] or max(1, k // 8)):
            name, descs = V.HUB_NAMES[h % len(V.HUB_NAMES)]
            if h >= len(V.HUB_NAMES):
                name = f"{name} - CN {h // len(V.HUB_NAMES) + 1}"
            hub = self.new_acct("hub", holder=name, holder_id=self.company(name)[1])
            self.lookalikes["hubs"].append(hub)
            self.hub_descs[hub.number] = descs
            n_pay = min(self.n_bg - 20, max(60, min(2000, self.n_bg // (4 * max(1, k // 8)))))
            for c in self.pick_people(n_pay, exclusive=False):
                payer = self.bg_acct(c)
                for _ in range(rr.choice((1, 1, 2, 3))):
                    self.home_txn(payer, self.daytime(rr.randint(0, N_DAYS - 2), 6, 23), hub,
                                  self.amount(250_000, 0.8, 10_000, 5_000_000), rr.choice(descs), "hub")

    def settle(self) -> None:
        """Merchant weekly settlements and hub daily sweeps (after every inflow is known)."""
        rr = self.rr
        inflows: dict[str, list[tuple[int, int]]] = {}
        for x in self.txns:
            inflows.setdefault(x.dst, []).append((x.t, x.amount))
        for merch, settle in zip(self.lookalikes["merchants"], self.lookalikes["merchant_settlement"]):
            inflow = sorted(inflows.get(merch.number, []))
            day0 = rr.randint(3, 6)
            last = 0
            for day in range(day0, N_DAYS, 7):
                cut = day * DAY + 2 * 3600
                tot = sum(a for t, a in inflow if last <= t < cut)
                last = cut
                if tot:
                    self.home_txn(merch, cut + rr.randint(0, 1800), settle, int(tot * 0.985) // 1000 * 1000,
                                  "KET CHUYEN DOANH THU", "merchant", channel="Internet Banking")
        for hub in self.lookalikes["hubs"]:
            sweep = self.new_acct("hub_settlement", bank=hub.bank, holder=hub.holder, holder_id=hub.holder_id)
            by_day: dict[int, int] = {}
            for t, amt in inflows.get(hub.number, []):
                by_day[t // DAY] = by_day.get(t // DAY, 0) + amt
            for day in sorted(by_day):
                self.home_txn(hub, day * DAY + 23 * 3600 + 50 * 60 + rr.randint(0, 500), sweep, by_day[day],
                              "TAT TOAN CUOI NGAY", "hub", channel="Internet Banking")
