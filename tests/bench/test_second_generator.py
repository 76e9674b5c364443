"""The second generator's case folders load completely into graphfraud: every file with the kind it
was written as, no value rejected, and every mule and cash-out account of the truth an account node.

Seed 4 writes Vietnamese headers, one transfers CSV per bank, and the logins, calls and reports as
XLSX (the reports with title rows above the header)."""

import json
import os

import pytest

from bench.second_generator.generate import generate_seed
from bench.second_generator.writers import kind_of_file
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore

SEED = 4

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    out = tmp_path_factory.mktemp("second_generator")
    generate_seed(SEED, out)
    folder = out / f"seed_{SEED}"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    files = sorted(str(p) for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
    store = SQLiteStore(out / "g.db")
    report = load_files(store, files)
    yield files, truth, report, store
    store.close()


def test_every_file_loads_as_the_kind_it_was_written(loaded):
    files, _, report, _ = loaded
    assert len(files) >= 5
    assert sorted(f.path for f in report.files) == files
    for f in report.files:
        want = kind_of_file(os.path.basename(f.path))
        assert want is not None, f.path
        assert f.sheets, f.path
        for s in f.sheets:
            assert (s.status, s.kind) == ("loaded", want), (f.path, s.sheet, s.status, s.kind, s.note)
            assert s.rows > 0, (f.path, s.sheet)
    assert report.refused == []


def test_no_value_is_rejected(loaded):
    _, _, report, store = loaded
    assert report.total_rejects == 0
    assert list(store.rejects()) == []


def test_every_mule_and_cashout_account_is_an_account_node(loaded):
    _, truth, _, store = loaded
    accounts = sorted(set(truth["mules"]) | set(truth["cashout"]))
    assert truth["mules"] and truth["cashout"]
    keys = [("account", a) for a in accounts]
    found = store.nodes(keys)
    assert [k for k in keys if k not in found] == []


def test_rows_loaded_match_the_rows_written(loaded):
    _, truth, report, _ = loaded
    written = truth["n_transfers"] + truth["n_calls"] + truth["n_logins"] + truth["n_kyc"] + truth["n_reports"]
    assert report.total_rows == written


def test_trace_scores_count_the_victims_whose_trace_reaches_their_cash_out_accounts(tmp_path):
    from bench.second_generator.evaluate import _trace_scores

    truth = {"victims": [{"account": "1", "reached_cashout": ["C1", "C2"]},
                         {"account": "2", "reached_cashout": ["C3"]},
                         {"account": "2", "reached_cashout": ["C4"]},     # a second report of victim 2
                         {"account": "3", "reached_cashout": ["C1"]},
                         {"account": "4", "reached_cashout": []}]}       # its money reached no cash-out
    (tmp_path / "out_trace.json").write_text(json.dumps({"1": ["M", "C1"], "2": ["C3", "C4"], "3": ["M"]}))
    got = _trace_scores(str(tmp_path), truth)
    assert got == {"trace_any": 2 / 3, "trace_all": 1 / 3, "trace_victims": 3}


def test_each_victim_is_traced_in_the_loaded_store(loaded, tmp_path):
    from bench.second_generator.evaluate import trace_victims

    _, truth, _, store = loaded
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / "truth.json").write_text(json.dumps(truth))
    os.symlink(store.path, folder / "store.db")
    trace_victims(str(folder))
    reached = json.loads((folder / "out_trace.json").read_text())
    assert sorted(reached) == sorted({v["account"] for v in truth["victims"] if v.get("account")})
    # a victim's trace holds the mule it paid first
    v = next(v for v in truth["victims"] if v.get("reached_cashout"))
    assert set(reached[v["account"]]) & set(truth["mules"])
