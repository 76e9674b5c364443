"""Banks and wallets abroad that Vietnamese fraud cases name, by country.

A small table, not a registry: the banks and e-wallets of the neighbouring
countries where scam money is commonly taken out (Cambodia, China, Laos, the
Philippines, Myanmar). :func:`lookup` finds one by code or name in the same
folded way as the Vietnamese table (``ACLEDA BANK CAMBODIA``, ``Advanced Bank of
Asia (ABA)``, ``中国银行 Bank of China``). It is used to tell a bank *known* to
be abroad from one graphfraud does not know (see
:func:`graphfraud.normalize.bank.is_foreign`).

>>> lookup("ACLEDA BANK CAMBODIA").code, lookup("Advanced Bank of Asia (ABA)").code, lookup("GCash").country
('ACLEDA', 'ABA', 'PH')
>>> lookup("3402") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = ["FOREIGN_BANKS", "ForeignBank", "lookup"]


class ForeignBank(NamedTuple):
    code: str
    country: str  # ISO 3166 alpha-2
    name: str
    aliases: tuple[str, ...] = ()


FOREIGN_BANKS: tuple[ForeignBank, ...] = (
    # Cambodia
    ForeignBank("ACLEDA", "KH", "ACLEDA Bank", ("ACLEDA Bank Plc.", "ACLEDA Bank Cambodia", "ACLEDA")),
    ForeignBank("ABA", "KH", "ABA Bank", ("Advanced Bank of Asia", "Advanced Bank of Asia (ABA)", "ABA")),
    ForeignBank("WING", "KH", "Wing Bank", ("Wing", "Wing Money", "Wing Bank Cambodia")),
    ForeignBank("CANADIA", "KH", "Canadia Bank", ("Canadia",)),
    ForeignBank("PRINCE", "KH", "Prince Bank", ()),
    ForeignBank("HUIONE", "KH", "Huione Pay", ("Huione", "Huione Pay Plc")),
    # China
    ForeignBank("ICBC", "CN", "Industrial and Commercial Bank of China", ("ICBC", "中国工商银行")),
    ForeignBank("BOC", "CN", "Bank of China", ("BOC", "中国银行", "中国银行 Bank of China")),
    ForeignBank("CCB", "CN", "China Construction Bank", ("中国建设银行",)),
    ForeignBank("ABCHINA", "CN", "Agricultural Bank of China", ("中国农业银行",)),
    # Laos
    ForeignBank("LDB", "LA", "Lao Development Bank", ("LDB",)),
    ForeignBank("BCEL", "LA", "Banque pour le Commerce Extérieur Lao", ("BCEL", "BCEL One")),
    # Philippines
    ForeignBank("BDO", "PH", "BDO Unibank", ("BDO", "BDO Unibank Inc")),
    ForeignBank("BPI", "PH", "Bank of the Philippine Islands", ("BPI",)),
    ForeignBank("GCASH", "PH", "GCash", ("G Cash",)),
    ForeignBank("METROBANK", "PH", "Metrobank", ("Metropolitan Bank and Trust",)),
    # Myanmar
    ForeignBank("KBZ", "MM", "KBZ Bank", ("Kanbawza Bank", "KBZ")),
)

# Country names and company forms after a foreign bank's name ("ACLEDA Bank Cambodia", "BDO Unibank Inc").
_COUNTRY_SUFFIX_RE = re.compile(
    r"(?: (?:cambodia|kh|khm|china|cn|prc|laos|lao pdr|la|philippines|ph|myanmar|mm|inc|corp|corporation|co"
    r"|plc|ltd|limited|bank))+$")


def _variants(text: str) -> list[str]:
    from graphfraud.normalize.bank import _join, _keys

    keys, _core = _keys(text)
    out = list(keys)
    for k in [_COUNTRY_SUFFIX_RE.sub("", _keys(text)[1])]:
        out.append(_join(k))
    return [k for k in dict.fromkeys(out) if k]


@lru_cache(maxsize=1)
def _index() -> dict[str, ForeignBank]:
    index: dict[str, ForeignBank] = {}
    for b in FOREIGN_BANKS:
        for text in (b.code, b.name) + b.aliases:
            for key in _variants(text):
                index.setdefault(key, b)
    return index


@lru_cache(maxsize=4096)
def lookup(text: str) -> ForeignBank | None:
    """The foreign bank a text names, or None."""
    from graphfraud.normalize.bank import _PARTS_RE

    index = _index()
    for key in _variants(text):
        if key in index:
            return index[key]
    # "Advanced Bank of Asia (ABA)": every part must name the same bank (a part naming nothing would
    # make the stored value, which keeps it, name nothing)
    parts = [p for p in _PARTS_RE.split(text) if p and p.strip()]
    if len(parts) > 1:
        found = [lookup(p) for p in parts]
        if None not in found and len({b.code for b in found}) == 1:
            return found[0]
    return None
