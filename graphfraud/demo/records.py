"""The records the demo generator plants and then writes out: accounts, transfers, calls,
logins and fraud organisations."""

from __future__ import annotations

from dataclasses import dataclass, field


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
