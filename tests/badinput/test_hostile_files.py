"""One line, never a traceback: JSON nested 100,000 deep, a malformed or binary mapping profile."""

import os
import subprocess
import sys

import pytest

from graphfraud.errors import InputError, UsageError
from graphfraud.load import load_files
from tests.conftest import cli_error, write_csv

ENV = {**os.environ, "GRAPHFRAUD_AUDIT": "0"}


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '[{"Số tài khoản": "0011223344", "x": ' + "[" * 100_000 + "]" * 100_000 + "}]",
                                  '{"a": 1}\n' + "[" * 100_000 + "]" * 100_000 + "\n"])
def test_json_nested_100000_deep_is_refused_in_one_line(store, tmp_path, text):
    """json.loads raised RecursionError: a traceback."""
    p = tmp_path / "deep.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"deep\.json: JSON nested too deep"):
        load_files(store, [p])
    r = subprocess.run([sys.executable, "-m", "graphfraud", "--store", str(tmp_path / "c.db"), "load", str(p)],
                       capture_output=True, text=True, env=ENV, check=False)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert cli_error(r.stderr).startswith("Error: deep.json: JSON nested too deep")


@pytest.mark.parametrize("content", [b"\x00\x01\xff\xfe binary", b"\xff\xfekind = 1",
                                     b'kind = "transactions"\ncolumns = 3\n',
                                     b'kind = ["transactions"]\n',
                                     b'kind = "transactions"\n[columns]\n"A" = 5\n',
                                     b'kind = "transactions"\n[columns\n'])
def test_a_malformed_or_binary_mapping_profile_is_one_clear_line(store, tmp_path, content):
    """A binary profile raised UnicodeDecodeError; `columns = 3` an AttributeError; a list as kind a
    TypeError: each a traceback."""
    prof = tmp_path / "map.toml"
    prof.write_bytes(content)
    src = write_csv(tmp_path / "tx.csv", ["A", "B", "C"], [["0011223344", "0099887766", "100"]])
    with pytest.raises(UsageError, match="map.toml"):
        load_files(store, [src], profile=str(prof))
    r = subprocess.run([sys.executable, "-m", "graphfraud", "--store", str(tmp_path / "c.db"), "load",
                        "--mapping", str(prof), str(src)], capture_output=True, text=True, env=ENV, check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(cli_error(r.stderr).splitlines()) == 1, r.stderr
