"""Scores on neighbourhood exports: kept for the store's content, never guessed, never stale.

The detectors score the whole graph, so an export of one neighbourhood shows the results kept
beside the store for its current content, or none (and says so). These tests run the real
analyses on the seeded demo and compare what is read back with what is computed.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.analysis.annotations import NAMES, Analyses
from graphfraud.output.i18n import t
from graphfraud.output.page_safety import esc
from graphfraud.store import results
from graphfraud.store.snapshot import snapshot_dir
from tests.analysis._stores import demo_store, open_ro


@pytest.fixture()
def demo_copy(tmp_path_factory, tmp_path):
    """A copy of the seed-1 demo store (without its snapshot or kept results) and its ground truth."""
    db0, truth = demo_store(tmp_path_factory, 1)
    db = tmp_path / "g.db"
    shutil.copy(db0, db)
    return db, truth


def _cli(db, *args):
    r = CliRunner().invoke(cli, ["--store", str(db), *args], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r


def test_neighbourhood_commands_never_read_the_whole_graph(demo_copy, tmp_path):
    """The first read of the whole graph writes the snapshot beside the store: after find, path,
    trace and the neighbourhood exports in every format there is still none."""
    db, truth = demo_copy
    victim = truth["victims"][0]
    account, cashout = victim["account"], victim["cashout_reached"][0]
    _cli(db, "find", account, "--hops", "2", "--format", "json")
    _cli(db, "path", account, cashout, "--format", "json")
    _cli(db, "trace", account, "--format", "json")
    for fmt, out, sel in (("html", "a.html", ["--around", account, "--hops", "2"]),
                          ("json", "c.json", ["--case", victim["case_id"]]),
                          ("graphml", "t.graphml", ["--trace", account]),
                          ("gexf", "a.gexf", ["--around", victim["phone"]]),
                          ("csv", "c.zip", ["--case", victim["case_id"]])):
        _cli(db, "export", fmt, str(tmp_path / out), *sel)
    assert not snapshot_dir(db).exists()


def test_kept_scores_are_the_computed_ones_until_the_store_changes(demo_copy, tmp_path):
    db, _ = demo_copy
    with open_ro(db) as st:
        computed = Analyses(st, lang="en")
        keys = sorted(set(computed.mules()) | set(computed.organizers()) | set(computed.membership()))
        want = {k: computed.annotate(k) for k in keys}
        assert sum("mule_score" in a for a in want.values()) >= 10
        assert sum("organizer_score" in a for a in want.values()) >= 3
        kept = Analyses(st, lang="en", compute=False)
        assert {k: kept.annotate(k) for k in keys} == want
        assert kept.not_shown == [] and kept.communities() == computed.communities()
    # a load changes the content: what was kept for the old content is not shown any more
    extra = tmp_path / "more.csv"
    extra.write_text("Tài khoản ghi nợ,Tài khoản ghi có,Số tiền\n1234567890,9876543210,5000000\n",
                     encoding="utf-8")
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    with SQLiteStore(db) as st:
        load_files(st, [extra])
    with open_ro(db) as st:
        after = Analyses(st, lang="en", compute=False)
        assert all(after.annotate(k) == {} for k in keys)
        assert after.not_shown == list(NAMES)


def test_without_kept_scores_the_page_says_so_and_with_scores_shows_them(demo_copy, tmp_path):
    db, truth = demo_copy
    account = truth["victims"][0]["account"]
    for lang in ("vi", "en"):
        page = tmp_path / f"a-{lang}.html"
        r = _cli(db, "export", "html", str(page), "--around", account, "--hops", "2", "--lang", lang)
        assert esc(t("scores_not_shown", lang)) in page.read_text(encoding="utf-8")
        assert "--with-scores" in r.output
    bare = tmp_path / "bare.json"
    _cli(db, "export", "json", str(bare), "--around", account, "--hops", "2")
    data = json.loads(bare.read_text(encoding="utf-8"))
    assert data["graph"]["scores_not_shown"] == list(NAMES)
    assert not any("mule_score" in n or "community" in n for n in data["nodes"])
    scored = tmp_path / "scored.json"
    _cli(db, "export", "json", str(scored), "--around", account, "--hops", "2", "--with-scores")
    again = tmp_path / "again.json"   # computed once, kept: the next export shows them without the flag
    _cli(db, "export", "json", str(again), "--around", account, "--hops", "2")
    with_scores = json.loads(scored.read_text(encoding="utf-8"))
    assert "scores_not_shown" not in with_scores["graph"]
    assert any("mule_score" in n for n in with_scores["nodes"])
    assert {n["id"] for n in with_scores["nodes"]} == {n["id"] for n in data["nodes"]}
    assert again.read_bytes() == scored.read_bytes()


def test_only_values_that_survive_json_unchanged_are_kept(tmp_path):
    db = tmp_path / "g.db"
    snapshot_dir(db).mkdir()   # results are kept inside the snapshot's folder
    assert results.keep(db, "x", "s1", [{"score": 0.75, "reasons": ["a"]}])
    assert results.read(db, "x", "s1") == [{"score": 0.75, "reasons": ["a"]}]
    assert results.read(db, "x", "s2") is None          # another content of the store
    assert not results.keep(db, "y", "s1", [("tuple", 1)])   # would come back as a list
    assert not results.keep(db, "z", "s1", {"amount": Decimal("1.5")})
    assert results.read(db, "y", "s1") is None and results.read(db, "z", "s1") is None
    with pytest.raises(ValueError):
        results.keep(db, "../escape", "s1", 1)
    assert not results.keep(tmp_path / "nosnapshot.db", "x", "s1", 1)   # no snapshot folder: none kept


def test_a_result_kept_for_other_data_is_turned_away_before_its_value_is_read(tmp_path, monkeypatch):
    """The state heads the file: a result kept for another content of the store is refused from
    its first bytes, so its value (tens of MB for the clusters of a large store) is never decoded."""
    db = tmp_path / "g.db"
    snapshot_dir(db).mkdir()
    assert results.keep(db, "x", "s1", {"members": list(range(5))})
    decoded = []
    real = results._loads
    monkeypatch.setattr(results, "_loads", lambda text: decoded.append(len(text)) or real(text))
    assert results.read(db, "x", "s2") is None and decoded == []   # another state: nothing decoded
    assert results.read(db, "x", "s1") == {"members": [0, 1, 2, 3, 4]} and len(decoded) == 1
    path = results.results_dir(db) / "x.json"
    text = path.read_bytes()
    path.write_bytes(text[:text.index(b'"value"')] + b'"value": [not json at all')
    assert results.read(db, "x", "s1") is None        # the right state, but a damaged value
    path.write_bytes(b"")                              # an empty or cut file is no result
    assert results.read(db, "x", "s1") is None


def test_kept_clusters_are_looked_up_node_by_node(demo_copy):
    """Kept clusters come with a look-up by node: a neighbourhood export reads the cluster of each
    of its nodes there, not the member lists of every cluster, with the same answers."""
    db, _ = demo_copy
    with open_ro(db) as st:
        computed = Analyses(st, lang="en")
        want = dict(computed.membership())
        assert len(want) >= 50 and len(set(want.values())) >= 3
        name = computed._kept_name("communities")
        assert st.kept_index(name, st.state()) is None      # computing the clusters does not write it
        first = Analyses(st, lang="en", compute=False)      # the first neighbourhood export does
        assert first.annotate(next(iter(want))).get("community") == want[next(iter(want))]
        assert st.kept_index(name, st.state()) is not None
    whole = results.results_dir(db) / f"{name}.json"
    whole.rename(whole.with_suffix(".away"))          # the member lists are not read at all
    with open_ro(db) as st:
        kept = Analyses(st, lang="en", compute=False)
        others = [("account", "no-such-account"), ("phone", "0")]
        assert {k: kept.annotate(k).get("community") for k in [*want, *others]} == {**want, **dict.fromkeys(others)}
        assert "communities" not in kept.not_shown
        assert st.kept_index(name, "another state") is None


def test_kept_scores_are_looked_up_node_by_node(demo_copy):
    """Kept mule and organiser scores come with a look-up by node too: after the first
    neighbourhood export, the next ones read the scores and reasons of their nodes there (and the
    flagged nodes' list), not the whole results, with the same answers."""
    db, _ = demo_copy
    with open_ro(db) as st:
        computed = Analyses(st, lang="en")
        keys = sorted(set(computed.mules()) | set(computed.organizers()))
        want = {k: computed.annotate(k) for k in keys}
        flagged = computed.flagged()
        first = Analyses(st, lang="en", compute=False)
        assert {k: first.annotate(k) for k in keys} == want
        names = [computed._kept_name(n) for n in ("mules", "organizers")]
        assert all(st.kept_index(n + ".rows", st.state()) is not None for n in names)
    for n in names:
        whole = results.results_dir(db) / f"{n}.json"
        whole.rename(whole.with_suffix(".away"))       # the whole results are not read at all
    with open_ro(db) as st:
        kept = Analyses(st, lang="en", compute=False)
        assert kept.flagged() == flagged
        others = [("account", "no-such-account"), ("phone", "0")]
        assert {k: kept.annotate(k) for k in [*keys, *others]} == {**want, **{k: {} for k in others}}
        assert "mules" not in kept.not_shown and "organizers" not in kept.not_shown
        assert st.kept_index(names[0] + ".rows", "another state") is None


def test_a_damaged_lookup_is_not_used(tmp_path):
    db = tmp_path / "g.db"
    snapshot_dir(db).mkdir()
    results.results_dir(db).mkdir()
    assert results.keep_index(db, "c", "s1", [("account", "1", "7"), ("phone", "0912345678", "2")])
    kept = results.read_index(db, "c", "s1")
    assert kept.get(("account", "1")) == "7" and kept.get(("account", "2")) is None
    kept.close()
    assert results.read_index(db, "c", "s2") is None        # written for other data
    results._index_file(db, "c").write_bytes(b"not a database " * 100)
    assert results.read_index(db, "c", "s1") is None
