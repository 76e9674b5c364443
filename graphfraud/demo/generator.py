"""Seeded generator of realistic, messy Vietnamese fraud-case files with ground truth.

``generate(out_dir)`` writes one case folder: two bank exports of transactions (a
Vietnamese CSV and an English XLSX), a telecom CDR of calls, e-banking logins
(JSON), KYC account records (XLSX), victims' police reports (CSV) and social
network records (CSV), plus ``ground_truth.json`` describing what was planted.
See ``docs/demo-data.md`` for the file layouts and the ground-truth schema.

What is in the data
    * a legitimate background: people transferring to each other (power-law
      degree, daytime-heavy), calling each other, logging in from Vietnamese IPs;
    * planted fraud organisations, one scam campaign each: scam phones
      (foreign, VoIP, local prepaid SIMs) call victims, victims pay tier-1 mule
      accounts, which forward within minutes to tier-2 mules, which forward
      within minutes to the organisers' cash-out accounts, which send the money
      abroad or buy USDT; mules are young accounts logged into from Cambodian,
      Chinese or Philippine IPs on a few devices shared inside the organisation;
      every victim files a report;
    * confounders that must not be flagged: merchants (huge fan-in, weekly
      settlement), payroll accounts (huge fan-out on pay day), overseas workers
      (foreign logins), family forwarders (money passed on within hours, few
      senders) and busy hubs (utility / e-wallet accounts paid by victims and
      everyone else alike);
    * messiness: phones, amounts, dates, bank names and account numbers spelled
      in many ways, plus a few deliberately invalid values (``expected_rejects``).

Determinism: the same ``seed`` and sizes give byte-identical files. Nothing reads
the clock; all randomness comes from ``random.Random(seed)``,
``numpy.random.Generator(PCG64(seed))`` and per-day generators seeded from the seed.

Scale: ``n_transfers`` is the number of legitimate background transfers. They
are generated vectorised with numpy, one day at a time, and appended to the
CSV export in slices of 50,000 rows, so memory is bounded by the account table
(about 0.6 GB at 10^7 transfers), not by the number of transfers. Planted fraud
grows with the square root of the background.

Command line (for benchmarks)::

    python -m graphfraud.demo.generator OUT_DIR [--seed 7] [--transfers N] [--orgs K] [--scenario S]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence

from graphfraud.demo import _vocab as V
from graphfraud.demo.truth import ground_truth

__all__ = ["Manifest", "generate", "FILE_NAMES", "HEADERS", "EXTRA_COLUMNS", "main"]

BASE = datetime(2024, 3, 1)          # day 0, 00:00 Vietnam local time (UTC+7)
N_DAYS = 61                          # 2024-03-01 .. 2024-04-30
DAY = 86_400
DEFAULT_TRANSFERS = 4_000
XLSX_BACKGROUND_MAX = 1_500
BACKGROUND_SIDE_MAX = 150_000       # cap on background calls and logins
_SLICE = 50_000                     # background CSV rows rendered at a time

S = np.dtypes.StringDType()

FILE_NAMES: dict[str, tuple[str, ...]] = {
    "transactions": ("sao_ke_giao_dich.csv", "bank_statement_tcb_mb.xlsx"),
    "calls": ("cuoc_goi_cdr.csv",),
    "logins": ("dang_nhap_ebanking.json",),
    "accounts": ("thong_tin_tai_khoan_kyc.xlsx",),
    "reports": ("don_to_giac.csv",),
    "social": ("mang_xa_hoi.csv",),
}
GROUND_TRUTH_NAME = "ground_truth.json"

HEADERS: dict[str, tuple[str, ...]] = {
    "sao_ke_giao_dich.csv": ("Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Ngân hàng chuyển",
                             "Tài khoản ghi có", "Ngân hàng nhận", "Số tiền", "Loại tiền", "Kênh",
                             "Địa chỉ IP", "Mã thiết bị", "Nội dung", "Chi nhánh"),
    "bank_statement_tcb_mb.xlsx": ("Transaction ID", "Transaction Date", "Debit Account", "Debit Bank",
                                   "Credit Account", "Beneficiary Bank", "Beneficiary Name", "Amount",
                                   "Currency", "Channel", "IP Address", "Device ID", "Remarks", "Branch"),
    "cuoc_goi_cdr.csv": ("Số gọi", "Số bị gọi", "Thời gian gọi", "Thời lượng (giây)", "Loại cuộc gọi",
                         "Quốc gia gọi", "Nhà mạng"),
    "dang_nhap_ebanking.json": ("account_number", "bank_code", "ip_address", "device_id", "login_time",
                                "country_code", "os", "app_version"),
    "thong_tin_tai_khoan_kyc.xlsx": ("Số tài khoản", "Ngân hàng", "Chủ tài khoản", "Số CCCD", "SĐT đăng ký",
                                     "Email", "Sinh trắc học", "Ngày mở TK", "Chi nhánh", "Số dư"),
    "don_to_giac.csv": ("Mã vụ việc", "Ngày tiếp nhận", "Họ tên nạn nhân", "SĐT nạn nhân", "STK nạn nhân",
                        "Ngân hàng nạn nhân", "SĐT đối tượng", "STK đối tượng", "Ngân hàng đối tượng",
                        "MXH đối tượng", "Website lừa đảo", "Email đối tượng", "Số tiền thiệt hại",
                        "Thủ đoạn", "Nội dung vụ việc", "Đơn vị thụ lý"),
    "mang_xa_hoi.csv": ("Tài khoản MXH", "Nền tảng", "Số điện thoại", "Email", "Tên hiển thị", "Ngày tạo"),
}
# Columns that deliberately map to no field (the loader keeps them as properties).
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "sao_ke_giao_dich.csv": ("Chi nhánh",),
    "bank_statement_tcb_mb.xlsx": ("Beneficiary Name", "Branch"),
    "cuoc_goi_cdr.csv": ("Nhà mạng",),
    "dang_nhap_ebanking.json": ("os", "app_version"),
    "thong_tin_tai_khoan_kyc.xlsx": ("Chi nhánh", "Số dư"),
    "don_to_giac.csv": ("Đơn vị thụ lý",),
    "mang_xa_hoi.csv": ("Ngày tạo",),
}


@dataclass(frozen=True)
class Manifest:
    """What :func:`generate` wrote."""

    out_dir: Path
    files: dict[str, tuple[Path, ...]]   # kind -> files of that kind
    ground_truth: Path
    seed: int
    n_transfers: int                     # legitimate background transfers
    n_orgs: int
    rows: dict[str, int]                 # file name -> data rows (header excluded)

    def all_files(self) -> list[Path]:
        return [p for paths in self.files.values() for p in paths]


# =========================================================================== helpers


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


def _dt(t: int) -> datetime:
    return BASE + timedelta(seconds=int(t))


def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def _csv_field(v: object) -> str:
    s = "" if v is None else str(v)
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def _csv_line(values) -> str:
    return ",".join(_csv_field(v) for v in values)


_TWO = np.array([f"{i:02d}" for i in range(60)], dtype=S)
_DMY = np.array([(BASE + timedelta(days=d)).strftime("%d/%m/%Y") for d in range(N_DAYS + 40)], dtype=S)
_YMD = np.array([(BASE + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(N_DAYS + 40)], dtype=S)


def _ts_vec(t: np.ndarray, style: np.ndarray) -> np.ndarray:
    """Seconds since BASE -> text; style 0 ``dd/mm/yyyy HH:MM:SS``, 1 ``dd/mm/yyyy HH:MM``, 2 ISO."""
    d = t // DAY
    s = t % DAY
    hm = np.strings.add(np.strings.add(_TWO[s // 3600], ":"), _TWO[(s // 60) % 60])
    hms = np.strings.add(np.strings.add(hm, ":"), _TWO[s % 60])
    out = np.strings.add(np.strings.add(_DMY[d], " "), hms)
    m1 = style == 1
    if m1.any():
        out[m1] = np.strings.add(np.strings.add(_DMY[d[m1]], " "), hm[m1])
    m2 = style == 2
    if m2.any():
        out[m2] = np.strings.add(np.strings.add(_YMD[d[m2]], "T"), hms[m2])
    return out


def _group_vec(a: np.ndarray, sep: str) -> np.ndarray:
    """Vectorised thousands grouping: 1500000 -> ``1.500.000`` (sep ``.``)."""
    a = a.astype(np.int64)
    rest = a // 1000
    low = (a % 1000).astype(S)
    res = np.where(rest > 0, np.strings.zfill(low, 3), low)
    while (rest > 0).any():
        g = rest % 1000
        nxt = rest // 1000
        gs = g.astype(S)
        gs = np.where(nxt > 0, np.strings.zfill(gs, 3), gs)
        res = np.where(rest > 0, np.strings.add(np.strings.add(gs, sep), res), res)
        rest = nxt
    return res


def _ts_text(t: int, style: str) -> str:
    d = _dt(t)
    if style == "dmy_s":
        return d.strftime("%d/%m/%Y %H:%M:%S")
    if style == "dmy_m":
        return d.strftime("%d/%m/%Y %H:%M")
    if style == "iso":
        return d.strftime("%Y-%m-%dT%H:%M:%S")
    if style == "iso_tz":
        return d.strftime("%Y-%m-%dT%H:%M:%S+07:00")
    if style == "ymd":
        return d.strftime("%Y-%m-%d %H:%M:%S")
    raise ValueError(style)


# =========================================================================== spelling


def spell_amount(rr: random.Random, amount: int, weights=(0.65, 0.22, 0.13)) -> str:
    """``1.500.000`` / ``1500000`` / ``1,500,000 VND``."""
    k = rr.choices((0, 1, 2), weights)[0]
    if k == 0:
        return _group(amount, ".")
    if k == 1:
        return str(amount)
    return _group(amount, ",") + " VND"


def spell_account(rr: random.Random, acct: str, p_space: float = 0.06, p_dash: float = 0.04) -> str:
    x = rr.random()
    if x < p_space:
        return " ".join(acct[i:i + 4] for i in range(0, len(acct), 4))
    if x < p_space + p_dash:
        return "-".join(acct[i:i + 4] for i in range(0, len(acct), 4))
    return acct


def spell_bank(rr: random.Random, key: str) -> str:
    if key in V.BANK_INDEX:
        return rr.choices(V.BANKS[V.BANK_INDEX[key]].spellings, V.BANK_SPELLING_WEIGHTS)[0]
    return rr.choice(V.FOREIGN_BANKS[key][1])


_VN_STYLES = ("spaced", "plus_spaced", "84", "0084", "paren_dots", "no_zero", "plain", "dots", "old")


def spell_vn_phone(rr: random.Random, e164: str, weights) -> str:
    """Spell a Vietnamese mobile ``+84xxxxxxxxx`` in one of the ways files do."""
    n = e164[3:]                      # 9-digit national significant number
    style = rr.choices(_VN_STYLES, weights)[0]
    if style == "old":
        old = V.OLD_PREFIX.get("0" + n[:2])
        if old is None:
            style = "spaced"
        else:
            return f"{old} {n[2:5]} {n[5:]}"
    if style == "spaced":
        return f"0{n[:3]} {n[3:6]} {n[6:]}"
    if style == "plus_spaced":
        return f"+84 {n[:3]} {n[3:6]} {n[6:]}"
    if style == "84":
        return "84" + n
    if style == "0084":
        return "0084" + n
    if style == "paren_dots":
        return f"(+84) {n[:2]}.{n[2:5]}.{n[5:]}"
    if style == "no_zero":
        return n
    if style == "dots":
        return f"0{n[:3]}.{n[3:6]}.{n[6:]}"
    return "0" + n


_OLD_TAB = np.array([V.OLD_PREFIX.get(f"0{i:02d}", "") for i in range(100)], dtype=S)
_CARRIER_TAB = np.array([V.CARRIER_OF_PREFIX.get(f"0{i:02d}", "") for i in range(100)], dtype=S)


def _spell_vn_vec(e164: np.ndarray, u: np.ndarray, weights) -> np.ndarray:
    """Vectorised :func:`spell_vn_phone`: style chosen by the uniforms ``u``."""
    n = np.strings.slice(e164, 3, None)
    a, b, c = (np.strings.slice(n, i, i + 3) for i in (0, 3, 6))
    cw = np.cumsum(weights)
    style = np.minimum(np.searchsorted(cw, u * cw[-1], side="right"), len(cw) - 1)
    old = _OLD_TAB[np.strings.slice(n, 0, 2).astype(np.int64)]
    style = np.where((style == _VN_STYLES.index("old")) & (old == ""), 0, style)
    sp = lambda *xs: _cat(*xs)  # noqa: E731
    variants = {
        "spaced": lambda m: sp("0", a[m], " ", b[m], " ", c[m]),
        "plus_spaced": lambda m: sp("+84 ", a[m], " ", b[m], " ", c[m]),
        "84": lambda m: sp("84", n[m]),
        "0084": lambda m: sp("0084", n[m]),
        "paren_dots": lambda m: sp("(+84) ", np.strings.slice(n[m], 0, 2), ".",
                                   np.strings.slice(n[m], 2, 5), ".", np.strings.slice(n[m], 5, None)),
        "no_zero": lambda m: n[m],
        "plain": lambda m: sp("0", n[m]),
        "dots": lambda m: sp("0", a[m], ".", b[m], ".", c[m]),
        "old": lambda m: sp(old[m], " ", np.strings.slice(n[m], 2, 5), " ", np.strings.slice(n[m], 5, None)),
    }
    out = np.empty(len(e164), dtype=S)
    for k, name in enumerate(_VN_STYLES):
        m = style == k
        if m.any():
            out[m] = variants[name](m)
    return out


def _cat(*parts) -> np.ndarray:
    out = parts[0]
    for p in parts[1:]:
        out = np.strings.add(out, p)
    return out


def _merge(bg_lines: list[str], bg_t: np.ndarray, specials: list[tuple[int, str, object]]):
    """Insert time-sorted special lines after background lines of equal time.

    Returns the merged lines and {tag: 1-based row} for specials carrying a tag.
    """
    specials = sorted(specials, key=lambda s: s[0])
    pos = np.searchsorted(bg_t, np.array([s[0] for s in specials], dtype=np.int64), side="right")
    out: list[str] = []
    rows: dict = {}
    prev = 0
    for p, (_, line, tag) in zip(pos.tolist(), specials):
        out.extend(bg_lines[prev:p])
        out.append(line)
        if tag is not None:
            rows[tag] = len(out)
        prev = p
    out.extend(bg_lines[prev:])
    return out, rows


# weights over _VN_STYLES per file
PHONE_W_CALLS = (0.08, 0.06, 0.36, 0.05, 0.03, 0.08, 0.24, 0.03, 0.07)
PHONE_W_PEOPLE = (0.22, 0.1, 0.06, 0.04, 0.06, 0.05, 0.3, 0.09, 0.08)


def _foreign_parts(e164: str) -> tuple[str, str]:
    for cc in sorted({v[0] for v in V.FOREIGN_MOBILE.values()}, key=len, reverse=True):
        if e164[1:].startswith(cc):
            return cc, e164[1 + len(cc):]
    raise ValueError(e164)


def _country_of(e164: str) -> str:
    if e164.startswith("+84"):
        return "VN"
    for cc, (code, leads, _, _) in V.FOREIGN_MOBILE.items():
        if e164[1:].startswith(code) and e164[1 + len(code):].startswith(leads):
            return cc
    raise ValueError(e164)


def spell_foreign_phone(rr: random.Random, e164: str) -> str:
    cc, nsn = _foreign_parts(e164)
    k = rr.choice((0, 0, 1, 2, 3))
    if k == 0:
        groups = [nsn[i:i + 3] for i in range(0, len(nsn), 3)] if cc != "1" else [nsn[:3], nsn[3:6], nsn[6:]]
        return f"+{cc} " + " ".join(groups)
    if k == 1:
        return f"00{cc}{nsn}"
    if k == 2:
        return f"+{cc}{nsn}"
    if cc == "1":
        return f"+1 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
    return f"(+{cc}) {nsn[:2]}-{nsn[2:5]}-{nsn[5:]}"


def spell_phone(rr: random.Random, e164: str, weights=PHONE_W_PEOPLE) -> str:
    if e164.startswith("+84"):
        return spell_vn_phone(rr, e164, weights)
    return spell_foreign_phone(rr, e164)


def spell_social(rr: random.Random, canonical: str, in_report: bool) -> str:
    platform, handle = canonical.split(":", 1)
    if platform == "facebook":
        if handle.isdigit():
            return rr.choice((f"https://www.facebook.com/profile.php?id={handle}",
                              f"facebook.com/profile.php?id={handle}",
                              f"https://m.facebook.com/profile.php?id={handle}"))
        return rr.choice((f"https://www.facebook.com/{handle}", f"facebook.com/{handle}",
                          f"fb.com/{handle}", f"https://facebook.com/{handle}/"))
    if platform == "zalo":
        phone = spell_vn_phone(rr, handle, PHONE_W_PEOPLE)
        if in_report:
            return rr.choice((f"Zalo: {phone}", f"zalo: {phone}", f"https://zalo.me/0{handle[3:]}"))
        return phone
    # telegram
    shown = handle if rr.random() < 0.7 else handle.capitalize()
    if in_report:
        return rr.choice((f"https://t.me/{shown}", f"t.me/{shown}", f"Telegram: @{shown}"))
    return rr.choice((f"@{shown}", f"t.me/{shown}", f"@{shown}"))


def spell_url(rr: random.Random, domain: str) -> str:
    return rr.choice((f"https://{domain}", f"http://www.{domain}/login", domain,
                      f"https://{domain}/?ref={rr.randint(1000, 9999)}", f"www.{domain}"))


def spell_device(rr: random.Random, dev: str) -> str:
    if "-" in dev:  # iOS identifierForVendor: usually upper-case
        return dev.upper() if rr.random() < 0.8 else dev
    return dev.upper() if rr.random() < 0.15 else dev


# =========================================================================== records


@dataclass
class Acct:
    number: str
    bank: str                     # bank key (VN) or foreign bank key
    role: str
    holder: str = ""
    holder_id: str = ""
    phone: str | None = None      # E.164 registered phone
    email: str | None = None
    biometric: bool = True
    opened: int = 0               # seconds since BASE (negative = before)
    device: str | None = None
    ip: str | None = None
    person: int | None = None


@dataclass
class Txn:
    t: int
    src: str
    src_bank: str
    dst: str
    dst_bank: str
    amount: int
    channel: str
    ip: str
    device: str
    desc: str
    tag: str                      # planted | merchant | payroll | family | hub | ...
    dst_name: str = ""
    dst_person: int | None = None   # background holder whose name is looked up when rendered
    txn_id: str = ""


@dataclass
class Call:
    t: int
    caller: str                   # E.164, or raw text when raw=True
    callee: str
    duration: int
    call_type: str
    origin: str                   # ISO country code
    raw: bool = False


@dataclass
class Login:
    t: int
    account: str
    bank: str
    ip: str
    device: str
    country: str | None


@dataclass
class Org:
    id: str
    scam_type: str
    base_cc: str
    start: int
    foreign_phones: list[str] = field(default_factory=list)
    prepaid_phones: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    ips: list[tuple[str, str]] = field(default_factory=list)   # (ip, country)
    socials: list[str] = field(default_factory=list)
    social_phone: dict[str, str | None] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tier1: list[Acct] = field(default_factory=list)
    tier2: list[Acct] = field(default_factory=list)
    cashout: list[Acct] = field(default_factory=list)
    exits: list[Acct] = field(default_factory=list)
    mule_devices: dict[str, list[str]] = field(default_factory=dict)
    txns: list[Txn] = field(default_factory=list)
    victims: list[dict] = field(default_factory=list)


# =========================================================================== the generator


class _Gen:
    # look-alike parameters (None: grows with the number of organisations); scenarios vary them
    LOOKALIKE = {"merchants": None, "merchant_customers": (60, 150), "payroll": None, "staff": (40, 130),
                 "workers": None, "forward_seconds": (3600, 5 * 3600), "hubs": None}

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
        self.socials: list[dict] = []
        self.reports: list[dict] = []
        self.orgs: list[Org] = []
        self.gt: dict = {}
        self.merchants: list[Acct] = []
        self.merchant_settlement: list[Acct] = []
        self.payroll: list[Acct] = []
        self.workers: list[Acct] = []
        self.forwarders: list[Acct] = []
        self.hubs: list[Acct] = []
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

    # ------------------------------------------------------------ people

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

    # ------------------------------------------------------------ confounders

    def build_confounders(self) -> None:
        rr = self.rr
        k = self.n_orgs
        # merchants: huge fan-in, weekly settlement to one settlement account
        for m in range(self.LOOKALIKE["merchants"] or max(3, k // 2)):
            kind, desc = rr.choice(V.MERCHANT_KINDS)
            name, tax = self.company(f"{kind} {rr.choice(V.COMPANY_NAMES)}")
            acct = self.new_acct("merchant", holder=name.upper(), holder_id=tax)
            settle_bank = rr.choice([b.key for b in V.BANKS if b.key != acct.bank])
            settle = self.new_acct("merchant_settlement", bank=settle_bank, holder=V.unaccent(name).upper(),
                                   holder_id=tax, phone=acct.phone, email=acct.email)
            self.merchants.append(acct)
            self.merchant_settlement.append(settle)
            n_cust = min(self.n_bg - 20, rr.randint(*self.LOOKALIKE["merchant_customers"]))
            for c in self.pick_people(n_cust, exclusive=False):
                cust = self.bg_acct(c)
                for _ in range(rr.choice((1, 1, 1, 2, 2, 3))):
                    t = self.daytime(rr.randint(0, N_DAYS - 3), 8, 22)
                    amt = self.amount(350_000, 0.9, 20_000, 20_000_000)
                    self.home_txn(cust, t, acct, amt, rr.choice((desc, desc, "QR " + desc, "CK")), "merchant",
                                  channel=rr.choice(("VietQR", "Mobile Banking", "Napas 247")))
        # payroll: one big funding transfer, then salaries to many employees on pay day
        for p in range(self.LOOKALIKE["payroll"] or max(2, k // 4)):
            name, tax = self.company()
            bank = rr.choices([b.key for b in V.BANKS], [b.weight for b in V.BANKS])[0]
            main = self.new_acct("company", bank=bank, holder=V.unaccent(name).upper(), holder_id=tax)
            pay = self.new_acct("payroll", bank=bank, holder=V.unaccent(name).upper(), holder_id=tax,
                                phone=main.phone, email=main.email)
            pay.device, pay.ip = main.device, main.ip
            self.payroll.append(pay)
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
        # overseas workers -> family forwarders -> relatives
        for w in range(self.LOOKALIKE["workers"] or max(4, k)):
            cc = rr.choice(("JP", "JP", "KR", "TW"))
            person = self.new_person()
            wk = self.new_acct("overseas_worker", person=person, biometric=True)
            wk.ip = self.ip_in(cc)
            self.workers.append(wk)
            foreign_phone = self.new_foreign_phone(cc)
            fw_person, *relatives = self.pick_people(1 + rr.randint(1, 3), exclusive=True)
            fw = self.bg_acct(fw_person, "family_forwarder")
            self.forwarders.append(fw)
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
        # hubs: utility / e-wallet accounts everybody pays
        for h in range(self.LOOKALIKE["hubs"] or max(1, k // 8)):
            name, descs = V.HUB_NAMES[h % len(V.HUB_NAMES)]
            if h >= len(V.HUB_NAMES):
                name = f"{name} - CN {h // len(V.HUB_NAMES) + 1}"
            hub = self.new_acct("hub", holder=name, holder_id=self.company(name)[1])
            self.hubs.append(hub)
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
        for merch, settle in zip(self.merchants, self.merchant_settlement):
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
        for hub in self.hubs:
            sweep = self.new_acct("hub_settlement", bank=hub.bank, holder=hub.holder, holder_id=hub.holder_id)
            by_day: dict[int, int] = {}
            for t, amt in inflows.get(hub.number, []):
                by_day[t // DAY] = by_day.get(t // DAY, 0) + amt
            for day in sorted(by_day):
                self.home_txn(hub, day * DAY + 23 * 3600 + 50 * 60 + rr.randint(0, 500), sweep, by_day[day],
                              "TAT TOAN CUOI NGAY", "hub", channel="Internet Banking")

    # ------------------------------------------------------------ fraud organisations

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
        used_urls, used_handles = self._used_urls, self._used_handles
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
        # online identity
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
        return org

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
        t2_i = rr.randrange(len(org.tier2))
        co_i = rr.randrange(len(org.cashout))
        call_phones = org.foreign_phones + org.prepaid_phones
        arrivals: list[tuple[int, Acct, int]] = []     # (t, cashout, amount)
        for vi, pid in enumerate(victims):
            va = self.bg_acct(pid, "victim")
            vphone = self.phone_of(pid)
            day = org.start + rr.randint(0, 15)
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
            t = last_call + rr.randint(300, 90 * 60)
            loss, parts = draw_loss(rr, (1, 2, 3), (5, 3, 2))
            t1 = t1_cycle[vi % len(t1_cycle)]
            reached: set[str] = set()
            vtx: list[Txn] = []
            for inst, amt in enumerate(parts):
                if inst and rr.random() < 0.25:
                    t1 = rr.choice(org.tier1)
                x = self.home_txn(va, t, t1, amt, rr.choice(V.VICTIM_DESCRIPTIONS[org.scam_type]), "planted")
                org.txns.append(x)
                vtx.append(x)
                # tier 1 -> tier 2 (sometimes split)
                net = amt - int(amt * rr.uniform(0.005, 0.02)) // 1000 * 1000
                split = net >= 10_000_000 and len(org.tier2) > 1 and rr.random() < 0.35
                hops = [net] if not split else [net // 2 // 1000 * 1000 + rr.randint(-20, 20) * 100_000]
                if split:
                    hops.append(net - hops[0])
                th = t + rr.randint(120, 25 * 60)
                for h_amt in hops:
                    t2 = org.tier2[t2_i % len(org.tier2)]
                    t2_i += 1
                    self._mule_txn(org, t1, t2, th, h_amt, rr.choice(V.MULE_DESCRIPTIONS))
                    # tier 2 -> cash-out
                    tc = th + rr.randint(120, 25 * 60)
                    c_amt = h_amt - int(h_amt * rr.uniform(0.0, 0.01)) // 1000 * 1000
                    co = org.cashout[co_i % len(org.cashout)]
                    co_i += 1
                    self._mule_txn(org, t2, co, tc, c_amt, rr.choice(V.MULE_DESCRIPTIONS))
                    arrivals.append((tc, co, c_amt))
                    reached.add(co.number)
                    th += rr.randint(60, 300)
                t += rr.randint(20 * 60, 3 * 3600)
            org.victims.append({"person": pid, "acct": va, "phone": vphone, "loss": loss, "txns": vtx,
                                "first_caller": first_caller, "last_caller": last_caller,
                                "reached": sorted(reached), "last_t": vtx[-1].t})
            if self.hubs and rr.random() < 0.6:   # victims also pay the everyday hubs
                hub = rr.choice(self.hubs)
                self.home_txn(va, self.daytime(rr.randint(0, N_DAYS - 2), 7, 22), hub,
                              self.amount(300_000, 0.7, 20_000, 3_000_000),
                              rr.choice(self.hub_descs[hub.number]), "hub")
        # cash-out accounts send the money abroad / to crypto, once per arrival day
        groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for tc, co, amt in arrivals:
            groups.setdefault((co.number, tc // DAY), []).append((tc, amt))
        for (co_num, _day), items in sorted(groups.items()):
            co = self.accts[co_num]
            t = max(tc for tc, _ in items) + rr.randint(30 * 60, 3 * 3600)
            total = sum(a for _, a in items)
            ex_list = list(org.exits)
            chunks = [total] if len(ex_list) == 1 or total < 50_000_000 else [total // 2, total - total // 2]
            for j, amt in enumerate(chunks):
                ex = ex_list[j % len(ex_list)]
                desc = rr.choice(V.EXIT_DESCRIPTIONS_FOREIGN if ex.role == "exit"
                                 else V.EXIT_DESCRIPTIONS_CRYPTO)
                self._mule_txn(org, co, ex, t, amt // 1000 * 1000, desc)
                t += rr.randint(120, 900)
        # scam phones also call many people who do not fall for it
        for ph in call_phones:
            for pid in self.pick_people(min(self.n_bg // 3, rr.randint(3, 12)), exclusive=False):
                t = self.daytime(org.start + rr.randint(0, 16), 8, 20)
                cc = _country_of(ph)
                self.calls.append(Call(t, ph, self.phone_of(pid), rr.choice((0, 0, 5, 12, 30, 45, 80)),
                                       rr.choice(V.SCAM_LOCAL_CALL_TYPES if cc == "VN"
                                                 else V.SCAM_FOREIGN_CALL_TYPES), cc))
        # extra idle logins of the mules during the campaign
        for a in org.tier1 + org.tier2 + org.cashout:
            for _ in range(rr.randint(2, 6)):
                self._mule_login(org, a, self.daytime(org.start + rr.randint(0, 18), 0, 23))
        for where in org.ips:    # each of the organisation's IPs shows up at least once
            self._mule_login(org, rr.choice(org.tier1 + org.tier2),
                             self.daytime(org.start + rr.randint(0, 18), 0, 23), where)

    # ------------------------------------------------------------ txn ids

    def finalise_specials(self) -> None:
        self.txns.sort(key=lambda x: (x.t, x.src, x.dst, x.amount))
        for x in self.txns:
            assert 0 <= x.t < N_DAYS * DAY, x
        self.n_special = len(self.txns)
        for k, x in enumerate(self.txns):
            x.txn_id = self.txn_id(k, "xlsx" if x.src_bank in V.XLSX_BANKS else "csv")

    _TXN_M = 318_309_886_183      # coprime with 10: k -> (k*M + c) mod 10**12 is a bijection

    def txn_id(self, k: int, where: str) -> str:
        v = (k * self._TXN_M + self.seed * 1_000_000_007 + 55_555) % 10**12
        return ("FT" if where == "csv" else "TXN") + f"{v:012d}"

    def _txn_id_vec(self, k: np.ndarray) -> np.ndarray:
        assert int(k.max(initial=0)) * self._TXN_M < 2**63
        v = (k.astype(np.int64) * self._TXN_M + (self.seed * 1_000_000_007 + 55_555) % 10**12) % 10**12
        return np.strings.add("FT", np.strings.zfill(v.astype(S), 12))

    # ------------------------------------------------------------ background transactions

    def _bg_sample(self, g: Generator, m: int, days: np.ndarray, send_cdf: np.ndarray) -> dict:
        hours = np.array([0.2, 0.1, 0.05, 0.05, 0.05, 0.2, 0.6, 1.2, 2, 2.2, 2.2, 2.2, 2.4, 2, 2, 2.2,
                          2.2, 2.3, 2.6, 2.8, 2.6, 2, 1.2, 0.5])
        h = g.choice(24, size=m, p=hours / hours.sum())
        t = days.astype(np.int64) * DAY + h * 3600 + g.integers(0, 3600, m)
        order = np.argsort(t, kind="stable")
        t = t[order]
        src = np.minimum(np.searchsorted(send_cdf, g.random(m) * send_cdf[-1], side="right"), self.n_bg - 1)
        dst = np.minimum(np.searchsorted(self.recv_cdf, g.random(m) * self.recv_cdf[-1], side="right"),
                         self.n_bg - 1)
        same = src == dst
        dst[same] = (dst[same] + 1 + g.integers(0, self.n_bg - 1, same.sum())) % self.n_bg
        amt = np.exp(np.log(400_000) + 1.4 * g.standard_normal(m))
        amt = np.clip(amt, 10_000, 1_500_000_000)
        step = np.where(g.random(m) < 0.35, np.where(amt > 2_000_000, 100_000, 10_000), 1000)
        amt = (np.round(amt / step) * step).astype(np.int64)
        amt = np.maximum(amt, 10_000)
        ch_p = np.array([p for _, p in V.CHANNELS])
        chan = g.choice(len(V.CHANNELS), size=m, p=ch_p / ch_p.sum())
        roam = g.random(m) < 0.2
        vn = np.array(V.IP_NETS["VN"], dtype=S)
        rnd_ip = np.strings.add(np.strings.add(vn[g.integers(0, len(vn), m)], "."),
                                g.integers(1, 255, m).astype(S))
        return {"t": t, "src": src, "dst": dst, "amt": amt, "chan": chan, "roam": roam, "rnd_ip": rnd_ip,
                "u": g.random((m, 10))}

    def _bg_csv_lines(self, b: dict, ids: np.ndarray) -> list[str]:
        m = len(b["t"])
        u = b["u"]
        ts_style = np.where(u[:, 0] < 0.8, 0, np.where(u[:, 0] < 0.92, 1, 2))
        ts = _ts_vec(b["t"], ts_style)
        bank_tab = np.array([list(bk.spellings) for bk in V.BANKS], dtype=S)
        cw = np.cumsum(V.BANK_SPELLING_WEIGHTS)
        sv = np.minimum(np.searchsorted(cw, u[:, 1] * cw[-1], side="right"), len(cw) - 1)
        dv = np.minimum(np.searchsorted(cw, u[:, 2] * cw[-1], side="right"), len(cw) - 1)
        src_bank = bank_tab[self.bg_bank[b["src"]], sv]
        dst_bank = bank_tab[self.bg_bank[b["dst"]], dv]
        src_acc = self.bg_account[b["src"]]
        dst_acc = self.bg_account[b["dst"]]
        for arr, col in ((src_acc, 3), (dst_acc, 4)):
            odd = np.nonzero(u[:, col] < 0.08)[0]
            if len(odd):
                dash = u[odd, col] < 0.03
                sep = np.where(dash, "-", " ")
                vals = arr[odd].tolist()
                arr[odd] = np.array([s.join(v[i:i + 4] for i in range(0, len(v), 4))
                                     for v, s in zip(vals, sep.tolist())], dtype=S)
        amt = b["amt"]
        a_style = np.where(u[:, 5] < 0.7, 0, np.where(u[:, 5] < 0.9, 1, 2))
        amt_s = _group_vec(amt, ".")
        m1 = a_style == 1
        amt_s[m1] = amt[m1].astype(S)
        m2 = a_style == 2
        if m2.any():
            amt_s[m2] = np.strings.add(np.strings.add('"', _group_vec(amt[m2], ",")), ' VND"')
        cur_tab = np.array([c for c, _ in V.CURRENCIES], dtype=S)
        cur_cw = np.cumsum([p for _, p in V.CURRENCIES])
        cur = cur_tab[np.minimum(np.searchsorted(cur_cw, u[:, 6] * cur_cw[-1], side="right"),
                                 len(cur_tab) - 1)]
        chan_tab = np.array([c for c, _ in V.CHANNELS], dtype=S)
        chan = chan_tab[b["chan"]]
        offline = np.isin(b["chan"], [i for i, (c, _) in enumerate(V.CHANNELS) if c in V.OFFLINE_CHANNELS])
        ip = np.where(b["roam"], b["rnd_ip"], self.bg_ip[b["src"]])
        ip = np.where(offline, "", ip)
        dev = self.bg_device[b["src"]]
        dev = np.where(u[:, 8] < 0.12, np.strings.upper(dev), dev)
        dev = np.where(offline, "", dev)
        desc_tab = np.array(V.BACKGROUND_DESCRIPTIONS, dtype=S)
        k = (u[:, 7] * 1e6).astype(np.int64)
        desc = desc_tab[k % len(desc_tab)]
        br_tab = np.array(V.BRANCHES, dtype=S)
        branch = br_tab[(u[:, 9] * len(br_tab)).astype(np.int64)]
        cols = [ids, ts, src_acc, src_bank, dst_acc, dst_bank, amt_s, cur, chan, ip, dev, desc, branch]
        lists = [c.tolist() for c in cols]
        return list(map(",".join, zip(*lists)))

    def _special_csv_line(self, x: Txn) -> str:
        rr = self.rr
        style = rr.choices(("dmy_s", "dmy_m", "iso"), (0.8, 0.12, 0.08))[0]
        offline = x.channel in V.OFFLINE_CHANNELS
        return _csv_line([
            x.txn_id, _ts_text(x.t, style), spell_account(rr, x.src), spell_bank(rr, x.src_bank),
            spell_account(rr, x.dst), spell_bank(rr, x.dst_bank), spell_amount(rr, x.amount),
            rr.choices(("VND", "VNĐ", ""), (0.85, 0.1, 0.05))[0], x.channel,
            "" if offline else x.ip, "" if offline else spell_device(rr, x.device), x.desc,
            rr.choice(V.BRANCHES)])

    def write_transactions_csv(self, path: Path, n_csv: int, first_id: int) -> int:
        specials = [x for x in self.txns if x.src_bank not in V.XLSX_BANKS]
        by_day: dict[int, list[Txn]] = {}
        for x in specials:
            by_day.setdefault(x.t // DAY, []).append(x)
        dw = np.array([(0.7 if (BASE + timedelta(days=d)).weekday() == 6 else
                        0.85 if (BASE + timedelta(days=d)).weekday() == 5 else 1.0) for d in range(N_DAYS)])
        per_day = self.g.multinomial(n_csv, dw / dw.sum())
        next_id = first_id
        rows = 0
        with open(path, "wb") as f:
            f.write(("\ufeff" + ",".join(HEADERS[path.name]) + "\r\n").encode("utf-8"))
            for day in range(N_DAYS):
                m = int(per_day[day])
                g = Generator(PCG64(SeedSequence([self.seed, 0xBA5E, day])))
                sp = by_day.get(day, [])
                b = self._bg_sample(g, m, np.full(m, day), self.send_cdf)
                ids = self._txn_id_vec(np.arange(next_id, next_id + m))
                next_id += m
                # render in slices to bound memory; special rows go after background rows of equal time
                k = 0
                for lo in range(0, max(m, 1), _SLICE):
                    hi = min(m, lo + _SLICE)
                    part = {key: v[lo:hi] for key, v in b.items()}
                    lines = self._bg_csv_lines(part, ids[lo:hi]) if hi > lo else []
                    times = b["t"][lo:hi]
                    k_end = len(sp) if hi >= m else k + int(np.searchsorted(
                        np.array([x.t for x in sp[k:]], dtype=np.int64), times[-1], side="right"))
                    if k_end > k:
                        specials = [(x.t, self._special_csv_line(x), None) for x in sp[k:k_end]]
                        lines, _ = _merge(lines, times, specials)
                        k = k_end
                    if lines:
                        f.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
                        rows += len(lines)
        return rows

    def xlsx_transaction_rows(self, n_x: int, first_id: int) -> list[list]:
        rr = self.rr
        g = Generator(PCG64(SeedSequence([self.seed, 0xE15])))
        rows: list[tuple[int, list]] = []
        if n_x:
            days = g.integers(0, N_DAYS, n_x)
            b = self._bg_sample(g, n_x, days, self.send_cdf_xlsx)
            chans = [V.CHANNELS[i][0] for i in b["chan"].tolist()]
            for j in range(n_x):
                s, d = int(b["src"][j]), int(b["dst"][j])
                x = Txn(t=int(b["t"][j]), src=str(self.bg_account[s]), src_bank=V.BANKS[self.bg_bank[s]].key,
                        dst=str(self.bg_account[d]), dst_bank=V.BANKS[self.bg_bank[d]].key,
                        amount=int(b["amt"][j]), channel=chans[j],
                        ip=str(b["rnd_ip"][j] if b["roam"][j] else self.bg_ip[s]),
                        device=str(self.bg_device[s]),
                        desc=V.BACKGROUND_DESCRIPTIONS[int(b["u"][j, 7] * 1e6)
                                                       % len(V.BACKGROUND_DESCRIPTIONS)],
                        tag="background", dst_person=d,
                        txn_id=self.txn_id(first_id + j, "xlsx"))
                rows.append((x.t, self._xlsx_txn_row(x)))
        for x in self.txns:
            if x.src_bank in V.XLSX_BANKS:
                rows.append((x.t, self._xlsx_txn_row(x)))
        rows.sort(key=lambda r: r[0])
        return [r for _, r in rows]

    def _xlsx_txn_row(self, x: Txn) -> list:
        rr = self.rr
        k = rr.random()
        ts: object = _dt(x.t) if k < 0.75 else _ts_text(x.t, "iso" if k < 0.9 else "ymd")
        k = rr.random()
        amount: object = x.amount
        if k >= 0.85:
            amount = _group(x.amount, ",") + " VND" if k < 0.95 else _group(x.amount, ".")
        offline = x.channel in V.OFFLINE_CHANNELS
        name = x.dst_name or (self.profile(x.dst_person)["name"] if x.dst_person is not None else "")
        name = V.unaccent(name).upper()
        return [x.txn_id, ts, spell_account(rr, x.src), spell_bank(rr, x.src_bank), spell_account(rr, x.dst),
                spell_bank(rr, x.dst_bank), name, amount, "VND", x.channel, "" if offline else x.ip,
                "" if offline else spell_device(rr, x.device), x.desc, rr.choice(V.BRANCHES)]

    # ------------------------------------------------------------ calls, logins, accounts, reports, social

    def _junk_phones(self) -> dict:
        if not hasattr(self, "_junk"):
            p1 = "0" + self.new_vn_phone()[3:]
            p2 = "0" + self.new_vn_phone()[3:]
            self._junk = {"caller": "abc", "callee": f"{p1}/{p2}", "kyc_phone": "12345",
                          "social_phone": "+84 12 34"}
        return self._junk

    def write_calls(self, path: Path) -> tuple[int, list[dict]]:
        """Background CDR rows (vectorised) merged by time with the special calls."""
        rr = self.rr
        g = Generator(PCG64(SeedSequence([self.seed, 0xCA11])))
        m = int(min(max(self.n // 3, 1000), BACKGROUND_SIDE_MAX))
        caller = np.minimum(np.searchsorted(self.send_cdf, g.random(m) * self.send_cdf[-1], side="right"),
                            self.n_bg - 1)
        callee = np.minimum(np.searchsorted(self.recv_cdf, g.random(m) * self.recv_cdf[-1], side="right"),
                            self.n_bg - 1)
        same = caller == callee
        callee[same] = (callee[same] + 1) % self.n_bg
        t = np.sort(g.integers(0, N_DAYS, m) * DAY + g.integers(6 * 3600, 23 * 3600, m))
        dur = np.round(g.exponential(110, m)).astype(np.int64)
        u = g.random((m, 6))
        a = self._phone_vec(caller)
        b = self._phone_vec(callee)
        types = np.array([c for c, _ in V.BACKGROUND_CALL_TYPES], dtype=S)
        tcw = np.cumsum([p for _, p in V.BACKGROUND_CALL_TYPES])
        vn = np.array(V.COUNTRY_SPELLINGS["VN"], dtype=S)
        cols = [_spell_vn_vec(a, u[:, 0], PHONE_W_CALLS), _spell_vn_vec(b, u[:, 1], PHONE_W_CALLS),
                _ts_vec(t, np.where(u[:, 2] < 0.93, 0, 2)), dur.astype(S),
                types[np.minimum(np.searchsorted(tcw, u[:, 3] * tcw[-1], side="right"), len(types) - 1)],
                vn[(u[:, 4] * len(vn)).astype(np.int64)],
                _CARRIER_TAB[np.strings.slice(a, 3, 5).astype(np.int64)]]
        bg_lines = list(map(",".join, zip(*[c.tolist() for c in cols])))
        # deliberately bad values, placed next to two background calls
        junk = self._junk_phones()
        i = rr.randrange(m)
        j = (i + 1 + rr.randrange(m - 1)) % m
        self.calls.append(Call(int(t[i]) + 7, "abc", str(b[i]), 31, "Thoại", "VN", raw=True))
        self.calls.append(Call(int(t[j]) + 11, str(a[j]), junk["callee"], 64, "voice", "VN", raw=True))
        specials = []
        for c in sorted(self.calls, key=lambda c: (c.t, c.caller, c.callee)):
            sa, sb = (v if c.raw and not v.startswith("+") else spell_phone(rr, v, PHONE_W_CALLS)
                      for v in (c.caller, c.callee))
            tag = ("Số gọi", "caller", sa) if sa == junk["caller"] else (
                ("Số bị gọi", "callee", sb) if sb == junk["callee"] else None)
            carrier = V.CARRIER_OF_PREFIX.get("0" + c.caller[3:5], "") if c.caller.startswith("+84") else ""
            style = rr.choices(("dmy_s", "iso"), (0.93, 0.07))[0]
            specials.append((c.t, _csv_line([sa, sb, _ts_text(c.t, style), c.duration, c.call_type,
                                              rr.choice(V.COUNTRY_SPELLINGS[c.origin]), carrier]), tag))
        lines, rows = _merge(bg_lines, t, specials)
        with open(path, "wb") as f:
            f.write((",".join(HEADERS[path.name]) + "\n").encode("utf-8"))
            f.write(("\n".join(lines) + "\n").encode("utf-8"))
        rejects = [{"file": path.name, "column": col, "field": fld, "value": v, "row": r}
                   for (col, fld, v), r in rows.items()]
        return len(lines), rejects

    def write_logins(self, path: Path) -> tuple[int, list[dict]]:
        """Background logins (vectorised JSON objects) merged by time with the special ones."""
        rr = self.rr
        g = Generator(PCG64(SeedSequence([self.seed, 0x1061])))
        # the companies' own online banking
        for a in self.merchants + self.payroll + self.hubs:
            for _ in range(rr.randint(3, 8)):
                self.logins.append(Login(self.daytime(rr.randint(0, N_DAYS - 1), 7, 20), a.number, a.bank,
                                         a.ip or "", a.device or "", "VN"))
        m = int(min(max(self.n // 3, 1000), BACKGROUND_SIDE_MAX))
        who = np.minimum(np.searchsorted(self.send_cdf, g.random(m) * self.send_cdf[-1], side="right"),
                         self.n_bg - 1)
        t = np.sort(g.integers(0, N_DAYS, m) * DAY + g.integers(0, DAY, m))
        u = g.random((m, 6))
        vn = np.array(V.IP_NETS["VN"], dtype=S)
        rnd_ip = _cat(vn[g.integers(0, len(vn), m)], ".", g.integers(1, 255, m).astype(S))
        ip = np.where(u[:, 0] < 0.15, rnd_ip, self.bg_ip[who])
        bank = self.bg_bank[who]
        bins = np.array([b.bin for b in V.BANKS], dtype=S)[bank]
        keys = np.array([b.key for b in V.BANKS], dtype=S)[bank]
        dev = self.bg_device[who]
        ios = np.strings.find(dev, "-") >= 0
        dev = np.where((u[:, 1] < 0.15) & ~ios, np.strings.upper(dev), dev)
        os_i = np.array(V.OS_NAMES, dtype=S)
        os_ = np.where(ios, os_i[3 + (u[:, 2] * 3).astype(np.int64)], os_i[(u[:, 2] * 3).astype(np.int64)])
        apps = np.array(V.APP_VERSIONS, dtype=S)[(u[:, 3] * len(V.APP_VERSIONS)).astype(np.int64)]
        ts = np.where(u[:, 4] < 0.85, _cat(_ts_vec(t, np.full(m, 2)), "+07:00"),
                      _ts_vec(t, np.zeros(m, np.int64)))
        country = np.where(u[:, 5] < 0.05, "null", '"VN"')
        objs = _cat('{"account_number": "', self.bg_account[who], '", "bank_code": "',
                    np.where(u[:, 5] < 0.5, bins, keys), '", "ip_address": "', ip, '", "device_id": "', dev,
                    '", "login_time": "', ts, '", "country_code": ', country, ', "os": "', os_,
                    '", "app_version": "', apps, '"}')
        bg_lines = objs.tolist()
        i = rr.randrange(m)
        self.logins.append(Login(int(t[i]) + 13, str(self.bg_account[who[i]]), V.BANKS[int(bank[i])].key,
                                 "999.1.1.1", str(self.bg_device[who[i]]), "VN"))
        specials = []
        for x in sorted(self.logins, key=lambda x: (x.t, x.account, x.ip)):
            b = V.BANKS[V.BANK_INDEX[x.bank]]
            k = rr.random()
            ts_ = _ts_text(x.t, "iso_tz") if k < 0.85 else _ts_text(x.t, "dmy_s" if k < 0.95 else "iso")
            specials.append((x.t, json.dumps({
                "account_number": x.account if rr.random() < 0.95 else spell_account(rr, x.account, 0.5, 0.5),
                "bank_code": b.bin if rr.random() < 0.5 else b.key,
                "ip_address": x.ip,
                "device_id": spell_device(rr, x.device) if x.device else None,
                "login_time": ts_,
                "country_code": x.country,
                "os": rr.choice(V.OS_NAMES[3:] if "-" in x.device else V.OS_NAMES[:3]),
                "app_version": rr.choice(V.APP_VERSIONS),
            }, ensure_ascii=False), "bad_ip" if x.ip == "999.1.1.1" else None))
        lines, rows = _merge(bg_lines, t, specials)
        path.write_bytes(("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8"))
        rejects = [{"file": path.name, "column": "ip_address", "field": "ip", "value": "999.1.1.1",
                    "row": rows["bad_ip"]}]
        return len(lines), rejects

    def kyc_rows(self, path_name: str) -> tuple[list[list], list[dict]]:
        rr = self.rr
        sample = {self.bg_acct(i).number for i in self.pick_people(min(250, self.n_bg // 2), exclusive=False)}
        accts = [a for a in self.accts.values()
                 if a.role not in ("exit", "background") or a.number in sample]
        accts.sort(key=lambda a: (V.BANK_INDEX[a.bank], a.number))
        rr.shuffle(accts)
        accts.sort(key=lambda a: V.BANK_INDEX[a.bank])   # grouped by bank, shuffled inside
        junk = self._junk_phones()
        junk_phone_at = rr.randrange(len(accts))
        rows = []
        rejects = []
        for j, a in enumerate(accts):
            self.full(a)
            holder = a.holder if rr.random() < 0.6 else V.unaccent(a.holder).upper()
            phone = spell_phone(rr, a.phone) if a.phone else ""
            if j == junk_phone_at:
                phone = junk["kyc_phone"]
                rejects.append({"file": path_name, "column": "SĐT đăng ký", "field": "phone", "value": phone,
                                "row": len(rows) + 1})
            bio = rr.choice(("Có", "Đã xác thực", "Y") if a.biometric else ("Không", "Chưa xác thực", "N"))
            od = _dt(a.opened)
            opened: object = (od.strftime("%d/%m/%Y") if rr.random() < 0.7
                              else datetime(od.year, od.month, od.day))
            bal = self.amount(2_000_000, 1.5, 0, 5_000_000_000)
            balance: object = bal if rr.random() < 0.7 else _group(bal, ".")
            rows.append([spell_account(rr, a.number, 0.04, 0.03), spell_bank(rr, a.bank), holder, a.holder_id,
                         phone, a.email or "", bio, opened, rr.choice(V.BRANCHES), balance])
            if j == len(accts) // 2:
                p = self.profile(self.new_person())
                bad = "9.12345678E8"
                rows.append([bad, "VietinBank", p["name"], p["cccd"], "", "", "N", "12/01/2024",
                             rr.choice(V.BRANCHES), 0])
                rejects.append({"file": path_name, "column": "Số tài khoản", "field": "account", "value": bad,
                                "row": len(rows)})
        return rows, rejects

    def report_rows(self) -> list[list]:
        rr = self.rr
        vics = []
        for org in self.orgs:
            for v in org.victims:
                v["report_t"] = ((v["last_t"] // DAY + rr.randint(1, 5)) * DAY
                                 + rr.randint(7 * 3600, 17 * 3600))
                vics.append((v["report_t"], v["acct"].number, org, v))
        vics.sort(key=lambda r: (r[0], r[1]))
        for org in self.orgs:    # which reports mention a scam website; each one at least once
            p_url = 0.5 if org.scam_type != "giả danh công an" else 0.2
            for v in org.victims:
                v["url"] = rr.choice(org.urls) if rr.random() < p_url else None
            for u in org.urls:
                if not any(v["url"] == u for v in org.victims):
                    free = [v for v in org.victims if v["url"] is None] or org.victims
                    rr.choice(free)["url"] = u
        rows = []
        for n, (rt, _, org, v) in enumerate(vics, start=1):
            case = f"VV-2024-{n:04d}"
            v["case_id"] = case
            first = v["txns"][0]
            t1 = self.accts[first.dst]
            has_phone = rr.random() < 0.85
            has_acct = (not has_phone) or rr.random() < 0.9
            sphone = v["first_caller"] if rr.random() < 0.5 else v["last_caller"]
            p_social = 0.6 if org.scam_type in ("đầu tư tiền ảo", "việc làm online") else 0.3
            social = rr.choice(org.socials) if rr.random() < p_social else None
            url = v["url"]
            email = rr.choice(org.emails) if rr.random() < 0.12 else None
            v["reported"] = {"suspect_phone": sphone if has_phone else None,
                             "suspect_account": t1.number if has_acct else None,
                             "suspect_social": social, "suspect_url": url, "suspect_email": email}
            spelled_phone = spell_phone(rr, sphone)
            narrative = rr.choice(V.NARRATIVES[org.scam_type]).format(
                ngay=_dt(first.t).strftime("%d/%m/%Y"), gio=_dt(first.t).strftime("%Hh%M"),
                sdt=spelled_phone if has_phone else "(không rõ)", don_vi=rr.choice(V.FAKE_POLICE_UNITS),
                stk=t1.number if has_acct else "một tài khoản ngân hàng",
                nh=spell_bank(rr, t1.bank) if has_acct else "không rõ ngân hàng", tien=_group(v["loss"], "."),
                url=spell_url(rr, url) if url else "một trang web giả mạo",
                mxh=("tài khoản " + spell_social(rr, social, True)) if social
                else "một tài khoản mạng xã hội ảo")
            name = self.full(v["acct"]).holder
            name = name if rr.random() < 0.8 else name.upper()
            email_txt = (email if rr.random() < 0.7 else email.upper()) if email else ""
            rows.append([
                case,
                _dt(rt).strftime("%d/%m/%Y") if rr.random() < 0.75 else _ts_text(rt, "dmy_m"),
                name, spell_phone(rr, v["phone"]), spell_account(rr, v["acct"].number, 0.1, 0.05),
                spell_bank(rr, v["acct"].bank),
                spelled_phone if has_phone else "",
                spell_account(rr, t1.number, 0.1, 0.05) if has_acct else "",
                spell_bank(rr, t1.bank) if has_acct else "",
                spell_social(rr, social, True) if social else "",
                spell_url(rr, url) if url else "",
                email_txt,
                spell_amount(rr, v["loss"], (0.6, 0.2, 0.2)),
                org.scam_type if rr.random() < 0.7 else org.scam_type.capitalize(),
                narrative,
                rr.choice(V.HANDLING_UNITS),
            ])
        return rows

    def social_rows(self, path_name: str) -> tuple[list[list], list[dict]]:
        rr = self.rr
        recs: list[tuple[str, str | None, str | None, str]] = []   # canonical, phone, email, display
        for org in self.orgs:
            for s in org.socials:
                ph = org.social_phone.get(s)
                em = rr.choice(org.emails) if s.startswith("facebook:") and rr.random() < 0.6 else None
                recs.append((s, ph, em, rr.choice(V.SOCIAL_DISPLAY[org.scam_type])))
        for i in self.pick_people(min(300, self.n_bg // 2), exclusive=False):
            p = self.profile(i)
            ph = self.phone_of(i)
            if rr.random() < 0.5:
                base = V.unaccent(p["name"]).lower().split()
                h = ".".join(base[-1:] + base[:-1]) + (f".{p['year'] % 100}" if rr.random() < 0.5 else "")
                if rr.random() < 0.3:
                    h = str(100_000_000_000_000 + (i * 7_777_777 + self.seed) % 99_999_999_999)
                recs.append(("facebook:" + h, ph if rr.random() < 0.5 else None, p["email"], p["name"]))
            else:
                shown = p["name"] if rr.random() < 0.7 else p["name"].split()[-1]
                recs.append(("zalo:" + ph, ph, None, shown))
        seen: set[str] = set()
        recs = [r for r in recs if not (r[0] in seen or seen.add(r[0]))]
        order = list(range(len(recs)))
        rr.shuffle(order)
        rows, rejects = [], []
        junk_at = rr.randrange(len(order))
        for j, k in enumerate(order):
            s, ph, em, disp = recs[k]
            platform = s.split(":", 1)[0]
            plat = {"facebook": ("Facebook", "FB", "facebook"), "zalo": ("Zalo", "ZALO"),
                    "telegram": ("Telegram", "Tele", "telegram")}[platform]
            phone = spell_phone(rr, ph) if ph else ""
            if j == junk_at and not s.startswith("zalo:"):
                phone = self._junk_phones()["social_phone"]
                rejects.append({"file": path_name, "column": "Số điện thoại", "field": "phone",
                                "value": phone, "row": j + 1})
            created = (BASE - timedelta(days=rr.randint(10, 3000))).strftime("%d/%m/%Y")
            rows.append([spell_social(rr, s, False), rr.choice(plat), phone, em or "", disp, created])
        if not rejects:   # junk row fell on a zalo record: put the bad phone on the first non-zalo row
            for j, r in enumerate(rows):
                if "zalo" not in r[1].lower():
                    r[2] = self._junk_phones()["social_phone"]
                    rejects.append({"file": path_name, "column": "Số điện thoại", "field": "phone",
                                    "value": r[2], "row": j + 1})
                    break
        return rows, rejects


# =========================================================================== file writers


_FIXED_ZIP_TIME = (2024, 3, 1, 0, 0, 0)
_EXCEL_EPOCH = datetime(1899, 12, 30)
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_STATIC = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        '</Relationships>'),
    "docProps/core.xml": (
        '<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>graphfraud demo</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-01T00:00:00Z</dcterms:modified>'
        '</cp:coreProperties>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS_REL}/styles" Target="styles.xml"/>'
        '</Relationships>'),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_NS_MAIN}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>'
        '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_xlsx(path: Path, sheet: str, header: tuple[str, ...], rows: list[list]) -> None:
    """Write a one-sheet XLSX with inline strings, deterministically and fast.

    Cell types: ``str`` -> text (so account numbers keep their leading zeros), ``int``
    / ``float`` -> number, ``datetime`` -> date-time number formatted
    ``yyyy-mm-dd hh:mm:ss`` (``dd/mm/yyyy`` when the time is midnight), ``None`` or
    ``""`` -> empty cell. The header row is bold.
    """
    letters = [chr(65 + i) for i in range(26)]
    out = [_XML_HEAD, f'<worksheet xmlns="{_NS_MAIN}"><sheetData>']
    for r, row in enumerate([list(header)] + rows, start=1):
        cells = []
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            ref = f"{letters[c]}{r}"
            if isinstance(v, datetime):
                delta = v - _EXCEL_EPOCH
                serial = delta.days + delta.seconds / 86400
                style = 2 if delta.seconds == 0 else 1
                cells.append(f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>')
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                t = str(v)
                sp = ' xml:space="preserve"' if t != t.strip() else ""
                bold = ' s="3"' if r == 1 else ""
                cells.append(f'<c r="{ref}"{bold} t="inlineStr"><is><t{sp}>{_xml_text(t)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    parts = dict(_XLSX_STATIC)
    parts["xl/workbook.xml"] = (f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
                                f'<sheet name="{_xml_text(sheet)}" sheetId="1" r:id="rId1"/>'
                                '</sheets></workbook>')
    parts["xl/worksheets/sheet1.xml"] = "".join(out)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml",
                     "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"):
            data = parts[name]
            if not data.startswith("<?xml"):
                data = _XML_HEAD + data
            zi = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode("utf-8"))
    path.write_bytes(buf.getvalue())


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list], bom: bool = False,
               crlf: bool = False) -> None:
    nl = "\r\n" if crlf else "\n"
    text = nl.join([_csv_line(header)] + [_csv_line(r) for r in rows]) + nl
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))


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


def write_side_files(G, paths: dict, rows: dict) -> list[dict]:
    """Calls, logins, reports, KYC and social records of a generator; returns the planted rejects."""
    rejects: list[dict] = []
    rows[paths["calls"][0].name], rj = G.write_calls(paths["calls"][0])
    rejects += rj
    rows[paths["logins"][0].name], rj = G.write_logins(paths["logins"][0])
    rejects += rj
    rep = G.report_rows()
    _write_csv(paths["reports"][0], HEADERS[paths["reports"][0].name], rep)
    rows[paths["reports"][0].name] = len(rep)
    kyc, rj = G.kyc_rows(paths["accounts"][0].name)
    rejects += rj
    _write_xlsx(paths["accounts"][0], "KYC", HEADERS[paths["accounts"][0].name], kyc)
    rows[paths["accounts"][0].name] = len(kyc)
    soc, rj = G.social_rows(paths["social"][0].name)
    rejects += rj
    _write_csv(paths["social"][0], HEADERS[paths["social"][0].name], soc)
    rows[paths["social"][0].name] = len(soc)
    return rejects


def default_orgs(n_transfers: int) -> int:
    """4 organisations at the default size, growing with the square root of the background."""
    return max(4, round(4 * math.sqrt(max(n_transfers, 1) / DEFAULT_TRANSFERS)))


# =========================================================================== entry point


def generate(out_dir: Path, seed: int = 7, n_transfers: int | None = None,
             n_orgs: int | None = None, scenario=None) -> Manifest:
    """Write a demo case folder into ``out_dir`` and return what was written.

    ``n_transfers`` -- legitimate background transfers (default 4,000; up to 10^7 for
    benchmarks). ``n_orgs`` -- planted fraud organisations (default: 4 at the default
    size, ``round(4*sqrt(n_transfers/4000))`` above it). Same arguments, same bytes.
    ``scenario`` -- a :class:`graphfraud.demo.scenario.Scenario` (or a scenario seed):
    randomised phenomena (see ``docs/demo-data.md``); ``None`` writes the classic demo.
    """
    out_dir = Path(out_dir)
    n = DEFAULT_TRANSFERS if n_transfers is None else int(n_transfers)
    if n < 0:
        raise ValueError("n_transfers must be >= 0")
    k = default_orgs(n) if n_orgs is None else int(n_orgs)
    if k < 1:
        raise ValueError("n_orgs must be >= 1")
    if scenario is not None:
        from graphfraud.demo.scenario_files import generate_scenario

        return generate_scenario(out_dir, seed, n, None if n_orgs is None else k, scenario)
    out_dir.mkdir(parents=True, exist_ok=True)
    G = _Gen(seed, n, k)
    G.build_population()
    G.build_confounders()
    G.build_orgs()
    G.settle()
    G.finalise_specials()

    n_xlsx_bg = min(XLSX_BACKGROUND_MAX, n // 5)
    n_csv_bg = n - n_xlsx_bg
    rows: dict[str, int] = {}
    rejects: list[dict] = []
    paths = {kind: tuple(out_dir / f for f in names) for kind, names in FILE_NAMES.items()}

    csv_path, xlsx_path = paths["transactions"]
    first_x = G.n_special
    xrows = G.xlsx_transaction_rows(n_xlsx_bg, first_x)
    _write_xlsx(xlsx_path, "Transactions", HEADERS[xlsx_path.name], xrows)
    rows[xlsx_path.name] = len(xrows)
    rows[csv_path.name] = G.write_transactions_csv(csv_path, n_csv_bg, first_x + n_xlsx_bg)

    rejects += write_side_files(G, paths, rows)

    gt = ground_truth(G, n, k, rows, rejects, n_xlsx_bg)
    gt_path = out_dir / GROUND_TRUTH_NAME
    gt_path.write_text(json.dumps(gt, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Manifest(out_dir=out_dir, files=paths, ground_truth=gt_path, seed=seed, n_transfers=n, n_orgs=k,
                    rows=rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m graphfraud.demo.generator",
                                 description="Write a seeded demo fraud case folder with ground truth.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--transfers", type=int, default=None, help="background transfers (default 4000)")
    ap.add_argument("--orgs", type=int, default=None, help="fraud organisations (default grows with size)")
    ap.add_argument("--scenario", type=int, default=None, help="draw a randomised scenario from this seed")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    m = generate(a.out_dir, seed=a.seed, n_transfers=a.transfers, n_orgs=a.orgs, scenario=a.scenario)
    dt = time.perf_counter() - t0
    for kind, ps in m.files.items():
        for p in ps:
            print(f"{kind:13s} {p.name:32s} {m.rows[p.name]:>10,d} rows  {p.stat().st_size / 1e6:8.1f} MB")
    print(f"ground truth  {m.ground_truth.name}  ({m.n_orgs} organisations)")
    print(f"generated in {dt:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
