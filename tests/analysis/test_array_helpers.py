"""Vectorised helpers of the detectors, checked against plain definitions."""

from __future__ import annotations

import statistics

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as hst

from graphfraud.analysis.mule_signals import _median_per_row
from graphfraud.store.sorted_keys import query_order, search


def test_large_lookups_in_the_keys_own_order_give_numpys_answers():
    rng = np.random.default_rng(5)
    sorted_keys = np.sort(rng.integers(0, 1 << 40, 1 << 20))
    sorted_keys[:1000] = sorted_keys[1000]                    # a run of equal keys
    keys = np.concatenate([rng.integers(0, 1 << 40, 1 << 16), sorted_keys[::97], [sorted_keys[1000]] * 50])
    order = query_order(sorted_keys, keys)
    assert order is not None                                  # large enough: looked up sorted
    for side in ("left", "right"):
        assert np.array_equal(search(sorted_keys, keys, side, order), np.searchsorted(sorted_keys, keys, side))
        assert np.array_equal(search(sorted_keys, keys + 3600, side, order),
                              np.searchsorted(sorted_keys, keys + 3600, side))
    assert query_order(sorted_keys[:1000], keys) is None      # small: as they come


@settings(max_examples=200, deadline=None)
@given(hst.integers(1, 8).flatmap(lambda n: hst.tuples(hst.just(n), hst.lists(
    hst.tuples(hst.integers(0, n - 1), hst.sampled_from([0.0, 1.0, 1.0, 2.5, 60.0, float("inf")])), max_size=40))))
def test_median_per_row_is_the_median_of_each_rows_values(case):
    n, pairs = case
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    x = np.array([v for _, v in pairs], dtype=np.float64)
    got = _median_per_row(rows, x, n).tolist()
    for r in range(n):
        vals = [v for rr, v in pairs if rr == r]
        want = statistics.median(vals) if vals else float("inf")
        assert got[r] == want or (np.isnan(got[r]) and np.isnan(want)), (r, vals, got[r])


_VALUES = hst.one_of(hst.none(), hst.booleans(), hst.integers(-2**70, 2**70), hst.text(max_size=6),
                     hst.lists(hst.integers(0, 3), max_size=2))
_MAPS = hst.dictionaries(hst.sampled_from(["bank", "name", "x", "bank2"]), _VALUES, max_size=3)


@settings(max_examples=60, deadline=None)
@given(hst.lists(hst.one_of(hst.none(), _MAPS), min_size=1, max_size=12), hst.integers(0, 2**32 - 1))
def test_a_property_of_many_rows_is_what_each_row_holds(pool, seed):
    """Asked for many rows, ``JSONColumn.get`` finds the rows that mention the name by one scan of
    the text; the answers are each row's own, exact integers past 64 bits included."""
    import json as _json

    from graphfraud.store.arrays import JSONColumn

    rng = np.random.default_rng(seed)
    maps = [pool[i] for i in rng.integers(0, len(pool), 5000).tolist()]
    col = JSONColumn.from_strings([None if m is None else _json.dumps(m, ensure_ascii=False) for m in maps])
    rows = rng.integers(0, len(maps), 4500)
    for name in ("bank", "name", "missing"):
        want = [(maps[k] or {}).get(name) for k in rows.tolist()]
        assert col.get(name, rows) == want                  # one scan of the whole text
        assert col.get(name, rows[:100]) == want[:100]      # a few rows: searched one by one
