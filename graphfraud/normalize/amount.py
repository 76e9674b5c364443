"""Money amounts → exact :class:`~decimal.Decimal` (never float) and the written currency.

Separators: with both ``.`` and ``,`` the last one is the decimal separator
(``1.500.000,50`` and ``1,500,000.50``). With one kind appearing several times
it groups thousands (``1.500.000``). With one separator appearing once, a group
of exactly three digits after it is a thousands group (``1.500`` and ``1,500``
are 1500: VND has no minor units), anything else is a decimal part (``1.5``,
``12,75``, ``0.500``). Spaces and apostrophes may group thousands
(``1 500 000``). A sign, or accounting parentheses ``(200.000)``, make it
negative. A currency may stand before or after (``VND``, ``đ``, ``₫``, ``USD``,
``$``, ``€``, ``USDT``, ...). Vietnamese multipliers are understood (``500k``,
``1,5 tr``, ``2 triệu``, ``1 tỷ``); after a multiplier a single separator is
always decimal (``1.500 tỷ`` is 1.5 billion). Scientific notation
(``1.5E+6``) is rejected: a spreadsheet may have rounded it.

>>> parse_amount("1.500.000,50 đ")
(Decimal('1500000.50'), 'VND')
>>> parse_amount("USD 1,200.50"), parse_amount("1.500"), parse_amount("12,75")
((Decimal('1200.50'), 'USD'), (Decimal('1500'), None), (Decimal('12.75'), None))
>>> parse_amount("(200.000)")[0], parse_amount("1,5 triệu")[0]
(Decimal('-200000'), Decimal('1500000.0'))
>>> normalize("1500000.50 VND")
Normalized(value='1500000.5', props={'currency': 'VND'})
>>> parse_amount("1.50.000")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: not an amount: the digit grouping is not valid (1.50.000)
"""

from __future__ import annotations

import re
from decimal import Decimal

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, clean_text, fold

__all__ = ["parse_amount", "normalize", "format_amount"]

_CORE_RE = re.compile(
    r"(?P<pre>[^\d()]*?)\s*"
    r"(?P<num>\d(?:[\d.,']|\s(?=\d{3}(?!\d)))*)"
    r"\s*(?P<post>[^\d()]*?)")
_PARENS_RE = re.compile(r"([^()]*)\(([^()]*\d[^()]*)\)([^()]*)")
_SCIENTIFIC_RE = re.compile(r"[-+]?\d+(?:[.,]\d+)?[eE][-+]?\d+")
_GROUP_TAIL_RE = re.compile(r"\d{3}")

# Currency symbols (checked before folding, since folding drops symbols).
_SYMBOLS: dict[str, str] = {
    "₫": "VND", "đ": "VND", "Đ": "VND", "$": "USD", "us$": "USD", "US$": "USD", "€": "EUR", "£": "GBP",
    "฿": "THB", "₩": "KRW", "៛": "KHR", "₭": "LAK", "₱": "PHP", "元": "CNY", "₽": "RUB", "₹": "INR",
    "s$": "SGD", "S$": "SGD", "₮": "USDT", "₿": "BTC",
}
_CURRENCY_WORDS: dict[str, str] = {
    "vnd": "VND", "d": "VND", "dong": "VND", "vn dong": "VND", "viet nam dong": "VND",
    "usd": "USD", "do": "USD", "do la": "USD", "do la my": "USD", "dollar": "USD", "dollars": "USD",
    "eur": "EUR", "euro": "EUR", "gbp": "GBP", "cny": "CNY", "rmb": "CNY", "nhan dan te": "CNY",
    "te": "CNY", "yuan": "CNY", "khr": "KHR", "riel": "KHR", "lak": "LAK", "kip": "LAK", "thb": "THB",
    "baht": "THB", "bat": "THB", "php": "PHP", "peso": "PHP", "mmk": "MMK", "kyat": "MMK",
    "jpy": "JPY", "yen": "JPY", "krw": "KRW", "won": "KRW", "sgd": "SGD", "myr": "MYR", "ringgit": "MYR",
    "hkd": "HKD", "twd": "TWD", "aud": "AUD", "cad": "CAD", "chf": "CHF", "idr": "IDR", "inr": "INR",
    "aed": "AED", "rub": "RUB", "usdt": "USDT", "usdc": "USDC", "btc": "BTC", "eth": "ETH",
}
_MULTIPLIERS: dict[str, int] = {
    "k": 3, "nghin": 3, "ngan": 3, "ng": 3,
    "tr": 6, "trieu": 6, "cu": 6,
    "ty": 9, "ti": 9,
}


def _currency(token: str, raw: object) -> str | None:
    token = token.strip()
    if not token:
        return None
    code = _SYMBOLS.get(token) or _SYMBOLS.get(token.lower())
    if code is None:
        code = _CURRENCY_WORDS.get(fold(token))
    if code is None:
        raise InvalidValue(f"not an amount: unknown text {token!r}", raw)
    return code


def _split_post(post: str, raw: object) -> tuple[int, str | None]:
    """(power of ten, currency) from the text after the number."""
    post = post.strip()
    if not post:
        return 0, None
    whole = _SYMBOLS.get(post) or _CURRENCY_WORDS.get(fold(post))
    if whole is not None:
        return 0, whole
    for symbol, code in _SYMBOLS.items():  # "500k₫", "1.500.000đ", "10tr đ"
        if post.endswith(symbol) and len(post) > len(symbol):
            power, cur = _split_post(post[: -len(symbol)], raw)
            if cur is not None:
                raise InvalidValue("not an amount: two currencies", raw)
            return power, code
    words = fold(post).split()
    if words and words[0] in _MULTIPLIERS:
        power = _MULTIPLIERS[words[0]]
        rest = post.split(None, 1)[1] if len(post.split(None, 1)) > 1 else ""
        if not rest and len(words) > 1:  # "1tr5"-like leftovers are not handled
            raise InvalidValue(f"not an amount: unknown text {post!r}", raw)
        return power, _currency(rest, raw)
    return 0, _currency(post, raw)


def _number(core: str, multiplied: bool, raw: object) -> str:
    """Plain ``[digits][.digits]`` text from a number written with separators."""
    core = core.replace("'", " ")
    spaced = " " in core
    dots, commas = core.count("."), core.count(",")
    decimal_sep = group_sep = None
    if dots and commas:
        decimal_sep = "." if core.rfind(".") > core.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        if core.count(decimal_sep) > 1:
            raise InvalidValue(f"not an amount: more than one decimal separator ({core})", raw)
    elif dots + commas == 1:
        sep = "." if dots else ","
        int_part, frac = core.split(sep)
        int_digits = int_part.replace(" ", "")
        if spaced and len(frac) == 3:
            raise InvalidValue(f"not an amount: mixed digit grouping ({core}) is ambiguous", raw)
        if multiplied or spaced or len(frac) != 3 or int_digits == "0" or int_digits.startswith("0"):
            decimal_sep = sep
        else:
            group_sep = sep
    elif dots or commas:
        group_sep = "." if dots else ","
    if decimal_sep is not None:
        int_part, frac = core.split(decimal_sep)
        if not frac.isdigit():
            raise InvalidValue(f"not an amount: the decimal part is not valid ({core})", raw)
    else:
        int_part, frac = core, ""
    if spaced and group_sep is not None:
        raise InvalidValue(f"not an amount: mixed digit grouping ({core})", raw)
    group_sep = " " if spaced else group_sep
    if group_sep is not None:
        groups = int_part.split(group_sep)
        if not (1 <= len(groups[0]) <= 3 and groups[0].isdigit()) or not all(
                _GROUP_TAIL_RE.fullmatch(g) for g in groups[1:]):
            raise InvalidValue(f"not an amount: the digit grouping is not valid ({core})", raw)
        int_part = "".join(groups)
    if not int_part.isdigit():
        raise InvalidValue(f"not an amount: the digit grouping is not valid ({core})", raw)
    return f"{int_part}.{frac}" if frac else int_part


def parse_amount(raw: object) -> tuple[Decimal, str | None]:
    """Parse an amount: ``(exact Decimal, ISO currency code or None)``; negatives allowed."""
    text = clean_text(raw)
    if text is None:
        raise InvalidValue("empty amount", raw)
    if _SCIENTIFIC_RE.fullmatch(text):
        raise InvalidValue(
            f"looks like a number a spreadsheet converted ({text}); digits may be lost, fix the source column",
            raw)
    text = text.replace("\u2212", "-")  # minus sign
    accounting = _PARENS_RE.fullmatch(text)  # "(200.000)": accounting notation for a negative amount
    if accounting:
        text = " ".join(g.strip() for g in accounting.groups() if g.strip())
    elif "(" in text or ")" in text:
        raise InvalidValue("not an amount: unbalanced parentheses", raw)
    m = _CORE_RE.fullmatch(text)
    if m is None:
        if not any(c.isdigit() for c in text):
            raise InvalidValue("not an amount: no digits", raw)
        raise InvalidValue("not an amount: it holds more than one number or stray text", raw)
    pre = m.group("pre")
    signs = [c for c in pre if c in "+-"]
    if len(signs) > 1:
        raise InvalidValue("not an amount: more than one sign", raw)
    if signs and accounting:
        raise InvalidValue("not an amount: a sign inside accounting parentheses", raw)
    negative = signs == ["-"] or bool(accounting)
    pre_currency = _currency(pre.replace("-", "").replace("+", ""), raw)
    power, post_currency = _split_post(m.group("post"), raw)
    if pre_currency and post_currency and pre_currency != post_currency:
        raise InvalidValue("not an amount: two different currencies", raw)
    number = Decimal(_number(m.group("num"), power > 0, raw))
    if power:
        number *= Decimal(10) ** power
    if negative:
        number = -number
    return number, pre_currency or post_currency


def format_amount(amount: Decimal) -> str:
    """Canonical text of an amount: plain digits, no exponent, no trailing decimal zeros.

    >>> format_amount(Decimal("1500000.50")), format_amount(Decimal("1.5E+6")), format_amount(Decimal("-0"))
    ('1500000.5', '1500000', '0')
    """
    if amount == amount.to_integral_value():
        return str(int(amount))
    return format(amount.normalize(), "f")


def normalize(raw: object) -> Normalized:
    """Normalise an amount: ``value`` is its canonical text, ``props["currency"]`` the code or None."""
    if type(raw) is str and raw.isdigit() and raw.isascii() and len(raw) <= 30:
        return Normalized(str(int(raw)), {"currency": None})  # plain digits: what parse_amount gives
    amount, currency = parse_amount(raw)
    return Normalized(format_amount(amount), {"currency": currency})
