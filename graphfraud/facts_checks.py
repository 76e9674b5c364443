"""Rows that would otherwise leave no trace: a transfer or call with one end missing, a row whose
values name no identifier.

A transfer needs both accounts, a call both numbers; a row with one of those cells empty stored no
transfer and said nothing, so its amount vanished from every total. A transfers row with only the
sender is a withdrawal (cash at an ATM or a counter) and one with only the receiver a deposit, each
stored as its own edge (:func:`graphfraud.facts_kinds._one_sided`); a row with neither account, or a
call with one number missing, gives a reject naming the empty column ("no caller number: …");
whatever else the row holds still loads. A cell
that is not empty but could not be read has its own reject already, and a row with no cell at all
that has a reject for the whole row (a stray quote, a JSON record that is not an object) gets none more.

A row whose values are only in columns that name no identifier (a logins row with neither account
nor IP, an accounts row with a bank but no account) gave no fact and no reject at all; it now gets a
whole-row reject (:data:`NOTHING_STORED`). A blank line of a CSV or a sheet is never read as a row;
a row that is read with every cell empty (a JSON record whose values are all null or empty) is counted
in the file's rows, so it gets a whole-row reject too (:data:`EMPTY_ROW`).
"""

from __future__ import annotations

MISSING = {
    "from_account": "no sender account: the transfer is not stored",
    "to_account": "no receiver account: the transfer is not stored",
    "caller": "no caller number: the call is not stored",
    "callee": "no called number: the call is not stored",
}


def reject_missing(b, fields: tuple[str, ...], stored: dict | None = None) -> None:
    """A reject for each row of builder ``b`` whose cell of one of ``fields`` is empty, but for the
    rows ``stored[field]`` (a per-row mask) says are stored without it (a withdrawal, a deposit)."""
    import numpy as np

    whole = {r[0] for r in b.out.rejects if r[1] == "*"}  # rows rejected whole, or with cells beyond
    for f in fields:
        if f not in b.col_of:
            continue
        empty = np.equal(np.asarray(b.raw(f), dtype=object), None)
        if stored and f in stored:
            empty &= ~stored[f]
        idx = np.flatnonzero(empty)
        if not len(idx):
            continue
        if whole:
            cells = b.df.iloc[idx]
            nothing = ~(cells.apply(lambda col: col.astype(str).str.strip() != "")).any(axis=1).to_numpy()
            idx = [i for i, no in zip(idx.tolist(), nothing.tolist()) if not (no and b.row(i) in whole)]
        h = b.header(f)
        b.out.rejects.extend((b.row(i), h, "", MISSING[f]) for i in np.asarray(idx, dtype=np.int64).tolist())


NOTHING_STORED = ("the row names no identifier graphfraud can store (none of its values is in an "
                  "identifier column)")
EMPTY_ROW = "the row holds no value: nothing is stored"


def reject_rows_storing_nothing(out, rows, cells) -> None:
    """A whole-row reject in batch ``out`` for each of ``rows`` (row numbers, in the order of the
    frame ``cells``) that gave no edge, no mention and no reject: it names no identifier, or it
    holds no value at all."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.int64)
    told = [*out.edge_rows(), *(m[2] for m in out.mentions), *(r[0] for r in out.rejects)]
    silent = np.flatnonzero(~np.isin(rows, np.asarray(told, dtype=np.int64)))
    if not len(silent):
        return
    frame = cells.iloc[silent]
    has_value = (frame.notna() & frame.apply(lambda col: col.astype(str).str.strip() != "")).any(axis=1)
    out.rejects.extend((int(rows[i]), "*", "", NOTHING_STORED if v else EMPTY_ROW)
                       for i, v in zip(silent.tolist(), has_value.tolist()))
