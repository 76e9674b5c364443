"""Whole-graph analyses never add amounts of different currencies (an AMLworld-layout export)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from graphfraud.analysis.graphview import GraphView
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore

SAMPLE = Path(__file__).resolve().parents[1] / "badinput" / "data" / "amlworld_layout.csv"


def test_amounts_in_other_currencies_are_left_out_of_sums(tmp_path):
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [SAMPLE])
        gv = GraphView.from_store(st)
    T = gv.edges_of_type("transfer")
    cur = np.array(gv.edge_prop("currency", T), dtype=object)
    assert gv.currency == "USD" and gv.other_currency_edges == int((cur != "USD").sum()) > 0
    assert np.isnan(gv.amount[T[cur != "USD"]]).all()
    assert np.isfinite(gv.amount[T[cur == "USD"]]).all()
    # the exact text is kept for display, but totals add only the one currency
    assert all(gv.amount_text[k] for k in T.tolist())
    total = gv.exact_sums(T, np.zeros(len(T), dtype=np.int64), 0)[0]
    from decimal import Decimal

    want = sum((Decimal(gv.amount_text[k]) for k in T[cur == "USD"].tolist()), Decimal(0))
    assert total == want


def test_a_store_in_one_currency_is_unchanged(tmp_path):
    from tests.conftest import write_csv

    f = write_csv(tmp_path / "tx.csv", ["from_account", "to_account", "amount", "timestamp"],
                  [["0011223344", "0055667788", "1.500.000", "01/03/2024 10:00"],
                   ["0055667788", "0099887766", "1.400.000", "01/03/2024 10:20"]])
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [f])
        gv = GraphView.from_store(st)
    assert gv.currency == "VND" and gv.other_currency_edges == 0
    assert sorted(gv.amount[gv.edges_of_type("transfer")].tolist()) == [1_400_000.0, 1_500_000.0]


def test_the_same_without_the_currency_facet(tmp_path):
    """A view built from frames (no category codes) finds the same currency and the same edges."""
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, [SAMPLE])
        a = GraphView.from_store(st)
        b = GraphView.from_frames(*st.graph_frames())
    assert "currency" in a.efacets and "currency" not in b.efacets
    assert (a.currency, a.other_currency_edges) == (b.currency, b.other_currency_edges) == ("USD", 23)
