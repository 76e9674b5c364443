"""IP addresses → canonical text, scope and (offline) country.

IPv4 stays dotted decimal; IPv6 is compressed and lower-cased; an IPv4-mapped
IPv6 address (``::ffff:1.2.3.4``) is unwrapped to its IPv4 address. A port
(``1.2.3.4:443``, ``[2001:db8::1]:443``) and an IPv6 zone (``fe80::1%eth0``) are
dropped (the port is kept in ``props``). Zero-padded IPv4 parts, as some bank
systems print them (``113.161.078.012``), are read as decimal.

``props``: ``version`` (4 or 6), ``scope`` (``public``, ``private``, ``cgnat``,
``loopback``, ``link_local``, ``multicast``, ``unspecified``, ``reserved``; for
IPv4 from an explicit table of the IANA special-purpose blocks, so it does not
change with the Python version),
``country`` and ``country_source`` when known, and ``foreign`` (public, country
known and not VN). A country given by the file wins over the database; the
database is the offline GeoLite2 country database shipped with ``geoip2fast``
(IPv4 only), loaded once on first use: nothing touches the network.

>>> normalize(" ::FFFF:14.160.0.1 ").value
'14.160.0.1'
>>> normalize("2001:0DB8:0000::0001").value
'2001:db8::1'
>>> normalize("10.1.2.3").props
{'version': 4, 'scope': 'private', 'foreign': False}
>>> normalize("100.64.0.9").props["scope"]
'cgnat'
>>> normalize("8.8.8.8", country="us").props
{'version': 4, 'scope': 'public', 'country': 'US', 'country_source': 'file', 'foreign': True}
>>> normalize("999.1.1.1")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: not an IP address (an IPv4 part is above 255)
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, folded_text, required_text, spelling_index

__all__ = ["normalize", "country_of", "scope_of", "parse_country"]

_V4_PORT_RE = re.compile(r"(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})")
_V6_BRACKET_RE = re.compile(r"\[([0-9A-Fa-f:.]+)(?:%[^\]]*)?\](?::(\d{1,5}))?")
_V4_RE = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})")

_ULA = ipaddress.ip_network("fc00::/7")
# IPv4 special-purpose blocks (IANA registry), as sorted integer ranges: explicit, so the
# result does not depend on the Python version's ipaddress tables. Anything else is public.
_V4_BLOCKS: list[tuple[str, str]] = [
    ("0.0.0.0/8", "reserved"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "cgnat"),
    ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link_local"), ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "reserved"), ("192.0.2.0/24", "reserved"), ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "reserved"), ("198.51.100.0/24", "reserved"), ("203.0.113.0/24", "reserved"),
    ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
]
_V4_STARTS: list[int] = []
_V4_RANGES: list[tuple[int, int, str]] = []
for _cidr, _scope in _V4_BLOCKS:
    _net = ipaddress.IPv4Network(_cidr)
    _V4_STARTS.append(int(_net.network_address))
    _V4_RANGES.append((int(_net.network_address), int(_net.broadcast_address), _scope))

# Country names and codes as files write them, by ISO code.
_COUNTRY_NAMES: dict[str, str] = spelling_index({
    "VN": ("Việt Nam", "Vietnam", "VN", "VNM"), "KH": ("Campuchia", "Cambodia", "KHM"),
    "LA": ("Lào", "Laos", "Lao PDR"), "CN": ("Trung Quốc", "China", "CHN"), "TH": ("Thái Lan", "Thailand", "THA"),
    "PH": ("Philippines", "Phi-líp-pin", "PHL"), "MM": ("Myanmar", "Mianma", "Burma", "MMR"),
    "MY": ("Malaysia", "Ma-lai-xi-a"), "SG": ("Singapore",), "ID": ("Indonesia",),
    "KR": ("Hàn Quốc", "Korea", "South Korea"), "JP": ("Nhật Bản", "Japan"), "TW": ("Đài Loan", "Taiwan"),
    "HK": ("Hong Kong", "Hongkong"), "US": ("Mỹ", "Hoa Kỳ", "USA", "United States", "United States of America"),
    "GB": ("Anh", "United Kingdom", "UK"), "RU": ("Nga", "Russia"), "AU": ("Úc", "Australia"),
    "FR": ("Pháp", "France"), "DE": ("Đức", "Germany"), "IN": ("Ấn Độ", "India"), "CA": ("Canada",),
    "AE": ("Dubai", "UAE", "United Arab Emirates"),
})

_db = None
_db_source = ""


def _database():
    global _db, _db_source
    if _db is None:
        from geoip2fast import GeoIP2Fast  # heavy (~0.1 s): loaded once, on first use

        db = GeoIP2Fast()
        _db_source = str(db.get_database_info().get("source_info", "geoip2fast"))
        _db = db
    return _db


def country_of(ip_text: str) -> tuple[str | None, str]:
    """(ISO country code or None, database name and date) from the offline database.

    >>> country_of("14.160.0.1")[0]
    'VN'
    """
    db = _database()
    try:
        code = db.lookup(ip_text).country_code
    except Exception:  # the database raises on addresses it cannot handle
        code = None
    if not code or code == "--" or len(code) != 2:
        code = None
    return code, _db_source


def parse_country(raw: object) -> str | None:
    """A country from a file column: ISO alpha-2 as is, a few names and alpha-3 codes mapped.

    Unknown text is kept folded in upper case. ``None`` when empty.

    >>> parse_country("Việt Nam"), parse_country("kh"), parse_country("Campuchia")
    ('VN', 'KH', 'KH')
    """
    key = folded_text(raw)
    if key is None:
        return None
    if len(key) == 2 and key.isalpha():
        return key.upper()
    return _COUNTRY_NAMES.get(key, key.upper())


def scope_of(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The scope of an address: public, private, cgnat, loopback, link_local, multicast, ..."""
    if addr.version == 4:
        value = int(addr)
        if value == 0:
            return "unspecified"
        i = bisect_right(_V4_STARTS, value) - 1
        if i >= 0 and value <= _V4_RANGES[i][1]:
            return _V4_RANGES[i][2]
        return "public"
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link_local"
    if addr.is_multicast:
        return "multicast"
    if addr in _ULA:
        return "private"
    if addr.is_global:
        return "public"
    return "reserved"


def _parse(text: str) -> tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, str | None]:
    port = None
    m = _V4_PORT_RE.fullmatch(text)
    if m:
        text, port = m.group(1), m.group(2)
    else:
        m = _V6_BRACKET_RE.fullmatch(text)
        if m:
            text, port = m.group(1), m.group(2)
    if "%" in text and ":" in text:
        text = text.split("%", 1)[0]
    m = _V4_RE.fullmatch(text)
    if m:
        parts = [int(p) for p in m.groups()]
        if any(p > 255 for p in parts):
            raise ValueError("an IPv4 part is above 255")
        return ipaddress.IPv4Address(".".join(map(str, parts))), port
    try:
        return ipaddress.ip_address(text), port
    except ValueError:
        raise ValueError("") from None


def normalize(raw: object, country: object = None) -> Normalized:
    """Normalise one IP address; ``country`` is the file's country value for it, if any."""
    text = required_text(raw, "IP address")
    try:
        addr, port = _parse(text)
    except ValueError as exc:
        detail = f" ({exc})" if str(exc) else ""
        raise InvalidValue(f"not an IP address{detail}", raw) from None
    if addr.version == 6 and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    scope = scope_of(addr)
    props: dict = {"version": addr.version, "scope": scope}
    if port is not None:
        props["port"] = int(port)
    code = parse_country(country)
    if code is not None:
        props["country"], props["country_source"] = code, "file"
    elif scope == "public":
        code, source = country_of(str(addr))
        if code is not None:
            props["country"], props["country_source"] = code, source
    props["foreign"] = scope == "public" and code is not None and code != "VN"
    return Normalized(str(addr), props)
