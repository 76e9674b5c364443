"""The command line against Neo4j: clear one-line errors, no password anywhere, query and push."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graphfraud import api
from graphfraud.errors import BackendError, QueryError, UsageError
from graphfraud.load import load_files
from graphfraud.store.sqlite import SQLiteStore
from tests.conftest import cli_error
from tests.neo4j.cases import case_files, strip_ids

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]


def run_cli(args, env, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "graphfraud", *args], env=env, cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=timeout)


def _one_line_error(proc, *words):
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    err = cli_error(proc.stderr).strip()
    assert err.startswith("Error: ") and "\n" not in err, err
    assert "Traceback" not in proc.stderr + proc.stdout
    for w in words:
        assert w in err, err
    return err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_wrong_password_is_one_line_and_never_shown(cli_env, tmp_path, neo4j_config):
    secret = "Wr0ng-Pa55word-zq81"
    # the real user with a wrong password: one failed login (Neo4j locks a user for a few
    # seconds after 3 failures in a row; a good login resets the count)
    proc = run_cli(["stats"], dict(cli_env, NEO4J_PASSWORD=secret))
    _one_line_error(proc, "wrong user name or password")
    assert secret not in proc.stdout + proc.stderr
    api.stats(neo4j_config)
    # every command, as a user that does not exist (so as not to lock the real one)
    env = dict(cli_env, NEO4J_PASSWORD=secret, NEO4J_USERNAME="gf-test-nobody")
    for args in (["stats"], ["find", "0912345678"], ["path", "0912345678", "0987654321"],
                 ["query", "load_history"], ["load", str(case_files(tmp_path / "c")[0])],
                 ["--store", str(tmp_path / "none.db"), "push"]):
        proc = run_cli(args, env)
        assert secret not in proc.stdout + proc.stderr, args
        if args[-1] == "push":
            _one_line_error(proc, "no embedded store")
            continue
        err = _one_line_error(proc)
        assert "wrong user name or password" in err or "too many failed logins" in err, err


def test_the_real_password_is_not_printed_either(cli_env):
    proc = run_cli(["stats", "--format", "json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert cli_env["NEO4J_PASSWORD"] not in proc.stdout + proc.stderr


def test_server_down_is_one_line(cli_env):
    env = dict(cli_env, NEO4J_URI=f"bolt://127.0.0.1:{_free_port()}")
    err = _one_line_error(run_cli(["stats"], env), "cannot reach Neo4j", "is the server running")
    assert cli_env["NEO4J_PASSWORD"] not in err


def test_unknown_database_is_one_line(cli_env):
    _one_line_error(run_cli(["stats"], dict(cli_env, NEO4J_DATABASE="nosuchdb")), "no database 'nosuchdb'")


def test_bad_uri_is_one_line(cli_env):
    _one_line_error(run_cli(["--neo4j", "http://127.0.0.1:7474", "stats"], cli_env), "invalid Neo4j URI")
    _one_line_error(run_cli(["--neo4j", "bolt://no-such-host.invalid:7687", "stats"], cli_env),
                    "cannot reach")


def test_no_password_says_so(cli_env):
    env = {k: v for k, v in cli_env.items() if k != "NEO4J_PASSWORD"}
    env["NEO4J_USERNAME"] = "gf-test-nobody"
    _one_line_error(run_cli(["stats"], env), "NEO4J_PASSWORD is not set")


def test_cli_load_stats_find_path_on_neo4j(cli_env, tmp_path, clean_neo4j):
    files = [str(p) for p in case_files(tmp_path / "case")]
    proc = run_cli(["load", *files, "--format", "json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"] > 0
    stats = json.loads(run_cli(["stats", "--format", "json"], cli_env).stdout)
    with SQLiteStore(tmp_path / "e.db") as s:
        load_files(s, files)
        assert stats == s.stats()
    found = json.loads(run_cli(["find", "0912 345 678", "--format", "json", "--hops", "2"], cli_env).stdout)
    assert found["matches"][0]["value"] == "+84912345678"
    path = json.loads(run_cli(["path", "0987654321", "0011223344", "--format", "json"], cli_env).stdout)
    assert path["length"] >= 1 and path["hops"][0]["evidence"]


def test_query_named_file_and_params(cli_env, tmp_path, neo4j_config):
    api.load(neo4j_config, case_files(tmp_path / "case"))
    rows = api.query(neo4j_config, "neighbours", {"key": "account:0011223344"})
    assert rows and all(set(r) == {"rel", "direction", "neighbour", "time", "amount"} for r in rows)
    assert api.query(neo4j_config, "neighbours", {"key": "account:0011223344", "limit": 2}) == rows[:2]
    shared = api.query(neo4j_config, "shared_devices")
    assert shared and all(r["n_accounts"] >= 2 for r in shared)
    assert api.query(neo4j_config, "case_identifiers", {"case": "VV-2024-0001"})
    with pytest.raises(UsageError, match=r"\$key"):
        api.query(neo4j_config, "neighbours", {})
    with pytest.raises(UsageError, match="unknown: nope"):
        api.query(neo4j_config, "neighbours", {"key": "x", "nope": 1})
    with pytest.raises(QueryError, match="placeholders"):
        api.query(neo4j_config, "upsert_nodes", {})
    # the analyst's own file, with and without headers
    mine = tmp_path / "mine.cypher"
    mine.write_text("// name: big\n// doc: big transfers\n// params: $min\n"
                    "MATCH (a:Account)-[t:TRANSFER]->(b:Account) WHERE t.amount >= $min\n"
                    "RETURN a.value AS src, b.value AS dst, t.amount_text AS amount, t ORDER BY t.id\n",
                    encoding="utf-8")
    proc = run_cli(["query", str(mine), "--param", "min:float=1480000", "--format", "json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert [r["amount"] for r in got] == ["1500000"]
    assert got[0]["t"]["type"] == "TRANSFER" and "prov" not in got[0]["t"]
    bare = tmp_path / "bare.cypher"
    bare.write_text("MATCH (n:Entity {type: $type}) RETURN count(n) AS n", encoding="utf-8")
    proc = run_cli(["query", str(bare), "-p", "type=account", "--format", "csv"], cli_env)
    n_accounts = api.stats(neo4j_config)["nodes"]["account"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["n", str(n_accounts)], proc.stdout


def test_query_is_read_only_unless_write(cli_env, tmp_path, neo4j_config):
    api.load(neo4j_config, case_files(tmp_path / "case")[:1])
    before = api.stats(neo4j_config)
    w = tmp_path / "w.cypher"
    w.write_text("MATCH (n:Account) SET n.flagged = true RETURN count(n) AS n", encoding="utf-8")
    with pytest.raises(QueryError, match="read-only"):
        api.query(neo4j_config, str(w))
    err = _one_line_error(run_cli(["query", str(w)], cli_env), "--write")
    assert "read-only" in err
    d = tmp_path / "d.cypher"
    d.write_text("CREATE (:Account:Entity {key: 'account:1', value: '1', type: 'account'})", encoding="utf-8")
    _one_line_error(run_cli(["query", str(d)], cli_env), "read-only")
    assert api.stats(neo4j_config) == before
    proc = run_cli(["query", str(w), "--write", "--format", "json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"n": before["nodes"]["account"]}]
    assert api.query(neo4j_config, "neighbours", {"key": "account:0011223344"})


def test_query_errors_are_one_line(cli_env, tmp_path, clean_neo4j):
    bad = tmp_path / "bad.cypher"
    bad.write_text("// name: q\n// params: $a\nRETURN $b\n", encoding="utf-8")
    _one_line_error(run_cli(["query", str(bad)], cli_env), f"{bad}:3:", "$b")
    syntax = tmp_path / "syntax.cypher"
    syntax.write_text("MATCH (n RETURN n", encoding="utf-8")
    _one_line_error(run_cli(["query", str(syntax)], cli_env), "refused the query")
    _one_line_error(run_cli(["query", "no_such_query"], cli_env), "no query named")
    proc = run_cli(["query", "neighbours"], cli_env)
    assert proc.returncode == 2 and "$key" in proc.stderr


def test_query_needs_neo4j(tmp_path):
    from graphfraud.config import load_config

    with pytest.raises(UsageError, match="NEO4J_URI"):
        api.query(load_config({"store": str(tmp_path / "x.db")}, env={}), "load_history")


def test_push_copies_the_embedded_store(cli_env, tmp_path, neo4j_config, embedded_config):
    files = case_files(tmp_path / "case")
    api.load(embedded_config, files)
    want = api.stats(embedded_config)
    result = api.push(neo4j_config, embedded_config.store)
    with SQLiteStore(embedded_config.store) as s:
        assert result["stats"] == want and result["loads"] == len(s.loads())
    assert api.stats(neo4j_config) == want
    for text in ("0912 345 678", "0011223344", "VV-2024-0001"):
        found_n, found_e = api.find(neo4j_config, text, hops=2), api.find(embedded_config, text, hops=2)
        assert strip_ids(found_n) == strip_ids(found_e)
    with SQLiteStore(embedded_config.store) as s:
        from graphfraud.store.neo4j import Neo4jStore
        from tests.neo4j.cases import frames_key

        with Neo4jStore(neo4j_config) as n:
            assert frames_key(n.graph_frames()) == frames_key(s.graph_frames())
            assert [r["load_id"] for r in n.loads()] == [r["load_id"] for r in s.loads()]
            assert n.rejects() == s.rejects()
            assert n.is_loaded(s.loads()[0]["sha256"], s.loads()[0]["sheet"])
    # again, through the command line: nothing changes
    proc = run_cli(["--store", embedded_config.store, "push", "--format", "json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    again = json.loads(proc.stdout)
    assert again["nodes_added"] == 0 and again["edges_added"] == 0 and again["stats"] == want
    assert api.stats(neo4j_config) == want
    # and loading the same files into Neo4j afterwards finds them loaded
    rep = api.load(neo4j_config, files)
    assert all(s["status"] in {"already loaded", "skipped"} for f in rep["files"] for s in f["sheets"])
    assert api.stats(neo4j_config) == want


def test_push_refuses_without_neo4j_or_store(tmp_path, neo4j_config):
    from graphfraud.config import load_config
    from graphfraud.errors import StoreError

    with pytest.raises(UsageError):
        api.push(load_config({"store": str(tmp_path / "x.db")}, env={}))
    with pytest.raises(StoreError, match="no embedded store"):
        api.push(neo4j_config, tmp_path / "missing.db")


def test_backend_error_from_the_library(neo4j_env, tmp_path):
    from graphfraud.config import load_config

    cfg = load_config({}, env=dict(neo4j_env, NEO4J_PASSWORD="nope-123456", NEO4J_USERNAME="gf-test-nobody"))
    with pytest.raises(BackendError) as err:
        api.stats(cfg)
    assert err.value.exit_code == 1 and "nope-123456" not in str(err.value)
