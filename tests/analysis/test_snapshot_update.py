"""The graph snapshot written when a load ends and updated by later loads.

An updated snapshot must hold exactly what a snapshot read from the tables in full holds: the
same nodes in the same order, the same edges in the same order, the same text and the same
facet values. Every test here loads files one after another and compares the two.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from tests.analysis.test_snapshot import _columns


class Steps:
    """A progress recorder: the steps a command named, in order."""

    def __init__(self):
        self.keys: list[str] = []

    def __call__(self, *a, **k):
        pass

    def stage(self, key, **k):
        self.keys.append(key)


def _facets(g) -> dict:
    every = np.arange(len(g.etype))
    return {f: x.values(every).tolist() for f, x in sorted(g.efacets.items())}


def _same_as_full_read(st) -> None:
    from graphfraud.store import snapshot

    kept = snapshot.read(st.path, st.state())
    assert kept is not None, "the load left no current snapshot"
    full, sid = st._read_arrays()
    assert _columns(kept) == _columns(full)
    assert kept.node_type_names == full.node_type_names and kept.edge_type_names == full.edge_type_names
    assert _facets(kept) == _facets(full)
    assert snapshot.read_base(st.path).sid.tolist() == sid.tolist()


def test_each_load_updates_the_snapshot_it_found(tmp_path):
    """The demo's files loaded one by one: the first load writes the snapshot, each later one
    merges what it added (no full read), and the result is always the full read's."""
    from graphfraud.demo.generator import generate
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    m = generate(tmp_path / "data", seed=4)
    files = sorted(m.all_files(), key=lambda p: p.name)
    assert len(files) >= 5
    with SQLiteStore(tmp_path / "g.db") as st:
        for k, f in enumerate(files):
            rec = Steps()
            load_files(st, [f], progress=rec)
            snap = [x for x in rec.keys if x.startswith("snapshot.")]
            if k == 0:
                assert snap == ["snapshot.read", "snapshot.order", "snapshot.write"], snap
            else:
                assert snap == ["snapshot.update", "snapshot.write"], (f.name, snap)
            _same_as_full_read(st)
        again = Steps()
        load_files(st, [files[0]], progress=again)        # already loaded: the snapshot is current
        assert not [x for x in again.keys if x.startswith("snapshot.")]


def test_an_update_that_cannot_pack_its_sort_keys_gives_the_full_read_too(tmp_path, monkeypatch):
    """Past 2^29 nodes the merge cannot pack (type, source, destination) into one key and sorts all
    the edges instead (here forced on a small store): the same snapshot."""
    from graphfraud.demo.generator import generate
    from graphfraud.load import load_files
    from graphfraud.store import snapshot_merge
    from graphfraud.store.sqlite import SQLiteStore

    monkeypatch.setattr(snapshot_merge, "PACKED_NODE_BITS", 1)
    m = generate(tmp_path / "data", seed=6)
    files = sorted(m.all_files(), key=lambda p: p.name)
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, files[:2])
        for f in files[2:]:
            rec = Steps()
            load_files(st, [f], progress=rec)
            assert "snapshot.update" in rec.keys and "snapshot.read" not in rec.keys, rec.keys
            _same_as_full_read(st)


def test_a_whole_graph_command_updates_a_stale_snapshot(tmp_path):
    """A store loaded by a version that wrote no snapshot at the end of its loads (or whose
    snapshot was removed) gets one at its first whole-graph read, updated afterwards."""
    import shutil

    from graphfraud.demo.generator import generate
    from graphfraud.load import load_files
    from graphfraud.store import snapshot
    from graphfraud.store.sqlite import SQLiteStore

    m = generate(tmp_path / "data", seed=5)
    files = sorted(m.all_files(), key=lambda p: p.name)
    with SQLiteStore(tmp_path / "g.db") as st:
        load_files(st, files[:-2])
        shutil.rmtree(snapshot.snapshot_dir(st.path))
        st.graph_arrays()                                  # written in full
        base = snapshot.read_base(st.path)
        for f in files[-2:]:
            load_files(st, [f])
        assert snapshot.read_base(st.path).meta["loads"] != base.meta["loads"]
        _same_as_full_read(st)


_ACCOUNTS = [f"10000000{k:02d}" for k in range(12)]
_KINDS = ("transfers", "registry", "logins")


def _file(tmp_path, k: int, kind: str, rows: list) -> object:
    """One small CSV of ``kind`` made of ``rows`` (tuples of pool indexes)."""
    p = tmp_path / f"f{k:02d}_{kind}.csv"
    if kind == "transfers":
        head = "txn_id,timestamp,from_account,to_account,amount,currency,description"
        lines = [f"T{a}{b}{c},0{1 + c % 9}/03/2024 1{c % 10}:00,{_ACCOUNTS[a]},{_ACCOUNTS[b]},"
                 f"{(c + 1) * 100000},{['VND', 'USD', ''][c % 3]},{['chuyen tien', 'nap USDT', ''][b % 3]}"
                 for a, b, c in rows]
    elif kind == "registry":
        head = "Số tài khoản,Họ tên,Ngân hàng,Số điện thoại"
        lines = [f"{_ACCOUNTS[a]},Nguyen Van {'ABC'[b % 3]},{['VCB', 'TCB', 'MB'][c % 3]},09123456{a:02d}"
                 for a, b, c in rows]
    else:
        head = "account,ip,device_id,login_time"
        lines = [f"{_ACCOUNTS[a]},113.160.{b}.{c},DEV{c % 4},0{1 + c % 9}/03/2024 08:00" for a, b, c in rows]
    p.write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    return p


_rows = hst.lists(hst.tuples(hst.integers(0, 11), hst.integers(0, 11), hst.integers(0, 30)), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hst.lists(hst.tuples(hst.sampled_from(_KINDS), _rows), min_size=2, max_size=5))
def test_random_load_sequences_give_the_full_read(tmp_path_factory, files):
    """Files that overlap (the same transfers stated again, accounts gaining a name or a bank,
    new edge types and currencies appearing late) loaded in any order."""
    from graphfraud.errors import InputError
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("upd")
    written = False
    with SQLiteStore(d / "g.db") as st:
        for k, (kind, rows) in enumerate(files):
            rec, before = Steps(), st.state()
            try:
                load_files(st, [_file(d, k, kind, rows)], progress=rec)
            except InputError:
                continue
            snap = [x for x in rec.keys if x.startswith("snapshot.")]
            if st.state() == before:                   # the same file again: nothing to do
                assert snap == [], snap
            else:
                assert snap == (["snapshot.update", "snapshot.write"] if written else
                                ["snapshot.read", "snapshot.order", "snapshot.write"]), snap
            written = True
            _same_as_full_read(st)
