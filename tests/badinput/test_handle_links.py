"""A bare @handle in one file is tied to the platform account with that handle in another file,
whichever is loaded first; a handle several platforms have is tied to each, more weakly."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.analysis.communities import identifier_graph
from graphfraud.analysis.graphview import GraphView
from graphfraud.handle_links import pairs_for
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.badinput.load_orders import in_both_orders
from tests.conftest import write_csv

SOCIAL = ["Tài khoản MXH", "Nền tảng", "Số điện thoại"]
REPORTS = ["Mã vụ việc", "Họ tên nạn nhân", "Mạng xã hội đối tượng", "Số tiền bị lừa"]


def _files(tmp_path):
    social = write_csv(tmp_path / "social.csv", SOCIAL, [
        ["t.me/ScamBot", "", "0912345678"], ["shop88", "Zalo", ""], ["shop88", "TikTok", ""]])
    reports = write_csv(tmp_path / "reports.csv", REPORTS, [
        ["VV-1", "Nguyễn Văn A", "@scambot", "1.500.000"],
        ["VV-2", "Trần Thị B", "@shop88", "2.000.000"],
        ["VV-3", "Lê Văn C", "@nobody", "500.000"]])
    return social, reports


def _links(store):
    out = {}
    for e in store.incident([("social", "unknown:scambot"), ("social", "unknown:shop88"),
                             ("social", "unknown:nobody")], types=("social_link",)):
        out[(e.src[1], e.dst[1])] = (e.id, e.props.get("match"))
    return out


@pytest.mark.parametrize("order", ["social first", "reports first"])
def test_a_bare_handle_in_a_report_links_to_the_platform_account_of_another_file(tmp_path, order):
    social, reports = _files(tmp_path)
    files = [social, reports] if order == "social first" else [reports, social]
    with SQLiteStore(tmp_path / "g.db") as store:
        rep = load_files(store, files)
        assert rep.total_rejects == 0
        links = _links(store)
        assert {k: v[1] for k, v in links.items()} == {
            ("unknown:scambot", "telegram:scambot"): "same_handle",
            ("unknown:shop88", "tiktok:shop88"): "same_handle",   # two platforms have it: tied to each
            ("unknown:shop88", "zalo:shop88"): "same_handle"}
        # the case reaches the scammer's phone through the Telegram account of the social file
        hops = store.shortest_path(("case", "VV-1"), ("phone", "+84912345678"), 4)
        assert [e.dst if e.src in {h.dst for h in hops} else e.src for e in hops]
        assert [n for e in hops for n in (e.src, e.dst)].count(("social", "telegram:scambot")) == 2
        # the edge is a fact of the second file's load, with its row
        eid = links[("unknown:scambot", "telegram:scambot")][0]
        prov = store.provenance([eid])[eid]
        assert len(prov) == 1 and prov[0]["path"] == str(files[1])
        assert prov[0]["row"] == 2
        again = load_files(store, files)  # loading either file again changes nothing
        assert all(s.status == "already loaded" for f in again.files for s in f.sheets)
        assert _links(store) == links


def test_the_link_has_the_same_id_whichever_file_came_first(tmp_path):
    ids = in_both_orders(tmp_path, _files, lambda store: {k: v[0] for k, v in _links(store).items()})
    assert ids[0] == ids[1] and len(ids[0]) == 3


def test_a_handle_two_platforms_have_weighs_less_than_one_only_one_has(tmp_path):
    social, reports = _files(tmp_path)
    with SQLiteStore(tmp_path / "g.db") as store:
        load_files(store, [social, reports])
        gv = GraphView.from_store(store)
        u, v, w = identifier_graph(gv)
        weight = {}
        for a, b, x in zip(u.tolist(), v.tolist(), w.tolist()):
            weight[frozenset((gv.node(a), gv.node(b)))] = x
    one = weight[frozenset((("social", "unknown:scambot"), ("social", "telegram:scambot")))]
    two = weight[frozenset((("social", "unknown:shop88"), ("social", "zalo:shop88")))]
    assert two == pytest.approx(one / 2)


def test_cases_naming_the_handle_and_the_platform_account_are_linked(tmp_path):
    social = write_csv(tmp_path / "social.csv", SOCIAL, [["t.me/ScamBot", "", "0912345678"]])
    reports = write_csv(tmp_path / "reports.csv", REPORTS + ["Số điện thoại đối tượng"], [
        ["VV-1", "Nguyễn Văn A", "@scambot", "1.500.000", ""],
        ["VV-2", "Trần Thị B", "", "2.000.000", "0912 345 678"]])
    db = str(tmp_path / "g.db")
    run = CliRunner().invoke
    for f in (reports, social):
        assert run(cli, ["--store", db, "load", str(f)]).exit_code == 0
    r = run(cli, ["--store", db, "link-cases", "--format", "json"])
    assert r.exit_code == 0, r.output
    groups = [sorted(g["cases"]) for g in json.loads(r.stdout)]
    assert ["VV-1", "VV-2"] in groups


def test_pairs_take_the_first_row_that_states_a_side():
    here = {"unknown:a": (7, "x"), "zalo:a": (3, "y"), "telegram:b": (5, "y")}
    assert pairs_for(here, {"tiktok:a", "unknown:b", "unknown:c"}) == [
        ("unknown:a", "tiktok:a", 7, "x"), ("unknown:a", "zalo:a", 3, "y"), ("unknown:b", "telegram:b", 5, "y")]
