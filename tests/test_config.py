"""One configuration: every setting read once by graphfraud.config (flags > environment > file >
defaults) and passed down; no other module reads the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graphfraud.config import Config, load_config
from graphfraud.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_read_from_its_environment_variable():
    c = load_config({}, env={
        "GRAPHFRAUD_STORE": "e.db", "GRAPHFRAUD_BATCH_SIZE": "7", "GRAPHFRAUD_NEO4J_WRITERS": "3",
        "GRAPHFRAUD_CHUNK_ROWS": "5", "GRAPHFRAUD_LOAD_WORKER": "0", "GRAPHFRAUD_AUDIT": "0",
        "GRAPHFRAUD_AUDIT_LOG": "a.jsonl", "GRAPHFRAUD_AMLSIM": "aml", "GRAPHFRAUD_REDACT_KEY": "k" * 12,
        "GRAPHFRAUD_LANG": "en"})
    assert (c.store, c.batch_size, c.neo4j_writers, c.chunk_rows, c.load_worker, c.audit, c.audit_log,
            c.amlsim, c.redact_key, c.lang) == ("e.db", 7, 3, 5, False, False, "a.jsonl", "aml", "k" * 12, "en")
    assert "k" * 12 not in repr(c)


def test_defaults_when_nothing_is_set():
    c = load_config({}, env={"LANG": "en_US.UTF-8"}, cwd=ROOT / "tests")
    assert (c.chunk_rows, c.neo4j_writers, c.load_worker, c.audit_log, c.amlsim, c.redact_key, c.lang) == \
        (200_000, 2, True, None, None, None, "en")
    assert c == Config(lang="en")


def test_flags_win_over_the_environment_which_wins_over_the_file(tmp_path):
    toml = tmp_path / "g.toml"
    toml.write_text('store = "file.db"\nchunk_rows = 9\nneo4j_writers = 4\nredact_key_file = "key.txt"\n'
                    'audit_log = "file.jsonl"\n', encoding="utf-8")
    env = {"GRAPHFRAUD_CONFIG": str(toml), "GRAPHFRAUD_CHUNK_ROWS": "11"}
    c = load_config({"store": "flag.db"}, env=env)
    assert (c.store, c.chunk_rows, c.neo4j_writers, c.redact_key_file, c.audit_log) == \
        ("flag.db", 11, 4, "key.txt", "file.jsonl")


@pytest.mark.parametrize("var, value, message", [
    ("GRAPHFRAUD_NEO4J_WRITERS", "many", "GRAPHFRAUD_NEO4J_WRITERS must be a whole number"),
    ("GRAPHFRAUD_NEO4J_WRITERS", "17", "GRAPHFRAUD_NEO4J_WRITERS must be 1 to 16, got 17"),
    ("GRAPHFRAUD_CHUNK_ROWS", "0", "GRAPHFRAUD_CHUNK_ROWS must be at least 1"),
])
def test_a_setting_out_of_range_is_a_usage_error(var, value, message):
    with pytest.raises(UsageError, match=message):
        load_config({}, env={var: value})


def test_a_blank_number_keeps_its_default():
    assert load_config({}, env={"GRAPHFRAUD_NEO4J_WRITERS": " ", "GRAPHFRAUD_CHUNK_ROWS": ""}).neo4j_writers == 2


def _reads_environment(tree: ast.AST) -> list[int]:
    """Lines that read the process environment: ``os.environ``, ``os.getenv``, ``environ`` imported."""
    def reads(node) -> bool:
        attribute = isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb", "getenvb")
        imported = isinstance(node, ast.ImportFrom) and node.module == "os" and \
            any(a.name in ("environ", "getenv") for a in node.names)
        return attribute or imported

    return [node.lineno for node in ast.walk(tree) if reads(node)]


def test_no_module_but_the_configuration_reads_the_environment():
    files = [*ROOT.joinpath("graphfraud").rglob("*.py"), *ROOT.joinpath("loaders").rglob("*.py"), ROOT / "cli.py"]
    found = {str(f.relative_to(ROOT)): lines for f in files
             if (lines := _reads_environment(ast.parse(f.read_text(encoding="utf-8"))))}
    assert set(found) == {"graphfraud/config.py"}, found


def test_the_check_sees_each_way_of_reading_the_environment():
    for text in ("import os\nx = os.environ.get('A')\n", "import os\nx = os.getenv('A')\n",
                 "from os import environ\n"):
        assert _reads_environment(ast.parse(text)), text
    assert not _reads_environment(ast.parse("env = {}\nx = env.get('A')\n"))
