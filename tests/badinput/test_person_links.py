"""One person across files: the same national id, or the same folded name and a shared phone or
account, whichever file is loaded first; namesakes who share nothing stay two people."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import cli
from graphfraud.analysis.communities import LINK_WEIGHTS, identifier_graph
from graphfraud.analysis.find import find
from graphfraud.analysis.graphview import GraphView
from graphfraud.load import load_files
from graphfraud.output.graph_style import facts
from graphfraud.output.search_keys import search_keys
from graphfraud.person_links import same_person_pairs
from graphfraud.store.sqlite import SQLiteStore
from tests.badinput.load_orders import in_both_orders
from tests.conftest import write_csv, write_xlsx

KYC = ["Số tài khoản", "Ngân hàng", "Chủ tài khoản", "SĐT"]
REPORTS = ["Mã vụ việc", "Họ tên nạn nhân", "SĐT nạn nhân", "STK nạn nhân", "Số tiền bị lừa"]
KHANH = ("person", "acct:0011223344")
VICTIM = ("person", "case:VV-1")


def _files(tmp_path):
    kyc = write_xlsx(tmp_path / "kyc.xlsx", {"KYC": [
        KYC, ["0011223344", "VCB", "HO QUANG KHANH", "0361760419"],
        ["0099887766", "VCB", "HO QUANG KHANH", "0912000111"],     # a namesake: shares nothing
        ["0055566677", "ACB", "TRAN THI B", "0933000222"]]})
    reports = write_csv(tmp_path / "reports.csv", REPORTS, [
        ["VV-1", "Hồ Quang Khánh", "0361 760 419", "", "1.500.000"],
        ["VV-2", "Hồ Quang Khánh", "0988 777 666", "", "2.000.000"],   # another namesake
        ["VV-3", "Trần Thị B", "", "0055 566 677", "500.000"]])
    return kyc, reports


def _ties(store):
    out = {}
    for e in store.incident([KHANH, VICTIM, ("person", "acct:0099887766"), ("person", "case:VV-2"),
                             ("person", "acct:0055566677"), ("person", "case:VV-3")], types=("same_person",)):
        out[(e.src[1], e.dst[1])] = (e.id, e.props)
    return out


@pytest.mark.parametrize("order", ["kyc first", "reports first"])
def test_a_victim_is_the_kyc_holder_with_the_same_name_and_phone(tmp_path, order):
    kyc, reports = _files(tmp_path)
    files = [kyc, reports] if order == "kyc first" else [reports, kyc]
    with SQLiteStore(tmp_path / "g.db") as store:
        assert load_files(store, files).total_rejects == 0
        ties = _ties(store)
        assert {k: v[1]["match"] for k, v in ties.items()} == {
            ("acct:0011223344", "case:VV-1"): "name_phone", ("acct:0055566677", "case:VV-3"): "name_account"}
        props = ties[("acct:0011223344", "case:VV-1")][1]
        assert props["name_key"] == "ho quang khanh" and props["via"] == ["phone:+84361760419"]
        assert props["evidence"] == [{"match": "name_phone", "via": "phone:+84361760419", "sides": [
            {"node": "person:acct:0011223344", "file": "kyc.xlsx", "sheet": "KYC", "row": 2,
             "columns": "holder_name,phone"},
            {"node": "person:case:VV-1", "file": "reports.csv", "sheet": None, "row": 2,
             "columns": "victim_name,victim_phone"}]}]
        eid = ties[("acct:0011223344", "case:VV-1")][0]
        prov = store.provenance([eid])[eid]   # a fact of the load of the second file
        assert [p["path"] for p in prov] == [str(files[1])]
        # find: one person with both spellings, every node behind it; the namesakes apart
        got = find(store, "ho quang khanh")["matches"]
        people = [m for m in got if m["type"] == "person"]
        assert [m.get("people") for m in people] == [
            ["person:acct:0011223344", "person:case:VV-1"], ["person:acct:0099887766"], ["person:case:VV-2"]]
        assert people[0]["aliases"] == ["HO QUANG KHANH", "Hồ Quang Khánh"]
        assert {n["value"] for n in people[0]["neighbours"]} >= {"VV-1", "0011223344", "+84361760419"}
        assert people[1]["aliases"] == ["HO QUANG KHANH"]
        again = load_files(store, files)   # loading either file again changes nothing
        assert all(s.status == "already loaded" for f in again.files for s in f.sheets)
        assert _ties(store) == ties


def test_the_tie_is_the_same_whichever_file_came_first(tmp_path):
    got = in_both_orders(tmp_path, _files, lambda store: (_ties(store), store.stats()["nodes"]["person"]))
    assert got[0][0] == got[1][0] and len(got[0][0]) == 2
    assert got[0][1] == got[1][1] == 6   # every node kept: nothing merged away


def test_the_same_national_id_in_two_files_is_one_person_with_both_spellings(tmp_path):
    head = KYC + ["CCCD"]
    a = write_csv(tmp_path / "a.csv", head, [["0011223344", "VCB", "HO QUANG KHANH", "0361760419", "001088012345"]])
    b = write_csv(tmp_path / "b.csv", head, [["0022334455", "ACB", "Hồ Quang Khánh", "", "001088012345"]])
    seen = []
    for order, files in (("ab", [a, b]), ("ba", [b, a])):
        with SQLiteStore(tmp_path / f"{order}.db") as store:
            load_files(store, files)
            props = store.nodes([("person", "001088012345")])[("person", "001088012345")]
            assert props["aliases"] == {"HO QUANG KHANH": "ho quang khanh", "Hồ Quang Khánh": "ho quang khanh"}
            [m] = [m for m in find(store, "Ho Quang Khanh")["matches"] if m["type"] == "person"]
            assert m["people"] == ["person:001088012345"]
            assert m["aliases"] == ["HO QUANG KHANH", "Hồ Quang Khánh"]
            assert {n["value"] for n in m["neighbours"]} >= {"0011223344", "0022334455"}
            assert ["Spellings of the name", "HO QUANG KHANH, Hồ Quang Khánh"] in facts("person", props, "en")
            assert ["Các cách viết tên", "HO QUANG KHANH, Hồ Quang Khánh"] in facts("person", props, "vi")
            keys = search_keys("person", "001088012345", props)
            assert "ho quang khanh" in keys and "001088012345" in keys
            before = store.stats()
            load_files(store, files)
            assert store.stats() == before
            seen.append(props["aliases"])
    assert seen[0] == seen[1]


def test_namesakes_who_share_no_phone_or_account_stay_two_people(tmp_path):
    kyc = write_csv(tmp_path / "kyc.csv", KYC, [["0011223344", "VCB", "Nguyễn Văn An", "0912345678"]])
    reports = write_csv(tmp_path / "reports.csv", REPORTS, [["VV-9", "NGUYEN VAN AN", "0987654321", "", "1"]])
    with SQLiteStore(tmp_path / "g.db") as store:
        load_files(store, [kyc, reports])
        assert store.stats()["edges"].get("same_person", 0) == 0
        people = [m for m in find(store, "nguyen van an")["matches"] if m["type"] == "person"]
        assert [m["people"] for m in people] == [["person:acct:0011223344"], ["person:case:VV-9"]]


def test_two_victims_of_one_file_with_the_same_name_and_phone_are_one_person(tmp_path):
    reports = write_csv(tmp_path / "reports.csv", REPORTS, [
        ["VV-1", "Lê Văn C", "0912 345 678", "", "1"], ["VV-2", "LE VAN C", "+84912345678", "", "2"],
        ["VV-3", "Lê Văn D", "0912345678", "", "3"]])    # the same phone, another name: not the same
    with SQLiteStore(tmp_path / "g.db") as store:
        load_files(store, [reports])
        ties = {(e.src[1], e.dst[1]) for e in store.incident([("person", "case:VV-1")], types=("same_person",))}
        assert ties == {("case:VV-1", "case:VV-2")}
        assert store.stats()["edges"]["same_person"] == 1


def test_two_shared_identifiers_are_two_pieces_of_evidence_of_one_tie(tmp_path):
    kyc = write_csv(tmp_path / "kyc.csv", KYC, [["0011223344", "VCB", "PHAN NGOC HUYEN", "0912345678"]])
    reports = write_csv(tmp_path / "reports.csv", REPORTS, [["VV-1", "Phan Ngọc Huyền", "0912345678", "0011223344",
                                                             "1"]])
    with SQLiteStore(tmp_path / "g.db") as store:
        load_files(store, [reports, kyc])
        [e] = store.incident([VICTIM], types=("same_person",))
    assert (e.src, e.dst) == (("person", "acct:0011223344"), VICTIM)
    assert e.props["via"] == ["account:0011223344", "phone:+84912345678"]
    assert [(x["match"], x["sides"][1]["columns"]) for x in e.props["evidence"]] == [
        ("name_account", "victim_name,victim_account"), ("name_phone", "victim_name,victim_phone")]


def test_same_person_is_a_strong_tie_in_communities(tmp_path):
    kyc, reports = _files(tmp_path)
    with SQLiteStore(tmp_path / "g.db") as store:
        load_files(store, [kyc, reports])
        gv = GraphView.from_store(store)
    u, v, w = identifier_graph(gv)
    weight = {frozenset((gv.node(a), gv.node(b))): x for a, b, x in zip(u.tolist(), v.tolist(), w.tolist())}
    assert weight[frozenset((KHANH, VICTIM))] == pytest.approx(LINK_WEIGHTS["same_person"])
    assert LINK_WEIGHTS["same_person"] > max(LINK_WEIGHTS["login_device"], LINK_WEIGHTS["owns"])


def test_the_cli_find_shows_one_person_in_both_languages(tmp_path):
    kyc, reports = _files(tmp_path)
    db = str(tmp_path / "g.db")
    run = CliRunner().invoke
    for f in (reports, kyc):
        assert run(cli, ["--store", db, "load", str(f)]).exit_code == 0
    r = run(cli, ["--store", db, "find", "Hồ Quang Khánh", "--format", "json"])
    assert r.exit_code == 0, r.output
    first = json.loads(r.stdout)["matches"][0]
    assert first["people"] == ["person:acct:0011223344", "person:case:VV-1"]
    assert [e["match"] for e in first["same_person"]] == ["name_phone"]
    for lang, words in (("en", "one person in 2 records"), ("vi", "cùng một người trong 2 bản ghi")):
        r = run(cli, ["--store", db, "--lang", lang, "find", "ho quang khanh"])
        assert r.exit_code == 0 and words in r.stderr and "Hồ Quang Khánh" in r.stderr, r.stderr


NAMES = ["Hồ Quang Khánh", "HO QUANG KHANH", "ho quang khánh", "Hồ Quang Khanh", "Lê Văn C", "LE VAN C", "Lê Văn D"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_pairs_are_the_people_whose_names_fold_alike_in_any_order(names, rnd):
    from graphfraud.normalize.person import name_key

    sides = {("person", f"case:VV-{i}"): ({n}, ("r.csv", None, i + 2, "victim_name,victim_phone"))
             for i, n in enumerate(names)}
    shuffled = list(sides.items())
    rnd.shuffle(shuffled)
    got = same_person_pairs(("phone", "+84912345678"), dict(shuffled))
    assert got == same_person_pairs(("phone", "+84912345678"), sides)
    want = {(a, b) for a in sides for b in sides
            if a < b and name_key(next(iter(sides[a][0]))) == name_key(next(iter(sides[b][0])))}
    assert {(a, b) for a, b, *_ in got} == want
    assert all(m == "name_phone" for _, _, m, _, _ in got)
