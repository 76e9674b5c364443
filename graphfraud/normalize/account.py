"""Bank account numbers → digits only, leading zeros kept.

Spaces, dashes, dots and a leading apostrophe are removed; 1 to 20 digits are
accepted (short numbers are internal account ids in some exports). Letters are rejected, and so are numbers a spreadsheet converted to
floats (``912345678.0``, ``1.23457E+15``): the digits may be gone, so they are
never guessed.

>>> normalize("0071 0001 23456")
Normalized(value='0071000123456', props={})
>>> normalize("'19033-456.789-01").value
'1903345678901'
>>> normalize("1.23457E+15")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: looks like a number a spreadsheet converted (1.23457E+15); fix the source column as text
"""

from __future__ import annotations

import re

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, clean_text, refuse_spreadsheet_number

__all__ = ["normalize", "MIN_DIGITS", "MAX_DIGITS"]

MIN_DIGITS = 1  # internal ids in some exports and simulators are short
MAX_DIGITS = 20
_SEPARATORS_RE = re.compile(r"[\s.\-_]+")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")


def normalize(raw: object) -> Normalized:
    """Normalise one bank account number to its digits (1–20 of them)."""
    if type(raw) is str and raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS:
        return Normalized(raw)  # plain digits already: what the steps below give
    text = clean_text(raw)
    if text is None:
        raise InvalidValue("empty account number", raw)
    refuse_spreadsheet_number(text, raw)
    if _THOUSANDS_RE.fullmatch(text):
        raise InvalidValue(
            f"looks like a number a spreadsheet formatted with thousands separators ({text}); "
            "fix the source column as text", raw)
    digits = _SEPARATORS_RE.sub("", text)
    if not digits.isdigit() or not digits.isascii():
        if any(c.isalpha() for c in digits):
            raise InvalidValue("an account number has only digits; this one contains letters", raw)
        raise InvalidValue("an account number has only digits; this one contains other characters", raw)
    if len(digits) < MIN_DIGITS:
        raise InvalidValue(
            f"too short for an account number ({len(digits)} digits; at least {MIN_DIGITS})", raw)
    if len(digits) > MAX_DIGITS:
        raise InvalidValue(
            f"too long for an account number ({len(digits)} digits; at most {MAX_DIGITS})", raw)
    return Normalized(digits)
