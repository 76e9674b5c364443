"""The embedded store's shortest path (integer BFS over the indexes) against the generic BFS."""

from __future__ import annotations

import random

from tests.analysis._stores import demo_store, open_ro


def test_shortest_path_matches_generic_bfs(tmp_path_factory):
    from graphfraud.analysis.paths import bfs_path

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
