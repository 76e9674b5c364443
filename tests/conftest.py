"""Shared fixtures: real files written to a temporary folder, a fresh embedded store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
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
