"""The time zone of times a file writes without one.

graphfraud reads a time that names no zone (``01/03/2024 03:00``) as Vietnam time. A file written
elsewhere, or a server's log kept in UTC, means another zone: ``load --timezone UTC`` (an IANA name
such as ``Asia/Bangkok``, or an offset such as ``+00:00``) reads its times so. A time that writes its
own offset (``2024-03-01T03:00:00Z``), an epoch number and a date without a time of day (a day is a
day wherever it was written) are read as before.

>>> zone("+00:00").utcoffset(None), zone("UTC").utcoffset(None)
(datetime.timedelta(0), datetime.timedelta(0))
>>> from graphfraud.normalize.timestamp import normalize
>>> epoch = normalize("01/03/2024 03:00").props["epoch"]
>>> rezoned(epoch, "01/03/2024 03:00", zone("UTC")) - epoch
25200
>>> rezoned(epoch, "2024-03-01T03:00:00+07:00", zone("UTC")) == epoch
True
>>> rezoned(epoch, "01/03/2024", zone("UTC")) == epoch
True
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from graphfraud.errors import InvalidValue
from graphfraud.normalize.timestamp import LOCAL_TZ, has_time_of_day

__all__ = ["rezoned", "zone"]

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_WRITTEN_ZONE = re.compile(r"(?:Z|[+-]\d{2}(?::?\d{2})?|\b(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)\s*$",
                           re.IGNORECASE)
_NUMBER = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")


def zone(text: str) -> tzinfo:
    """A time zone from its IANA name (``Asia/Bangkok``, ``UTC``) or an offset (``+00:00``, ``-5``,
    ``UTC+7``); InvalidValue for anything else."""
    name = (text or "").strip()
    if name.upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    m = _OFFSET.fullmatch(name)
    if m:
        sign, hours, minutes = m.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta > timedelta(hours=14):
            raise InvalidValue(f"not a time zone: {name!r} is more than 14 hours from UTC", text)
        return timezone(-delta if sign == "-" else delta)
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover - Python without zoneinfo
        raise InvalidValue(f"not a time zone: {name!r} (write an offset such as +00:00)", text) from None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(f"not a time zone: {name!r} (an IANA name such as Asia/Bangkok or UTC, or an offset "
                           "such as +00:00)", text) from None


def rezoned(epoch: int, raw: object, tz: tzinfo) -> int:
    """``epoch``, read from ``raw`` as Vietnam time, read again as the wall time of zone ``tz`` where
    ``raw`` writes a time of day and no zone of its own; else ``epoch`` unchanged."""
    text = raw if isinstance(raw, str) else ""
    if not text or _NUMBER.match(text) or _WRITTEN_ZONE.search(text) or not has_time_of_day(text):
        return epoch
    wall = datetime.fromtimestamp(epoch, LOCAL_TZ).replace(tzinfo=None)
    return int(wall.replace(tzinfo=tz).timestamp())
