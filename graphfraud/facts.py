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
from dataclasses import dataclass, field

from graphfraud.errors import InvalidValue
from graphfraud.normalize import NORMALIZERS
from graphfraud.normalize.base import clean_text

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


@dataclass
class FactBatch:
    """Facts from one table, in row order. Rows are user-visible row numbers."""

    nodes: dict[tuple[str, str], dict] = field(default_factory=dict)  # (type, value) -> props
    edges: list[tuple] = field(default_factory=list)  # EDGE_COLUMNS
    mentions: list[tuple] = field(default_factory=list)  # (type, value, row, column header)
    rejects: list[tuple] = field(default_factory=list)  # (row, column header, value, reason)
    rows: int = 0


EDGE_COLUMNS = ("type", "src_type", "src_value", "dst_type", "dst_value", "ts", "disc", "amount",
                "props", "row", "cols", "key")


def edge_key(etype: str, st: str, sv: str, dt: str, dv: str, ts, disc: str) -> int:
    """The stable id of an edge: a signed 64-bit hash of what makes it one fact
    (type, both ends, time, discriminator). The same fact from any file, in any
    store, gets the same id."""
    h = hashlib.blake2b(f"{etype}\x1f{st}\x1f{sv}\x1f{dt}\x1f{dv}\x1f{'' if ts is None else ts}\x1f{disc}".encode(),
                        digest_size=8).digest()
    return int.from_bytes(h, "big", signed=True)


def _clean_column(series) -> list:
    """clean_text over a column, each distinct cell once."""
    cache: dict = {}
    out = []
    for v in series.tolist():
        c = cache.get(v, _MISS)
        if c is _MISS:
            c = cache[v] = clean_text(v)
        out.append(c)
    return out


_MISS = object()


def _case_value(raw: str) -> str:
    text = " ".join(raw.split())
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
    def __init__(self, kind: str, table, mapping, case_id: str | None):
        self.kind = kind
        self.df = table.rows
        self.row = table.row_number
        self.headers = table.headers
        self.col_of = {f: i for i, f in mapping.columns.items()}
        self.extra = mapping.extra
        self.case_id = case_id
        self.out = FactBatch(rows=len(self.df))
        self._cache: dict[tuple, object] = {}
        self._raw: dict[str, list] = {}
        self.n = len(self.df)
        self._extra_cols = {h: _clean_column(self.df[col]) for col, h in self.extra.items()}

    # -- column access -------------------------------------------------------
    def header(self, f: str) -> str:
        return self.headers[self.col_of[f]] if f in self.col_of else f

    def raw(self, f: str) -> list[str | None]:
        """Cleaned cells of one field's column (cached; each distinct cell cleaned once)."""
        got = self._raw.get(f)
        if got is None:
            if f == "case_id" and f not in self.col_of and self.case_id:
                got = [self.case_id] * self.n
            elif f not in self.col_of:
                got = [None] * self.n
            else:
                got = _clean_column(self.df[self.col_of[f]])
            self._raw[f] = got
        return got

    def norm(self, f: str, type_: str, ctx: list | None = None, ctx_name: str | None = None):
        """Normalised values of one column (None where empty or rejected) and their props."""
        raws = self.raw(f)
        fn = _normalizer(type_)
        vals: list[str | None] = [None] * self.n
        props: dict[str, dict] = {}
        for i, r in enumerate(raws):
            if r is None:
                continue
            c = ctx[i] if ctx is not None else None
            ck = (type_, r, c)
            hit = self._cache.get(ck)
            if hit is None:
                try:
                    hit = fn(r, **({ctx_name: c} if ctx_name and c is not None else {}))
                except InvalidValue as exc:
                    hit = exc
                self._cache[ck] = hit
            if isinstance(hit, InvalidValue):
                self.out.rejects.append((self.row(i), self.header(f), r, hit.reason))
                continue
            vals[i] = hit[0]
            props.setdefault(hit[0], hit[1])
        return vals, props

    def scalar(self, f: str, type_: str):
        """Parsed non-identifier values (timestamps -> epoch seconds, amounts -> Decimal text)."""
        raws = self.raw(f)
        out: list = [None] * self.n
        if type_ == "timestamp" and f in self.col_of:
            return self._timestamps(f, raws)
        fn = NORMALIZERS[type_]
        for i, r in enumerate(raws):
            if r is None:
                continue
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
                self.out.rejects.append((self.row(i), self.header(f), r, hit.reason))
                continue
            out[i] = hit
        return out

    def _timestamps(self, f: str, raws: list):
        from graphfraud.normalize.timestamp import parse_many

        res = parse_many(raws)
        epoch = res.epoch.tolist()
        out: list = [None] * self.n
        for i, r in enumerate(raws):
            if r is None:
                continue
            if res.error[i]:
                self.out.rejects.append((self.row(i), self.header(f), r, res.reason[i]))
            else:
                out[i] = (epoch[i], None)
        return out

    def text(self, f: str) -> list[str | None]:
        return self.raw(f)

    def extras(self, i: int) -> dict:
        return {h: col[i] for h, col in self._extra_cols.items() if col[i] is not None}

    # -- fact emitters -------------------------------------------------------
    def node(self, type_: str, vals: list, props: dict, f: str, row_props: list[dict] | None = None):
        h = self.header(f)
        for i, v in enumerate(vals):
            if v is None:
                continue
            p = self.out.nodes.get((type_, v))
            if p is None:
                p = dict(props.get(v, {}))
                self.out.nodes[(type_, v)] = p
            if row_props is not None:
                for k, x in row_props[i].items():
                    if x is not None and x != "":
                        p.setdefault(k, x)
            self.out.mentions.append((type_, v, self.row(i), h))

    def edge(self, etype: str, st: str, sv: list, dt: str, dv: list, cols: str, ts=None, disc="",
             amount=None, props=None):
        """Emit edges for rows where both ends are present. ``disc`` and ``props`` are
        per-row lists or one value for every row."""
        const_disc = disc if isinstance(disc, str) else None
        const_props = None
        if props is None or isinstance(props, dict):
            const_props = json.dumps(props, ensure_ascii=False, sort_keys=True) if props else "{}"
        loop = etype not in {"transfer", "call"} and st == dt
        append = self.out.edges.append
        for i in range(self.n):
            a, b = sv[i], dv[i]
            if a is None or b is None or (loop and a == b):
                continue
            t = ts[i] if ts is not None else None
            d = const_disc if const_disc is not None else (disc[i] or "")
            if const_props is not None:
                pj = const_props
            else:
                p = props[i]
                pj = json.dumps(p, ensure_ascii=False, sort_keys=True) if p else "{}"
            append((etype, st, a, dt, b, t, d, amount[i] if amount is not None else None, pj,
                    self.row(i), cols, edge_key(etype, st, a, dt, b, t, d)))


def _props_rows(b: _Builder, names: dict[str, list], with_extra: bool = True) -> list[dict]:
    rows = []
    for i in range(b.n):
        d = {k: v[i] for k, v in names.items() if v[i] is not None and v[i] != ""}
        if with_extra:
            x = b.extras(i)
            if x:
                d["extra"] = x
        rows.append(d)
    return rows


def _bank_col(b: _Builder, f: str) -> list[str | None]:
    vals, _ = b.norm(f, "bank")
    return vals


def _ts_amount(b: _Builder, tf: str = "timestamp", af: str | None = "amount"):
    ts = [x[0] if x else None for x in b.scalar(tf, "timestamp")]
    if af is None:
        return ts, None, None
    am = b.scalar(af, "amount")
    return ts, [x[0] if x else None for x in am], [x[1] if x else None for x in am]


def _mention_case(b: _Builder, case: list, targets: list[tuple[str, list, str, str]]):
    """case -> identifier mention edges; targets: (type, values, role, field)."""
    for type_, vals, role, f in targets:
        b.edge("mention", "case", case, type_, vals, f"case_id,{f}", disc=role,
               props={"role": role})


def _transactions(b: _Builder):
    fb, tb = _bank_col(b, "from_bank"), _bank_col(b, "to_bank")
    fa, fp = b.norm("from_account", "account")
    ta, tp = b.norm("to_account", "account")
    b.node("account", fa, fp, "from_account", [{"bank": x} for x in fb])
    b.node("account", ta, tp, "to_account", [{"bank": x} for x in tb])
    ip, ipp = b.norm("ip", "ip")
    dev, devp = b.norm("device_id", "device")
    case, _ = b.norm("case_id", "case")
    b.node("ip", ip, ipp, "ip")
    b.node("device", dev, devp, "device_id")
    b.node("case", case, {}, "case_id")
    ts, amount, cur = _ts_amount(b)
    txn = b.text("txn_id")
    currency = [c or x for c, x in zip(b.text("currency"), cur)]
    props = _props_rows(b, {"txn_id": txn, "currency": currency, "channel": b.text("channel"),
                            "description": b.text("description"), "case_id": case})
    disc = [f"{a or ''}|{t or ''}" for a, t in zip(amount, txn)]
    b.edge("transfer", "account", fa, "account", ta, "from_account,to_account", ts, disc, amount, props)
    b.edge("login", "account", fa, "ip", ip, "from_account,ip", ts, disc="transfer",
           props={"via": "transfer"})
    b.edge("login", "account", fa, "device", dev, "from_account,device_id", ts, disc="transfer",
           props={"via": "transfer"})
    _mention_case(b, case, [("account", fa, "related", "from_account"), ("account", ta, "related", "to_account")])


def _calls(b: _Builder):
    ca, cp = b.norm("caller", "phone")
    ce, ep = b.norm("callee", "phone")
    case, _ = b.norm("case_id", "case")
    b.node("phone", ca, cp, "caller")
    b.node("phone", ce, ep, "callee")
    b.node("case", case, {}, "case_id")
    ts, _, _ = _ts_amount(b, af=None)
    dur = b.text("duration_s")
    props = _props_rows(b, {"duration_s": dur, "call_type": b.text("call_type"),
                            "origin_country": b.text("origin_country"), "case_id": case})
    b.edge("call", "phone", ca, "phone", ce, "caller,callee", ts, disc=[d or "" for d in dur], props=props)
    _mention_case(b, case, [("phone", ca, "related", "caller"), ("phone", ce, "related", "callee")])


def _logins(b: _Builder):
    bank = _bank_col(b, "bank")
    acc, ap = b.norm("account", "account")
    country = [c.upper() if c else None for c in b.text("country")]
    ip, ipp = b.norm("ip", "ip", ctx=country, ctx_name="country")
    dev, dp = b.norm("device_id", "device")
    b.node("account", acc, ap, "account", [{"bank": x} for x in bank])
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
           [{"name": n, "national_id": x} for n, x in zip(names, nid)])
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
        vals, props = b.norm(f, t)
        b.node(t, vals, props, f, [{"bank": x} for x in bank] if bank is not None else None)
        targets.append((t, vals, role, f))
    victim = [f"case:{c}" if c and (n or vp) else None
              for c, n, vp in zip(case, vname, targets[0][1])]
    b.node("person", victim, {}, "victim_name", [{"name": n, "role": "victim"} for n in vname])
    targets.append(("person", victim, "victim", "victim_name"))
    _mention_case(b, case, targets)
    b.edge("owns", "person", victim, "account", targets[1][1], "victim_name,victim_account", disc="owns")
    b.edge("registered", "person", victim, "phone", targets[0][1], "victim_name,victim_phone",
           disc="report")


def _social(b: _Builder):
    platform = b.text("platform")
    so, sp = b.norm("social_account", "social", ctx=platform, ctx_name="platform")
    ph, pp = b.norm("phone", "phone")
    em, ep = b.norm("email", "email")
    b.node("social", so, sp, "social_account", _props_rows(b, {"display_name": b.text("display_name")}))
    b.node("phone", ph, pp, "phone")
    b.node("email", em, ep, "email")
    b.edge("social_link", "social", so, "phone", ph, "social_account,phone", disc="phone")
    b.edge("social_link", "social", so, "email", em, "social_account,email", disc="email")


BUILDERS = {"transactions": _transactions, "calls": _calls, "logins": _logins, "accounts": _accounts,
            "reports": _reports, "social": _social}


def build_facts(table, mapping, case_id: str | None = None) -> FactBatch:
    """Normalise one mapped table into a :class:`FactBatch`."""
    b = _Builder(mapping.kind, table, mapping, case_id)
    for row, reason in table.ragged:
        b.out.rejects.append((row, "*", "", reason))
    BUILDERS[mapping.kind](b)
    out = b.out
    # A node that is an end of an edge from the same row has that edge's provenance already;
    # only mentions that stand alone (a row naming one identifier) are kept separately.
    ends = {(e[9], e[1], e[2]) for e in out.edges} | {(e[9], e[3], e[4]) for e in out.edges}
    out.mentions = [m for m in out.mentions if (m[2], m[0], m[1]) not in ends]
    return out
