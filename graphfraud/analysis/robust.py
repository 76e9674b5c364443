"""Robust cut-offs read from a store's own distribution (no constant fitted to one data set)."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["robust_fence"]


def robust_fence(x: np.ndarray) -> float:
    """``exp(median + 3·1.4826·MAD)`` of ``log(x)`` over ``x ≥ 1`` (MAD floored at 0.5): the value above
    which a count (degree, users of a device...) is an outlier of its own store; inf when there is none.

    >>> robust_fence(np.array([1, 2, 2, 3, 3, 3, 4, 500]))  # doctest: +ELLIPSIS
    14.01...
    """
    x = x[x >= 1]
    if len(x) == 0:
        return math.inf
    lx = np.log(x.astype(np.float64))
    med = float(np.median(lx))
    mad = float(np.median(np.abs(lx - med))) * 1.4826
    return float(math.exp(med + 3.0 * max(mad, 0.5)))
