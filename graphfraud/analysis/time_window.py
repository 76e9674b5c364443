"""When an edge can have happened: its time, or the whole day when the file gave only the date.

A bank statement's ``Ngày GD`` or a report's ``16/03/2024`` says the day, not the time: the load
reads it as 00:00 and marks the edge ``time_precision: day`` (see
:func:`graphfraud.normalize.timestamp.has_time_of_day`). Comparing that 00:00 with a time of day
from another file would put a payment made that afternoon before a call made that morning. So the
analyses that order events from different files ask for an edge's earliest and latest possible
time instead of its ``ts``.

>>> from graphfraud.store.base import Edge
>>> e = Edge("1", "transfer", ("account", "a"), ("account", "b"), 1710522000, "5", {"time_precision": "day"})
>>> window(e)
(1710522000, 1710608399)
>>> window(Edge("2", "call", ("phone", "a"), ("phone", "b"), 1710560000, None, {}))
(1710560000, 1710560000)
"""

from __future__ import annotations

DAY_S = 86400


def day_only(e) -> bool:
    """Whether the edge's file gave its date without the time of day."""
    return (e.props or {}).get("time_precision") == "day"


def window(e) -> tuple[int, int]:
    """``(earliest, latest)`` epoch seconds the edge can have happened at (its ``ts`` must be set)."""
    t = int(e.ts)
    return (t, t + DAY_S - 1) if day_only(e) else (t, t)
