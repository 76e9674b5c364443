"""The facts of each kind of source (transactions, calls, logins, accounts, reports, social): which
nodes and edges a row of that kind states, built column by column by :class:`graphfraud.facts._Builder`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graphfraud.duplicates import txn_conflicts as _txn_conflicts
from graphfraud.duplicates import with_repeat as _with_repeat
from graphfraud.facts_checks import reject_missing
from graphfraud.facts_columns import _obj, _present, _RowProps
from graphfraud.facts_money import amount_notation
from graphfraud.facts_statements import statements
from graphfraud.facts_subscriber import subscriber_calls

if TYPE_CHECKING:
    from graphfraud.facts import _Builder


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
    withdrawal, deposit = _one_sided(b, fa, ta)
    reject_missing(b, ("from_account", "to_account"), stored={"to_account": withdrawal, "from_account": deposit})
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
                            "description": b.text("description"), "case_id": case,
                            "time_precision": b.day_only(), "amount_notation": amount_notation(b, "amount")})
    disc = _with_repeat(b, [f"{a or ''}|{t or ''}" for a, t in zip(amount, txn)])
    either = np.where(withdrawal | ~deposit, _obj(fa, b.n), _obj(ta, b.n))
    moved = _obj(_txn_conflicts(b, txn, amount, ts, either), b.n)   # None where a row conflicts
    b.edge("transfer", "account", np.where(deposit, None, moved), "account", ta, "from_account,to_account", ts,
           disc, amount, props)
    out_only = np.where(withdrawal, moved, None)
    b.edge("withdrawal", "account", out_only, "account", out_only, "from_account", ts, disc, amount, props)
    in_only = np.where(deposit, moved, None)
    b.edge("deposit", "account", in_only, "account", in_only, "to_account", ts, disc, amount, props)
    b.edge("login", "account", fa, "ip", ip, "from_account,ip", ts, disc="transfer",
           props={"via": "transfer"})
    b.edge("login", "account", fa, "device", dev, "from_account,device_id", ts, disc="transfer",
           props={"via": "transfer"})
    _mention_case(b, case, [("account", fa, "related", "from_account"), ("account", ta, "related", "to_account")])


def _one_sided(b: _Builder, fa, ta) -> tuple[np.ndarray, np.ndarray]:
    """Per row of a file with both account columns: a withdrawal (a sender whose receiver cell is
    empty: cash at an ATM or a counter) and a deposit (a receiver whose sender cell is empty). A cell
    that holds something unreadable is not empty, and a row with a reject for the whole row or for an
    account cell (a formula without a saved value reads as empty) is neither: it keeps its reject."""
    if "from_account" not in b.col_of or "to_account" not in b.col_of:
        none = np.zeros(b.n, dtype=bool)
        return none, none
    told = {r[0] for r in b.out.rejects if r[1] in ("*", b.header("from_account"), b.header("to_account"))}
    clean = ~np.isin(b.rows, np.fromiter(told, dtype=np.int64, count=len(told)))   # no cell read as empty
    no_from = np.equal(np.asarray(b.raw("from_account"), dtype=object), None)
    no_to = np.equal(np.asarray(b.raw("to_account"), dtype=object), None)
    return _present(fa) & no_to & clean, _present(ta) & no_from & clean


def _calls(b: _Builder):
    if "caller" in b.col_of or "callee" in b.col_of or "other_party" not in b.col_of:
        ca, cp = b.norm("caller", "phone")
        ce, ep = b.norm("callee", "phone")
        reject_missing(b, ("caller", "callee"))
        b.node("phone", ca, cp, "caller")
        b.node("phone", ce, ep, "callee")
        ways = [(ca, ce, "caller,callee")]
    else:  # one subscriber's list: the other party and the way each call went
        ca, ce, out = subscriber_calls(b)
        ways = [(np.where(out, ca, None), np.where(out, ce, None), "subscriber,other_party"),
                (np.where(out, None, ca), np.where(out, None, ce), "other_party,subscriber")]
    case, _ = b.norm("case_id", "case")
    b.node("case", case, {}, "case_id")
    ts, _, _ = _ts_amount(b, af=None)
    dur = b.text("duration_s")
    props = _props_rows(b, {"duration_s": dur, "call_type": b.text("call_type"),
                            "origin_country": b.text("origin_country"), "case_id": case,
                            "time_precision": b.day_only()})
    disc = _with_repeat(b, [d or "" for d in dur])
    for src, dst, cols in ways:
        b.edge("call", "phone", src, "phone", dst, cols, ts, disc=disc, props=props)
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
    props = _props_rows(b, {"country": country, "time_precision": b.day_only()})
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
            "reports": _reports, "social": _social, "statements": statements}

