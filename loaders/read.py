"""Read case files (CSV, XLSX, JSON) as tables of text.

Every cell is read as text — no type guessing, so leading zeros and a holder
named "NA" survive — and Unicode NFC-normalised later by the normalisers.

Row numbers are those a person sees: in CSV and XLSX the header is row 1 (or
the row it was found on) and data rows follow it; in JSON, row N is the N-th
object (1-based). Large CSV files are streamed in chunks, never read whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphfraud.errors import EncodingError, InputError

CHUNK_ROWS = 200_000
HEADER_SCAN_ROWS = 15


@dataclass
class Table:
    """A block of rows from one file (one sheet, one chunk)."""

    path: Path
    sheet: str  # "" for CSV/JSON
    headers: list[str]
    rows: "object"  # pandas.DataFrame of str, columns = positional indexes 0..n-1
    first_row: int  # the user-visible row number of rows.iloc[0]
    ragged: list[tuple[int, str]] = field(default_factory=list)  # (row, reason) for malformed rows


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".json", ".jsonl", ".ndjson"}:
        return "json"
    if suffix in {".csv", ".tsv", ".txt", ""}:
        return "csv"
    if suffix == ".xls":
        raise InputError(f"{path.name}: old .xls workbooks are not read; save it as .xlsx or CSV")
    raise InputError(f"{path.name}: unknown file type {suffix!r}; graphfraud reads CSV, XLSX and JSON")


def detect_encoding(path: Path, sample_size: int = 1 << 20) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM) or cp1258; otherwise refuse."""
    with open(path, "rb") as fh:
        head = fh.read(sample_size)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(head) >= 4 and head[1:4:2] == b"\x00\x00" and head[0:1] != b"\x00":
        return "utf-16-le"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4 and len(head) == sample_size:
            return "utf-8"  # a multi-byte character cut by the sample boundary
    try:
        head.decode("cp1258")
        return "cp1258"
    except UnicodeDecodeError:
        raise EncodingError(
            f"{path.name}: cannot detect the text encoding (not UTF-8, UTF-16 or cp1258); "
            "save the file as UTF-8"
        ) from None


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _cell_text(v) -> str:
    """Text of a spreadsheet/JSON cell. Whole-number floats lose their '.0'; long
    or fractional numbers keep a form the normalisers recognise as mangled."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _frame(rows: list[list[str]], width: int):
    import pandas as pd

    fixed = [r[:width] + [""] * (width - len(r)) if len(r) != width else r for r in rows]
    return pd.DataFrame(fixed, columns=range(width), dtype=object)


def _pick_header(rows: list[list[str]], score) -> int:
    """Index of the header row among the first rows: the one whose cells best map to fields."""
    best, best_i = 0, 0
    for i, r in enumerate(rows[:HEADER_SCAN_ROWS]):
        s = score([c for c in r if c.strip()])
        if s > best:
            best, best_i = s, i
    if best == 0:
        for i, r in enumerate(rows[:HEADER_SCAN_ROWS]):
            if any(c.strip() for c in r):
                return i
    return best_i


def read_tables(path: Path, header_score=None) -> Iterator[Table]:
    """Yield the tables of a file. ``header_score(cells) -> int`` ranks candidate header rows."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    score = header_score or (lambda cells: 0)
    fmt = file_format(path)
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: the file is empty (0 bytes)")
    if fmt == "csv":
        yield from _read_csv(path, score)
    elif fmt == "xlsx":
        yield from _read_xlsx(path, score)
    else:
        yield from _read_json(path)


def _read_csv(path: Path, score) -> Iterator[Table]:
    import pandas as pd

    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    delim = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(sample)
    head_rows = list(csv.reader(io.StringIO(sample), delimiter=delim))[:HEADER_SCAN_ROWS]
    if not head_rows:
        raise InputError(f"{path.name}: no header row found")
    h = _pick_header(head_rows, score)
    headers = [c.strip() for c in head_rows[h]]
    width = len(headers)
    skip = h + 1
    try:
        reader = pd.read_csv(
            path, sep=delim, header=None, skiprows=skip, dtype=str, keep_default_na=False,
            na_filter=False, encoding=encoding, chunksize=CHUNK_ROWS, engine="c",
            skip_blank_lines=True, quoting=csv.QUOTE_MINIMAL, names=range(width),
            on_bad_lines="error",
        )
        # blank lines are skipped by pandas, so row numbers are only exact without them;
        # the fallback reader below counts every line.
        if "\n\n" in sample or "\r\n\r\n" in sample:
            raise ValueError("blank lines")
        row = skip + 1
        for chunk in reader:
            chunk = chunk.astype(object)
            yield Table(path, "", headers, chunk.reset_index(drop=True), row)
            row += len(chunk)
        return
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        pass
    yield from _read_csv_slow(path, encoding, delim, skip, headers)


def _read_csv_slow(path: Path, encoding: str, delim: str, skip: int, headers: list[str]) -> Iterator[Table]:
    """The tolerant reader: counts every line, flags rows with too many fields."""
    width = len(headers)
    buf: list[list[str]] = []
    ragged: list[tuple[int, str]] = []
    first = None
    try:
        with open(path, encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delim)
            for i, rec in enumerate(reader, start=1):
                if i <= skip:
                    continue
                if not any(c.strip() for c in rec):
                    rec = []
                if first is None:
                    first = i
                if len(rec) > width and any(c.strip() for c in rec[width:]):
                    ragged.append((i, f"row has {len(rec)} fields, the header has {width}"))
                buf.append(rec)
                if len(buf) >= CHUNK_ROWS:
                    yield Table(path, "", headers, _frame(buf, width), first, ragged)
                    buf, ragged, first = [], [], None
    except UnicodeDecodeError as exc:
        raise EncodingError(f"{path.name}: invalid {encoding} text near byte {exc.start}") from None
    except csv.Error as exc:
        raise InputError(f"{path.name}: line {reader.line_num}: {exc}") from None
    if buf or first is not None:
        yield Table(path, "", headers, _frame(buf, width), first or skip + 1, ragged)


def _read_xlsx(path: Path, score) -> Iterator[Table]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise InputError(f"{path.name}: not a readable XLSX workbook ({exc.__class__.__name__})") from None
    try:
        for ws in wb.worksheets:
            rows = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            if not rows:
                continue
            h = _pick_header(rows, score)
            headers = [c.strip() for c in rows[h]]
            # merged header cells: an empty header right of a filled one continues it
            for i in range(1, len(headers)):
                if not headers[i] and headers[i - 1] and any(r[i].strip() for r in rows[h + 1:] if i < len(r)):
                    headers[i] = f"{headers[i - 1]} ({i + 1})"
            while headers and not headers[-1]:
                headers.pop()
            width = len(headers)
            data = rows[h + 1:]
            ragged = [
                (h + 2 + j, f"row has {len(r)} cells, the header has {width}")
                for j, r in enumerate(data) if any(c.strip() for c in r[width:])
            ]
            yield Table(path, ws.title, headers, _frame(data, width), h + 2, ragged)
    finally:
        wb.close()


def _read_json(path: Path) -> Iterator[Table]:
    encoding = detect_encoding(path)
    text = path.read_text(encoding=encoding)
    records: list
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        try:  # JSON lines
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise InputError(f"{path.name}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    else:
        if isinstance(doc, list):
            records = doc
        elif isinstance(doc, dict):
            lists = [v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
            if len(lists) != 1:
                raise InputError(f"{path.name}: expected a list of records (or one list inside an object)")
            records = lists[0]
        else:
            raise InputError(f"{path.name}: expected a list of records")
    headers: list[str] = []
    seen = set()
    for r in records:
        if isinstance(r, dict):
            for k in r:
                if k not in seen:
                    seen.add(k)
                    headers.append(str(k))
    ragged = [(i, "record is not an object") for i, r in enumerate(records, 1) if not isinstance(r, dict)]
    rows = [[_cell_text(r.get(h)) if isinstance(r, dict) else "" for h in headers] for r in records]
    yield Table(path, "", headers, _frame(rows, len(headers)), 1, ragged)
