"""The order of a date column's day and month: Vietnamese files write the day first, exports made in
the United States (and files saved again by a spreadsheet in that locale) the month first.

graphfraud reads ``n/n/yyyy`` day first. A column whose own cells show that it writes the month
first (:func:`month_first_column`) is read with each date's day and month swapped back
(:func:`day_first_text`), and the load says so in its note.
"""

from __future__ import annotations

import re

__all__ = ["day_first_text", "month_first_column"]


_NUMERIC_DATE = re.compile(r"^(\s*)(\d{1,2})([/.-])(\d{1,2})\3(\d{4})(?!\d)(.*)$", re.DOTALL)
MONTH_FIRST_MIN_SHARE = 0.1   # of a column's distinct n/n/yyyy dates that must be month-first only


def month_first_column(values) -> bool:
    """True when a column writes its ``n/n/yyyy`` dates month first (``4/11/2023 16:29`` for 11 April,
    as exports made in the United States do): at least two distinct cells, and a tenth of its distinct
    numeric dates, can only be month-first (``6/27/2023``), and none can only be day-first
    (``27/06/2023``). One such cell in a day-first column is a typo, and stays a reject.

    >>> month_first_column(["4/11/2023 16:29", "6/27/2023 16:44", "7/13/2023", "1/2/2023"])
    True
    >>> month_first_column(["04/11/2023", "27/06/2023", "6/27/2023", "7/13/2023"])
    False
    >>> month_first_column(["01/03/2024", "02/03/2024", "05/13/2024"])
    False
    """
    distinct = {v for v in values if isinstance(v, str)}
    month_only = day_only = numeric = 0
    for v in distinct:
        m = _NUMERIC_DATE.match(v)
        if not m:
            continue
        numeric += 1
        a, b = int(m.group(2)), int(m.group(4))
        month_only += a <= 12 < b
        day_only += b <= 12 < a
    return day_only == 0 and month_only >= max(2, MONTH_FIRST_MIN_SHARE * numeric)


def day_first_text(raw):
    """``raw`` with the day and month of its leading ``n/n/yyyy`` date swapped (a month-first date
    written day first, as graphfraud reads dates); other values unchanged.

    >>> day_first_text("4/11/2023 16:29"), day_first_text("2023-04-11"), day_first_text(None)
    ('11/4/2023 16:29', '2023-04-11', None)
    """
    if not isinstance(raw, str):
        return raw
    m = _NUMERIC_DATE.match(raw)
    if not m:
        return raw
    lead, a, sep, b, y, rest = m.groups()
    return f"{lead}{b}{sep}{a}{sep}{y}{rest}"

