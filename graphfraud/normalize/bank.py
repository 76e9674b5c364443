"""Banks → a short code (``VCB``), from a code, a NAPAS BIN, a common or a full name.

Matching folds accents, case, spaces and punctuation, and ignores words such as
"Ngân hàng", "NH", "TMCP", "TNHH MTV", "Bank", a trailing "Việt Nam" and a
branch part ("- Chi nhánh Hà Nội", "CN ...", "PGD ..."). A bank name that is not
in the table still identifies something, so it is kept (folded, upper case) with
``known: False`` rather than rejected; numeric bank ids of other systems
(``011``, ``3402``) are kept as written. A bank of graphfraud's small table of
banks abroad (:mod:`graphfraud.normalize.foreign_bank`) is kept the same way and
its props say ``foreign: True`` and its ``country``. :func:`is_foreign` tells a
bank known to be abroad (True) from a Vietnamese one (False) and from one
graphfraud does not know (None).

The table is ``banks.csv`` beside this module (code, name, BIN, legal name, other spellings, parent
bank). BINs are the NAPAS/VietQR bank identifiers. Renamed banks keep their table code
and answer to old and new names (LienVietPostBank → LPBank, Viet Capital Bank →
BVBank, OceanBank → MBV, CBBank → VCBNeo, DongA Bank → Vikki Bank).

>>> normalize("NH Ngoại thương")
Normalized(value='VCB', props={'name': 'Vietcombank', 'bin': '970436', 'full_name': 'Ngân hàng TMCP Ngoại Thương Việt Nam'})
>>> [normalize(x).value for x in ("970415", "Vietinbank CN Hà Nội", "ICB", "vietin bank")]
['CTG', 'CTG', 'CTG', 'CTG']
>>> normalize("BVB").value, normalize("BV Bank").value
('BVB', 'VCCB')
>>> normalize("Ngân hàng ABC Xyz")
Normalized(value='ABC XYZ', props={'known': False})
>>> normalize("ACLEDA Bank Plc.")
Normalized(value='ACLEDA', props={'known': False, 'foreign': True, 'country': 'KH', 'name': 'ACLEDA Bank'})
>>> is_foreign("ACLEDA BANK CAMBODIA"), is_foreign("VCB"), is_foreign("3402")
(True, False, None)
"""

from __future__ import annotations

import csv
import html
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, clean_text, fold, required_text

__all__ = ["BANKS", "Bank", "bank_key", "is_foreign", "lookup", "normalize"]


class Bank(NamedTuple):
    code: str
    name: str
    bin: str
    full_name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # for digital brands of another bank


def _read_banks() -> tuple[Bank, ...]:
    """The table of banks, from ``banks.csv`` beside this module (lines starting with # are notes)."""
    text = (resources.files("graphfraud.normalize") / "banks.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(Bank(r["code"], r["name"], r["bin"], r["full_name"],
                      tuple(r["aliases"].split("|")) if r["aliases"] else (), r["parent"] or None)
                 for r in rows)


BANKS: tuple[Bank, ...] = _read_banks()

# Words that say nothing about which bank: dropped from the start / the end of a name.
_PREFIX_RE = re.compile(
    r"^(?:(?:ngan hang|nhtmcp|nhtm|nh|tmcp|thuong mai co phan|thuong mai|tnhh|mtv|mot thanh vien|cp|co phan"
    r"|lien doanh|dai chung tnhh|so) )+")
_SUFFIX_RE = re.compile(
    r"(?: (?:bank|viet nam|vietnam|vn|vnm|jsc|ltd|limited|plc|joint stock commercial|commercial))+$")
# A branch part starts with one of these (only after the bank's name).
_BRANCH_RE = re.compile(r" (?:chi nhanh|cn|pgd|phong giao dich|hoi so|so giao dich|branch)(?: .*)?$")
_FILLER_RE = re.compile(r"\b(?:va|and)\b| ")
_PARTS_RE = re.compile(r"\s+[-–—|:]\s*|[-–—|:]\s+|[()\[\]/,;]")
_BIN_FLOAT_RE = re.compile(r"(\d{6})\.0+")


def _join(folded: str) -> str:
    return _FILLER_RE.sub("", folded)


def _keys(text: str) -> tuple[list[str], str]:
    """Keys a bank text is looked up by, most specific first, and its folded core name.

    Keys: as written; without the branch part; without leading generic words
    ("Ngân hàng", "TMCP"); also without trailing ones ("Bank", "Việt Nam").
    """
    folded = fold(text)
    cut = _BRANCH_RE.sub("", folded)
    pre_folded, pre_cut = _PREFIX_RE.sub("", folded), _PREFIX_RE.sub("", cut)
    core = _SUFFIX_RE.sub("", pre_cut)
    keys = [_join(folded), _join(cut), _join(pre_folded), _join(pre_cut),
            _join(_SUFFIX_RE.sub("", pre_folded)), _join(core)]
    return list(dict.fromkeys(keys)), core


def bank_key(text: str) -> str:
    """The folded key a bank text is matched on (exported for tests and loaders)."""
    return _join(_keys(text)[1])


def _build_index() -> tuple[dict[str, Bank], list[tuple[str, str, str]]]:
    index: dict[str, Bank] = {}
    level: dict[str, int] = {}
    conflicts: list[tuple[str, str, str]] = []

    def add(key: str, bank: Bank, priority: int) -> None:
        if not key:
            return
        other = index.get(key)
        if other is None:
            index[key], level[key] = bank, priority
        elif other.code != bank.code and level[key] == priority:
            conflicts.append((key, other.code, bank.code))

    names = [(b, (b.code, b.name, b.bin, b.full_name) + b.aliases) for b in BANKS]
    for bank, texts in names:  # 1: every spelling exactly as written (folded)
        for t in texts:
            add(_keys(t)[0][0], bank, 1)
    for bank, _texts in names:  # 2: official names without "Ngân hàng TMCP ... Việt Nam"
        for key in _keys(bank.full_name)[0][1:]:
            add(key, bank, 2)
    for bank, texts in names:  # 3: every other spelling, stripped
        for t in texts:
            for key in _keys(t)[0][1:]:
                add(key, bank, 3)
    for key, _a, _b in conflicts:  # ambiguous (e.g. "Kookmin": two branches, two BINs): match neither
        index.pop(key, None)
    return index, conflicts


_INDEX, _CONFLICTS = _build_index()
_PROPS: dict[str, dict] = {
    b.code: ({"name": b.name, "bin": b.bin, "full_name": b.full_name}
             | ({"parent": b.parent} if b.parent else {}))
    for b in BANKS
}


@lru_cache(maxsize=4096)
def lookup(text: str) -> Bank | None:
    """The bank a text names, or None."""
    m = _BIN_FLOAT_RE.fullmatch(text)
    if m:
        text = m.group(1)
    for key in _keys(text)[0]:
        bank = _INDEX.get(key)
        if bank is not None:
            return bank
    # "VCB - Ngân hàng TMCP Ngoại thương", "Vietcombank (VCB)": every named part must agree.
    parts = [p for p in _PARTS_RE.split(text) if p and p.strip()]
    if len(parts) > 1:
        found = {b.code: b for b in (lookup(p) for p in parts) if b is not None}
        if len(found) == 1:
            return next(iter(found.values()))
    return None


def normalize(raw: object) -> Normalized:
    """Normalise a bank name, code or BIN to the table code (or keep an unknown name)."""
    text = required_text(raw, "bank name")
    if "&" in text:   # an export that escaped its text for a web page: "NHNo &amp; PTNT"
        text = html.unescape(text)
    bank = lookup(text)
    if bank is not None:
        return Normalized(bank.code, dict(_PROPS[bank.code]))
    value = _keys(text)[1].upper()
    if not value:
        raise InvalidValue("not a bank name: no letters or digits", raw)
    from graphfraud.normalize.foreign_bank import lookup as foreign_lookup

    abroad = foreign_lookup(value)  # the value kept, as analyses will see it (is_foreign(value) agrees)
    if abroad is not None:
        return Normalized(value, {"known": False, "foreign": True, "country": abroad.country, "name": abroad.name})
    return Normalized(value, {"known": False})


def is_foreign(bank_value: object, props: dict | None = None) -> bool | None:
    """Whether a bank (a stored bank value or any spelling) is abroad: True only for a bank known to be
    abroad, False for a bank licensed in Vietnam (graphfraud's table), None when graphfraud does not
    know it (``3402``, ``ABC XYZ``): an unknown bank is not evidence of money leaving the country.

    ``props``: the bank's normaliser props when at hand; a ``foreign`` flag in them is used as is.
    """
    if props and props.get("foreign") is not None:
        return bool(props["foreign"])
    text = clean_text(bank_value)
    if text is None:
        return None
    if lookup(text) is not None:
        return False
    from graphfraud.normalize.foreign_bank import lookup as foreign_lookup

    return True if foreign_lookup(text) is not None else None
