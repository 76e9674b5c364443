"""Rows that would otherwise leave no trace: a transfer or call with one end missing.

A transfer needs both accounts, a call both numbers; a row with one of those cells empty stored no
transfer and said nothing, so its amount vanished from every total. Such a row now gives a reject
naming the empty column ("no sender account: …"); whatever else the row holds still loads. A cell
that is not empty but could not be read has its own reject already, and a row with no cell at all
that has a reject for the whole row (a stray quote, a JSON record that is not an object) gets none more.
"""

from __future__ import annotations

MISSING = {
    "from_account": "no sender account: the transfer is not stored",
    "to_account": "no receiver account (a cash withdrawal has none): the transfer is not stored",
    "caller": "no caller number: the call is not stored",
    "callee": "no called number: the call is not stored",
}


def reject_missing(b, fields: tuple[str, ...]) -> None:
    """A reject for each row of builder ``b`` whose cell of one of ``fields`` is empty."""
    import numpy as np

    whole = {r[0] for r in b.out.rejects if r[1] == "*"}  # rows rejected whole, or with cells beyond
    for f in fields:
        if f not in b.col_of:
            continue
        idx = np.flatnonzero(np.equal(np.asarray(b.raw(f), dtype=object), None))
        if not len(idx):
            continue
        if whole:
            cells = b.df.iloc[idx]
            nothing = ~(cells.apply(lambda col: col.astype(str).str.strip() != "")).any(axis=1).to_numpy()
            idx = [i for i, no in zip(idx.tolist(), nothing.tolist()) if not (no and b.row(i) in whole)]
        h = b.header(f)
        b.out.rejects.extend((b.row(i), h, "", MISSING[f]) for i in np.asarray(idx, dtype=np.int64).tolist())
