"""Bank account numbers and account ids → upper-case letters and digits, leading zeros kept.

Spaces, dashes, dots, underscores, a leading apostrophe and the slash a SWIFT field writes
before an account (``/8630061109``) are removed; letters
are upper-cased. Digit-only numbers have 1 to 20 digits (short numbers are
internal account ids in some exports); ids with letters (``8000EBD30`` in
simulated or foreign exports, IBANs) have at least one digit and at most 34
characters. A value in the form of an IBAN (country code, two check digits,
11 to 30 letters or digits) gets ``iban_valid``: its length fits the country
and its check digits are right (ISO 13616, mod 97).

Numbers a spreadsheet converted to floats (``912345678.0``, ``1.23457E+15``,
``9.12345678E8``) are rejected: their digits may be gone, so they are never
guessed. ``812345E67`` (digits, an ``E``, digits; no decimal point, no exponent
sign) is not what a spreadsheet writes and is kept as an id.

>>> normalize("0071 0001 23456")
Normalized(value='0071000123456', props={})
>>> normalize("'19033-456.789-01").value
'1903345678901'
>>> normalize("8000ebd30").value
'8000EBD30'
>>> normalize("/8630061109").value
'8630061109'
>>> normalize("GB82 WEST 1234 5698 7654 32")
Normalized(value='GB82WEST12345698765432', props={'iban_valid': True})
>>> normalize("GB83 WEST 1234 5698 7654 32").props
{'iban_valid': False}
>>> normalize("1.23457E+15")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: looks like a number a spreadsheet converted (1.23457E+15); fix the source column as text
"""

from __future__ import annotations

import re

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, identifier_text, refuse_spreadsheet_number, required_text

__all__ = ["normalize", "iban_valid", "MIN_DIGITS", "MAX_DIGITS", "MAX_LENGTH", "IBAN_LENGTHS"]

MIN_DIGITS = 1  # internal ids in some exports and simulators are short
MAX_DIGITS = 20  # a digit-only account number
MAX_LENGTH = 34  # an id with letters (the longest IBAN has 34 characters)
_SEPARATORS_RE = re.compile(r"[\s.\-_]+")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
# What a spreadsheet or a program writes for a float: "912345678.0", "9.12345678E8", "1.23457E+15",
# "1E+15". Digits, E, digits without a decimal point or an exponent sign ("812345E67") is an id.
_MANGLED_RE = re.compile(r"[+-]?\d+[.,]0+|[+-]?\d+[.,]\d+[eE][+-]?\d+|[+-]?\d+[eE][+-]\d+")
_ALNUM_RE = re.compile(r"[0-9A-Z]+")
_IBAN_FORM_RE = re.compile(r"([A-Z]{2})(\d{2})[0-9A-Z]{11,30}")

# IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}


def iban_valid(value: str) -> bool | None:
    """For an id in the form of an IBAN: whether its length and check digits are right; else None.

    >>> iban_valid("DE89370400440532013000"), iban_valid("DE89370400440532013001"), iban_valid("8000EBD30")
    (True, False, None)
    """
    m = _IBAN_FORM_RE.fullmatch(value)
    if m is None or m.group(1) not in IBAN_LENGTHS:
        return None
    if len(value) != IBAN_LENGTHS[m.group(1)]:
        return False
    moved = value[4:] + value[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


_LABEL_RE = re.compile(r"^(?:stk|số tk|so tk|tk|số tài khoản|so tai khoan|tài khoản|tai khoan|account(?: no\.?| number)?"
                       r"|acct|a/c)(?:\s*[:.#]\s*|\s+)(?=\d)", re.IGNORECASE)
_NUMBER_THEN_BANK_RE = re.compile(r"(?P<num>\d[\d .\-]*\d)\s*(?:[-–/,:(]\s*|\s)\s*(?P<bank>[^\d()]+?)\)?")
_BANK_THEN_NUMBER_RE = re.compile(r"\(?(?P<bank>[^\d()]+?)\)?\s*[-–/,:]?\s*(?P<num>\d[\d .\-]*\d)")


def _with_bank(text: str) -> tuple[str, str] | None:
    """(number, bank code) of a cell that writes a known bank beside a number: ``0071001234567 VCB``,
    ``1903456789012 - Techcombank``, ``STK: 0071001234567 (Vietcombank)``, ``MB 0912345678``; else
    None (an id such as ``8000EBD30`` or an IBAN has no bank part).

    >>> _with_bank("STK: 1903 4567 8901 2 - Techcombank"), _with_bank("8000EBD30")
    (('1903 4567 8901 2', 'TCB'), None)
    """
    from graphfraud.normalize.bank import normalize as bank

    bare = _LABEL_RE.sub("", text, count=1).strip()
    for pattern in (_NUMBER_THEN_BANK_RE, _BANK_THEN_NUMBER_RE):
        m = pattern.fullmatch(bare)
        if m is None or not m.group("bank").strip(" .-"):
            continue
        try:
            found = bank(m.group("bank").strip(" .-"))
        except InvalidValue:
            continue
        if found.props.get("known", True) or "name" in found.props:  # a bank of the table, here or abroad
            return m.group("num"), found.value
    return None


def normalize(raw: object) -> Normalized:
    """Normalise one bank account number or account id (digits and upper-case letters)."""
    if type(raw) is str and raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS:
        return Normalized(raw)  # plain digits already: what the steps below give
    text = required_text(raw, "account number")
    text = identifier_text(text)
    stated = _with_bank(text)
    if stated is not None:
        number, bank = stated
        return Normalized(normalize(number).value, {"bank": bank})
    text = _LABEL_RE.sub("", text, count=1)  # "STK: 0071…", "TK 0071…": the label is not the number
    if text.startswith("/") and text[1:2].isalnum():   # "/8630061109": a SWIFT field's account line
        text = text[1:]
    refuse_spreadsheet_number(text, raw, _MANGLED_RE)
    if _THOUSANDS_RE.fullmatch(text):
        raise InvalidValue(
            f"looks like a number a spreadsheet formatted with thousands separators ({text}); "
            "fix the source column as text", raw)
    value = _SEPARATORS_RE.sub("", text).upper()
    if value.isdigit() and value.isascii():
        if len(value) > MAX_DIGITS:
            raise InvalidValue(
                f"too long for an account number ({len(value)} digits; at most {MAX_DIGITS})", raw)
        return Normalized(value)
    if not value.isascii() or not _ALNUM_RE.fullmatch(value):
        if any(c.isalpha() for c in value) and all(c.isalnum() for c in value):
            raise InvalidValue("an account id has Latin letters and digits only; this one has other letters", raw)
        raise InvalidValue("an account id has letters and digits only; this one contains other characters", raw)
    if not any(c.isdigit() for c in value):
        raise InvalidValue("an account id has digits; this one has only letters", raw)
    if len(value) > MAX_LENGTH:
        raise InvalidValue(
            f"too long for an account id ({len(value)} characters; at most {MAX_LENGTH})", raw)
    valid = iban_valid(value)
    return Normalized(value, {} if valid is None else {"iban_valid": valid})
