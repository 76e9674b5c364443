"""The evidence rows of a drawn node: from its own mentions and the links drawn beside it, the same
rows the store would give when every link of the node is drawn."""

from __future__ import annotations

import csv

from graphfraud.analysis.annotations import Analyses
from graphfraud.analysis.subgraph import Selection, build_graph
from graphfraud.analysis.subgraph_attrs import EVIDENCE_PER_ITEM, evidence_rows
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore

HUB = "0099887766"


def _write_transfers(path, n_counterparties: int) -> None:
    """The hub pays ``n_counterparties`` accounts, one row each; the first rows go to the accounts
    with the highest numbers, so a capped drawing (which keeps the lowest keys first among equals)
    leaves the hub's first rows out."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Mã giao dịch", "Thời gian", "Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"])
        for i in range(n_counterparties):
            to = f"77{n_counterparties - i:08d}"
            w.writerow([f"T{i}", f"0{1 + i % 9}/03/2024 10:00", HUB, to, "1.500.000"])


def test_every_link_drawn_gives_the_stores_own_rows(tmp_path):
    _write_transfers(tmp_path / "tx.csv", 12)
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        load_files(store, [tmp_path / "tx.csv"])
        g = build_graph(store, Selection(around=HUB), Analyses(store, enabled=False))
        assert g.number_of_nodes() == 13
        for node, d in g.nodes(data=True):
            t, v = node.split(":", 1)
            assert d["evidence"] == evidence_rows(store.node_provenance((t, v), limit=EVIDENCE_PER_ITEM)), node


def test_a_capped_hub_cites_rows_of_its_drawn_links(tmp_path):
    _write_transfers(tmp_path / "tx.csv", 40)
    with SQLiteStore(str(tmp_path / "s.db")) as store:
        load_files(store, [tmp_path / "tx.csv"])
        g = build_graph(store, Selection(around=HUB, max_nodes=6), Analyses(store, enabled=False))
        hub = g.nodes[f"account:{HUB}"]
        assert hub["hidden_neighbours"] > 0
        drawn_rows = sorted(ev["row"] for _u, _v, d in g.edges(data=True) for ev in d["evidence"])
        assert [ev["row"] for ev in hub["evidence"]] == drawn_rows[:EVIDENCE_PER_ITEM]
        every_row = [r["row"] for r in store.node_provenance(("account", HUB), limit=100)]
        assert set(drawn_rows) < set(every_row)        # true rows of the hub, not all of them
        assert [ev["row"] for ev in hub["evidence"]] != every_row[:EVIDENCE_PER_ITEM]
