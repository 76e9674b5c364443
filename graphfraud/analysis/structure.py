"""Laundering shapes from transfers alone: a score in [0, 1] for every account.

For stores that hold bank transfers and little else (no reports, and most accounts in no
log-in or KYC record), where :mod:`graphfraud.analysis.mules` has nothing to go on. Every signal below is
a strength in [0, 1] computed for all accounts at once from the transfer arrays of
a :class:`~graphfraud.analysis.graphview.GraphView`; every scale is taken from the
store itself (its time resolution, how long its accounts usually keep money, how
many counterparties its accounts usually have, how often its accounts close shapes
by chance), never from constants fitted to one data set.

Shapes (graph: :mod:`~graphfraud.analysis.structure_graph`; timing:
:mod:`~graphfraud.analysis.structure_time`):

``closed_group``    three accounts that all paid each other (triangles of the pair graph).
``cycle``           money returning to where it came from through 2, 3 or 4 accounts.
``fan_out_in``      scatter-gather: one account pays ≥ 2 intermediaries that each pay the
                    same third account within the dwell window (credited to all of them).
``fan_in_out``      gather-scatter: several transfers in, then several out within the
                    dwell window, passing on nearly what came in.
``pass_through``    nearly all money in goes out again (in/out balance) within the window,
                    from at least two senders (one source passed on whole is payroll or a
                    sweep to one's own account).
``split``           pays the same account several times inside one window, or is paid so (a payment
                    split into parts: structuring, a victim's instalments), beyond what the store's
                    own account pairs do by chance (closing rate as for closed shapes).
``burst``           far more transfers in one window than the account's own average rate
                    puts there (robust z of the log ratio over the store's accounts).
``counterparties``  distinct counterparties far above the store's own (robust z of log
                    counts, 2 → 4), fading out above a hub fence.
``flagged_peers``   deals with ≥ 2 (fully: 3) accounts that the shapes above flag.

Look-alikes. Every shape is *damped* by how ordinary its other members are: an
account's damp is 1 up to the store's counterparty fence (``exp(median + 2·MAD)`` of
log distinct counterparties) and ``fence / counterparties`` above it, so a triangle,
cycle or scatter-gather through a merchant, a utility or an e-wallet hub with hundreds
of payers counts for almost nothing, and hubs far above the fence are not walked
through at all. Closed shapes are compared with chance: the store's own closing rate
times the account's open shapes weighted by the degrees of their ends (configuration
model) gives the number ``E`` an account closes by chance; only the excess ``w − E``
counts, scaled by the effect size ``w / E`` (from 1.5×, fully from 4×) and by how
unlikely it is (Poisson tail, from 1 in 3, fully from 1 in 100). A payroll account
(one funding, fan-out 16 h later) has one sender, so no gather-scatter and no
pass-through; a merchant (many strangers in, weekly settlement to one account) has one
receiver; a family forwarder passes part of few transfers on.

Time. ``time_unit`` is the greatest common divisor of the gaps between distinct
timestamps (1 s for real timestamps, one day for simulation steps read as days); the
dwell window is the 10th percentile, over accounts, of each account's median gap between
a transfer in and its next transfer out: "soon" means faster than nine accounts in ten
usually pass money on, in this store.

Score and flag. ``score = 1 − Π (1 − WEIGHTS[s] · strength[s])`` (a noisy-OR: one signal
alone gives at most its weight). The flag threshold comes from the store's own scores:
``median + 3·MAD`` (MAD × 1.4826) of the positive scores, lowered if needed to the score
of the top ``BUDGET`` (2 %) of positive-scored accounts, and kept within
[``MIN_THRESHOLD`` = 0.3, 0.9 × the highest score the weights allow]. It is computed
once on the shapes alone (for ``flagged_peers``) and once on the final score. It is
reachable on any store where some account shows a shape at full strength.

Measured (``bench/amlsim_structure.py``; AMLSim 20K samples loaded as a user would, the
``isFraud`` labels used only to measure; "best F1" picks its threshold on the labels, a
diagnostic). Design choices were made on 20K_cycle200 and demo seeds 1-2; 20K_fanin200 and
demo seed 3 were held out (fanin200 was looked at after each of the four revisions; ``split``,
the last, was designed after looking at its transfers: there AMLSim's ordinary accounts never pay
the same account twice, so the shape is unusually clean):

=============  ========  =======  =========  ======  =====  =====  =====================
data           accounts  flagged  threshold  P       R      F1     ROC AUC | best F1
=============  ========  =======  =========  ======  =====  =====  =====================
cycle200       19 980    626      0.435      0.835   0.553  0.666  0.926   | 0.690
fanin200 (h)   19 980    628      0.375      0.709   0.466  0.563  0.925   | 0.630
=============  ========  =======  =========  ======  =====  =====  =====================

Demo data (generator seeds; all case files loaded, structure score only): merchants,
merchant settlement, payroll, hubs, family forwarders and overseas workers flagged: 0 of
17 on each of seeds 1, 2 and 3 (held out). Mules flagged 21/26, 2/33, 21/30 (before ``split``:
6/26, 6/33, 9/30); cash-out accounts 3/5, 2/6, 4/4; other accounts flagged 1, 0, 0. At scale
(demo seed 5 with 10^6 background transfers, 84 080 accounts, before ``split``): 14.6 s and
1.9 GB peak (view included) on one core; 0 of 210 look-alikes flagged, mules 320/421, cash-out
56/88, 206 other accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphfraud.analysis import structure_graph as sg
from graphfraud.analysis import structure_time as stime
from graphfraud.analysis.graphview import GraphView
from graphfraud.store.sorted_keys import distinct

__all__ = ["SIGNAL_TEXT", "WEIGHTS", "StructureScores", "structure_scores", "threshold_rule"]

CYCLE_LENGTHS = (2, 3, 4)
LIFT = (1.5, 4.0)      # closed shapes count from 1.5 times what chance gives, fully from 4 times
SURPRISE = (0.5, 2.0)  # ... and from a chance of 1 in 3, fully from 1 in 100 (−log10 of it)

# signal -> weight in the noisy-OR (the most one signal alone can give the score)
WEIGHTS: dict[str, float] = {
    "closed_group": 0.6,
    "cycle": 0.4,
    "fan_in_out": 0.5,
    "fan_out_in": 0.5,
    "pass_through": 0.3,
    "split": 0.5,
    "burst": 0.2,
    "counterparties": 0.3,
    "flagged_peers": 0.3,
}

MIN_THRESHOLD = 0.3    # never below one supporting signal at full strength
BUDGET = 0.02         # the top 2 % of the accounts with a positive score always reach the threshold
MAX_FRACTION = 0.9     # never above 90 % of the highest score the weights allow

SIGNAL_TEXT: dict[str, tuple[str, str]] = {
    "closed_group": ("pays and is paid inside a closed group of ordinary accounts (they all paid each other)",
                     "giao dịch trong một nhóm khép kín các tài khoản thông thường (chuyển tiền qua lại lẫn nhau)"),
    "cycle": ("money goes round and comes back to it through a short chain of accounts (2-4 steps)",
              "tiền đi một vòng ngắn qua các tài khoản (2-4 bước) rồi quay về chính tài khoản này"),
    "fan_in_out": ("gathers money from several senders, then scatters it to several receivers soon after",
                   "gom tiền từ nhiều người gửi rồi nhanh chóng chia ra cho nhiều người nhận"),
    "fan_out_in": ("money split over several intermediaries meets again at one account (scatter-gather)",
                   "tiền được chia qua nhiều tài khoản trung gian rồi gom lại về một tài khoản"),
    "pass_through": ("passes on nearly all it receives, soon after receiving it",
                     "chuyển đi gần như toàn bộ số tiền nhận được, ngay sau khi nhận"),
    "split": ("pays the same account several times in a short window, or is paid so (a payment split into parts)",
              "chuyển cho cùng một tài khoản nhiều lần trong thời gian ngắn, hoặc được chuyển như vậy (chia nhỏ khoản tiền)"),
    "burst": ("far more transfers inside one short window than its own average rate",
              "số giao dịch trong một khoảng thời gian ngắn cao bất thường so với mức trung bình của chính nó"),
    "flagged_peers": ("deals with several accounts that show these shapes themselves",
                      "giao dịch với nhiều tài khoản cũng có các dấu hiệu này"),
    "counterparties": ("many more distinct counterparties than the other accounts of this data",
                       "số đối tác khác nhau nhiều hơn hẳn các tài khoản khác trong dữ liệu này"),
}


@dataclass
class StructureScores:
    """Signals and score of every account (row r = node ``accounts[r]``)."""

    accounts: np.ndarray
    strength: dict[str, np.ndarray]
    stats: dict[str, np.ndarray]
    score: np.ndarray
    threshold: float
    flagged: np.ndarray
    texts: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(SIGNAL_TEXT))
    info: dict = field(default_factory=dict)     # store-wide measures: time unit, window, fences

    def fired(self, r: int, min_strength: float = 0.2) -> list[str]:
        """The names of the signals that fire for row ``r``, strongest first."""
        items = sorted(((float(v[r]), n) for n, v in self.strength.items() if v[r] >= min_strength),
                       key=lambda x: (-x[0], x[1]))
        return [n for _, n in items]

    def reasons(self, r: int, lang: str = "en", min_strength: float = 0.2) -> list[str]:
        """The texts of the signals that fire for row ``r``, strongest first."""
        k = 0 if lang == "en" else 1
        return [self.texts[n][k] for n in self.fired(r, min_strength)]


def _transfers(gv: GraphView):
    """Account rows and the account-to-account transfers (sender row, receiver row, time, amount)."""
    acc = gv.nodes_of_type("account")
    row = np.full(gv.n, -1, dtype=np.int64)
    row[acc] = np.arange(len(acc))
    T = gv.edges_of_type("transfer")
    s, d = row[gv.src[T]], row[gv.dst[T]]
    ok = (s >= 0) & (d >= 0) & (s != d)
    a = np.nan_to_num(np.abs(gv.amount[T[ok]]), nan=0.0)
    return acc, s[ok], d[ok], gv.ts[T[ok]].astype(np.float64), a


def _saturate(w: np.ndarray) -> np.ndarray:
    """0 → 0, 1 → 0.5, 2 → 0.75 ... (one full-weight shape is half the strength)."""
    return 1.0 - np.power(0.5, np.maximum(w, 0.0))


def _ramp(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.clip((np.asarray(x, dtype=np.float64) - lo) / (hi - lo), 0.0, 1.0)


def robust_z(x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """(x − median) / (1.4826·MAD) with median and MAD over ``mask`` (MAD at least 0.25)."""
    ref = x if mask is None else x[mask]
    if len(ref) == 0:
        return np.zeros(len(x))
    med = float(np.median(ref))
    mad = max(float(np.median(np.abs(ref - med))) * 1.4826, 0.25)
    return (x - med) / mad


def _lgamma(x: np.ndarray) -> np.ndarray:
    from math import lgamma

    return np.array([lgamma(float(v)) for v in np.asarray(x).ravel()] + [0.0])[:-1].reshape(np.shape(x))


def surprise(w: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """−log10 of the chance of ``w`` or more closed shapes where ``expected`` are due (Poisson tail
    bounded by its first term over ``1 − E/(w+1)``); 0 where ``w`` ≤ ``expected``."""
    out = np.zeros(len(w))
    k = (w > expected) & (w > 0)
    e = np.maximum(expected[k], 1e-300)
    # the tail's terms fall at least as fast as a geometric series of ratio E / (w + 1)
    logp = w[k] * np.log(e) - _lgamma(w[k] + 1.0) - e - np.log1p(-np.minimum(e / (w[k] + 1.0), 1 - 1e-9))
    out[k] = np.maximum(-logp / np.log(10.0), 0.0)
    return out


def _excess(w: np.ndarray, opportunities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(closed shapes beyond chance, surprise): the store's own closing rate says how many an account
    with as many open shapes would close by chance (E). The excess ``w − E`` counts in proportion to
    how many times E the account closes (``LIFT``: effect size, so a busy account in a sociable
    crowd does not count) and how unlikely that is by chance (``SURPRISE``: so one chance triangle
    in a small store does not count)."""
    rate = float(w.sum() / opportunities.sum()) if opportunities.sum() > 0 else 0.0
    expected = rate * opportunities
    sup = surprise(w, expected)
    ratio = np.divide(w, expected, out=np.full(len(w), np.inf), where=expected > 0)
    lift = np.clip(np.log(np.maximum(ratio, 1e-12) / LIFT[0]) / np.log(LIFT[1] / LIFT[0]), 0.0, 1.0)
    return np.maximum(w - expected, 0.0) * lift * _ramp(sup, SURPRISE[0], SURPRISE[1]), sup


def _graph_signals(s, d, t, na: int, window_s: float, st: dict, out: dict) -> np.ndarray:
    """closed_group, cycle, fan_out_in and counterparties; returns the peer damp per account."""
    u, v = sg.pair_graph(s, d, na)
    cp, damp, fence = sg.peer_damp(u, v, na)
    walk = sg.walkable(u, v, na, cp, fence)
    st["counterparties"], st["peer_fence"], st["damp"] = cp, np.full(na, fence), damp
    st["senders"] = np.bincount(v, minlength=na)
    st["receivers"] = np.bincount(u, minlength=na)
    w_tri, n_tri, opp = sg.closed_groups(u, v, na, damp, walk)
    st["triangles"], st["closed_weight"] = n_tri, w_tri
    st["closed_excess"], st["closed_surprise"] = _excess(w_tri, opp)
    out["closed_group"] = _saturate(st["closed_excess"] * damp)
    cyc = sg.cycles(u, v, na, damp, walk)
    st["cycle_shortest"] = cyc["shortest"]
    st["cycle_weight"] = cyc["w2"] + cyc["w3"] + cyc["w4"]
    per_len = [_excess(cyc[f"w{k}"], cyc[f"o{k}"]) for k in CYCLE_LENGTHS]
    st["cycle_excess"] = sum(x for x, _ in per_len)
    st["cycle_surprise"] = np.maximum.reduce([s for _, s in per_len])
    out["cycle"] = _saturate(st["cycle_excess"] * damp)
    w_sm, n_mid, o_sm = sg.split_merge(s, d, t, na, damp, walk, window_s)
    st["split_merge_weight"], st["split_merge_intermediaries"] = w_sm, n_mid
    st["split_merge_excess"], st["split_merge_surprise"] = _excess(w_sm, o_sm)
    out["fan_out_in"] = _saturate(st["split_merge_excess"] / 2.0)
    lcp = np.log(np.maximum(cp, 1))
    z = robust_z(lcp, cp > 0)
    st["counterparties_z"] = z
    hub_fence = sg.robust_log_fence(cp, k=4.0)
    out["counterparties"] = _ramp(z, 2.0, 4.0) * np.minimum(1.0, (hub_fence / np.maximum(cp, 1)) ** 2)
    return damp


def _time_signals(streams, window: float, s, d, a, na: int, damp: np.ndarray, st: dict, out: dict) -> None:
    """fan_in_out, pass_through, split and burst (``window`` in the data's time units)."""
    io = stime.in_out_windows(streams, window)
    for k, v in io.items():
        st[k] = v
    out["fan_in_out"] = _ramp(io["fan"], 1.0, 4.0) * _ramp(io["fan_balance"], 0.5, 0.9) * damp
    in_amt, out_amt = np.bincount(d, a, minlength=na), np.bincount(s, a, minlength=na)
    bal = np.divide(np.minimum(in_amt, out_amt), np.maximum(in_amt, out_amt), out=np.zeros(na),
                    where=np.maximum(in_amt, out_amt) > 0)
    st["in_amount"], st["out_amount"], st["balance"] = in_amt, out_amt, bal
    st["in_count"], st["out_count"] = np.bincount(d, minlength=na), np.bincount(s, minlength=na)
    # one source passed on whole is what payroll and sweeps to one's own account do: ≥ 2 senders
    several = _ramp(st["senders"], 1.0, 2.0)
    out["pass_through"] = _ramp(bal, 0.5, 0.9) * _ramp(np.minimum(io["fast_share"], bal), 0.2, 0.8) * several
    rep, pairs = stime.split_payments(streams, window)
    st["split_pairs"] = rep
    st["split_excess"], st["split_surprise"] = _excess(rep, pairs)
    out["split"] = _saturate(st["split_excess"] * damp)
    top, expected = stime.burst(streams, window)
    ratio = top / np.maximum(expected, 1.0)
    n_tx = st["in_count"] + st["out_count"]
    z = robust_z(np.log(np.maximum(ratio, 1e-9)), n_tx >= 3)
    st["burst_max"], st["burst_expected"], st["burst_z"] = top, expected, z
    out["burst"] = _ramp(z, 2.0, 4.0) * (n_tx >= 3) * damp


def threshold_rule(score: np.ndarray) -> float:
    """The flag threshold from the store's own scores: ``median + 3·MAD`` (MAD × 1.4826) of the
    positive scores, at least ``MIN_THRESHOLD`` and at most ``MAX_FRACTION`` of the highest score
    the weights can give (see the module docstring)."""
    pos = score[score > 0]
    top = 1.0 - float(np.prod([1.0 - w for w in WEIGHTS.values()]))
    if len(pos) == 0:
        return MIN_THRESHOLD
    med = float(np.median(pos))
    mad = float(np.median(np.abs(pos - med))) * 1.4826
    budget = float(np.quantile(pos, 1.0 - BUDGET)) if len(pos) else top
    return float(np.clip(min(med + 3.0 * mad, budget), MIN_THRESHOLD, MAX_FRACTION * top))


def _combine(strength: dict[str, np.ndarray], na: int) -> np.ndarray:
    keep = np.ones(na)
    for name, w in WEIGHTS.items():
        if name in strength:
            keep = keep * (1.0 - w * strength[name])
    return 1.0 - keep


def _flagged_peers(s, d, na: int, damp: np.ndarray, flagged: np.ndarray, st: dict) -> np.ndarray:
    """Strength of dealing with several accounts that the shapes alone flag (damped counterparties)."""
    u, v = sg.pair_graph(s, d, na)
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    und = distinct(lo * np.int64(na) + hi)
    x, y = und // na, und % na
    f = flagged.astype(np.float64) * damp
    peers = np.bincount(x, f[y], minlength=na) + np.bincount(y, f[x], minlength=na)
    st["flagged_peers"] = peers
    return _ramp(peers, 1.0, 3.0) * damp


def structure_scores(gv: GraphView) -> StructureScores:
    """Every transfer-shape signal and the combined score of every account (vectorised; deterministic);
    computed once per view."""
    return gv.once("structure_scores", lambda: _structure_scores(gv))


def _structure_scores(gv: GraphView) -> StructureScores:
    acc, s, d, t, a = _transfers(gv)
    na = len(acc)
    st: dict[str, np.ndarray] = {}
    strength: dict[str, np.ndarray] = {}
    unit = stime.time_unit(t)
    streams = stime.Streams(s, d, t, a, na, unit)
    window, med_gap = stime.dwell_window(streams)
    info: dict = {"time_unit_s": unit, "window_units": window, "window_s": window * unit}
    st["median_dwell_s"] = med_gap * unit
    damp = _graph_signals(s, d, t, na, window * unit, st, strength)
    _time_signals(streams, window, s, d, a, na, damp, st, strength)
    shapes = _combine(strength, na)
    first = threshold_rule(shapes)
    strength["flagged_peers"] = _flagged_peers(s, d, na, damp, shapes >= first, st)
    score = _combine(strength, na)
    thr = threshold_rule(score)
    info.update(shape_threshold=first, threshold=thr)
    return StructureScores(accounts=acc, strength=strength, stats=st, score=score, threshold=thr,
                           flagged=score >= thr if na else np.zeros(0, dtype=bool), info=info)
