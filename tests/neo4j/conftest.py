"""A real Neo4j server for the tests of the Neo4j backend, of their own.

The session fixture ``neo4j_env`` starts a server with ``scripts/neo4j-local`` in a
temporary state folder on a free port and stops it at the end: the tests never
start, use or empty the per-user server an analyst runs with ``scripts/neo4j-local
start`` (``~/.cache/graphfraud/neo4j-run``), and two test runs at once each have
their own. ``NEO4J_URI`` and the other connection variables of the environment are
ignored here. To run the tests against another server, name it with
``GRAPHFRAUD_TEST_NEO4J_URI`` (plus ``GRAPHFRAUD_TEST_NEO4J_USERNAME`` /
``_PASSWORD`` / ``_DATABASE``): the tests empty that database, so one that already
holds data is refused unless ``GRAPHFRAUD_TEST_NEO4J_WIPE=1``. If no server can be
had the tests FAIL: they are never skipped.

Every test gets an empty database (``clean_neo4j``, deleting in bounded batches)
and a :class:`~graphfraud.config.Config` pointing at it (``neo4j_config``).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "neo4j-local"
ENV_KEYS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
WIPE_OK = "GRAPHFRAUD_TEST_NEO4J_WIPE"


def _refuse_non_empty(env: dict) -> None:
    from neo4j import GraphDatabase

    try:
        auth = (env["NEO4J_USERNAME"], env.get("NEO4J_PASSWORD", ""))
        with GraphDatabase.driver(env["NEO4J_URI"], auth=auth) as d:
            records, _, _ = d.execute_query("MATCH (n) RETURN count(n) > 0 AS used",
                                            database_=env["NEO4J_DATABASE"])
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the Neo4j server at {env['NEO4J_URI']} (GRAPHFRAUD_TEST_NEO4J_URI) does not answer: "
                    f"{type(exc).__name__}")
    if records[0]["used"]:
        pytest.fail(f"the tests empty the database, and database {env['NEO4J_DATABASE']!r} at "
                    f"{env['NEO4J_URI']} holds data: use an empty one, unset GRAPHFRAUD_TEST_NEO4J_URI (the tests "
                    f"then start a server of their own), or set {WIPE_OK}=1 to allow it")


def _parse_env(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(?:export\s+)?(NEO4J_[A-Z_]+)=(.*)$", line)
        if m:
            value = shlex.split(m.group(2))[0] if m.group(2).strip() else ""
            out[m.group(1)] = value
    return out


TEST_PREFIX = "GRAPHFRAUD_TEST_"


def _given_server() -> dict | None:
    """Connection settings of a test server named with GRAPHFRAUD_TEST_NEO4J_URI, if any."""
    if not os.environ.get(TEST_PREFIX + "NEO4J_URI"):
        return None
    env = {k: os.environ[TEST_PREFIX + k] for k in ENV_KEYS if os.environ.get(TEST_PREFIX + k)}
    env.setdefault("NEO4J_USERNAME", "neo4j")
    env.setdefault("NEO4J_DATABASE", "neo4j")
    return env


def server_env(state: Path, plugins: str | None = None) -> dict:
    """The environment that makes scripts/neo4j-local keep its server in ``state`` (with only the
    ``plugins`` named, e.g. ``"none"``, when given)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if plugins is not None:
        env["NEO4J_LOCAL_PLUGINS"] = plugins
    # the downloaded server and plugins are shared (read-only once built); the state is not
    env.setdefault("GRAPHFRAUD_CACHE", str(Path.home() / ".cache" / "graphfraud"))
    env["GRAPHFRAUD_NEO4J_HOME"] = str(state)
    env.pop("NEO4J_LOCAL_PORT", None)   # a free port, never a fixed one another server may hold
    return env


def start_server(state: Path, plugins: str | None = None) -> dict:
    """Start scripts/neo4j-local with its state in ``state``; its connection settings."""
    if not SCRIPT.is_file():
        pytest.fail(f"{SCRIPT} is missing: no Neo4j server for the tests")
    try:
        proc = subprocess.run([str(SCRIPT), "start", "--print-env"], capture_output=True, text=True, check=False,
                              timeout=1500, env=server_env(state, plugins))
    except subprocess.TimeoutExpired:
        pytest.fail("scripts/neo4j-local start did not finish within 25 minutes")
    env = _parse_env(proc.stdout)
    if proc.returncode != 0 or "NEO4J_URI" not in env:
        pytest.fail(f"could not start Neo4j with scripts/neo4j-local (exit {proc.returncode}):\n"
                    f"{proc.stderr[-3000:]}")
    env.setdefault("NEO4J_USERNAME", "neo4j")
    env.setdefault("NEO4J_DATABASE", "neo4j")
    return env


def stop_server(state: Path) -> None:
    subprocess.run([str(SCRIPT), "stop"], capture_output=True, text=True, timeout=180, env=server_env(state),
                   check=False)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """(connection settings, state folder) of the tests' own server; the folder is None for a
    server named with GRAPHFRAUD_TEST_NEO4J_URI."""
    given = _given_server()
    if given is not None:
        if os.environ.get(WIPE_OK) != "1":
            _refuse_non_empty(given)
        yield given, None
        return
    state = tmp_path_factory.mktemp("neo4j-state")
    env = start_server(state)
    try:
        yield env, state
    finally:
        stop_server(state)


@pytest.fixture(scope="session")
def neo4j_env(neo4j_server):
    """Connection settings of the server the tests use."""
    return neo4j_server[0]


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_env):
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_env["NEO4J_URI"],
                                  auth=(neo4j_env["NEO4J_USERNAME"], neo4j_env.get("NEO4J_PASSWORD", "")))
    try:
        driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the Neo4j server at {neo4j_env['NEO4J_URI']} does not answer: {type(exc).__name__}")
    yield driver
    driver.close()


def clear_database(driver, database: str) -> None:
    """Delete every node and relationship, in bounded transactions."""
    from graphfraud.queries import get

    for name in ("delete_rels_batch", "delete_batch"):
        text = get(name).text
        while True:
            records, _, _ = driver.execute_query(text, {"limit": 20000}, database_=database)
            if records[0]["deleted"] == 0:
                break


@pytest.fixture
def clean_neo4j(neo4j_driver, neo4j_env):
    clear_database(neo4j_driver, neo4j_env["NEO4J_DATABASE"])
    yield neo4j_driver


@pytest.fixture
def neo4j_config(clean_neo4j, neo4j_env, tmp_path):
    """A Config for an empty Neo4j database (and an embedded store path beside it, unused by it)."""
    from graphfraud.config import load_config

    return load_config({"store": str(tmp_path / "g.db")}, env=dict(neo4j_env))


@pytest.fixture
def embedded_config(tmp_path):
    from graphfraud.config import load_config

    return load_config({"store": str(tmp_path / "embedded.db")}, env={})


@pytest.fixture
def cli_env(neo4j_env):
    """Environment for running the CLI against the server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPHFRAUD_"))}
    env.update(neo4j_env)
    env["GRAPHFRAUD_LANG"] = "en"   # the tests read the English messages
    return env


def small_batches(config, n: int = 7):
    return replace(config, batch_size=n)
