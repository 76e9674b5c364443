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
