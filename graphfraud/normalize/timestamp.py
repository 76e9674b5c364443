"""Timestamps → timezone-aware datetimes, ISO 8601 text and epoch seconds.

Accepted (dates are always read day first: ``01/02/2024`` is 1 February 2024):

* ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, each optionally followed by
  ``HH:MM``, ``HH:MM:SS`` or ``HH:MM:SS.ffffff`` (also ``10h30``), optionally
  ``AM``/``PM`` or Vietnamese ``SA``/``CH`` (12-hour clock), optionally an offset;
  the time may also come first (``10:30:00 01/02/2024``);
* ``dd-Mon-yyyy`` / ``dd Mon yyyy`` with English month abbreviations (``01-Feb-2024``), and the
  Vietnamese short month ``10 Thg 9 2024``;
* any of these after a weekday (``Thứ Ba, 10/09/2024``, ``T3 …``, ``CN …``, ``Tue, 10 Sep 2024 …``),
  which must be the date's own (else a reject: one of the two is wrong);
* ``yyyy-mm-dd`` (also ``/`` or ``.``), ``yyyy-mm-dd HH:MM[:SS[.f]]`` and ISO 8601
  with ``T``, with an offset (``+07:00``, ``+0700``, ``+07``), ``Z``, ``UTC`` or ``GMT``;
* compact ``yyyymmdd``, ``yyyymmddHHMM``, ``yyyymmddHHMMSS``;
* epoch seconds (10 digits, optionally with a fraction) and epoch milliseconds (13 digits);
* a spreadsheet's serial date: a number from 36526 to 73415 (1 January 2000 to
  31 December 2100 in the 1900 date system of Excel, LibreOffice and Google Sheets:
  ``45545`` is 10 September 2024, ``45545.5`` noon that day), Vietnam time; a
  date written so in a CSV column is read, not taken for a step;
* a simulator step: an integer below 36526 (``1`` .. ``36525``, also ``5.0``),
  meaning N days after 1970-01-01 00:00 UTC; ``normalize`` marks it ``step: True``.

Times without an offset are Vietnam time (``Asia/Ho_Chi_Minh``; a fixed +07:00
if the tz database is missing). Rejected, with a reason: impossible dates and
times, two-digit years (the century would be a guess), whole numbers of five
digits above the serial dates of 2100 (no step, no date) and other decimal numbers.

The ISO text keeps the offset that was written (UTC for epoch times and steps);
``props["epoch"]`` is the comparable instant.

>>> normalize("01/02/2024 13:45")
Normalized(value='2024-02-01T13:45:00+07:00', props={'epoch': 1706769900, 'step': False})
>>> normalize("2024-02-01T06:45:00Z").props["epoch"] == normalize("01/02/2024 13:45").props["epoch"]
True
>>> normalize("3")
Normalized(value='1970-01-04T00:00:00+00:00', props={'epoch': 259200, 'step': True})
>>> normalize("31/02/2024")
Traceback (most recent call last):
...
graphfraud.errors.InvalidValue: impossible date or time 31/02/2024 (there is no day 31 in month 2/2024; dates are read day first)
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from graphfraud.errors import InvalidValue
from graphfraud.normalize.base import Normalized, clean_text, required_text, unaccented

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["LOCAL_TZ", "SERIAL_FIRST", "SERIAL_LAST", "STEP_LIMIT", "ManyResult", "epoch_datetime", "format_epoch",
           "has_time_of_day", "is_serial_date", "normalize", "parse", "parse_many", "parse_timestamp", "to_epoch"]

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
except (ImportError, KeyError, OSError, ValueError):  # tz database missing (no system zoneinfo, no tzdata)
    LOCAL_TZ = timezone(timedelta(hours=7), "+07:00")

STEP_LIMIT = 100_000      # five digits at most: a step, or a serial date (below)
SERIAL_FIRST = 36_526     # a spreadsheet's serial date of 1 January 2000 (1900 date system) ...
SERIAL_LAST = 73_415      # ... and of 31 December 2100: below, a simulator's step
_SERIAL_ZERO = datetime(1899, 12, 30)   # day 0 of the 1900 date system, as spreadsheets count today
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SECOND = timedelta(seconds=1)

_OFFSET = r"(?P<off>\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)|\s*(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?)?"
_TIME = (r"(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
         r"(?:\s*(?P<ampm>AM|PM|SA|CH|am|pm|sa|ch|a\.m\.|p\.m\.))?")
_DMY_RE = re.compile(rf"(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{2,4}})"
                     rf"(?:(?:\s+|T|,\s*){_TIME}{_OFFSET})?")
_TIME_FIRST_RE = re.compile(rf"{_TIME}(?:\s+|,\s*)(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)"
                            rf"(?P<y>\d{{2,4}})")
_MON_RE = re.compile(rf"(?P<d>\d{{1,2}})[\s\-](?P<mon>[A-Za-z]{{3,9}})\.?[\s\-,]+(?P<y>\d{{4}})"
                     rf"(?:(?:\s+|T|,\s*|:){_TIME}{_OFFSET})?")
_YMD_RE = re.compile(rf"(?P<y>\d{{4}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
                     rf"(?:(?:\s+|T){_TIME}{_OFFSET})?")
_COMPACT_RE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?")
_EPOCH_FRACTION_RE = re.compile(r"(\d{10})\.(\d{1,6})")
_STEP_FLOAT_RE = re.compile(r"(\d{1,5})\.0+")
_SERIAL_RE = re.compile(r"(\d{5})(?:[.,](\d{1,12}))?")
_DECIMAL_RE = re.compile(r"\d+[.,]\d+")
_OFFSET_PARTS_RE = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?")
_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}


class ManyResult(NamedTuple):
    """Result of :func:`parse_many`, one entry per input value."""

    epoch: np.ndarray   # int64 epoch seconds (0 where error)
    iso: np.ndarray     # object: ISO 8601 text, None where error
    error: np.ndarray   # bool: True where the value was rejected (or missing)
    reason: np.ndarray  # object: the rejection reason, None where ok
    step: np.ndarray    # bool: True where the value was a step number
    serial: np.ndarray  # bool: True where the value was a spreadsheet's serial date


def to_epoch(dt: datetime) -> int:
    """Epoch seconds (floor) of a datetime; a naive datetime is taken as Vietnam time.

    >>> to_epoch(datetime(1970, 1, 1, 7, 0, 1, 500000, tzinfo=LOCAL_TZ)) if LOCAL_TZ.utcoffset(None) else 1
    1
    """
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LOCAL_TZ)
    return (dt - _EPOCH) // _SECOND


def epoch_datetime(epoch: int, tz: tzinfo | None = None) -> datetime:
    """The aware datetime of epoch seconds, in Vietnam time unless ``tz`` is given.

    >>> epoch_datetime(1706769900).isoformat() == format_epoch(1706769900)
    True
    """
    return (_EPOCH + timedelta(seconds=int(epoch))).astimezone(tz or LOCAL_TZ)


def format_epoch(epoch: int, tz: tzinfo | None = None) -> str:
    """ISO 8601 text of epoch seconds, in Vietnam time unless ``tz`` is given (for display).

    >>> format_epoch(1706769900)
    '2024-02-01T13:45:00+07:00'
    >>> format_epoch(0, timezone.utc)
    '1970-01-01T00:00:00+00:00'
    """
    return epoch_datetime(epoch, tz).isoformat()


def _offset(text: str | None, raw: object) -> tzinfo:
    if not text:
        return LOCAL_TZ
    text = text.strip()
    if text in ("Z", "UTC", "GMT"):
        return timezone.utc
    m = _OFFSET_PARTS_RE.fullmatch(text)
    if m is None:
        raise InvalidValue(f"not a valid time zone offset ({text})", raw)
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if int(m.group(3) or 0) >= 60 or minutes >= 24 * 60:
        raise InvalidValue(f"not a valid time zone offset ({text})", raw)
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def _build(raw: object, y: str, mo: int, d: str, g: dict, tz: tzinfo | None = None) -> datetime:
    if len(y) != 4:
        what = "two-digit year" if len(y) == 2 else "year"
        raise InvalidValue(f"{what} ({y}): write the year with four digits", raw)
    hour = int(g.get("H") or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidValue(f"impossible time: hour {hour} with {ampm.upper()}", raw)
        hour = hour % 12 + (12 if ampm in ("pm", "ch") else 0)
    frac = g.get("F") or ""
    micro = int(frac[:6].ljust(6, "0")) if frac else 0
    minute, second = int(g.get("M") or 0), int(g.get("S") or 0)
    try:
        naive = datetime(int(y), mo, int(d), hour, minute, second, micro)
    except ValueError:
        if not 1 <= mo <= 12:
            detail = f"there is no month {mo}"
        elif not 1 <= int(y):
            detail = "there is no year 0"
        elif hour > 23 or minute > 59 or second > 59:
            detail = f"there is no time {hour:02d}:{minute:02d}:{second:02d}"
        else:
            detail = f"there is no day {int(d)} in month {mo}/{int(y)}"
        raise InvalidValue(
            f"impossible date or time {clean_text(raw)} ({detail}; dates are read day first)", raw) from None
    return naive.replace(tzinfo=tz if tz is not None else _offset(g.get("off"), raw))


_VI_DATE_RE = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*(?:thang|thg)\.?\s*(\d{1,2})\s*(?:nam\s*|[/,]\s*|\s+)(\d{4})")
# a weekday before the date ("Thứ Ba, 10/09/2024", "CN 08/09/2024", "Tue, 10 Sep 2024 13:05:00 +0700"):
# Monday is 0, as datetime.weekday() counts
_VI_WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3, "sau": 4, "6": 4,
                "bay": 5, "7": 5}   # chủ nhật (CN) is Sunday, 6
_EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_VI_WEEKDAY_RE = re.compile(r"(?:thu\s*(?P<d>hai|ba|tu|nam|sau|bay|[2-7])|t(?P<t>[2-7])|(?P<s>chu\s*nhat|cn))"
                            r"\s*,?\s+(?P<rest>\d.*)")
_EN_WEEKDAY_RE = re.compile(r"(?P<d>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday|s|rs?)?\.?\s*,?\s+"
                            r"(?P<rest>[a-z\d].*)")
_VI_DAY_RE = re.compile(r"ngay\s*(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})")
_VI_TIME_RE = re.compile(r"(?:luc\s*)?(\d{1,2})\s*(?:gio|g|h|:)\s*(\d{1,2})?\s*(?:phut|p)?\s*(sang|trua|chieu|toi)?")
_MON_FIRST_RE = re.compile(r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(.*))?")


def _written_out(text: str) -> str | None:
    """A date written in words as ``dd/mm/yyyy [HH:MM]`` (or ``d Mon yyyy …``), else None.

    >>> _written_out("9 giờ 30 phút sáng ngày 05 tháng 3 năm 2024")
    '9:30 05/03/2024'
    >>> _written_out("Ngày 05/03/2024 lúc 14h05"), _written_out("2 giờ chiều ngày 5/3/2024")
    ('14:05 05/03/2024', '14:00 05/03/2024')
    >>> _written_out("March 5, 2024 9:30")
    '5 march 2024 9:30'
    """
    if not any(c.isalpha() for c in text):
        return None
    low = " ".join(unaccented(text).split())
    m = _MON_FIRST_RE.fullmatch(low)
    if m is not None and m.group(1) in _MONTHS:
        return f"{m.group(2)} {m.group(1)} {m.group(3)}" + (f" {m.group(4)}" if m.group(4) else "")
    date = _VI_DATE_RE.search(low)
    if date is not None:
        day = f"{int(date.group(1)):02d}/{int(date.group(2)):02d}/{date.group(3)}"
    else:
        date = _VI_DAY_RE.search(low)
        if date is None:
            return None
        d, mo, y = re.split(r"[/.\-]", date.group(1))
        day = f"{int(d):02d}/{int(mo):02d}/{y}"
    rest = (low[:date.start()] + " " + low[date.end():]).strip()
    if not rest:
        return day
    t = _VI_TIME_RE.fullmatch(rest)
    if t is None:
        return None
    hour, minute = int(t.group(1)), int(t.group(2) or 0)
    if t.group(3) in ("chieu", "toi") and hour < 12:
        hour += 12
    return f"{hour}:{minute:02d} {day}"


def is_serial_date(raw: object) -> bool:
    """Whether a cell is a spreadsheet's serial date (``45545``, ``45545.5``): five digits from
    :data:`SERIAL_FIRST` to :data:`SERIAL_LAST`, optionally a fraction of the day.

    >>> [is_serial_date(x) for x in ("45545", "45545.25", "45545,5", "3", "99999", "1725901200", None)]
    [True, True, True, False, False, False, False]
    """
    return _serial_match(clean_text(raw) if raw is not None else None) is not None


def _serial_match(text: str | None) -> re.Match | None:
    """The match of a serial date's day number (group 1) and fraction (group 2), or None."""
    m = _SERIAL_RE.fullmatch(text) if text else None
    return m if m is not None and SERIAL_FIRST <= int(m.group(1)) <= SERIAL_LAST else None


def _serial(m: re.Match) -> datetime:
    """A spreadsheet's serial date (see :func:`is_serial_date`), Vietnam time, to the second."""
    fraction = float("0." + m.group(2)) if m.group(2) else 0.0
    naive = _SERIAL_ZERO + timedelta(days=int(m.group(1)), seconds=round(fraction * 86400))
    return naive.replace(tzinfo=LOCAL_TZ)


def _weekdays(text: str) -> list[tuple[str, int]]:
    """The readings of a weekday written before the date: ``(the rest of the text, weekday)`` with
    Monday 0; Vietnamese first ("Thứ 3, …", "T3 …", "CN …"), then English ("Tue, …", "Thursday …")."""
    written = " ".join(text.split())
    low = " ".join(unaccented(text).lower().split())
    # the rest as written (``GMT``, ``Z`` keep their case) where folding kept every position
    folded = written if len(written) == len(low) else low
    out = []
    m = _VI_WEEKDAY_RE.fullmatch(low)
    if m is not None:
        out.append((folded[m.start("rest"):], _VI_WEEKDAYS[m["d"] or m["t"]] if m["d"] or m["t"] else 6))
    m = _EN_WEEKDAY_RE.fullmatch(low)
    if m is not None:
        out.append((folded[m.start("rest"):], _EN_WEEKDAYS.index(m["d"])))
    return out


def parse(raw: object) -> tuple[datetime, bool]:
    """``(timezone-aware datetime, is_step)`` for one timestamp; raises InvalidValue. A weekday
    written before the date must be the date's own."""
    text = required_text(raw, "timestamp")
    readings = _weekdays(text) if text[:1].isalpha() else []
    if not readings:
        return _parse(raw, text)
    for rest, weekday in readings:
        try:
            dt, step = _parse(raw, rest)
        except InvalidValue:
            continue
        if dt.weekday() != weekday:
            names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
            raise InvalidValue(f"the weekday written ({names[weekday]}) is not that of the date "
                               f"({names[dt.weekday()]} {dt:%d/%m/%Y}): one of them is wrong", raw)
        return dt, step
    return _parse(raw, text)


def _parse(raw: object, text: str) -> tuple[datetime, bool]:
    serial = _serial_match(text)
    if serial is not None:
        return _serial(serial), False
    if text.isdigit() and text.isascii():
        n = len(text)
        if n <= 5:
            if int(text) > SERIAL_LAST:
                raise InvalidValue(f"a {n}-digit number after the serial dates of 2100 ({SERIAL_LAST}) is neither "
                                   f"a date nor a step number (below {SERIAL_FIRST})", raw)
            return _EPOCH + timedelta(days=int(text)), True
        if n == 10:
            return _EPOCH + timedelta(seconds=int(text)), False
        if n == 13:
            return _EPOCH + timedelta(milliseconds=int(text)), False
        m = _COMPACT_RE.fullmatch(text)
        if m is not None:
            g = m.groupdict()
            return _build(raw, g["y"], int(g["m"]), g["d"], g), False
        raise InvalidValue(
            f"a {n}-digit number is neither a date (yyyymmdd), an epoch time (10 or 13 digits) "
            f"nor a step number (below {STEP_LIMIT})", raw)
    m = _STEP_FLOAT_RE.fullmatch(text)
    if m is not None and int(m.group(1)) <= SERIAL_LAST:
        return _EPOCH + timedelta(days=int(m.group(1))), True
    m = _EPOCH_FRACTION_RE.fullmatch(text)
    if m is not None:
        micro = int(m.group(2).ljust(6, "0"))
        return _EPOCH + timedelta(seconds=int(m.group(1)), microseconds=micro), False
    if _DECIMAL_RE.fullmatch(text):
        raise InvalidValue(
            f"a decimal number ({text}) is no date: a spreadsheet's serial dates run from {SERIAL_FIRST} "
            f"(2000) to {SERIAL_LAST} (2100); format the column as a date or text", raw)
    text = _written_out(text) or text
    for regex in (_DMY_RE, _YMD_RE, _TIME_FIRST_RE):
        m = regex.fullmatch(text)
        if m is not None:
            g = m.groupdict()
            return _build(raw, g["y"], int(g["m"]), g["d"], g), False
    m = _MON_RE.fullmatch(text)
    if m is not None:
        g = m.groupdict()
        month = _MONTHS.get(g["mon"].lower())
        if month is None:
            raise InvalidValue(f"unknown month name {g['mon']!r}", raw)
        return _build(raw, g["y"], month, g["d"], g), False
    if re.fullmatch(r"\d{1,2}[:h]\d{2}(?::\d{2})?", text):
        raise InvalidValue("a time without a date", raw)
    raise InvalidValue("not a date/time in a known format (use dd/mm/yyyy HH:MM:SS or ISO 8601)", raw)


def parse_timestamp(raw: object) -> datetime:
    """Parse one timestamp to a timezone-aware datetime (see the module doc for formats)."""
    return parse(raw)[0]


_CLOCK_RE = re.compile(r"\d{1,2}\s*[:hH]\s*\d{2}")


def has_time_of_day(raw: object) -> bool:
    """Whether a timestamp's text says the time of day, not only the date.

    A statement's ``Ngày GD`` or a report's ``16/03/2024`` says the day: it is read as 00:00 that
    day, but the event may have happened at any time of it. Epoch numbers and compact texts with
    hours say the time; a simulator step says neither (False).

    >>> [has_time_of_day(x) for x in ("16/03/2024", "16/03/2024 10:30", "2024-03-16T10:30:00Z",
    ...                               "ngày 16 tháng 3 năm 2024", "14h05 ngày 16/03/2024", "1710560000",
    ...                               "20240316", "202403161030", "12", "1710560000.25", "45545", "45545.5")]
    [False, True, True, False, True, True, False, True, False, True, False, True]
    """
    text = clean_text(raw) if raw is not None else ""
    serial = _serial_match(text)
    if serial is not None:   # a spreadsheet's date; its fraction, if any, is the time of day
        return bool(serial.group(2)) and int(serial.group(2)) > 0
    if text.isdigit() and text.isascii():
        return len(text) in (10, 13) or len(text) > 8
    if _EPOCH_FRACTION_RE.fullmatch(text):
        return True
    return bool(_CLOCK_RE.search(_written_out(text) or text))


def normalize(raw: object) -> Normalized:
    """Normalise a timestamp: ISO 8601 text with offset; ``props``: ``epoch`` (int), ``step`` (bool)."""
    dt, step = parse(raw)
    return Normalized(dt.isoformat(), {"epoch": to_epoch(dt), "step": step})


def parse_many(values) -> ManyResult:
    """Parse many timestamps at once (a pandas Series or any sequence).

    Fixed-width common formats (``dd/mm/yyyy HH:MM[:SS]`` with ``/``, ``-`` or
    ``.``, ISO 8601 with or without offset), steps and epoch numbers are parsed
    with numpy on the distinct values; every other value falls back to
    :func:`parse`. Results are identical to :func:`normalize` value by value:
    ``iso[i] == normalize(values[i]).value`` and ``epoch[i]`` its ``epoch``.
    Missing values are errors with reason "empty timestamp".
    """
    import numpy as np
    import pandas as pd

    from graphfraud.normalize.timestamp_vector import vector_parse

    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniq = uniques.tolist()
    texts = [u if type(u) is str else None for u in uniq]
    ok, epoch, iso, step = vector_parse(texts)
    reason = np.empty(len(uniq), dtype=object)
    serial = np.zeros(len(uniq), dtype=bool)   # never parsed by the vectorised path: checked here
    for i in np.flatnonzero(~ok):
        try:
            dt, is_step = parse(uniq[i])
        except InvalidValue as exc:
            reason[i] = exc.reason
            continue
        epoch[i], iso[i], step[i], ok[i] = to_epoch(dt), dt.isoformat(), is_step, True
        serial[i] = is_serial_date(uniq[i])

    missing = codes < 0
    take = np.where(missing, 0, codes)
    if not uniq:  # every value missing (or no values)
        ok, epoch, iso, step, reason, serial = (np.zeros(1, bool), np.zeros(1, np.int64), np.empty(1, object),
                                                np.zeros(1, bool), np.empty(1, object), np.zeros(1, bool))
    out_ok = ok[take] & ~missing
    out_epoch = np.where(out_ok, epoch[take], 0).astype(np.int64)
    out_iso = iso[take]
    out_iso[~out_ok] = None
    out_reason = reason[take]
    out_reason[out_ok] = None
    out_reason[missing] = "empty timestamp"
    return ManyResult(out_epoch, out_iso, ~out_ok, out_reason, step[take] & out_ok, serial[take] & out_ok)

