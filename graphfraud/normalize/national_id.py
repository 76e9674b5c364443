"""Vietnamese identity numbers: CCCD (12 digits), old CMND (9 digits), passport.

Spaces, dots and dashes are removed; leading zeros are kept (a CCCD starts
with its province code, e.g. ``001`` for Hà Nội). A number with one digit
missing (11 or 8 digits) most likely lost its leading zero in a spreadsheet:
it is rejected, not guessed, and so are numbers a spreadsheet converted
(``1.23456789012E+11``). A Vietnamese passport number (a letter and 7 digits,
``B1234567``) is accepted with kind ``passport``.

``props["kind"]``: ``cccd``, ``cmnd`` or ``passport``.

>>> normalize("001 090 012 345")
Normalized(value='001090012345', props={'kind': 'cccd'})
>>> normalize("024.123.456")
Normalized(value='024123456', props={'kind': 'cmnd'})
>>> normalize("1090012345")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: 10 digits: a CCCD has 12 digits and an old CMND 9
"""

from __future__ import annotations

import re

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, refuse_spreadsheet_number, required_text

__all__ = ["normalize"]

_SEPARATORS_RE = re.compile(r"[\s.\-_]+")
_PASSPORT_RE = re.compile(r"[A-Z]\d{7}")


def normalize(raw: object) -> Normalized:
    """Normalise a CCCD / CMND / passport number."""
    text = required_text(raw, "identity number")
    refuse_spreadsheet_number(text, raw)
    compact = _SEPARATORS_RE.sub("", text).upper()
    if _PASSPORT_RE.fullmatch(compact):
        return Normalized(compact, {"kind": "passport"})
    if not (compact.isdigit() and compact.isascii()):
        raise InvalidValue("an identity number has only digits (CCCD 12, CMND 9)", raw)
    n = len(compact)
    if n == 12:
        return Normalized(compact, {"kind": "cccd"})
    if n == 9:
        return Normalized(compact, {"kind": "cmnd"})
    if n in (11, 8):
        raise InvalidValue(
            f"{n} digits: one short of a {'CCCD (12)' if n == 11 else 'CMND (9)'}; "
            "a spreadsheet may have dropped the leading zero, fix the source column as text", raw)
    raise InvalidValue(f"{n} digits: a CCCD has 12 digits and an old CMND 9", raw)
