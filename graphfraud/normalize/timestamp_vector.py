"""The vectorised half of :func:`graphfraud.normalize.timestamp.parse_many`: fixed-width common
formats (``dd/mm/yyyy HH:MM[:SS]`` with ``/``, ``-`` or ``.``, ISO 8601 with or without offset),
steps and epoch numbers, parsed with numpy on code-point matrices. Whatever it does not parse is
left to :func:`graphfraud.normalize.timestamp.parse`; numpy is imported only when it runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from graphfraud.normalize.timestamp import LOCAL_TZ

# Vietnam has kept +07:00 since 13 June 1975; naive local times from 1976 on use a fixed offset.
_FIXED_FROM_YEAR = 1976
_WIDTH = 32  # longest text the vectorised path looks at


def _fixed_local_offset() -> int | None:
    """Seconds east of UTC if LOCAL_TZ is +07:00 in every sampled year from 1976 on, else None."""
    offsets = {datetime(y, mo, 1, 12, tzinfo=LOCAL_TZ).utcoffset()
               for y in (1976, 1990, 2000, 2024, 2050, 2100, 2500, 9000) for mo in (1, 7)}
    return 25200 if offsets == {timedelta(hours=7)} else None


_LOCAL_OFFSET = _fixed_local_offset()


def _templates() -> list[tuple[str, bool]]:
    """Fixed-width layouts parsed without regular expressions: (layout, day_first).

    Letters stand for digits (d m y H M S f = day month year hour minute second
    fraction; o/p = offset hours/minutes); ``±`` is a sign; other characters are literal.
    """
    out = []
    for sep in "/-.":
        for mid in " T":
            out += [(f"dd{sep}mm{sep}yyyy{mid}HH:MM:SS", True), (f"dd{sep}mm{sep}yyyy{mid}HH:MM", True)]
        out.append((f"dd{sep}mm{sep}yyyy", True))
    for mid in "T ":
        for secs in (":SS", ":SS.ffffff", ":SS.fff", ""):
            for off in ("", "Z", "±oo:pp"):
                out.append((f"yyyy-mm-dd{mid}HH:MM{secs}{off}", False))
    out.append(("yyyy-mm-dd", False))
    return out


_TEMPLATES = _templates()


def _civil_from_days(z):
    """(year, month, day) numpy arrays from days since 1970-01-01 (proleptic Gregorian)."""
    import numpy as np

    z = z + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return y + (m <= 2), m, d


def _days_from_civil(y, m, d):
    """Days since 1970-01-01 of proleptic Gregorian dates (numpy int64 arrays)."""
    import numpy as np

    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _valid_date(y, m, d):
    import numpy as np

    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)[np.clip(m, 0, 12)]
    dim = dim + ((m == 2) & leap)
    return (y >= 1) & (y <= 9999) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= dim)


def _field(digits, layout: str, letter: str):
    """The number made of the digit columns marked ``letter`` in ``layout`` (0 if none)."""
    import numpy as np

    value = np.zeros(digits.shape[0], dtype=np.int64)
    for i, c in enumerate(layout):
        if c == letter:
            value = value * 10 + digits[:, i]
    return value


def _iso_matrix(y, mo, d, hh, mi, ss, us, off):
    """ISO 8601 texts ``yyyy-mm-ddTHH:MM:SS[.ffffff]±HH:MM`` built as a code-point matrix."""
    import numpy as np

    n = len(y)
    out = np.zeros((n, _WIDTH), dtype=np.uint32)

    def put(col, value, width):
        for k in range(width):
            out[:, col + width - 1 - k] = 48 + (value // 10 ** k) % 10

    put(0, y, 4)
    out[:, 4] = out[:, 7] = ord("-")
    put(5, mo, 2)
    put(8, d, 2)
    out[:, 10] = ord("T")
    put(11, hh, 2)
    out[:, 13] = out[:, 16] = ord(":")
    put(14, mi, 2)
    put(17, ss, 2)
    frac = us != 0
    tail = np.zeros((n, 6), dtype=np.uint32)
    tail[:, 0] = np.where(off < 0, ord("-"), ord("+"))
    a = np.abs(off)
    for k, v in ((1, a // 36000), (2, a // 3600 % 10), (4, a % 3600 // 600), (5, a % 3600 // 60 % 10)):
        tail[:, k] = 48 + v
    tail[:, 3] = ord(":")
    plain = ~frac
    out[plain, 19:25] = tail[plain]
    if frac.any():
        out[frac, 19] = ord(".")
        f = us[frac]
        for k in range(6):
            out[frac, 25 - k] = 48 + (f // 10 ** k) % 10
        out[frac, 26:32] = tail[frac]
    return out.view(f"<U{_WIDTH}").reshape(n).astype(object)


_CHUNK = 1 << 17


def vector_parse(texts: list):
    """Vectorised parse of fixed-width common formats, steps and epoch numbers.

    Returns (ok mask, epoch, iso, step mask); rows not ok are left to :func:`parse`.
    Works in chunks to bound memory.
    """
    import numpy as np

    n = len(texts)
    ok = np.zeros(n, dtype=bool)
    epoch = np.zeros(n, dtype=np.int64)
    iso = np.empty(n, dtype=object)
    step = np.zeros(n, dtype=bool)
    for start in range(0, n, _CHUNK):
        part = slice(start, min(n, start + _CHUNK))
        _vector_chunk(texts[part], ok[part], epoch[part], iso[part], step[part])
    return ok, epoch, iso, step


def _vector_chunk(texts: list, ok, epoch, iso, step) -> None:
    import numpy as np

    n = len(texts)
    stripped = [t.strip() if t is not None else "" for t in texts]
    lens = np.fromiter(map(len, stripped), dtype=np.int64, count=n)
    usable = (lens > 0) & (lens <= _WIDTH)
    chars = np.array([t if len(t) <= _WIDTH else "" for t in stripped], dtype=f"<U{_WIDTH}")
    cp = chars.view(np.uint32).reshape(n, _WIDTH)
    is_digit = (cp - 48) < 10  # unsigned wrap-around: only '0'..'9' are below 10
    _digit_rows(cp, is_digit, lens, usable, ok, epoch, iso, step)
    for layout, day_first in _TEMPLATES:
        if day_first and _LOCAL_OFFSET is None:
            continue
        _template_rows(layout, cp, is_digit, lens, usable, ok, epoch, iso)


def _digit_rows(cp, is_digit, lens, usable, ok, epoch, iso, step) -> None:
    """Pure digits: steps (<= 5 digits, below a spreadsheet's serial dates), epoch seconds (10), epoch
    milliseconds (13)."""
    import numpy as np

    from graphfraud.normalize.timestamp import SERIAL_FIRST

    short = np.flatnonzero(usable & ((lens <= 5) | (lens == 10) | (lens == 13)))
    if not len(short):
        return
    pos = np.arange(13)
    all_digits = (is_digit[short, :13] | (pos >= lens[short, None])).all(axis=1)
    for length_ok, kind in ((lens <= 5, "step"), (lens == 10, "s"), (lens == 13, "ms")):
        idx = short[all_digits & length_ok[short]]
        if not len(idx):
            continue
        sub, sub_lens = cp[idx, :13].astype(np.int64) - 48, lens[idx]
        vals = np.zeros(len(idx), dtype=np.int64)
        for col in range(13):
            vals = np.where(col < sub_lens, vals * 10 + sub[:, col], vals)
        if kind == "step":   # five digits from SERIAL_FIRST on are a spreadsheet's dates: left to parse
            small = vals < SERIAL_FIRST
            idx, vals = idx[small], vals[small]
            sec, us = vals * 86400, np.zeros_like(vals)
            step[idx] = True
        elif kind == "s":
            sec, us = vals, np.zeros_like(vals)
        else:
            sec, us = np.floor_divide(vals, 1000), (vals % 1000) * 1000
        days, rem = np.divmod(sec, 86400)
        y, mo, d = _civil_from_days(days)
        epoch[idx] = sec
        iso[idx] = _iso_matrix(y, mo, d, rem // 3600, rem % 3600 // 60, rem % 60, us, np.zeros_like(sec))
        ok[idx] = True


def _template_rows(layout: str, cp, is_digit, lens, usable, ok, epoch, iso) -> None:
    """The rows not parsed yet that have exactly the fixed-width ``layout`` and a valid date and time."""
    import numpy as np

    width = len(layout)
    rows = np.flatnonzero(usable & ~ok & (lens == width))
    if not len(rows):
        return
    sub_cp, sub_digit = cp[rows, :width], is_digit[rows, :width]
    match = np.ones(len(rows), dtype=bool)
    for i, c in enumerate(layout):
        if c.isalpha() and c not in "TZ":
            match &= sub_digit[:, i]
        elif c == "±":
            match &= (sub_cp[:, i] == ord("+")) | (sub_cp[:, i] == ord("-"))
        else:
            match &= sub_cp[:, i] == ord(c)
    if not match.any():
        return
    rows = rows[match]
    dg = sub_cp[match].astype(np.int64) - 48
    y, mo, d = _field(dg, layout, "y"), _field(dg, layout, "m"), _field(dg, layout, "d")
    hh, mi, ss = _field(dg, layout, "H"), _field(dg, layout, "M"), _field(dg, layout, "S")
    fcount = layout.count("f")
    us = _field(dg, layout, "f") * 10 ** (6 - fcount) if fcount else np.zeros_like(y)
    good = _valid_date(y, mo, d) & (hh < 24) & (mi < 60) & (ss < 60)
    if "o" in layout:
        sign = np.where(dg[:, layout.index("±")] == ord("-") - 48, -1, 1)
        oh, om = _field(dg, layout, "o"), _field(dg, layout, "p")
        good &= (oh < 24) & (om < 60)
        off = sign * (oh * 3600 + om * 60)
    elif "Z" in layout:
        off = np.zeros_like(y)
    elif _LOCAL_OFFSET is not None:
        off = np.full(len(rows), _LOCAL_OFFSET, dtype=np.int64)
        good &= y >= _FIXED_FROM_YEAR
    else:
        return
    rows, y, mo, d, hh, mi, ss, us, off = (a[good] for a in (rows, y, mo, d, hh, mi, ss, us, off))
    if not len(rows):
        return
    epoch[rows] = _days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss - off
    iso[rows] = _iso_matrix(y, mo, d, hh, mi, ss, us, off)
    ok[rows] = True
