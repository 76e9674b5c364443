"""Errors a user can cause through settings and options are one line and an exit code, never a
traceback (graphfraud/errors.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import cli_error


@pytest.mark.parametrize("env, args, message", [
    ({"GRAPHFRAUD_NEO4J_WRITERS": "17"}, ["stats"], "Error: GRAPHFRAUD_NEO4J_WRITERS must be 1 to 16, got 17"),
    ({"GRAPHFRAUD_CHUNK_ROWS": "many"}, ["stats"], "Error: GRAPHFRAUD_CHUNK_ROWS must be a whole number, got 'many'"),
    ({}, ["evaluate", "--sizes=-5", "--no-amlsim", "--seeds", "1"],
     "Error: --sizes must be 0 or more transfers (or 'default')"),
])
def test_a_bad_setting_or_option_is_one_line_and_exit_code_2(tmp_path, env, args, message):
    r = CliRunner(env={**env, "GRAPHFRAUD_AUDIT": "0"}).invoke(cli, ["--store", str(tmp_path / "g.db"), *args])
    assert r.exit_code == 2, r.output
    assert cli_error(r.stderr).strip() == message
    assert r.exception is None or isinstance(r.exception, SystemExit)
