"""Transfer-level flow measures for the mule score: which payments relay money that just arrived.

A *relay* is an outgoing transfer of ``b`` from an account that received at
least ``RELAY_SHARE × b`` in the ``window`` before it: the money passes through
nearly whole. One relay says little (a victim who borrows from a relative and
pays the scammer within the hour makes one); an account whose relays go, again
and again, into accounts that are suspicious or hold victims' money is moving
the chain's money — even when it has a busy life of its own besides (a rented
account whose other transfers dilute every share of its inflow or outflow).

>>> import numpy as np
>>> src = np.array([0, 1, 1]); dst = np.array([1, 2, 3])
>>> t = np.array([0.0, 600.0, 90000.0]); amount = np.array([100.0, 98.0, 50.0])
>>> relayed(src, dst, t, amount, 4, window=3600).tolist()
[False, True, False]

A *hop of a layering chain* is a relay whose receiver relays it on in turn: it
sends at least ``RELAY_SHARE`` of the amount within the ``window`` after it.
Three fast, nearly whole transfers in a row (in, on, on again) is how a mule
chain moves money; a family member who passes money on hands it to somebody
who keeps it.

>>> relayed_on(src, dst, t, amount, window=3600).tolist()
[True, False, False]
"""

from __future__ import annotations

import numpy as np

__all__ = ["RELAY_SHARE", "RELAY_WINDOW_S", "relayed", "relayed_on"]

RELAY_SHARE = 0.8           # at least this share of the payment arrived just before it
RELAY_WINDOW_S = 6 * 3600   # "just before": within six hours (mules pass money on within minutes to hours)


def _whole_near(by: np.ndarray, at: np.ndarray, t: np.ndarray, amount: np.ndarray, window: float,
                share: float, after: bool) -> np.ndarray:
    """Per transfer: True when account ``at[i]`` moved, as one of ``by`` (the accounts the transfers are
    keyed by), ``share`` of its amount in the ``window`` before it (or after it, with ``after``), its own
    time included."""
    timed = ~np.isnan(t)
    if not timed.any():
        return np.zeros(len(t), dtype=bool)
    rel = np.where(timed, t - float(np.nanmin(t)), 0).astype(np.int64)
    shift = np.int64(1 << 34)
    key = by[timed].astype(np.int64) * shift + rel[timed]
    order = np.argsort(key, kind="stable")
    key_s = key[order]
    cum = np.concatenate([[0.0], np.cumsum(amount[timed][order])])
    q = at.astype(np.int64) * shift + rel
    lo = np.searchsorted(key_s, q if after else q - int(window), side="left")
    hi = np.searchsorted(key_s, q + int(window) if after else q, side="right")
    return timed & (amount > 0) & (cum[hi] - cum[lo] >= share * amount)


def relayed(src: np.ndarray, dst: np.ndarray, t: np.ndarray, amount: np.ndarray, n: int,
            window: float = RELAY_WINDOW_S, share: float = RELAY_SHARE) -> np.ndarray:
    """Per transfer: True when its sender received ``share`` of its amount in the ``window`` before it."""
    return _whole_near(dst, src, t, amount, window, share, after=False)


def relayed_on(src: np.ndarray, dst: np.ndarray, t: np.ndarray, amount: np.ndarray,
               window: float = RELAY_WINDOW_S, share: float = RELAY_SHARE) -> np.ndarray:
    """Per transfer: True when its receiver sent ``share`` of its amount in the ``window`` after it."""
    return _whole_near(src, dst, t, amount, window, share, after=True)
