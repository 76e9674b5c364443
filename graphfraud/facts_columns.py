"""Column helpers of the fact builder: object columns, factorised distinct values, per-row props
(with their JSON), and the normaliser of each identifier type.

A column is a 1-d numpy object array with one Python value (or None) per table row. Work that
depends only on a cell's value (cleaning, normalising, JSON encoding) is done once per distinct
value and spread back to the rows through the codes of pandas.factorize, whose distinct values
come in order of first appearance — so "the first row that says so wins" needs no row loop.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # what json.dumps(str, ensure_ascii=False) returns

from graphfraud.errors import InvalidValue
from graphfraud.normalize import NORMALIZERS
from graphfraud.normalize.base import clean_text, identifier_text


def _obj(values, n: int):
    """``values`` as an object column of length ``n``; a str, dict or other single value is repeated."""
    import numpy as np

    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values
    if isinstance(values, (list, tuple, np.ndarray)):
        return np.fromiter(values, dtype=object, count=len(values))
    out = np.empty(n, dtype=object)
    out.fill(values)
    return out


def _factorize(col):
    """(codes, distinct values in order of first appearance); code -1 where the value is None."""
    import pandas as pd

    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    return codes, uniq.tolist()


def _spread(per_code: list, codes, missing=None):
    """Per-row values from per-distinct values (code -1 -> ``missing``)."""
    import numpy as np

    arr = np.fromiter([*per_code, missing], dtype=object, count=len(per_code) + 1)
    return arr[codes]


def _flags(per_code: list, codes):
    """Per-row booleans from per-distinct booleans (code -1 -> False)."""
    import numpy as np

    arr = np.zeros(len(per_code) + 1, dtype=bool)
    arr[:-1] = per_code
    return arr[codes]


def _present(col):
    import numpy as np

    return np.not_equal(col, None)


class _Known:
    """Codes of the columns already factorized, by identity, so that a column is hashed once:
    (codes, values) where ``exact`` ones list each value once without None (pandas.factorize), and
    the others may repeat values or hold None (raw columns, one entry per distinct raw cell)."""

    def __init__(self):
        self._by_id: dict[int, tuple] = {}

    def put(self, col, codes, uniq, exact: bool) -> None:
        self._by_id[id(col)] = (col, codes, uniq, exact)

    def get(self, col, exact: bool = False):
        got = self._by_id.get(id(col))
        if got is None or got[0] is not col or (exact and not got[3]):
            return None
        return got[1], got[2]


def _clean_distinct(uniq: list) -> list:
    """clean_text of each distinct cell (a plain ASCII cell that needs only stripping is done inline)."""
    return [t if type(u) is str and u.isascii() and (t := u.strip()) and t[0] not in "\"'`"
            else clean_text(u) for u in uniq]


def _json_value(v) -> str:
    """json.dumps(v, ensure_ascii=False, sort_keys=True), fast for text and integers."""
    t = type(v)
    if t is str:
        return encode_basestring(v)
    if t is int:
        return int.__repr__(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _json_parts(prefix: str, col, empty_is_missing: bool = True, suffix: str = "",
                known: _Known | None = None) -> tuple:
    """(codes, per code ``prefix + JSON of the value + suffix``, or "" where the value is missing:
    None, or "" when ``empty_is_missing``); code -1 is missing."""
    import numpy as np

    codes, uniq = (known and known.get(col)) or _factorize(col)
    if all(u is None or type(u) is str for u in uniq):
        return codes, [prefix + encode_basestring(u) + suffix if u is not None and (u or not empty_is_missing)
                       else "" for u in uniq]
    # other types: row by row (factorize would merge 1, 1.0 and True, which encode differently)
    return np.arange(len(col)), [prefix + _json_value(v) + suffix if v is not None and (v != "" or not empty_is_missing)
                                 else "" for v in col]


def _json_objects(parts: list[tuple], n: int):
    """Per row "{" + its present fragments joined by ", " + "}", from ``parts`` (codes, fragment per
    code) in key order."""
    if not parts:
        return _obj(["{}"] * n, n)
    cols = [_spread(frags, codes, "").tolist() for codes, frags in parts]
    return _obj(["{" + ", ".join(filter(None, row)) + "}" for row in zip(*cols)], n)


class _RowProps:
    """Per-row property maps, as columns: ``names`` (key -> column, or one value for every row)
    and, when ``extra`` is given, the table's unmapped columns (header -> column) under "extra".
    Row i's map holds the keys whose value is present (not None and not ""), in ``names`` order,
    then "extra": ``{header: cell}`` of its present extra cells, when there is one."""

    def __init__(self, names: dict, extra: dict | None = None, known: _Known | None = None):
        assert "extra" not in names
        self.names = names
        self.extra = extra or {}
        self.known = known
        self._json = None

    def columns(self, n: int) -> list[tuple[str, object, object]]:
        """[(key, column or None for "extra", presence per row)] in the order of a row's map."""
        import numpy as np

        out = []
        for k, v in self.names.items():
            col = _obj(v, n)
            got = self.known.get(col) if self.known else None
            if got is not None:
                has = _flags([u is not None and u != "" for u in got[1]], got[0])
            else:
                has = _present(col) & np.not_equal(col, "")
            out.append((k, col, has))
        if self.extra:
            has = np.zeros(n, dtype=bool)
            for col in self.extra.values():
                got = self.known.get(col) if self.known else None
                has |= got[0] >= 0 if got is not None and None not in got[1] else _present(col)
            out.append(("extra", None, has))
        return out

    def extra_at(self, i: int) -> dict:
        return {h: col[i] for h, col in self.extra.items() if col[i] is not None}

    def json(self, n: int):
        """Per row json.dumps(map, ensure_ascii=False, sort_keys=True), "{}" for an empty map, with
        the JSON of each distinct value made once."""
        if self._json is None:
            parts = []
            for k in sorted([*self.names, *(["extra"] if self.extra else [])]):
                key = encode_basestring(k) + ": "
                if k != "extra":
                    parts.append(_json_parts(key, _obj(self.names[k], n), known=self.known))
                elif len(self.extra) == 1:
                    (h, col), = self.extra.items()
                    parts.append(_json_parts(key + "{" + encode_basestring(h) + ": ", col, False, "}", self.known))
                else:
                    inner = [_spread(f, c, "") for c, f in (
                        _json_parts(encode_basestring(h) + ": ", col, False, known=self.known)
                        for h, col in sorted(self.extra.items()))]
                    codes, uniq = _factorize(_obj([", ".join(filter(None, t)) for t in zip(*inner)], n))
                    parts.append((codes, [key + "{" + u + "}" if u else "" for u in uniq]))
            self._json = _json_objects(parts, n)
        return self._json


def _case_value(raw: str) -> str:
    text = " ".join(identifier_text(raw).split())
    if not text:
        raise InvalidValue("empty case id")
    return text


def _normalizer(type_: str):
    if type_ == "case":
        return lambda raw, **kw: (_case_value(raw), {})
    fn = NORMALIZERS[type_]

    def run(raw, **kw):
        n = fn(raw, **kw)
        return n.value, dict(n.props)
    return run


def date_only_cells(uniq: list, res) -> list[bool]:
    """Per distinct timestamp cell: parsed, no step, and its text gives no time of day. Only cells
    read as 00:00 local time are looked at (a date alone is read so); the others give a time."""
    import numpy as np

    from graphfraud.normalize.timestamp import has_time_of_day

    out = [False] * len(uniq)
    whole_hour = ~res.error & ~res.step & (res.epoch % 3600 == 0)
    for i in np.flatnonzero(whole_hour[:len(uniq)]).tolist():
        out[i] = res.iso[i][10:19] == "T00:00:00" and not has_time_of_day(uniq[i])
    return out


_TIME_OF_DAY = r"^\d{1,2}[:hH]\d{2}(?::\d{2}(?:[.,]\d+)?)?$"
_MIDNIGHT = r"[ T]00:00(?::00(?:\.0+)?)?$"


def with_time_of_day(dates, times):
    """The timestamp column of a file that gives the date and the time of day in two columns ("Ngày" |
    "Giờ", "Date" | "Time"): each row's date followed by its time (``10/09/2024`` and ``12:01:29`` give
    ``10/09/2024 12:01:29``; a spreadsheet's ``2024-09-10 00:00:00`` loses its midnight first). A row
    whose time cell is no time of day, or whose date cell already gives a time, keeps its date cell;
    a time cell that gives the date too is taken whole; two cells the wrong way round (the time in
    the first column) are read the right way.

    >>> import pandas as pd
    >>> with_time_of_day(pd.Series(["10/09/2024", "2024-09-10 00:00:00", "12:01", "10/09/2024 08:00", None,
    ...                             "10/09/2024"]),
    ...                  pd.Series(["12:01:29", "9h05", "10/09/2024", "12:01:29", "12:00", "10/09/2024 07:30"])).tolist()
    ['10/09/2024 12:01:29', '2024-09-10 9:05', '10/09/2024 12:01', '10/09/2024 08:00', '', '10/09/2024 07:30']
    """
    d = dates.fillna("").astype(str).str.strip()
    t = times.fillna("").astype(str).str.strip()
    d_time, t_time = d.str.match(_TIME_OF_DAY), t.str.match(_TIME_OF_DAY)
    # the time column gives the date and the time ("10/09/2024 12:01"), the date column only the date
    t_full = t.str.contains(":") & t.str.contains(r"\d[/\-.]\d") & ~d.str.contains(":")
    d = d.where(~t_full, t)
    swap = d_time & ~t_time & (t != "")
    date, time = d.where(~swap, t), t.where(~swap, d)
    core = date.str.replace(_MIDNIGHT, "", regex=True)
    join = time.str.match(_TIME_OF_DAY) & (core != "") & ~core.str.contains(":")
    return date.where(~join, core + " " + time.str.replace(r"[hH]", ":", regex=True))
