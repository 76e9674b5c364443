"""Graph shapes of money among accounts, for :mod:`graphfraud.analysis.structure`.

Everything works on the *pair graph* of transfers (one directed pair ``u → v``
per sender and receiver, whatever the number of transfers between them) with
row numbers ``0..na-1`` for accounts, vectorised with numpy:

``peer_damp``      how ordinary an account's number of counterparties is: 1 up to
                   the store's own fence (``exp(median + 2·MAD)`` of the log
                   counterparties), ``fence / counterparties`` above it. A shape
                   through an account with hundreds of counterparties (merchant,
                   utility, e-wallet hub) says little about the others in it.
``closed_groups``  triangles of the undirected pair graph (three accounts that all
                   paid each other in some direction), each weighted by the damp
                   of its two other members.
``cycles``         directed cycles of length 2, 3 and 4 (money returning to where it
                   came from), each weighted by the damp of its other members;
                   accounts above ``HUB_SKIP × fence`` counterparties are not walked
                   through (their weight would be ≈ 0 anyway and they make the
                   number of paths explode).
``split_merge``    scatter-gather: one account pays ≥ 2 ordinary intermediaries that
                   each pay the same third account later (``a → x_i → b``, the second
                   leg after the first, within the dwell window); credited to ``a``,
                   ``b`` and the ``x_i``, damped by both ends.

Each also returns the account's *opportunities*: its open shapes of the same kind,
weighted so that the store's own closing rate times them is what chance would close
(the configuration model: a pair ``j, k`` is linked by chance in proportion to
``deg(j)·deg(k)``).
"""

from __future__ import annotations

import numpy as np

from graphfraud.store.sorted_keys import distinct

__all__ = ["HUB_SKIP", "PATH_BUDGET", "closed_groups", "cycles", "peer_damp", "split_merge", "walkable"]

HUB_SKIP = 20.0
PATH_BUDGET = 8.0     # walk through at most this many 2-paths per pair (the busiest accounts go first)
PATH_FLOOR = 2_000_000  # ... but never fewer than this many (small stores are walked whole)


def walkable(u: np.ndarray, v: np.ndarray, na: int, cp: np.ndarray, fence: float) -> np.ndarray:
    """Accounts paths may pass through: at most ``HUB_SKIP × fence`` counterparties, and the
    busiest dropped until the 2-paths through the rest are within ``PATH_BUDGET`` per pair
    (at least ``PATH_FLOOR``): bounds time and memory on stores of millions of transfers."""
    walk = cp <= HUB_SKIP * fence
    through = np.bincount(v, minlength=na) * np.bincount(u, minlength=na)   # 2-paths via each account
    order = np.lexsort((np.arange(na), through))                            # least busy first
    total = np.cumsum(through[order].astype(np.float64))
    walk[order[total > max(PATH_BUDGET * len(u), PATH_FLOOR)]] = False
    return walk


def robust_log_fence(x: np.ndarray, k: float = 2.0) -> float:
    """``exp(median + k·MAD·1.4826)`` of ``log x`` over ``x ≥ 1`` (MAD at least 0.25)."""
    x = np.asarray(x, dtype=np.float64)
    x = x[x >= 1]
    if len(x) == 0:
        return 1.0
    lx = np.log(x)
    med = float(np.median(lx))
    mad = float(np.median(np.abs(lx - med))) * 1.4826
    return float(np.exp(med + k * max(mad, 0.25)))


def pair_graph(s: np.ndarray, d: np.ndarray, na: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct directed pairs ``(u, v)``, ``u != v``, sorted by ``(u, v)``."""
    keep = s != d
    code = distinct(s[keep].astype(np.int64) * na + d[keep])
    return code // na, code % na


def peer_damp(u: np.ndarray, v: np.ndarray, na: int) -> tuple[np.ndarray, np.ndarray, float]:
    """(distinct counterparties, damp in (0, 1], fence) per account."""
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    und = distinct(lo * np.int64(na) + hi)
    cp = np.bincount(und // na, minlength=na) + np.bincount(und % na, minlength=na)
    fence = robust_log_fence(cp)
    damp = np.minimum(1.0, fence / np.maximum(cp, 1))
    return cp, damp, fence


def _has(codes_sorted: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(present?, position) of each code ``q`` in a sorted code array."""
    if len(codes_sorted) == 0:
        return np.zeros(len(q), dtype=bool), np.zeros(len(q), dtype=np.int64)
    i = np.minimum(np.searchsorted(codes_sorted, q), len(codes_sorted) - 1)
    return codes_sorted[i] == q, i


def _two_paths(u: np.ndarray, v: np.ndarray, na: int, mid_ok: np.ndarray):
    """All directed 2-paths ``a → b → c`` (``a != c``) over pairs sorted by ``u``, middle ``b`` allowed."""
    indptr = np.zeros(na + 1, dtype=np.int64)
    np.cumsum(np.bincount(u, minlength=na), out=indptr[1:])
    cnt = np.where(mid_ok[v], indptr[v + 1] - indptr[v], 0)
    total = int(cnt.sum())
    first = np.repeat(np.arange(len(u)), cnt)
    off = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    second = np.repeat(indptr[v], cnt) + off
    keep = u[first] != v[second]
    return first[keep], second[keep]          # pair positions of the two legs


def closed_groups(u: np.ndarray, v: np.ndarray, na: int, damp: np.ndarray,
                  walk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(damped triangle weight, number of triangles, opportunities) per account; hubs (``~walk``)
    are left out."""
    keep = walk[u] & walk[v]
    lo, hi = np.minimum(u[keep], v[keep]), np.maximum(u[keep], v[keep])
    und = distinct(lo * np.int64(na) + hi)
    a, b = und // na, und % na                 # a < b, sorted by a
    first, second = _two_paths(a, b, na, np.ones(na, dtype=bool))   # a < b < c
    x, y, z = a[first], b[first], b[second]
    closed, _ = _has(und, x * np.int64(na) + z)
    x, y, z = x[closed], y[closed], z[closed]
    w = np.zeros(na)
    n = np.zeros(na, dtype=np.int64)
    for me, o1, o2 in ((x, y, z), (y, x, z), (z, x, y)):
        w += np.bincount(me, damp[o1] * damp[o2], minlength=na)
        n += np.bincount(me, minlength=na)
    # opportunities: damped pairs of neighbours (j, k), each as likely to be linked by chance as
    # deg(j)·deg(k) says (configuration model); the store's own rate scales them (see _excess)
    deg = (np.bincount(a, minlength=na) + np.bincount(b, minlength=na)).astype(np.float64)
    q = damp * deg
    s1 = np.bincount(a, q[b], minlength=na) + np.bincount(b, q[a], minlength=na)
    s2 = np.bincount(a, q[b] ** 2, minlength=na) + np.bincount(b, q[a] ** 2, minlength=na)
    return w, n, (s1 * s1 - s2) / 2.0


def _unique_rows(*cols: np.ndarray) -> tuple[np.ndarray, ...]:
    """Distinct rows of equal-length integer columns, sorted by the first column, then the next..."""
    if len(cols[0]) == 0:
        return cols
    o = np.lexsort(cols[::-1])
    cols = tuple(c[o] for c in cols)
    new = np.ones(len(cols[0]), dtype=bool)
    new[1:] = np.any(np.stack([np.diff(c) != 0 for c in cols]), axis=0)
    return tuple(c[new] for c in cols)


def cycles(u: np.ndarray, v: np.ndarray, na: int, damp: np.ndarray, walk: np.ndarray) -> dict[str, np.ndarray]:
    """Damped directed cycles of length 2..4 through each account, and the shortest length (0 = none)."""
    codes = u * np.int64(na) + v
    rev, _ = _has(codes, v * np.int64(na) + u)
    w2 = np.bincount(u[rev], damp[v[rev]], minlength=na)
    first, second = _two_paths(u, v, na, walk)
    a, b, c = u[first], v[first], v[second]
    close, _ = _has(codes, c * np.int64(na) + a)
    w3 = np.bincount(a[close], damp[b[close]] * damp[c[close]], minlength=na)
    w4 = _four_cycles(a, b, c, na, damp)
    # opportunities to close at each length: damped open paths of length 1, 2 and 3 from the account,
    # each closing by chance as likely as out-degree(last) · in-degree(account) says
    outd = np.bincount(u, minlength=na).astype(np.float64)
    ind = np.bincount(v, minlength=na).astype(np.float64)
    o2 = np.bincount(u, damp[v] * outd[v], minlength=na) * ind
    pw = damp[b] * damp[c]
    o3 = np.bincount(a, pw * outd[c], minlength=na) * ind
    dout = np.where(walk, np.bincount(u, damp[v] * outd[v], minlength=na), 0.0)
    o4 = np.bincount(a, pw * dout[c], minlength=na) * ind
    shortest = np.where(w2 > 0, 2, np.where(w3 > 0, 3, np.where(w4 > 1e-9, 4, 0)))
    return {"w2": w2, "w3": w3, "w4": w4, "o2": o2, "o3": o3, "o4": o4, "shortest": shortest}


def _four_cycles(a: np.ndarray, b: np.ndarray, c: np.ndarray, na: int, damp: np.ndarray) -> np.ndarray:
    """Weight of cycles ``a → b → c → e → a`` (b ≠ e) at ``a``: a 2-path ``a ⇝ c`` meets one ``c ⇝ a``.

    With ``M(a, c)`` = Σ damp[middle] over 2-paths ``a ⇝ c``, the weight is
    Σ_c damp[c] · (M(a, c) · M(c, a) − Σ_{b in both} damp[b]²)."""
    if len(a) == 0:
        return np.zeros(na)
    key = a * np.int64(na) + c
    uk, inv = np.unique(key, return_inverse=True)
    m = np.bincount(inv, damp[b], minlength=len(uk))
    back, pos = _has(uk, (uk % na) * np.int64(na) + uk // na)
    ka, kc = uk // na, uk % na
    tot = np.where(back, m * m[pos], 0.0)
    # same middle both ways: a → b → c → b → a is two 2-cycles, not a 4-cycle
    p_fwd = inv.astype(np.int64) * na + b
    p_bwd = np.where(back[inv], pos[inv], -1).astype(np.int64) * na + b
    same, _ = _has(np.sort(p_fwd), p_bwd)
    same &= back[inv]
    dup = np.bincount(inv[same], damp[b[same]] ** 2, minlength=len(uk))
    return np.bincount(ka, damp[kc] * np.maximum(tot - dup, 0.0), minlength=na)


def split_merge(s: np.ndarray, d: np.ndarray, t: np.ndarray, na: int, damp: np.ndarray, walk: np.ndarray,
                window: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scatter-gather ``a → x_i → b`` with ≥ 2 ordinary intermediaries, each second leg within
    ``window`` after its first. Returns (damped weight, largest number of intermediaries,
    opportunities) per account."""
    ok = np.isfinite(t) & (s != d)
    s, d, t = s[ok], d[ok], t[ok]
    o = np.lexsort((t, s))
    s_o, d_o, t_o = s[o], d[o], t[o]
    indptr = np.zeros(na + 1, dtype=np.int64)
    np.cumsum(np.bincount(s_o, minlength=na), out=indptr[1:])
    mid = walk[d] & (damp[d] > 0)
    cnt = np.where(mid, indptr[d + 1] - indptr[d], 0)
    first = np.repeat(np.arange(len(s)), cnt)
    off = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    second = np.repeat(indptr[d], cnt) + off
    a, x, b = s[first], d[first], d_o[second]
    dt = t_o[second] - t[first]
    keep = (a != b) & (dt >= 0) & (dt <= window)
    a, x, b = a[keep], x[keep], b[keep]
    a, b, x = _unique_rows(a, b, x)                   # distinct (a, b, x), grouped by (a, b)
    if len(a) == 0:
        return np.zeros(na), np.zeros(na, dtype=np.int64), np.zeros(na)
    # opportunities: every distinct timely 2-path, at both ends and the middle
    opp = (np.bincount(a, damp[x], minlength=na) + np.bincount(b, damp[x], minlength=na)
           + np.bincount(x, damp[x], minlength=na)) * damp
    new = np.ones(len(a), dtype=bool)
    new[1:] = (np.diff(a) != 0) | (np.diff(b) != 0)
    start = np.nonzero(new)[0]
    n_mid = np.diff(np.append(start, len(a)))
    multi = n_mid >= 2
    wsum = np.add.reduceat(damp[x], start)
    w = np.zeros(na)
    top = np.zeros(na, dtype=np.int64)
    ends = damp[a[start]] * damp[b[start]]              # a shape ending at a hub is what everyone does
    for who in (a[start][multi], b[start][multi]):
        w += np.bincount(who, (wsum * ends)[multi], minlength=na)
        np.maximum.at(top, who, n_mid[multi])
    in_multi = np.repeat(multi, n_mid)
    w += np.bincount(x[in_multi], np.repeat(wsum * ends / n_mid, n_mid)[in_multi], minlength=na)
    np.maximum.at(top, x[in_multi], np.repeat(n_mid, n_mid)[in_multi])
    return w, top, opp
