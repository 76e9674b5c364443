"""Device identifiers (IMEI, Android ID, UUID/IDFA/IDFV, others) → canonical text.

Trimmed, surrounding quotes and braces removed, lower-cased. A 15-digit IMEI
written with spaces, dashes, dots or slashes keeps only its digits
(``props["luhn_ok"]`` says whether its check digit is right; a wrong one is
kept, as seen in the data). A UUID keeps its 8-4-4-4-12 form (32 hex digits
without dashes may be a UUID or a hash: kept as written, kind ``other``). Rejected:
fewer than 4 characters, numbers a spreadsheet converted
(``3.52099001761481E+14``), and placeholders that identify no device (all
zeros, such as the IDFA of a phone with tracking limited, ``unknown``,
``null``), and text with spaces (a device model such as "iPhone 13" would link
unrelated people).

``props["kind"]`` is ``imei``, ``uuid`` or ``other``.

>>> normalize("35-209900-176148-1")
Normalized(value='352099001761481', props={'kind': 'imei', 'luhn_ok': True})
>>> normalize("{6F9619FF-8B86-D011-B42D-00C04FC964FF}").value
'6f9619ff-8b86-d011-b42d-00c04fc964ff'
>>> normalize("9774D56D682E549C")
Normalized(value='9774d56d682e549c', props={'kind': 'other'})
>>> normalize("00000000-0000-0000-0000-000000000000")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: a placeholder device id (all zeros) identifies no device
"""

from __future__ import annotations

import re

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, refuse_spreadsheet_number, required_text

# A spreadsheet's rendering of a long number: "8.1247E+15", "812470000000.0". Hex device ids
# such as "81247e2001242807" have an "e" but no decimal point or exponent sign, so they pass.
_MANGLED_RE = re.compile(r"[+-]?\d+[.,]0+|[+-]?\d+[.,]\d+[eE][+-]?\d+|[+-]?\d+[eE][+-]\d+")

__all__ = ["normalize", "luhn_ok"]

_IMEI_RE = re.compile(r"\d[\d\s\-./]{13,}\d")
_UUID_RE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
_UUID_DASHED_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NON_DIGIT_RE = re.compile(r"\D+")
_SPACE_RE = re.compile(r"\s")  # str patterns: the characters str.isspace() accepts
_PLACEHOLDERS = frozenset({"unknown", "null", "nil", "none", "n/a", "na", "undefined", "default",
                           "not available", "khong co", "không có", "không xác định"})
_ZERO_CHARS = frozenset("0-:")


def luhn_ok(digits: str) -> bool:
    """True if the Luhn check digit of ``digits`` is right (IMEIs use it).

    >>> luhn_ok("352099001761481"), luhn_ok("352099001761482")
    (True, False)
    """
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = ord(c) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def normalize(raw: object) -> Normalized:
    """Normalise one device identifier."""
    if type(raw) is str and len(raw) == 36 and raw.isascii():  # a plain UUID: what the steps below give
        text = raw.lower()
        if _UUID_DASHED_RE.fullmatch(text) and not set(text) <= _ZERO_CHARS:
            return Normalized(text, {"kind": "uuid"})
    text = required_text(raw, "device id")
    while len(text) >= 2 and text[0] in "{[(" and text[-1] in "}])":
        text = text[1:-1].strip()
    if not text:
        raise InvalidValue("empty device id", raw)
    refuse_spreadsheet_number(text, raw, _MANGLED_RE)
    text = text.lower()
    if text in _PLACEHOLDERS:
        raise InvalidValue(f"a placeholder ({text}), not a device id", raw)
    if set(text) <= _ZERO_CHARS:
        raise InvalidValue("a placeholder device id (all zeros) identifies no device", raw)
    if len(text) < 4:
        raise InvalidValue("too short for a device id (fewer than 4 characters)", raw)
    if _IMEI_RE.fullmatch(text):
        digits = _NON_DIGIT_RE.sub("", text)
        if len(digits) == 15:
            return Normalized(digits, {"kind": "imei", "luhn_ok": luhn_ok(digits)})
    if _UUID_RE.fullmatch(text):
        if _UUID_DASHED_RE.fullmatch(text):
            return Normalized(text, {"kind": "uuid"})
        if len(text) == 32 and "-" not in text:
            return Normalized(text, {"kind": "other"})  # 32 hex digits: a UUID or a hash; kept as written
    if _SPACE_RE.search(text):
        raise InvalidValue("a device id has no spaces (is this a device name?)", raw)
    return Normalized(text, {"kind": "other"})
