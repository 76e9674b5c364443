"""Neo4j going down in the middle of a load: the load fails with one clear line, and once the
server is back a re-run completes with the embedded store's counts. Uses the local server of
the tests' own server of scripts/neo4j-local (stopped and started again on the same port)."""

import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest

from graphfraud.load import load_files
from graphfraud.store import open_store
from tests.conftest import cli_error
from tests.faults.test_kill_embedded import _big_csv
from tests.neo4j.conftest import SCRIPT, server_env


def test_server_down_mid_load_then_rerun(neo4j_config, embedded_config, neo4j_driver, neo4j_env, neo4j_server,
                                         cli_env, tmp_path):
    state = neo4j_server[1]
    if state is None:
        pytest.skip("the tests run against a server named with GRAPHFRAUD_TEST_NEO4J_URI; not stopping it")
    port = str(urlparse(neo4j_env["NEO4J_URI"]).port)
    big = _big_csv(tmp_path / "big.csv", rows=20_000)
    env = {**cli_env, "GRAPHFRAUD_BATCH_SIZE": "500", "GRAPHFRAUD_AUDIT": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "graphfraud", "load", str(big)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db = neo4j_env["NEO4J_DATABASE"]
    deadline = time.time() + 600
    while time.time() < deadline and proc.poll() is None:
        with neo4j_driver.session(database=db) as s:
            if s.run("MATCH ()-[r:TRANSFER]->() RETURN count(r) AS c").single()["c"] > 1000:
                break
        time.sleep(0.2)
    assert proc.poll() is None, "the load finished before the server could be stopped"
    subprocess.run([str(SCRIPT), "stop"], check=True, capture_output=True, timeout=300, env=server_env(state))
    try:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 1, err
        assert cli_error(err).startswith("Error: ") and "Traceback" not in err
        assert neo4j_env["NEO4J_PASSWORD"] not in out + err
    finally:
        r = subprocess.run([str(SCRIPT), "start"], capture_output=True, text=True, timeout=1500,
                           env={**server_env(state), "NEO4J_LOCAL_PORT": port})
        assert r.returncode == 0, r.stderr[-2000:]
    with open_store(neo4j_config) as neo:
        load_files(neo, [big])  # resumes: converges to the full file
        got = neo.stats()
    with open_store(embedded_config) as emb:
        load_files(emb, [big])
        want = emb.stats()
    assert got["nodes"] == want["nodes"] and got["edges"] == want["edges"]
