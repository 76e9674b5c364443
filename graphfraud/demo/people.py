"""People of the demo world: profiles (name, CCCD, email), companies, background account holders
and new accounts. A mix-in of the demo generator (``generator._Gen``)."""

from __future__ import annotations

import random

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import DAY
from graphfraud.demo.records import Acct


class People:
    """Who holds the accounts."""

    def _new_profile(self, key: int, company: bool = False) -> dict:
        r = random.Random(self.seed * 1_000_003 + key * 7 + 1)
        female = r.random() < 0.5
        sur = r.choices([s for s, _ in V.SURNAMES], [w for _, w in V.SURNAMES])[0]
        mid = r.choice(V.MIDDLE_F if female else V.MIDDLE_M)
        given = r.choice(V.GIVEN_F if female else V.GIVEN_M)
        name = f"{sur} {mid} {given}"
        year = r.randint(1958, 2005)
        cccd = (r.choice(V.PROVINCES) + str((0 if year < 2000 else 2) + (1 if female else 0))
                + f"{year % 100:02d}" + f"{r.randint(0, 999_999):06d}")
        if r.random() < 0.12:  # old 9-digit CMND
            cccd = f"{r.randint(10_000_000, 389_999_999):09d}"
        base = V.unaccent(f"{given}{sur}{mid}").lower().replace(" ", "")
        email = None
        if r.random() < 0.6:
            email = f"{base}{year % 100:02d}{r.randint(0, 99)}@{r.choice(V.EMAIL_DOMAINS)}"
        opened = -r.randint(200, 9 * 365) * DAY
        return {"name": name, "female": female, "year": year, "cccd": cccd, "email": email,
                "opened": opened, "branch": r.choice(V.BRANCHES)}

    def profile(self, pid: int) -> dict:
        p = self.profiles.get(pid)
        if p is None:
            p = self._new_profile(pid)
            self.profiles[pid] = p
        return p

    def new_person(self) -> int:
        pid = self.phone_next      # person ids and phone indices share one counter
        self.phone_next += 1
        self.profile(pid)
        return pid

    def company(self, kind: str | None = None) -> tuple[str, str]:
        """A company name and the CCCD of its legal representative (what KYC lists)."""
        rr = self.rr
        name = kind or f"Công ty TNHH {rr.choice(V.COMPANY_WORDS)} {rr.choice(V.COMPANY_NAMES)}"
        return name, self.profile(self.new_person())["cccd"]

    def pick_people(self, k: int, exclusive: bool) -> list[int]:
        """k distinct background persons; exclusive ones are not reused for other roles."""
        if k > self.n_bg - (len(self.taken) if exclusive else 0):
            raise ValueError("population too small for the requested organisations")
        out: list[int] = []
        seen: set[int] = set()
        while len(out) < k:
            i = int(self.g.integers(0, self.n_bg))
            if i in seen or (exclusive and i in self.taken):
                continue
            seen.add(i)
            out.append(i)
        if exclusive:
            self.taken.update(out)
        return out

    def bg_acct(self, i: int, role: str = "background") -> Acct:
        a = self.accts.get(str(self.bg_account[i]))
        if a is not None:
            if role != "background" and a.role == "background":
                a.role = role
            return a
        a = Acct(number=str(self.bg_account[i]), bank=V.BANKS[int(self.bg_bank[i])].key, role=role,
                 phone=self.phone_of(i), device=str(self.bg_device[i]), ip=str(self.bg_ip[i]), person=i)
        self.accts[a.number] = a
        return a

    def full(self, a: Acct) -> Acct:
        """Fill in a background holder's KYC details (computed only when written out)."""
        if not a.holder and a.person is not None:
            p = self.profile(a.person)
            a.holder, a.holder_id, a.email, a.opened = p["name"], p["cccd"], p["email"], p["opened"]
            a.biometric = (a.person * 2_654_435_761 + self.seed) % 10 < 8
        return a

    def new_acct(self, role: str, bank: str | None = None, holder: str | None = None,
                 holder_id: str | None = None, person: int | None = None, opened: int | None = None,
                 biometric: bool = True, phone: str | None = None, email: str | None = None) -> Acct:
        rr = self.rr
        if bank is None:
            bank = rr.choices([b.key for b in V.BANKS], [b.weight for b in V.BANKS])[0]
        if person is None and holder is None:
            person = self.new_person()
        if person is None and phone is None:
            phone = self.new_vn_phone()
        if person is not None:
            p = self.profile(person)
            holder = holder or p["name"]
            holder_id = holder_id or p["cccd"]
            phone = phone or self.phone_of(person)
            email = email if email is not None else p["email"]
            opened = p["opened"] if opened is None else opened
        a = Acct(number=self.new_account_number(bank), bank=bank, role=role, holder=holder or "",
                 holder_id=holder_id or "", phone=phone, email=email, biometric=biometric,
                 opened=-rr.randint(300, 3000) * DAY if opened is None else opened,
                 device=self.new_device(), ip=self.ip_in("VN"), person=person)
        self.accts[a.number] = a
        return a

    def new_foreign_acct(self, cc: str, holder: str) -> Acct:
        bank = self.rr.choice(V.FOREIGN_BANK_BY_COUNTRY.get(cc, ("ACLEDA",)))
        a = Acct(number=self.new_foreign_account(), bank=bank, role="exit", holder=holder)
        self.accts[a.number] = a
        return a
