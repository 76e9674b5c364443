"""The command line, driven with click's CliRunner: output shapes, exit codes, clean errors."""

import json

from click.testing import CliRunner

from cli import cli
from tests.conftest import cli_error, write_csv
from tests.test_load import TX_HEADER, TX_ROWS


def run(*args, store=None):
    base = ["--store", str(store)] if store else []
    return CliRunner().invoke(cli, [*base, *args], catch_exceptions=False)


def test_load_stats_find_path_round_trip(tmp_path):
    db = tmp_path / "g.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    r = run("load", str(f), "--format", "json", store=db)
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert rep["rows"] == 3 and rep["rejects"] == 2
    r = run("stats", "--format", "json", store=db)
    s = json.loads(r.stdout)
    assert s["nodes"]["account"] == 3 and s["edges"]["transfer"] == 3
    # any spelling finds the same node
    a = json.loads(run("find", "0011-2233-44", "--format", "json", store=db).stdout)
    b = json.loads(run("find", "account:0011223344", "--format", "json", store=db).stdout)
    assert a["matches"][0]["value"] == b["matches"][0]["value"] == "0011223344"
    assert a["matches"][0]["bank"] == "VCB"
    assert {n["value"] for n in a["matches"][0]["neighbours"]} >= {"190355667788", "0555666777"}
    p = json.loads(run("path", "0011223344", "190355667788", "--format", "json", store=db).stdout)
    assert p["length"] == 1 and p["hops"][0]["evidence"][0]["row"] == 2
    csv_out = run("stats", "--format", "csv", store=db).stdout
    assert csv_out.splitlines()[0] == "what,type,count"
    table = run("path", "0011223344", "190355667788", store=db)
    assert table.exit_code == 0 and "tx.csv, row 2" in table.stdout


def test_errors_are_one_line_without_traceback(tmp_path):
    db = tmp_path / "g.db"
    r = CliRunner().invoke(cli, ["--store", str(db), "find", "0912345678"])
    assert r.exit_code == 1
    assert cli_error(r.stderr).startswith("Error: ") and "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["--store", str(db), "load", str(tmp_path / "missing.csv")])
    assert r.exit_code == 1 and "no such file" in r.stderr
    r = CliRunner().invoke(cli, ["--store", str(db), "load", "x.csv", "--map", "nonsense"])
    assert r.exit_code == 2
    r = CliRunner().invoke(cli, ["--store", str(db), "path", "a", "b", "--max-hops", "0"])
    assert r.exit_code == 2


def test_unknown_kind_message_names_headers(tmp_path):
    f = write_csv(tmp_path / "odd.csv", ["Cột A", "Cột B"], [["1", "2"]])
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "g.db"), "load", str(f)])
    assert r.exit_code == 1 and "Cột A" in r.stderr and "--map" in r.stderr


def test_strict_fails_on_rejects(tmp_path):
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "g.db"), "load", "--strict", str(f)])
    assert r.exit_code == 1 and "rejected" in r.stderr


def test_mapping_profile_option(tmp_path):
    prof = tmp_path / "bank.toml"
    prof.write_text('kind = "transactions"\n[columns]\n"Src" = "from_account"\n"Dst" = "to_account"\n'
                    '"Money" = "amount"\n', encoding="utf-8")
    f = write_csv(tmp_path / "x.csv", ["Src", "Dst", "Money"], [["12345678", "87654321", "1.000.000"]])
    r = run("load", "--mapping", str(prof), str(f), "--format", "json", store=tmp_path / "g.db")
    assert r.exit_code == 0 and json.loads(r.stdout)["rows"] == 1


def test_fields_lists_kinds():
    r = run("fields", "--format", "json")
    data = json.loads(r.stdout)
    assert set(data) == {"transactions", "calls", "logins", "accounts", "reports", "social", "statements"}
    assert "so tai khoan" in data["accounts"]["account"]
    assert "tai khoan doi ung" in data["statements"]["counterparty_account"]


def test_env_store(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHFRAUD_STORE", str(tmp_path / "env.db"))
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    assert CliRunner().invoke(cli, ["load", str(f)]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_an_explicit_store_wins_over_neo4j_uri_and_is_named(tmp_path):
    """`--store case.db` loads into that file even with NEO4J_URI exported (as `eval "$(scripts/neo4j-local
    start --print-env)"` leaves it); without --store the server is used; stderr names the store either way."""
    db = tmp_path / "case.db"
    f = write_csv(tmp_path / "tx.csv", TX_HEADER, TX_ROWS)
    env = {"NEO4J_URI": "bolt://neo4j:s3cret-pw@127.0.0.1:9", "NEO4J_PASSWORD": "s3cret-pw",
           "GRAPHFRAUD_AUDIT": "0"}
    r = CliRunner(env=env).invoke(cli, ["--store", str(db), "load", str(f), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines()[0] == f"Store: {db} (embedded)"
    assert json.loads(r.stdout)["rows"] == 3 and db.is_file()
    r = CliRunner(env=env).invoke(cli, ["stats"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "Store: Neo4j bolt://127.0.0.1:9, database neo4j"
    assert "s3cret-pw" not in r.output
