"""Read case files (CSV, XLSX, old XLS, JSON) as tables of text.

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
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphfraud.loaders.read_csv import head_text, physical_lines, read_tolerant, records
from graphfraud.loaders.read_xls import read_xls
from graphfraud.loaders.read_xlsx import read_xlsx

from graphfraud.config import DEFAULT_CHUNK_ROWS
from graphfraud.errors import EncodingError, InputError

DELIMITED_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".asc"})  # text read as delimited rows
CHUNK_ROWS = DEFAULT_CHUNK_ROWS  # rows per streamed chunk when the caller names none (Config.chunk_rows)
HEADER_SCAN_ROWS = 30  # a bank statement may carry twenty lines of title block above its table
SPARE_COLUMNS = 4  # extra columns read to notice rows longer than the header


@dataclass
class Table:
    """A block of rows from one file (one sheet, one chunk)."""

    path: Path
    sheet: str  # "" for CSV/JSON
    headers: list[str]
    rows: object  # pandas.DataFrame of str, columns = positional indexes 0..n-1
    first_row: int  # the user-visible row number of rows.iloc[0]
    ragged: list[tuple[int, str]] = field(default_factory=list)  # (row, reason) for malformed rows
    rownums: list[int] | None = None  # row numbers when not contiguous from first_row
    # (row, column index or None, value, reason) for single cells that cannot be read (an XLSX formula
    # without a saved value): a reject each, the rest of the row still loads
    cell_rejects: list[tuple[int, int | None, str, str]] = field(default_factory=list)
    # (row number, cells) of the non-blank rows above the header: a statement's title block
    # ("Số tài khoản: 0071001234567") names the account its rows belong to
    preamble: list[tuple[int, list[str]]] = field(default_factory=list)
    # (row, column index, as stored, as read) of the date cells a spreadsheet had turned round
    # (see graphfraud.loaders.turned_dates)
    turned_dates: list[tuple[int, int, str, str]] = field(default_factory=list)

    def row_number(self, i: int) -> int:
        return self.rownums[i] if self.rownums is not None else self.first_row + i


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
    if suffix in DELIMITED_SUFFIXES or suffix == "":
        return "csv"
    if suffix == ".xls":
        return "xls"
    raise InputError(f"{path.name}: unknown file type {suffix!r}; graphfraud reads CSV, XLSX, XLS and JSON")


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
        pass
    lines = head.splitlines()
    if len(lines) > 1:  # UTF-8 rows and cp1258 rows, or a line of neither
        for n, line in enumerate(lines[:-1] if len(head) == sample_size else lines, 1):
            if not _utf8(line) and not _cp1258(line):
                raise EncodingError(f"{path.name}: line {n} is neither UTF-8 nor cp1258 text; "
                                    "save the file as UTF-8")
        return "cp1258"  # read line by line: UTF-8 lines as UTF-8, the others as cp1258
    raise EncodingError(f"{path.name}: cannot detect the text encoding (not UTF-8, UTF-16 or cp1258); "
                        "save the file as UTF-8")


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _cp1258(line: bytes) -> bool:
    try:
        line.decode("cp1258")
        return True
    except UnicodeDecodeError:
        return False


_DELIMITERS = ",;\t|"


def _sniff_delimiter(sample: str) -> str:
    r"""The CSV delimiter of ``sample``. The sniffer can pick one that only occurs inside a data cell
    (a header ``a;b;c`` above a row ``,;``): when its pick is not in the first non-blank line and
    another delimiter splits that line into three fields or more, the one that line holds most is
    taken (a title line with one comma, above a table written with ``;``, changes nothing).

    >>> _sniff_delimiter("Tài khoản ghi nợ;Tài khoản ghi có;Số tiền\n,;\n")
    ';'
    """
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = ","
    first = next((line for line in sample.splitlines() if line.strip()), "")
    if found not in first:
        best = max(_DELIMITERS, key=lambda c: (first.count(c), -_DELIMITERS.index(c)))
        if first.count(best) >= 2:
            return best
    return found


def _cell_text(v) -> str:
    """Text of a spreadsheet/JSON cell. Whole-number floats lose their '.0'; long
    or fractional numbers keep a form the normalisers recognise as mangled."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        # a spreadsheet keeps 15 significant digits: a longer number cell has lost digits
        return str(v) if abs(v) < 10**15 else repr(float(v))
    if isinstance(v, float):
        if math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _header(cell: str) -> str:
    return unicodedata.normalize("NFC", cell).strip()


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


def read_tables(path: Path, header_score=None, chunk_rows: int | None = None) -> Iterator[Table]:
    """Yield the tables of a file. ``header_score(cells) -> int`` ranks candidate header rows; a CSV
    file comes in tables of at most ``chunk_rows`` rows (default :data:`CHUNK_ROWS`)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    score = header_score or (lambda cells: 0)
    fmt = file_format(path)
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: the file is empty (0 bytes)")
    if fmt == "csv":
        yield from _read_csv(path, score, chunk_rows or CHUNK_ROWS)
    elif fmt == "xlsx":
        yield from read_xlsx(path, score)
    elif fmt == "xls":
        yield from read_xls(path, score)
    else:
        yield from _read_json(path)


def _read_csv(path: Path, score, chunk_rows: int) -> Iterator[Table]:
    encoding = detect_encoding(path)
    sample = head_text(path, encoding)
    delim = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(sample)
    head = list(itertools.islice(records(io.StringIO(sample, newline=""), delim), HEADER_SCAN_ROWS))
    head_rows = [rec if rec is not None else [] for _, rec, _ in head]
    if not head_rows:
        raise InputError(f"{path.name}: no header row found")
    h = _pick_header(head_rows, score)
    preamble = [(line, [_header(c) for c in rec]) for line, rec, _ in head[:h] if rec and any(c.strip() for c in rec)]
    two = two_row_header(head_rows, h, score)
    headers = [_header(c) for c in (two or head_rows[h])]
    for table in _csv_tables(path, encoding, delim, head_rows, headers, h + (2 if two else 1), chunk_rows):
        table.preamble = preamble
        yield table


def two_row_header(rows: list[list[str]], h: int, score) -> list[str] | None:
    """The header made of rows ``h`` and ``h + 1`` when the second names the columns under the first's
    merged cells (``Tài khoản`` over ``Chuyển`` | ``Nhận`` gives ``Tài khoản Chuyển``, ``Tài khoản Nhận``);
    None when row ``h`` alone is the header. The second row must sit under a blank (merged) cell the
    first row writes (not past its last cell), hold no number, and the pair must name more fields
    than the first row alone."""
    if h + 1 >= len(rows):
        return None
    top, sub = list(rows[h]), list(rows[h + 1])
    written = len(top)   # a merged cell is written as empty cells; a shorter first row has none past its end
    width = max(len(top), len(sub))
    top, sub = top + [""] * (width - len(top)), sub + [""] * (width - len(sub))
    merged = any(not t.strip() and u.strip() for t, u in zip(top[:written], sub))
    if not merged or any(sum(ch.isdigit() for ch in u) >= 4 or len(u.split()) > 4 for u in sub):
        return None
    filled, last = [], ""
    for t, u in zip(top, sub):
        last = t.strip() or (last if u.strip() else "")
        filled.append(f"{last} {u.strip()}".strip())
    return filled if score([c for c in filled if c]) > score([c for c in top if c.strip()]) else None


def _csv_tables(path: Path, encoding: str, delim: str, head_rows: list[list[str]], headers: list[str],
                skip: int, chunk_rows: int) -> Iterator[Table]:
    import pandas as pd

    width = len(headers)
    done = 0
    try:
        # the fast reader numbers rows by counting from the header, one line each: a blank line (pandas
        # skips it) or a line break inside a quoted cell would shift every row number after it. A cp1258
        # file may have UTF-8 lines too: only the line-counting reader decodes line by line
        if encoding == "cp1258" or any(_breaks_line(c) for r in head_rows[:skip] for c in r) \
                or _has_blank_line(path, encoding):
            raise ValueError("blank lines: only the line-counting reader keeps row numbers exact")
        reader = pd.read_csv(
            path, sep=delim, header=None, skiprows=skip, dtype=str, keep_default_na=False,
            na_filter=False, encoding=encoding, chunksize=chunk_rows, engine="c",
            skip_blank_lines=True, quoting=csv.QUOTE_MINIMAL, names=range(width + SPARE_COLUMNS),
            on_bad_lines="error", index_col=False,
        )
        yielded = 0
        for chunk in _chunks(reader):
            if not len(chunk):
                continue
            if (chunk.iloc[:, width:] != "").to_numpy().any():
                raise ValueError("a row has more fields than the header")
            chunk = chunk.iloc[:, :width].astype(object).reset_index(drop=True)
            if any(_breaks_line("\x00".join(chunk[c].tolist())) for c in chunk.columns):
                raise ValueError("a quoted cell holds a line break: rows span several lines")
            table = _without_blank_rows(Table(path, "", headers, chunk, skip + 1 + done))
            done += len(chunk)
            if len(table.rows):
                yielded += len(table.rows)
                yield table
        if not yielded:  # as the line-counting reader: rows whose cells are all blank are no rows
            raise InputError(f"{path.name}: no rows below the header (line {skip})")
        return
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, UnicodeDecodeError):
        pass  # ragged rows, blank lines or a bad byte: continue with the tolerant reader
    yield from read_tolerant(path, encoding, delim, skip, headers, skip + done if done else 0, chunk_rows)


def _without_blank_rows(table: Table) -> Table:
    """The table without its rows whose cells are all blank (``,,,``), the others keeping their numbers:
    the line-counting reader skips such rows too, so both count the same rows whatever the chunking."""
    import numpy as np

    df = table.rows
    if not len(df.columns):
        return table
    maybe = df[0].str.strip() == ""
    if not maybe.any():
        return table
    blank = maybe.to_numpy().copy()
    for c in df.columns[1:]:
        idx = np.flatnonzero(blank)
        if not len(idx):
            return table
        blank[idx] = (df[c].iloc[idx].str.strip() == "").to_numpy()
    if not blank.any():
        return table
    keep = ~blank
    nums = (np.arange(len(df)) + table.first_row)[keep].tolist()
    rows = df[keep].reset_index(drop=True)
    return Table(table.path, table.sheet, table.headers, rows, nums[0] if nums else table.first_row,
                 table.ragged, rownums=nums)


def _breaks_line(text: str) -> bool:
    return "\n" in text or "\r" in text


# an empty or blank line after a \n (or \r\n), or after a lone \r (old Mac line ends); two patterns
# that each start with one literal character scan far faster than one alternation
_BLANK_LINE = (re.compile(r"\n[ \t]*[\r\n]"), re.compile(r"\r[ \t]*\r|\r[ \t]+\n"))
_BLANK_LINE_BYTES = tuple(re.compile(p.pattern.encode()) for p in _BLANK_LINE)


def _has_blank_line(path: Path, encoding: str, block: int = 1 << 20) -> bool:
    """Whether a line of the file is empty or only spaces and tabs (read in blocks, never whole).
    Encodings that write line ends and spaces as single ASCII bytes are scanned as bytes."""
    ascii_ends = encoding in ("utf-8", "utf-8-sig", "cp1258")
    patterns, nl, cr, ws = ((_BLANK_LINE_BYTES, b"\n", b"\r", b" \t\r\n") if ascii_ends
                            else (_BLANK_LINE, "\n", "\r", " \t\r\n"))
    tail = nl  # a blank first line counts too
    with (open(path, "rb") if ascii_ends else open(path, encoding=encoding, newline="")) as fh:
        while True:
            text = fh.read(block)
            if not text:
                return False
            text = tail + text
            if patterns[0].search(text) or (cr in text and patterns[1].search(text)):
                return True
            i = max(text.rfind(nl), text.rfind(cr))
            rest = text[i:] if i >= 0 else text
            tail = rest if not rest.strip(ws) else text[:0]  # a blank line may continue in the next block


def _chunks(reader):
    """The chunks of a pandas reader, a ParserWarning raised as an error: pandas warns, and drops the
    extra fields, when a first row has more fields than the names it was given (index_col=False)."""
    import warnings

    import pandas as pd

    it = iter(reader)
    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            chunk = next(it, None)
        if chunk is None:
            return
        yield chunk


def _read_json(path: Path) -> Iterator[Table]:
    try:
        yield _json_table(path)
    except RecursionError:
        raise InputError(f"{path.name}: JSON nested too deep to read (lists or objects inside one another "
                         "thousands of times); graphfraud reads a list of records") from None


def _json_table(path: Path) -> Table:
    encoding = detect_encoding(path)
    text = "".join(physical_lines(path, encoding))  # UTF-8 and cp1258 lines each decoded as written
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
    records = [_flat(r) if isinstance(r, dict) else r for r in records]
    headers: list[str] = []
    keys: list = []
    seen = set()
    for r in records:
        if isinstance(r, dict):
            for k in r:
                if k not in seen:
                    seen.add(k)
                    keys.append(k)
                    headers.append(_header(str(k)))
    ragged = [(i, "record is not an object") for i, r in enumerate(records, 1) if not isinstance(r, dict)]
    rows = [[_cell_text(r.get(k)) if isinstance(r, dict) else "" for k in keys] for r in records]
    return Table(path, "", headers, _frame(rows, len(headers)), 1, ragged)


FLAT_DEPTH = 6  # objects nested deeper are kept as one cell of JSON text


def _flat(record: dict, prefix: str = "", depth: int = 0) -> dict:
    """A record with its nested objects spread into dotted columns, as an API's log writes them:
    ``{"session": {"ip": …, "device": {"id": …}}}`` → ``session.ip``, ``session.device.id`` (headers
    read by their words, so ``session.ip`` is the IP). Lists stay one cell of JSON text.

    >>> _flat({"account": {"number": "0071", "bank": "VCB"}, "ip": "1.2.3.4"})
    {'account.number': '0071', 'account.bank': 'VCB', 'ip': '1.2.3.4'}
    """
    out: dict = {}
    for k, v in record.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v and depth < FLAT_DEPTH:
            out.update(_flat(v, key + ".", depth + 1))
        else:
            out[key] = v
    return out
