"""Dates a spreadsheet turned round: a day-first text date it stored month-first.

A spreadsheet set to a month-first locale (United States English, the default of many installs)
reads ``10/09/2024`` typed or pasted into a cell as 9 October 2024 and stores a date, while
``13/09/2024`` (there is no month 13) stays text. A column of a Vietnamese statement then holds
day-first text dates and a few date cells whose day and month are swapped; read as stored, a
transfer of 10 September would be dated 9 October.

Such a cell is read the other way round only when its own column says so:

* the column's text dates are day-first: at least one has a day above 12;
* the cell's day is 12 or less and differs from its month (else both readings are one date);
* the dates written as text nearest above and below it (the rows of an export run in time) hold
  its swapped reading, a day either side, and not its stored one.

A date cell in a column of dates, or one whose stored reading fits the rows around it, is read as
stored. A cell read the other way keeps its time of day, if it has one other than the midnight a
spreadsheet gives every date; each is listed (row, column, as stored, as read) for the load's note.

>>> rows = [(7, {1: "10/09/2024"}), (8, {1: "2024-10-09 00:00:00"}), (9, {1: "13/09/2024"})]
>>> turn_back(rows, {(8, 1)})
[(8, 0, '2024-10-09 00:00:00', '2024-09-10')]
>>> rows[1][1][1]
'2024-09-10'
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

__all__ = ["turn_back"]

_DAY_FIRST = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_STORED = re.compile(r"(\d{4})-(\d{2})-(\d{2})(.*)", re.DOTALL)
_SLACK = timedelta(days=1)


def _text_date(text: str) -> tuple[date, bool] | None:
    """A day-first text date and whether its day is above 12 (so it cannot be month-first)."""
    m = _DAY_FIRST.match(text.replace("\xa0", " "))
    if not m:
        return None
    d, mo, y = (int(x) for x in m.groups())
    try:
        return date(y, mo, d), d > 12
    except ValueError:
        return None


def _column_turned(rows: list, dated: set, col: int) -> list[tuple[int, int, str, str]]:
    texts: list[tuple[int, date]] = []
    day_first = False
    for i, (n, cells) in enumerate(rows):
        if (n, col) not in dated and col in cells:
            got = _text_date(cells[col])
            if got:
                texts.append((i, got[0]))
                day_first |= got[1]
    if not day_first:
        return []
    where = [i for i, _ in texts]
    out = []
    for i, (n, cells) in enumerate(rows):
        m = _STORED.fullmatch(cells.get(col, "")) if (n, col) in dated else None
        if not m:
            continue
        y, mo, d, rest = int(m[1]), int(m[2]), int(m[3]), m[4]
        if d > 12 or d == mo:
            continue
        k = bisect.bisect(where, i)
        near = [texts[j][1] for j in (k - 1, k) if 0 <= j < len(texts)]
        if not near:
            continue
        lo, hi = min(near) - _SLACK, max(near) + _SLACK
        stored, swapped = date(y, mo, d), date(y, d, mo)
        if lo <= swapped <= hi and not lo <= stored <= hi:
            # the text it was typed as gave a day: a midnight the spreadsheet added is no time of day
            read = swapped.isoformat() + ("" if rest.strip() in ("", "00:00:00") else rest)
            out.append((n, col - 1, cells[col], read))
            cells[col] = read
    return out


def turn_back(rows: list, dated: set) -> list[tuple[int, int, str, str]]:
    """Read back the date cells of ``rows`` (``(row number, {column: text}, ...)``, columns from 1)
    that a spreadsheet turned round; ``dated`` holds the (row number, column) of the cells the
    workbook stores as dates. Changes the texts in place; returns ``(row, column index, as stored,
    as read)`` for each."""
    plain = [(r[0], r[1]) for r in rows]
    out: list[tuple[int, int, str, str]] = []
    for col in sorted({c for _, c in dated}):
        out += _column_turned(plain, dated, col)
    return out
