"""One person across files in the Neo4j store: the same ``same_person`` edges, aliases and look-ups as
the embedded store, whichever file is loaded first."""

from __future__ import annotations

import pytest

from graphfraud.analysis.find import find
from graphfraud.load import load_files
from graphfraud.store.neo4j import Neo4jStore
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import write_csv

pytestmark = pytest.mark.neo4j


def _people(store):
    from tests.badinput.test_person_links import _ties

    matches = find(store, "ho quang khanh")["matches"]
    return _ties(store), [(m.get("people"), m.get("aliases")) for m in matches if m["type"] == "person"]


@pytest.mark.parametrize("order", ["kyc first", "reports first"])
def test_people_are_tied_across_files_as_in_the_embedded_store(tmp_path, neo4j_config, order):
    from tests.badinput.test_person_links import _files

    kyc, reports = _files(tmp_path)
    files = [kyc, reports] if order == "kyc first" else [reports, kyc]
    with Neo4jStore(neo4j_config) as n:
        load_files(n, files)
        got = _people(n)
        again = load_files(n, files)
        assert all(s.status == "already loaded" for f in again.files for s in f.sheets)
        assert _people(n) == got
    with SQLiteStore(tmp_path / "g.db") as s:
        load_files(s, files)
        want = _people(s)
    assert got == want and len(got[0]) == 2
    assert got[1][0] == (["person:acct:0011223344", "person:case:VV-1"], ["HO QUANG KHANH", "Hồ Quang Khánh"])


def test_the_same_national_id_keeps_both_spellings_as_in_the_embedded_store(tmp_path, neo4j_config):
    head = ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "SĐT", "CCCD"]
    a = write_csv(tmp_path / "a.csv", head, [["0011223344", "VCB", "HO QUANG KHANH", "0361760419", "001088012345"]])
    b = write_csv(tmp_path / "b.csv", head, [["0022334455", "ACB", "Hồ Quang Khánh", "", "001088012345"]])
    key = ("person", "001088012345")
    with Neo4jStore(neo4j_config) as n:
        load_files(n, [b, a])
        got = n.nodes([key])[key]["aliases"]
    with SQLiteStore(tmp_path / "g.db") as s:
        load_files(s, [a, b])
        want = s.nodes([key])[key]["aliases"]
    assert got == want == {"HO QUANG KHANH": "ho quang khanh", "Hồ Quang Khánh": "ho quang khanh"}
