"""Repeated rows and reused transaction ids within one file, across its chunks.

A file without transaction ids may hold the same row twice (an export run twice,
pasted sheets). Such a row is one fact: its edge is the same edge, counted once,
and the load summary says how many rows repeated an earlier one; with
``keep_duplicates`` each repeat is a fact of its own (a transfer or call gets a
discriminator ``#2``, ``#3``... so it is a separate edge).

In a file with transaction ids, a row that reuses an earlier row's id with the same
amount and time (to the minute: exports differ in whether they write seconds) is a
repeat too; with another amount or time it contradicts the earlier row: its transfer is not loaded and the rejects report names both rows.

State is kept as sorted numpy arrays of 64-bit hashes (one per distinct row or
transaction id), so a file of any length is checked chunk by chunk.
"""

from __future__ import annotations

__all__ = ["FileRows", "hash_values", "txn_conflicts", "with_repeat"]


def hash_values(values):
    """64-bit hashes (uint64) of a column of Python values (None hashes like the text "None")."""
    import numpy as np
    import pandas as pd

    return pd.util.hash_array(np.asarray([("" if v is None else str(v)) for v in values], dtype=object))


def _occurrence_in_chunk(h):
    """For each row, how many earlier rows of ``h`` have the same hash (0 for the first)."""
    import numpy as np

    order = np.argsort(h, kind="stable")
    s = h[order]
    start = np.ones(len(s), dtype=bool)
    start[1:] = s[1:] != s[:-1]
    group_start = np.maximum.accumulate(np.where(start, np.arange(len(s)), 0))
    rank = np.empty(len(s), dtype=np.int64)
    rank[order] = np.arange(len(s)) - group_start
    return rank


class FileRows:
    """What one file has shown so far: its row hashes, or its transaction ids with amount and time."""

    def __init__(self, keep_duplicates: bool = False, groups: dict | None = None):
        import numpy as np

        self.keep_duplicates = keep_duplicates
        self._rows = np.empty(0, dtype=np.uint64)     # sorted distinct row hashes
        self._counts = np.empty(0, dtype=np.int64)    # rows seen with that hash
        self._txn = np.empty(0, dtype=np.uint64)      # sorted distinct transaction id hashes
        self._payload = np.empty(0, dtype=np.uint64)  # hash of (amount, time) of its first row
        self._first = np.empty(0, dtype=np.int64)     # its first row number
        # a statement's transfers per (statement account, from, to, day, amount): each row's identity
        # (reference, else the row's hash) -> its order among them (graphfraud.facts_statements); given,
        # shared by the files of one load
        self.groups: dict = {} if groups is None else groups

    def repeats(self, df):
        """Per row of ``df`` (a chunk, all cells as text), how many identical rows came before in the file."""
        import numpy as np
        import pandas as pd

        if not len(df):
            return np.zeros(0, dtype=np.int64)
        h = pd.util.hash_pandas_object(df, index=False).to_numpy(dtype=np.uint64)
        occ = _occurrence_in_chunk(h)
        pos = np.searchsorted(self._rows, h)
        found = pos < len(self._rows)
        found[found] = self._rows[pos[found]] == h[found]
        occ[found] += self._counts[pos[found]]
        uniq, counts = np.unique(h, return_counts=True)
        upos = np.searchsorted(self._rows, uniq)
        old = upos < len(self._rows)
        old[old] = self._rows[upos[old]] == uniq[old]
        self._counts[upos[old]] += counts[old]
        self._rows = np.insert(self._rows, upos[~old], uniq[~old])
        self._counts = np.insert(self._counts, upos[~old], counts[~old])
        return occ

    def transactions(self, txn, payload, rows):
        """(repeat, conflict, first row) per row: ``txn`` ids (None where empty), ``payload`` hashes of
        (amount, time), ``rows`` the row numbers. ``repeat``: an earlier row had this id with the same
        payload; ``conflict``: with another one; ``first row``: that earlier row's number."""
        import numpy as np

        n = len(rows)
        has = np.fromiter((t is not None for t in txn), dtype=bool, count=n)
        th = hash_values(txn)
        payload = np.asarray(payload, dtype=np.uint64)
        rows = np.asarray(rows, dtype=np.int64)
        ref_payload = payload.copy()
        ref_row = rows.copy()
        pos = np.searchsorted(self._txn, th)
        found = has & (pos < len(self._txn))
        found[found] = self._txn[pos[found]] == th[found]
        ref_payload[found], ref_row[found] = self._payload[pos[found]], self._first[pos[found]]
        new = np.flatnonzero(has & ~found)
        occ = np.zeros(n, dtype=np.int64)
        if len(new):
            occ[new] = _occurrence_in_chunk(th[new])
            uniq, first = np.unique(th[new], return_index=True)
            firsts = new[first]
            lookup = np.searchsorted(uniq, th[new])
            ref_payload[new], ref_row[new] = payload[firsts][lookup], rows[firsts][lookup]
            at = np.searchsorted(self._txn, uniq)
            self._txn = np.insert(self._txn, at, uniq)
            self._payload = np.insert(self._payload, at, payload[firsts])
            self._first = np.insert(self._first, at, rows[firsts])
        later = has & (found | (occ > 0))
        same = ref_payload == payload
        return later & same, later & ~same, ref_row


def with_repeat(b, disc: list) -> list:
    """``disc`` with ``#2``, ``#3``... on rows repeating an earlier row, when each repeat is kept."""
    rep = getattr(b, "repeat", None)
    if rep is None:
        return disc
    return [f"{d}#{k + 1}" if k else d for d, k in zip(disc, rep.tolist())]


def txn_conflicts(b, txn, amount, ts, src, key=None):
    """``src`` without the rows whose transaction id an earlier row of the file has with another amount
    or time (each such row is a reject naming the earlier row); repeats of an earlier row are counted.
    ``key`` (default ``txn``): what rows are matched by, where the id alone does not name one transfer."""
    seen = getattr(b, "seen", None)
    if seen is None or "txn_id" not in b.col_of:
        return src
    import numpy as np

    from graphfraud.facts_columns import _obj

    # times compared to the minute: one export may write 20:24 where another writes 20:24:47
    payload = hash_values([f"{a}|{None if t is None or t != t else int(t) // 60}" for a, t in zip(amount, ts)])
    repeat, conflict, first = seen.transactions(list(txn if key is None else key), payload, b.rows)
    b.out.duplicates += int(repeat.sum())
    idx = np.flatnonzero(conflict)
    if not len(idx):
        return src
    h = b.header("txn_id")
    for i in idx.tolist():
        reason = (f"transaction id already on row {int(first[i])} with another amount or time; "
                  "this row's transfer is not loaded")
        b.out.rejects.append((b.row(i), h, txn[i], reason))
    out = _obj(src, b.n).copy()
    out[idx] = None
    return out
