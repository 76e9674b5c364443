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
(``1.5E+6``, ``1.0E7`` as Java and many exporters write large numbers, ``8e-05 BTC``)
is read exactly as written; :func:`is_scientific` tells the loader, which marks
such an amount (a spreadsheet may have rounded its digits). A loader that
knows the column's decimal separator (:func:`decimal_separator`) passes it, so
``1.234`` in a column of ``3697.34``-like amounts is 1.234.

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
from itertools import pairwise

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, clean_text, fold, required_text
from graphfraud.normalize.currency import CURRENCY_WORDS, SYMBOLS

__all__ = ["decimal_separator", "format_amount", "is_scientific", "normalize", "parse_amount"]

_CORE_RE = re.compile(
    r"(?P<pre>[^\d()]*?)\s*"
    r"(?P<num>\d(?:[\d.,']|\s(?=\d{3}(?!\d)))*)"
    r"\s*(?P<post>[^\d()]*?)")
_PARENS_RE = re.compile(r"([^()]*)\(([^()]*\d[^()]*)\)([^()]*)")
_SCIENTIFIC_RE = re.compile(r"[-+]?\d+(?:[.,]\d+)?[eE][-+]?\d+")
_GROUP_TAIL_RE = re.compile(r"\d{3}")

_SYMBOLS, _CURRENCY_WORDS = SYMBOLS, CURRENCY_WORDS
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


def _number(core: str, multiplied: bool, raw: object, decimal: str | None = None) -> str:
    """Plain ``[digits][.digits]`` text from a number written with separators.

    ``decimal`` (``.`` or ``,``): the decimal separator of the column, when known: a single
    separator followed by three digits is then read by it, not as a thousands group."""
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
        if decimal is not None and not spaced:
            decimal_sep, group_sep = (sep, None) if sep == decimal else (None, sep)
        elif multiplied or spaced or len(frac) != 3 or int_digits == "0" or int_digits.startswith("0"):
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


_SPOKEN_PART = r"(\d+(?:[.,]\d+)?)\s*(ty|ti|trieu|tr|cu|nghin|ngan|ng|k)(?![a-z])"
_SPOKEN_RE = re.compile(rf"((?:{_SPOKEN_PART}\s*)+)(\d+)?\s*(vnd|dong|d)?")


def _spoken(text: str, raw: object) -> tuple[Decimal, str | None] | None:
    """An amount said in parts, largest first: ``12 triệu 500 nghìn``, ``1 tỷ 200 triệu``, and the
    shorthand ``12tr5`` / ``1 tỷ 2`` where the digits after the last unit continue it (12.5 million,
    1.2 billion); None when the text is not such an amount.

    >>> _spoken("12 triệu 500 nghìn đồng", None), _spoken("12tr5", None), _spoken("1 tỷ 2", None)
    ((Decimal('12500000'), 'VND'), (Decimal('12500000'), None), (Decimal('1200000000'), None))
    """
    low = " ".join(fold(text.replace(",", "\x00").replace(".", "\x01")).split())
    low = low.replace(" \x00 ", ",").replace("\x00", ",").replace(" \x01 ", ".").replace("\x01", ".")
    m = _SPOKEN_RE.fullmatch(low)
    if m is None:
        return None
    parts = [(Decimal(n.replace(",", ".")), _MULTIPLIERS[u]) for n, u in re.findall(_SPOKEN_PART, m.group(1))]
    powers = [p for _, p in parts]
    tail = m.group(4)
    if (len(parts) < 2 and not tail) or any(a <= b for a, b in pairwise(powers)):
        return None
    if any(n >= Decimal(10) ** (hi - lo) for (n, lo), hi in zip(parts[1:], powers)):
        raise InvalidValue(f"not an amount: a part is larger than the unit before it ({text})", raw)
    value = sum((n * Decimal(10) ** p for n, p in parts), Decimal(0))
    if tail:
        if len(tail) > powers[-1]:
            return None
        value += Decimal(int(tail)) * Decimal(10) ** (powers[-1] - len(tail))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value, ("VND" if m.group(5) else None)


def parse_amount(raw: object, currency: str | None = None,
                 decimal: str | None = None) -> tuple[Decimal, str | None]:
    """Parse an amount: ``(exact Decimal, ISO currency code or None)``; negatives allowed.

    ``currency``: the code of the row's currency column, if any. An amount that writes another
    currency is rejected. Scientific notation (``1.0E7``, ``8e-05``) is read exactly as written (see
    :func:`is_scientific`). ``decimal``: the column's decimal separator when known (see
    :func:`decimal_separator`).

    >>> parse_amount("1.0E7"), parse_amount("8e-05", "BTC")
    ((Decimal('1.0E+7'), None), (Decimal('0.00008'), 'BTC'))
    """
    text = required_text(raw, "amount")
    if _SCIENTIFIC_RE.fullmatch(text):
        return Decimal(text.replace(",", ".")), currency
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
        spoken = _spoken(text, raw)
        if spoken is not None:
            if currency and spoken[1] and spoken[1] != currency:
                raise InvalidValue(f"the amount is written in {spoken[1]} but the currency column says {currency}",
                                   raw)
            return spoken[0], spoken[1] or currency
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
    written = pre_currency or post_currency
    if currency and written and written != currency:
        raise InvalidValue(f"the amount is written in {written} but the currency column says {currency}", raw)
    code = written or currency
    number = Decimal(_number(m.group("num"), power > 0, raw, decimal))
    if power:
        number *= Decimal(10) ** power
    if negative:
        number = -number
    return number, code


def is_scientific(raw: object) -> bool:
    """True when an amount cell is written in scientific notation (``1.0E7``, ``2.3143904E7``,
    ``1.23457E+11``). Its value is read as written, but a spreadsheet that wrote it may have rounded
    a longer number to the digits shown, so a loader keeps the amount marked.

    >>> is_scientific("1.0E7"), is_scientific("10000000"), is_scientific(" 8e-05 ")
    (True, False, True)
    """
    return isinstance(raw, str) and _SCIENTIFIC_RE.fullmatch(raw.strip()) is not None


def format_amount(amount: Decimal) -> str:
    """Canonical text of an amount: plain digits, no exponent, no trailing decimal zeros.

    >>> format_amount(Decimal("1500000.50")), format_amount(Decimal("1.5E+6")), format_amount(Decimal("-0"))
    ('1500000.5', '1500000', '0')
    """
    if amount == amount.to_integral_value():
        return str(int(amount))
    return format(amount.normalize(), "f")


def normalize(raw: object, currency: str | None = None, decimal: str | None = None) -> Normalized:
    """Normalise an amount: ``value`` is its canonical text, ``props["currency"]`` the code or None.

    ``currency`` and ``decimal`` as in :func:`parse_amount`."""
    if type(raw) is str and raw.isdigit() and raw.isascii() and len(raw) <= 30:
        return Normalized(str(int(raw)), {"currency": currency})  # plain digits: what parse_amount gives
    amount, code = parse_amount(raw, currency, decimal)
    return Normalized(format_amount(amount), {"currency": code})


_NUM_RE = re.compile(r"\d[\d.,]*")


def decimal_separator(cells) -> str | None:
    """The decimal separator a column of amounts shows (``.`` or ``,``), or None when it does not tell.

    A cell is evidence for ``.`` as the decimal point when it has both separators with ``.`` last
    (``1,234.5``) or one ``.`` not followed by exactly three digits (``3697.34``, ``0.00008``); a
    cell with several ``.`` (``1.500.000``) or ``,`` after a ``.`` is evidence against. The same for
    ``,``. Cells with a Vietnamese multiplier (``1,5 tr``) say nothing. Only a separator with
    evidence for it and none against, the other one having none for it, is returned.

    >>> decimal_separator(["3697.34", "1.234", "0.00008", "12"]), decimal_separator(["1.500", "1.500.000"])
    ('.', None)
    >>> decimal_separator(["1.500.000,50", "2,5"]), decimal_separator(["1.5", "1,5"])
    (',', None)
    """
    pro = {".": 0, ",": 0}
    con = {".": 0, ",": 0}
    for cell in cells:
        text = clean_text(cell)
        if text is None:
            continue
        m = _NUM_RE.search(text)
        if m is None:
            continue
        after = fold(text[m.end():]).split()
        if after and after[0] in _MULTIPLIERS:
            continue
        core = m.group().rstrip(".,")
        dots, commas = core.count("."), core.count(",")
        if dots and commas:
            last = "." if core.rfind(".") > core.rfind(",") else ","
            other = "," if last == "." else "."
            pro[last] += 1
            con[other] += core.count(last) == 1
        for sep, n in ((".", dots), (",", commas)):
            if n > 1:
                con[sep] += 1
            elif n == 1 and not (dots and commas) and len(core.split(sep)[1]) != 3:
                pro[sep] += 1
    for sep, other in ((".", ","), (",", ".")):
        if pro[sep] and not con[sep] and not pro[other]:
            return sep
    return None
