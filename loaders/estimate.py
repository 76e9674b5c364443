"""About how many rows a file holds, from its size, before it is read (for a progress bar's total).

A text file (CSV, TSV, JSON written one record per line) is sampled at its start: its size divided
by the bytes per line of the sample. A workbook says how many rows each sheet has. The answer is an
estimate (a quoted field may hold a line break, a JSON array may be on one line): ``None`` where
nothing sensible can be said; a display grows its total when the rows outrun it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from graphfraud.loaders.read import DELIMITED_SUFFIXES

__all__ = ["estimated_rows"]

SAMPLE_BYTES = 1 << 20
TEXT = DELIMITED_SUFFIXES | {".json", ".jsonl", ".ndjson"}
WORKBOOK = {".xlsx", ".xlsm"}


def estimated_rows(path) -> int | None:
    """About how many data rows (records) ``path`` holds; None when it cannot be told cheaply."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT:
            return _text_rows(path, suffix)
        if suffix in WORKBOOK:
            return _sheet_rows(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    return None


def _text_rows(path: Path, suffix: str) -> int | None:
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
    lines = sample.count(b"\n") + (0 if sample.endswith(b"\n") or not sample else 1)
    if suffix == ".json" and lines < 10:   # an array on one line: no telling from the lines
        return None
    if len(sample) >= size:   # the whole file was read: count, less the header (or the array's brackets)
        return max(0, lines - (2 if suffix == ".json" else 1 if suffix in DELIMITED_SUFFIXES else 0))
    return max(1, round(size * lines / len(sample)))


def _sheet_rows(path: Path) -> int | None:
    """The rows the workbook says its sheets have, else an estimate from each sheet's size."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        rows = [ws.max_row for ws in wb.worksheets]
    finally:
        wb.close()
    if any(r is None for r in rows):
        return _sheet_rows_from_size(path)
    return sum(max(0, r - 1) for r in rows)


def _sheet_rows_from_size(path: Path) -> int | None:
    """Each sheet's XML size (as stored in the workbook) divided by the bytes per ``<row`` of its start."""
    total = 0
    with zipfile.ZipFile(path) as z:
        sheets = [i for i in z.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        for info in sheets:
            with z.open(info) as f:
                sample = f.read(SAMPLE_BYTES)
            seen = sample.count(b"<row ") + sample.count(b"<row>")
            if not seen:
                continue
            whole = len(sample) >= info.file_size
            total += max(0, seen - 1) if whole else round(info.file_size * seen / len(sample))
    return total or None
