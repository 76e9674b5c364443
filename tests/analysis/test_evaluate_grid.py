"""The evaluation grid: randomised scenarios scored over tuning and held-out seeds."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.analysis.eval_metrics import min_median, pairwise, roc_auc
from graphfraud.analysis.evaluate_grid import (
    HELD_OUT_SEEDS,
    MEASURES,
    TUNING_SEEDS,
    grid_markdown,
    grid_table_rows,
    run_grid,
    summarise,
)
from graphfraud.errors import UsageError


def test_roc_auc_ranks_with_ties_averaged():
    assert roc_auc({"a": 3, "b": 2, "c": 1}, {"a"}) == 1.0
    assert roc_auc({"a": 1, "b": 2, "c": 3}, {"a"}) == 0.0
    assert roc_auc({"a": 1, "b": 1}, {"a"}) == 0.5
    # a > b, a > d, c < b, c = d  ->  (1 + 1 + 0 + 0.5) / 4
    assert roc_auc({"a": 3, "b": 2, "c": 1, "d": 1}, {"a", "c"}) == pytest.approx(0.625)
    assert roc_auc({"a": 1}, {"a"}) is None and roc_auc({"a": 1}, set()) is None
    assert roc_auc({"a": 2, "b": 1, "x": 5}, {"a"}, negatives={"b"}) == 1.0   # x is unlabelled


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=2), st.integers(0, 4), min_size=2,
                       max_size=25), st.data())
def test_roc_auc_is_the_share_of_correctly_ordered_pairs(scores, data):
    pos = set(data.draw(st.lists(st.sampled_from(sorted(scores)), max_size=len(scores))))
    neg = set(scores) - pos
    got = roc_auc(scores, pos)
    if not pos or not neg:
        assert got is None
        return
    pairs = [(scores[p] > scores[n]) + 0.5 * (scores[p] == scores[n]) for p in pos for n in neg]
    assert got == pytest.approx(sum(pairs) / len(pairs))


def test_pairwise_counts_pairs_of_every_true_group_of_a_bridge_case():
    truth = [["A", "B", "X"], ["X", "C"]]          # X: one case whose money reached both groups
    perfect = pairwise([["A", "B", "X", "C"]], truth)
    assert perfect["true_pairs"] == 4 and perfect["recall"] == 1.0
    assert perfect["precision"] == pytest.approx(4 / 6)     # A-C and B-C are not true pairs
    split = pairwise([["A", "B", "X"], ["C"]], truth)
    assert split["precision"] == 1.0 and split["recall"] == pytest.approx(3 / 4)


def test_min_median_skips_missing_values():
    assert min_median([0.5, None, 0.1, float("nan"), 0.9]) == (0.1, 0.5, 3)
    assert min_median([1, 2, 3, 4]) == (1, 2.5, 4)
    assert min_median([None]) == (None, None, 0)


def test_seed_lists_are_disjoint():
    assert TUNING_SEEDS and HELD_OUT_SEEDS and not set(TUNING_SEEDS) & set(HELD_OUT_SEEDS)
    with pytest.raises(UsageError):
        run_grid([1, 2], [2, 3])


def _row(split, seed, share, f1):
    return {"split": split, "seed": seed, "reported_share": share, "high_report_band": share >= 0.35,
            "mule_f1": f1}


def test_summary_keeps_tuning_and_held_out_apart_and_bands_by_report_rate():
    rows = [_row("tuning", 1, 0.9, 1.0), _row("tuning", 2, 0.2, 1.0),
            _row("held-out", 101, 0.9, 0.6), _row("held-out", 102, 0.5, 0.8), _row("held-out", 103, 0.2, 0.1)]
    s = {(e["split"], e["band"]): e for e in summarise(rows)}
    assert s[("held-out", "all")]["mule_f1"] == {"min": 0.1, "median": 0.6, "n": 3}
    assert s[("held-out", "reports >= 35%")]["mule_f1"] == {"min": 0.6, "median": 0.7, "n": 2}
    assert s[("held-out", "reports < 35%")]["seeds"] == [103]
    assert s[("tuning", "all")]["mule_f1"] == {"min": 1.0, "median": 1.0, "n": 2}
    assert s[("tuning", "all")]["seeds"] == [1, 2]


@pytest.fixture(scope="module")
def small_grid(tmp_path_factory):
    work = tmp_path_factory.mktemp("grid")
    return run_grid([1], [101, 102], size=1000, workdir=work), work


@pytest.mark.slow
def test_small_grid_scores_each_seed_on_its_own_scenario(small_grid):
    g, work = small_grid
    assert [(r["split"], r["seed"]) for r in g["grid"]] == [("tuning", 1), ("held-out", 101),
                                                             ("held-out", 102)]
    for r in g["grid"]:
        assert "error" not in r, r.get("error")
        assert r["scenario"]["seed"] == r["seed"] and r["transfers"] == 1000
        for k, _ in MEASURES:
            v = r.get(k)
            assert v is None or (-1.0 <= v <= 1.0 if k == "community_ari" else 0 <= v), k
        assert 0 <= r["mule_precision"] <= 1 and 0 <= r["mule_auc"] <= 1
        gt = json.loads((work / f"demo-seed{r['seed']}-1000-scenario" / "data" / "ground_truth.json")
                        .read_text(encoding="utf-8"))
        assert r["planted_mules"] == sum(len(t) for t in gt["mules_by_tier"].values())   # every tier
        assert r["reported_share"] == gt["reported_share"]
    splits = {(e["split"], e["band"]) for e in g["grid_summary"]}
    assert ("held-out", "all") in splits and ("tuning", "all") in splits
    held = next(e for e in g["grid_summary"] if (e["split"], e["band"]) == ("held-out", "all"))
    assert held["seeds"] == [101, 102] and held["mule_f1"]["n"] == 2
    md = grid_markdown(g)
    assert "held-out all (n=2)" in md and "| mule F1 |" in md
    rows = grid_table_rows(g)
    assert [r["split"] for r in rows[:3]] == ["tuning", "held-out", "held-out"]
    assert any(r["split"] == "held-out median" for r in rows)


@pytest.mark.slow
def test_cli_evaluate_grid(tmp_path):
    from cli import cli

    res = CliRunner().invoke(cli, ["evaluate", "--grid", "--tuning-seeds", "3", "--held-out-seeds", "104",
                                   "--sizes", "1000", "--no-amlsim", "--workdir", str(tmp_path),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.output[res.output.index("{"):])
    assert [row["seed"] for row in r["grid"]] == [3, 104]
    assert r["tuning_seeds"] == [3] and r["held_out_seeds"] == [104]
    assert "demo" not in r and r["amlsim"] == []
