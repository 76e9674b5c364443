"""Shared fixtures: real files written to a temporary folder, a fresh embedded store."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest


def to_cp1258_text(text: str) -> str:
    """Vietnamese text as cp1258 stores it: base letters precomposed, tone marks combining."""
    import unicodedata

    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", d[:2])
            try:
                base.encode("cp1258")
                out.append(base + d[2:])
            except UnicodeEncodeError:
                out.append(d)
    return "".join(out)


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    if encoding == "cp1258":
        text = to_cp1258_text(text)
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def write_json(path: Path, records) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    from graphfraud.store.sqlite import SQLiteStore

    s = SQLiteStore(tmp_path / "g.db")
    yield s
    s.close()


@pytest.fixture
def config(tmp_path):
    from graphfraud.config import load_config

    return load_config({"store": str(tmp_path / "g.db")}, env={})


@pytest.fixture(autouse=True, scope="session")
def _audit_log_outside_the_checkout(tmp_path_factory):
    """Commands run by the tests (and their subprocesses) append their audit entries to a
    temporary log, not to ./graphfraud-audit.jsonl in the checkout (tests of the default
    location unset this themselves)."""
    import os

    if "GRAPHFRAUD_AUDIT_LOG" not in os.environ:
        os.environ["GRAPHFRAUD_AUDIT_LOG"] = str(tmp_path_factory.mktemp("audit") / "audit.jsonl")
    yield


# The command line's language follows GRAPHFRAUD_LANG or the locale (Vietnamese when the locale names no
# language); the tests check the English texts unless they pass ``--lang vi`` themselves, so they do not
# depend on the locale of the machine that runs them. Set when this file is imported, before any test
# module copies the environment for its subprocesses.
os.environ.setdefault("GRAPHFRAUD_LANG", "en")


def cli_error(stderr: str) -> str:
    """A command's stderr without the line naming the store it used (every command prints it first)."""
    lines = stderr.splitlines(keepends=True)
    if lines and lines[0].startswith("Store: "):
        lines = lines[1:]
    return "".join(lines)
