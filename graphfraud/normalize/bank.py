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

BINs are the NAPAS/VietQR bank identifiers. Renamed banks keep their table code
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

import re
from functools import lru_cache
from typing import NamedTuple

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, clean_text, fold, required_text

__all__ = ["Bank", "BANKS", "normalize", "lookup", "bank_key", "is_foreign"]


class Bank(NamedTuple):
    code: str
    name: str
    bin: str
    full_name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # for digital brands of another bank


BANKS: tuple[Bank, ...] = (
    # State-owned and large joint-stock banks
    Bank("VCB", "Vietcombank", "970436", "Ngân hàng TMCP Ngoại Thương Việt Nam",
         ("Vietcom Bank", "Vietcom", "Ngoại thương", "VCBank")),
    Bank("CTG", "VietinBank", "970415", "Ngân hàng TMCP Công Thương Việt Nam",
         ("ICB", "Vietin", "Viettinbank", "Công thương", "Incombank")),
    Bank("BIDV", "BIDV", "970418", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam",
         ("Đầu tư và Phát triển", "Đầu tư & Phát triển", "DTPT")),
    Bank("VBA", "Agribank", "970405", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
         ("Agri Bank", "AGR", "NHNo&PTNT", "NHNo", "Nông nghiệp", "Nông nghiệp và Phát triển Nông thôn")),
    Bank("TCB", "Techcombank", "970407", "Ngân hàng TMCP Kỹ Thương Việt Nam",
         ("Techcom", "Techcom Bank", "Kỹ thương")),
    Bank("MBB", "MB", "970422", "Ngân hàng TMCP Quân đội",
         ("MB Bank", "MBBank", "Quân đội", "Military Bank")),
    Bank("ACB", "ACB", "970416", "Ngân hàng TMCP Á Châu", ("Á Châu", "Asia Commercial Bank")),
    Bank("VPB", "VPBank", "970432", "Ngân hàng TMCP Việt Nam Thịnh Vượng",
         ("VP Bank", "Thịnh Vượng", "Việt Nam Thịnh Vượng")),
    Bank("STB", "Sacombank", "970403", "Ngân hàng TMCP Sài Gòn Thương Tín",
         ("Sacom", "Sacom Bank", "Sài Gòn Thương Tín")),
    Bank("TPB", "TPBank", "970423", "Ngân hàng TMCP Tiên Phong", ("TP Bank", "Tiên Phong")),
    Bank("HDB", "HDBank", "970437", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh",
         ("HD Bank", "Phát triển TP.HCM", "Phát triển TP Hồ Chí Minh", "Phát triển Thành phố Hồ Chí Minh")),
    Bank("VIB", "VIB", "970441", "Ngân hàng TMCP Quốc tế Việt Nam",
         ("Quốc tế", "Vietnam International Bank", "VIBank")),
    Bank("SHB", "SHB", "970443", "Ngân hàng TMCP Sài Gòn - Hà Nội",
         ("Sài Gòn Hà Nội", "Saigon Hanoi Bank")),
    Bank("EIB", "Eximbank", "970431", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam",
         ("Exim Bank", "Exim", "Xuất nhập khẩu")),
    Bank("MSB", "MSB", "970426", "Ngân hàng TMCP Hàng Hải Việt Nam",
         ("Maritime Bank", "Maritimebank", "Hàng Hải")),
    Bank("OCB", "OCB", "970448", "Ngân hàng TMCP Phương Đông", ("Phương Đông", "Orient Commercial Bank")),
    Bank("SSB", "SeABank", "970440", "Ngân hàng TMCP Đông Nam Á", ("SEAB", "SeA Bank", "Đông Nam Á")),
    Bank("LPB", "LPBank", "970449", "Ngân hàng TMCP Lộc Phát Việt Nam",
         ("LienVietPostBank", "Lien Viet Post Bank", "LienViet", "Ngân hàng TMCP Bưu điện Liên Việt",
          "Bưu điện Liên Việt", "Lộc Phát", "LP Bank")),
    Bank("NAB", "Nam A Bank", "970428", "Ngân hàng TMCP Nam Á", ("NamABank", "Nam Á")),
    Bank("BAB", "Bac A Bank", "970409", "Ngân hàng TMCP Bắc Á", ("BacABank", "Bắc Á")),
    Bank("ABB", "ABBank", "970425", "Ngân hàng TMCP An Bình", ("AB Bank", "An Bình")),
    Bank("VAB", "VietABank", "970427", "Ngân hàng TMCP Việt Á", ("Viet A Bank", "Việt Á")),
    Bank("BVB", "BaoViet Bank", "970438", "Ngân hàng TMCP Bảo Việt", ("BaoVietBank", "Bảo Việt")),
    Bank("VCCB", "BVBank", "970454", "Ngân hàng TMCP Bản Việt",
         ("BV Bank", "Viet Capital Bank", "VietCapitalBank", "Viet Capital", "Bản Việt")),
    Bank("PVCB", "PVcomBank", "970412", "Ngân hàng TMCP Đại Chúng Việt Nam",
         ("PVcom", "PVcom Bank", "Đại Chúng")),
    Bank("KLB", "Kienlongbank", "970452", "Ngân hàng TMCP Kiên Long", ("Kien Long Bank", "Kiên Long")),
    Bank("NCB", "NCB", "970419", "Ngân hàng TMCP Quốc Dân",
         ("Quốc Dân", "National Citizen Bank", "Navibank")),
    Bank("OCEANBANK", "OceanBank", "970414", "Ngân hàng Thương mại TNHH MTV Đại Dương",
         ("Ocean Bank", "Đại Dương", "MBV", "Ngân hàng TNHH MTV Việt Nam Hiện Đại", "Việt Nam Hiện Đại")),
    Bank("GPB", "GPBank", "970408", "Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu",
         ("GP Bank", "Dầu khí Toàn cầu")),
    Bank("CBB", "CBBank", "970444", "Ngân hàng Thương mại TNHH MTV Xây dựng Việt Nam",
         ("CB Bank", "Xây dựng", "Xây dựng Việt Nam", "VCBNeo")),
    Bank("DOB", "DongA Bank", "970406", "Ngân hàng TMCP Đông Á",
         ("DongABank", "Đông Á", "Vikki", "Vikki Bank")),
    Bank("SGB", "Saigonbank", "970400", "Ngân hàng TMCP Sài Gòn Công Thương",
         ("SGICB", "Saigon Bank", "Sài Gòn Công Thương")),
    Bank("SCB", "SCB", "970429", "Ngân hàng TMCP Sài Gòn", ("Sài Gòn", "Saigon Commercial Bank")),
    Bank("VIETBANK", "VietBank", "970433", "Ngân hàng TMCP Việt Nam Thương Tín",
         ("Viet Bank", "Việt Nam Thương Tín")),
    Bank("PGB", "PGBank", "970430", "Ngân hàng TMCP Xăng dầu Petrolimex",
         ("PG Bank", "Xăng dầu Petrolimex", "Petrolimex", "Ngân hàng TMCP Thịnh vượng và Phát triển")),
    Bank("COOPBANK", "Co-opBank", "970446", "Ngân hàng Hợp tác xã Việt Nam",
         ("Co-op Bank", "Coop Bank", "Hợp tác xã")),
    Bank("VRB", "VRB", "970421", "Ngân hàng Liên doanh Việt - Nga", ("Việt Nga", "Vietnam Russia Bank")),
    Bank("IVB", "Indovina Bank", "970434", "Ngân hàng TNHH Indovina", ("Indovina",)),
    Bank("VBSP", "VBSP", "999888", "Ngân hàng Chính sách Xã hội", ("Chính sách Xã hội", "NHCSXH")),
    # Foreign-owned banks and branches
    Bank("SHBVN", "Shinhan Bank", "970424", "Ngân hàng TNHH MTV Shinhan Việt Nam", ("Shinhan",)),
    Bank("WVN", "Woori Bank", "970457", "Ngân hàng TNHH MTV Woori Việt Nam", ("Woori",)),
    Bank("UOB", "UOB", "970458", "Ngân hàng TNHH MTV United Overseas Bank (Việt Nam)",
         ("United Overseas", "United Overseas Bank")),
    Bank("PBVN", "Public Bank", "970439", "Ngân hàng TNHH MTV Public Việt Nam", ("PublicBank",)),
    Bank("HLBVN", "Hong Leong Bank", "970442", "Ngân hàng TNHH MTV Hong Leong Việt Nam", ("Hong Leong",)),
    Bank("SCVN", "Standard Chartered", "970410", "Ngân hàng TNHH MTV Standard Chartered Bank (Việt Nam)",
         ("Standard Chartered Bank", "StandardChartered")),
    Bank("HSBC", "HSBC", "458761", "Ngân hàng TNHH MTV HSBC (Việt Nam)", ()),
    Bank("CIMB", "CIMB", "422589", "Ngân hàng TNHH MTV CIMB Việt Nam", ("CIMB Bank",)),
    Bank("KBANK", "KBank", "668888", "Ngân hàng Đại chúng TNHH Kasikornbank", ("Kasikornbank", "Kasikorn")),
    Bank("CITIBANK", "Citibank", "533948", "Ngân hàng Citibank, N.A.", ("Citi",)),
    Bank("DBS", "DBS Bank", "796500", "DBS Bank Ltd", ()),
    Bank("NHB", "Nonghyup Bank Hà Nội", "801011", "Ngân hàng Nonghyup - Chi nhánh Hà Nội", ("Nonghyup",)),
    # Banks with one BIN per branch: a bare "Kookmin" is ambiguous and matches neither.
    Bank("KBHN", "Kookmin Bank Hà Nội", "970462", "Ngân hàng Kookmin - Chi nhánh Hà Nội",
         ("Kookmin HN", "Kookmin Hà Nội")),
    Bank("KBHCM", "Kookmin Bank TP.HCM", "970463", "Ngân hàng Kookmin - Chi nhánh Thành phố Hồ Chí Minh",
         ("Kookmin HCM", "Kookmin TP.HCM", "Kookmin Hồ Chí Minh")),
    Bank("KEBHANAHN", "KEB Hana Hà Nội", "970467", "Ngân hàng KEB Hana - Chi nhánh Hà Nội",
         ("KEB Hana HN", "KEB Hana Hà Nội")),
    Bank("KEBHANAHCM", "KEB Hana TP.HCM", "970466", "Ngân hàng KEB Hana - Chi nhánh Thành phố Hồ Chí Minh",
         ("KEB Hana HCM", "KEB Hana TP.HCM", "KEB Hana Hồ Chí Minh")),
    Bank("IBKHN", "IBK Hà Nội", "970455", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh Hà Nội",
         ("IBK-HN", "IBK Hà Nội")),
    Bank("IBKHCM", "IBK TP.HCM", "970456", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh TP. Hồ Chí Minh",
         ("IBK-HCM", "IBK TP.HCM", "IBK Hồ Chí Minh")),
    # Digital brands with their own BIN
    Bank("CAKE", "Cake by VPBank", "546034", "Ngân hàng số CAKE by VPBank", ("Cake",), parent="VPB"),
    Bank("UBANK", "Ubank by VPBank", "546035", "Ngân hàng số Ubank by VPBank", ("Ubank",), parent="VPB"),
    Bank("TIMO", "Timo", "963388", "Ngân hàng số Timo by Ban Viet Bank", ("Timo by BVBank",), parent="VCCB"),
)

# Words that say nothing about which bank: dropped from the start / the end of a name.
_PREFIX_RE = re.compile(
    r"^(?:(?:ngan hang|nhtmcp|nhtm|nh|tmcp|thuong mai co phan|thuong mai|tnhh|mtv|mot thanh vien|cp|co phan"
    r"|lien doanh|dai chung tnhh|so) )+")
_SUFFIX_RE = re.compile(
    r"(?: (?:bank|viet nam|vietnam|vn|jsc|ltd|limited|plc|joint stock commercial|commercial))+$")
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
