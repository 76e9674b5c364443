"""One subscriber's list of calls, as a carrier answers a request about one number: the other party
of each call and which way it went (``Hướng``: ``Gọi đi`` / ``Gọi đến``, ``MO`` / ``MT``,
``Outgoing`` / ``Incoming``; or those words in the call type column). Each row becomes the call from
caller to callee: the subscriber calls the other party when the call went out, the other way round
when it came in. The subscriber is a column, or a line above the table (``Số thuê bao: 0912 345 678``,
see :mod:`graphfraud.loaders.statement`). A row whose direction is neither is a reject with its value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graphfraud.facts_columns import _obj
from graphfraud.normalize.base import fold

if TYPE_CHECKING:
    from graphfraud.facts import _Builder

__all__ = ["IN_WORDS", "OUT_WORDS", "subscriber_calls"]

OUT_WORDS = frozenset({"mo", "moc", "di", "goi di", "cuoc goi di", "thoai di", "sms di", "tin nhan di", "out",
                       "outgoing", "outgoing call", "outbound", "originating", "orig", "o"})
IN_WORDS = frozenset({"mt", "mtc", "den", "goi den", "cuoc goi den", "thoai den", "sms den", "tin nhan den", "in",
                      "incoming", "incoming call", "inbound", "terminating", "term", "i"})
NO_DIRECTION = ("not a call direction (Gọi đi/Gọi đến, MO/MT, Outgoing/Incoming): the call is not stored")
NO_SUBSCRIBER = "no subscriber number for the row: the call is not stored"


def _way(cell: str | None) -> int:
    """+1 the call went out, -1 it came in, 0 neither (None: no cell)."""
    if cell is None:
        return 0
    f = fold(cell)
    return 1 if f in OUT_WORDS else -1 if f in IN_WORDS else 0


def subscriber_calls(b: _Builder):
    """(caller, callee, went out) per row of a subscriber's list of calls,
    the two numbers made nodes; rejects the rows whose direction cannot be read and the rows with no
    subscriber."""
    sub, sp = b.norm("subscriber", "phone")
    other, op = b.norm("other_party", "phone")
    field = "call_direction" if "call_direction" in b.col_of else "call_type"
    cells = b.raw(field)
    way = np.array([_way(c) for c in cells.tolist()], dtype=np.int8)
    b.reject_rows(way == 0, field, NO_DIRECTION)
    b.reject_rows((way != 0) & np.equal(sub, None) & np.equal(b.raw("subscriber"), None), "subscriber", NO_SUBSCRIBER)
    b.node("phone", sub, sp, "subscriber")
    b.node("phone", other, op, "other_party")
    sub, other = _obj(sub, b.n), _obj(other, b.n)
    caller = np.where(way > 0, sub, np.where(way < 0, other, None))
    callee = np.where(way > 0, other, np.where(way < 0, sub, None))
    return caller, callee, way > 0
