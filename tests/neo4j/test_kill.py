"""kill -9 of a load into Neo4j: the graph stays consistent and a re-run completes with the
same counts as the embedded store."""

import os
import signal
import subprocess
import sys
import time

from graphfraud.load import load_files
from graphfraud.store import open_store
from tests.faults.test_kill_embedded import _big_csv


def test_kill_9_during_a_neo4j_load_then_rerun(neo4j_config, embedded_config, neo4j_driver, neo4j_env,
                                               cli_env, tmp_path):
    big = _big_csv(tmp_path / "big.csv", rows=20_000)
    env = {**cli_env, "GRAPHFRAUD_BATCH_SIZE": "500", "GRAPHFRAUD_AUDIT": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "graphfraud", "load", str(big)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = neo4j_env["NEO4J_DATABASE"]
    deadline = time.time() + 600
    written = 0
    while time.time() < deadline and proc.poll() is None:  # wait until relationships are being written
        with neo4j_driver.session(database=db) as s:
            written = s.run("MATCH ()-[r:TRANSFER]->() RETURN count(r) AS c").single()["c"]
        if written > 1000:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the load finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(neo4j_config) as neo:
        assert not neo.is_loaded(__import__("graphfraud.loaders.read", fromlist=["x"]).sha256_file(big), "")
        load_files(neo, [big])  # the re-run converges
        got = neo.stats()
    with open_store(embedded_config) as emb:
        load_files(emb, [big])
        want = emb.stats()
    assert got["nodes"] == want["nodes"] and got["edges"] == want["edges"]
