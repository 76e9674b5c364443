"""The facts of one account's statement (sao kê): each row is a transfer between the statement's
account and a counterparty, out of the account when the row is a debit, into it when a credit.

A statement states its direction in one of these ways, and each is read:

* a debit column and a credit column (``Số tiền ghi nợ`` / ``Số tiền ghi có``, ``Debit`` /
  ``Credit``), one of them filled per row; a ``0`` or ``-`` in the other is read as empty, and a sign
  written in either column is dropped (the column already says which way the money went);
* one amount column and a direction column (``Nợ/Có``, ``D/C``, ``DR/CR``, ``Debit/Credit``);
* a credit column alone, or a debit column alone (a statement of the money in, or out);
* one amount column and a title above the table saying the way of every row (``SAO KÊ … (SỐ TIỀN
  CHUYỂN VÀO TK)``), else the amount's sign (``-`` out, ``+`` in; an amount with no sign is a reject).

The statement's own account is a column (``Số tài khoản``) or, in most banks' exports, a line above
the table (``Số tài khoản: 0071001234567``): :mod:`graphfraud.loaders.statement` finds it there and
the rows cite that line. A row with no counterparty account (a cash withdrawal or deposit, a fee,
interest), in its column or its description, is a ``withdrawal`` (a debit) or a ``deposit`` (a credit)
of the statement's account. A row with both a debit and a credit, or with neither, is a reject naming
why; nothing else in the file is lost. A transfer read from the sender's statement and
from the receiver's is one edge: its identity is the day, the two accounts, the amount and its order
among that statement's transfers with those, over the files of one load (see :func:`_order_in_day`),
not the reference or the time of day, which the two banks write differently.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import numpy as np

from graphfraud.duplicates import txn_conflicts, with_repeat
from graphfraud.errors import InvalidValue
from graphfraud.facts_columns import _factorize, _obj, _RowProps, _spread
from graphfraud.facts_money import amount_notation
from graphfraud.normalize.base import unaccented
from graphfraud.normalize.direction import way

if TYPE_CHECKING:
    from graphfraud.facts import _Builder

__all__ = ["statements"]

# what a direction cell says, folded (accents, case, punctuation)
_NIL = re.compile(r"^\s*([\-–—]+|[+\-]?0+([.,]0+)*\s*(VND|VNĐ|đ|₫)?)\s*$", re.IGNORECASE)  # "-", "0", "0,00", "0 VND"

DAY_S = 86_400
LOCAL_OFFSET_S = 7 * 3600  # a day in Vietnam time (no daylight saving), as the timestamps are read

# an account number a description names: after a word that points at an account, 8 to 19 digits; not
# "+TK10720227" of a customs payment ("HQDT+ID0+MST…+TK…": TK is its declaration, tờ khai)
_NAMED_ACCOUNT = re.compile(r"(?<![a-z0-9+])(?:tu|toi|den|sang|cho|tk|stk|tai khoan|so tk|from|to|acc|account|a/c)"
                            r"\s*[:.#]?\s*(\d[\d.\-]{6,20}\d)(?![\d])")

BOTH = "both a debit and a credit amount: the direction is unknown, the transfer is not stored"
NEITHER = "no amount in the debit or the credit column: the transfer is not stored"
NO_COUNTERPARTY = ("no counterparty account and no readable account of the statement: "
                   "the transfer is not stored")
NO_DIRECTION = "not a debit or credit marker (Nợ/Có, D/C, DR/CR, Debit/Credit): the transfer is not stored"
NO_ACCOUNT = "no account for the statement's row: the transfer is not stored"
NO_AMOUNT = "no amount: the row moves no money (an opening balance, a total), nothing is stored"
UNSIGNED = ("an amount without a sign, and no debit or credit column, direction column or title saying "
            "which way the money went: the transfer is not stored")


def _unsigned(b: _Builder, f: str) -> None:
    """Read a debit/credit (or amount) column's ``0`` and ``-`` as empty and drop signs: the column or
    the direction says which way the money went."""
    if f not in b.col_of:
        return
    codes, uniq, _ = b._column(f)
    if f == "amount":   # the sign, before it is dropped: "-" out, "+" in (see _signed)
        first = [None if u is None or _NIL.match(u) else u.strip()[:1] for u in uniq]
        b.amount_signs = np.asarray(_spread([{"–": "-", "—": "-"}.get(c, c) for c in first], codes), dtype=object)
    kept = [None if u is None or _NIL.match(u) else u.strip().lstrip("+-–—").strip() for u in uniq]
    kept = [u if u else None for u in kept]
    codes, uniq2 = _factorize(_spread(kept, codes))
    b._raw[f] = (codes, uniq2, _spread(uniq2, codes))
    b.known.put(b._raw[f][2], codes, uniq2, exact=False)


def _direction(b: _Builder, debit, credit, amount):
    """Per row: +1 out of the account, -1 into it, 0 unknown (with its reject); and the amount. The
    direction comes from which cell is filled (or the marker), so a filled cell that cannot be read
    still stores its transfer, without an amount, as a transactions row does."""
    n = b.n
    titled = "direction" in getattr(b, "constants", {})   # the title says the way of every row
    if "direction" not in b.col_of and not titled and "amount" in b.col_of \
            and "debit" not in b.col_of and "credit" not in b.col_of:
        return _signed(b, amount)
    if "direction" in b.col_of or titled:
        marks = [None if m is None else (way(m) or 0) for m in b.raw("direction")]
        out = np.array([0 if m is None else m for m in marks], dtype=np.int8)
        b._reject(np.array([m == 0 for m in marks], dtype=bool), "direction", b.raw("direction"),
                  np.full(n, NO_DIRECTION, dtype=object))
        if titled:   # the title covers the rows that move money: an opening balance, a total, moves none
            none = np.equal(b.raw("amount"), None)
            b.reject_rows(none, "amount", NO_AMOUNT)
            out[none] = 0
        return out, _obj(amount, n)
    out = np.zeros(n, dtype=np.int8)
    has_d, has_c = ~np.equal(b.raw("debit"), None), ~np.equal(b.raw("credit"), None)
    out[has_d & ~has_c] = 1
    out[has_c & ~has_d] = -1
    b.reject_rows(has_d & has_c, "debit", BOTH)
    b.reject_rows(~has_d & ~has_c, "debit", NEITHER)
    return out, np.where(out > 0, _obj(debit, n), _obj(credit, n))


def _posting_keys(txn, ts, out, value) -> list:
    """What tells a statement's postings apart where they share a reference. A statement lists
    postings, and a bank writes one reference on several: a loan's contract number on each repayment
    (several a day), a remittance's number on the credit and on the fee debited beside it. So a row is
    one posting by its reference, minute, way and amount; rows that share all four are one posting
    written twice. A row that moves no money (an interest line at 0 beside its fee) stores nothing."""
    keys = []
    for t, s, o, v in zip(txn, ts, out, value):
        if t is None or not o:
            keys.append(None)
            continue
        minute = None if s is None or (isinstance(s, float) and math.isnan(s)) else int(s) // 60
        keys.append(f"{t}|{minute}|{int(o)}|{v}")
    return keys


def _signed(b: _Builder, amount):
    """Per row of a statement with one amount column and nothing else saying the way: ``-`` written
    before the amount is money out, ``+`` money in; an amount with no sign is a reject."""
    n = b.n
    signs = b.amount_signs
    out = np.where(signs == "-", 1, np.where(signs == "+", -1, 0)).astype(np.int8)
    has = ~np.equal(b.raw("amount"), None)
    b.reject_rows(has & (out == 0), "amount", UNSIGNED)
    return out, _obj(amount, n)


def _order_in_day(b: _Builder, src, dst, ts, value, posting, own) -> tuple[list, list]:
    """Per row, what a transfer's identity is made of: the day it was made on (Vietnam time) and its
    order among the transfers of the same account's statement (``own``) between the same two accounts
    on that day for the same amount, over the files of one load (rows are told apart by their
    ``posting`` key, see :func:`_posting_keys`, else by their whole content, so a repeated row is the
    same transfer). The sender's statement and the receiver's give one transfer the same day and
    order, and so the same edge, whatever reference and time of day each bank wrote. A withdrawal or a
    deposit (the account to itself) is its row's posting key or content instead: only its account's
    statement states it."""
    import pandas as pd

    groups = b.seen.groups if b.seen is not None else {}
    rows = pd.util.hash_pandas_object(b.df, index=False).to_numpy(dtype=np.uint64).tolist()
    ident = [f"ref:{t}" if t else r for t, r in zip(posting, rows)]
    days = [None if t is None or (isinstance(t, float) and math.isnan(t)) else (int(t) + LOCAL_OFFSET_S) // DAY_S
            for t in _obj(ts, b.n).tolist()]
    order = []
    for a, c, day, v, r, o in zip(_obj(src, b.n).tolist(), _obj(dst, b.n).tolist(), days,
                                  _obj(value, b.n).tolist(), ident, _obj(own, b.n).tolist()):
        if a is None or c is None:
            order.append(0)
            continue
        if a == c:   # a withdrawal or a deposit: no other statement states it, each row is its own
            order.append(r)
            continue
        seen = groups.setdefault((o, a, c, day, v), {})
        order.append(seen.setdefault(r, len(seen)))
    return [None if d is None else d * DAY_S for d in days], order


def _named_in_description(b: _Builder, rows, own, other, props: dict):
    """Counterparties read from the description of ``rows`` (a statement without a counterparty column,
    or with the cell empty): the one account number the text names after ``từ``, ``tới``, ``đến``,
    ``TK``, ``from``, ``to``… other than the statement's own (``CT tu 0011000123456 NGUYEN VAN A toi
    0071001234567``). A text naming none, or two, names no counterparty. Returns the counterparty column
    with them filled in, the normaliser's props and which rows were read so (each such transfer says
    ``counterparty_from: description``)."""
    from graphfraud.normalize import normalize

    named = np.zeros(b.n, dtype=bool)
    if "description" not in b.col_of or not rows.any():
        return other, props, named
    other, props = _obj(other, b.n).copy(), dict(props)
    texts, owns = b.raw("description"), _obj(own, b.n)
    found: dict[str, dict] = {}
    for i in np.flatnonzero(rows & ~np.equal(texts, None)).tolist():
        text = texts[i]
        if text not in found:
            accounts = {}
            for m in _NAMED_ACCOUNT.finditer(unaccented(text)):
                try:
                    n = normalize("account", m.group(1))
                except InvalidValue:
                    continue
                accounts[n.value] = n.props
            found[text] = accounts
        names = {v: q for v, q in found[text].items() if v != owns[i]}
        if len(names) == 1:
            (value, q), = names.items()
            other[i], named[i] = value, True
            props.setdefault(value, q)
    return other, props, named


def statements(b: _Builder) -> None:
    """Transfers between a statement's account and its counterparties, with both accounts as nodes."""
    for f in ("debit", "credit", "amount"):
        _unsigned(b, f)
    own, op = b.norm("account", "account")
    other, cp = b.norm("counterparty_account", "account")
    own_bank, other_bank = (b.norm(f, "bank")[0] for f in ("bank", "counterparty_bank"))
    ts, _ = b.scalar_cols("timestamp", "timestamp")
    debit, d_cur = b.money("debit", "currency")
    credit, c_cur = b.money("credit", "currency")
    amount, a_cur = b.money("amount", "currency")
    out, value = _direction(b, debit, credit, amount)
    moving = out != 0
    cp_cell = np.asarray(b.raw("counterparty_account"), dtype=object)
    # no counterparty account: the cell is empty, or holds what is no account (a name, "SACOMBANK – A/C";
    # that cell has its reject)
    told = moving & np.equal(other, None)
    other, cp, named = _named_in_description(b, told, own, other, cp)
    # none in the description either: a withdrawal out of the account (a debit: cash, a fee) or a deposit
    alone = told & ~named & np.not_equal(own, None)
    b.reject_rows(told & ~named & ~alone & np.equal(cp_cell, None), "counterparty_account", NO_COUNTERPARTY)
    b.reject_rows(moving & np.equal(own, None) & np.equal(b.raw("account"), None), "account", NO_ACCOUNT)
    b.node("account", own, op, "account", {"bank": own_bank})
    b.node("account", np.where(named, None, other), cp, "counterparty_account", {"bank": other_bank})
    b.node("account", np.where(named, other, None), cp, "description", {"bank": other_bank})
    case, _ = b.norm("case_id", "case")
    b.node("case", case, {}, "case_id")
    currency = np.where(out > 0, _obj(d_cur, b.n), np.where(out < 0, _obj(c_cur, b.n), None))
    if "direction" in b.col_of:
        currency = _obj(a_cur, b.n)
    txn = b.text("txn_id")
    props = _RowProps({"txn_id": txn, "currency": currency, "channel": b.text("channel"),
                       "description": b.text("description"), "balance": b.text("balance"),
                       "counterparty_name": b.text("counterparty_name"), "case_id": case,
                       "counterparty_from": np.where(named, "description", None),
                       "counterparty_text": np.where(told & ~np.equal(cp_cell, None), cp_cell, None),
                       "time_precision": b.day_only(),
                       "amount_notation": amount_notation(b, "debit", "credit", "amount")},
                      b._extra_cols, b.known)
    value = np.where(moving, value, None)
    other = np.where(alone, _obj(own, b.n), _obj(other, b.n))
    src = np.where(out > 0, _obj(own, b.n), other)
    dst = np.where(out > 0, other, _obj(own, b.n))
    posting = _posting_keys(txn, ts, out, value)
    src = txn_conflicts(b, txn, value, ts, np.where(moving, src, None), key=posting)
    key_ts, order = _order_in_day(b, src, dst, ts, value, posting, own)
    disc = with_repeat(b, [f"{a or ''}|{k}" for a, k in zip(value, order)])
    for sign, by_text, cols in ((1, False, "account,counterparty_account"), (-1, False, "counterparty_account,account"),
                                (1, True, "account,description"), (-1, True, "description,account")):
        keep = (out == sign) & (named == by_text) & ~alone
        b.edge("transfer", "account", np.where(keep, src, None), "account", np.where(keep, dst, None), cols,
               ts, disc, value, props, key_ts=key_ts)
    for sign, etype in ((1, "withdrawal"), (-1, "deposit")):
        keep = np.where((out == sign) & alone, src, None)
        b.edge(etype, "account", keep, "account", keep, "account", ts, disc, value, props, key_ts=key_ts)
    for role, vals, f in (("related", own, "account"), ("related", other, "counterparty_account")):
        b.edge("mention", "case", case, "account", vals, f"case_id,{f}", disc=role, props={"role": role})
