"""Amounts with their currency, for the facts of one table.

Each transfer's amount is parsed with the currency its row states (the currency
column, else the currency written in the amount, else VND): an amount written in
another currency than its row's currency column is rejected, scientific notation
(``1.0E7``) is read as written and its rows are marked (``amount_notation``), and
in the rows of a currency with minor units (not VND) the column's decimal
separator, when the cells show it (``3697.34``), decides how ``1.234`` is read.
Each distinct (amount, currency) pair is parsed once.
"""

from __future__ import annotations

from graphfraud.errors import InvalidValue
from graphfraud.normalize.amount import decimal_separator, format_amount, is_scientific, parse_amount
from graphfraud.normalize.currency import DEFAULT_CURRENCY, currency_code

__all__ = ["amount_notation", "money_cols"]


def _currencies(b, cf: str) -> tuple:
    """(codes, code per distinct currency cell or None, per distinct cell: rejected)."""
    from graphfraud.facts_columns import _flags, _spread

    codes, uniq, raws = b._column(cf)
    code_u, reason_u = [], []
    for c in uniq:
        try:
            code_u.append(None if c is None else currency_code(c))
            reason_u.append(None)
        except InvalidValue as exc:
            code_u.append(None)
            reason_u.append(exc.reason)
    bad_u = [r is not None for r in reason_u]
    if any(bad_u):
        b._reject(_flags(bad_u, codes), cf, raws, _spread(reason_u, codes))
    return codes, code_u, bad_u


def money_cols(b, af: str = "amount", cf: str = "currency"):
    """Per row the amount (canonical decimal text, None where missing or rejected) and its currency
    code (the default VND where an amount names none; None where the row has neither)."""
    import numpy as np

    from graphfraud.facts_columns import _factorize, _flags, _spread

    acodes, auniq, araws = b._column(af)
    ccodes, ccode_u, cbad_u = _currencies(b, cf)
    width = len(ccode_u) + 1
    has_amount = _flags([u is not None for u in auniq], acodes)  # a blank cell is a distinct raw cell too
    combined = acodes.astype(np.int64) * width + ccodes + 1
    sub, puniq = _factorize(combined[has_amount])
    pcodes = np.full(len(acodes), -1, dtype=np.intp)
    pcodes[has_amount] = sub
    pairs = [(auniq[p // width], p % width - 1) for p in puniq]
    minor = [a for a, c in pairs if c >= 0 and ccode_u[c] not in (None, DEFAULT_CURRENCY)]
    decimal = decimal_separator(minor) if minor else None
    amount_u, cur_u, reason_u, sci_u = [], [], [], []
    for a, c in pairs:
        sci_u.append(is_scientific(a))
        given = ccode_u[c] if c >= 0 else None
        if c >= 0 and cbad_u[c]:  # the currency cell was rejected: the amount cannot be read
            amount_u.append(None), cur_u.append(None), reason_u.append(None)
            continue
        try:
            value, code = parse_amount(a, given, decimal if given not in (None, DEFAULT_CURRENCY) else None)
            amount_u.append(format_amount(value)), cur_u.append(code or DEFAULT_CURRENCY), reason_u.append(None)
        except InvalidValue as exc:
            amount_u.append(None), cur_u.append(given), reason_u.append(exc.reason)
    if any(r is not None for r in reason_u):
        b._reject(_flags([r is not None for r in reason_u], pcodes), af, araws, _spread(reason_u, pcodes))
    amount = _spread(amount_u, pcodes)
    currency = _spread(cur_u, pcodes)
    b._scientific[af] = _flags(sci_u, pcodes) & np.not_equal(amount, None)
    no_amount = np.flatnonzero(~has_amount)
    if len(no_amount):  # a row without an amount keeps the currency its column states
        currency[no_amount] = _spread(ccode_u, ccodes)[no_amount]
    return amount, currency


def amount_notation(b, *fields: str):
    """Per row ``"scientific"`` where an amount of ``fields`` that :func:`money_cols` read is written in
    scientific notation (``1.0E7``), else None (None for the whole table when no row is): an edge's
    ``amount_notation``. The rows are counted for the load's note."""
    import numpy as np

    flags = [b._scientific[f] for f in fields if f in b._scientific]
    if not flags:
        return None
    rows = np.logical_or.reduce(flags)
    b.out.scientific_amounts = int(rows.sum())
    return np.where(rows, "scientific", None) if rows.any() else None
