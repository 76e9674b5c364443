"""--redact on every export and report: a grep of the outputs finds no raw phone, account,
national id, email, device or person name of the demo graph; pseudonyms are stable under one
key and differ under another."""

import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("redact")
    r = CliRunner().invoke(cli, ["demo", "--out", str(d), "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0
    return d / "graphfraud.db"


def _raw_values(db) -> set[str]:
    con = sqlite3.connect(db)
    vals = set()
    for t, v, name in con.execute("SELECT type, value, json_extract(props, '$.name') FROM nodes"
                                  " WHERE type IN ('phone','account','person','email','device')"):
        if t == "person":
            if name and len(name) >= 6:
                vals.add(name)
            if not v.startswith(("acct:", "case:")):
                vals.add(v)
            continue
        vals.add(v)
        if t == "phone" and v.startswith("+84"):
            vals.add("0" + v[3:])
    con.close()
    return {v for v in vals if len(v) >= 6}


def _outputs(db, out, key_env, exports=("html", "json", "graphml", "csv"), reports=("html", "json", "md")):
    runner = CliRunner(env={"GRAPHFRAUD_REDACT_KEY": key_env})
    out.mkdir()
    for fmt in exports:
        target = out / ("csv" if fmt == "csv" else f"all.{fmt}")
        r = runner.invoke(cli, ["--store", str(db), "export", fmt, str(target), "--redact"])
        assert r.exit_code == 0, r.output
    for fmt in reports:
        r = runner.invoke(cli, ["--store", str(db), "report", str(out / f"report.{fmt}"), "--format", fmt,
                                "--redact"])
        assert r.exit_code == 0, r.output
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == len(exports) + len(reports) + ("csv" in exports)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8-sig") for p in files}


def test_no_raw_identifier_in_any_redacted_output(demo_store, tmp_path):
    raw = _raw_values(demo_store)
    assert len(raw) > 500
    texts = _outputs(demo_store, tmp_path / "a", "one key for this unit")
    for name, text in texts.items():
        leaked = sorted(v for v in raw if v in text)
        assert not leaked, (name, leaked[:5])
    rep = json.loads(texts["report.json"])
    assert rep["campaigns"], "the redacted report still has its campaigns"


def test_pseudonyms_stable_under_a_key_and_different_under_another(demo_store, tmp_path):
    a = _outputs(demo_store, tmp_path / "a", "one key for this unit", ("json",), ())["all.json"]
    b = _outputs(demo_store, tmp_path / "b", "one key for this unit", ("json",), ())["all.json"]
    c = _outputs(demo_store, tmp_path / "c", "another key entirely", ("json",), ())["all.json"]
    assert a == b
    assert a != c
    ids = {n["id"] for n in json.loads(a)["nodes"]}
    assert any(i.startswith("phone:phone-") for i in ids)


def test_redact_without_a_key_is_a_usage_error(demo_store, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "GRAPHFRAUD_REDACT_KEY"}
    r = CliRunner(env={"GRAPHFRAUD_REDACT_KEY": ""}).invoke(
        cli, ["--store", str(demo_store), "export", "json", str(tmp_path / "x.json"), "--redact"])
    assert r.exit_code == 2 and "key" in r.stderr
    assert env is not None
