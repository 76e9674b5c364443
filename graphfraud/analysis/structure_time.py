"""Timing of money through each account, for :mod:`graphfraud.analysis.structure`.

Times are put on the data's own clock first: ``time_unit`` is the greatest
common divisor of the gaps between distinct timestamps (1 s for real
timestamps, 86 400 s for data whose times are whole days or simulation steps
read as days), and ``dwell_window`` is how fast this store's quick accounts pass
money on: the ``WINDOW_QUANTILE`` (10th percentile), over accounts, of each
account's median gap between a transfer in and its next transfer out (at least one
time unit). "Soon" and "in a burst" below always mean "within that window".
"""

from __future__ import annotations

import numpy as np

from graphfraud.store.sorted_keys import distinct, query_order, search

__all__ = ["Streams", "burst", "dwell_window", "in_out_windows", "split_payments", "time_unit"]

WINDOW_QUANTILE = 0.1   # which quantile of the accounts' median dwell is "soon"
_SHIFT = 34          # account row << 34 | time in units: rows < 2**29, times < 2**34 units


def time_unit(t: np.ndarray) -> float:
    """The data's time resolution in seconds (gcd of the gaps between distinct timestamps)."""
    u = distinct(t[np.isfinite(t)])
    if len(u) < 2:
        return 1.0
    gaps = np.diff(u).astype(np.int64)
    gaps = gaps[gaps > 0][:200_000]
    g = int(np.gcd.reduce(gaps)) if len(gaps) else 1
    return float(max(g, 1))


class Streams:
    """Each account's transfers in and out as sorted integer keys ``row << 34 | time`` (time in units)."""

    def __init__(self, s, d, t, a, na: int, unit: float):
        timed = np.isfinite(t)
        self.na = na
        t0 = float(t[timed].min()) if timed.any() else 0.0
        rel = np.round((t[timed] - t0) / unit).astype(np.int64)
        self.s, self.d, self.a, self.rel = s[timed], d[timed], a[timed], rel
        self.in_key = self.d.astype(np.int64) << _SHIFT | rel
        self.out_key = self.s.astype(np.int64) << _SHIFT | rel
        oi, oo = np.argsort(self.in_key, kind="stable"), np.argsort(self.out_key, kind="stable")
        self.in_sorted, self.out_sorted = self.in_key[oi], self.out_key[oo]
        self.in_cum = np.concatenate([[0.0], np.cumsum(self.a[oi])])
        self.out_cum = np.concatenate([[0.0], np.cumsum(self.a[oo])])

    def count(self, sorted_keys: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions ``[j, k)`` of the keys in ``[lo, hi]`` (both looked up in the order of ``lo``)."""
        order = query_order(sorted_keys, lo)
        return search(sorted_keys, lo, "left", order), search(sorted_keys, hi, "right", order)


def dwell_window(st: Streams) -> tuple[float, np.ndarray]:
    """(window in units, per-account median gap in → next out, NaN where none)."""
    na = st.na
    med = np.full(na, np.nan)
    if len(st.in_key) == 0 or len(st.out_sorted) == 0:
        return 1.0, med
    j = search(st.out_sorted, st.in_key, "left", query_order(st.out_sorted, st.in_key))
    jj = np.minimum(j, len(st.out_sorted) - 1)
    same = (j < len(st.out_sorted)) & ((st.out_sorted[jj] >> _SHIFT) == st.d)
    gap = ((st.out_sorted[jj] & ((1 << _SHIFT) - 1)) - st.rel).astype(np.float64)
    acc, g = st.d[same], gap[same]
    if len(acc) == 0:
        return 1.0, med
    o = np.lexsort((g, acc))
    acc, g = acc[o], g[o]
    first = np.searchsorted(acc, np.arange(na), side="left")
    n = np.searchsorted(acc, np.arange(na), side="right") - first
    has = n > 0
    med[has] = (g[first[has] + (n[has] - 1) // 2] + g[first[has] + n[has] // 2]) / 2.0
    return float(max(1.0, np.quantile(med[has], WINDOW_QUANTILE))), med


def in_out_windows(st: Streams, window: float) -> dict[str, np.ndarray]:
    """Gather-scatter and pass-through around every transfer in, per account.

    For a transfer in at ``t``: transfers in during ``[t − W, t]`` and out during
    ``[t, t + W]``; ``fan`` is the smaller of the two counts at the busiest such
    moment, ``fan_balance`` how whole the money in that moment went out, and
    ``fast_share`` the share of all money in that left again within ``W``."""
    na, w = st.na, int(np.ceil(window))
    out: dict[str, np.ndarray] = {k: np.zeros(na) for k in ("fan", "fan_in", "fan_out", "fan_balance",
                                                            "fast_share", "fan_at")}
    if len(st.in_key) == 0:
        return out
    ji, ki = st.count(st.in_sorted, st.in_key - w, st.in_key)
    jo, ko = st.count(st.out_sorted, st.in_key, st.in_key + w)
    n_in, n_out = ki - ji, ko - jo
    amt_in = st.in_cum[ki] - st.in_cum[ji]
    amt_out = st.out_cum[ko] - st.out_cum[jo]
    bal = np.divide(np.minimum(amt_in, amt_out), np.maximum(amt_in, amt_out),
                    out=np.zeros(len(ki)), where=np.maximum(amt_in, amt_out) > 0)
    fan = np.minimum(n_in, n_out).astype(np.float64)
    # the busiest moment per account: largest fan, then best balance
    o = np.lexsort((-bal, -fan, st.d))
    first = o[np.searchsorted(st.d[o], np.arange(na), side="left").clip(0, max(len(o) - 1, 0))]
    has = np.bincount(st.d, minlength=na) > 0
    for k, v in (("fan", fan), ("fan_in", n_in), ("fan_out", n_out), ("fan_balance", bal),
                 ("fan_at", st.rel)):
        out[k][has] = np.asarray(v, dtype=np.float64)[first[has]]
    fwd = np.minimum(st.a, amt_out)
    total_in = np.bincount(st.d, st.a, minlength=na)
    out["fast_share"] = np.divide(np.bincount(st.d, fwd, minlength=na), total_in, out=np.zeros(na),
                                  where=total_in > 0)
    return out


def burst(st: Streams, window: float) -> tuple[np.ndarray, np.ndarray]:
    """(most transfers of an account inside one window, what its average rate would put there)."""
    na, w = st.na, int(np.ceil(window))
    acc = np.concatenate([st.s, st.d])
    key = np.sort(np.concatenate([st.out_key, st.in_key]))
    top = np.zeros(na)
    if len(key) == 0:
        return top, np.zeros(na)
    k = np.searchsorted(key, key + w, side="right")
    n = (k - np.arange(len(key))).astype(np.float64)
    np.maximum.at(top, key >> _SHIFT, n)
    span = float(max(1, st.rel.max() - st.rel.min() + 1))
    expected = np.bincount(acc, minlength=na) * min(1.0, (w + 1) / span)
    return top, expected


def split_payments(st: Streams, window: float) -> tuple[np.ndarray, np.ndarray]:
    """(counterparties paid, or paid by, more than once inside one window; directed pairs), per account.

    One payment split into several transfers to the same account at once (structuring, a victim's
    instalments) repeats a pair within the window; the pairs of an account are its chances to do so.
    """
    na, w = st.na, int(np.ceil(window))
    if len(st.s) == 0:
        return np.zeros(na), np.zeros(na)
    pair = st.s.astype(np.int64) * na + st.d
    o = np.lexsort((st.rel, pair))
    p, r = pair[o], st.rel[o]
    again = (p[1:] == p[:-1]) & (r[1:] - r[:-1] <= w)
    split = distinct(p[1:][again])
    pairs = distinct(pair)
    count = np.bincount(split // na, minlength=na) + np.bincount(split % na, minlength=na)
    opp = np.bincount(pairs // na, minlength=na) + np.bincount(pairs % na, minlength=na)
    return count.astype(np.float64), opp.astype(np.float64)
