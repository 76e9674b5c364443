"""evaluate: the detectors scored on generated demo data and on AMLSim's labelled samples."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphfraud.analysis.evaluate import (
    adjusted_rand_index,
    amlsim_folders,
    best_f1,
    evaluate,
    evaluate_amlsim,
    prf,
    to_markdown,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEYS = {"seed", "transfers", "mule_precision", "mule_recall", "mule_f1", "flagged_merchants",
             "flagged_payroll", "flagged_hubs", "community_ari", "link_precision", "link_recall", "link_f1",
             "trace_recall", "organizer_cashout_coverage", "seconds"}


def _amlsim_dir() -> Path | None:
    for cand in (os.environ.get("GRAPHFRAUD_AMLSIM"), ROOT.parent / "shared" / "datasets" / "amlsim"):
        if cand and Path(cand).is_dir() and amlsim_folders(Path(cand)):
            return Path(cand)
    return None


def test_adjusted_rand_index():
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.242424, abs=1e-5)
    assert adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.571428, abs=1e-5)
    assert adjusted_rand_index(["a", "b", "c", "d"], [1, 1, 1, 1]) == pytest.approx(0.0)


def test_prf_and_best_f1():
    m = prf({"a", "b", "x"}, {"a", "b", "c", "d"})
    assert (m["precision"], m["recall"]) == (pytest.approx(2 / 3), 0.5)
    b = best_f1({"a": 0.9, "b": 0.8, "x": 0.7, "c": 0.6, "y": 0.1}, {"a", "b", "c"})
    assert b["threshold"] == 0.6 and b["f1"] == pytest.approx(6 / 7)


@pytest.fixture(scope="module")
def small_eval(tmp_path_factory):
    from cli import cli

    work = tmp_path_factory.mktemp("eval")
    res = CliRunner().invoke(cli, ["evaluate", "--seeds", "1", "--sizes", "1000", "--no-amlsim",
                                   "--workdir", str(work), "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output[res.output.index("{"):])


def test_evaluate_small_returns_the_tables(small_eval):
    r = small_eval
    assert set(r) >= {"demo", "demo_mean", "amlsim"}
    assert r["amlsim"] == []
    (row,) = r["demo"]
    assert DEMO_KEYS <= set(row)
    assert row["seed"] == 1 and row["transfers"] == 1000
    for k in ("mule_precision", "mule_recall", "mule_f1", "link_f1", "trace_recall",
              "organizer_cashout_coverage"):
        assert 0.0 <= row[k] <= 1.0, k
    assert -1.0 <= row["community_ari"] <= 1.0
    # what the analyses are for: campaigns and money trails are found on the planted data
    assert row["link_f1"] >= 0.95 and row["trace_recall"] == 1.0
    md = to_markdown(r)
    assert md.startswith("Demo data") and "| mule F1 |" in md and "| mean |" in md


@pytest.mark.slow
def test_evaluate_amlsim_one_folder(tmp_path):
    aml = _amlsim_dir()
    if aml is None:
        pytest.skip("AMLSim samples not found (set GRAPHFRAUD_AMLSIM)")
    folder = amlsim_folders(aml)[-1]
    row = evaluate_amlsim(folder, tmp_path)
    assert row["dataset"] == f"amlsim/{folder.name}"
    assert row["positives"] > 0 and row["labelled_accounts"] >= row["positives"]
    for k in ("mule_precision", "mule_recall", "mule_f1", "base_rate", "mule_auc"):
        assert 0.0 <= row[k] <= 1.0
    assert "diagnostic" in row["diagnostic_best_f1"]["note"]
    assert row["rows"] > 100_000
    md = to_markdown({"demo": [], "amlsim": [row]})
    assert "AMLSim" in md and folder.name in md and "mule score AUC" in md


def test_evaluate_usage_errors(tmp_path):
    from graphfraud.errors import UsageError

    with pytest.raises(UsageError):
        evaluate(seeds=(), amlsim_dir=False, workdir=tmp_path)
    with pytest.raises(UsageError):
        evaluate(seeds=(1,), amlsim_dir=tmp_path, workdir=tmp_path)


@pytest.mark.parametrize("lang,words", [("en", "AMLSim skipped"), ("vi", "Bỏ qua AMLSim")])
def test_missing_amlsim_is_said_once_on_stderr(tmp_path, monkeypatch, lang, words):
    """Without AMLSim data the evaluation says so on one line of stderr, naming the setting; with
    --no-amlsim it stays quiet."""
    from cli import cli

    (tmp_path / "run").mkdir()
    monkeypatch.chdir(tmp_path / "run")   # no ../shared/datasets/amlsim from here
    args = ["--lang", lang, "evaluate", "--seeds", "1", "--sizes", "1000", "--workdir", str(tmp_path / "w"),
            "--format", "json"]
    env = {"GRAPHFRAUD_AMLSIM": str(tmp_path / "empty")}
    res = CliRunner().invoke(cli, args, env=env)
    assert res.exit_code == 0, res.output
    said = [x for x in res.stderr.splitlines() if "AMLSim" in x]
    assert len(said) == 1 and words in said[0] and "GRAPHFRAUD_AMLSIM" in said[0]
    assert json.loads(res.stdout)["amlsim"] == []
    if lang == "en":
        quiet = CliRunner().invoke(cli, args + ["--no-amlsim"], env=env)
        assert quiet.exit_code == 0 and "AMLSim" not in quiet.stderr
