"""Person names: kept as written (NFC, whitespace collapsed), with a folded match key.

Names are evidence: the value keeps the spelling of the source (case and
accents included) after Unicode NFC and whitespace collapsing, so "NA" stays
"NA" and "NGUYỄN VĂN A" stays upper case. To compare names, use
:func:`name_key` (accents, case and punctuation folded), also given as
``props["key"]``. Cells without any letter are rejected.

>>> normalize("  NGUYỄN   VĂN  A ")
Normalized(value='NGUYỄN VĂN A', props={'key': 'nguyen van a'})
>>> name_key("Nguyễn Văn A") == name_key("NGUYEN VAN A") == name_key("nguyễn văn a")
True
>>> normalize("NA").value
'NA'
>>> normalize("12345")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: not a name: it has no letters
"""

from __future__ import annotations

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, fold, required_text

__all__ = ["normalize", "name_key"]


def name_key(name: str) -> str:
    """The key names are matched on: :func:`~graphfraud.normalize.base.fold` of the name."""
    return fold(name)


def normalize(raw: object) -> Normalized:
    """Normalise a person's name (spelling kept; ``props["key"]`` for matching)."""
    text = required_text(raw, "name")
    text = " ".join(text.split())
    if not any(c.isalpha() for c in text):
        raise InvalidValue("not a name: it has no letters", raw)
    return Normalized(text, {"key": name_key(text)})
