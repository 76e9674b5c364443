"""The foundation's acceptance on the demo data: idempotent loads, any spelling finds one
node, and a path from a victim's account to the cash-out account its money reached."""

import json

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.demo.generator import generate
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    m = generate(d / "data", seed=7)
    files = [str(p) for ps in m.files.values() for p in ps]
    return d, files, json.loads(m.ground_truth.read_text(encoding="utf-8"))


def _cli(*args):
    r = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_loading_the_demo_twice_gives_identical_stats(demo, tmp_path):
    _, files, truth = demo
    db = str(tmp_path / "g.db")
    first = json.loads(_cli("--store", db, "load", *files, "--format", "json"))
    assert first["rejects"] == len(truth["expected_rejects"])
    s1 = _cli("--store", db, "stats", "--format", "json")
    again = json.loads(_cli("--store", db, "load", *files, "--format", "json"))
    assert all(s["status"] == "already loaded" for f in again["files"] for s in f["sheets"])
    assert _cli("--store", db, "stats", "--format", "json") == s1


def test_rejects_are_exactly_the_planted_bad_values(demo, tmp_path):
    _, files, truth = demo
    s = SQLiteStore(tmp_path / "g.db")
    load_files(s, files)
    got = sorted((r["file"].rsplit("/", 1)[-1], r["value"]) for r in s.rejects())
    want = sorted((e["file"].rsplit("/", 1)[-1], e["value"]) for e in truth["expected_rejects"])
    assert got == want
    s.close()


def test_any_spelling_finds_the_same_node(demo, tmp_path):
    _, files, _ = demo
    db = str(tmp_path / "g.db")
    _cli("--store", db, "load", *files)
    spellings = ["0912 345 678", "+84912345678", "84912345678", "0084912345678", "(+84) 91.234.5678", "912345678"]
    found = [json.loads(_cli("--store", db, "find", s, "--format", "json"))["matches"] for s in spellings]
    assert all([(m["type"], m["value"]) for m in ms] == [("phone", "+84912345678")] for ms in found)
    assert len({json.dumps(ms, sort_keys=True) for ms in found}) == 1


def test_path_from_a_victim_to_the_cashout_its_money_reached(demo, tmp_path):
    _, files, truth = demo
    db = str(tmp_path / "g.db")
    _cli("--store", db, "load", *files)
    for v in truth["victims"][:5]:
        if not v.get("cashout_reached"):
            continue
        p = json.loads(_cli("--store", db, "path", v["account"], v["cashout_reached"][0], "--format", "json"))
        assert p["nodes"][0]["value"] == v["account"] and p["nodes"][-1]["value"] == v["cashout_reached"][0]
        assert 1 <= p["length"] <= 6
        for hop in p["hops"]:
            assert hop["evidence"], hop
            ev = hop["evidence"][0]
            assert ev["file"] and ev["row"] >= 1 and len(ev["sha256"]) == 64
