"""The test suite never touches an analyst's own Neo4j server.

An analyst runs ``eval "$(scripts/neo4j-local start --print-env)"`` and keeps case data in
that per-user server (state in ``~/.cache/graphfraud/neo4j-run``). Here such a server is
started under a home folder of the test's own, holds one node, and NEO4J_URI & co point at
it exactly as the README's ``eval`` line leaves them. A run of Neo4j tests in that
environment (which empties its database before every test) must leave the analyst's node,
server and port as they were: it starts and stops a server of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.neo4j.conftest import ENV_KEYS, SCRIPT, _parse_env

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def _analyst_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEO4J_", "GRAPHFRAUD_NEO4J_HOME", "GRAPHFRAUD_TEST_"))}
    env["GRAPHFRAUD_CACHE"] = os.environ.get("GRAPHFRAUD_CACHE", str(Path.home() / ".cache" / "graphfraud"))
    env["HOME"] = str(home)   # the per-user state folder is $HOME/.cache/graphfraud/neo4j-run
    return env


def _count_kept(env: dict) -> int:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(env["NEO4J_URI"], auth=(env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"])) as d:
        records, _, _ = d.execute_query("MATCH (n:AnalystCase {id: $id}) RETURN count(n) AS c",
                                        {"id": "VV-2024-0001"}, database_=env["NEO4J_DATABASE"])
    return records[0]["c"]


def test_a_test_run_leaves_the_analysts_server_alone(tmp_path):
    home = tmp_path / "analyst-home"
    home.mkdir()
    base = _analyst_env(home)
    started = subprocess.run([str(SCRIPT), "start", "--print-env"], capture_output=True, text=True,
                             timeout=1500, env=base)
    assert started.returncode == 0, started.stderr[-2000:]
    analyst = _parse_env(started.stdout)
    try:
        assert (home / ".cache" / "graphfraud" / "neo4j-run").is_dir()
        from neo4j import GraphDatabase

        with GraphDatabase.driver(analyst["NEO4J_URI"],
                                  auth=(analyst["NEO4J_USERNAME"], analyst["NEO4J_PASSWORD"])) as d:
            d.execute_query("CREATE (:AnalystCase {id: $id})", {"id": "VV-2024-0001"},
                            database_=analyst["NEO4J_DATABASE"])
        assert _count_kept(analyst) == 1
        # the analyst's connection exported, as `eval "$(scripts/neo4j-local start --print-env)"` does
        run_env = {**base, **{k: analyst[k] for k in ENV_KEYS if k in analyst}}
        tests = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"--basetemp={tmp_path / 'inner'}",
             "tests/neo4j/test_store.py::test_loading_twice_changes_nothing",
             "tests/neo4j/test_store.py::test_open_store_gives_neo4j"],
            cwd=ROOT, capture_output=True, text=True, timeout=1800, env=run_env)
        assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
        assert "2 passed" in tests.stdout
        # the analyst's data, server and port are as they were
        assert _count_kept(analyst) == 1
        status = subprocess.run([str(SCRIPT), "env"], capture_output=True, text=True, env=base)
        assert status.returncode == 0
        assert _parse_env(status.stdout)["NEO4J_URI"] == analyst["NEO4J_URI"]
    finally:
        subprocess.run([str(SCRIPT), "stop"], capture_output=True, text=True, timeout=180, env=base)
