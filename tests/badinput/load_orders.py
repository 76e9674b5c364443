"""Load two files into a new store in each order, for tests of what must not depend on the order."""

from __future__ import annotations

from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore


def in_both_orders(tmp_path, make_files, read) -> list:
    """``read(store)`` after loading the two files ``make_files(folder)`` writes, first to last and
    last to first, each into its own store."""
    got = []
    for order in ("a", "b"):
        (tmp_path / order).mkdir()
        first, second = make_files(tmp_path / order)
        with SQLiteStore(tmp_path / order / "g.db") as store:
            load_files(store, [first, second] if order == "a" else [second, first])
            got.append(read(store))
    return got
