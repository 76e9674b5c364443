"""evaluate --writer: the grid's case folders rewritten as other writers write them, then loaded."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from graphfraud.analysis.evaluate_writers import WRITERS, rewrite
from graphfraud.errors import UsageError


def _generate(folder, seed: int = 3):
    from graphfraud.demo.generator import generate
    from graphfraud.demo.scenario import Scenario

    return generate(folder, seed=seed, n_transfers=600, scenario=Scenario.draw(seed))


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _xlsx_times(path):
    import openpyxl

    ws = openpyxl.load_workbook(path).worksheets[0]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    col = head.index("Transaction Date")
    return [r[col] for r in ws.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("writer", sorted(w for w in WRITERS if w != "statements"))
def test_each_writer_rewrites_what_it_says_and_the_folder_still_loads(tmp_path, writer):
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    m = _generate(tmp_path / "data")
    before = {p.name: p.read_bytes() for p in m.all_files()}
    files = rewrite(m.files, writer)
    steps = WRITERS[writer]
    names = [p.name for p in files]
    if "transfers-reports" in steps:
        assert names == ["sao_ke_giao_dich.csv", "bank_statement_tcb_mb.xlsx", "don_to_giac.csv"]
    else:
        assert names == [p.name for p in m.all_files()]
    tx = _csv(m.files["transactions"][0])
    if "minimal" in steps:
        assert tx[0] == ["Date", "Sender account", "Receiver account", "Amount"]
    times = [r[tx[0].index("Date" if "minimal" in steps else "Thời gian")] for r in tx[1:]]
    xlsx = [str(t) for t in _xlsx_times(m.files["transactions"][1])]
    if "date-only" in steps:
        assert all(len(t) == 10 for t in times) and all(len(t) == 10 for t in xlsx)
    else:
        assert all(len(t) > 10 for t in times) and all(len(t) > 10 for t in xlsx)
    if writer == "as-generated":
        assert {p.name: p.read_bytes() for p in m.all_files()} == before
    for p in m.files["calls"] + m.files["reports"]:
        assert p.read_bytes() == before[p.name]          # only the bank's files are rewritten

    with SQLiteStore(tmp_path / "g.db") as st:
        res = load_files(st, files)
        assert res.refused == [] and len(res.files) == len(files)
        transfers = [e for e in st.incident([("account", tx[1][1 if "minimal" in steps else 2])],
                                           types=("transfer",))]
        precision = {e.props.get("time_precision") for e in transfers}
        assert precision == ({"day"} if "date-only" in steps else {None})


def _key(text):
    from graphfraud.normalize import normalize

    try:
        return normalize("account", text).value
    except ValueError:
        return None


def test_the_statements_writer_gives_the_statements_the_reports_lead_to(tmp_path):
    """Round 1: the accounts the reports name; then those the suspects' money went to. Each statement
    names its account above the table; a transfer between two requested accounts is in both statements
    and loads as one transfer."""
    from graphfraud.load import load_files
    from graphfraud.store.sqlite import SQLiteStore

    m = _generate(tmp_path / "data")
    export = _csv(m.files["transactions"][0])
    files = rewrite(m.files, "statements")
    statements = [p for p in files if p.name.startswith("sao_ke_") and p.name != "sao_ke_giao_dich.csv"]
    assert statements and m.files["transactions"][0] not in files and m.files["transactions"][1] not in files
    assert [p for p in files if p not in statements] == [p for k in m.files if k != "transactions"
                                                         for p in m.files[k]]
    asked = {p.stem.removeprefix("sao_ke_") for p in statements}
    reports = _csv(m.files["reports"][0])
    suspects = {_key(r[reports[0].index("STK đối tượng")]) for r in reports[1:]} - {None}
    in_export = {_key(r[2]) for r in export[1:]} | {_key(r[4]) for r in export[1:]}
    assert suspects & in_export and suspects & in_export <= asked
    head = _csv(statements[0])
    assert head[0] == ["SAO KÊ TÀI KHOẢN"] and head[1] == [f"Số tài khoản: {statements[0].stem[7:]}"]
    both = next(r for r in export[1:] if _key(r[2]) in asked and _key(r[4]) in asked and _key(r[2]) != _key(r[4]))
    stated = asked | {_key(r[5]) for p in statements for r in _csv(p)[4:]}
    unseen = [r for r in export[1:] if _key(r[2]) not in stated]
    assert unseen   # the bank's other customers' transfers are not in any statement
    with SQLiteStore(tmp_path / "g.db") as st:
        res = load_files(st, files)
        assert res.refused == []
        assert {s.kind for f in res.files for s in f.sheets if "sao_ke_" in str(f.path)} == {"statements"}
        between = [e for e in st.incident([("account", _key(both[2]))], types=("transfer",))
                   if e.dst == ("account", _key(both[4]))]
        assert len(between) == len([r for r in export[1:] if _key(r[2]) == _key(both[2])
                                    and _key(r[4]) == _key(both[4])]) >= 1
        assert st.incident([("account", _key(unseen[0][2]))], types=("transfer",)) == []


def test_unknown_writer_is_refused(tmp_path):
    with pytest.raises(UsageError, match="unknown writer"):
        rewrite({}, "sloppy")


@pytest.mark.slow
def test_cli_evaluate_with_a_writer_names_it(tmp_path):
    from cli import cli

    res = CliRunner().invoke(cli, ["evaluate", "--grid", "--tuning-seeds", "3", "--held-out-seeds", "104",
                                   "--sizes", "600", "--no-amlsim", "--workdir", str(tmp_path),
                                   "--writer", "plain", "--format", "json"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.output[res.output.index("{"):])
    assert r["writer"] == "plain" and [row["seed"] for row in r["grid"]] == [3, 104]
    assert all("error" not in row for row in r["grid"])
    head = _csv(tmp_path / "demo-seed3-600-scenario" / "data" / "sao_ke_giao_dich.csv")[0]
    assert head == ["Date", "Sender account", "Receiver account", "Amount"]
