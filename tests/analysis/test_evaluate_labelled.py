"""`evaluate --labelled FILE`: mule flags scored on a transfers file whose rows carry a laundering label
(IBM AMLworld, SAML-D), the label read by the evaluation only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from graphfraud.analysis.evaluate_labelled import evaluate_labelled, labelled_accounts
from graphfraud.errors import UsageError

AML = Path(__file__).resolve().parents[1] / "badinput" / "data" / "amlworld_layout.csv"


def _ring(path: Path) -> Path:
    """A pandas-saved AMLworld-layout file: three rings (six payers, a relay passing on nearly all within
    the hour, a cash-out), labelled, among ordinary card payments to shops."""
    rows = []
    for r in range(3):
        for k in range(6):
            day = f"2022/09/{1 + k:02d}"
            src, mid, dst = f"A{r}{k}", f"M{r}", f"C{r}"
            rows.append(f"{day} 09:00,10,{src},20,{mid},9000.00,US Dollar,9000.00,US Dollar,ACH,1")
            rows.append(f"{day} 09:40,20,{mid},30,{dst},8900.00,US Dollar,8900.00,US Dollar,ACH,1")
    for i in range(60):
        rows.append(f"2022/09/{1 + i % 9:02d} 1{i % 10}:00,40,P{i},50,SHOP{i % 4},{20 + i}.50,Euro,{20 + i}.50,"
                    "Euro,Credit Card,0")
    path.write_text("Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,Receiving Currency,"
                    "Amount Paid,Payment Currency,Payment Format,Is Laundering\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def test_the_accounts_of_labelled_transfers_are_the_positives():
    positives, negatives = labelled_accounts(AML)
    assert positives == {"80A1E2340", "812D22980"}
    assert "8000EBD30" in negatives and not positives & negatives


def test_a_file_without_a_label_column_is_refused(tmp_path):
    f = tmp_path / "tx.csv"
    f.write_text("From Account,To Account,Amount\n001,002,100\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no label column"):
        labelled_accounts(f)


def test_rings_of_labelled_relays_are_scored(tmp_path):
    from graphfraud.analysis.mules import mules
    from graphfraud.store.sqlite import SQLiteStore

    row = evaluate_labelled(_ring(tmp_path / "HI-Small_Trans.csv"), tmp_path / "work")
    assert (row["rows"], row["rejects"], row["positives"], row["positives_loaded"]) == (96, 0, 24, 24)
    assert (row["labelled_accounts"], row["accounts"], row["transfer_edges"]) == (24 + 64, 88, 96)
    assert 0.0 <= row["mule_auc"] <= 1.0 and row["diagnostic_best_f1"]["f1"] > 0
    # the store it scored is kept in the work folder: the relays rank first there
    with SQLiteStore(tmp_path / "work" / "labelled-HI-Small_Trans" / "graphfraud.db") as store:
        ranked = [m["value"] for m in mules(store, explain=False, include_all=True)]
    assert set(ranked[:3]) == {"M0", "M1", "M2"}


def test_evaluate_labelled_from_the_command_line(tmp_path):
    r = CliRunner().invoke(cli, ["--lang", "en", "evaluate", "--no-amlsim", "--seeds", "1", "--sizes", "0",
                                 "--labelled", str(AML), "--format", "json", "--workdir", str(tmp_path)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    [row] = out["labelled"]
    assert row["dataset"] == "labelled/amlworld_layout.csv" and row["positives"] == 2
    md = CliRunner().invoke(cli, ["evaluate", "--no-amlsim", "--seeds", "1", "--sizes", "0", "--labelled", str(AML),
                                  "--format", "markdown", "--workdir", str(tmp_path)])
    assert "labelled/amlworld_layout.csv" in md.stdout and "positive class: an account of a labelled" in md.stdout


def test_a_file_without_labels_is_refused_before_any_work_in_vietnamese(tmp_path):
    f = tmp_path / "tx.csv"
    f.write_text("From Account,To Account,Amount\n001,002,100\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["--lang", "vi", "evaluate", "--no-amlsim", "--seeds", "1", "--labelled", str(f),
                                 "--workdir", str(tmp_path / "work")])
    assert r.exit_code != 0
    assert "không có cột nhãn (Is Laundering" in r.output
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())   # no demo was generated
