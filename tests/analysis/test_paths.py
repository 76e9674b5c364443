"""The embedded store's shortest path (integer BFS over the indexes) against the generic BFS (store.bfs)."""

from __future__ import annotations

import random

from tests.analysis._stores import demo_store, open_ro


def test_shortest_path_matches_generic_bfs(tmp_path_factory):
    from graphfraud.store.bfs import bfs_path

    db, truth = demo_store(tmp_path_factory, 2)
    rng = random.Random(2)
    accounts = sorted({v["account"] for v in truth["victims"]} | set(truth["mules"]) | set(truth["cashout"]))
    found = 0
    with open_ro(db) as st:
        for _ in range(60):
            a, b = ("account", rng.choice(accounts)), ("account", rng.choice(accounts))
            for hops in (2, 6):
                got, ref = st.shortest_path(a, b, hops), bfs_path(st, a, b, hops)
                assert (got is None) == (ref is None)
                if got is None:
                    continue
                assert len(got) == len(ref) <= hops
                node = a
                for e in got:                  # a real walk from a to b, edges as the store has them
                    assert node in (e.src, e.dst)
                    node = e.other(node)
                    assert st.incident([e.src], types=(e.type,))
                assert node == b
                found += 1
        assert found > 20
        assert st.shortest_path(("account", accounts[0]), ("account", "no-such"), 6) is None
        assert st.shortest_path(("account", accounts[0]), ("account", accounts[0]), 6) == []


def test_a_search_step_reads_the_index_alone_and_older_stores_get_such_indexes(tmp_path):
    import sqlite3

    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore
    from tests.conftest import write_csv

    head = ["Tài khoản ghi nợ", "Tài khoản ghi có", "Số tiền"]
    db = tmp_path / "g.db"
    st = SQLiteStore(db)
    load_files(st, [write_csv(tmp_path / "a.csv", head, [["0011223344", "0055667788", "5000"]])])
    # a store written before: its edge indexes held one end only
    for name, col in (("edges_src", "src"), ("edges_dst", "dst")):
        st.db.execute(f"DROP INDEX {name}")
        st.db.execute(f"CREATE INDEX {name} ON edges({col})")

    def plan():
        return " ".join(r[3] for r in st.db.execute("EXPLAIN QUERY PLAN SELECT id, src, dst FROM edges"
                                                    " WHERE src IN (1, 2) UNION ALL SELECT id, src, dst FROM edges"
                                                    " WHERE dst IN (1, 2)"))

    assert "COVERING INDEX" not in plan()
    load_files(st, [write_csv(tmp_path / "b.csv", head, [["0011223344", "0099887766", "7000"]])])
    assert plan().count("COVERING INDEX") == 2
    path = st.shortest_path(("account", "0055667788"), ("account", "0099887766"), 3)
    assert [e.type for e in path] == ["transfer", "transfer"]
    st.close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
