"""Numbers, money, shares and durations written for people, in Vietnamese or English; and the same
values written for machines.

People read ``1.785.900.000 ₫``, ``65%``, ``1,5 giờ`` (vi) or ``1,785,900,000 VND``, ``65%``,
``1.5 h`` (en). Machines get :func:`machine_amount`: an exact decimal string without separators
(``"1785900000"``, ``"1234.5"``), the same in every JSON output.

:func:`render` fills a template whose fields name how to write them: ``{amount:money}``,
``{n:int}``, ``{share:pct}``, ``{x:num}``, ``{dwell:dur}``, ``{cases:list}``, ``{flag:yesno}``;
a field without a spec is written as text.
"""

from __future__ import annotations

import math
import string
from decimal import Decimal, InvalidOperation

LANGS = ("vi", "en")

_UNITS = {  # duration units: (English, Vietnamese)
    "min": ("min", "phút"), "h": ("h", "giờ"), "days": ("days", "ngày"), "never": ("never", "không có"),
}
_YES_NO = {True: ("yes", "có"), False: ("no", "không")}
LIST_SHOWN = 5


def _vi(lang: str) -> bool:
    return lang == "vi"


def fmt_int(n, lang: str = "vi") -> str:
    """``1785900000`` → ``1.785.900.000`` (vi) / ``1,785,900,000`` (en)."""
    try:
        whole = int(Decimal(str(n)).to_integral_value())
    except (InvalidOperation, ValueError):
        return str(n)
    s = f"{whole:,}"
    return s.replace(",", ".") if _vi(lang) else s


def fmt_num(x, lang: str = "vi", digits: int = 1) -> str:
    """A decimal number: ``1,5`` (vi) / ``1.5`` (en), thousands grouped."""
    s = f"{float(x):,.{digits}f}"
    if _vi(lang):
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def fmt_pct(x, lang: str = "vi") -> str:
    """A share 0..1 as a whole percentage: ``0.654`` → ``65%``."""
    return f"{float(x) * 100:.0f}%"


def parse_decimal(x) -> Decimal | None:
    """The one reading of a stored amount (exact decimal text, a number) as a Decimal: None for what is
    not a finite number. Callers decide what a missing amount means (0 in a sum, no label on a link).

    >>> parse_decimal("1785900000"), parse_decimal(12.5), parse_decimal("NaN"), parse_decimal("abc")
    (Decimal('1785900000'), Decimal('12.5'), None, None)
    """
    if x is None or isinstance(x, bool):
        return None
    try:
        d = Decimal(str(x))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return d if d.is_finite() else None


def fmt_money(amount, lang: str = "vi", currency: str = "VND") -> str:
    """``17200000`` → ``17.200.000 ₫`` (vi) / ``17,200,000 VND`` (en); decimals kept (two at most)."""
    if amount is None or amount == "":
        return ""
    d = parse_decimal(amount)
    if d is None:
        return str(amount)
    whole = int(d)
    frac = abs(d - whole)
    text = fmt_int(whole, lang)
    if whole == 0 and d < 0:
        text = "-" + text
    if frac:
        digits = format(frac, "f").split(".")[1].rstrip("0")[:2]
        if digits.strip("0"):
            text += ("," if _vi(lang) else ".") + digits
    if currency == "VND":
        return text + (" ₫" if _vi(lang) else " VND")
    return f"{text} {currency}"


def fmt_duration(seconds, lang: str = "vi") -> str:
    """``1140`` → ``19 phút`` / ``19 min``; hours under two days, then days."""
    k = 1 if _vi(lang) else 0
    if seconds is None or not math.isfinite(float(seconds)):
        return _UNITS["never"][k]
    m = float(seconds) / 60.0
    if m < 90:
        return f"{m:.0f} {_UNITS['min'][k]}"
    h = m / 60.0
    if h < 48:
        return f"{fmt_num(h, lang)} {_UNITS['h'][k]}"
    return f"{fmt_num(h / 24, lang)} {_UNITS['days'][k]}"


def fmt_list(items, lang: str = "vi", shown: int = LIST_SHOWN) -> str:
    items = [str(x) for x in (items or [])]
    return ", ".join(items[:shown]) + (" …" if len(items) > shown else "")


def machine_amount(x) -> str | None:
    """An amount as an exact decimal string for JSON: ``1785900000.0`` → ``"1785900000"``,
    ``1234.5`` → ``"1234.5"``; floats are first rounded to cents. ``None`` and NaN give ``None``."""
    if x is None or x == "":
        return None
    try:
        d = Decimal(str(x)) if not isinstance(x, float) else Decimal(repr(round(x, 2)))
    except (InvalidOperation, ValueError):
        return str(x)
    if not d.is_finite():
        return None
    d = d.quantize(Decimal("0.01")) if d != d.to_integral_value() else d.to_integral_value()
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec: str):
        write = _FIELD_SPECS.get(spec)
        if write is not None:
            return write(value, self.lang)
        return super().format_field("" if value is None else value, spec)


def _fmt_yesno(value, lang: str) -> str:
    pair = _YES_NO.get(value) if isinstance(value, bool) else None
    return pair[1 if _vi(lang) else 0] if pair else str(value)


# the field specs of render: {amount:money} is written by fmt_money, ...
_FIELD_SPECS = {"money": fmt_money, "int": fmt_int, "pct": fmt_pct, "num": fmt_num, "dur": fmt_duration,
                "list": fmt_list, "yesno": _fmt_yesno}


def render(template: str, params: dict, lang: str = "vi") -> str:
    """``template`` with ``params`` written for people in ``lang`` (see the module's field specs)."""
    return _Formatter(lang).vformat(template, (), params)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Neutralise a spreadsheet formula: a cell starting with = + - @ TAB CR gets a leading apostrophe.

    >>> safe_cell("=1+1"), safe_cell("0912"), safe_cell(None)
    ("'=1+1", '0912', '')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
