"""The line-counting CSV reader: every line of a file is accounted for.

Each row read keeps the number of the line it starts on; blank rows are skipped. A row is
*rejected* (a reject naming its line, and no cell of it loaded) when the cell a quote opens on
its line does not close within ``MAX_ROW_LINES`` lines or before the end of the file: a stray
quote (``"ck`` in a description) would otherwise swallow every row after it into one cell. The
line after the rejected one is read as the next row, so the rows after a stray quote load, and
the outcome is the same however much text follows the quote.

UTF-8 and cp1258 files are decoded line by line: a line that is valid UTF-8 is read as UTF-8,
any other line as cp1258 (a file whose rows were appended by two programs); a line that is
neither refuses the file, naming the line.
"""

from __future__ import annotations

import collections
import copy
import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

from graphfraud.errors import EncodingError, InputError

MAX_ROW_LINES = 100  # a quoted cell may hold line breaks; a row spanning more lines is a stray quote
MAX_ROW_CHARS = 4 << 20  # nor may the lines of one row hold more text than this
BYTE_ENCODINGS = ("utf-8", "utf-8-sig", "cp1258")  # decoded line by line

# a cell up to MAX_ROW_CHARS is read (the csv module's default refused the file past 128 KiB); a stray
# quote takes in at most that much text before its row is rejected
csv.field_size_limit(max(csv.field_size_limit(), MAX_ROW_CHARS))


def physical_lines(path: Path, encoding: str, block: int = 1 << 20) -> Iterator[str]:
    """The lines of the file, each with its line end (\\n, \\r\\n or a lone \\r), as text; a last line
    without one gets \\n (so that a quoted cell still open at the end of the file shows it)."""
    if encoding not in BYTE_ENCODINGS:
        with open(path, encoding=encoding, newline="") as fh:
            try:
                last = None
                for line in fh:
                    if last is not None:
                        yield last
                    last = line
                if last is not None:
                    yield last if last.endswith(("\n", "\r")) else last + "\n"
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{path.name}: invalid {encoding} text near byte {exc.start}") from None
        return
    n = 0  # lines before the block
    for data in _byte_blocks(path, block):
        if n == 0 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:  # most blocks are UTF-8 whole: split as text, in C
            lines = io.StringIO(data.decode("utf-8"), newline="").readlines()
        except UnicodeDecodeError:
            lines = [_decode(raw, n + i, path) for i, raw in enumerate(data.splitlines(keepends=True), 1)]
        n += len(lines)
        yield from lines


def _byte_blocks(path: Path, block: int) -> Iterator[bytes]:
    """The file in blocks of whole lines (a block ends with a line end, or with the file)."""
    carry = b""
    with open(path, "rb") as fh:
        while True:
            data = fh.read(block)
            if not data:
                break
            data = carry + data
            cut = data.rfind(b"\n") + 1  # a lone \r at the end may be followed by \n: kept for the next block
            if not cut:
                carry = data
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry if carry.endswith(b"\r") else carry + b"\n"


def _decode(raw: bytes, n: int, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError:
        raise EncodingError(f"{path.name}: line {n} is neither UTF-8 nor cp1258 text; save the file as UTF-8") \
            from None


class _Runaway(Exception):
    """A row whose quoted cell does not close."""


_END = "\n"  # a line after the last: a cell still open at the end of the file takes it in


def records(lines: Iterator[str], delim: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line the row starts on, its cells, "") per row; (line, None, reason) for a rejected row.

    The csv module reads the lines; a copy of the line iterator (itertools.tee) stays at the start of
    the row being read, so that a rejected row's later lines can be read again as rows."""
    src = iter(lines)
    before = 0  # lines before src
    while True:
        ahead, behind = itertools.tee(src)
        reader = csv.reader(ahead, delimiter=delim)
        prev = 0
        try:
            for rec in reader:
                num = reader.line_num
                if num - prev == 1 and not (rec and rec[-1].endswith(("\n", "\r"))):
                    next(behind)
                else:  # a row over several lines (or one that ends in a line break: at the end of the file,
                    # in a quoted cell): its quoted cells must close, within MAX_ROW_LINES
                    _check_closed(list(itertools.islice(copy.copy(behind), num - prev)), delim)
                    collections.deque(itertools.islice(behind, num - prev), maxlen=0)
                yield before + prev + 1, rec, ""
                prev = num
            return
        except _Runaway as exc:
            reason = f"unbalanced quote: the cell a quote opens on this line {exc}; the row is not loaded"
        except csv.Error as exc:
            reason = (f"a cell longer than {MAX_ROW_CHARS:,} characters (a quote opened on this line and left "
                      "open?); the row is not loaded" if "field larger" in str(exc)
                      else f"not readable as CSV ({exc}); the row is not loaded")
        next(behind, None)  # the rejected row's first line; the lines after it are read again
        before += prev + 1
        src = behind
        yield before, None, reason


def _check_closed(held: list[str], delim: str) -> None:
    if len(held) > MAX_ROW_LINES:
        raise _Runaway(f"does not close within {MAX_ROW_LINES} lines")
    if sum(map(len, held)) > MAX_ROW_CHARS:
        raise _Runaway(f"does not close within {MAX_ROW_CHARS:,} characters")
    reader = csv.reader(iter([*held, _END]), delimiter=delim)
    next(reader)
    if reader.line_num > len(held):  # the line after took part: the file ended inside the cell
        raise _Runaway("does not close before the end of the file")


def read_tolerant(path: Path, encoding: str, delim: str, skip: int, headers: list[str],
                  done_lines: int = 0, chunk_rows: int = 200_000) -> Iterator:
    """The tables of a CSV whose first ``skip`` rows (blank ones included) are the header and the rows
    above it; the rows up to line ``done_lines`` were read already (by the fast reader)."""
    from graphfraud.loaders.read import Table, _frame

    width = len(headers)
    buf: list[list[str]] = []
    nums: list[int] = []
    ragged: list[tuple[int, str]] = []
    yielded = 0
    for i, (start, rec, reason) in enumerate(records(physical_lines(path, encoding), delim)):
        if i < skip or start <= done_lines:
            continue
        if rec is None:
            ragged.append((start, reason))
            rec = []
        elif not "".join(rec).strip():  # every cell blank
            continue
        elif len(rec) > width and any(c.strip() for c in rec[width:]):
            ragged.append((start, f"row has {len(rec)} fields, the header has {width}"))
        buf.append(rec)
        nums.append(start)
        if len(buf) >= chunk_rows:
            yield Table(path, "", headers, _frame(buf, width), nums[0], ragged, rownums=nums)
            yielded += len(buf)
            buf, nums, ragged = [], [], []
    if buf:
        yield Table(path, "", headers, _frame(buf, width), nums[0], ragged, rownums=nums)
    elif not yielded and not done_lines:
        raise InputError(f"{path.name}: no rows below the header (line {skip})")


def head_text(path: Path, encoding: str, size: int = 64 * 1024) -> str:
    """The first lines of the file (about ``size`` characters), decoded as the reader decodes them."""
    parts: list[str] = []
    total = 0
    for line in physical_lines(path, encoding):
        parts.append(line)
        total += len(line)
        if total >= size:
            break
    return "".join(parts)
