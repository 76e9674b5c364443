"""A full disk gives one clear error and leaves the store consistent (a 1 MiB tmpfs)."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import cli_error
from tests.faults.test_kill_embedded import HEADER


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI and the development machines run as root)")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], check=True)
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_full_disk_is_one_clear_error(small_disk, tmp_path):
    src = tmp_path / "tx.csv"
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(30_000):
            fh.write(f"{10_000_000 + i},{20_000_000 + i},{i + 1}000,01/02/2024 10:{i % 60:02d},"
                     f"113.160.{i % 200}.{i % 250},dev-{i}\n")
    db = small_disk / "g.db"
    r = subprocess.run([sys.executable, "-m", "graphfraud", "--store", str(db), "load", str(src)],
                       capture_output=True, text=True, env={**os.environ, "GRAPHFRAUD_AUDIT": "0"})
    assert r.returncode == 1, r.stderr
    assert cli_error(r.stderr).startswith("Error: ") and "full" in r.stderr.lower() and "Traceback" not in r.stderr
    if db.exists():  # whatever was there is consistent, and holds nothing of the failed file
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM edges").fetchone()[0] == 0
        con.close()
