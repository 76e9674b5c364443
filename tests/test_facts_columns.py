"""The column-wise fact builder against a straightforward row-by-row one.

``graphfraud.facts`` cleans, normalises and JSON-encodes each distinct cell once and spreads the
results back to the rows with numpy. ``RowBuilder`` below does the same work the plain way — one
row at a time, ``json.dumps`` per row, ``edge_key`` per edge, a set of edge ends for the mentions —
behind the same interface, so the same kind functions run on both; on random messy tables of every
kind they must give the same FactBatch: the same nodes (in the same order, with the same props in
the same key order), edges, mentions and rejects. The store tests check the per-type counts that
``stats`` reads and that the indexes a bulk load rebuilds are the ones the store had.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from graphfraud.loaders.detect import Mapping
from graphfraud.loaders.read import Table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud import facts
from graphfraud.errors import InvalidValue
from graphfraud.facts import FactBatch, build_facts, edge_key, edge_keys
from graphfraud.facts_checks import reject_rows_storing_nothing
from graphfraud.facts_multi import split_rows
from graphfraud.load import load_files
from graphfraud.normalize import NORMALIZERS
from graphfraud.normalize.base import clean_text
from tests.conftest import write_csv


class RowBuilder:
    """The kind functions' builder interface, row by row."""

    known = None  # no column codes: _RowProps falls back to plain comparisons

    def __init__(self, table, mapping, case_id):
        self.df = table.rows
        self.headers = table.headers
        self.col_of = {f: i for i, f in mapping.columns.items()}
        self.case_id = case_id
        self.n = len(self.df)
        self.row = table.row_number
        self.rows = np.array([table.row_number(i) for i in range(self.n)], dtype=np.int64)
        self.out = FactBatch(rows=self.n, edges=[])
        self.cache: dict = {}
        self.raws: dict = {}
        self.ends: set = set()
        self.mention_list: list = []
        self._scientific: dict = {}
        self._extra_cols = {h: [clean_text(v) for v in self.df[c].tolist()] for c, h in mapping.extra.items()}

    def header(self, f):
        return self.headers[self.col_of[f]] if f in self.col_of else f

    def raw(self, f):
        if f not in self.raws:
            if f == "case_id" and f not in self.col_of and self.case_id:
                self.raws[f] = [self.case_id] * self.n
            elif f not in self.col_of:
                self.raws[f] = [None] * self.n
            else:
                self.raws[f] = [clean_text(v) for v in self.df[self.col_of[f]].tolist()]
        return self.raws[f]

    text = raw

    def norm(self, f, type_, ctx=None, ctx_name=None):
        fn = facts._normalizer(type_)
        vals, props = [None] * self.n, {}
        for i, r in enumerate(self.raw(f)):
            if r is None:
                continue
            c = ctx[i] if ctx is not None else None
            try:
                v, p = fn(r, **({ctx_name: c} if ctx_name and c is not None else {}))
            except InvalidValue as exc:
                self.out.rejects.append((self.row(i), self.header(f), r, exc.reason))
                continue
            vals[i] = v
            props.setdefault(v, p)
        return vals, props

    def scalar(self, f, type_):
        out = [None] * self.n
        for i, r in enumerate(self.raw(f)):
            if r is None:
                continue
            try:
                n = NORMALIZERS[type_](r)
            except InvalidValue as exc:
                self.out.rejects.append((self.row(i), self.header(f), r, exc.reason))
                continue
            out[i] = (n.props["epoch"] if type_ == "timestamp" else n.value, n.props.get("currency"))
        return out

    def day_only(self, f="timestamp"):
        from graphfraud.normalize.timestamp import has_time_of_day

        out = [None] * self.n
        for i, r in enumerate(self.raw(f)):
            try:
                n = None if r is None else NORMALIZERS["timestamp"](r)
            except InvalidValue:
                continue
            if n is not None and not n.props["step"] and not has_time_of_day(r):
                out[i] = "day"
        return out

    def scalar_cols(self, f, type_):
        got = self.scalar(f, type_)
        return [x[0] if x else None for x in got], [x[1] if x else None for x in got]

    def money(self, af, cf):
        from graphfraud.normalize.amount import decimal_separator, format_amount, is_scientific, parse_amount
        from graphfraud.normalize.currency import currency_code

        cur, bad = [None] * self.n, [False] * self.n
        for i, c in enumerate(self.raw(cf)):
            if c is None:
                continue
            try:
                cur[i] = currency_code(c)
            except InvalidValue as exc:
                self.out.rejects.append((self.row(i), self.header(cf), c, exc.reason))
                bad[i] = True
        amounts = self.raw(af)
        minor = [a for a, c in zip(amounts, cur) if a is not None and c not in (None, "VND")]
        decimal = decimal_separator(minor) if minor else None
        out_a, out_c = [None] * self.n, list(cur)
        for i, a in enumerate(amounts):
            if a is None or bad[i]:
                continue
            try:
                value, code = parse_amount(a, cur[i], decimal if cur[i] not in (None, "VND") else None)
            except InvalidValue as exc:
                self.out.rejects.append((self.row(i), self.header(af), a, exc.reason))
                continue
            out_a[i], out_c[i] = format_amount(value), code or "VND"
        self._scientific[af] = np.array([v is not None and is_scientific(a) for v, a in zip(out_a, amounts)],
                                        dtype=bool)
        return out_a, out_c

    def row_maps(self, row_props):
        """Per-row dicts of a _RowProps, a dict of columns (or single values), or None."""
        if row_props is None:
            return None
        names = row_props.names if isinstance(row_props, facts._RowProps) else row_props
        extra = row_props.extra if isinstance(row_props, facts._RowProps) else {}
        cols = {k: v if isinstance(v, (list, tuple)) or hasattr(v, "__array__") else [v] * self.n
                for k, v in names.items()}
        out = []
        for i in range(self.n):
            d = {k: c[i] for k, c in cols.items() if c[i] is not None and c[i] != ""}
            x = {h: c[i] for h, c in extra.items() if c[i] is not None}
            if x:
                d["extra"] = x
            out.append(d)
        return out

    def node(self, type_, vals, props, f, row_props=None):
        maps = self.row_maps(row_props)
        for i, v in enumerate(vals):
            if v is None:
                continue
            p = self.out.nodes.get((type_, v))
            if p is None:
                p = self.out.nodes[(type_, v)] = dict(props.get(v, {}))
            for k, x in (maps[i].items() if maps is not None else ()):
                p.setdefault(k, x)
            self.mention_list.append((type_, v, self.row(i), self.header(f)))

    def edge(self, etype, st_, sv, dt, dv, cols, ts=None, disc="", amount=None, props=None):
        maps = self.row_maps(props) if isinstance(props, facts._RowProps) else None
        for i in range(self.n):
            a, b = sv[i], dv[i]
            if a is None or b is None or (etype not in {"transfer", "call", "withdrawal", "deposit"} and st_ == dt
                                          and a == b):
                continue
            t = ts[i] if ts is not None else None
            d = disc if isinstance(disc, str) else (disc[i] or "")
            p = maps[i] if maps is not None else props
            pj = json.dumps(p, ensure_ascii=False, sort_keys=True) if p else "{}"
            self.out.edges.append((etype, st_, a, dt, b, t, d, amount[i] if amount is not None else None, pj,
                                   self.row(i), cols, edge_key(etype, st_, a, dt, b, t, d)))
            self.ends |= {(self.row(i), st_, a), (self.row(i), dt, b)}

    def finish(self):
        self.out.mentions = [m for m in self.mention_list if (m[2], m[0], m[1]) not in self.ends]
        return self.out


def reference_facts(table, mapping, case_id=None) -> FactBatch:
    n_rows = len(table.rows)
    table, origin = split_rows(table, mapping)  # a cell naming several phones: read once per phone
    b = RowBuilder(table, mapping, case_id)
    for row, reason in table.ragged:
        b.out.rejects.append((row, "*", "", reason))
    facts.BUILDERS[mapping.kind](b)
    out = b.finish()
    reject_rows_storing_nothing(out, [table.row_number(i) for i in range(len(table.rows))], table.rows)
    if origin is not None:
        out.rows, out.rejects = n_rows, list(dict.fromkeys(out.rejects))
    return out


# -- random messy tables ---------------------------------------------------------
NFD = "Nguye\u0302\u0303n Thi\u0323 A\u0301nh"
POOLS = {
    "account": ["0011223344", " 0011 2233 44 ", "'0011223344", "9.12345678E8", "912345678.0", "1,234,567", "abc1",
                "123456789012345678901", "", "  ", "０１２３", "\u200b0011223355", '"0011223366"', "0011223355", "7"],
    "bank": ["VCB", "vietcom bank", "Ngân hàng TMCP Ngoại Thương Việt Nam", "xyz bank", "", "970436", "tcb"],
    "ip": ["1.2.3.4", "999.1.1.1", "::ffff:14.160.0.1", "10.0.0.1", "8.8.8.8:443", "abc", "", "2001:db8::1",
           "113.161.078.012"],
    "device": ["35-209900-176148-1", "{6F9619FF-8B86-D011-B42D-00C04FC964FF}", "9774D56D682E549C", "unknown",
               "00000000-0000-0000-0000-000000000000", "iPhone 13", "3.52099001761481E+14", ""],
    "case": ["VV-2024-0001", "  VV  2024 ", "", "vv-1", "VV-2024-0001 "],
    "timestamp": ["01/03/2024 10:00", "2024-03-01T10:00:00", "2024-03-01T10:00:00+07:00", "1709251200", "garbage",
                  "31/02/2024 10:00", "", "45352", "01/03/2024", "01/03/2024 00:00", "16/03/1970"],
    "amount": ["100000", "1.500.000,50", "191,000 VND", "$12.50", "abc", "-5", "1e5", "", "100.000 đ", "974.000",
               "8e-05", "3697.34", "1.234", "0.00008"],
    "currency": ["VND", "US Dollar", "Bitcoin", "đồng", "", "xyz!", "usd", "Euro", "ABCD"],
    "text": ["Mobile", "", "  x  ", 'say "hi"', "back\\slash", "tab\there", "ưu đãi", "\u0001", NFD, "NA", "'q'",
             "line\nbreak", "\u2028"],
    "phone": ["0912 345 678", "+84912345678", "113", "abc", "0912345678/0987654321", "84912345678", "", "0987654321"],
    "email": ["a@b.com", "A@B.COM", "bad@", "", " c@d.vn "],
    "social": ["fb.com/abc", "@zalo_user", "https://facebook.com/profile.php?id=123", "abc", "", "t.me/scam_bot"],
    "platform": ["Facebook", "Zalo", "telegram", ""],
    "url": ["http://example.com/a", "example.vn", "not a url", "", "https://amazon-ctv247.net/?ref=2"],
    "national_id": ["001099012345", "123", "abc", ""],
    "name": ["Nguyễn Văn A", "NA", "  A  B ", "", NFD],
    "country": ["VN", "Việt Nam", "kh", "us", "", "xx"],
}
FIELDS = {
    "transactions": {"txn_id": "text", "timestamp": "timestamp", "from_account": "account", "from_bank": "bank",
                     "to_account": "account", "to_bank": "bank", "amount": "amount", "currency": "currency",
                     "channel": "text", "ip": "ip", "device_id": "device", "description": "text", "case_id": "case"},
    "calls": {"caller": "phone", "callee": "phone", "timestamp": "timestamp", "duration_s": "text",
              "call_type": "text", "origin_country": "country", "case_id": "case"},
    "logins": {"account": "account", "bank": "bank", "ip": "ip", "device_id": "device", "timestamp": "timestamp",
               "country": "country"},
    "accounts": {"account": "account", "bank": "bank", "holder_name": "name", "holder_id": "national_id",
                 "phone": "phone", "email": "email", "biometric_verified": "text", "opened_at": "timestamp"},
    "reports": {"case_id": "case", "report_date": "timestamp", "victim_name": "name", "victim_phone": "phone",
                "victim_account": "account", "victim_bank": "bank", "suspect_phone": "phone",
                "suspect_account": "account", "suspect_bank": "bank", "suspect_social": "social",
                "suspect_url": "url", "suspect_email": "email", "suspect_ip": "ip", "amount_lost": "amount",
                "scam_type": "text", "narrative": "text"},
    "social": {"social_account": "social", "platform": "platform", "phone": "phone", "email": "email",
               "display_name": "name"},
}


@st.composite
def tables(draw):
    kind = draw(st.sampled_from(sorted(FIELDS)))
    fields = draw(st.lists(st.sampled_from(sorted(FIELDS[kind])), min_size=1, max_size=len(FIELDS[kind]),
                           unique=True))
    extras = draw(st.lists(st.sampled_from(["Ghi chú", "Chi nhánh", "Note"]), max_size=3))  # may repeat
    # few distinct values per column, so values repeat and "the first row wins" matters
    pools = [draw(st.lists(st.sampled_from(POOLS[FIELDS[kind][f]]) | st.text(max_size=6), min_size=1, max_size=4))
             for f in fields] + [draw(st.lists(st.sampled_from(POOLS["text"]), min_size=1, max_size=4))
                                 for _ in extras]
    n = draw(st.integers(0, 25))
    cells = [[draw(st.sampled_from(p)) for p in pools] for _ in range(n)]
    headers = [f.replace("_", " ") for f in fields] + extras
    width = len(headers)
    df = pd.DataFrame(cells if cells else None, columns=range(width), dtype=object)
    if draw(st.booleans()):  # row numbers with gaps, as the tolerant CSV reader gives them
        rownums = sorted(draw(st.lists(st.integers(2, 10 ** 6), min_size=n, max_size=n, unique=True)))
        table = Table(Path("t.csv"), "", headers, df, rownums[0] if rownums else 2, [(3, "row has 9 fields")],
                      rownums=rownums)
    else:
        table = Table(Path("t.csv"), "", headers, df, draw(st.integers(1, 50)))
    mapping = Mapping(kind, {i: f for i, f in enumerate(fields)}, headers,
                      {len(fields) + j: h for j, h in enumerate(extras)})
    return table, mapping, draw(st.sampled_from([None, "VV-9", " VV 10 "]))


def _same(a, b):
    """Equal, with the same types and the same dict key order all the way down."""
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert list(a) == list(b), (a, b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), (a, b)
        for x, y in zip(a, b):
            _same(x, y)
    else:
        assert a == b, (a, b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_column_builder_gives_the_row_by_row_facts(t):
    table, mapping, case_id = t
    got, want = build_facts(table, mapping, case_id), reference_facts(table, mapping, case_id)
    _same(list(got.nodes.items()), list(want.nodes.items()))
    _same(got.edges, want.edges)
    _same(got.mentions, want.mentions)
    _same(got.rejects, want.rejects)
    assert got.rows == want.rows and got == want


def test_edge_props_are_json_dumps_byte_for_byte():
    cells = ['say "hi"', "back\\slash", "tab\there", "\u0001\u001f", "ưu đãi", "\u2028", "😀", "</script>"]
    rows = [[f"FT{i}", "0011223344", "0055667788", "100000", c, c] for i, c in enumerate(cells)]
    table = Table(Path("t.csv"), "", ["txn id", "from account", "to account", "amount", "description", "Ghi chú"],
                  pd.DataFrame(rows, columns=range(6), dtype=object), 2)
    mapping = Mapping("transactions", {0: "txn_id", 1: "from_account", 2: "to_account", 3: "amount",
                                       4: "description"}, table.headers, {5: "Ghi chú"})
    props = [e[8] for e in build_facts(table, mapping).edges if e[0] == "transfer"]
    want = []
    for i, c in enumerate(cells):
        x = clean_text(c)  # "\u2028" and "\x1f" are white space
        want.append({"txn_id": f"FT{i}", "currency": "VND", **({"description": x, "extra": {"Ghi chú": x}} if x else {})})
    assert props == [json.dumps(d, ensure_ascii=False, sort_keys=True) for d in want]
    assert any("\\u0001" in p for p in props) and any("😀" in p for p in props)


def test_edge_keys_are_edge_key():
    sv, dv = ["0011223344", "a\x1fb", "ư"], ["0055667788", "", "x"]
    ts, disc = [1709251200, None, -5], ["100000|FT1", "", "kyc"]
    assert edge_keys("transfer", "account", sv, "account", dv, ts, disc) == [
        edge_key("transfer", "account", a, "account", b, t, d) for a, b, t, d in zip(sv, dv, ts, disc)]


def test_batch_edges_are_made_from_segments_and_can_be_given_as_tuples():
    table = Table(Path("t.csv"), "", ["from account", "to account", "amount"],
                  pd.DataFrame([["0011223344", "0055667788", "5"]], columns=range(3), dtype=object), 2)
    b = build_facts(table, Mapping("transactions", {0: "from_account", 1: "to_account", 2: "amount"},
                                   table.headers))
    assert b.segments and [e[0] for e in b.edges] == ["transfer"]
    half = FactBatch(nodes=b.nodes, edges=b.edges[:0], rows=b.rows)
    assert half.edges == [] and not half.segments


# -- the store: counts kept for stats, indexes rebuilt after a bulk load ------------
TX = ["Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền", "Địa chỉ IP", "Mã thiết bị",
      "Mã vụ việc"]


def _tx_rows(n, start=0):
    return [[f"FT{i}", f"01/03/2024 {i % 24:02d}:{i % 60:02d}", f"00{i % 97:08d}", f"09{i % 89:08d}",
             f"{(i % 13 + 1) * 1000}", f"14.160.{i % 7}.{i % 11}" if i % 3 else "", f"DEV-{i % 5}" if i % 2 else "",
             "VV-1" if i % 10 == 0 else ""] for i in range(start, start + n)]


def _scan(db_path):
    con = sqlite3.connect(db_path)
    try:
        return ({t: n for t, n in con.execute("SELECT type, count(*) FROM nodes GROUP BY type ORDER BY type")},
                {t: n for t, n in con.execute("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type")},
                sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE type='index'")))
    finally:
        con.close()


def test_stats_counts_are_kept_by_loads_and_match_a_scan(store, tmp_path, monkeypatch):
    from graphfraud.loaders import read

    monkeypatch.setattr(read, "CHUNK_ROWS", 700)  # several batches per file
    indexes = _scan(store.path)[2]
    a = write_csv(tmp_path / "a.csv", TX, _tx_rows(2000))
    b = write_csv(tmp_path / "b.csv", TX, _tx_rows(1500, start=1000))  # half of it already loaded
    c = write_csv(tmp_path / "c.csv", ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "SĐT"],
                  [["0000000001", "VCB", "A", "0912345678"], ["0000000002", "VCB", "B", ""]])
    for files in ([a], [b, c], [a, b]):
        load_files(store, files)
        nodes, edges, idx = _scan(store.path)
        s = store.stats()
        assert (s["nodes"], s["edges"]) == (nodes, edges) and list(s["edges"]) == sorted(edges)
        assert s["total_edges"] == sum(edges.values())
        assert store._stored_counts() is not None  # stats did not need the scan
        assert idx == indexes  # the bulk load built the same indexes again


def test_stats_scans_when_the_counts_do_not_describe_the_store(store, tmp_path):
    load_files(store, [write_csv(tmp_path / "a.csv", TX, _tx_rows(50))])
    before = store.stats()
    # another writer (an older graphfraud) adds a load without keeping the counts
    store.db.execute("INSERT INTO nodes(type, value) VALUES('phone', '+84900000000')")
    store.db.execute("INSERT INTO loads(load_id, sha256, path, finished) VALUES('x', 'y', 'z', 'now')")
    assert store._stored_counts() is None
    assert store.stats()["nodes"] == {**before["nodes"], "phone": 1}
    load_files(store, [write_csv(tmp_path / "b.csv", TX, _tx_rows(50, start=50))])
    assert (store.stats()["nodes"], store.stats()["edges"]) == _scan(store.path)[:2]
    assert store._stored_counts() is not None


def test_a_failed_load_keeps_the_counts_and_the_indexes(store, tmp_path, monkeypatch):
    load_files(store, [write_csv(tmp_path / "a.csv", TX, _tx_rows(30))])
    before, scanned = store.stats(), _scan(store.path)
    real = facts.build_facts
    calls = []

    def failing(*a, **kw):
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("disk on fire")
        return real(*a, **kw)

    from graphfraud.loaders import read

    from graphfraud import load as load_module

    monkeypatch.setattr(read, "CHUNK_ROWS", 100)
    monkeypatch.setattr(load_module, "build_facts", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        load_files(store, [write_csv(tmp_path / "b.csv", TX, _tx_rows(500, start=30))])
    assert store.stats() == before and _scan(store.path) == scanned
