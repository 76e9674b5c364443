"""Shared pieces of the normalisers: the result type, cell cleaning and folding.

Every normaliser takes one raw cell and returns a :class:`Normalized` (the
canonical ``value`` plus extra facts in ``props``) or raises
:class:`~graphfraud.errors.InvalidValue` with a short reason a user understands.

>>> Normalized("VCB")
Normalized(value='VCB', props={})
>>> clean_text("  \\u00a0'0912 345 678\\u200b ")
'0912 345 678'
>>> clean_text('"Nguyễn Văn A"')
'Nguyễn Văn A'
>>> clean_text("NA"), clean_text("NULL")    # never treated as missing
('NA', 'NULL')
>>> clean_text("   ") is None, clean_text(float("nan")) is None, clean_text(None) is None
(True, True, True)
>>> is_missing(""), is_missing("N/A"), is_missing(0)
(True, False, False)
>>> required_text(" ", "phone number")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: empty phone number
>>> folded_text(" Việt  Nam "), folded_text("--")
('viet nam', None)
>>> fold("Số Tài Khoản"), fold("ĐỖ  Văn_Đức"), fold("SO_TAI-KHOAN")
('so tai khoan', 'do van duc', 'so tai khoan')
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from graphfraud.errors import InvalidValue

__all__ = ["Normalized", "clean_text", "required_text", "folded_text", "identifier_text", "is_missing", "fold", "unaccented",
           "spelling_index", "SPREADSHEET_NUMBER_RE", "refuse_spreadsheet_number"]


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised value: ``value`` is the canonical text, ``props`` extra facts."""

    value: str
    props: dict = field(default_factory=dict)


# Invisible characters removed everywhere (zero-width space/joiners, word joiner,
# byte-order mark, soft hyphen, and the bidi marks, embeddings, overrides and isolates that
# make "\u202e4433221100" show as 0011223344), and exotic spaces turned into a plain space.
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e" + _BIDI
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CLEAN_TABLE = str.maketrans({**{c: None for c in _INVISIBLE}, **{c: " " for c in _SPACES}})
# Quote pairs that may wrap a whole cell.
_QUOTE_PAIRS = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb",
                "\u201d": "\u201d", "\u2019": "\u2019", "`": "`"}

# A number as a spreadsheet prints it after converting a text column to numbers:
# "912345678.0", "9.12345678E8", "1.23457E+15", "9,12345678E+08".
SPREADSHEET_NUMBER_RE = re.compile(r"[+-]?\d+[.,]0+|[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")


def _is_nan(raw: object) -> bool:
    if isinstance(raw, float):
        return math.isnan(raw)
    name = type(raw).__name__
    if name in ("NAType", "NaTType"):  # pandas.NA / pandas.NaT, without importing pandas
        return True
    if name in ("float32", "float64", "float16"):  # numpy scalars
        try:
            return math.isnan(float(raw))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    return False


def clean_text(raw: object) -> str | None:
    """The text of a raw cell, or ``None`` when the cell is empty.

    ``str()`` of the cell, Unicode NFC, invisible characters removed, exotic
    spaces made plain, surrounding whitespace and surrounding quotes removed, and
    a leading apostrophe (a spreadsheet's "this is text" marker) dropped. Missing
    means only ``None``, NaN (also pandas NA/NaT) or empty/whitespace: the words
    "NA", "NULL", "N/A", "None" are kept (a holder may be named "NA").
    """
    if raw is None or _is_nan(raw):
        return None
    text = raw if isinstance(raw, str) else str(raw)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_CLEAN_TABLE)
    text = text.strip()
    while text:
        if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
            text = text[1:-1].strip()
        elif text[0] == "'" and len(text) > 1:
            text = text[1:].strip()
        else:
            break
    return text or None


def required_text(raw: object, what: str) -> str:
    """The text of a cell that must hold a value: :func:`clean_text`, an empty cell refused as
    ``empty <what>``."""
    text = clean_text(raw)
    if text is None:
        raise InvalidValue(f"empty {what}", raw)
    return text


def identifier_text(text: str) -> str:
    """A cleaned identifier with compatibility forms folded (NFKC): fullwidth digits and letters
    (``０１２３``, ``ＶＶ``) become ASCII, as phone numbers already read them."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def is_missing(raw: object) -> bool:
    """True only for ``None``, NaN, or an empty/whitespace cell."""
    return clean_text(raw) is None


_FOLD_TABLE = {0x0111: "d", 0x0110: "d", 0x00F0: "d", 0x0131: "i", 0x00F8: "o", 0x0142: "l"}  # đ Đ ð ı ø ł
_NON_WORD_RE = re.compile(r"[\W_]+")
_MARKS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Accent-, case-, space- and punctuation-folded text, for matching.

    Vietnamese marks are dropped (đ→d), letters case-folded, compatibility forms
    made plain (full-width ``ＶＣＢ`` → ``vcb``), every run of punctuation,
    underscores or spaces becomes one space.
    """
    if text.isascii():
        return _NON_WORD_RE.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    bare = _MARKS_RE.sub("", decomposed).translate(_FOLD_TABLE)
    if not bare.isascii():  # other scripts: drop any remaining combining mark
        bare = "".join(c for c in bare if not unicodedata.combining(c))
    return _NON_WORD_RE.sub(" ", bare).strip()


def unaccented(text: str) -> str:
    """Lower case without Vietnamese marks (đ → d), every other character kept, for patterns that need
    the punctuation :func:`fold` drops: ``Ngày 05/03`` → ``ngay 05/03``, ``TK:0011-22`` → ``tk:0011-22``.

    >>> unaccented("Chuyển tiền tới TK: 0011-22")
    'chuyen tien toi tk: 0011-22'
    """
    if text.isascii():
        return text.lower()
    bare = _MARKS_RE.sub("", unicodedata.normalize("NFKD", text).casefold()).translate(_FOLD_TABLE)
    return unicodedata.normalize("NFC", bare)


def folded_text(raw: object) -> str | None:
    """A cell's text folded for matching (:func:`fold`), or ``None`` when nothing is left of it."""
    text = clean_text(raw)
    return (fold(text) or None) if text is not None else None


def spelling_index(spellings: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A lookup table folded key -> name from a table name -> its spellings, written as people write
    them (``{"VN": ("Việt Nam", "Vietnam")}`` gives ``{"viet nam": "VN", "vietnam": "VN"}``); two names
    sharing a spelling is a mistake in the table (ValueError)."""
    index: dict[str, str] = {}
    for name, texts in spellings.items():
        for text in texts:
            key = fold(text)
            if index.setdefault(key, name) != name:
                raise ValueError(f"{text!r} spells both {index[key]} and {name}")
    return index


def refuse_spreadsheet_number(text: str, raw: object, pattern: "re.Pattern[str]" = SPREADSHEET_NUMBER_RE) -> None:
    """Reject a value a spreadsheet turned into a number: its digits may be gone, so never guess."""
    if pattern.fullmatch(text):
        raise InvalidValue(
            f"looks like a number a spreadsheet converted ({text}); fix the source column as text", raw)
