"""The demo generator's world: its seeded state, the identifiers it hands out (account numbers,
phones, devices, IPs), the background population with its power-law activity, and time helpers.

The generator (``generator._Gen``) is this class plus the mix-ins of :mod:`~graphfraud.demo.people`,
:mod:`~graphfraud.demo.confounders`, :mod:`~graphfraud.demo.organisations`,
:mod:`~graphfraud.demo.bank_exports` and :mod:`~graphfraud.demo.side_files`.
"""

from __future__ import annotations

import math
import random
import re

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence

from graphfraud.demo import _vocab as V
from graphfraud.demo.layout import DAY, S
from graphfraud.demo.records import Acct, Call, Login, Org, Txn


def _affine(total: int, seed: int, salt: int) -> tuple[int, int]:
    """(m, c) with gcd(m, total) == 1, so ``x -> (x*m + c) % total`` is a bijection of
    ``range(total)``; m is near total/golden ratio so consecutive x land far apart."""
    m = int(total * 0.6180339887) | 1
    while math.gcd(m, total) != 1:
        m += 2
    c = (seed * 2_654_435_761 + salt * 40_503 + 12_345) % total
    return m, c


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on uint64 arrays (wrapping arithmetic)."""
    x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_NUMERIC_LOOKING = re.compile(r"\d+(e\d+)?")


def _not_numeric(hex_id: str) -> str:
    """Hex ids such as ``81247e2001242807`` read as numbers (8.1e2001242807) in
    spreadsheets; real Android ids avoid that often enough, ours always do."""
    return "a" + hex_id[1:] if _NUMERIC_LOOKING.fullmatch(hex_id) else hex_id


# The look-alike accounts (see confounders.py), by their name in the ground truth.
LOOKALIKE_KINDS = ("merchants", "merchant_settlement", "payroll", "legit_foreign_login_accounts",
                   "family_forwarders", "hubs")


class World:
    """Seeded state shared by every part of the generator."""

    def __init__(self, seed: int, n_transfers: int, n_orgs: int):
        self.seed = seed
        self.n = n_transfers
        self.n_orgs = n_orgs
        self.rr = random.Random(seed)
        self.g = Generator(PCG64(seed))
        # people (one account each); enough of them for the victims and families of every organisation
        self.n_bg = max(int(min(max(n_transfers // 12, 300), 2_000_000)), 40 * n_orgs)
        self.bank_next = [0] * len(V.BANKS)
        self.phone_next = self.n_bg
        self.used_foreign_phones: set[str] = set()
        self.used_foreign_accts: set[str] = set()
        self.used_devices: set[str] = set()
        self.special_people: dict[int, dict] = {}
        self.profiles: dict[int, dict] = {}
        self.taken: set[int] = set()
        # The demo's "well-known" victim: person 0 holds +84 912 345 678 (the number the README
        # and the acceptance checks look up in any spelling); reserved for the first campaign.
        self.star = 0
        self.taken.add(self.star)
        self.accts: dict[str, Acct] = {}
        self.txns: list[Txn] = []
        self.calls: list[Call] = []
        self.logins: list[Login] = []
        self.orgs: list[Org] = []
        self.lookalikes: dict[str, list[Acct]] = {kind: [] for kind in LOOKALIKE_KINDS}
        self.hub_descs: dict[str, tuple[str, ...]] = {}

    # ------------------------------------------------------------ identifiers

    def _acct_vec(self, bank_i: int, serial: np.ndarray) -> np.ndarray:
        """Serial numbers of one bank -> distinct account numbers (prefix + scrambled digits)."""
        b = V.BANKS[bank_i]
        free = b.length - len(b.prefixes[0])
        total = len(b.prefixes) * 10 ** free
        m, c = _affine(total, self.seed, bank_i)
        assert int(serial.max(initial=0)) * m < 2**63
        y = (serial.astype(np.int64) * m + c) % total
        pref = np.array(b.prefixes, dtype=S)[y // 10 ** free]
        return np.strings.add(pref, np.strings.zfill((y % 10 ** free).astype(S), free))

    def new_account_number(self, bank: str) -> str:
        i = V.BANK_INDEX[bank]
        serial = self.bank_next[i]
        self.bank_next[i] += 1
        return str(self._acct_vec(i, np.array([serial], dtype=np.int64))[0])

    def new_foreign_account(self) -> str:
        while True:
            n = self.rr.choice((15, 16))
            a = str(self.rr.randint(1, 9)) + "".join(str(self.rr.randint(0, 9)) for _ in range(n - 1))
            if a not in self.used_foreign_accts:
                self.used_foreign_accts.add(a)
                return a

    def _phone_vec(self, idx: np.ndarray) -> np.ndarray:
        """Person index -> distinct Vietnamese mobile number in E.164."""
        total = len(V.VN_MOBILE_PREFIXES) * 10**7
        m, c = _affine(total, self.seed, 99)
        y = (idx.astype(np.int64) * m + c) % total
        # swap two numbers so the star person gets +84912345678 (still one number per person)
        y_star = V.VN_MOBILE_PREFIXES.index("091") * 10**7 + 2345678
        y_k = (self.star * m + c) % total
        y = np.where(idx == self.star, y_star, np.where(y == y_star, y_k, y))
        pref = np.array([p[1:] for p in V.VN_MOBILE_PREFIXES], dtype=S)[y // 10**7]
        return np.strings.add(np.strings.add("+84", pref), np.strings.zfill((y % 10**7).astype(S), 7))

    def phone_of(self, idx: int) -> str:
        return str(self._phone_vec(np.array([idx], dtype=np.int64))[0])

    def new_vn_phone(self) -> str:
        p = self.phone_of(self.phone_next)
        self.phone_next += 1
        return p

    def new_foreign_phone(self, cc: str) -> str:
        code, leads, rest, first = V.FOREIGN_MOBILE[cc]
        while True:
            nsn = (self.rr.choice(leads) + self.rr.choice(first)
                   + "".join(str(self.rr.randint(0, 9)) for _ in range(rest - 1)))
            e = f"+{code}{nsn}"
            if e not in self.used_foreign_phones:
                self.used_foreign_phones.add(e)
                return e

    def new_device(self, ios: bool | None = None) -> str:
        rr = self.rr
        if ios is None:
            ios = rr.random() < 0.35
        while True:
            if ios:
                h = f"{rr.getrandbits(128):032x}"
                d = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"
            else:
                d = _not_numeric(f"{rr.getrandbits(64):016x}")
            if d not in self.used_devices:
                self.used_devices.add(d)
                return d

    def ip_in(self, cc: str) -> str:
        net = self.rr.choice(V.IP_NETS[cc])
        return f"{net}.{self.rr.randint(1, 254)}"

    # ------------------------------------------------------------ population

    def build_population(self) -> None:
        g = Generator(PCG64(SeedSequence([self.seed, 1])))
        n = self.n_bg
        w = np.array([b.weight for b in V.BANKS])
        bank = g.choice(len(V.BANKS), size=n, p=w / w.sum()).astype(np.int8)
        acct = np.empty(n, dtype=S)
        for b in range(len(V.BANKS)):
            idx = np.nonzero(bank == b)[0]
            serial = np.arange(len(idx), dtype=np.int64)
            acct[idx] = self._acct_vec(b, serial)
            self.bank_next[b] = len(idx)
        self.bg_bank = bank
        self.bg_account = acct
        h = _mix64(np.arange(n, dtype=np.uint64) + np.uint64(self.seed) * np.uint64(0x100000001B3))
        h2 = _mix64(h)
        ios = (h % np.uint64(100)) < np.uint64(35)
        dev = [_not_numeric(f"{a:016x}") for a in h.tolist()]
        for i in np.nonzero(ios)[0].tolist():
            x = f"{int(h[i]):016x}{int(h2[i]):016x}"
            dev[i] = f"{x[:8]}-{x[8:12]}-4{x[13:16]}-{'89ab'[int(x[16], 16) % 4]}{x[17:20]}-{x[20:]}".upper()
        self.bg_device = np.array(dev, dtype=S)
        self.used_devices.update(dev)
        vn = np.array(V.IP_NETS["VN"], dtype=S)
        net = (h2 % np.uint64(len(vn))).astype(np.int64)
        octet = ((h2 >> np.uint64(20)) % np.uint64(254) + np.uint64(1)).astype(np.int64)
        self.bg_ip = np.strings.add(np.strings.add(vn[net], "."), octet.astype(S))
        # power-law activity: senders and receivers
        send = g.pareto(1.3, n) + 1.0
        recv = send ** 0.6 * g.lognormal(0.0, 0.8, n)
        self.send_cdf = np.cumsum(send)
        self.recv_cdf = np.cumsum(recv)
        xl = np.isin(bank, [V.BANK_INDEX[k] for k in V.XLSX_BANKS])
        if xl.sum() < 10:
            xl[:] = True
        self.send_cdf_xlsx = np.cumsum(np.where(xl, send, 0.0))

    # ------------------------------------------------------------ time helpers

    def daytime(self, day: int, start_h: int = 7, end_h: int = 22) -> int:
        return day * DAY + self.rr.randint(start_h * 3600, end_h * 3600 - 1)

    def home_txn(self, a: Acct, t: int, dst: Acct, amount: int, desc: str, tag: str,
                 channel: str | None = None) -> Txn:
        ch = channel or self.rr.choice(("Mobile Banking", "Mobile Banking", "Internet Banking", "Napas 247"))
        x = Txn(t=t, src=a.number, src_bank=a.bank, dst=dst.number, dst_bank=dst.bank, amount=amount,
                channel=ch, ip=a.ip or "", device=a.device or "", desc=desc, tag=tag, dst_name=dst.holder,
                dst_person=dst.person)
        self.txns.append(x)
        return x

    def amount(self, median: float, sigma: float, lo: int, hi: int, step: int = 1000) -> int:
        v = math.exp(math.log(median) + sigma * self.rr.gauss(0, 1))
        v = min(max(v, lo), hi)
        return int(round(v / step)) * step
