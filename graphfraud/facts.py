"""Turn a mapped table into facts: nodes, edges, mentions and rejects.

This is the middle of the data flow — files → loaders → **normalisers → facts**
→ store. Each identifier column is normalised once per distinct value; a value
that cannot be normalised becomes a reject (row, column, value, reason) and
the rest of the row still loads. Every node mention and edge carries the row
and columns it came from; the store adds file, sheet and load id.

Here: the builder of one table's facts (:class:`_Builder`) and :func:`build_facts`. What facts
are made into is in :mod:`graphfraud.facts_batch`, the column helpers in
:mod:`graphfraud.facts_columns`, the facts of each kind of source in :mod:`graphfraud.facts_kinds`.
"""

from __future__ import annotations

import json
from itertools import repeat

from graphfraud.errors import InvalidValue
from graphfraud.facts_batch import EdgeSegment, FactBatch, edge_key, edge_keys
from graphfraud.facts_checks import reject_rows_storing_nothing
from graphfraud.facts_columns import (
    _clean_distinct,
    _factorize,
    _flags,
    _Known,
    _normalizer,
    _obj,
    _present,
    _RowProps,
    _spread,
    date_only_cells,
    with_time_of_day,
)
from graphfraud.facts_kinds import BUILDERS
from graphfraud.facts_money import money_cols
from graphfraud.facts_multi import split_rows
from graphfraud.model import OWN_EDGE_TYPES
from graphfraud.normalize import NORMALIZERS

__all__ = ["BUILDERS", "EdgeSegment", "FactBatch", "build_facts", "edge_key", "edge_keys"]

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
    "statements": {"account": "account", "counterparty_account": "account", "case_id": "case"},
}
# Normalised values kept across the chunks of a file (see build_facts' ``cache``); beyond this many
# distinct cells the cache starts again, which changes nothing but the time taken.
CACHE_MAX = 500_000  # about 300 bytes each: at most some 150-250 MB

VALUE_FIELDS = {"timestamp": "timestamp", "report_date": "timestamp", "opened_at": "timestamp",
                "amount": "amount", "amount_lost": "amount"}


class _Builder:
    def __init__(self, kind: str, table, mapping, case_id: str | None, seen=None, cache: dict | None = None):
        import numpy as np

        self.seen = seen  # graphfraud.duplicates.FileRows of the file, or None
        self.repeat = None  # per row: identical rows before it in the file, when each is kept
        self.kind = kind
        self.df = table.rows
        self.headers = table.headers
        self.col_of = {f: i for i, f in mapping.columns.items()}
        self.extra = mapping.extra
        self.case_id = case_id
        # field -> (value, label): a value the file states once for every row (a statement's account
        # above its table), see graphfraud.loaders.statement
        self.constants = getattr(mapping, "constants", None) or {}
        # fields whose column writes its dates month first (see graphfraud.normalize.date_order)
        self.month_first = {mapping.columns[i] for i in getattr(mapping, "month_first", ()) if i in mapping.columns}
        self.timezone = getattr(mapping, "timezone", None)   # load --timezone: times written without a zone
        self.n = n = len(self.df)
        self.out = FactBatch(rows=n)
        self._cache: dict[tuple, object] = cache if cache is not None else {}
        if len(self._cache) > CACHE_MAX:  # a file of very many distinct values: start again
            self._cache.clear()
        self._raw: dict[str, tuple] = {}
        self._days: dict[str, tuple] = {}  # timestamp field -> (codes, per distinct cell: date only)
        self._scientific: dict[str, object] = {}  # amount field -> per row: written in scientific notation
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
        self._keep_as_stored(getattr(table, "turned_dates", None))

    def _keep_as_stored(self, turned) -> None:
        """A date cell read the other way round (see graphfraud.loaders.turned_dates) keeps what the
        workbook stored, under ``extra`` as ``<header> (as stored)``: the evidence as the file gives it."""
        if not turned:
            return
        import numpy as np

        at = {int(r): i for i, r in enumerate(self.rows.tolist())}
        for col in sorted({c for _, c, _, _ in turned}):
            cells = np.full(self.n, None, dtype=object)
            for r, c, stored, _ in turned:
                if c == col and r in at:
                    cells[at[r]] = stored
            if any(x is not None for x in cells):
                self._extra_cols[f"{self.headers[col]} (as stored)"] = cells

    # -- column access -------------------------------------------------------
    def header(self, f: str) -> str:
        if f not in self.col_of and f in self.constants:
            return self.constants[f][1]
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

            given = self.case_id if f == "case_id" else self.constants.get(f, (None,))[0]
            if given and f not in self.col_of:
                codes = np.zeros(self.n, dtype=np.intp)
                got = (codes, [given] if self.n else [], _spread([given], codes))
                self.known.put(got[2], codes, got[1], exact=False)
            elif f not in self.col_of:
                codes = np.full(self.n, -1, dtype=np.intp)
                got = (codes, [], _spread([], codes))
                self.known.put(got[2], codes, got[1], exact=True)
            elif f == "timestamp" and "time_of_day" in self.col_of:
                got = self._clean(with_time_of_day(self.df[self.col_of[f]], self.df[self.col_of["time_of_day"]]))
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

    def reject_rows(self, mask, f: str, reason: str) -> None:
        """A reject naming column ``f`` (its cell as the value) and ``reason`` for each row in ``mask``."""
        import numpy as np

        raws = _obj(self.raw(f), self.n)
        self._reject(mask, f, np.where(np.equal(raws, None), "", raws), np.full(self.n, reason, dtype=object))

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
        from graphfraud.normalize.date_order import day_first_text
        from graphfraud.normalize.timestamp import parse_many

        codes, uniq, raws = self._column(f)
        # value by value, so the distinct cells are enough
        res = parse_many([day_first_text(u) for u in uniq] if f in self.month_first else uniq)
        epoch, error, reason = res.epoch.tolist(), res.error.tolist(), res.reason.tolist()
        if self.timezone:
            from graphfraud.normalize.timezone import rezoned, zone

            tz = zone(self.timezone)
            epoch = [t if e else rezoned(t, u, tz) for t, e, u in zip(epoch, error, uniq)]
        bad_u = [e and r is not None for e, r in zip(error, uniq)]
        if any(bad_u):
            self._reject(_flags(bad_u, codes), f, raws, _spread(reason, codes))
        self._days[f] = (codes, date_only_cells(uniq, res))
        if res.serial.any():   # read as the dates they are; the load's note counts them
            self.out.serial_dates += int(res.serial[codes[codes >= 0]].sum())
        return codes, [None if r is None or e else (t, None) for r, e, t in zip(uniq, error, epoch)]

    def day_only(self, f: str = "timestamp"):
        """Per row ``"day"`` where the timestamp of field ``f`` gives the date without the time of
        day (read as 00:00 that day, see :func:`~graphfraud.normalize.timestamp.has_time_of_day`),
        else None: an edge's ``time_precision``. Call after its timestamps were read."""
        import numpy as np

        codes, days = self._days.get(f) or (None, None)
        if codes is None:
            return None
        if any(days):
            self.out.dated_by_day = int(np.asarray(days, dtype=bool)[codes[codes >= 0]].sum())
        return _spread(["day" if d else None for d in days], codes)

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
             amount=None, props=None, key_ts=None):
        """Emit edges for rows where both ends are present. ``disc`` is a per-row list or one
        value for every row; ``props`` None, one map for every row, or per-row maps (_RowProps).
        ``key_ts``: per-row times the edge's identity uses instead of ``ts`` (a statement's day)."""
        import numpy as np

        n = self.n
        sv, dv = _obj(sv, n), _obj(dv, n)
        emit = self._has(sv) & self._has(dv)
        if etype not in {"transfer", "call", *OWN_EDGE_TYPES} and st == dt:
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
        kt = t if key_ts is None else _obj(key_ts, n)[idx].tolist()
        seg = EdgeSegment(etype, st, dt, cols, a, b, t, d, am, pj, self.rows[idx].tolist(),
                          edge_keys(etype, st, a, dt, b, kt, d))
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


def build_facts(table, mapping, case_id: str | None = None, seen=None, cache: dict | None = None) -> FactBatch:
    """Normalise one mapped table into a :class:`FactBatch`. ``seen``: the file's
    :class:`~graphfraud.duplicates.FileRows`, to count (or keep) rows repeating earlier ones.
    ``cache``: a dict shared by the tables of one file, so that a cell seen in an earlier chunk is
    not normalised again (the facts are the same with or without it)."""
    occ = None
    if seen is not None and not (mapping.kind in ("transactions", "statements") and "txn_id" in mapping.columns.values()):
        occ = seen.repeats(table.rows)
    n_rows = len(table.rows)
    table, origin = split_rows(table, mapping)  # a cell naming several phones: the row read once per phone
    b = _Builder(mapping.kind, table, mapping, case_id, seen, cache)
    if occ is not None:
        b.out.duplicates = int((occ > 0).sum())
        if seen.keep_duplicates and b.out.duplicates:
            b.repeat = occ if origin is None else occ[origin]
    for row, reason in table.ragged:
        b.out.rejects.append((row, "*", "", reason))
    for row, col, value, reason in getattr(table, "cell_rejects", ()):
        b.out.rejects.append((row, table.headers[col] if col is not None else "*", value, reason))
    BUILDERS[mapping.kind](b)
    out = b.finish()
    reject_rows_storing_nothing(out, b.rows, b.df)
    if origin is not None:  # the copies of a split row: one row read, each reject told once
        out.rows = n_rows
        out.rejects = list(dict.fromkeys(out.rejects))
    return out

