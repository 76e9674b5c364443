"""The way a statement row's money went: out of the account (a debit) or into it (a credit).

A statement with one amount column says the way of each row in another column,
in words or letters (``Nợ`` / ``Có``, ``D`` / ``C``, ``DR`` / ``CR``, ``Debit`` /
``Credit``, ``out`` / ``in``, ``Rút`` / ``Nạp``) or in signs (``-`` / ``+``).
Accents, case and spacing are folded before comparing.

>>> way("Có"), way(" DR "), way("-"), way("in"), way("NAPAS 247"), way(None)
(-1, 1, 1, -1, None, None)
>>> is_way_column(["in", "out", "in"]), is_way_column(["in", "Internal"]), is_way_column([])
(True, False, False)
"""

from __future__ import annotations

from collections.abc import Iterable

from graphfraud.normalize.base import fold

__all__ = ["IN_MARKERS", "OUT_MARKERS", "is_way_column", "way"]

OUT_MARKERS = frozenset({"d", "dr", "debit", "no", "ghi no", "chi", "rut", "rut tien", "tien ra", "out",
                         "withdrawal", "-"})
IN_MARKERS = frozenset({"c", "cr", "credit", "co", "ghi co", "thu", "nap", "nap tien", "tien vao", "in",
                        "deposit", "+"})
_DASHES = frozenset("-–—")


def way(raw: object) -> int | None:
    """``1`` out of the account, ``-1`` into it, None when the cell is empty or says neither."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text:
        return None
    if text in _DASHES or fold(text) in OUT_MARKERS:
        return 1
    if text == "+" or fold(text) in IN_MARKERS:
        return -1
    return None


def is_way_column(values: Iterable[object]) -> bool:
    """True when a column's cells (a sample of them) all say a way and at least one is filled: a column
    whose header only may name the way (``transferType``, ``Loại giao dịch``) is read as one then."""
    filled = [v for v in values if v is not None and str(v).strip()]
    return bool(filled) and all(way(v) is not None for v in filled)
