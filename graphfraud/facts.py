"""Turn a mapped table into facts: nodes, edges, mentions and rejects.

This is the middle of the data flow — files → loaders → **normalisers → facts**
→ store. Each identifier column is normalised once per distinct value; a value
that cannot be normalised becomes a reject (row, column, value, reason) and
the rest of the row still loads. Every node mention and edge carries the row
and columns it came from; the store adds file, sheet and load id.
"""

from __future__ import annotations

import hashlib
import json
from itertools import repeat
from json.encoder import encode_basestring  # what json.dumps(str, ensure_ascii=False) returns
from typing import NamedTuple

from graphfraud.duplicates import txn_conflicts as _txn_conflicts
from graphfraud.duplicates import with_repeat as _with_repeat
from graphfraud.errors import InvalidValue
from graphfraud.facts_checks import reject_missing
from graphfraud.facts_money import money_cols
from graphfraud.normalize import NORMALIZERS
from graphfraud.normalize.base import clean_text, identifier_text

# identifier fields per kind -> node type
IDENT_FIELDS: dict[str, dict[str, str]] = {
    "transactions": {"from_account": "account", "to_account": "account", "ip": "ip",
                     "device_id": "device", "case_id": "case"},
    "calls": {"caller": "phone", "callee": "phone", "case_id": "case"},
    "logins": {"account": "account", "ip": "ip", "device_id": "device"},
    "accounts": {"account": "account", "phone": "phone", "email": "email", "holder_id": "national_id"},
    "reports": {"case_id": "case", "victim_phone": "phone", "victim_account": "account",
                "suspect_phone": "phone", "suspect_account": "account", "suspect_social": "social",
                "suspect_url": "url", "suspect_email": "email", "suspect_ip": "ip"},
    "social": {"social_account": "social", "phone": "phone", "email": "email"},
}
VALUE_FIELDS = {"timestamp": "timestamp", "report_date": "timestamp", "opened_at": "timestamp",
                "amount": "amount", "amount_lost": "amount"}


class FactBatch:
    """Facts from one table, in row order. Rows are user-visible row numbers.

    ``nodes``: (type, value) -> props; ``edges``: tuples of EDGE_COLUMNS; ``mentions``: (type,
    value, row, column header); ``rejects``: (row, column header, value, reason). ``segments``
    holds the same edges as columns (one EdgeSegment per emission, in emission order): the
    embedded store writes from them, and ``edges`` is made from them when first asked for.
    """

    duplicates = 0  # rows that repeat an earlier row of the file (see graphfraud.duplicates)

    def __init__(self, nodes: dict | None = None, edges: list | None = None, mentions: list | None = None,
                 rejects: list | None = None, rows: int = 0, segments: list | None = None):
        self.nodes: dict[tuple[str, str], dict] = {} if nodes is None else nodes
        self.segments: list[EdgeSegment] = [] if segments is None else segments
        self._edges = edges  # None: made from segments when first asked for
        self.mentions: list[tuple] = [] if mentions is None else mentions
        self.rejects: list[tuple] = [] if rejects is None else rejects
        self.rows = rows

    @property
    def edges(self) -> list[tuple]:
        if self._edges is None:
            self._edges = [e for s in self.segments for e in s.tuples()]
        return self._edges

    @edges.setter
    def edges(self, value: list[tuple]) -> None:
        self._edges, self.segments = value, []

    def __eq__(self, other) -> bool:
        if not isinstance(other, FactBatch):
            return NotImplemented
        return (self.nodes, self.edges, self.mentions, self.rejects, self.rows) == \
            (other.nodes, other.edges, other.mentions, other.rejects, other.rows)

    def __repr__(self) -> str:
        return (f"FactBatch(rows={self.rows}, nodes={len(self.nodes)}, edges={len(self.edges)}, "
                f"mentions={len(self.mentions)}, rejects={len(self.rejects)})")


EDGE_COLUMNS = ("type", "src_type", "src_value", "dst_type", "dst_value", "ts", "disc", "amount",
                "props", "row", "cols", "key")


class EdgeSegment(NamedTuple):
    """Edges of one emission (one type, one pair of end types, one column pair) as columns of
    equal length, in row order: row j is the tuple (type, src_type, src[j], dst_type, dst[j], ts[j],
    disc[j], amount[j], props[j], row[j], cols, key[j]) of ``FactBatch.edges``."""

    type: str
    src_type: str
    dst_type: str
    cols: str
    src: list
    dst: list
    ts: list
    disc: list
    amount: list
    props: list
    row: list
    key: list

    def tuples(self):
        return zip(repeat(self.type), repeat(self.src_type), self.src, repeat(self.dst_type), self.dst,
                   self.ts, self.disc, self.amount, self.props, self.row, repeat(self.cols), self.key)


def edge_key(etype: str, st: str, sv: str, dt: str, dv: str, ts, disc: str) -> int:
    """The stable id of an edge: a signed 64-bit hash of what makes it one fact
    (type, both ends, time, discriminator). The same fact from any file, in any
    store, gets the same id."""
    h = hashlib.blake2b(f"{etype}\x1f{st}\x1f{sv}\x1f{dt}\x1f{dv}\x1f{'' if ts is None else ts}\x1f{disc}".encode(),
                        digest_size=8).digest()
    return int.from_bytes(h, "big", signed=True)


def edge_keys(etype: str, st: str, sv, dt: str, dv, ts, disc) -> list[int]:
    """:func:`edge_key` of many edges with one type and end types (same values, one C-level pass
    for the digests): ``sv``, ``dv``, ``ts``, ``disc`` are sequences of equal length."""
    import numpy as np

    pre, mid = f"{etype}\x1f{st}\x1f", f"\x1f{dt}\x1f"
    blake = hashlib.blake2b
    digests = b"".join([blake(f"{pre}{a}{mid}{b}\x1f{'' if t is None else t}\x1f{d}".encode(),
                              digest_size=8).digest() for a, b, t, d in zip(sv, dv, ts, disc)])
    return np.frombuffer(digests, dtype=">i8").astype(np.int64).tolist()


# -- columns -------------------------------------------------------------------
# A column is a 1-d numpy object array with one Python value (or None) per table row. Work that
# depends only on a cell's value (cleaning, normalising, JSON encoding) is done once per distinct
# value and spread back to the rows through the codes of pandas.factorize, whose distinct values
# come in order of first appearance — so "the first row that says so wins" needs no row loop.

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


class _Builder:
    def __init__(self, kind: str, table, mapping, case_id: str | None, seen=None):
        import numpy as np

        self.seen = seen  # graphfraud.duplicates.FileRows of the file, or None
        self.repeat = None  # per row: identical rows before it in the file, when each is kept
        self.kind = kind
        self.df = table.rows
        self.headers = table.headers
        self.col_of = {f: i for i, f in mapping.columns.items()}
        self.extra = mapping.extra
        self.case_id = case_id
        self.n = n = len(self.df)
        self.out = FactBatch(rows=n)
        self._cache: dict[tuple, object] = {}
        self._raw: dict[str, tuple] = {}
        rownums = getattr(table, "rownums", None)
        if rownums is not None:
            self.rows = np.asarray(rownums, dtype=np.int64)
        elif hasattr(table, "first_row"):
            self.rows = np.arange(table.first_row, table.first_row + n, dtype=np.int64)
        else:
            self.rows = np.fromiter((table.row_number(i) for i in range(n)), dtype=np.int64, count=n)
        self._mentions: list[tuple] = []  # (type, values, column header) per node() call
        self._seg_ends: list[tuple] = []  # (rows, src values, dst values) per EdgeSegment
        self.known = _Known()
        self._extra_cols = {h: self._clean(self.df[col])[2] for col, h in self.extra.items()}

    # -- column access -------------------------------------------------------
    def header(self, f: str) -> str:
        return self.headers[self.col_of[f]] if f in self.col_of else f

    def row(self, i: int) -> int:
        return int(self.rows[i])

    def _clean(self, series) -> tuple:
        """(codes, cleaned distinct cells, cleaned column): each distinct cell cleaned once."""
        codes, uniq = _factorize(series.to_numpy(dtype=object))
        cleaned = _clean_distinct(uniq)
        values = _spread(cleaned, codes)
        self.known.put(values, codes, cleaned, exact=False)
        return codes, cleaned, values

    def _column(self, f: str) -> tuple:
        got = self._raw.get(f)
        if got is None:
            import numpy as np

            if f == "case_id" and f not in self.col_of and self.case_id:
                codes = np.zeros(self.n, dtype=np.intp)
                got = (codes, [self.case_id] if self.n else [], _spread([self.case_id], codes))
                self.known.put(got[2], codes, got[1], exact=False)
            elif f not in self.col_of:
                codes = np.full(self.n, -1, dtype=np.intp)
                got = (codes, [], _spread([], codes))
                self.known.put(got[2], codes, got[1], exact=True)
            else:
                got = self._clean(self.df[self.col_of[f]])
            self._raw[f] = got
        return got

    def raw(self, f: str):
        """Cleaned cells of one field's column (cached; each distinct cell cleaned once)."""
        return self._column(f)[2]

    def _reject(self, bad, f: str, raws, reasons) -> None:
        """Rejects of the rows flagged in ``bad``, in row order; ``reasons`` per row."""
        import numpy as np

        idx = np.flatnonzero(bad)
        if len(idx):
            h = self.header(f)
            self.out.rejects.extend(zip(self.rows[idx].tolist(), repeat(h), raws[idx].tolist(),
                                        reasons[idx].tolist()))

    def norm(self, f: str, type_: str, ctx=None, ctx_name: str | None = None):
        """Normalised values of one column (None where empty or rejected) and their props."""
        import numpy as np

        codes, uniq, raws = self._column(f)
        fn = _normalizer(type_)
        if ctx is None:
            pairs = [(r, None) for r in uniq]
        else:  # one normalisation per distinct (cell, context) pair
            ccodes, cuniq = _factorize(_obj(ctx, self.n))
            width = len(cuniq) + 1
            valid = codes >= 0
            combined = np.where(valid, codes.astype(np.int64) * width + ccodes + 1, -1)
            pcodes, puniq = _factorize(combined[valid])
            codes = np.full(self.n, -1, dtype=np.intp)
            codes[valid] = pcodes
            pairs = [(uniq[c // width], cuniq[c % width - 1] if c % width else None) for c in puniq]
        vals_u: list = []
        reasons_u: list = []
        props: dict[str, dict] = {}
        cache = self._cache
        for r, c in pairs:
            if r is None:
                vals_u.append(None)
                reasons_u.append(None)
                continue
            ck = (type_, r, c)
            hit = cache.get(ck)
            if hit is None:
                try:
                    hit = fn(r, **({ctx_name: c} if ctx_name and c is not None else {}))
                except InvalidValue as exc:
                    hit = exc
                cache[ck] = hit
            if isinstance(hit, InvalidValue):
                vals_u.append(None)
                reasons_u.append(hit.reason)
                continue
            vals_u.append(hit[0])
            reasons_u.append(None)
            props.setdefault(hit[0], hit[1])
        if any(x is not None for x in reasons_u):
            self._reject(_flags([x is not None for x in reasons_u], codes), f, raws, _spread(reasons_u, codes))
        vals = _spread(vals_u, codes)
        index: dict = {}  # the distinct values, in order of first appearance
        vcodes = [-1 if v is None else index.setdefault(v, len(index)) for v in vals_u]
        self.known.put(vals, _spread(vcodes, codes, -1).astype(np.intp), list(index), exact=True)
        return vals, props

    def scalar(self, f: str, type_: str):
        """Parsed non-identifier values (timestamps -> epoch seconds, amounts -> Decimal text), per
        row a tuple (value, currency) or None."""
        codes, hits = self._scalar(f, type_)
        return _spread(hits, codes)

    def scalar_cols(self, f: str, type_: str):
        """:meth:`scalar` as two columns: the values and the currencies (None where missing)."""
        codes, hits = self._scalar(f, type_)
        return (_spread([h[0] if h else None for h in hits], codes),
                _spread([h[1] if h else None for h in hits], codes))

    def _scalar(self, f: str, type_: str):
        """(codes, per distinct cell (value, currency) or None), recording the column's rejects."""
        if type_ == "timestamp" and f in self.col_of:
            return self._timestamps(f)
        return self._parse_scalar(f, type_)

    def _parse_scalar(self, f: str, type_: str):
        codes, uniq, raws = self._column(f)
        fn = NORMALIZERS[type_]
        hits_u: list = []
        reasons_u: list = []
        for r in uniq:
            hit = None
            if r is not None:
                ck = (type_, r)
                hit = self._cache.get(ck)
                if hit is None:
                    try:
                        n = fn(r)
                        hit = (n.props["epoch"] if type_ == "timestamp" else n.value,
                               n.props.get("currency"))
                    except InvalidValue as exc:
                        hit = exc
                    self._cache[ck] = hit
            if isinstance(hit, InvalidValue):
                hits_u.append(None)
                reasons_u.append(hit.reason)
            else:
                hits_u.append(hit)
                reasons_u.append(None)
        if any(x is not None for x in reasons_u):
            self._reject(_flags([x is not None for x in reasons_u], codes), f, raws, _spread(reasons_u, codes))
        return codes, hits_u

    def _timestamps(self, f: str):
        from graphfraud.normalize.timestamp import parse_many

        codes, uniq, raws = self._column(f)
        res = parse_many(uniq)  # value by value, so the distinct cells are enough
        epoch, error, reason = res.epoch.tolist(), res.error.tolist(), res.reason.tolist()
        bad_u = [e and r is not None for e, r in zip(error, uniq)]
        if any(bad_u):
            self._reject(_flags(bad_u, codes), f, raws, _spread(reason, codes))
        return codes, [None if r is None or e else (t, None) for r, e, t in zip(uniq, error, epoch)]

    def text(self, f: str):
        return self.raw(f)

    def money(self, af: str, cf: str):
        """Per row the amount and its currency code (see :mod:`graphfraud.facts_money`)."""
        return money_cols(self, af, cf)

    # -- fact emitters -------------------------------------------------------
    def node(self, type_: str, vals, props: dict, f: str, row_props: _RowProps | dict | None = None):
        """Nodes of one column: the first row naming a node creates it with the normaliser's props
        of that value; ``row_props`` (per-row maps, see :class:`_RowProps`) add keys the node does not
        have yet, the first row in row order with a present value winning."""
        import numpy as np

        vals = _obj(vals, self.n)
        got = self.known.get(vals, exact=True)
        if got is None:
            got = _factorize(vals)
            self.known.put(vals, *got, exact=True)
        codes, uniq = got
        nodes = self.out.nodes
        for v in uniq:
            if (type_, v) not in nodes:
                nodes[(type_, v)] = dict(props.get(v, {}))
        if row_props is not None and uniq:
            if not isinstance(row_props, _RowProps):
                row_props = _RowProps(row_props, known=self.known)
            named = codes >= 0
            cols = row_props.columns(self.n)
            at_row, at_key, at_node = [], [], []
            for kpos, (_, _, has) in enumerate(cols):
                sel = np.flatnonzero(named & has)
                if len(sel):
                    node_codes, first = np.unique(codes[sel], return_index=True)
                    at_row.append(sel[first])
                    at_key.append(np.full(len(first), kpos))
                    at_node.append(node_codes)
            if at_row:
                rows, keys, ncodes = np.concatenate(at_row), np.concatenate(at_key), np.concatenate(at_node)
                order = np.lexsort((keys, rows))  # the order the rows would have set them
                for i, kpos, c in zip(rows[order].tolist(), keys[order].tolist(), ncodes[order].tolist()):
                    p = nodes[(type_, uniq[c])]
                    k, col, _ = cols[kpos]
                    if k not in p:
                        p[k] = row_props.extra_at(i) if col is None else col[i]
        self._mentions.append((type_, vals, self.header(f)))

    def edge(self, etype: str, st: str, sv, dt: str, dv, cols: str, ts=None, disc="",
             amount=None, props=None):
        """Emit edges for rows where both ends are present. ``disc`` is a per-row list or one
        value for every row; ``props`` None, one map for every row, or per-row maps (_RowProps)."""
        import numpy as np

        n = self.n
        sv, dv = _obj(sv, n), _obj(dv, n)
        emit = self._has(sv) & self._has(dv)
        if etype not in {"transfer", "call"} and st == dt:
            emit &= np.not_equal(sv, dv)
        idx = np.flatnonzero(emit)
        m = len(idx)
        if not m:
            return
        a_col, b_col = sv[idx], dv[idx]
        a, b = a_col.tolist(), b_col.tolist()
        t = _obj(ts, n)[idx].tolist() if ts is not None else [None] * m
        if isinstance(disc, str):
            d = [disc] * m
        else:
            d = [x or "" for x in _obj(disc, n)[idx].tolist()]
        am = _obj(amount, n)[idx].tolist() if amount is not None else [None] * m
        if props is None or isinstance(props, dict):
            pj = [json.dumps(props, ensure_ascii=False, sort_keys=True) if props else "{}"] * m
        else:
            pj = props.json(n)[idx].tolist()
        seg = EdgeSegment(etype, st, dt, cols, a, b, t, d, am, pj, self.rows[idx].tolist(),
                          edge_keys(etype, st, a, dt, b, t, d))
        self.out.segments.append(seg)
        self._seg_ends.append((idx, a_col, b_col))

    def _has(self, col):
        """Per row: the value is not None."""
        got = self.known.get(col)
        if got is None:
            return _present(col)
        codes, uniq = got
        return codes >= 0 if None not in uniq else _flags([u is not None for u in uniq], codes)

    def finish(self) -> FactBatch:
        """Edges as tuples, and the mentions that stand alone: a node that is an end of an edge
        from the same row has that edge's provenance already."""
        import numpy as np

        out = self.out
        for type_, vals, h in self._mentions:
            keep = self._has(vals)
            for seg, (idx, a_col, b_col) in zip(out.segments, self._seg_ends):
                for end_type, ends in ((seg.src_type, a_col), (seg.dst_type, b_col)):
                    if end_type == type_:
                        keep[idx[np.equal(ends, vals[idx])]] = False
            sel = np.flatnonzero(keep)
            out.mentions.extend(zip(repeat(type_), vals[sel].tolist(), self.rows[sel].tolist(), repeat(h)))
        return out


def _props_rows(b: _Builder, names: dict[str, list], with_extra: bool = True) -> _RowProps:
    return _RowProps(names, b._extra_cols if with_extra else None, b.known)


def _bank_col(b: _Builder, f: str) -> list[str | None]:
    vals, _ = b.norm(f, "bank")
    return vals


def _ts_amount(b: _Builder, tf: str = "timestamp", af: str | None = "amount"):
    ts, _ = b.scalar_cols(tf, "timestamp")
    if af is None:
        return ts, None, None
    amount, cur = b.scalar_cols(af, "amount")
    return ts, amount, cur


def _mention_case(b: _Builder, case: list, targets: list[tuple[str, list, str, str]]):
    """case -> identifier mention edges; targets: (type, values, role, field)."""
    for type_, vals, role, f in targets:
        b.edge("mention", "case", case, type_, vals, f"case_id,{f}", disc=role,
               props={"role": role})


def _transactions(b: _Builder):
    fb, tb = _bank_col(b, "from_bank"), _bank_col(b, "to_bank")
    fa, fp = b.norm("from_account", "account")
    ta, tp = b.norm("to_account", "account")
    reject_missing(b, ("from_account", "to_account"))
    b.node("account", fa, fp, "from_account", {"bank": fb})
    b.node("account", ta, tp, "to_account", {"bank": tb})
    ip, ipp = b.norm("ip", "ip")
    dev, devp = b.norm("device_id", "device")
    case, _ = b.norm("case_id", "case")
    b.node("ip", ip, ipp, "ip")
    b.node("device", dev, devp, "device_id")
    b.node("case", case, {}, "case_id")
    ts, _, _ = _ts_amount(b, af=None)
    amount, currency = b.money("amount", "currency")
    txn = b.text("txn_id")
    props = _props_rows(b, {"txn_id": txn, "currency": currency, "channel": b.text("channel"),
                            "description": b.text("description"), "case_id": case})
    disc = _with_repeat(b, [f"{a or ''}|{t or ''}" for a, t in zip(amount, txn)])
    moved = _txn_conflicts(b, txn, amount, ts, fa)
    b.edge("transfer", "account", moved, "account", ta, "from_account,to_account", ts, disc, amount, props)
    b.edge("login", "account", fa, "ip", ip, "from_account,ip", ts, disc="transfer",
           props={"via": "transfer"})
    b.edge("login", "account", fa, "device", dev, "from_account,device_id", ts, disc="transfer",
           props={"via": "transfer"})
    _mention_case(b, case, [("account", fa, "related", "from_account"), ("account", ta, "related", "to_account")])


def _calls(b: _Builder):
    ca, cp = b.norm("caller", "phone")
    ce, ep = b.norm("callee", "phone")
    reject_missing(b, ("caller", "callee"))
    case, _ = b.norm("case_id", "case")
    b.node("phone", ca, cp, "caller")
    b.node("phone", ce, ep, "callee")
    b.node("case", case, {}, "case_id")
    ts, _, _ = _ts_amount(b, af=None)
    dur = b.text("duration_s")
    props = _props_rows(b, {"duration_s": dur, "call_type": b.text("call_type"),
                            "origin_country": b.text("origin_country"), "case_id": case})
    b.edge("call", "phone", ca, "phone", ce, "caller,callee", ts, disc=_with_repeat(b, [d or "" for d in dur]),
           props=props)
    _mention_case(b, case, [("phone", ca, "related", "caller"), ("phone", ce, "related", "callee")])


def _logins(b: _Builder):
    bank = _bank_col(b, "bank")
    acc, ap = b.norm("account", "account")
    country = [c.upper() if c else None for c in b.text("country")]
    ip, ipp = b.norm("ip", "ip", ctx=country, ctx_name="country")
    dev, dp = b.norm("device_id", "device")
    b.node("account", acc, ap, "account", {"bank": bank})
    b.node("ip", ip, ipp, "ip")
    b.node("device", dev, dp, "device_id")
    ts, _, _ = _ts_amount(b, af=None)
    props = _props_rows(b, {"country": country})
    b.edge("login", "account", acc, "ip", ip, "account,ip", ts, disc="login", props=props)
    b.edge("login", "account", acc, "device", dev, "account,device_id", ts, disc="login", props=props)
    b.edge("login", "device", dev, "ip", ip, "device_id,ip", ts, disc="login", props=props)


def _person_key(holder_id: list, scope: list, prefix: str) -> list[str | None]:
    return [h if h else (f"{prefix}:{s}" if s else None) for h, s in zip(holder_id, scope)]


def _accounts(b: _Builder):
    bank = _bank_col(b, "bank")
    acc, ap = b.norm("account", "account")
    ph, pp = b.norm("phone", "phone")
    em, ep = b.norm("email", "email")
    nid, _ = b.norm("holder_id", "national_id")
    names = [b and " ".join(b.split()) if b else None for b in b.text("holder_name")]
    opened = [x[0] if x else None for x in b.scalar("opened_at", "timestamp")]
    bio = b.text("biometric_verified")
    b.node("account", acc, ap, "account", _props_rows(
        b, {"bank": bank, "biometric_verified": bio, "opened_at": opened, "holder_name": names}))
    person = _person_key(nid, acc, "acct")
    b.node("person", person, {}, "holder_id" if "holder_id" in b.col_of else "holder_name",
           {"name": names, "national_id": nid})
    b.node("phone", ph, pp, "phone")
    b.node("email", em, ep, "email")
    b.edge("owns", "person", person, "account", acc, "holder_name,account", disc="owns")
    b.edge("registered", "person", person, "phone", ph, "holder_name,phone", disc="kyc")
    b.edge("registered", "person", person, "email", em, "holder_name,email", disc="kyc")
    b.edge("registered", "account", acc, "phone", ph, "account,phone", disc="kyc")


def _reports(b: _Builder):
    case, _ = b.norm("case_id", "case")
    rdate = [x[0] if x else None for x in b.scalar("report_date", "timestamp")]
    lost = [x[0] if x else None for x in b.scalar("amount_lost", "amount")]
    vname = b.text("victim_name")
    b.node("case", case, {}, "case_id", _props_rows(
        b, {"report_date": rdate, "amount_lost": lost, "scam_type": b.text("scam_type"),
            "narrative": b.text("narrative"), "victim_name": vname}))
    vb, sb = _bank_col(b, "victim_bank"), _bank_col(b, "suspect_bank")
    targets = []
    for f, t, role, bank in (("victim_phone", "phone", "victim", None), ("victim_account", "account", "victim", vb),
                             ("suspect_phone", "phone", "suspect", None),
                             ("suspect_account", "account", "suspect", sb),
                             ("suspect_social", "social", "suspect", None), ("suspect_url", "url", "suspect", None),
                             ("suspect_email", "email", "suspect", None), ("suspect_ip", "ip", "suspect", None)):
        vals, props = b.norm(f, t) if t != "social" else _resolve_handles(*b.norm(f, t))
        b.node(t, vals, props, f, {"bank": bank} if bank is not None else None)
        targets.append((t, vals, role, f))
    victim = [f"case:{c}" if c and (n or vp) else None
              for c, n, vp in zip(case, vname, targets[0][1])]
    b.node("person", victim, {}, "victim_name", {"name": vname, "role": "victim"})
    targets.append(("person", victim, "victim", "victim_name"))
    _mention_case(b, case, targets)
    b.edge("owns", "person", victim, "account", targets[1][1], "victim_name,victim_account", disc="owns")
    b.edge("registered", "person", victim, "phone", targets[0][1], "victim_name,victim_phone",
           disc="report")


def _resolve_handles(vals, props):
    """Bare @handles (``unknown:h``) made ``p:h`` when exactly one platform ``p`` in the column has ``h``."""
    from graphfraud.normalize.social import resolve_unknown

    to = resolve_unknown(vals)
    if not to:
        return vals, props
    return _obj([to.get(v, v) if v is not None else None for v in vals], len(vals)), props


def _social(b: _Builder):
    platform = b.text("platform")
    so, sp = _resolve_handles(*b.norm("social_account", "social", ctx=platform, ctx_name="platform"))
    ph, pp = b.norm("phone", "phone")
    em, ep = b.norm("email", "email")
    b.node("social", so, sp, "social_account", _props_rows(b, {"display_name": b.text("display_name")}))
    b.node("phone", ph, pp, "phone")
    b.node("email", em, ep, "email")
    b.edge("social_link", "social", so, "phone", ph, "social_account,phone", disc="phone")
    b.edge("social_link", "social", so, "email", em, "social_account,email", disc="email")


BUILDERS = {"transactions": _transactions, "calls": _calls, "logins": _logins, "accounts": _accounts,
            "reports": _reports, "social": _social}


def build_facts(table, mapping, case_id: str | None = None, seen=None) -> FactBatch:
    """Normalise one mapped table into a :class:`FactBatch`. ``seen``: the file's
    :class:`~graphfraud.duplicates.FileRows`, to count (or keep) rows repeating earlier ones."""
    b = _Builder(mapping.kind, table, mapping, case_id, seen)
    if seen is not None and not (mapping.kind == "transactions" and "txn_id" in b.col_of):
        occ = seen.repeats(table.rows)
        b.out.duplicates = int((occ > 0).sum())
        if seen.keep_duplicates and b.out.duplicates:
            b.repeat = occ
    for row, reason in table.ragged:
        b.out.rejects.append((row, "*", "", reason))
    for row, col, value, reason in getattr(table, "cell_rejects", ()):
        b.out.rejects.append((row, table.headers[col] if col is not None else "*", value, reason))
    BUILDERS[mapping.kind](b)
    return b.finish()
